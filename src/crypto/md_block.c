/* Block buffering and final padding shared by MD5, SHA-1 and SHA-256. */
#include <string.h>
#include <wireboot/byteorder.h>
#include "md_block.h"

void md_update(uint32_t *state, uint8_t *block, uint64_t *length,
	       const void *data, size_t len, md_compress_t compress)
{
	const uint8_t *bytes = data;
	size_t used = (size_t)(*length % MD_BLOCK_SIZE);
	size_t whole;

	if (!len)
		return;
	*length += len;
	if (used) {
		size_t take = MIN(len, MD_BLOCK_SIZE - used);

		memcpy(block + used, bytes, take);
		bytes += take;
		len -= take;
		if (used + take < MD_BLOCK_SIZE)
			return;
		compress(state, block, 1);
	}
	whole = len / MD_BLOCK_SIZE;
	if (whole) {
		compress(state, bytes, whole);
		bytes += whole * MD_BLOCK_SIZE;
		len -= whole * MD_BLOCK_SIZE;
	}
	memcpy(block, bytes, len);
}

void md_finish(uint32_t *state, uint8_t *block, uint64_t length,
	       bool big_endian, md_compress_t compress)
{
	size_t used = (size_t)(length % MD_BLOCK_SIZE);
	uint64_t bits = length * 8;
	uint8_t *tail = block + MD_BLOCK_SIZE - 8;

	block[used++] = 0x80;
	if (used > MD_BLOCK_SIZE - 8) {
		memset(block + used, 0, MD_BLOCK_SIZE - used);
		compress(state, block, 1);
		used = 0;
	}
	memset(block + used, 0, MD_BLOCK_SIZE - 8 - used);
	if (big_endian) {
		put_be32(tail, (uint32_t)(bits >> 32));
		put_be32(tail + 4, (uint32_t)bits);
	} else {
		put_le32(tail, (uint32_t)bits);
		put_le32(tail + 4, (uint32_t)(bits >> 32));
	}
	compress(state, block, 1);
}
