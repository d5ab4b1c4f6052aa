/*
 * The pcbios start-up: called by init16.asm in protected mode with the
 * 32-bit part still where the prefix put it.  Reads the memory map, moves
 * the image and a heap to the top of a large stretch of RAM below 4 GiB
 * (away from anything the loader placed, such as an initrd), starts the
 * clock and hands over to the shared start-up flow.
 */
#include <stdio.h>
#include <wireboot/platform.h>
#include <wireboot/malloc.h>
#include <x86/memmap.h>
#include <x86/pcbios.h>
#include <x86/realmode.h>

#define MIB (1024ULL * 1024)
#define PAGE_MASK 0xfffULL
/* Internal map type for ranges that are RAM but taken. */
#define MEM_BUSY 0x7fffffff

/*
 * Heap size bounds, and the low memory left free for OS loaders: all of it
 * below LOW_KEEP if there is room above, else the lower half of the region.
 * Downloaded images live in the heap, hence the generous maximum; a Linux
 * kernel unpacks itself into the first 80 MiB or so, hence LOW_KEEP.
 */
#define HEAP_MIN (4 * MIB)
#define HEAP_MAX (512 * MIB)
#define LOW_KEEP (128 * MIB)

uint32_t wireboot_mem_start, wireboot_mem_end;

/* Stop with a message: nothing can work without memory. */
static void __noreturn fatal(const char *why)
{
	printf("wireboot: %s\n", why);
	for (;;)
		__asm__ volatile("cli; hlt");
}

/*
 * Choose where the image (MEMSZ bytes) and the heap go: the RAM region
 * (after taking out BUSY ranges) with the highest end that holds both,
 * heap at the top, image just below it.  Returns false if none fits.
 */
static bool choose_placement(const struct memmap *map, uint32_t memsz,
			     uint32_t *image, uint32_t *heap, uint32_t *heap_len)
{
	const struct memmap_region *best = NULL, *r;
	uint64_t top, low, size;
	unsigned int i;

	for (i = 0; i < map->count; i++) {
		r = &map->region[i];
		if (r->type != E820_RAM)
			continue;
		if ((r->end & ~PAGE_MASK) < r->start + memsz + HEAP_MIN + PAGE_MASK)
			continue;
		if (!best || r->end > best->end)
			best = r;
	}
	if (!best)
		return false;
	top = best->end & ~PAGE_MASK;
	low = (best->start + PAGE_MASK) & ~PAGE_MASK;
	if (low < LOW_KEEP && top >= LOW_KEEP + memsz + HEAP_MIN)
		low = LOW_KEEP;
	else if (top - low >= 2 * (memsz + HEAP_MIN))
		low = top - (top - low) / 2;
	size = MIN(HEAP_MAX, top - low - memsz) & ~PAGE_MASK;
	*heap = (uint32_t)(top - size);
	*heap_len = (uint32_t)size;
	*image = (uint32_t)((*heap - memsz) & ~PAGE_MASK);
	return true;
}

/* Take [START, START + LEN) out of MAP's free RAM (or stop). */
static void take(struct memmap *map, uint64_t start, uint64_t len)
{
	if (len && memmap_carve(map, start, start + len, MEM_BUSY) != 0)
		fatal("memory map too fragmented");
}

void x86_start(void)
{
	static struct memmap free_map;
	const struct x86_boot_info *info = rm_ptr(boot_info);
	uint32_t memsz = (uint32_t)(uintptr_t)_pm_memsz;
	struct x86_handover *handover;
	uint32_t image, heap, heap_len;

	for_each_table_entry(handover, x86_handovers)
		handover->probe(handover, info);
	memmap_read(&memmap_boot);

	/* RAM that is free for us: below 4 GiB, above 1 MiB, not in use. */
	free_map = memmap_boot;
	take(&free_map, 0, MIB);
	take(&free_map, 1ULL << 32, ~0ULL - (1ULL << 32));
	take(&free_map, virt_offset, memsz);
	for_each_table_entry(handover, x86_handovers)
		take(&free_map, handover->keep, handover->keep_len);
	if (!choose_placement(&free_map, memsz, &image, &heap, &heap_len))
		fatal("not enough memory");

	relocate_image(image);
	heap_add_region(phys_to_virt(heap), heap_len);
	wireboot_mem_start = image;
	wireboot_mem_end = heap + heap_len;

	timer_calibrate();
	platform_exit(wireboot_main());
}
