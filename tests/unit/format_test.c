/*
 * Unit tests for the printf engine and its buffer and heap front ends
 * (src/libc/format.c, snprintf.c, asprintf.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <limits.h>
#include "unittest.h"

static char fbuf[512];

/*
 * vsnprintf() without compile-time format checks, for formats the compiler
 * frowns on (flags C ignores, NULL strings) or that we reject.
 */
static int unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return len;
}

/* Format with snprintf() and check both the text and the returned length. */
#define ok_fmt(want, ...)                                                  \
	do {                                                               \
		int len_ = snprintf(fbuf, sizeof(fbuf), __VA_ARGS__);      \
		ok_str(fbuf, want);                                        \
		ok_eq(len_, strlen(want));                                 \
	} while (0)

/* The same through unchecked(). */
#define ok_ufmt(want, ...)                                                 \
	do {                                                               \
		int len_ = unchecked(fbuf, sizeof(fbuf), __VA_ARGS__);     \
		ok_str(fbuf, want);                                        \
		ok_eq(len_, strlen(want));                                 \
	} while (0)

UNIT_TEST(format_signed)
{
	ok_fmt("0", "%d", 0);
	ok_fmt("42 -42", "%d %i", 42, -42);
	ok_fmt("2147483647", "%d", INT_MAX);
	ok_fmt("-2147483648", "%d", INT_MIN);
	ok_fmt("-9223372036854775808", "%lld", LLONG_MIN);
	ok_fmt("9223372036854775807", "%lld", LLONG_MAX);
	ok_fmt("-9223372036854775808", "%jd", (intmax_t)INT64_MIN);
	ok_fmt("-5", "%td", (ptrdiff_t)-5);
	ok_fmt("-3", "%zd", (ptrdiff_t)-3);
	ok_fmt("-2147483648", "%ld", (long)INT_MIN);
	ok_fmt("44", "%hhd", 300);
	ok_fmt("-128", "%hhd", 128);
	ok_fmt("4464", "%hd", 70000);
	ok_fmt("-32768", "%hd", 32768);
}

UNIT_TEST(format_unsigned)
{
	ok_fmt("4294967295", "%u", UINT_MAX);
	ok_fmt("18446744073709551615", "%llu", ULLONG_MAX);
	ok_fmt("18446744073709551615", "%ju", (uintmax_t)UINT64_MAX);
	ok_fmt("4294967296", "%llu", 4294967296ULL);
	ok_fmt("10000000000000000000", "%llu", 10000000000000000000ULL);
	ok_fmt("12345", "%zu", (size_t)12345);
	ok_fmt("255", "%hhu", -1);
	ok_fmt("4464", "%hu", 70000);
	ok_fmt("deadbeef DEADBEEF", "%x %X", 0xdeadbeefU, 0xdeadbeefU);
	ok_fmt("ff", "%hhx", 0x1ff);
	ok_fmt("7fffffff", "%lx", 0x7fffffffL);
	ok_fmt("ffffffffffffffff", "%llx", ULLONG_MAX);
	ok_fmt("1777777777777777777777", "%llo", ULLONG_MAX);
	ok_fmt("10", "%o", 8);
	ok_ufmt("5 5", "%+u % u", 5U, 5U);
}

UNIT_TEST(format_alternate_forms)
{
	ok_fmt("0xff 0XFF", "%#x %#X", 255U, 255U);
	ok_fmt("0", "%#x", 0U);
	ok_fmt("010", "%#o", 8U);
	ok_fmt("0", "%#o", 0U);
	ok_fmt("0", "%#.0o", 0U);
	ok_fmt("010", "%#.2o", 8U);
	ok_fmt("00010", "%#.5o", 8U);
	ok_fmt("0x000ff", "%#.5x", 255U);
	ok_fmt("0x0000ff", "%#08x", 255U);
	ok_fmt("    0XFF", "%#8X", 255U);
	ok_fmt("     ", "%#5.0x", 0U);
}

