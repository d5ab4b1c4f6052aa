/*
 * PCI: configuration space, BARs, capabilities and drivers.
 *
 * A device is named by its bus:device.function (busdevfn = bus << 8 |
 * device << 3 | function, segment 0).  Configuration space is reached
 * through functions the platform implements (pcbios: mechanism #1 with
 * ports 0xCF8/0xCFC in arch/x86/pci_io.c; the hosted build has no bus, so
 * pci_bus_count() is 0 there).
 *
 * Drivers register in the pci_drivers table with the vendor:device IDs
 * they handle:
 *
 *   static struct pci_device_id e1000_ids[] = {
 *       PCI_ID(0x8086, 0x100e, "82540em", "Intel 82540EM"),
 *   };
 *   struct pci_driver e1000_driver __pci_driver = {
 *       .name = "e1000", .ids = e1000_ids, .id_count = ARRAY_SIZE(e1000_ids),
 *       .probe = e1000_probe, .remove = e1000_remove,
 *   };
 *
 * At start-up every device found is offered to the drivers (the first
 * whose table has its IDs gets it); at shutdown each driver's remove stops
 * its device, so no DMA continues once an OS or another loader runs.
 */
#ifndef WIREBOOT_PCI_H
#define WIREBOOT_PCI_H

#include <wireboot/compiler.h>
#include <wireboot/list.h>
#include <wireboot/tables.h>
#include <wireboot/io.h>

/* Configuration space registers (type 0 header). */
#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_COMMAND_IO 0x0001
#define PCI_COMMAND_MEMORY 0x0002
#define PCI_COMMAND_MASTER 0x0004
#define PCI_STATUS 0x06
#define PCI_STATUS_CAP_LIST 0x0010
#define PCI_REVISION 0x08
#define PCI_CLASS_PROG 0x09	/* class code: prog-if, subclass, class (3 bytes) */
#define PCI_HEADER_TYPE 0x0e
#define PCI_HEADER_MULTI 0x80
#define PCI_BAR_0 0x10
#define PCI_BAR_5 0x24
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID 0x2e
#define PCI_CAP_PTR 0x34
#define PCI_INTERRUPT_LINE 0x3c

/* BAR layout. */
#define PCI_BAR_IO 0x1
#define PCI_BAR_MEM_64 0x4
#define PCI_BAR_PREFETCH 0x8

/* Capability IDs. */
#define PCI_CAP_ID_PM 0x01
#define PCI_CAP_ID_MSI 0x05
#define PCI_CAP_ID_VNDR 0x09
#define PCI_CAP_ID_EXP 0x10
#define PCI_CAP_ID_MSIX 0x11

/* Build and take apart a bus:device.function. */
#define PCI_BUSDEVFN(bus, dev, fn) (((bus) << 8) | ((dev) << 3) | (fn))
#define PCI_BUS(busdevfn) (((busdevfn) >> 8) & 0xff)
#define PCI_SLOT(busdevfn) (((busdevfn) >> 3) & 0x1f)
#define PCI_FUNC(busdevfn) ((busdevfn) & 0x7)

/* Vendor:device IDs a driver handles, with a short and a long chip name. */
struct pci_device_id {
	uint16_t vendor;
	uint16_t device;
	const char *name;
	const char *description;
};

#define PCI_ID(v, d, n, desc) \
	{ .vendor = (v), .device = (d), .name = (n), .description = (desc) }

struct pci_driver;
struct setting_type;

struct pci_device {
	/* In the list of devices found at start-up (pci_devices). */
	struct list_head list;
	uint16_t busdevfn;
	uint16_t vendor;
	uint16_t device;
	/* Class code: class << 16 | subclass << 8 | prog-if. */
	uint32_t class;
	uint8_t revision;
	uint8_t irq;
	/* The driver bound to the device (NULL if none) and what it matched. */
	const struct pci_driver *driver;
	const struct pci_device_id *id;
	/* The driver's data. */
	void *priv;
};

struct pci_driver {
	const char *name;
	const struct pci_device_id *ids;
	unsigned int id_count;
	/* Take the device (PCI->id says which entry matched); 0 or an error. */
	int (*probe)(struct pci_device *pci);
	/* Stop the device (no more DMA) and release it. */
	void (*remove)(struct pci_device *pci);
};
DECLARE_TABLE(pci_drivers, struct pci_driver);
#define __pci_driver __table_entry(pci_drivers, struct pci_driver)

/* Devices found at start-up, in bus order. */
extern struct list_head pci_devices;

#define for_each_pci_device(pci) \
	list_for_each_entry(pci, &pci_devices, list)

/*
 * Platform: how many buses configuration space reaches (0 when there is
 * no PCI), and configuration access.  Each access returns 0 or an error;
 * a read from a function that does not exist gives all ones.
 */
unsigned int pci_bus_count(void);
int pci_read_config_byte(const struct pci_device *pci, unsigned int where,
			 uint8_t *value);
int pci_read_config_word(const struct pci_device *pci, unsigned int where,
			 uint16_t *value);
int pci_read_config_dword(const struct pci_device *pci, unsigned int where,
			  uint32_t *value);
int pci_write_config_byte(const struct pci_device *pci, unsigned int where,
			  uint8_t value);
int pci_write_config_word(const struct pci_device *pci, unsigned int where,
			  uint16_t value);
int pci_write_config_dword(const struct pci_device *pci, unsigned int where,
			   uint32_t value);

/*
 * Read the identity of the function at PCI->busdevfn into PCI.  0, or
 * ERR(ENODEV) when nothing answers there.
 */
int pci_read_identity(struct pci_device *pci);

/*
 * Find the next function after *BUSDEVFN (start from -1 for the first),
 * filling PCI; 0, or ERR(ENODEV) when there is none.
 */
int pci_find_next(struct pci_device *pci, int *busdevfn);

/*
 * Bus address of BAR REG (PCI_BAR_0 ... PCI_BAR_5), 64-bit BARs included;
 * 0 when the BAR is unused.  *IS_IO (may be NULL) says whether it is I/O.
 */
uint64_t pci_bar_start(const struct pci_device *pci, unsigned int reg,
		       bool *is_io);

/*
 * Size in bytes of BAR REG (0 when unused), found by the all-ones probe
 * with decoding turned off meanwhile.  REG must not be the upper half of a
 * 64-bit BAR.
 */
uint64_t pci_bar_size(const struct pci_device *pci, unsigned int reg);

/* Turn on I/O and memory decoding and bus mastering. */
void pci_enable_device(const struct pci_device *pci);

/* Stop the device from starting any DMA. */
void pci_clear_bus_master(const struct pci_device *pci);

/*
 * Offset of the first capability with ID CAP (0 if none); pci_find_next_cap
 * continues after the capability at offset POS.
 */
unsigned int pci_find_capability(const struct pci_device *pci, uint8_t cap);
unsigned int pci_find_next_cap(const struct pci_device *pci, unsigned int pos,
			       uint8_t cap);

/* The "busdevfn" setting type: a uint16 shown as "00:03.0". */
extern const struct setting_type setting_type_busdevfn;

/* "PCI00:03.0" into BUF (at least 11 bytes). */
void pci_location(const struct pci_device *pci, char *buf, size_t size);

#endif
