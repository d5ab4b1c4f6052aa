/*
 * Reading the BIOS memory map: INT 15h E820, falling back to E801 and 88h
 * (plus INT 12h for base memory) on machines without it.
 */
#include <string.h>
#include <x86/memmap.h>
#include <x86/realmode.h>

#define SMAP 0x534d4150
#define MIB (1024ULL * 1024)

/* An E820 record as the BIOS writes it. */
struct e820_entry {
	uint64_t start;
	uint64_t len;
	uint32_t type;
	/* ACPI 3.0 extended attributes: bit 0 clear means "ignore me". */
	uint32_t attr;
} __packed;

struct memmap memmap_boot;

/* INT 15h E820: every record the BIOS gives. */
static void memmap_read_e820(struct memmap *map)
{
	struct e820_entry *buf = rm_ptr(rm_buffer);
	struct bios_regs regs;
	uint32_t next = 0;

	do {
		memset(&regs, 0, sizeof(regs));
		memset(buf, 0, sizeof(*buf));
		buf->attr = 1;
		regs.eax = 0xe820;
		regs.edx = SMAP;
		regs.ebx = next;
		regs.ecx = sizeof(*buf);
		regs.es = rm_seg();
		regs.di = (uint16_t)(uintptr_t)rm_buffer;
		if (realmode_int(0x15, &regs) != 0 || regs.eax != SMAP)
			break;
		if (regs.ecx < 20)
			break;
		if (regs.ecx < 24 || (buf->attr & 1))
			memmap_add(map, buf->start, buf->start + buf->len,
				   buf->type);
		next = regs.ebx;
	} while (next && map->count < MEMMAP_MAX);
}

/* Old BIOSes: base memory from INT 12h, extended from E801 or 88h. */
static void memmap_read_legacy(struct memmap *map)
{
	struct bios_regs regs;
	uint32_t low_kb, high_blocks;

	memset(&regs, 0, sizeof(regs));
	realmode_int(0x12, &regs);
	memmap_add(map, 0, (uint64_t)regs.ax * 1024, E820_RAM);

	memset(&regs, 0, sizeof(regs));
	regs.ax = 0xe801;
	if (realmode_int(0x15, &regs) == 0) {
		low_kb = regs.cx ? regs.cx : regs.ax;
		high_blocks = regs.dx ? regs.dx : regs.bx;
		memmap_add(map, MIB, MIB + (uint64_t)low_kb * 1024, E820_RAM);
		if (high_blocks)
			memmap_add(map, 16 * MIB,
				   16 * MIB + (uint64_t)high_blocks * 65536,
				   E820_RAM);
		return;
	}
	memset(&regs, 0, sizeof(regs));
	regs.ah = 0x88;
	if (realmode_int(0x15, &regs) == 0)
		memmap_add(map, MIB, MIB + (uint64_t)regs.ax * 1024, E820_RAM);
}

void memmap_read(struct memmap *map)
{
	map->count = 0;
	memmap_read_e820(map);
	if (!map->count)
		memmap_read_legacy(map);
	memmap_tidy(map);
}
