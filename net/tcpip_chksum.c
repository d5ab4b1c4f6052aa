/*
 * The Internet checksum (RFC 1071) that IPv4, TCP, UDP and ICMP share.
 *
 * The running sum is kept complemented, so that TCPIP_EMPTY_CSUM (0xffff)
 * starts it at zero and the value returned is ready for the wire.  Words are
 * added in memory order (RFC 1071 shows the sum does not depend on byte
 * order), so the result is stored into a packet as it is, without htons().
 * An odd length is padded with a zero byte; a sum continued after an odd-length
 * piece would be misaligned, so only the last piece may be odd.
 */
#include <wireboot/tcpip.h>

/* A 32-bit word read from any address (x86 loads these at full speed). */
typedef uint32_t __attribute__((may_alias, aligned(1))) unaligned_u32;

#ifdef __i386__
/*
 * The one's-complement sum of the BLOCKS 32-byte blocks at *BYTES (at
 * least one), advancing *BYTES past them: a chain of add-with-carry, one
 * instruction a word, which matters most under emulation (QEMU's TCG pays
 * per instruction), where every received byte passes through here.
 */
static uint32_t sum_blocks(const uint8_t **bytes, size_t blocks)
{
	uint32_t sum = 0;

	__asm__("clc\n"
		"1:\n\t"
		"adcl 0(%[p]), %[s]\n\t"
		"adcl 4(%[p]), %[s]\n\t"
		"adcl 8(%[p]), %[s]\n\t"
		"adcl 12(%[p]), %[s]\n\t"
		"adcl 16(%[p]), %[s]\n\t"
		"adcl 20(%[p]), %[s]\n\t"
		"adcl 24(%[p]), %[s]\n\t"
		"adcl 28(%[p]), %[s]\n\t"
		"leal 32(%[p]), %[p]\n\t"
		"decl %[n]\n\t"
		"jnz 1b\n\t"
		"adcl $0, %[s]"
		: [s] "+r"(sum), [p] "+r"(*bytes), [n] "+r"(blocks)
		: : "cc", "memory");
	return sum;
}
#endif

uint16_t tcpip_continue_chksum(uint16_t sum, const void *data, size_t len)
{
	const uint8_t *bytes = data;
	uint64_t total = (uint16_t)~sum;

	/*
	 * Summing little-endian 32-bit words and folding gives the same
	 * one's-complement sum as summing the 16-bit pairs, at half the work;
	 * the 64-bit total cannot overflow for any packet.
	 */
#ifdef __i386__
	if (len >= 32) {
		total += sum_blocks(&bytes, len / 32);
		len %= 32;
	}
#endif
	for (; len >= 4; bytes += 4, len -= 4)
		total += *(const unaligned_u32 *)(const void *)bytes;
	if (len >= 2) {
		total += (uint32_t)(bytes[0] | (bytes[1] << 8));
		bytes += 2;
		len -= 2;
	}
	if (len)
		total += bytes[0];
	while (total >> 16)
		total = (total & 0xffff) + (total >> 16);
	return (uint16_t)~total;
}
