/* Freestanding <string.h>: memory.c (mem*) and string.c (str*) in src/libc. */
#ifndef WIREBOOT_LIBC_STRING_H
#define WIREBOOT_LIBC_STRING_H

#include <stddef.h>
#include <wireboot/malloc.h>

void *memcpy(void *dest, const void *src, size_t len);
void *memmove(void *dest, const void *src, size_t len);
void *memset(void *dest, int c, size_t len);
int memcmp(const void *a, const void *b, size_t len);
void *memchr(const void *s, int c, size_t len);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t len);
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t len);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
char *strcpy(char *dest, const char *src);
char *strncpy(char *dest, const char *src, size_t len);
char *strcat(char *dest, const char *src);
char *strncat(char *dest, const char *src, size_t len);
size_t strlcpy(char *dest, const char *src, size_t size);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
char *strpbrk(const char *s, const char *accept);

/* Allocating copies come from the wireboot heap (see <wireboot/malloc.h>). */
char *heap_strdup(const char *s);
char *heap_strndup(const char *s, size_t max);
static inline char *strdup(const char *s)
{
	return heap_strdup(s);
}
static inline char *strndup(const char *s, size_t max)
{
	return heap_strndup(s, max);
}

#endif
