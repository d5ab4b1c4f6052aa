/*
 * The block buffering shared by MD5, SHA-1 and SHA-256 (Merkle-Damgard
 * hashes over 64-byte blocks): collect input into whole blocks for the
 * compression function, then pad with 0x80, zeros and the bit length.
 */
#ifndef WIREBOOT_CRYPTO_MD_BLOCK_H
#define WIREBOOT_CRYPTO_MD_BLOCK_H

#include <wireboot/compiler.h>

#define MD_BLOCK_SIZE 64

/* Compress NBLOCKS consecutive 64-byte blocks at DATA into STATE. */
typedef void (*md_compress_t)(uint32_t *state, const uint8_t *data,
			      size_t nblocks);

/*
 * Add LEN bytes at DATA.  BLOCK holds the partial block and *LENGTH counts
 * the bytes so far; whole blocks are compressed straight from DATA.
 */
void md_update(uint32_t *state, uint8_t *block, uint64_t *length,
	       const void *data, size_t len, md_compress_t compress);

/* Pad and compress the final block(s); the length goes in big or little endian. */
void md_finish(uint32_t *state, uint8_t *block, uint64_t length,
	       bool big_endian, md_compress_t compress);

#endif
