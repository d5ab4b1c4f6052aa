/* SHA-1 (FIPS 180-4 section 6.1): used by the sha1sum command. */
#include <wireboot/byteorder.h>
#include <wireboot/crypto.h>
#include "md_block.h"

static inline uint32_t rol32(uint32_t x, unsigned int n)
{
	return (x << n) | (x >> (32 - n));
}

/* The round functions of the four stages (FIPS 180-4 section 4.1.1). */
#define SHA1_CH(b, c, d) (((b) & (c)) | (~(b) & (d)))
#define SHA1_PARITY(b, c, d) ((b) ^ (c) ^ (d))
#define SHA1_MAJ(b, c, d) (((b) & (c)) | ((b) & (d)) | ((c) & (d)))

/*
 * One round, with the working variables' roles named by the arguments:
 * the caller rotates them (a,b,c,d,e) -> (e,a,b,c,d) instead of moving
 * the values.
 */
#define SHA1_ROUND(a, b, c, d, e, f, k, i) do {                             \
	e += rol32(a, 5) + f(b, c, d) + (k) + w[i];                         \
	b = rol32(b, 30);                                                   \
} while (0)

/* Five rounds of one stage, leaving the roles where they started. */
#define SHA1_FIVE(f, k, i) do {                                             \
	SHA1_ROUND(a, b, c, d, e, f, k, (i));                               \
	SHA1_ROUND(e, a, b, c, d, f, k, (i) + 1);                           \
	SHA1_ROUND(d, e, a, b, c, f, k, (i) + 2);                           \
	SHA1_ROUND(c, d, e, a, b, f, k, (i) + 3);                           \
	SHA1_ROUND(b, c, d, e, a, f, k, (i) + 4);                           \
} while (0)

/* The SHA-1 compression function over NBLOCKS 64-byte blocks. */
static void sha1_compress(uint32_t *state, const uint8_t *data,
			  size_t nblocks)
{
	uint32_t w[80];
	uint32_t a, b, c, d, e;
	unsigned int i;

	for (; nblocks; nblocks--, data += MD_BLOCK_SIZE) {
		for (i = 0; i < 16; i++)
			w[i] = get_be32(data + 4 * i);
		for (; i < 80; i++)
			w[i] = rol32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16],
				     1);
		a = state[0];
		b = state[1];
		c = state[2];
		d = state[3];
		e = state[4];
		for (i = 0; i < 20; i += 5)
			SHA1_FIVE(SHA1_CH, 0x5a827999, i);
		for (; i < 40; i += 5)
			SHA1_FIVE(SHA1_PARITY, 0x6ed9eba1, i);
		for (; i < 60; i += 5)
			SHA1_FIVE(SHA1_MAJ, 0x8f1bbcdc, i);
		for (; i < 80; i += 5)
			SHA1_FIVE(SHA1_PARITY, 0xca62c1d6, i);
		state[0] += a;
		state[1] += b;
		state[2] += c;
		state[3] += d;
		state[4] += e;
	}
}

static void sha1_init(void *ctx)
{
	struct sha1_context *sha1 = ctx;

	sha1->state[0] = 0x67452301;
	sha1->state[1] = 0xefcdab89;
	sha1->state[2] = 0x98badcfe;
	sha1->state[3] = 0x10325476;
	sha1->state[4] = 0xc3d2e1f0;
	sha1->length = 0;
}

static void sha1_update(void *ctx, const void *data, size_t len)
{
	struct sha1_context *sha1 = ctx;

	md_update(sha1->state, sha1->block, &sha1->length, data, len,
		  sha1_compress);
}

static void sha1_final(void *ctx, void *out)
{
	struct sha1_context *sha1 = ctx;
	uint8_t *bytes = out;
	unsigned int i;

	md_finish(sha1->state, sha1->block, sha1->length, true, sha1_compress);
	for (i = 0; i < 5; i++)
		put_be32(bytes + 4 * i, sha1->state[i]);
}

const struct digest_algorithm sha1_algorithm = {
	.name = "sha1",
	.ctxsize = sizeof(struct sha1_context),
	.blocksize = MD_BLOCK_SIZE,
	.digestsize = SHA1_DIGEST_SIZE,
	.init = sha1_init,
	.update = sha1_update,
	.final = sha1_final,
};
