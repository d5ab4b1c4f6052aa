/*
 * The INT 13h part of the boot trace: with ${pxe-trace} set, every INT 13h
 * call is logged on the console (and so on serial), one line each:
 * function, drive, LBA and count for transfers, and CF/AH on return.
 * Calls passed on to the BIOS are logged too (marked "bios"), so the whole
 * disk call pattern of a loader such as NTLDR or bootmgr can be recorded.
 * When the setting is off a call costs one setting lookup.
 */
#include <stdio.h>
#include <wireboot/byteorder.h>
#include <x86/int13.h>
#include <x86/pxe.h>
#include <x86/realmode.h>

/* Disk address packet fields (42h-47h). */
#define DAP_SIZE 0
#define DAP_COUNT 2
#define DAP_LBA 8
#define DAP_LONG_COUNT 0x18
#define DAP_LONG_SIZE 0x1c

/* Take the LBA and count of a DAP call from DS:SI. */
static void trace_dap(struct int13_trace *t, const struct bios_regs *regs)
{
	const uint8_t *dap = real_to_virt(regs->ds, regs->si);

	t->kind = INT13_TRACE_LBA;
	t->lba = get_le32(dap + DAP_LBA) |
		 (uint64_t)get_le32(dap + DAP_LBA + 4) << 32;
	t->count = dap[DAP_COUNT];
	if (t->count == 0xff && dap[DAP_SIZE] >= DAP_LONG_SIZE)
		t->count = get_le32(dap + DAP_LONG_COUNT);
}

/* Take the CHS address and count of a 02h/03h/04h call. */
static void trace_chs(struct int13_trace *t, const struct int13_drive *d,
		      const struct bios_regs *regs)
{
	unsigned int cyl = regs->ch | ((regs->cl & 0xc0U) << 2);
	unsigned int sector = regs->cl & 0x3fU;

	t->count = regs->al;
	/* Our drive's geometry turns it into the LBA it reads. */
	if (d && d->sectors && sector) {
		t->kind = INT13_TRACE_LBA;
		t->lba = (cyl * d->heads + regs->dh) * d->sectors + sector - 1;
		return;
	}
	t->kind = INT13_TRACE_CHS;
	t->cyl = cyl;
	t->head = regs->dh;
	t->sector = sector;
}

void int13_trace_start(struct int13_trace *t, const struct int13_drive *d,
		       const struct bios_regs *regs)
{
	t->on = boot_trace_enabled();
	if (!t->on)
		return;
	t->fn = regs->ah;
	t->drive = regs->dl;
	t->ours = d != NULL;
	t->kind = INT13_TRACE_NONE;
	switch (t->fn) {
	case 0x02:
	case 0x03:
	case 0x04:
		trace_chs(t, d, regs);
		break;
	case 0x42:
	case 0x43:
	case 0x44:
	case 0x47:
		trace_dap(t, regs);
		break;
	default:
		break;
	}
}

void int13_trace_end(const struct int13_trace *t, const struct bios_regs *regs)
{
	if (!t->on)
		return;
	printf("INT13 AH=%02x DL=%02x", t->fn, t->drive);
	if (t->kind == INT13_TRACE_LBA)
		printf(" LBA=%llu N=%lu", (unsigned long long)t->lba,
		       (unsigned long)t->count);
	else if (t->kind == INT13_TRACE_CHS)
		printf(" CHS=%u/%u/%u N=%lu", t->cyl, t->head, t->sector,
		       (unsigned long)t->count);
	printf(" -> CF=%u AH=%02x%s\n", regs->flags & BIOS_CF, regs->ah,
	       t->ours ? "" : " bios");
}
