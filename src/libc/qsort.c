/*
 * qsort() of <stdlib.h>, as a heapsort: O(n log n) in the worst case, no
 * recursion and no allocation, which suits a small firmware stack.  Like any
 * qsort() it is not stable.
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

/* Move element ROOT down until the heap of COUNT elements below it is valid. */
static void sift_down(unsigned char *base, size_t root, size_t count,
		      size_t size, int (*compare)(const void *a, const void *b))
{
	size_t child;

	while (root < count / 2) {
		child = 2 * root + 1;
		if (child + 1 < count &&
		    compare(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (compare(base + root * size, base + child * size) >= 0)
			return;
		swap_elements(base + root * size, base + child * size, size);
		root = child;
	}
}

void qsort(void *base, size_t count, size_t size,
	   int (*compare)(const void *a, const void *b))
{
	unsigned char *array = base;
	size_t i;

	if (count < 2 || !size)
		return;
	for (i = count / 2; i-- > 0;)
		sift_down(array, i, count, size, compare);
	for (i = count - 1; i > 0; i--) {
		swap_elements(array, array + i * size, size);
		sift_down(array, 0, i, size, compare);
	}
}
