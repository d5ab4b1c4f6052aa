/*
 * The microsecond clock both x86 platforms (pcbios and EFI) build on the
 * CPU's time-stamp counter: each measures the TSC's rate its own way and
 * hands it to tsc_clock_start(); arch/x86/tsc_clock.c then provides
 * platform_now_us().
 */
#ifndef X86_TSC_CLOCK_H
#define X86_TSC_CLOCK_H

#include <stdint.h>

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* Start the clock at 0 now, counting TICKS_PER_MS TSC ticks a millisecond. */
void tsc_clock_start(uint64_t ticks_per_ms);

#endif