UNIT_TEST(format_width_and_flags)
{
	ok_fmt("   42", "%5d", 42);
	ok_fmt("42   |", "%-5d|", 42);
	ok_fmt("00042", "%05d", 42);
	ok_fmt("-0042", "%05d", -42);
	ok_fmt("+42", "%+d", 42);
	ok_fmt(" 42", "% d", 42);
	ok_ufmt("+42", "%+ d", 42);
	ok_fmt("+0", "%+d", 0);
	ok_fmt("-1", "% d", -1);
	ok_fmt("  +42", "%+5d", 42);
	ok_fmt("+42  ", "%-+5d", 42);
	ok_fmt("+0042", "%+05d", 42);
	ok_ufmt("3    ", "%0-5d", 3);
	ok_fmt("12", "%1d", 12);
	ok_fmt("   42", "%*d", 5, 42);
	ok_fmt("42   |", "%*d|", -5, 42);
	ok_fmt("42   |", "%-*d|", 5, 42);
}

UNIT_TEST(format_precision)
{
	ok_fmt("007", "%.3d", 7);
	ok_fmt("-007", "%.3d", -7);
	ok_fmt("", "%.0d", 0);
	ok_fmt("", "%.d", 0);
	ok_fmt("     ", "%5.0d", 0);
	ok_ufmt("     007", "%08.3d", 7);
	ok_ufmt("    7", "%05.1d", 7);
	ok_ufmt("     ", "%05.0d", 0);
	ok_fmt("007     |", "%-8.3d|", 7);
	ok_fmt("0000000042", "%.10lld", 42LL);
	ok_fmt("007", "%.*d", 3, 7);
	ok_fmt("7", "%.*d", -1, 7);
	ok_fmt("00007", "%0*d", 5, 7);
	ok_fmt("  007", "%*.*d", 5, 3, 7);
}

UNIT_TEST(format_chars_and_strings)
{
	char unterminated[3] = { 'x', 'y', 'z' };
	int len;

	ok_fmt("A", "%c", 'A');
	ok_fmt("  A", "%3c", 'A');
	ok_fmt("A  |", "%-3c|", 'A');
	ok_fmt("\xe9", "%c", 0xe9);
	ok_fmt("abc", "%s", "abc");
	ok_fmt("  abc", "%5s", "abc");
	ok_fmt("abc  |", "%-5s|", "abc");
	ok_fmt("ab", "%.2s", "abc");
	ok_fmt("   ab", "%5.2s", "abc");
	ok_fmt("abc", "%.10s", "abc");
	ok_fmt("", "%s", "");
	ok_fmt("xy", "%.2s", unterminated);
	ok_ufmt("(null)", "%s", (char *)NULL);
	ok_ufmt("(nu", "%.3s", (char *)NULL);
	/* A NUL character is a character like any other. */
	memset(fbuf, 'q', 4);
	len = snprintf(fbuf, sizeof(fbuf), "%c%c", 'a', 0);
	ok_eq(len, 2);
	ok(memcmp(fbuf, "a\0\0", 3) == 0);
}

UNIT_TEST(format_pointers_and_percent)
{
	ok_fmt("0x1234", "%p", (void *)0x1234);
	ok_fmt("0x0", "%p", NULL);
	ok_fmt("    0xbeef", "%10p", (void *)0xbeef);
	ok_fmt("0xbeef    |", "%-10p|", (void *)0xbeef);
	if (sizeof(void *) == 8)
		ok_fmt("0xffffffffffffffff", "%p", (void *)UINTPTR_MAX);
	else
		ok_fmt("0xffffffff", "%p", (void *)UINTPTR_MAX);
	ok_fmt("%", "%%");
	ok_fmt("100% sure", "100%% %s", "sure");
	ok_fmt("", "%s", "");
	ok_fmt("plain text", "plain text");
}

UNIT_TEST(format_unknown_conversions)
{
	/* Floating point and other unknown conversions print literally, and
	 * so does everything after them. */
	ok_eq(unchecked(fbuf, sizeof(fbuf), "a=%d b=%f c=%d", 1, 2.0, 3), 13);
	ok_str(fbuf, "a=1 b=%f c=%d");
	ok_eq(unchecked(fbuf, sizeof(fbuf), "%5.2e!", 1.0), 6);
	ok_str(fbuf, "%5.2e!");
	ok_eq(unchecked(fbuf, sizeof(fbuf), "x%llq"), 5);
	ok_str(fbuf, "x%llq");
	ok_eq(unchecked(fbuf, sizeof(fbuf), "%n", &fbuf[100]), 2);
	ok_str(fbuf, "%n");
	/* A format ending inside a directive. */
	ok_eq(unchecked(fbuf, sizeof(fbuf), "abc%"), 4);
	ok_str(fbuf, "abc%");
	ok_eq(unchecked(fbuf, sizeof(fbuf), "abc%-08"), 7);
	ok_str(fbuf, "abc%-08");
	ok_eq(unchecked(fbuf, sizeof(fbuf), "%.*", 3), 3);
	ok_str(fbuf, "%.*");
}

