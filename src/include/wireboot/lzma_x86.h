/*
 * The option ROM's payload: an LZMA_Alone stream (wireboot/lzma.h) of
 * 32-bit x86 code that util/lzcompress --x86 first filtered.  The filter
 * scans for E8/E9 (call/jmp rel32) whose operand's top byte is 00 or FF,
 * adds the offset of the following instruction to the operand modulo 2^25
 * (so that calls to one target become identical bytes), keeps the top
 * byte 00/FF, and skips the operand; other bytes are left alone.
 */
#ifndef WIREBOOT_LZMA_X86_H
#define WIREBOOT_LZMA_X86_H

#include <stddef.h>
#include <stdint.h>

/* Undo the x86 filter on BUF (LEN bytes, offset 0 = file offset 0). */
void x86_unfilter(uint8_t *buf, size_t len);

/* lzma_decode(), then x86_unfilter() on what it produced. */
long lzma_decode_x86(const void *src, size_t src_len, void *dst, size_t dst_len);

#endif
