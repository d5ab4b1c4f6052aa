/*
 * platform_now_us() for the x86 platforms: TSC ticks since
 * tsc_clock_start(), in microseconds, never running backwards.
 */
#include <wireboot/time.h>
#include <x86/tsc_clock.h>

/* TSC value at the start (0 ticks a millisecond: not started). */
static uint64_t tsc_start;
static uint64_t tsc_per_ms;
/*
 * Microseconds per TSC tick times 2^32, so that the conversion is two
 * multiplications instead of a 64-bit division (dear on i386); exact for
 * any TSC faster than 1 MHz, within a microsecond a second.
 */
static uint32_t us_per_tick_frac;
/* Last value returned, so time never runs backwards. */
static uint64_t last_us;

void tsc_clock_start(uint64_t ticks_per_ms)
{
	tsc_per_ms = ticks_per_ms ? ticks_per_ms : 1;
	us_per_tick_frac = tsc_per_ms > 1000 ?
			   (uint32_t)((1000ULL << 32) / tsc_per_ms) : 0;
	tsc_start = rdtsc();
}

uint64_t platform_now_us(void)
{
	uint64_t ticks, us;

	if (!tsc_per_ms)
		return 0;
	ticks = rdtsc() - tsc_start;
	if (us_per_tick_frac)
		us = (uint64_t)(uint32_t)(ticks >> 32) * us_per_tick_frac +
		     (((uint64_t)(uint32_t)ticks * us_per_tick_frac) >> 32);
	else
		us = ticks * 1000 / tsc_per_ms;
	if (us < last_us)
		us = last_us;
	last_us = us;
	return us;
}
