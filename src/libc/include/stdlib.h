/* Freestanding <stdlib.h>: the heap, number parsing, small utilities. */
#ifndef WIREBOOT_LIBC_STDLIB_H
#define WIREBOOT_LIBC_STDLIB_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <wireboot/malloc.h>

/*
 * The allocation functions are inline wrappers so that, in the hosted build,
 * they never clash with the C library's own malloc().
 */
static inline void *malloc(size_t size)
{
	return heap_alloc(size, 0);
}
static inline void *zalloc(size_t size)
{
	return heap_zalloc(size);
}
static inline void *calloc(size_t count, size_t size)
{
	if (size && count > (size_t)-1 / size)
		return NULL;
	return heap_zalloc(count * size);
}
static inline void *realloc(void *ptr, size_t size)
{
	return heap_realloc(ptr, size);
}
static inline void free(void *ptr)
{
	heap_free(ptr);
}

/* C11 number parsing (src/libc/strto.c); no errno: overflow clamps. */
unsigned long strtoul(const char *s, char **end, int base);
long strtol(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
int atoi(const char *s);

/*
 * Not C: read the digits in BASE (2 to 36) at *TEXT into *VALUE, moving *TEXT
 * past them; no space, sign or prefix.  False if there is no digit or the
 * value exceeds MAX.
 */
bool parse_digits(const char **text, unsigned int base, uint64_t max,
		  uint64_t *value);
int abs(int value);

/* Pseudo-random numbers (not cryptographic); seeded from the platform clock. */
long random(void);
void srandom(unsigned int seed);

void qsort(void *base, size_t count, size_t size,
	   int (*compare)(const void *a, const void *b));

#endif
