/*
 * The option ROM payload's compressed stream, shared by the host tool that
 * writes it (util/romcompress.c) and the ROM's decoder
 * (arch/x86/prefix/uncm.c).  A 12-byte header (little-endian: the
 * payload's size, its FNV-1a hash, the decoder's work memory in bytes,
 * which the ROM prefix reads to reserve it), then the bits of the
 * x86-filtered payload (src/include/wireboot/x86_filter.h), most
 * significant first, binary arithmetic-coded with the probabilities of
 * the context-mixing model (src/include/wireboot/cm_model.h).
 */
#ifndef WIREBOOT_CM_STREAM_H
#define WIREBOOT_CM_STREAM_H

#include <wireboot/byteorder.h>

#define CM_HDR_SIZE 0
#define CM_HDR_HASH 4
#define CM_HDR_WORK 8
#define CM_HDR_BYTES 12

/* The coder's range [LO, HI] splits where a 1 (probability P/4096) ends:
 * a 1 takes [LO, split], a 0 (split, HI]. */
static inline uint32_t cm_split(uint32_t lo, uint32_t hi, uint32_t p)
{
	return lo + ((hi - lo) >> 12) * p + (((hi - lo) & 0xfff) * p >> 12);
}

/* FNV-1a over LEN bytes at BUF. */
static inline uint32_t cm_fnv1a(const uint8_t *buf, uint32_t len)
{
	uint32_t h = 2166136261u;

	while (len--)
		h = (h ^ *buf++) * 16777619u;
	return h;
}

#endif
