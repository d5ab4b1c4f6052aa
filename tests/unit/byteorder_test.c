/*
 * Unit tests for byte-order conversions and unaligned field access
 * (src/include/wireboot/byteorder.h).
 */
#include <string.h>
#include <wireboot/byteorder.h>
#include "unittest.h"

UNIT_TEST(byteorder_network_order)
{
	uint32_t addr = htonl(0xc0a80001);
	uint16_t port = htons(0x1234);
	const uint8_t *a = (const uint8_t *)&addr;
	const uint8_t *p = (const uint8_t *)&port;

	ok(a[0] == 0xc0 && a[1] == 0xa8 && a[2] == 0x00 && a[3] == 0x01);
	ok(p[0] == 0x12 && p[1] == 0x34);
	ok_eq(ntohl(addr), 0xc0a80001);
	ok_eq(ntohs(port), 0x1234);
	ok(be64_to_cpu(cpu_to_be64(0x0102030405060708ULL)) ==
	   0x0102030405060708ULL);
	ok(cpu_to_be64(0x0102030405060708ULL) == 0x0807060504030201ULL);
	ok_eq(cpu_to_le32(0x11223344), 0x11223344);
	ok_eq(le16_to_cpu(0xabcd), 0xabcd);
}

UNIT_TEST(byteorder_constant_folding)
{
	/* Usable where C needs a constant expression. */
	static const uint16_t ethertype = htons(0x0800);
	int matched = 0;

	switch (ethertype) {
	case htons(0x0800):
		matched = 1;
		break;
	default:
		break;
	}
	ok(matched);
}

UNIT_TEST(byteorder_unaligned_fields)
{
	uint8_t buf[9];

	memset(buf, 0, sizeof(buf));
	put_be32(buf + 1, 0xdeadbeef);
	ok(buf[1] == 0xde && buf[4] == 0xef);
	ok_eq(get_be32(buf + 1), 0xdeadbeef);
	ok_eq(get_le32(buf + 1), 0xefbeadde);
	put_le16(buf + 5, 0x1234);
	ok(buf[5] == 0x34 && buf[6] == 0x12);
	ok_eq(get_le16(buf + 5), 0x1234);
	ok_eq(get_be16(buf + 5), 0x3412);
	put_be16(buf + 7, 0xa1b2);
	ok(buf[7] == 0xa1 && buf[8] == 0xb2);
	put_le32(buf, 0x01020304);
	ok(buf[0] == 0x04 && buf[3] == 0x01);
	ok_eq(buf[8], 0xb2);
}
