/*
 * LZMA decoding of a ".lzma" stream (the LZMA_Alone container: a properties
 * byte lc/lp/pb, a 32-bit dictionary size, a 64-bit uncompressed size or
 * all ones for "until the end marker", then the range-coded data).  Used
 * by the option ROM prefix to unpack the 32-bit part (built by
 * util/lzcompress from liblzma); it needs no heap and no globals, so the
 * same file also runs on its own in the ROM's temporary protected mode.
 */
#ifndef WIREBOOT_LZMA_H
#define WIREBOOT_LZMA_H

#include <stddef.h>
#include <stdint.h>

/* Bytes of the LZMA_Alone header. */
#define LZMA_HEADER_LEN 13

/* Largest lc + lp accepted (the literal tables grow as 0x300 << (lc + lp)). */
#define LZMA_MAX_LCLP 3

/*
 * Decode SRC (SRC_LEN bytes, header included) into DST, which has room for
 * DST_LEN bytes; the output is its own dictionary.  Returns the number of
 * bytes produced, or a negative error: ERR(EINVAL) for a bad header or
 * unsupported properties, ERR(EPROTO) for corrupt data or a truncated
 * stream, ERR(ENOSPC) if the output does not fit.
 */
long lzma_decode(const void *src, size_t src_len, void *dst, size_t dst_len);

#endif
