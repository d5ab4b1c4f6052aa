/* Delays built on the platform clock: busy waits and main-loop sleeps. */
#include <wireboot/time.h>
#include <wireboot/console.h>
#include <wireboot/errors.h>
#include <wireboot/platform.h>
#include <wireboot/process.h>

#define ERR_SUBSYS ESUB_TIMER

uint64_t now_ms(void)
{
	return platform_now_us() / 1000;
}

unsigned long ms_since(unsigned long start)
{
	return (unsigned long)now_ms() - start;
}

void udelay(unsigned long us)
{
	uint64_t start = platform_now_us();

	while (platform_now_us() - start < us)
		;
}

void mdelay(unsigned long ms)
{
	while (ms--)
		udelay(1000);
}

int sleep_ms(unsigned long ms)
{
	unsigned long start = now_ms();

	while (ms_since(start) < ms) {
		step();
		if (iskey() && getkey(1) == CTRL('C'))
			return ERR(ECANCELED);
		platform_idle();
	}
	return 0;
}
