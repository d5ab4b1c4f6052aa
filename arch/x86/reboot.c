/*
 * Restarting a PC: tell the BIOS whether to skip the memory test (the warm
 * boot flag at 40:72), then try the PCI reset register 0xCF9, the keyboard
 * controller's reset line and finally a triple fault.
 */
#include <wireboot/platform.h>
#include <x86/io.h>

#define BDA_RESET_FLAG 0x472
#define RESET_FLAG_WARM 0x1234
#define PORT_RESET_CONTROL 0xcf9
#define PORT_KBC_COMMAND 0x64
#define KBC_PULSE_RESET 0xfe

/* Give a reset method a moment to take effect. */
static void settle(void)
{
	unsigned int i;

	for (i = 0; i < 100000; i++)
		inb(0x80);
}

void platform_reboot(bool warm)
{
	struct {
		uint16_t limit;
		uint32_t base;
	} __packed no_idt = { 0, 0 };

	*(volatile uint16_t *)phys_to_virt(BDA_RESET_FLAG) =
		warm ? RESET_FLAG_WARM : 0;

	/* Reset control register: system reset, full (cold) or CPU only. */
	outb(0x02, PORT_RESET_CONTROL);
	outb(warm ? 0x06 : 0x0e, PORT_RESET_CONTROL);
	settle();

	outb(KBC_PULSE_RESET, PORT_KBC_COMMAND);
	settle();

	/* An exception with no IDT shuts the CPU down, which resets it. */
	__asm__ volatile("lidt %0; int3" : : "m"(no_idt));
	for (;;)
		__asm__ volatile("cli; hlt");
}
