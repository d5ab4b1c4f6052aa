/*
 * Memory block functions of <string.h>: memcpy, memmove, memset, memcmp,
 * memchr.  Copies move a machine word at a time once the destination is
 * word-aligned, whatever the source; fills once it is aligned.  Nothing
 * outside the requested range is touched (so AddressSanitizer checks every
 * access in the hosted build, where these definitions replace the C
 * library's for the whole process).
 */
#include <string.h>
#include <stdint.h>

/*
 * Stop GCC recognising the loops below as "a memcpy" or "a memset" and
 * compiling them into calls to the very functions they implement.
 */
#pragma GCC optimize("no-tree-loop-distribute-patterns")

/* A word that may alias any object. */
typedef unsigned long __attribute__((may_alias)) word_t;

/*
 * The same, at any address: the source of a copy is read a word at a time
 * even when it is not word-aligned (x86 loads these at full speed; the
 * compiler splits them on machines that cannot).
 */
typedef unsigned long __attribute__((may_alias, aligned(1))) unaligned_word_t;

#define WORD_MASK (sizeof(word_t) - 1)

/* Copy LEN bytes from the start upwards (safe when DEST is below SRC). */
static void copy_forwards(unsigned char *d, const unsigned char *s,
			  size_t len)
{
	while (len && ((uintptr_t)d & WORD_MASK)) {
		*d++ = *s++;
		len--;
	}
#ifdef __i386__
	{
		/*
		 * One string instruction for the words: fewer instructions per
		 * byte, which is what an emulated CPU (QEMU's TCG) pays for.
		 */
		size_t words = len / sizeof(word_t);

		__asm__ volatile("rep movsl"
				 : "+D"(d), "+S"(s), "+c"(words)
				 : : "memory");
		len %= sizeof(word_t);
	}
#endif
	while (len >= sizeof(word_t)) {
		*(word_t *)(void *)d =
			*(const unaligned_word_t *)(const void *)s;
		d += sizeof(word_t);
		s += sizeof(word_t);
		len -= sizeof(word_t);
	}
	while (len--)
		*d++ = *s++;
}

/* Copy LEN bytes from the end downwards (safe when DEST is above SRC). */
static void copy_backwards(unsigned char *d, const unsigned char *s,
			   size_t len)
{
	d += len;
	s += len;
	while (len && ((uintptr_t)d & WORD_MASK)) {
		*--d = *--s;
		len--;
	}
	while (len >= sizeof(word_t)) {
		d -= sizeof(word_t);
		s -= sizeof(word_t);
		*(word_t *)(void *)d =
			*(const unaligned_word_t *)(const void *)s;
		len -= sizeof(word_t);
	}
	while (len--)
		*--d = *--s;
}

void *memcpy(void *dest, const void *src, size_t len)
{
	copy_forwards(dest, src, len);
	return dest;
}

void *memmove(void *dest, const void *src, size_t len)
{
	if ((uintptr_t)dest <= (uintptr_t)src)
		copy_forwards(dest, src, len);
	else
		copy_backwards(dest, src, len);
	return dest;
}

void *memset(void *dest, int c, size_t len)
{
	unsigned char *d = dest;
	unsigned char byte = (unsigned char)c;
	word_t pattern = (word_t)-1 / 0xff * byte;

	while (len && ((uintptr_t)d & WORD_MASK)) {
		*d++ = byte;
		len--;
	}
	while (len >= sizeof(word_t)) {
		*(word_t *)(void *)d = pattern;
		d += sizeof(word_t);
		len -= sizeof(word_t);
	}
	while (len--)
		*d++ = byte;
	return dest;
}

int memcmp(const void *a, const void *b, size_t len)
{
	const unsigned char *x = a;
	const unsigned char *y = b;

	for (; len; x++, y++, len--) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

void *memchr(const void *s, int c, size_t len)
{
	const unsigned char *p = s;
	unsigned char byte = (unsigned char)c;

	for (; len; p++, len--) {
		if (*p == byte)
			return (void *)p;
	}
	return NULL;
}
