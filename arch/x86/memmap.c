/*
 * Reading the BIOS memory map: INT 15h E820, falling back to E801 and 88h
 * (plus INT 12h for base memory) on machines without it; and relabelling
 * ranges of a map (used to place wireboot and to hide it from the OS).
 */
#include <string.h>
#include <wireboot/errors.h>
#include <x86/memmap.h>
#include <x86/realmode.h>

#define ERR_SUBSYS ESUB_BIOS

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

const char *memmap_type_name(uint32_t type)
{
	switch (type) {
	case E820_RAM:
		return "usable";
	case E820_RESERVED:
		return "reserved";
	case E820_ACPI:
		return "ACPI data";
	case E820_NVS:
		return "ACPI NVS";
	case E820_UNUSABLE:
		return "unusable";
	default:
		return "other";
	}
}

/* Append [START, END) of TYPE to MAP if there is room. */
static void memmap_add(struct memmap *map, uint64_t start, uint64_t end,
		       uint32_t type)
{
	if (end <= start || map->count >= MEMMAP_MAX)
		return;
	map->region[map->count].start = start;
	map->region[map->count].end = end;
	map->region[map->count].type = type;
	map->count++;
}

/* Sort MAP by start address and merge touching regions of one type. */
static void memmap_tidy(struct memmap *map)
{
	struct memmap_region tmp;
	unsigned int i, j, out;

	for (i = 1; i < map->count; i++) {
		tmp = map->region[i];
		for (j = i; j > 0 && map->region[j - 1].start > tmp.start; j--)
			map->region[j] = map->region[j - 1];
		map->region[j] = tmp;
	}
	for (i = 0, out = 0; i < map->count; i++) {
		if (out && map->region[out - 1].type == map->region[i].type &&
		    map->region[out - 1].end == map->region[i].start) {
			map->region[out - 1].end = map->region[i].end;
			continue;
		}
		map->region[out++] = map->region[i];
	}
	map->count = out;
}

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

int memmap_carve(struct memmap *map, uint64_t start, uint64_t end,
		 uint32_t type)
{
	struct memmap_region *r, old;
	struct memmap_region piece[3];
	unsigned int i, n;

	for (i = 0; i < map->count; i++) {
		r = &map->region[i];
		if (r->end <= start || r->start >= end || r->type == type)
			continue;
		old = *r;
		n = 0;
		if (old.start < start)
			piece[n++] = (struct memmap_region){ old.start, start, old.type };
		piece[n++] = (struct memmap_region){ MAX(old.start, start),
						     MIN(old.end, end), type };
		if (old.end > end)
			piece[n++] = (struct memmap_region){ end, old.end, old.type };
		if (map->count + n - 1 > MEMMAP_MAX)
			return ERR(ENOSPC);
		memmove(&map->region[i + n], &map->region[i + 1],
			(map->count - i - 1) * sizeof(map->region[0]));
		memcpy(&map->region[i], piece, n * sizeof(piece[0]));
		map->count += n - 1;
		i += n - 1;
	}
	return 0;
}
