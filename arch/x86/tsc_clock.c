/*
 * platform_now_us() for the x86 platforms: TSC ticks since
 * tsc_clock_start(), in microseconds, never running backwards.
 */
#include <wireboot/time.h>
#include <x86/tsc_clock.h>

/* TSC value at the start, and TSC ticks per millisecond (0: not started). */
static uint64_t tsc_start;
static uint64_t tsc_per_ms;
/* Last value returned, so time never runs backwards. */
static uint64_t last_us;

void tsc_clock_start(uint64_t ticks_per_ms)
{
	tsc_per_ms = ticks_per_ms ? ticks_per_ms : 1;
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
