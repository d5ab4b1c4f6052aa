/*
 * Unit tests for the option ROM payload's x86 branch filter
 * (src/include/wireboot/x86_filter.h): decoding operands filtered by hand,
 * and encode-then-decode giving the input back.
 */
#include <string.h>
#include <wireboot/x86_filter.h>
#include "unittest.h"

static void filter_test_put32(uint8_t *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = (uint8_t)(v >> 24);
}

UNIT_TEST(x86_filter_decode)
{
	uint8_t want[48], buf[48];

	memset(want, 0x90, sizeof(want));
	/* call +0x20 at 2, jmp -0x30 at 8, call +0xfffff0 at 14 (wraps). */
	want[2] = 0xe8;
	filter_test_put32(want + 3, 0x20);
	want[8] = 0xe9;
	filter_test_put32(want + 9, 0xffffffd0);
	want[14] = 0xe8;
	filter_test_put32(want + 15, 0x00fffff0);
	/* Top byte 12: not a near target, left alone. */
	want[20] = 0xe8;
	filter_test_put32(want + 21, 0x120000e8);
	/* E8 inside a converted operand is skipped; E8 too near the end too. */
	want[26] = 0xe8;
	filter_test_put32(want + 27, 0x0000e800);
	want[45] = 0xe8;
	memcpy(buf, want, sizeof(buf));
	/* What util/romcompress makes of it: absolute, modulo 2^25. */
	filter_test_put32(buf + 3, 0x20 + 7);
	filter_test_put32(buf + 9, 0xffffffd0 + 13);
	filter_test_put32(buf + 15, 0xff000000 | (0x00fffff0 + 19 - 0x1000000));
	filter_test_put32(buf + 27, 0x0000e800 + 31);
	x86_filter(buf, sizeof(buf), false);
	ok(memcmp(buf, want, sizeof(want)) == 0);
	ok_eq(buf[16], 0xff);
	ok_eq(buf[18], 0x00);
}

UNIT_TEST(x86_filter_round_trip)
{
	uint8_t want[64], buf[64];
	size_t i;

	/*
	 * An E8 left alone (top byte F8) whose operand holds an E8 that is
	 * converted and turns that F8 into 00: decoding must still leave the
	 * first E8 alone.
	 */
	memset(want, 0x90, sizeof(want));
	memcpy(want, "\xe8\x00\x00\xe8\xf8\x00\x00\x00", 8);
	for (i = 16; i < sizeof(want); i++)
		want[i] = (uint8_t)(i * 37 + (i >> 2) * 0xe8);
	memcpy(buf, want, sizeof(buf));
	x86_filter(buf, sizeof(buf), true);
	x86_filter(buf, sizeof(buf), false);
	ok(memcmp(buf, want, sizeof(want)) == 0);
}
