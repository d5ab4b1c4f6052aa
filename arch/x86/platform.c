/*
 * pcbios platform basics: the name, idling (letting the BIOS take pending
 * interrupts) and leaving.  An lkrn, usb or iso image has nothing to return
 * to, so platform_exit() powers the machine off, or halts if it cannot.
 */
#include <wireboot/platform.h>
#include <x86/realmode.h>

const char platform_name[] = "pcbios";

extern char rm_idle[];

void platform_idle(void)
{
	struct bios_regs regs = {
		.cs = rm_seg(),
		.ip = (uint16_t)(uintptr_t)rm_idle,
	};

	realmode_call(&regs);
}

void platform_exit(int status)
{
	(void)status;
	platform_poweroff();
	for (;;)
		__asm__ volatile("cli; hlt");
}
