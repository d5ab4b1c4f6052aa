/*
 * The x86 branch filter of the option ROM payload, shared by the host tool
 * that applies it before compressing (util/romcompress) and the ROM's
 * decoder that undoes it.  At each E8/E9 (call/jmp rel32) whose operand's
 * top byte is 00 or FF, the operand gets the offset of the next
 * instruction added (encode) or subtracted (decode) modulo 2^25, keeping
 * the top byte 00/FF, so calls to one target become identical bytes.
 * Every E8/E9 skips its 4 operand bytes, converted or not: a decision
 * then only reads bytes that no conversion has changed, and decoding
 * retraces the encoder's positions exactly.
 */
#ifndef WIREBOOT_X86_FILTER_H
#define WIREBOOT_X86_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Apply (ENCODE) or undo the filter on BUF, LEN bytes from file offset 0. */
static inline void x86_filter(uint8_t *buf, size_t len, bool encode)
{
	size_t i = 0;
	uint32_t v, next;

	while (i + 5 <= len) {
		if ((buf[i] & 0xfe) != 0xe8) {
			i++;
			continue;
		}
		if (buf[i + 4] == 0x00 || buf[i + 4] == 0xff) {
			v = buf[i + 1] | buf[i + 2] << 8 | buf[i + 3] << 16 |
			    (uint32_t)buf[i + 4] << 24;
			next = (uint32_t)(i + 5);
			v = (encode ? v + next : v - next) & 0x1ffffff;
			if (v & 0x1000000)
				v |= 0xff000000u;
			buf[i + 1] = v & 0xff;
			buf[i + 2] = (v >> 8) & 0xff;
			buf[i + 3] = (v >> 16) & 0xff;
			buf[i + 4] = (uint8_t)(v >> 24);
		}
		i += 5;
	}
}

#endif
