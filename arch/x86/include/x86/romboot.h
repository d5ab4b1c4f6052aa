/*
 * Images that other firmware starts and that give control back to it: the
 * PCI option ROM (the BIOS calls its BEV or INT 19h) and the PXE NBPs
 * (bin/wireboot.pxe, wireboot.kpxe, undionly.kpxe, far-called at 0:7C00 by
 * a PXE ROM).  Their prefixes (arch/x86/prefix/rom.asm, pxe.asm) save the
 * caller's registers and stack in a struct prefix_return and hand its
 * linear address over in ESI (x86_boot_info.prefix_data).
 */
#ifndef WIREBOOT_X86_ROMBOOT_H
#define WIREBOOT_X86_ROMBOOT_H

#include <wireboot/compiler.h>

/* Prefix types beyond x86/pcbios.h (values shared with prefix/media.inc). */
#define PREFIX_ROM 4
#define PREFIX_PXE 5
#define PREFIX_KPXE 6
#define PREFIX_UNDIONLY 7

#define PREFIX_RETURN_MAGIC 0x54524257 /* "WBRT" */

/* prefix_return.flags: the PXE stack is gone; exit by INT 18h instead. */
#define PREFIX_RETURN_UNLOADED 0x0001
/* prefix_return.flags: Ctrl-B was pressed during POST; open the shell at once. */
#define PREFIX_RETURN_SHELL 0x0002

/* Layout shared with arch/x86/prefix/media.inc. */
struct prefix_return {
	uint32_t magic;
	/* The caller's stack, with its registers pushed on it. */
	uint16_t sp, ss;
	/* Free base memory (40:13, KiB) before the prefix took any. */
	uint16_t fbm;
	/* Far routine that resumes the caller (ES:DI = this, AX = result). */
	uint16_t ip, cs;
	uint16_t flags;
	/* PXE: the PXENV+ and !PXE structures the PXE ROM gave us (seg:off). */
	uint32_t pxenv;
	uint32_t ppxe;
	/* ROM: the PCI bus:dev.fn the BIOS initialised us for. */
	uint16_t bdf;
	uint8_t reserved[6];
} __packed;

/* The prefix type that started us (PREFIX_xxx). */
unsigned int prefix_type(void);

/* The caller's context, or NULL for images with nothing to go back to. */
struct prefix_return *prefix_return_context(void);

/*
 * Go back to whoever started us, with STATUS as the caller's AX (an NBP's
 * exit status; a BEV ignores it).  Everything must already be shut down.
 * Returns only if there is no caller to go back to.
 */
void prefix_return(int status);

#endif
