/*
 * The heap: first-fit allocation from a singly-linked list of free blocks
 * kept in address order, so that a freed block merges with free neighbours
 * at once.  Every allocated block starts with a header holding its size and
 * a check word that catches double frees and stray pointers.
 *
 * Under AddressSanitizer everything in the heap except the bytes callers
 * asked for is poisoned (free memory, headers, the slack after each
 * allocation), so overflows and use-after-free inside our own heap are
 * caught.  The functions that read headers are therefore not instrumented.
 */
#include <stdio.h>
#include <string.h>
#include <wireboot/malloc.h>

/* The header in front of every allocation. */
struct heap_used {
	/* Bytes in the block, this header included. */
	size_t size;
	/* Bytes the caller asked for. */
	size_t len;
	/* HEAP_MAGIC mixed with the header's address and size. */
	uintptr_t magic;
} __aligned(HEAP_MIN_ALIGN);

/* The header of a free block. */
struct heap_free {
	/* Bytes in the block, this header included. */
	size_t size;
	/* The next free block up in memory. */
	struct heap_free *next;
};

/* Block sizes are multiples of HEAP_MIN_ALIGN, so any gap can be free. */
_Static_assert(sizeof(struct heap_free) <= HEAP_MIN_ALIGN,
	       "a free block header must fit the smallest gap");

#define HEAP_MAGIC ((uintptr_t)0x5a3c96e1a57bc0deULL)
#define USED_HDR sizeof(struct heap_used)
#define ROUND_UP(x, a) (((x) + (a) - 1) & ~((size_t)(a) - 1))

#ifdef __SANITIZE_ADDRESS__
void __asan_poison_memory_region(void const volatile *addr, size_t size);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#define poison(addr, size) __asan_poison_memory_region((addr), (size))
#define unpoison(addr, size) __asan_unpoison_memory_region((addr), (size))
#else
#define poison(addr, size) ((void)(addr), (void)(size))
#define unpoison(addr, size) ((void)(addr), (void)(size))
#endif

/* For functions that read or write heap headers (poisoned under ASan). */
#define __heap_internal __attribute__((no_sanitize_address))

static struct heap main_heap;

static __heap_internal uintptr_t used_magic(const struct heap_used *used)
{
	return HEAP_MAGIC ^ (uintptr_t)used ^ used->size;
}

/* Block size needed for an allocation of SIZE bytes. */
static size_t block_size(size_t size)
{
	return ROUND_UP(USED_HDR + (size ? size : 1), HEAP_MIN_ALIGN);
}

/* Make [START, START+SIZE) a free block linked in at *LINK. */
static __heap_internal void make_free(struct heap *heap, void *start,
				      size_t size, struct heap_free **link)
{
	struct heap_free *block = start;

	block->size = size;
	block->next = *link;
	*link = block;
	heap->free_blocks++;
}

/* Complain about a bad pointer; the heap is left as it was. */
static void heap_bad(const char *what, void *ptr, const char *why)
{
	printf("\n*** HEAP ERROR: %s(%p): %s; ignored ***\n", what, ptr, why);
}

/*
 * Return the range [START, START+SIZE) to the free list, merging it with
 * free neighbours.  Fails (returning false) if the range overlaps memory
 * that is already free.
 */
static __heap_internal bool release(struct heap *heap, void *start,
				    size_t size)
{
	uintptr_t begin = (uintptr_t)start;
	uintptr_t end = begin + size;
	struct heap_free **link = &heap->free;
	struct heap_free *before = NULL;
	struct heap_free *after;
	struct heap_free *block;

	while (*link && (uintptr_t)*link < begin) {
		before = *link;
		link = &before->next;
	}
	after = *link;
	if ((before && (uintptr_t)before + before->size > begin) ||
	    (after && (uintptr_t)after < end))
		return false;
	poison(start, size);
	heap->free_bytes += size;
	if (before && (uintptr_t)before + before->size == begin) {
		before->size += size;
		block = before;
	} else {
		make_free(heap, start, size, link);
		block = start;
	}
	if (after && (uintptr_t)after == end) {
		block->size += after->size;
		block->next = after->next;
		heap->free_blocks--;
	}
	return true;
}

