/*
 * Editing memory maps (no BIOS calls, so the hosted unit tests can run
 * it): adding regions, sorting and merging, relabelling ranges.
 */
#include <string.h>
#include <wireboot/errors.h>
#include "include/x86/memmap.h"

#define ERR_SUBSYS ESUB_BIOS

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

void memmap_add(struct memmap *map, uint64_t start, uint64_t end,
		uint32_t type)
{
	if (end <= start || map->count >= MEMMAP_MAX)
		return;
	map->region[map->count].start = start;
	map->region[map->count].end = end;
	map->region[map->count].type = type;
	map->count++;
}

void memmap_tidy(struct memmap *map)
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
