/*
 * The Internet checksum as RFC 1071 defines it, one 16-bit pair (stored
 * little-endian) at a time: the plain answer the tests of the fast
 * implementation (net/tcpip_chksum.c) compare against, in the unit tests
 * and in the i386 suite.
 */
#ifndef TESTS_CHKSUM_REFERENCE_H
#define TESTS_CHKSUM_REFERENCE_H

#include <stddef.h>
#include <stdint.h>

static inline uint16_t reference_chksum(uint16_t sum, const uint8_t *data,
					size_t len)
{
	uint32_t total = (uint16_t)~sum;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		total += (uint32_t)(data[i] | (data[i + 1] << 8));
	if (len & 1)
		total += data[len - 1];
	while (total >> 16)
		total = (total & 0xffff) + (total >> 16);
	return (uint16_t)~total;
}

#endif
