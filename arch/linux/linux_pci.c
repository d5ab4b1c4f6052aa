/*
 * The hosted build's view of PCI and device access: a process has no PCI
 * bus, no I/O ports, no device memory and no bus addresses.  pci_bus_count()
 * says so, so the PCI core finds nothing and no driver ever reaches device
 * access; were one to try, the process stops with a message instead of
 * pretending.
 */
#include <stdio.h>
#include <wireboot/pci.h>
#include <wireboot/io.h>
#include <wireboot/errors.h>
#include "host.h"

#define ERR_SUBSYS ESUB_LINUX

/* Exit status when code tries to reach hardware a process does not have. */
#define LINUX_NO_DEVICE_STATUS 70

/* Stop: WHAT needs hardware this process does not have. */
static void __noreturn linux_no_device(const char *what)
{
	printf("wireboot: %s: a process has no device access\n", what);
	host_exit(LINUX_NO_DEVICE_STATUS);
}

unsigned int pci_bus_count(void)
{
	return 0;
}

int pci_read_config_byte(const struct pci_device *pci, unsigned int where,
			 uint8_t *value)
{
	*value = 0xff;
	return ERR(ENODEV);
}

int pci_read_config_word(const struct pci_device *pci, unsigned int where,
			 uint16_t *value)
{
	*value = 0xffff;
	return ERR(ENODEV);
}

int pci_read_config_dword(const struct pci_device *pci, unsigned int where,
			  uint32_t *value)
{
	*value = 0xffffffff;
	return ERR(ENODEV);
}

int pci_write_config_byte(const struct pci_device *pci, unsigned int where,
			  uint8_t value)
{
	return ERR(ENODEV);
}

int pci_write_config_word(const struct pci_device *pci, unsigned int where,
			  uint16_t value)
{
	return ERR(ENODEV);
}

int pci_write_config_dword(const struct pci_device *pci, unsigned int where,
			   uint32_t value)
{
	return ERR(ENODEV);
}

uint8_t pio_in8(uint16_t port)
{
	linux_no_device("port I/O");
}

uint16_t pio_in16(uint16_t port)
{
	linux_no_device("port I/O");
}

uint32_t pio_in32(uint16_t port)
{
	linux_no_device("port I/O");
}

void pio_out8(uint16_t port, uint8_t value)
{
	linux_no_device("port I/O");
}

void pio_out16(uint16_t port, uint16_t value)
{
	linux_no_device("port I/O");
}

void pio_out32(uint16_t port, uint32_t value)
{
	linux_no_device("port I/O");
}

void *mmio_map(physaddr_t bus, size_t len)
{
	linux_no_device("device memory");
}

void mmio_unmap(void *virt)
{
	linux_no_device("device memory");
}

physaddr_t dma_address(const volatile void *virt)
{
	linux_no_device("DMA");
}
