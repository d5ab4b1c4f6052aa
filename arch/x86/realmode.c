/*
 * The C half of rmswitch.asm: calling real-mode code with a struct
 * bios_regs, dispatching real-mode entries (interrupt hooks, far-call entry
 * points) to C handlers, and taking base memory.
 */
#include <string.h>
#include <wireboot/errors.h>
#include <x86/realmode.h>

#define ERR_SUBSYS ESUB_BIOS

/* Keep in step with rmswitch.asm. */
#define RM_ENTRY_SLOTS 16
#define RM_STUB_SIZE 6

/* Keep the lowest 64 KiB of base memory out of basemem_alloc()'s reach. */
#define BASEMEM_MIN_KB 64

/* BIOS data area: free base memory in KiB. */
#define BDA_FBMS 0x413

extern char rm_callblk[];
extern char rm_entry_stubs[];
extern char rm_sp_save[];
extern char rm_ss_save[];
void rm_call_asm(void);
void rm_entry_dispatch(void);

/* What rm_call_asm reads and writes (rm_callblk). */
struct rm_callblk {
	struct bios_regs regs;
	uint8_t is_int;
} __packed;

/* The frame rm_entry_common builds on the caller's stack. */
struct rm_entry_frame {
	uint16_t gs, fs, es, ds;
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint16_t flags;
	uint16_t slot;
	uint16_t ip, cs;
	/* Only when entered by INT. */
	uint16_t int_flags;
} __packed;

/* The frame the exit path pops (POP segments, POPAD, POPF, RETF). */
struct rm_exit_frame {
	uint16_t gs, fs, es, ds;
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint16_t flags;
	uint16_t ip, cs;
} __packed;

static struct rm_entry *rm_entries[RM_ENTRY_SLOTS];

/* Run rm_call_asm with REGS, as an interrupt if IS_INT. */
static void rm_call(struct bios_regs *regs, int is_int)
{
	struct rm_callblk *blk = rm_ptr(rm_callblk);

	memcpy(&blk->regs, regs, sizeof(*regs));
	blk->is_int = (uint8_t)is_int;
	rm_call_asm();
	memcpy(regs, &blk->regs, sizeof(*regs));
}

int realmode_int(unsigned int intno, struct bios_regs *regs)
{
	uint32_t vector = *(uint32_t *)phys_to_virt(intno * 4);

	regs->ip = (uint16_t)vector;
	regs->cs = (uint16_t)(vector >> 16);
	regs->flags |= BIOS_IF;
	rm_call(regs, 1);
	return (regs->flags & BIOS_CF) ? ERR(EIO) : 0;
}

void realmode_call(struct bios_regs *regs)
{
	rm_call(regs, 0);
}

int rm_entry_alloc(struct rm_entry *entry)
{
	unsigned int slot;

	for (slot = 0; slot < RM_ENTRY_SLOTS; slot++) {
		if (!rm_entries[slot])
			break;
	}
	if (slot == RM_ENTRY_SLOTS)
		return ERR(ENOSPC);
	rm_entries[slot] = entry;
	entry->slot = slot;
	entry->seg = rm_seg();
	entry->off = (uint16_t)((uintptr_t)rm_entry_stubs + slot * RM_STUB_SIZE);
	return 0;
}

unsigned int rm_entries_in_use(void)
{
	unsigned int slot, count = 0;

	for (slot = 0; slot < RM_ENTRY_SLOTS; slot++) {
		if (rm_entries[slot])
			count++;
	}
	return count;
}

void rm_entry_free(struct rm_entry *entry)
{
	if (entry->slot < RM_ENTRY_SLOTS && rm_entries[entry->slot] == entry)
		rm_entries[entry->slot] = NULL;
}

/*
 * Called by rm_entry_common in protected mode: turn the caller's frame
 * into a struct bios_regs, run the handler, and leave the exit frame in
 * its place (see rmswitch.asm).
 */
