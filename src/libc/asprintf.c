/*
 * Formatting into a fresh allocation from the wireboot heap:
 * heap_vasprintf()/heap_asprintf(), behind the asprintf() names of
 * <stdio.h>.  The text is measured first, then formatted into a buffer of
 * exactly the right size.
 */
#include <stdio.h>
#include <stdlib.h>

int heap_vasprintf(char **strp, const char *fmt, va_list args)
{
	va_list measure;
	char *buf;
	int len;

	*strp = NULL;
	va_copy(measure, args);
	len = vsnprintf(NULL, 0, fmt, measure);
	va_end(measure);
	if (len < 0)
		return -1;
	buf = malloc((size_t)len + 1);
	if (!buf)
		return -1;
	vsnprintf(buf, (size_t)len + 1, fmt, args);
	*strp = buf;
	return len;
}

int heap_asprintf(char **strp, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = heap_vasprintf(strp, fmt, args);
	va_end(args);
	return len;
}
