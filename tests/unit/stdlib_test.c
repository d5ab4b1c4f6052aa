/*
 * Unit tests for number parsing, qsort() and random() of <stdlib.h>
 * (src/libc/strto.c, qsort.c, random.c), and digit_value() of <ctype.h>.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include "unittest.h"

UNIT_TEST(stdlib_strtoul_bases)
{
	char *end;

	ok_eq(strtoul("1234", &end, 10), 1234);
	ok_eq(*end, '\0');
	ok_eq(strtoul("0x1f", &end, 16), 0x1f);
	ok_eq(*end, '\0');
	ok_eq(strtoul("1F", &end, 16), 0x1f);
	ok_eq(strtoul("0X1f", &end, 0), 0x1f);
	ok_eq(strtoul("017", &end, 0), 017);
	ok_eq(strtoul("017", &end, 10), 17);
	ok_eq(strtoul("017", &end, 8), 017);
	ok_eq(strtoul("18", &end, 8), 1);
	ok_eq(*end, '8');
	ok_eq(strtoul("0", &end, 0), 0);
	ok_eq(*end, '\0');
	ok_eq(strtoul("zz", &end, 36), 35 * 36 + 35);
	ok_eq(strtoul("101", &end, 2), 5);
	ok_eq(strtoul("  \t\n42 rest", &end, 0), 42);
	ok_str(end, " rest");
}

UNIT_TEST(stdlib_strtoul_no_digits)
{
	const char *s;
	char *end;

	s = "xyz";
	ok_eq(strtoul(s, &end, 0), 0);
	ok(end == s);
	s = "   -";
	ok_eq(strtoul(s, &end, 10), 0);
	ok(end == s);
	s = "+ 5";
	ok_eq(strtoul(s, &end, 10), 0);
	ok(end == s);
	s = "";
	ok_eq(strtoul(s, &end, 10), 0);
	ok(end == s);
	/* "0x" not followed by a hex digit: the number is the "0". */
	s = "0xg";
	ok_eq(strtoul(s, &end, 16), 0);
	ok(end == s + 1);
	ok_eq(strtoul(s, &end, 0), 0);
	ok(end == s + 1);
	/* An invalid base parses nothing. */
	s = "10";
	ok_eq(strtoul(s, &end, 1), 0);
	ok(end == s);
	ok_eq(strtoul(s, &end, 37), 0);
	ok(end == s);
	/* END may be NULL. */
	ok_eq(strtoul("77", NULL, 8), 077);
}

UNIT_TEST(stdlib_strtoul_signs_and_overflow)
{
	char *end;

	ok_eq(strtoul("+7", &end, 10), 7);
	ok(strtoul("-1", &end, 10) == ULONG_MAX);
	ok(strtoul("-2", &end, 10) == ULONG_MAX - 1);
	ok(strtoul("99999999999999999999999", &end, 10) == ULONG_MAX);
	ok_eq(*end, '\0');
	ok(strtoul("-99999999999999999999999", &end, 10) == ULONG_MAX);
	ok(strtoull("18446744073709551615", &end, 10) == ULLONG_MAX);
	ok(strtoull("18446744073709551616", &end, 10) == ULLONG_MAX);
	ok(strtoull("0xffffffffffffffff", &end, 0) == ULLONG_MAX);
	ok(strtoull("0x123456789abcdef0", &end, 0) == 0x123456789abcdef0ULL);
	ok(strtoull("-1", &end, 0) == ULLONG_MAX);
	if (sizeof(long) == 4) {
		ok(strtoul("4294967295", &end, 10) == ULONG_MAX);
		ok(strtoul("4294967296", &end, 10) == ULONG_MAX);
		ok(strtoul("-4294967295", &end, 10) == 1);
	}
}

UNIT_TEST(stdlib_strtol_limits)
{
	char *end;

	ok_eq(strtol("-42", &end, 10), -42);
	ok_eq(strtol("  +42", &end, 10), 42);
	ok_eq(strtol("-0x10", &end, 0), -16);
	ok(strtol("99999999999999999999999", &end, 10) == LONG_MAX);
	ok(strtol("-99999999999999999999999", &end, 10) == LONG_MIN);
	ok(strtoll("9223372036854775807", &end, 10) == LLONG_MAX);
	ok(strtoll("9223372036854775808", &end, 10) == LLONG_MAX);
	ok(strtoll("-9223372036854775808", &end, 10) == LLONG_MIN);
	ok(strtoll("-9223372036854775809", &end, 10) == LLONG_MIN);
	ok_eq(*end, '\0');
	ok(strtoll("-0", &end, 10) == 0);
	ok_eq(atoi("  -123abc"), -123);
	ok_eq(atoi("abc"), 0);
	ok_eq(atoi("2147483647"), INT_MAX);
	ok_eq(abs(-5), 5);
	ok_eq(abs(5), 5);
}

