/*
 * Unit tests for the memory and string functions of <string.h>
 * (src/libc/memory.c, string.c, heapstr.c).
 */
#include <string.h>
#include <stdlib.h>
#include "unittest.h"

/* Byte I of a recognisable pattern. */
static unsigned char pattern_byte(size_t i)
{
	return (unsigned char)(i + 1);
}

/* Fill BUF with the pattern. */
static void fill_pattern(unsigned char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = pattern_byte(i);
}

UNIT_TEST(string_memcpy_all_alignments)
{
	unsigned char src[80];
	unsigned char dst[80];
	size_t s_off, d_off, len, i;
	int good = 1;

	fill_pattern(src, sizeof(src));
	for (s_off = 0; s_off < 8; s_off++) {
		for (d_off = 0; d_off < 8; d_off++) {
			for (len = 0; len <= 64; len++) {
				memset(dst, 0xee, sizeof(dst));
				ok(memcpy(dst + d_off, src + s_off, len) ==
				   dst + d_off);
				for (i = 0; i < sizeof(dst); i++) {
					unsigned char want = 0xee;

					if (i >= d_off && i < d_off + len)
						want = src[s_off + i - d_off];
					if (dst[i] != want)
						good = 0;
				}
			}
		}
	}
	ok(good);
}

UNIT_TEST(string_memmove_overlap)
{
	unsigned char buf[100];
	unsigned char want[100];
	size_t len, shift, i;
	int good = 1;

	for (len = 0; len <= 40; len++) {
		for (shift = 0; shift <= 20; shift++) {
			/* Forwards: destination above the source. */
			fill_pattern(buf, sizeof(buf));
			fill_pattern(want, sizeof(want));
			for (i = 0; i < len; i++)
				want[10 + shift + i] = pattern_byte(10 + i);
			ok(memmove(buf + 10 + shift, buf + 10, len) ==
			   buf + 10 + shift);
			if (memcmp(buf, want, sizeof(buf)) != 0)
				good = 0;
			/* Backwards: destination below the source. */
			fill_pattern(buf, sizeof(buf));
			fill_pattern(want, sizeof(want));
			for (i = 0; i < len; i++)
				want[10 + i] = pattern_byte(10 + shift + i);
			memmove(buf + 10, buf + 10 + shift, len);
			if (memcmp(buf, want, sizeof(buf)) != 0)
				good = 0;
		}
	}
	ok(good);
}

UNIT_TEST(string_memset)
{
	unsigned char buf[64];
	size_t off, len, i;
	int good = 1;

	for (off = 0; off < 8; off++) {
		for (len = 0; len <= 40; len++) {
			memset(buf, 0, sizeof(buf));
			ok(memset(buf + off, 0x1a5, len) == buf + off);
			for (i = 0; i < sizeof(buf); i++) {
				if (buf[i] != ((i >= off && i < off + len) ?
					       0xa5 : 0))
					good = 0;
			}
		}
	}
	ok(good);
}

UNIT_TEST(string_memcmp_memchr)
{
	const unsigned char a[] = { 1, 2, 0x80, 4 };
	const unsigned char b[] = { 1, 2, 0x7f, 4 };

	ok(memcmp(a, b, 0) == 0);
	ok(memcmp(a, b, 2) == 0);
	ok(memcmp(a, b, 4) > 0);
	ok(memcmp(b, a, 4) < 0);
	ok(memchr(a, 0x80, 4) == a + 2);
	ok(memchr(a, 0x180, 4) == a + 2);
	ok(memchr(a, 4, 3) == NULL);
	ok(memchr(a, 1, 0) == NULL);
}

UNIT_TEST(string_lengths)
{
	ok_eq(strlen(""), 0);
	ok_eq(strlen("wireboot"), 8);
	ok_eq(strnlen("wireboot", 3), 3);
	ok_eq(strnlen("wire", 10), 4);
	ok_eq(strnlen("wire", 0), 0);
	/* strnlen() must not read beyond MAX: this array has no NUL. */
	{
		const char unterminated[4] = { 'a', 'b', 'c', 'd' };

		ok_eq(strnlen(unterminated, sizeof(unterminated)), 4);
	}
}

