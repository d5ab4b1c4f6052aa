/* SHA-256 (FIPS 180-4 section 6.2): used by the sha256sum command. */
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/crypto.h>
#include "md_block.h"

/* Fractional parts of the cube roots of the first 64 primes. */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror32(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

/* The functions of FIPS 180-4 section 4.1.2. */
#define SHA256_CH(e, f, g) (((e) & (f)) ^ (~(e) & (g)))
#define SHA256_MAJ(a, b, c) (((a) & (b)) ^ ((a) & (c)) ^ ((b) & (c)))
#define SHA256_S0(a) (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22))
#define SHA256_S1(e) (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25))
#define SHA256_s0(w) (ror32(w, 7) ^ ror32(w, 18) ^ ((w) >> 3))
#define SHA256_s1(w) (ror32(w, 17) ^ ror32(w, 19) ^ ((w) >> 10))

/*
 * One round, with the working variables' roles named by the arguments:
 * the caller rotates them (a..h) -> (h,a..g) instead of moving the values.
 */
#define SHA256_ROUND(a, b, c, d, e, f, g, h, i) do {                        \
	uint32_t t1 = h + SHA256_S1(e) + SHA256_CH(e, f, g) +               \
		      sha256_k[i] + w[i];                                   \
	d += t1;                                                            \
	h = t1 + SHA256_S0(a) + SHA256_MAJ(a, b, c);                        \
} while (0)

/* The SHA-256 compression function over NBLOCKS 64-byte blocks. */
static void sha256_compress(uint32_t *state, const uint8_t *data,
			    size_t nblocks)
{
	uint32_t w[64];
	uint32_t a, b, c, d, e, f, g, h;
	unsigned int i;

	for (; nblocks; nblocks--, data += MD_BLOCK_SIZE) {
		for (i = 0; i < 16; i++)
			w[i] = get_be32(data + 4 * i);
		for (; i < 64; i++)
			w[i] = w[i - 16] + SHA256_s0(w[i - 15]) + w[i - 7] +
			       SHA256_s1(w[i - 2]);
		a = state[0];
		b = state[1];
		c = state[2];
		d = state[3];
		e = state[4];
		f = state[5];
		g = state[6];
		h = state[7];
		for (i = 0; i < 64; i += 8) {
			SHA256_ROUND(a, b, c, d, e, f, g, h, i);
			SHA256_ROUND(h, a, b, c, d, e, f, g, i + 1);
			SHA256_ROUND(g, h, a, b, c, d, e, f, i + 2);
			SHA256_ROUND(f, g, h, a, b, c, d, e, i + 3);
			SHA256_ROUND(e, f, g, h, a, b, c, d, i + 4);
			SHA256_ROUND(d, e, f, g, h, a, b, c, i + 5);
			SHA256_ROUND(c, d, e, f, g, h, a, b, i + 6);
			SHA256_ROUND(b, c, d, e, f, g, h, a, i + 7);
		}
		state[0] += a;
		state[1] += b;
		state[2] += c;
		state[3] += d;
		state[4] += e;
		state[5] += f;
		state[6] += g;
		state[7] += h;
	}
}

static void sha256_init(void *ctx)
{
	static const uint32_t initial[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	struct sha256_context *sha256 = ctx;

	memcpy(sha256->state, initial, sizeof(initial));
	sha256->length = 0;
}

static void sha256_update(void *ctx, const void *data, size_t len)
{
	struct sha256_context *sha256 = ctx;

	md_update(sha256->state, sha256->block, &sha256->length, data, len,
		  sha256_compress);
}

static void sha256_final(void *ctx, void *out)
{
	struct sha256_context *sha256 = ctx;
	uint8_t *bytes = out;
	unsigned int i;

	md_finish(sha256->state, sha256->block, sha256->length, true,
		  sha256_compress);
	for (i = 0; i < 8; i++)
		put_be32(bytes + 4 * i, sha256->state[i]);
}

const struct digest_algorithm sha256_algorithm = {
	.name = "sha256",
	.ctxsize = sizeof(struct sha256_context),
	.blocksize = MD_BLOCK_SIZE,
	.digestsize = SHA256_DIGEST_SIZE,
	.init = sha256_init,
	.update = sha256_update,
	.final = sha256_final,
};
