/*
 * The x86 CPUID instruction (every wireboot platform runs on x86: i386
 * BIOS firmware, x86_64 EFI and the x86_64 hosted build).
 */
#ifndef WIREBOOT_CPUID_H
#define WIREBOOT_CPUID_H

#include <wireboot/compiler.h>

/* The registers CPUID returns. */
struct cpuid_regs {
	uint32_t eax;
	uint32_t ebx;
	uint32_t ecx;
	uint32_t edx;
};

/* The extended leaves start here; the first tells the highest one. */
#define CPUID_EXTENDED 0x80000000UL
/* Standard and extended feature flags (in %ecx and %edx). */
#define CPUID_FEATURES 0x00000001UL
#define CPUID_EXT_FEATURES 0x80000001UL

/* Run CPUID for LEAF and SUBLEAF (%eax, %ecx) into REGS. */
void cpuid(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *regs);

/*
 * Does the CPU have the leaf LEAF?  (Compares with the highest standard or
 * extended leaf it reports.)
 */
bool cpuid_has_leaf(uint32_t leaf);

#endif
