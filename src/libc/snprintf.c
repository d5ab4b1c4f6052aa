/*
 * Formatting into a caller's buffer: snprintf()/vsnprintf() with exactly
 * C11's semantics (the return value is the length the whole text needs,
 * and the buffer is NUL-terminated whenever SIZE > 0), and the ssnprintf()
 * variants, which return what actually went into the buffer instead.
 */
#include <stdio.h>

/* A buffer being filled; USED counts every character, stored or not. */
struct buffer_sink {
	char *buf;
	size_t size;
	size_t used;
};

/* Store one character if it fits before the terminating NUL. */
static void buffer_emit(void *ctx, int c)
{
	struct buffer_sink *sink = ctx;

	if (sink->used + 1 < sink->size)
		sink->buf[sink->used] = (char)c;
	sink->used++;
}

/*
 * Format into BUF and terminate it; *STORED receives the number of
 * characters that fitted.  Returns what vcprintf() returned.
 */
static int format_buffer(char *buf, size_t size, size_t *stored,
			 const char *fmt, va_list args)
{
	struct buffer_sink sink = { buf, size, 0 };
	int len = vcprintf(buffer_emit, &sink, fmt, args);

	*stored = 0;
	if (size) {
		*stored = sink.used < size ? sink.used : size - 1;
		buf[*stored] = '\0';
	}
	return len;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	size_t stored;

	return format_buffer(buf, size, &stored, fmt, args);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return len;
}

int vssnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	size_t stored;

	format_buffer(buf, size, &stored, fmt, args);
	return (int)stored;
}

int ssnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vssnprintf(buf, size, fmt, args);
	va_end(args);
	return len;
}
