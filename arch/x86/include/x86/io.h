/*
 * pcbios addresses and port I/O for platform code.  The 32-bit code is
 * linked at virtual address 0 and runs with code/data segment bases equal
 * to the physical address it was relocated to, so a pointer is a physical
 * address minus virt_offset (arithmetic wraps modulo 4 GiB, so low memory
 * is reachable too).  Drivers use <wireboot/io.h>, which pci_io.c
 * implements with these.
 */
#ifndef WIREBOOT_X86_IO_H
#define WIREBOOT_X86_IO_H

#include <wireboot/compiler.h>
#include <wireboot/io.h>

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

/* Output VALUE to PORT (value first, as in Linux). */
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

#endif
