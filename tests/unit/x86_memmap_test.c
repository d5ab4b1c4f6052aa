/*
 * The pcbios memory-map editing (arch/x86/memmap_edit.c, which makes no BIOS
 * calls and so is compiled into the hosted tests here): sorting, merging
 * and relabelling ranges, as used to place wireboot and to hide it.
 */
#include <string.h>
#include <wireboot/errors.h>
#include "unittest.h"
#include "../../arch/x86/memmap_edit.c"

#define MIB (1024ULL * 1024)

/* A map like SeaBIOS gives a 128 MiB guest, out of order. */
static void sample_map(struct memmap *map)
{
	map->count = 0;
	memmap_add(map, 0x100000, 0x7fe0000, E820_RAM);
	memmap_add(map, 0, 0x9fc00, E820_RAM);
	memmap_add(map, 0x9fc00, 0xa0000, E820_RESERVED);
	memmap_add(map, 0xf0000, 0x100000, E820_RESERVED);
	memmap_add(map, 0x7fe0000, 0x8000000, E820_RESERVED);
	memmap_tidy(map);
}

UNIT_TEST(x86_memmap_tidy_sorts)
{
	struct memmap map;

	sample_map(&map);
	ok_eq(map.count, 5);
	ok_eq(map.region[0].start, 0);
	ok_eq(map.region[1].start, 0x9fc00);
	ok_eq(map.region[2].start, 0xf0000);
	ok_eq(map.region[3].start, 0x100000);
	ok_eq(map.region[4].type, E820_RESERVED);
}

UNIT_TEST(x86_memmap_tidy_merges_touching)
{
	struct memmap map = { .count = 0 };

	memmap_add(&map, 16 * MIB, 32 * MIB, E820_RAM);
	memmap_add(&map, MIB, 16 * MIB, E820_RAM);
	memmap_add(&map, 32 * MIB, 33 * MIB, E820_ACPI);
	memmap_add(&map, 5, 5, E820_RAM);
	memmap_tidy(&map);
	ok_eq(map.count, 2);
	ok_eq(map.region[0].start, MIB);
	ok_eq(map.region[0].end, 32 * MIB);
	ok_eq(map.region[1].type, E820_ACPI);
}

UNIT_TEST(x86_memmap_carve_middle_splits)
{
	struct memmap map;

	sample_map(&map);
	ok_eq(memmap_carve(&map, 0x4000000, 0x5000000, E820_RESERVED), 0);
	ok_eq(map.count, 7);
	ok_eq(map.region[3].start, 0x100000);
	ok_eq(map.region[3].end, 0x4000000);
	ok_eq(map.region[3].type, E820_RAM);
	ok_eq(map.region[4].start, 0x4000000);
	ok_eq(map.region[4].end, 0x5000000);
	ok_eq(map.region[4].type, E820_RESERVED);
	ok_eq(map.region[5].start, 0x5000000);
	ok_eq(map.region[5].end, 0x7fe0000);
	ok_eq(map.region[5].type, E820_RAM);
	ok_eq(map.region[6].start, 0x7fe0000);
}

UNIT_TEST(x86_memmap_carve_spans_regions_and_holes)
{
	struct memmap map;

	sample_map(&map);
	/* From inside base memory to past 1 MiB: the hole at A0000 stays one. */
	ok_eq(memmap_carve(&map, 0x9e000, 0x200000, E820_RESERVED), 0);
	ok_eq(map.region[0].end, 0x9e000);
	ok_eq(map.region[1].start, 0x9e000);
	ok_eq(map.region[1].end, 0x9fc00);
	ok_eq(map.region[1].type, E820_RESERVED);
	ok_eq(map.region[2].start, 0x9fc00);
	ok_eq(map.region[3].start, 0xf0000);
	ok_eq(map.region[4].start, 0x100000);
	ok_eq(map.region[4].end, 0x200000);
	ok_eq(map.region[4].type, E820_RESERVED);
	ok_eq(map.region[5].start, 0x200000);
	ok_eq(map.region[5].type, E820_RAM);
	ok_eq(map.count, 7);
}

UNIT_TEST(x86_memmap_carve_whole_region_and_outside)
{
	struct memmap map;

	sample_map(&map);
	ok_eq(memmap_carve(&map, 0, 0x9fc00, E820_UNUSABLE), 0);
	ok_eq(map.count, 5);
	ok_eq(map.region[0].type, E820_UNUSABLE);
	ok_eq(memmap_carve(&map, 1ULL << 32, 1ULL << 33, E820_RESERVED), 0);
	ok_eq(map.count, 5);
}

UNIT_TEST(x86_memmap_carve_full_map)
{
	struct memmap map = { .count = 0 };
	unsigned int i;

	for (i = 0; i < MEMMAP_MAX; i++)
		memmap_add(&map, i * 2 * MIB, (i * 2 + 1) * MIB, E820_RAM);
	ok_eq(map.count, MEMMAP_MAX);
	ok(err_is(memmap_carve(&map, MIB / 2, MIB / 2 + 1, E820_RESERVED),
		  ENOSPC));
	ok_eq(map.count, MEMMAP_MAX);
	ok_eq(map.region[0].end, MIB);
}

UNIT_TEST(x86_memmap_type_names)
{
	ok_str(memmap_type_name(E820_RAM), "usable");
	ok_str(memmap_type_name(E820_RESERVED), "reserved");
	ok_str(memmap_type_name(99), "other");
}
