/*
 * qsort() of <stdlib.h>, as an insertion sort: no recursion and no
 * allocation, which suits a small firmware stack, and short.  It takes
 * O(n^2) steps, which is fine for what firmware sorts (the command list of
 * "help"); unlike most qsort()s it is stable.
 */
#include <stdlib.h>

/* Exchange two elements of SIZE bytes. */
static void swap_elements(unsigned char *a, unsigned char *b, size_t size)
{
	unsigned char tmp;

	while (size--) {
		tmp = *a;
		*a++ = *b;
		*b++ = tmp;
	}
}

void qsort(void *base, size_t count, size_t size,
	   int (*compare)(const void *a, const void *b))
{
	unsigned char *array = base;
	unsigned char *p;
	size_t i;

	/* Move each element down past the larger ones before it. */
	for (i = 1; i < count; i++) {
		for (p = array + i * size;
		     p > array && compare(p - size, p) > 0; p -= size)
			swap_elements(p - size, p, size);
	}
}
