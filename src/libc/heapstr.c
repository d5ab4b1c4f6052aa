/*
 * Copies of strings on the wireboot heap: heap_strdup()/heap_strndup(),
 * which <string.h> offers as strdup()/strndup().
 */
#include <string.h>
#include <stdlib.h>

char *heap_strndup(const char *s, size_t max)
{
	size_t len = strnlen(s, max);
	char *copy = malloc(len + 1);

	if (!copy)
		return NULL;
	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

char *heap_strdup(const char *s)
{
	return heap_strndup(s, (size_t)-1);
}
