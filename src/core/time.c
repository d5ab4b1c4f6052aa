/* Delays built on the platform clock: busy waits and main-loop sleeps. */
#include <wireboot/time.h>
#include <wireboot/console.h>
#include <wireboot/errors.h>
#include <wireboot/platform.h>
#include <wireboot/process.h>

#define ERR_SUBSYS ESUB_TIMER

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
	uint64_t start = now_ms();

	while (now_ms() - start < ms) {
		step();
		if (iskey() && getkey(1) == CTRL('C'))
			return ERR(ECANCELED);
		platform_idle();
	}
	return 0;
}
