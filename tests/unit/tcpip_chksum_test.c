/* The Internet checksum against a plain 16-bit reference, at every alignment and length. */
#include <stdlib.h>
#include <wireboot/tcpip.h>
#include "unittest.h"
#include "../chksum_reference.h"

UNIT_TEST(tcpip_chksum_matches_reference)
{
	static uint8_t buf[1600];
	size_t offset, len;
	int mismatches = 0;

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)random();
	for (offset = 0; offset < 8; offset++) {
		for (len = 0; len + offset <= sizeof(buf); len += 1 + len / 8) {
			if (tcpip_chksum(buf + offset, len) !=
			    reference_chksum(TCPIP_EMPTY_CSUM, buf + offset, len))
				mismatches++;
		}
	}
	ok_eq(mismatches, 0);
}

UNIT_TEST(tcpip_chksum_all_ones)
{
	static uint8_t ones[65536];

	for (size_t i = 0; i < sizeof(ones); i++)
		ones[i] = 0xff;
	ok_eq(tcpip_chksum(ones, sizeof(ones)),
	      reference_chksum(TCPIP_EMPTY_CSUM, ones, sizeof(ones)));
	ok_eq(tcpip_continue_chksum(0x1234, ones, 7),
	      reference_chksum(0x1234, ones, 7));
}
