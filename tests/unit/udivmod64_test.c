/*
 * Unit tests for the runtime-free 64-bit division (src/libc/udivmod64.c)
 * that the pcbios build's division helpers use, against the host's own.
 */
#include <wireboot/udivmod64.h>
#include "unittest.h"

/* Every pairing of these covers both fast paths and the long division. */
static const uint64_t udivmod64_values[] = {
	1, 2, 3, 7, 10, 1000, 65535, 0xfffffffful, 0x100000000ull,
	0x100000001ull, 1000000000000ull, 0x123456789abcdefull,
	0x8000000000000000ull, 0xfffffffffffffffeull, 0xffffffffffffffffull,
};

UNIT_TEST(udivmod64_matches_native)
{
	size_t i, j, wrong = 0;
	uint64_t rem;

	for (i = 0; i < sizeof(udivmod64_values) / sizeof(udivmod64_values[0]); i++) {
		for (j = 0; j < sizeof(udivmod64_values) / sizeof(udivmod64_values[0]); j++) {
			uint64_t n = udivmod64_values[i], d = udivmod64_values[j];

			if (udivmod64(n, d, &rem) != n / d || rem != n % d)
				wrong++;
		}
	}
	ok_eq(wrong, 0);
}

UNIT_TEST(udivmod64_without_remainder)
{
	ok(udivmod64(5000000ull, 1000, NULL) == 5000);
	ok(udivmod64(0x300000000ull, 0x100000000ull, NULL) == 3);
	ok(udivmod64(3, 0x100000000ull, NULL) == 0);
}
