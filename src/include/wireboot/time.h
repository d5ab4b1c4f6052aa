/*
 * Time.  The platform supplies a monotonic microsecond clock; everything else
 * (timeouts, delays, back-off) is built on it here and in <wireboot/timer.h>.
 */
#ifndef WIREBOOT_TIME_H
#define WIREBOOT_TIME_H

#include <wireboot/compiler.h>

/* Monotonic microseconds since an arbitrary start (the platform's clock). */
uint64_t platform_now_us(void);

/* Milliseconds since an arbitrary start. */
uint64_t now_ms(void);

/*
 * Milliseconds since START, a now_ms() value kept in an unsigned long (the
 * difference stays right when the low bits wrap).  For timeouts and waits.
 */
unsigned long ms_since(unsigned long start);

/* Busy-wait for US microseconds (no main loop: use for hardware delays). */
void udelay(unsigned long us);

/* Busy-wait for MS milliseconds (no main loop). */
void mdelay(unsigned long ms);

/*
 * Wait MS milliseconds while running the main loop.  Returns 0, or
 * ERR(ECANCELED) if the user pressed Ctrl-C.
 */
int sleep_ms(unsigned long ms);

#endif