/* Remember a failed request of SIZE bytes aligned to ALIGN. */
static void record_failure(struct heap *heap, size_t size, size_t align)
{
	heap->failed = true;
	heap->failure.size = size;
	heap->failure.align = align;
	heap->failure.free_bytes = heap->free_bytes;
	heap->failure.free_blocks = heap->free_blocks;
	heap->failure.largest = heap_largest_free_in(heap);
}

/* The header of allocation PTR, or NULL (after complaining) if it is bad. */
static __heap_internal struct heap_used *used_header(void *ptr,
						     const char *what)
{
	struct heap_used *used;

	if ((uintptr_t)ptr & (HEAP_MIN_ALIGN - 1)) {
		heap_bad(what, ptr, "not a heap pointer");
		return NULL;
	}
	used = (struct heap_used *)ptr - 1;
	if (used->magic != used_magic(used) || used->size < block_size(0) ||
	    (used->size & (HEAP_MIN_ALIGN - 1)) ||
	    used->len > used->size - USED_HDR) {
		heap_bad(what, ptr, "double free or corrupted header");
		return NULL;
	}
	return used;
}

/* Seal USED as an allocation of LEN bytes filling SIZE bytes of block. */
static __heap_internal void *seal(struct heap_used *used, size_t size,
				  size_t len)
{
	used->size = size;
	used->len = len;
	used->magic = used_magic(used);
	poison(used, size);
	unpoison(used + 1, len);
	return used + 1;
}

void heap_init(struct heap *heap)
{
	memset(heap, 0, sizeof(*heap));
}

void heap_add_region_in(struct heap *heap, void *start, size_t len)
{
	uintptr_t begin = ROUND_UP((uintptr_t)start, HEAP_MIN_ALIGN);
	uintptr_t end = ((uintptr_t)start + len) &
			~(uintptr_t)(HEAP_MIN_ALIGN - 1);

	if (end <= begin)
		return;
	if (!release(heap, (void *)begin, end - begin))
		heap_bad("heap_add_region", start, "overlaps free memory");
}

void *__heap_internal heap_alloc_in(struct heap *heap, size_t size,
				    size_t align)
{
	struct heap_free **link;
	struct heap_free *block;
	uintptr_t begin, end, hdr;
	size_t need, tail;

	if ((align & (align - 1)) || size > ((size_t)-1) / 2 ||
	    align > ((size_t)-1) / 4) {
		record_failure(heap, size, align);
		return NULL;
	}
	if (align < HEAP_MIN_ALIGN)
		align = HEAP_MIN_ALIGN;
	need = block_size(size);
	for (link = &heap->free; (block = *link) != NULL; link = &block->next) {
		begin = (uintptr_t)block;
		end = begin + block->size;
		hdr = ROUND_UP(begin + USED_HDR, align) - USED_HDR;
		if (hdr >= end || end - hdr < need)
			continue;
		tail = end - hdr - need;
		if (hdr != begin) {
			/* The gap in front stays free. */
			block->size = hdr - begin;
			link = &block->next;
		} else {
			*link = block->next;
			heap->free_blocks--;
		}
		if (tail)
			make_free(heap, (void *)(hdr + need), tail, link);
		heap->free_bytes -= need;
		return seal((struct heap_used *)hdr, need, size);
	}
	record_failure(heap, size, align);
	return NULL;
}

void __heap_internal heap_free_in(struct heap *heap, void *ptr)
{
	struct heap_used *used;

	if (!ptr)
		return;
	used = used_header(ptr, "free");
	if (!used)
		return;
	used->magic = 0;
	if (!release(heap, used, used->size)) {
		used->magic = used_magic(used);
		heap_bad("free", ptr, "block overlaps free memory");
	}
}

