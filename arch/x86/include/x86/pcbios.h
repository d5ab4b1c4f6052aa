/*
 * Internals shared by the pcbios platform files: how the prefix handed over
 * (struct x86_boot_info, filled by init16.asm), the image bounds from the
 * linker script, and start-up steps called from start.c.
 */
#ifndef WIREBOOT_X86_PCBIOS_H
#define WIREBOOT_X86_PCBIOS_H

#include <wireboot/compiler.h>
#include <wireboot/tables.h>

/* Which prefix started us (values shared with arch/x86/prefix/prefix.inc). */
#define PREFIX_LKRN 1
#define PREFIX_USB 2
#define PREFIX_ISO 3

/* Hand-over from the prefix (layout shared with init16.asm). */
struct x86_boot_info {
	/* Where the prefix placed the 32-bit part. */
	uint32_t payload_phys;
	/* lkrn: physical address of the Linux setup header; else 0. */
	uint32_t prefix_data;
	/* PREFIX_xxx. */
	uint8_t prefix;
	/* BIOS drive we were loaded from (usb, iso). */
	uint8_t drive;
} __packed;

/* The hand-over block in the real-mode part. */
extern char boot_info[];

/* Size of the 32-bit image in memory, including .bss and the stack. */
extern char _pm_memsz[];

/* Move the running 32-bit image to physical address NEW_PHYS. */
void __asmcall relocate_image(uint32_t new_phys);

/* Measure the TSC against the PIT; platform_now_us() works after this. */
void timer_calibrate(void);

/*
 * A look at what the prefix's loader handed over, before memory is set up
 * (lkrn.c): PROBE keeps what it needs, and may set [keep, keep + keep_len)
 * to memory that must be left alone until the start-up hooks ran.
 */
struct x86_handover {
	void (*probe)(struct x86_handover *handover,
		      const struct x86_boot_info *info);
	uint32_t keep, keep_len;
};
DECLARE_TABLE(x86_handovers, struct x86_handover);
#define __x86_handover __table_entry(x86_handovers, struct x86_handover)

/* Wait until the serial port has sent everything (before power-off). */
void serial_drain(void);

/* Entry from init16.asm: set up memory and the clock, then run the core. */
void __noreturn x86_start(void);

#endif
