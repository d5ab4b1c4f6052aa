/*
 * PCI core: finding functions, reading their identity, sizing BARs (I/O,
 * 32- and 64-bit memory), enabling decoding and bus mastering, and walking
 * the capability list.  Configuration space itself is the platform's
 * (<wireboot/pci.h>).
 */
#include <stdio.h>
#include <wireboot/pci.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_PCI

/* Functions per bus. */
#define PCI_FUNCS_PER_BUS 256

/* Longest capability list walked (guards against a looping list). */
#define PCI_MAX_CAPS 48

int pci_read_identity(struct pci_device *pci)
{
	uint32_t id;
	uint32_t class_rev;
	uint8_t irq;
	int rc;

	if ((rc = pci_read_config_dword(pci, PCI_VENDOR_ID, &id)) != 0)
		return rc;
	if ((id & 0xffff) == 0xffff || (id & 0xffff) == 0)
		return ERR(ENODEV);
	if ((rc = pci_read_config_dword(pci, PCI_REVISION, &class_rev)) != 0 ||
	    (rc = pci_read_config_byte(pci, PCI_INTERRUPT_LINE, &irq)) != 0)
		return rc;
	pci->vendor = (uint16_t)id;
	pci->device = (uint16_t)(id >> 16);
	pci->revision = (uint8_t)class_rev;
	pci->class = class_rev >> 8;
	pci->irq = irq;
	return 0;
}

/* Does function 0 of the slot holding BUSDEVFN have more than one function? */
static bool pci_is_multifunction(unsigned int busdevfn)
{
	struct pci_device slot = { .busdevfn = (uint16_t)(busdevfn & ~7U) };
	uint8_t type;

	if (pci_read_config_byte(&slot, PCI_HEADER_TYPE, &type) != 0)
		return false;
	return (type & PCI_HEADER_MULTI) != 0;
}

int pci_find_next(struct pci_device *pci, int *busdevfn)
{
	unsigned int end = pci_bus_count() * PCI_FUNCS_PER_BUS;
	unsigned int bdf;

	for (bdf = (unsigned int)(*busdevfn + 1); bdf < end; bdf++) {
		if (PCI_FUNC(bdf) != 0 && !pci_is_multifunction(bdf)) {
			bdf |= 7;
			continue;
		}
		pci->busdevfn = (uint16_t)bdf;
		if (pci_read_identity(pci) != 0) {
			/* No function 0 means no device in the slot. */
			if (PCI_FUNC(bdf) == 0)
				bdf |= 7;
			continue;
		}
		*busdevfn = (int)bdf;
		return 0;
	}
	*busdevfn = (int)end;
	return ERR(ENODEV);
}

uint64_t pci_bar_start(const struct pci_device *pci, unsigned int reg,
		       bool *is_io)
{
	uint32_t low;
	uint32_t high = 0;

	if (pci_read_config_dword(pci, reg, &low) != 0)
		return 0;
	if (is_io)
		*is_io = (low & PCI_BAR_IO) != 0;
	if (low & PCI_BAR_IO)
		return low & ~0x3U;
	if ((low & 0x6) == PCI_BAR_MEM_64 && reg < PCI_BAR_5 &&
	    pci_read_config_dword(pci, reg + 4, &high) != 0)
		return 0;
	return ((uint64_t)high << 32) | (low & ~0xfU);
}

/* Probe the writable bits of the dword at REG with decoding turned off. */
static uint32_t pci_probe_dword(const struct pci_device *pci, unsigned int reg)
{
	uint32_t saved;
	uint32_t mask;

	pci_read_config_dword(pci, reg, &saved);
	pci_write_config_dword(pci, reg, 0xffffffff);
	pci_read_config_dword(pci, reg, &mask);
	pci_write_config_dword(pci, reg, saved);
	return mask;
}

uint64_t pci_bar_size(const struct pci_device *pci, unsigned int reg)
{
	uint16_t command;
	uint32_t low;
	uint32_t mask;
	uint32_t high = 0;

	if (pci_read_config_dword(pci, reg, &low) != 0)
		return 0;
	pci_read_config_word(pci, PCI_COMMAND, &command);
	pci_write_config_word(pci, PCI_COMMAND, (uint16_t)(command &
			      ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY)));
	mask = pci_probe_dword(pci, reg) &
	       ((low & PCI_BAR_IO) ? ~0x3U : ~0xfU);
	if ((low & (PCI_BAR_IO | 0x6)) == PCI_BAR_MEM_64 && reg < PCI_BAR_5) {
		high = pci_probe_dword(pci, reg + 4);
	} else if (mask) {
		/* Above a 32-bit BAR every bit counts as writable. */
		high = 0xffffffff;
		/* Upper bits of a 16-bit I/O decoder may read as zero. */
		if (low & PCI_BAR_IO)
			mask |= 0xffff0000U;
	}
	pci_write_config_word(pci, PCI_COMMAND, command);
	/* No writable address bits: the BAR is not implemented. */
	if (!mask && !high)
		return 0;
	return ~(((uint64_t)high << 32) | mask) + 1;
}

void pci_enable_device(const struct pci_device *pci)
{
	uint16_t command;

	pci_read_config_word(pci, PCI_COMMAND, &command);
	command |= PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	pci_write_config_word(pci, PCI_COMMAND, command);
}

void pci_clear_bus_master(const struct pci_device *pci)
{
	uint16_t command;

	pci_read_config_word(pci, PCI_COMMAND, &command);
	pci_write_config_word(pci, PCI_COMMAND,
			      (uint16_t)(command & ~PCI_COMMAND_MASTER));
}

unsigned int pci_find_next_cap(const struct pci_device *pci, unsigned int pos,
			       uint8_t cap)
{
	uint8_t next;
	uint8_t id;
	int i;

	if (pci_read_config_byte(pci, pos + 1, &next) != 0)
		return 0;
	for (i = 0; i < PCI_MAX_CAPS && next >= 0x40; i++) {
		pos = next & ~3U;
		if (pci_read_config_byte(pci, pos, &id) != 0 ||
		    pci_read_config_byte(pci, pos + 1, &next) != 0)
			return 0;
		if (id == 0xff)
			return 0;
		if (id == cap)
			return pos;
	}
	return 0;
}

unsigned int pci_find_capability(const struct pci_device *pci, uint8_t cap)
{
	uint16_t status;

	if (pci_read_config_word(pci, PCI_STATUS, &status) != 0 ||
	    !(status & PCI_STATUS_CAP_LIST))
		return 0;
	/* The pointer at 0x34 plays the part of a "next" field at 0x35 - 1. */
	return pci_find_next_cap(pci, PCI_CAP_PTR - 1, cap);
}

void pci_location(const struct pci_device *pci, char *buf, size_t size)
{
	snprintf(buf, size, "PCI%02x:%02x.%x", PCI_BUS(pci->busdevfn),
		 PCI_SLOT(pci->busdevfn), PCI_FUNC(pci->busdevfn));
}
