/* Unit tests for the heap (src/core/heap.c), mostly on private heaps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/malloc.h>
#include "unittest.h"

#define ARENA_SIZE (4 * 1024 * 1024)

static uint8_t arena[ARENA_SIZE] __aligned(65536);

/* A private heap over the whole arena. */
static void fresh_heap(struct heap *heap, size_t len)
{
	heap_init(heap);
	heap_add_region_in(heap, arena, len);
}

/* A small deterministic pseudo-random sequence. */
static uint32_t next_random(uint32_t *state)
{
	*state = *state * 1103515245 + 12345;
	return *state >> 8;
}

/* Do all LEN bytes at P equal BYTE? */
static bool all_bytes(const void *p, int byte, size_t len)
{
	const uint8_t *b = p;

	while (len--) {
		if (*b++ != (uint8_t)byte)
			return false;
	}
	return true;
}

UNIT_TEST(heap_alignment)
{
	static const size_t sizes[] = { 0, 1, 7, 16, 31, 100, 1000, 4095, 5000 };
	static const size_t aligns[] = { 0, 1, 16, 32, 64, 256, 4096, 65536 };
	void *ptrs[ARRAY_SIZE(sizes) * ARRAY_SIZE(aligns)];
	struct heap heap;
	size_t i, j, n = 0;
	size_t start_free;

	fresh_heap(&heap, ARENA_SIZE);
	start_free = heap.free_bytes;
	ok_eq(start_free, ARENA_SIZE);
	ok_eq(heap.free_blocks, 1);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (j = 0; j < ARRAY_SIZE(aligns); j++) {
			size_t align = aligns[j] > HEAP_MIN_ALIGN ?
				       aligns[j] : HEAP_MIN_ALIGN;
			void *p = heap_alloc_in(&heap, sizes[i], aligns[j]);

			ok(p != NULL);
			ok_eq((uintptr_t)p & (align - 1), 0);
			memset(p, (int)n, sizes[i]);
			ptrs[n++] = p;
		}
	}
	/* Every block still holds its own pattern: nothing overlapped. */
	n = 0;
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (j = 0; j < ARRAY_SIZE(aligns); j++, n++)
			ok(all_bytes(ptrs[n], (int)n, sizes[i]));
	}
	ok(heap_alloc_in(&heap, 10, 3) == NULL);
	for (i = 0; i < n; i++)
		heap_free_in(&heap, ptrs[i]);
	ok_eq(heap.free_bytes, start_free);
	ok_eq(heap.free_blocks, 1);
}

UNIT_TEST(heap_coalesce_random_order)
{
	enum { COUNT = 300 };
	void *ptrs[COUNT];
	size_t order[COUNT];
	uint32_t seed = 12345;
	struct heap heap;
	size_t i, largest;

	fresh_heap(&heap, ARENA_SIZE);
	largest = heap_largest_free_in(&heap);
	for (i = 0; i < COUNT; i++) {
		ptrs[i] = heap_alloc_in(&heap, next_random(&seed) % 3000,
					(size_t)1 << (next_random(&seed) % 10));
		ok(ptrs[i] != NULL);
		order[i] = i;
	}
	/* Free every other block, reallocate some, then free the rest. */
	for (i = 0; i < COUNT; i += 2) {
		heap_free_in(&heap, ptrs[i]);
		ptrs[i] = heap_alloc_in(&heap, next_random(&seed) % 500, 0);
		ok(ptrs[i] != NULL);
	}
	for (i = COUNT - 1; i > 0; i--) {
		size_t k = next_random(&seed) % (i + 1);
		size_t tmp = order[i];

		order[i] = order[k];
		order[k] = tmp;
	}
	for (i = 0; i < COUNT; i++)
		heap_free_in(&heap, ptrs[order[i]]);
	ok_eq(heap.free_blocks, 1);
	ok_eq(heap.free_bytes, ARENA_SIZE);
	ok_eq(heap_largest_free_in(&heap), largest);
}

UNIT_TEST(heap_regions_merge)
{
	struct heap heap;

	heap_init(&heap);
	ok(heap_alloc_in(&heap, 1, 0) == NULL);
	/* Ragged edges are trimmed to the heap's alignment. */
	heap_add_region_in(&heap, arena + 3, 4093);
	ok_eq(heap.free_bytes, 4096 - HEAP_MIN_ALIGN);
	heap_add_region_in(&heap, arena + 8192, 4096);
	ok_eq(heap.free_blocks, 2);
	heap_add_region_in(&heap, arena + 4096, 4096);
	ok_eq(heap.free_blocks, 1);
	ok_eq(heap.free_bytes, 3 * 4096 - HEAP_MIN_ALIGN);
	printf("# a HEAP ERROR message expected:\n");
	heap_add_region_in(&heap, arena + 6000, 100);
	ok_eq(heap.free_blocks, 1);
	ok_eq(heap.free_bytes, 3 * 4096 - HEAP_MIN_ALIGN);
}