/* Order ints ascending. */
static int compare_ints(const void *a, const void *b)
{
	int x = *(const int *)a;
	int y = *(const int *)b;

	return (x > y) - (x < y);
}

UNIT_TEST(stdlib_digit_value)
{
	ok_eq(digit_value('0'), 0);
	ok_eq(digit_value('9'), 9);
	ok_eq(digit_value('a'), 10);
	ok_eq(digit_value('F'), 15);
	ok_eq(digit_value('z'), 35);
	ok_eq(digit_value('/'), 36);
	ok_eq(digit_value('\0'), 36);
	ok_eq(digit_value(-1), 36);
}

UNIT_TEST(stdlib_parse_digits)
{
	const char *text;
	uint64_t value = 77;

	text = "0255.";
	ok(parse_digits(&text, 10, 255, &value));
	ok_eq(value, 255);
	ok_str(text, ".");
	text = "256";
	ok(!parse_digits(&text, 10, 255, &value));
	ok_str(text, "256");
	text = "1aF;";
	ok(parse_digits(&text, 16, 0xfff, &value));
	ok_eq(value, 0x1af);
	ok_str(text, ";");
	text = "9";
	ok(!parse_digits(&text, 16, 5, &value));
	text = " 1";
	ok(!parse_digits(&text, 10, 9, &value));
	text = "-1";
	ok(!parse_digits(&text, 10, 9, &value));
	text = "";
	ok(!parse_digits(&text, 10, 9, &value));
	text = "18446744073709551615";
	ok(parse_digits(&text, 10, UINT64_MAX, &value));
	ok(value == UINT64_MAX);
	text = "18446744073709551616";
	ok(!parse_digits(&text, 10, UINT64_MAX, &value));
	text = "ffffffffffffffff0";
	ok(!parse_digits(&text, 16, UINT64_MAX, &value));
}

UNIT_TEST(stdlib_qsort)
{
	int values[200];
	int one = 5;
	size_t count, i;
	int sorted = 1;
	long sum_before, sum_after;

	for (count = 0; count <= ARRAY_SIZE(values); count += 7) {
		sum_before = sum_after = 0;
		for (i = 0; i < count; i++) {
			values[i] = (int)((i * 7919) % 101) - 50;
			sum_before += values[i];
		}
		qsort(values, count, sizeof(values[0]), compare_ints);
		for (i = 0; i < count; i++) {
			sum_after += values[i];
			if (i && values[i - 1] > values[i])
				sorted = 0;
		}
		ok_eq(sum_after, sum_before);
	}
	ok(sorted);
	qsort(&one, 1, sizeof(one), compare_ints);
	ok_eq(one, 5);
	qsort(NULL, 0, sizeof(one), compare_ints);
}

/* An element larger than a word, ordered by name. */
struct named_item {
	char name[10];
	int key;
};

static int compare_names(const void *a, const void *b)
{
	return strcmp(((const struct named_item *)a)->name,
		      ((const struct named_item *)b)->name);
}

UNIT_TEST(stdlib_qsort_wide_elements)
{
	struct named_item items[] = {
		{ "c", 3 }, { "a", 1 }, { "e", 5 }, { "b", 2 }, { "d", 4 },
	};
	size_t i;

	qsort(items, ARRAY_SIZE(items), sizeof(items[0]), compare_names);
	for (i = 0; i < ARRAY_SIZE(items); i++)
		ok_eq(items[i].key, (int)i + 1);
}

UNIT_TEST(stdlib_random)
{
	long first[8];
	long value;
	int i, differ = 0, in_range = 1;

	srandom(12345);
	for (i = 0; i < 8; i++)
		first[i] = random();
	srandom(12345);
	for (i = 0; i < 8; i++)
		ok_eq(random(), first[i]);
	for (i = 1; i < 8; i++)
		differ |= first[i] != first[0];
	ok(differ);
	for (i = 0; i < 1000; i++) {
		value = random();
		if (value < 0 || value > 0x7fffffff)
			in_range = 0;
	}
	ok(in_range);
}
