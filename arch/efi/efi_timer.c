/*
 * The EFI clock: the CPU's time-stamp counter, its rate measured once
 * against the boot services' Stall() (the firmware's own calibrated delay).
 * Several short measurements, the shortest counting, since being preempted
 * (QEMU on a busy host) can only make one longer.
 */
#include <x86/tsc_clock.h>
#include "efi_wireboot.h"

#define CALIBRATE_US 10000
#define CALIBRATE_TRIES 5

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
	tsc_clock_start(best * 1000 / CALIBRATE_US);
}
