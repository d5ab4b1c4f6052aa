/*
 * The option ROM's payload decoder: a flat, position-independent piece of
 * 32-bit code that the ROM prefix (rom.asm) calls in flat protected mode,
 * entered at its first byte, and that util/uncm_check runs on the host.
 * It reads the stream of src/include/wireboot/cm_stream.h, predicts each
 * bit with the model the compressor used (src/include/wireboot/cm_model.h)
 * and undoes the x86 filter.  No static data and no library calls: all
 * state lives in the caller's work memory.
 */
#include <stddef.h>
#include <stdbool.h>
#include <wireboot/cm_model.h>
#include <wireboot/cm_stream.h>
#include <wireboot/x86_filter.h>

long cm_unpack(const uint8_t *src, uint32_t src_len, uint8_t *dst,
	       uint32_t dst_len, void *work);

/* Unpack SRC (SRC_LEN bytes) into DST (room for DST_LEN) with WORK (as
 * many bytes as the header asks).  Returns the payload's size, or -1 if
 * the header is bad, the payload does not fit, or the result does not
 * hash to what the header says (corrupt or truncated).  Reads nothing
 * past SRC_LEN and writes nothing past the payload's size. */
__attribute__((section(".text.entry"), used))
long cm_unpack(const uint8_t *src, uint32_t src_len, uint8_t *dst,
	       uint32_t dst_len, void *work)
{
	struct cm_model *m;
	uint32_t size, lo = 0, hi = 0xffffffffu, x = 0, in = CM_HDR_BYTES, i;
	int y;

	if (src_len < CM_HDR_BYTES)
		return -1;
	size = get_le32(src + CM_HDR_SIZE);
	if (size > dst_len)
		return -1;
	m = cm_init(work, dst);
	for (i = 0; i < 4; i++)
		x = x << 8 | (in < src_len ? src[in++] : 0);
	while (m->pos < size) {
		uint32_t mid = cm_split(lo, hi, (uint32_t)cm_predict(m));

		y = x <= mid;
		if (y)
			hi = mid;
		else
			lo = mid + 1;
		cm_update(m, y);
		while (!((lo ^ hi) & 0xff000000u)) {
			lo <<= 8;
			hi = hi << 8 | 255;
			x = x << 8 | (in < src_len ? src[in++] : 0);
		}
	}
	x86_filter(dst, size, false);
	return cm_fnv1a(dst, size) == get_le32(src + CM_HDR_HASH) ? (long)size : -1;
}
