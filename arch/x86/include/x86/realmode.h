/*
 * Calling real-mode BIOS code from 32-bit C, and real-mode code calling C.
 *
 * wireboot keeps a few KiB in base memory (the "real-mode part", reserved
 * by lowering the BIOS free-memory count at 40:13): the mode-switch code,
 * the GDT, a real-mode stack and entry stubs.  realmode_int() and
 * realmode_call() switch to real mode, load every register from a struct
 * bios_regs, run the BIOS service or far routine, and store the registers
 * back.  bios_hook_install() points an interrupt vector at a stub that
 * switches to protected mode and calls a C handler with the caller's
 * registers; rm_entry_alloc() gives a far-call entry point the same way
 * (for APIs such as PXE).  See docs/x86-platform.md.
 */
#ifndef WIREBOOT_X86_REALMODE_H
#define WIREBOOT_X86_REALMODE_H

#include <wireboot/compiler.h>
#include <x86/io.h>

/* A 32-bit general register with its 16- and 8-bit parts. */
#define BIOS_REG_ABCD(r)                                                   \
	union {                                                             \
		uint32_t e##r##x;                                           \
		uint16_t r##x;                                              \
		struct {                                                    \
			uint8_t r##l, r##h;                                 \
		};                                                          \
	}
#define BIOS_REG_INDEX(r)                                                  \
	union {                                                             \
		uint32_t e##r;                                              \
		uint16_t r;                                                 \
	}

/* Register image for a real-mode call (layout shared with rmswitch.asm). */
struct bios_regs {
	BIOS_REG_ABCD(a);
	BIOS_REG_ABCD(b);
	BIOS_REG_ABCD(c);
	BIOS_REG_ABCD(d);
	BIOS_REG_INDEX(si);
	BIOS_REG_INDEX(di);
	BIOS_REG_INDEX(bp);
	uint16_t ds, es, fs, gs;
	/* FLAGS in and out. */
	uint16_t flags;
	/*
	 * realmode_call(): the routine called.  Handlers: where the caller
	 * returns to, and its stack just above the return frame (the
	 * caller's arguments, for far-call entries).
	 */
	uint16_t ip, cs;
	uint16_t sp, ss;
} __packed;

#define BIOS_CF 0x0001
#define BIOS_ZF 0x0040
#define BIOS_IF 0x0200

/* Linear address of SEG:OFF, and a pointer to it. */
static inline physaddr_t real_to_phys(uint16_t seg, uint16_t off)
{
	return ((physaddr_t)seg << 4) + off;
}
static inline void *real_to_virt(uint16_t seg, uint16_t off)
{
	return phys_to_virt(real_to_phys(seg, off));
}

/*
 * Run software interrupt INTNO (through the vector table, so hooks apply)
 * with REGS in and out.  Returns 0, or ERR(EIO) if it returned with the
 * carry flag set (callers that ignore carry can ignore the result).
 */
int realmode_int(unsigned int intno, struct bios_regs *regs);

/* Far-call REGS->cs:REGS->ip in real mode with REGS in and out. */
void realmode_call(struct bios_regs *regs);

/* Physical address of the real-mode part and its real-mode segment. */
extern uint32_t rm_base;
static inline uint16_t rm_seg(void)
{
	return (uint16_t)(rm_base >> 4);
}

/*
 * Pointer to a symbol of the real-mode part (sections .text16/.data16/
 * .bss16, whose symbol values are offsets from the segment start).
 */
#define rm_ptr(sym) phys_to_virt(rm_base + (uint32_t)(uintptr_t)(sym))

/* A scratch buffer in base memory for BIOS calls that take a far pointer. */
#define RM_BUFFER_SIZE 2048
extern char rm_buffer[];

/*
 * Real-mode entry points into C.  A slot is a small stub in base memory;
 * entering it (by INT through a hooked vector, or by a far call) switches
 * to protected mode and calls HANDLER with the caller's registers, which
 * the handler may change; they are loaded back when the caller resumes.
 */
struct rm_entry {
	/* Called in protected mode with the caller's registers. */
	void (*handler)(struct rm_entry *entry, struct bios_regs *regs);
	/* Nonzero: entered by INT (returns with IRET), else by far call. */
	int is_interrupt;
	/* Set by rm_entry_alloc(): the stub's real-mode address. */
	uint16_t seg, off;
	unsigned int slot;
};

/* Give ENTRY a stub (seg:off filled in).  ERR(ENOSPC) if none are left. */
int rm_entry_alloc(struct rm_entry *entry);
void rm_entry_free(struct rm_entry *entry);

/* How many entries are allocated (so shutdown code can tell if we must stay). */
unsigned int rm_entries_in_use(void);

/* An interrupt hook: a vector pointed at an rm_entry, remembering the old one. */
struct bios_hook {
	struct rm_entry entry;
	unsigned int intno;
	/* The vector before we hooked it (seg << 16 | off). */
	uint32_t prev;
};

/*
 * Point interrupt INTNO at HANDLER.  The handler sees regs->flags as the
 * caller's flags and returns results in regs (e.g. clear or set BIOS_CF).
 */
int bios_hook_install(struct bios_hook *hook, unsigned int intno,
		      void (*handler)(struct rm_entry *entry,
				      struct bios_regs *regs));

/* Restore the old vector; ERR(EBUSY) if someone hooked it after us. */
int bios_hook_remove(struct bios_hook *hook);

/* Pass REGS on to the handler that was in place before HOOK (from its handler). */
void bios_hook_chain(struct bios_hook *hook, struct bios_regs *regs);

/* The hook that owns ENTRY. */
static inline struct bios_hook *bios_hook_of(struct rm_entry *entry)
{
	return container_of(entry, struct bios_hook, entry);
}

/*
 * Take LEN bytes of base memory from the top of the BIOS free-memory count
 * (40:13, so the OS keeps away), rounded up to whole KiB.  Returns the
 * pointer and its segment in *SEG (offset 0), or NULL.
 */
void *basemem_alloc(size_t len, uint16_t *seg);

#endif