UNIT_TEST(string_compare)
{
	ok(strcmp("abc", "abc") == 0);
	ok(strcmp("abc", "abd") < 0);
	ok(strcmp("abc", "ab") > 0);
	ok(strcmp("", "") == 0);
	ok(strcmp("\x80", "\x7f") > 0);
	ok(strncmp("abcdef", "abcxyz", 3) == 0);
	ok(strncmp("abcdef", "abcxyz", 4) < 0);
	ok(strncmp("abc", "abc\0zzz", 7) == 0);
	ok(strncmp("x", "y", 0) == 0);
	ok(strncmp("ab", "abc", 3) < 0);
	ok(strcasecmp("WireBoot", "wireboot") == 0);
	ok(strcasecmp("a", "B") < 0);
	ok(strcasecmp("B", "a") > 0);
	ok(strcasecmp("abc", "ABCD") < 0);
	ok(strncasecmp("HELLOworld", "helloWORLD!", 10) == 0);
	ok(strncasecmp("HELLOworld", "helloWORLD!", 11) < 0);
	ok(strncasecmp("abc", "xyz", 0) == 0);
}

UNIT_TEST(string_search)
{
	const char *s = "net0.dhcp/filename";

	ok(strchr(s, '/') == s + 9);
	ok(strchr(s, 'n') == s);
	ok(strchr(s, '\0') == s + strlen(s));
	ok(strchr(s, 'z') == NULL);
	ok(strrchr(s, 'n') == s + 14);
	ok(strrchr(s, '\0') == s + strlen(s));
	ok(strrchr(s, 'z') == NULL);
	ok(strstr(s, "dhcp") == s + 5);
	ok(strstr(s, "") == s);
	ok(strstr("", "") != NULL);
	ok(strstr("", "a") == NULL);
	ok(strstr(s, "filenames") == NULL);
	ok(strstr("aaab", "aab") != NULL);
	ok_eq(strspn("  \tx", " \t"), 3);
	ok_eq(strspn("abc", ""), 0);
	ok_eq(strcspn("key=value", "=:"), 3);
	ok_eq(strcspn("novalue", "="), 7);
	ok(strpbrk("key=value", ":=") == strchr("key=value", '='));
	ok(strpbrk("plain", ":=") == NULL);
}

UNIT_TEST(string_copies)
{
	char buf[16];

	ok(strcpy(buf, "boot") == buf);
	ok_str(buf, "boot");
	ok(strcat(buf, "-net") == buf);
	ok_str(buf, "boot-net");
	ok(strncat(buf, "0123", 2) == buf);
	ok_str(buf, "boot-net01");
	strncat(buf, "ab", 10);
	ok_str(buf, "boot-net01ab");

	memset(buf, 'x', sizeof(buf));
	ok(strncpy(buf, "ab", 5) == buf);
	ok(memcmp(buf, "ab\0\0\0x", 6) == 0);
	memset(buf, 'x', sizeof(buf));
	strncpy(buf, "abcdef", 3);
	ok(memcmp(buf, "abcx", 4) == 0);

	memset(buf, 'x', sizeof(buf));
	ok_eq(strlcpy(buf, "wireboot", 5), 8);
	ok_str(buf, "wire");
	ok_eq(strlcpy(buf, "ab", sizeof(buf)), 2);
	ok_str(buf, "ab");
	buf[0] = 'q';
	ok_eq(strlcpy(buf, "abc", 0), 3);
	ok(buf[0] == 'q');
}

UNIT_TEST(string_heap_copies)
{
	char *copy = strdup("settings");
	char *part = strndup("settings", 3);
	char *whole = strndup("ab", 10);

	ok(copy && part && whole);
	if (copy && part && whole) {
		ok_str(copy, "settings");
		ok_str(part, "set");
		ok_str(whole, "ab");
	}
	free(copy);
	free(part);
	free(whole);
}
