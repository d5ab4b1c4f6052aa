/*
 * The pcbios clock: the CPU's time-stamp counter, its rate measured once
 * against channel 2 of the 8254 PIT (a fixed 1.193182 MHz), falling back
 * to the BIOS tick count at 40:6C (18.2 Hz) if the PIT does not answer.
 */
#include <wireboot/time.h>
#include <wireboot/platform.h>
#include <x86/io.h>
#include <x86/pcbios.h>
#include <x86/realmode.h>
#include <x86/tsc_clock.h>

#define PIT_HZ 1193182ULL
#define PIT_CH2 0x42
#define PIT_MODE 0x43
#define PORT_B 0x61
#define PORT_B_GATE2 0x01
#define PORT_B_SPEAKER 0x02
#define PORT_B_OUT2 0x20
/*
 * Five 10 ms one-shots; the shortest counts, since being preempted (QEMU
 * on a busy host) can only make a measurement longer.
 */
#define CALIBRATE_COUNT 11932
#define CALIBRATE_TRIES 5
/* Give up on the PIT after this many polls. */
#define CALIBRATE_POLLS 10000000UL

#define BDA_TICKS 0x46c
#define BIOS_TICK_HZ_X10 182

/* TSC ticks during a PIT one-shot of CALIBRATE_COUNT, or 0 if it never ends. */
static uint64_t measure_pit(void)
{
	uint8_t portb = inb(PORT_B) & (uint8_t)~(PORT_B_GATE2 | PORT_B_SPEAKER);
	unsigned long polls = 0;
	uint64_t start;

	outb(portb, PORT_B);
	/* Channel 2, low then high byte, mode 0 (interrupt on terminal count). */
	outb(0xb0, PIT_MODE);
	outb(CALIBRATE_COUNT & 0xff, PIT_CH2);
	outb(CALIBRATE_COUNT >> 8, PIT_CH2);
	start = rdtsc();
	outb(portb | PORT_B_GATE2, PORT_B);
	while (!(inb(PORT_B) & PORT_B_OUT2)) {
		if (++polls == CALIBRATE_POLLS)
			return 0;
	}
	return rdtsc() - start;
}

/* TSC ticks during two BIOS timer ticks (interrupts run in platform_idle). */
static uint64_t measure_bios_ticks(void)
{
	volatile uint32_t *ticks = phys_to_virt(BDA_TICKS);
	uint32_t first;
	uint64_t start;

	first = *ticks;
	while (*ticks == first)
		platform_idle();
	first = *ticks;
	start = rdtsc();
	while (*ticks - first < 2)
		platform_idle();
	return rdtsc() - start;
}

void timer_calibrate(void)
{
	uint64_t ticks = measure_pit(), again;
	unsigned int i;

	for (i = 1; ticks && i < CALIBRATE_TRIES; i++) {
		again = measure_pit();
		if (again && again < ticks)
			ticks = again;
	}

	if (ticks)
		tsc_clock_start(ticks * PIT_HZ / (CALIBRATE_COUNT * 1000ULL));
	else
		tsc_clock_start(measure_bios_ticks() * BIOS_TICK_HZ_X10 / 20000);
}
