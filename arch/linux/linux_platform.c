/* Platform services for the hosted build: clock, idling, leaving the process. */
#include <wireboot/platform.h>
#include <wireboot/time.h>
#include <wireboot/errors.h>
#include "host.h"

const char platform_name[] = "linux";

uint64_t platform_now_us(void)
{
	return host_now_us();
}

void platform_idle(void)
{
	host_wait(1000);
}

void platform_reboot(bool warm)
{
	host_exit(0);
}

int platform_poweroff(void)
{
	host_exit(0);
}

void platform_exit(int status)
{
	host_exit(status);
}