/* Try to grow or shrink USED in place to a block of NEED bytes. */
static __heap_internal bool resize_in_place(struct heap *heap,
					    struct heap_used *used,
					    size_t need)
{
	uintptr_t end = (uintptr_t)used + used->size;
	struct heap_free **link = &heap->free;
	struct heap_free *next;
	size_t extra;

	if (need <= used->size) {
		extra = used->size - need;
		if (extra) {
			used->size = need;
			release(heap, (void *)(end - extra), extra);
		}
		return true;
	}
	extra = need - used->size;
	while ((next = *link) != NULL && (uintptr_t)next < end)
		link = &next->next;
	if (!next || (uintptr_t)next != end || next->size < extra)
		return false;
	*link = next->next;
	heap->free_blocks--;
	if (next->size > extra)
		make_free(heap, (void *)(end + extra), next->size - extra,
			  link);
	heap->free_bytes -= extra;
	used->size += extra;
	return true;
}

void *__heap_internal heap_realloc_in(struct heap *heap, void *ptr,
				      size_t size)
{
	struct heap_used *used;
	void *copy;

	if (!ptr)
		return heap_alloc_in(heap, size, 0);
	if (!size) {
		heap_free_in(heap, ptr);
		return NULL;
	}
	used = used_header(ptr, "realloc");
	if (!used)
		return NULL;
	if (size <= ((size_t)-1) / 2 &&
	    resize_in_place(heap, used, block_size(size)))
		return seal(used, used->size, size);
	copy = heap_alloc_in(heap, size, 0);
	if (!copy)
		return NULL;
	memcpy(copy, ptr, MIN(used->len, size));
	heap_free_in(heap, ptr);
	return copy;
}

size_t __heap_internal heap_largest_free_in(struct heap *heap)
{
	struct heap_free *block;
	size_t largest = 0;

	for (block = heap->free; block; block = block->next) {
		if (block->size > largest)
			largest = block->size;
	}
	return largest > USED_HDR ? largest - USED_HDR : 0;
}

size_t heap_failure_message(struct heap *heap, char *buf, size_t size)
{
	const struct heap_failure *fail = &heap->failure;

	if (!size)
		return 0;
	buf[0] = '\0';
	if (!heap->failed)
		return 0;
	return (size_t)ssnprintf(buf, size,
		"Out of memory: wanted %zu bytes aligned to %zu, %zu free in "
		"%zu block%s, largest %zu", fail->size, fail->align,
		fail->free_bytes, fail->free_blocks,
		fail->free_blocks == 1 ? "" : "s", fail->largest);
}

void heap_add_region(void *start, size_t len)
{
	heap_add_region_in(&main_heap, start, len);
}

void *heap_alloc(size_t size, size_t align)
{
	return heap_alloc_in(&main_heap, size, align);
}

void *heap_zalloc(size_t size)
{
	void *ptr = heap_alloc_in(&main_heap, size, 0);

	if (ptr)
		memset(ptr, 0, size);
	return ptr;
}

void *heap_realloc(void *ptr, size_t size)
{
	return heap_realloc_in(&main_heap, ptr, size);
}

void heap_free(void *ptr)
{
	heap_free_in(&main_heap, ptr);
}

size_t heap_free_bytes(void)
{
	return main_heap.free_bytes;
}

size_t heap_largest_free(void)
{
	return heap_largest_free_in(&main_heap);
}

void heap_report(void)
{
	char msg[160];

	if (heap_failure_message(&main_heap, msg, sizeof(msg)))
		printf("%s\n", msg);
	else
		printf("Heap: %zu bytes free in %zu blocks, largest %zu\n",
		       main_heap.free_bytes, main_heap.free_blocks,
		       heap_largest_free_in(&main_heap));
}