UNIT_TEST(heap_realloc_preserves_data)
{
	struct heap heap;
	uint8_t *p, *q, *blocker;
	size_t i;

	fresh_heap(&heap, 1024 * 1024);
	p = heap_realloc_in(&heap, NULL, 100);
	ok(p != NULL);
	for (i = 0; i < 100; i++)
		p[i] = (uint8_t)i;
	/* Grows in place into the free space after it. */
	q = heap_realloc_in(&heap, p, 5000);
	ok(q == p);
	for (i = 0; i < 100; i++)
		ok_eq(q[i], i);
	memset(q + 100, 0xee, 4900);
	/* Shrinks in place, giving the rest back. */
	p = heap_realloc_in(&heap, q, 50);
	ok(p == q);
	ok_eq(heap.free_blocks, 1);
	for (i = 0; i < 50; i++)
		ok_eq(p[i], i);
	/* Something right behind it forces a move. */
	blocker = heap_alloc_in(&heap, 10, 0);
	ok(blocker > p);
	q = heap_realloc_in(&heap, p, 20000);
	ok(q != NULL && q != p);
	for (i = 0; i < 50; i++)
		ok_eq(q[i], i);
	ok(heap_realloc_in(&heap, q, 0) == NULL);
	heap_free_in(&heap, blocker);
	ok_eq(heap.free_blocks, 1);
	ok_eq(heap.free_bytes, 1024 * 1024);
}

UNIT_TEST(heap_out_of_memory)
{
	struct heap heap;
	char msg[160];
	char want[160];
	size_t largest;
	void *p;

	fresh_heap(&heap, 65536);
	ok_eq(heap_failure_message(&heap, msg, sizeof(msg)), 0);
	ok_str(msg, "");
	largest = heap_largest_free_in(&heap);
	ok(heap_alloc_in(&heap, 1048576, 4096) == NULL);
	heap_failure_message(&heap, msg, sizeof(msg));
	snprintf(want, sizeof(want), "Out of memory: wanted 1048576 bytes "
		 "aligned to 4096, 65536 free in 1 block, largest %zu",
		 largest);
	ok_str(msg, want);
	/* The largest free block really can be had, and no more. */
	ok(heap_alloc_in(&heap, largest + 1, 0) == NULL);
	p = heap_alloc_in(&heap, largest, 0);
	ok(p != NULL);
	ok_eq(heap.free_bytes, 0);
	ok(heap_alloc_in(&heap, 1, 0) == NULL);
	heap_free_in(&heap, p);
	ok_eq(heap.free_bytes, 65536);
}

UNIT_TEST(heap_zalloc_zeroes)
{
	uint8_t *p = heap_alloc(4000, 0);
	size_t before;

	ok(p != NULL);
	if (!p)
		return;
	memset(p, 0xaa, 4000);
	heap_free(p);
	before = heap_free_bytes();
	p = heap_zalloc(4000);
	ok(p != NULL);
	if (!p)
		return;
	ok(heap_free_bytes() < before);
	ok(all_bytes(p, 0, 4000));
	heap_free(p);
	ok_eq(heap_free_bytes(), before);
}

UNIT_TEST(heap_bad_free_ignored)
{
	struct heap heap;
	uint8_t *p, *q;

	fresh_heap(&heap, 65536);
	p = heap_alloc_in(&heap, 64, 0);
	q = heap_alloc_in(&heap, 64, 0);
	heap_free_in(&heap, p);
	printf("# two HEAP ERROR messages expected:\n");
	heap_free_in(&heap, p);
	heap_free_in(&heap, q + 1);
	ok_eq(heap.free_blocks, 2);
	heap_free_in(&heap, q);
	ok_eq(heap.free_blocks, 1);
	ok_eq(heap.free_bytes, 65536);
}

#ifdef __SANITIZE_ADDRESS__
int __asan_address_is_poisoned(void const volatile *addr);

UNIT_TEST(heap_asan_poisoning)
{
	struct heap heap;
	uint8_t *p;

	fresh_heap(&heap, 65536);
	p = heap_alloc_in(&heap, 10, 0);
	ok(!__asan_address_is_poisoned(p));
	ok(!__asan_address_is_poisoned(p + 9));
	ok(__asan_address_is_poisoned(p + 10));
	ok(__asan_address_is_poisoned(p - 1));
	ok(__asan_address_is_poisoned(p + 16));
	ok(__asan_address_is_poisoned(p + 200));
	heap_free_in(&heap, p);
	ok(__asan_address_is_poisoned(p));
	ok(__asan_address_is_poisoned(p + 9));
}
#endif
