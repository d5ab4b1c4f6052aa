/*
 * The option ROM's payload: an LZMA_Alone stream (wireboot/lzma.h) of
 * 32-bit x86 code that util/lzcompress --x86 first filtered
 * (wireboot/x86_filter.h).
 */
#ifndef WIREBOOT_LZMA_X86_H
#define WIREBOOT_LZMA_X86_H

#include <stddef.h>
#include <stdint.h>
#include <wireboot/compiler.h>

/* lzma_decode(), then undo the x86 filter (wireboot/x86_filter.h) on what it produced. */
long __asmcall lzma_decode_x86(const void *src, size_t src_len, void *dst, size_t dst_len);

#endif
