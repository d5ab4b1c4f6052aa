/*
 * Physical memory for the OS loaders: what is free to load into, where an
 * initrd can go, and copying there (see <x86/loadmem.h>).
 */
#include <stdio.h>
#include <string.h>
#include <wireboot/elf.h>
#include <wireboot/errors.h>
#include <x86/io.h>
#include <x86/loadmem.h>
#include <x86/memmap.h>
#include <x86/pcbios.h>
#include <x86/realmode.h>

#define ERR_SUBSYS ESUB_IMAGE

#define MIB (1024ULL * 1024)
#define GIB4 (1ULL << 32)
/* Internal map type for ranges that are RAM but taken. */
#define MEM_BUSY 0x7fffffff

bool loadmem_resident(void)
{
	/* hidemem.c keeps its INT 15h hook (one entry) while others remain. */
	return rm_entries_in_use() > 1;
}

/* Is [START, END) inside one usable region of MAP? */
static bool all_ram(const struct memmap *map, uint64_t start, uint64_t end)
{
	unsigned int i;

	for (i = 0; i < map->count; i++) {
		const struct memmap_region *r = &map->region[i];

		if (r->type == E820_RAM && r->start <= start && end <= r->end)
			return true;
	}
	return false;
}

int loadmem_check(uint64_t start, uint64_t end)
{
	/* memmap_read() left the map sorted, touching regions merged. */
	if (start >= MIB && end <= GIB4 && start <= end &&
	    all_ram(&memmap_boot, start, end) &&
	    (end <= wireboot_mem_start || start >= wireboot_mem_end))
		return 0;
	printf("Memory %#llx-%#llx is not free RAM\n",
	       (unsigned long long)start, (unsigned long long)end);
	return ERR(ERANGE);
}

int loadmem_find_top(uint64_t len, uint64_t limit,
		     const struct load_range *avoid, unsigned int count,
		     bool heap_busy, uint64_t *start)
{
	static struct memmap map;
	uint64_t code_end = wireboot_mem_start + (uintptr_t)_pm_memsz;
	uint64_t best = 0, top;
	unsigned int i;

	map = memmap_boot;
	limit = MIN(limit, GIB4);
	if (memmap_carve(&map, 0, MIB, MEM_BUSY) != 0 ||
	    memmap_carve(&map, limit, ~0ULL, MEM_BUSY) != 0 ||
	    memmap_carve(&map, wireboot_mem_start,
			 heap_busy ? wireboot_mem_end : code_end,
			 MEM_BUSY) != 0)
		return ERR(ENOSPC);
	for (i = 0; i < count; i++) {
		if (memmap_carve(&map, avoid[i].start, avoid[i].end,
				 MEM_BUSY) != 0)
			return ERR(ENOSPC);
	}
	/* Carving kept the order and made no two RAM regions touch. */
	for (i = 0; i < map.count; i++) {
		const struct memmap_region *r = &map.region[i];

		if (r->type != E820_RAM || r->end - r->start < len)
			continue;
		top = (r->end - len) & ~(LOADMEM_PAGE - 1);
		if (top >= r->start && top > best)
			best = top;
	}
	if (!best)
		return ERR(ENOSPC);
	*start = best;
	return 0;
}

void loadmem_copy(uint64_t dest, const void *src, size_t len, uint64_t memsz)
{
	uint8_t *to = phys_to_virt((physaddr_t)dest);

	memmove(to, src, len);
	memset(to + len, 0, (size_t)(memsz - len));
}

int loadmem_check_segments(const struct load_segment *segment,
			   unsigned int count)
{
	unsigned int i;
	int rc;

	for (i = 0; i < count; i++) {
		rc = loadmem_check(segment[i].dest,
				   segment[i].dest + segment[i].memsz);
		if (rc != 0)
			return rc;
	}
	return 0;
}

void loadmem_load_segments(const void *data,
			   const struct load_segment *segment,
			   unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		loadmem_copy(segment[i].dest,
			     (const uint8_t *)data + segment[i].offset,
			     segment[i].filesz, segment[i].memsz);
	}
}
