/*
 * The EFI clock: the CPU's time-stamp counter, its rate measured once
 * against the boot services' Stall() (the firmware's own calibrated delay).
 * Several short measurements, the shortest counting, since being preempted
 * (QEMU on a busy host) can only make one longer.
 */
#include <wireboot/time.h>
#include "efi_wireboot.h"

#define CALIBRATE_US 10000
#define CALIBRATE_TRIES 5

/* TSC value at calibration, and TSC ticks per millisecond. */
static uint64_t tsc_start;
static uint64_t tsc_per_ms;
/* Last value returned, so time never runs backwards. */
static uint64_t last_us;

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

void efi_timer_calibrate(void)
{
	uint64_t best = 0, start, ticks;
	unsigned int i;

	for (i = 0; i < CALIBRATE_TRIES; i++) {
		start = rdtsc();
		efi_bs->Stall(CALIBRATE_US);
		ticks = rdtsc() - start;
		if (!best || ticks < best)
			best = ticks;
	}
	tsc_per_ms = best * 1000 / CALIBRATE_US;
	if (!tsc_per_ms)
		tsc_per_ms = 1;
	tsc_start = rdtsc();
}

uint64_t platform_now_us(void)
{
	uint64_t us;

	if (!tsc_per_ms)
		return 0;
	us = (rdtsc() - tsc_start) * 1000 / tsc_per_ms;
	if (us < last_us)
		us = last_us;
	last_us = us;
	return us;
}
