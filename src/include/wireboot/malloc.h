/*
 * The heap.  The platform hands regions of free memory to heap_add_region()
 * at start-up; everything else allocates through malloc()/zalloc()/free()
 * (declared in <stdlib.h>) or heap_alloc() when alignment matters.
 * A failed allocation returns NULL and records what was asked for, so the
 * caller's ERR(ENOMEM) can be explained with heap_report().
 *
 * The functions ending in _in work on an explicit struct heap; the plain
 * ones use the main heap.  Separate heaps exist for tests and for memory
 * that must not mix with the main heap.
 */
#ifndef WIREBOOT_MALLOC_H
#define WIREBOOT_MALLOC_H

#include <wireboot/compiler.h>

/* Every allocation is aligned to at least this many bytes. */
#define HEAP_MIN_ALIGN 16

/* What the last failed allocation asked for and what the heap had then. */
struct heap_failure {
	size_t size;
	size_t align;
	size_t free_bytes;
	size_t free_blocks;
	size_t largest;
};

struct heap_free;

struct heap {
	/* Free blocks in address order. */
	struct heap_free *free;
	/* Bytes in free blocks (their headers included) and how many blocks. */
	size_t free_bytes;
	size_t free_blocks;
	/* The last failure, valid when FAILED is set. */
	bool failed;
	struct heap_failure failure;
};

/* Give the heap a region of free memory. */
void heap_add_region(void *start, size_t len);

/* Allocate SIZE bytes aligned to ALIGN (a power of two; 0 means default). */
void *heap_alloc(size_t size, size_t align);

/* Allocate zero-filled memory. */
void *heap_zalloc(size_t size);

/*
 * Resize an allocation made by heap_alloc()/heap_zalloc(); NULL PTR
 * allocates, SIZE 0 frees and returns NULL.  A block that has to move gets
 * the default alignment, whatever it was allocated with.
 */
void *heap_realloc(void *ptr, size_t size);

/* Release an allocation; NULL is ignored. */
void heap_free(void *ptr);

/* Free bytes remaining and the largest block that could be allocated. */
size_t heap_free_bytes(void);
size_t heap_largest_free(void);

/* Print why the last allocation failed ("Out of memory: wanted N bytes ..."). */
void heap_report(void);

/* An empty heap. */
void heap_init(struct heap *heap);

/* The same operations on HEAP. */
void heap_add_region_in(struct heap *heap, void *start, size_t len);
void *heap_alloc_in(struct heap *heap, size_t size, size_t align);
void *heap_realloc_in(struct heap *heap, void *ptr, size_t size);
void heap_free_in(struct heap *heap, void *ptr);
size_t heap_largest_free_in(struct heap *heap);

/*
 * Write HEAP's last failure as words into BUF (always NUL-terminated);
 * returns the length written, 0 when nothing has failed.
 */
size_t heap_failure_message(struct heap *heap, char *buf, size_t size);

#endif