void rm_entry_dispatch(void)
{
	uint16_t *sp_save = rm_ptr(rm_sp_save);
	uint16_t ss = *(uint16_t *)rm_ptr(rm_ss_save);
	uint16_t sp = *sp_save;
	const struct rm_entry_frame *in = real_to_virt(ss, sp);
	struct rm_entry *entry = NULL;
	struct rm_exit_frame out;
	struct bios_regs regs;
	uint16_t in_size;

	if (in->slot < RM_ENTRY_SLOTS)
		entry = rm_entries[in->slot];
	in_size = sizeof(*in);
	if (!entry || !entry->is_interrupt)
		in_size -= sizeof(in->int_flags);

	memset(&regs, 0, sizeof(regs));
	regs.eax = in->eax;
	regs.ebx = in->ebx;
	regs.ecx = in->ecx;
	regs.edx = in->edx;
	regs.esi = in->esi;
	regs.edi = in->edi;
	regs.ebp = in->ebp;
	regs.ds = in->ds;
	regs.es = in->es;
	regs.fs = in->fs;
	regs.gs = in->gs;
	regs.flags = (entry && entry->is_interrupt) ? in->int_flags : in->flags;
	regs.ip = in->ip;
	regs.cs = in->cs;
	regs.sp = (uint16_t)(sp + in_size);
	regs.ss = ss;

	if (entry)
		entry->handler(entry, &regs);
	else
		regs.flags |= BIOS_CF;

	out.gs = regs.gs;
	out.fs = regs.fs;
	out.es = regs.es;
	out.ds = regs.ds;
	out.edi = regs.edi;
	out.esi = regs.esi;
	out.ebp = regs.ebp;
	out.esp = 0;
	out.ebx = regs.ebx;
	out.edx = regs.edx;
	out.ecx = regs.ecx;
	out.eax = regs.eax;
	out.flags = regs.flags;
	out.ip = regs.ip;
	out.cs = regs.cs;
	sp = (uint16_t)(sp + in_size - sizeof(out));
	memcpy(real_to_virt(ss, sp), &out, sizeof(out));
	*sp_save = sp;
}

int bios_hook_install(struct bios_hook *hook, unsigned int intno,
		      void (*handler)(struct rm_entry *entry,
				      struct bios_regs *regs))
{
	uint32_t *vector = phys_to_virt(intno * 4);
	int rc;

	hook->entry.handler = handler;
	hook->entry.is_interrupt = 1;
	if ((rc = rm_entry_alloc(&hook->entry)) != 0)
		return rc;
	hook->intno = intno;
	hook->prev = *vector;
	*vector = ((uint32_t)hook->entry.seg << 16) | hook->entry.off;
	return 0;
}

int bios_hook_remove(struct bios_hook *hook)
{
	uint32_t *vector = phys_to_virt(hook->intno * 4);

	if (*vector != (((uint32_t)hook->entry.seg << 16) | hook->entry.off))
		return ERR(EBUSY);
	*vector = hook->prev;
	rm_entry_free(&hook->entry);
	return 0;
}

void bios_hook_chain(struct bios_hook *hook, struct bios_regs *regs)
{
	struct bios_regs call = *regs;

	call.ip = (uint16_t)hook->prev;
	call.cs = (uint16_t)(hook->prev >> 16);
	rm_call(&call, 1);
	call.ip = regs->ip;
	call.cs = regs->cs;
	call.sp = regs->sp;
	call.ss = regs->ss;
	*regs = call;
}

void *basemem_alloc(size_t len, uint16_t *seg)
{
	uint16_t *fbms = phys_to_virt(BDA_FBMS);
	size_t kb = (len + 1023) / 1024;

	if (kb == 0 || kb + BASEMEM_MIN_KB > *fbms)
		return NULL;
	*fbms = (uint16_t)(*fbms - kb);
	*seg = (uint16_t)(*fbms * 64);
	return real_to_virt(*seg, 0);
}
