/*
 * CPUID for x86 (<wireboot/cpuid.h>).  All wireboot builds run on x86 and
 * every CPU that can run them has the instruction, so there is no check
 * for CPUID itself (the EFLAGS.ID test matters only before the Pentium).
 */
#include <wireboot/cpuid.h>

void cpuid(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *regs)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(regs->eax), "=b"(regs->ebx),
			       "=c"(regs->ecx), "=d"(regs->edx)
			     : "a"(leaf), "c"(subleaf));
}

bool cpuid_has_leaf(uint32_t leaf)
{
	struct cpuid_regs regs;

	cpuid(leaf & CPUID_EXTENDED, 0, &regs);
	return regs.eax >= leaf;
}
