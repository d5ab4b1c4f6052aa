/*
 * Hiding wireboot's memory from whatever runs next.  INT 15h is hooked so
 * that the memory map calls (E820, E801, 88h) describe the heap and the
 * relocated image as reserved, and base memory above the free-memory count
 * at 40:13 (our real-mode part) as reserved too; other INT 15h calls go on
 * to the BIOS.  The hook is removed at shutdown unless other real-mode
 * entries (an INT 13h drive, the PXE API) still need wireboot resident.
 */
#include <stdio.h>
#include <string.h>
#include <wireboot/errors.h>
#include <wireboot/init.h>
#include <x86/memmap.h>
#include <x86/pcbios.h>
#include <x86/realmode.h>

#define SMAP 0x534d4150
#define MIB (1024ULL * 1024)
#define BASEMEM_END 0xa0000
#define BDA_FBMS 0x413

static struct bios_hook int15_hook;
static bool int15_hooked;

/* The memory map as the OS should see it. */
static void hidden_map(struct memmap *map)
{
	uint32_t basemem = *(uint16_t *)phys_to_virt(BDA_FBMS) * 1024U;

	*map = memmap_boot;
	memmap_carve(map, wireboot_mem_start, wireboot_mem_end, E820_RESERVED);
	if (basemem < BASEMEM_END)
		memmap_carve(map, basemem, BASEMEM_END, E820_RESERVED);
}

/* End of the usable RAM that runs on from START in MAP (START if none). */
static uint64_t ram_from(const struct memmap *map, uint64_t start)
{
	uint64_t end = start;
	unsigned int i;

	for (i = 0; i < map->count; i++) {
		const struct memmap_region *r = &map->region[i];

		if (r->type == E820_RAM && r->start <= end && r->end > end)
			end = r->end;
	}
	return end;
}

/* INT 15h E820: record number EBX of the hidden map to ES:DI. */
static void int15_e820(struct bios_regs *regs)
{
	static struct memmap map;
	struct {
		uint64_t start, len;
		uint32_t type, attr;
	} __packed record;
	size_t len = regs->ecx >= 24 ? 24 : 20;

	hidden_map(&map);
	if (regs->ecx < 20 || regs->ebx >= map.count) {
		regs->flags |= BIOS_CF;
		return;
	}
	record.start = map.region[regs->ebx].start;
	record.len = map.region[regs->ebx].end - record.start;
	record.type = map.region[regs->ebx].type;
	record.attr = 1;
	memcpy(real_to_virt(regs->es, regs->di), &record, len);
	regs->eax = SMAP;
	regs->ecx = len;
	regs->ebx = (regs->ebx + 1 < map.count) ? regs->ebx + 1 : 0;
	regs->flags &= ~BIOS_CF;
}

/* INT 15h E801 (KiB in 1-16 MiB, 64 KiB blocks above) and 88h (KiB above 1 MiB). */
static void int15_legacy(struct bios_regs *regs)
{
	static struct memmap map;
	uint64_t end, above16;
	uint32_t kb;

	hidden_map(&map);
	end = ram_from(&map, MIB);
	kb = (uint32_t)((MIN(end, 16 * MIB) - MIB) / 1024);
	if (regs->ah == 0x88) {
		regs->ax = (uint16_t)MIN(kb, 0xffffU);
	} else {
		above16 = end >= 16 * MIB ? ram_from(&map, 16 * MIB) : 16 * MIB;
		above16 = MIN(above16, 1ULL << 32);
		regs->ax = regs->cx = (uint16_t)kb;
		regs->bx = regs->dx =
			(uint16_t)MIN((above16 - 16 * MIB) / 65536, 0xffffU);
	}
	regs->flags &= ~BIOS_CF;
}

static void int15_handler(struct rm_entry *entry, struct bios_regs *regs)
{
	if (regs->eax == 0xe820 && regs->edx == SMAP)
		int15_e820(regs);
	else if (regs->ax == 0xe801 || regs->ah == 0x88)
		int15_legacy(regs);
	else
		bios_hook_chain(bios_hook_of(entry), regs);
}

static void hidemem_startup(void)
{
	int rc;

	/* Still hooked: the last shutdown could not unhook (hooked over). */
	if (int15_hooked)
		return;
	if ((rc = bios_hook_install(&int15_hook, 0x15, int15_handler)) != 0) {
		printf("Could not hook INT 15h: %s\n", errstr(rc));
		return;
	}
	int15_hooked = true;
}

static void hidemem_shutdown(int flags)
{
	(void)flags;
	if (!int15_hooked || rm_entries_in_use() > 1)
		return;
	if (bios_hook_remove(&int15_hook) == 0)
		int15_hooked = false;
}

static struct startup_fn hidemem_startup_fn __startup_fn = {
	.name = "hidemem",
	.order = INIT_EARLY,
	.startup = hidemem_startup,
	.shutdown = hidemem_shutdown,
};
