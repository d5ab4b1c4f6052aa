/*
 * pcbios address spaces and port I/O.  The 32-bit code is linked at virtual
 * address 0 and runs with code/data segment bases equal to the physical
 * address it was relocated to, so a pointer is a physical address minus
 * virt_offset (arithmetic wraps modulo 4 GiB, so low memory is reachable too).
 */
#ifndef WIREBOOT_BITS_IO_H
#define WIREBOOT_BITS_IO_H

#include <wireboot/compiler.h>

/* A physical (bus) address. */
typedef unsigned long physaddr_t;

/* Physical address of virtual address 0 (set at start and by relocation). */
extern uint32_t virt_offset;

/* Physical address of a pointer (for DMA and BIOS structures). */
static inline physaddr_t virt_to_phys(const volatile void *virt)
{
	return (physaddr_t)((uint32_t)(uintptr_t)virt + virt_offset);
}

/* Pointer to a physical address below 4 GiB. */
static inline void *phys_to_virt(physaddr_t phys)
{
	return (void *)(uintptr_t)((uint32_t)phys - virt_offset);
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(uint8_t v, uint16_t port)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t v, uint16_t port)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint32_t v, uint16_t port)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

/* Memory-mapped registers: plain volatile accesses, ordered by the compiler. */
static inline uint8_t readb(const volatile void *addr)
{
	return *(const volatile uint8_t *)addr;
}

static inline uint16_t readw(const volatile void *addr)
{
	return *(const volatile uint16_t *)addr;
}

static inline uint32_t readl(const volatile void *addr)
{
	return *(const volatile uint32_t *)addr;
}

static inline void writeb(uint8_t v, volatile void *addr)
{
	*(volatile uint8_t *)addr = v;
}

static inline void writew(uint16_t v, volatile void *addr)
{
	*(volatile uint16_t *)addr = v;
}

static inline void writel(uint32_t v, volatile void *addr)
{
	*(volatile uint32_t *)addr = v;
}

/* Order memory accesses against a device doing DMA. */
static inline void mb(void)
{
	__asm__ volatile("lock; addl $0, 0(%%esp)" : : : "memory");
}

/*
 * Map LEN bytes of device memory at PHYS.  Flat 32-bit addressing covers
 * every address below 4 GiB, so this is phys_to_virt().
 */
static inline void *ioremap(physaddr_t phys, size_t len)
{
	(void)len;
	return phys_to_virt(phys);
}

static inline void iounmap(void *virt)
{
	(void)virt;
}

#endif
