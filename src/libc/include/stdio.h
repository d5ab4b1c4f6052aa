/*
 * Freestanding <stdio.h>: the printf family.  printf() and putchar() write to
 * every active console (src/core/console.c); the formatting engine is
 * src/libc/format.c.
 */
#ifndef WIREBOOT_LIBC_STDIO_H
#define WIREBOOT_LIBC_STDIO_H

#include <stddef.h>
#include <stdarg.h>
#include <wireboot/compiler.h>

#define EOF (-1)

int putchar(int c);
int getchar(void);
int puts(const char *s);
int printf(const char *fmt, ...) __printf(1, 2);
int vprintf(const char *fmt, va_list args);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);

/*
 * Like snprintf() but returns what was written: at most SIZE - 1, and 0
 * when SIZE is 0 (src/libc/snprintf.c).
 */
int ssnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vssnprintf(char *buf, size_t size, const char *fmt, va_list args);

/* Allocating variants: *STRP comes from the wireboot heap; -1 on failure. */
int heap_vasprintf(char **strp, const char *fmt, va_list args);
int heap_asprintf(char **strp, const char *fmt, ...) __printf(2, 3);
static inline int vasprintf(char **strp, const char *fmt, va_list args)
{
	return heap_vasprintf(strp, fmt, args);
}
#define asprintf heap_asprintf

/*
 * The generic engine: format into any sink.  EMIT is called for every
 * character; the return value is the number of characters produced.
 */
int vcprintf(void (*emit)(void *ctx, int c), void *ctx, const char *fmt,
	     va_list args);

#endif
