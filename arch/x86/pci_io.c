/*
 * pcbios device access: PCI configuration mechanism #1 (address port 0xCF8,
 * data port 0xCFC), port I/O, and device and DMA addresses, which in our
 * flat 32-bit segments are physical addresses offset by virt_offset.
 */
#include <wireboot/pci.h>
#include <wireboot/io.h>
#include <x86/io.h>

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA 0xcfc
#define PCI_CONFIG_ENABLE 0x80000000U

/* Buses mechanism #1 reaches. */
#define PCI_MAX_BUSES 256

/* Select the dword holding WHERE of PCI's configuration space. */
static void pci_select(const struct pci_device *pci, unsigned int where)
{
	outl(PCI_CONFIG_ENABLE | ((uint32_t)pci->busdevfn << 8) |
	     (where & 0xfc), PCI_CONFIG_ADDRESS);
}

/* Mechanism #1 is there when the address register keeps what is written. */
unsigned int pci_bus_count(void)
{
	uint32_t saved = inl(PCI_CONFIG_ADDRESS);
	uint32_t seen;

	outl(PCI_CONFIG_ENABLE, PCI_CONFIG_ADDRESS);
	seen = inl(PCI_CONFIG_ADDRESS);
	outl(saved, PCI_CONFIG_ADDRESS);
	return seen == PCI_CONFIG_ENABLE ? PCI_MAX_BUSES : 0;
}

int pci_read_config_byte(const struct pci_device *pci, unsigned int where,
			 uint8_t *value)
{
	pci_select(pci, where);
	*value = inb((uint16_t)(PCI_CONFIG_DATA + (where & 3)));
	return 0;
}

int pci_read_config_word(const struct pci_device *pci, unsigned int where,
			 uint16_t *value)
{
	pci_select(pci, where);
	*value = inw((uint16_t)(PCI_CONFIG_DATA + (where & 2)));
	return 0;
}

int pci_read_config_dword(const struct pci_device *pci, unsigned int where,
			  uint32_t *value)
{
	pci_select(pci, where);
	*value = inl(PCI_CONFIG_DATA);
	return 0;
}

int pci_write_config_byte(const struct pci_device *pci, unsigned int where,
			  uint8_t value)
{
	pci_select(pci, where);
	outb(value, (uint16_t)(PCI_CONFIG_DATA + (where & 3)));
	return 0;
}

int pci_write_config_word(const struct pci_device *pci, unsigned int where,
			  uint16_t value)
{
	pci_select(pci, where);
	outw(value, (uint16_t)(PCI_CONFIG_DATA + (where & 2)));
	return 0;
}

int pci_write_config_dword(const struct pci_device *pci, unsigned int where,
			   uint32_t value)
{
	pci_select(pci, where);
	outl(value, PCI_CONFIG_DATA);
	return 0;
}

uint8_t pio_in8(uint16_t port)
{
	return inb(port);
}

uint16_t pio_in16(uint16_t port)
{
	return inw(port);
}

uint32_t pio_in32(uint16_t port)
{
	return inl(port);
}

void pio_out8(uint16_t port, uint8_t value)
{
	outb(value, port);
}

void pio_out16(uint16_t port, uint16_t value)
{
	outw(value, port);
}

void pio_out32(uint16_t port, uint32_t value)
{
	outl(value, port);
}

/* Flat 32-bit segments reach every address below 4 GiB: nothing to map. */
void *mmio_map(physaddr_t bus, size_t len)
{
	return phys_to_virt(bus);
}

void mmio_unmap(void *virt)
{
}

physaddr_t dma_address(const volatile void *virt)
{
	return virt_to_phys(virt);
}
