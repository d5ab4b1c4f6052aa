/*
 * String functions of <string.h> (lengths, comparisons, searches, copies).
 * They follow C11 exactly, since in the hosted build they replace the C
 * library's copies for the whole process: characters compare as unsigned
 * char, and no function reads a byte beyond what the standard lets it.
 */
#include <string.h>
#include <ctype.h>

/* See memory.c: keep GCC from turning these loops into library calls. */
#pragma GCC optimize("no-tree-loop-distribute-patterns")

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t len = 0;

	while (len < max && s[len])
		len++;
	return len;
}

int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, (size_t)-1);
}

int strncmp(const char *a, const char *b, size_t len)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; len; x++, y++, len--) {
		if (*x != *y)
			return *x - *y;
		if (!*x)
			break;
	}
	return 0;
}

int strcasecmp(const char *a, const char *b)
{
	return strncasecmp(a, b, (size_t)-1);
}

int strncasecmp(const char *a, const char *b, size_t len)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;
	int diff;

	for (; len; x++, y++, len--) {
		diff = tolower(*x) - tolower(*y);
		if (diff)
			return diff;
		if (!*x)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	char ch = (char)c;

	for (;; s++) {
		if (*s == ch)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	char ch = (char)c;
	const char *found = NULL;

	for (;; s++) {
		if (*s == ch)
			found = s;
		if (!*s)
			return (char *)found;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t len = strlen(needle);

	for (; *haystack; haystack++) {
		if (strncmp(haystack, needle, len) == 0)
			return (char *)haystack;
	}
	return len ? NULL : (char *)haystack;
}

char *strpbrk(const char *s, const char *accept)
{
	s += strcspn(s, accept);
	return *s ? (char *)s : NULL;
}

size_t strspn(const char *s, const char *accept)
{
	size_t len = 0;

	while (s[len] && strchr(accept, s[len]))
		len++;
	return len;
}

size_t strcspn(const char *s, const char *reject)
{
	size_t len = 0;

	while (s[len] && !strchr(reject, s[len]))
		len++;
	return len;
}

char *strcpy(char *dest, const char *src)
{
	char *d = dest;

	while ((*d++ = *src++))
		;
	return dest;
}

char *strncpy(char *dest, const char *src, size_t len)
{
	size_t i = 0;

	for (; i < len && src[i]; i++)
		dest[i] = src[i];
	for (; i < len; i++)
		dest[i] = '\0';
	return dest;
}

char *strcat(char *dest, const char *src)
{
	strcpy(dest + strlen(dest), src);
	return dest;
}

char *strncat(char *dest, const char *src, size_t len)
{
	char *d = dest + strlen(dest);

	for (; len && *src; len--)
		*d++ = *src++;
	*d = '\0';
	return dest;
}

size_t strlcpy(char *dest, const char *src, size_t size)
{
	size_t len = strlen(src);
	size_t copy;

	if (size) {
		copy = len < size ? len : size - 1;
		memcpy(dest, src, copy);
		dest[copy] = '\0';
	}
	return len;
}