UNIT_TEST(format_overflow)
{
	/* Widths and precisions beyond INT_MAX are C's EOVERFLOW. */
	ok_eq(unchecked(fbuf, sizeof(fbuf), "%2147483648d", 1), -1);
	ok_eq(unchecked(fbuf, sizeof(fbuf), "%.2147483648d", 1), -1);
	ok_eq(unchecked(fbuf, sizeof(fbuf), "%99999999999999999999d", 1), -1);
	ok_eq(unchecked(fbuf, sizeof(fbuf), "%*d", INT_MIN, 1), -1);
	/* A wide field only counts, beyond the buffer. */
	ok_eq(snprintf(fbuf, 10, "%300d", 7), 300);
	ok_str(fbuf, "         ");
}

UNIT_TEST(format_truncation)
{
	char buf[8];

	memset(buf, 'q', sizeof(buf));
	ok_eq(snprintf(buf, 5, "%s", "abcdefgh"), 8);
	ok_str(buf, "abcd");
	ok_eq(buf[5], 'q');
	memset(buf, 'q', sizeof(buf));
	ok_eq(snprintf(buf, 1, "abc"), 3);
	ok_eq(buf[0], '\0');
	ok_eq(buf[1], 'q');
	memset(buf, 'q', sizeof(buf));
	ok_eq(snprintf(buf, 0, "abc"), 3);
	ok_eq(buf[0], 'q');
	ok_eq(snprintf(NULL, 0, "%d-%s", 1234, "xy"), 7);
	ok_eq(snprintf(buf, 4, "abc"), 3);
	ok_str(buf, "abc");
	ok_eq(snprintf(buf, 3, "%d", -12345), 6);
	ok_str(buf, "-1");
}

UNIT_TEST(format_ssnprintf)
{
	char buf[8];

	memset(buf, 'q', sizeof(buf));
	ok_eq(ssnprintf(buf, 5, "%s", "abcdefgh"), 4);
	ok_str(buf, "abcd");
	ok_eq(ssnprintf(buf, 4, "abc"), 3);
	ok_str(buf, "abc");
	ok_eq(ssnprintf(buf, 3, "abc"), 2);
	ok_str(buf, "ab");
	ok_eq(ssnprintf(buf, 1, "abc"), 0);
	ok_str(buf, "");
	buf[0] = 'q';
	ok_eq(ssnprintf(buf, 0, "abc"), 0);
	ok_eq(buf[0], 'q');
	ok_eq(ssnprintf(buf, sizeof(buf), "%d", 42), 2);
	ok_str(buf, "42");
}

UNIT_TEST(format_asprintf)
{
	char *text = NULL;
	char *empty = NULL;

	ok_eq(asprintf(&text, "%s%d/%s", "net", 0, "ip"), 7);
	ok(text != NULL);
	if (text)
		ok_str(text, "net0/ip");
	ok_eq(asprintf(&empty, "%s", ""), 0);
	ok(empty != NULL);
	if (empty)
		ok_str(empty, "");
	free(text);
	free(empty);
}

/* A sink that counts characters and keeps the last one. */
struct counting_sink {
	int count;
	int last;
};

static void count_emit(void *ctx, int c)
{
	struct counting_sink *sink = ctx;

	sink->count++;
	sink->last = c;
}

/* vcprintf() into a counting sink. */
static int count_format(struct counting_sink *sink, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vcprintf(count_emit, sink, fmt, args);
	va_end(args);
	return len;
}

UNIT_TEST(format_vcprintf_sink)
{
	struct counting_sink sink = { 0, 0 };

	ok_eq(count_format(&sink, "%s=%04x\xff", "id", 0x1a), 8);
	ok_eq(sink.count, 8);
	/* Characters reach the sink as unsigned char values. */
	ok_eq(sink.last, 0xff);
}
