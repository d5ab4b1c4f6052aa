/*
 * pcbios platform basics: the name, idling (letting the BIOS take pending
 * interrupts) and leaving.  An lkrn, usb or iso image has nothing to return
 * to, so platform_exit() powers the machine off, or halts if it cannot.  An
 * option ROM always returns to the BIOS (romboot.c) before it gets here, so
 * it is linked without poweroff.c: then platform_exit() only halts.
 */
#include <wireboot/platform.h>
#include <x86/realmode.h>

const char platform_name[] = "pcbios";

extern char rm_idle[];

/* poweroff.c, when the image has it (weak: an option ROM leaves it out). */
extern int platform_poweroff(void) __attribute__((weak));

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
	if (platform_poweroff)
		platform_poweroff();
	for (;;)
		__asm__ volatile("cli; hlt");
}
