/*
 * The PC memory map as the BIOS reports it (INT 15h E820, or E801/88h on
 * old machines), and where wireboot itself lives in it.
 */
#ifndef WIREBOOT_X86_MEMMAP_H
#define WIREBOOT_X86_MEMMAP_H

#include <wireboot/compiler.h>

#define E820_RAM 1
#define E820_RESERVED 2
#define E820_ACPI 3
#define E820_NVS 4
#define E820_UNUSABLE 5

#define MEMMAP_MAX 64

struct memmap_region {
	uint64_t start;
	/* One past the last byte. */
	uint64_t end;
	uint32_t type;
};

struct memmap {
	unsigned int count;
	struct memmap_region region[MEMMAP_MAX];
};

/* Read the BIOS memory map into MAP (sorted by start address). */
void memmap_read(struct memmap *map);

/* Append [START, END) of TYPE to MAP (dropped if MAP is full or it is empty). */
void memmap_add(struct memmap *map, uint64_t start, uint64_t end,
		uint32_t type);

/* Sort MAP by start address and merge touching regions of one type. */
void memmap_tidy(struct memmap *map);

/*
 * Relabel every part of MAP that lies in [START, END) as TYPE, splitting
 * regions as needed (holes stay holes).  ERR(ENOSPC) if MAP is full.
 */
int memmap_carve(struct memmap *map, uint64_t start, uint64_t end,
		 uint32_t type);

/* Short word for an E820 type ("usable", "reserved", ...). */
const char *memmap_type_name(uint32_t type);

/* The map read at start-up, before wireboot reserved anything. */
extern struct memmap memmap_boot;

/*
 * What wireboot occupies in high memory: its heap and relocated image,
 * one contiguous range that is hidden from the OS (see hidemem.c).
 */
extern uint32_t wireboot_mem_start, wireboot_mem_end;

#endif
