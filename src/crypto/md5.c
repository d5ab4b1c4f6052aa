/* MD5 (RFC 1321): used by HTTP Digest authentication and the md5sum command. */
#include <wireboot/byteorder.h>
#include <wireboot/crypto.h>
#include "md_block.h"

/* Sine-derived additive constants, one per step (RFC 1321 section 3.4). */
static const uint32_t md5_k[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
	0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
	0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
	0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
	0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
	0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

/* Left-rotation amounts: four per round, repeated across the round. */
static const uint8_t md5_shift[4][4] = {
	{ 7, 12, 17, 22 }, { 5, 9, 14, 20 }, { 4, 11, 16, 23 }, { 6, 10, 15, 21 },
};

static inline uint32_t rol32(uint32_t x, unsigned int n)
{
	return (x << n) | (x >> (32 - n));
}

/* The MD5 compression function over NBLOCKS 64-byte blocks. */
static void md5_compress(uint32_t *state, const uint8_t *data, size_t nblocks)
{
	uint32_t w[16];
	uint32_t a, b, c, d, f, t;
	unsigned int i, g;

	for (; nblocks; nblocks--, data += MD_BLOCK_SIZE) {
		for (i = 0; i < 16; i++)
			w[i] = get_le32(data + 4 * i);
		a = state[0];
		b = state[1];
		c = state[2];
		d = state[3];
		for (i = 0; i < 64; i++) {
			switch (i / 16) {
			case 0:
				f = (b & c) | (~b & d);
				g = i;
				break;
			case 1:
				f = (d & b) | (~d & c);
				g = (5 * i + 1) % 16;
				break;
			case 2:
				f = b ^ c ^ d;
				g = (3 * i + 5) % 16;
				break;
			default:
				f = c ^ (b | ~d);
				g = (7 * i) % 16;
				break;
			}
			t = d;
			d = c;
			c = b;
			b += rol32(a + f + md5_k[i] + w[g],
				   md5_shift[i / 16][i % 4]);
			a = t;
		}
		state[0] += a;
		state[1] += b;
		state[2] += c;
		state[3] += d;
	}
}

static void md5_init(void *ctx)
{
	struct md5_context *md5 = ctx;

	md5->state[0] = 0x67452301;
	md5->state[1] = 0xefcdab89;
	md5->state[2] = 0x98badcfe;
	md5->state[3] = 0x10325476;
	md5->length = 0;
}

static void md5_update(void *ctx, const void *data, size_t len)
{
	struct md5_context *md5 = ctx;

	md_update(md5->state, md5->block, &md5->length, data, len,
		  md5_compress);
}

static void md5_final(void *ctx, void *out)
{
	struct md5_context *md5 = ctx;
	uint8_t *bytes = out;
	unsigned int i;

	md_finish(md5->state, md5->block, md5->length, false, md5_compress);
	for (i = 0; i < 4; i++)
		put_le32(bytes + 4 * i, md5->state[i]);
}

const struct digest_algorithm md5_algorithm = {
	.name = "md5",
	.ctxsize = sizeof(struct md5_context),
	.blocksize = MD_BLOCK_SIZE,
	.digestsize = MD5_DIGEST_SIZE,
	.init = md5_init,
	.update = md5_update,
	.final = md5_final,
};
