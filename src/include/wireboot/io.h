/*
 * Device access for drivers: port I/O, memory-mapped registers and the bus
 * addresses a device needs for DMA.
 *
 * Memory-mapped registers are plain volatile accesses (portable C).  Port
 * I/O, mapping device memory and translating heap pointers to bus addresses
 * depend on the platform, which implements the functions declared here
 * (pcbios: arch/x86/pci_io.c; the hosted build: arch/linux/linux_pci.c,
 * where no device is ever found and so none of them is reached).
 */
#ifndef WIREBOOT_IO_H
#define WIREBOOT_IO_H

#include <wireboot/compiler.h>

/* A physical (bus) address. */
typedef unsigned long physaddr_t;

/* Port I/O. */
uint8_t pio_in8(uint16_t port);
uint16_t pio_in16(uint16_t port);
uint32_t pio_in32(uint16_t port);
void pio_out8(uint16_t port, uint8_t value);
void pio_out16(uint16_t port, uint16_t value);
void pio_out32(uint16_t port, uint32_t value);

/* A pointer through which LEN bytes of device memory at BUS can be reached. */
void *mmio_map(physaddr_t bus, size_t len);

/* Forget a mapping made by mmio_map(). */
void mmio_unmap(void *virt);

/*
 * The bus address of heap memory at VIRT, for a device to read or write by
 * DMA.  The heap lies below 4 GiB on every platform with devices.
 */
physaddr_t dma_address(const volatile void *virt);

static inline uint8_t mmio_read8(const volatile void *addr)
{
	return *(const volatile uint8_t *)addr;
}

static inline uint16_t mmio_read16(const volatile void *addr)
{
	return *(const volatile uint16_t *)addr;
}

static inline uint32_t mmio_read32(const volatile void *addr)
{
	return *(const volatile uint32_t *)addr;
}

static inline void mmio_write8(volatile void *addr, uint8_t value)
{
	*(volatile uint8_t *)addr = value;
}

static inline void mmio_write16(volatile void *addr, uint16_t value)
{
	*(volatile uint16_t *)addr = value;
}

static inline void mmio_write32(volatile void *addr, uint32_t value)
{
	*(volatile uint32_t *)addr = value;
}

/*
 * Order every earlier memory access (descriptors in ordinary memory
 * included) before every later one, as seen by a device doing DMA.
 */
static inline void dma_barrier(void)
{
	__sync_synchronize();
}

#endif
