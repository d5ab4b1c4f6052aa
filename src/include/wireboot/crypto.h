/*
 * Message digests (MD5, SHA-1, SHA-256) behind one small interface, so that
 * callers (the digest commands, HTTP Digest authentication, image checks)
 * can hash with any of them:
 *
 *     union digest_context ctx;
 *     uint8_t out[DIGEST_MAX_SIZE];
 *     digest->init(&ctx);
 *     digest->update(&ctx, data, len);   (any number of times, any lengths)
 *     digest->final(&ctx, out);          (writes digest->digestsize bytes)
 *
 * or in one call: digest_buffer(&md5_algorithm, data, len, out).  A context
 * allocated elsewhere needs digest->ctxsize bytes aligned for uint64_t.
 * Contexts hold no pointers and need no cleanup; after final() a context
 * may be init()ed again.
 */
#ifndef WIREBOOT_CRYPTO_H
#define WIREBOOT_CRYPTO_H

#include <wireboot/compiler.h>

struct digest_algorithm {
	/* Lower-case name, e.g. "sha256". */
	const char *name;
	/* Size of a context, in bytes. */
	size_t ctxsize;
	/* Size of the input block the algorithm works in, in bytes. */
	size_t blocksize;
	/* Size of the digest, in bytes. */
	size_t digestsize;
	/* Start a new digest in CTX. */
	void (*init)(void *ctx);
	/* Add LEN bytes at DATA. */
	void (*update)(void *ctx, const void *data, size_t len);
	/* Finish and write the digest to OUT (digestsize bytes). */
	void (*final)(void *ctx, void *out);
};

#define MD5_DIGEST_SIZE 16
#define SHA1_DIGEST_SIZE 20
#define SHA256_DIGEST_SIZE 32
#define DIGEST_MAX_SIZE SHA256_DIGEST_SIZE

/* MD5 (RFC 1321). */
struct md5_context {
	uint32_t state[4];
	uint64_t length;
	uint8_t block[64];
};

/* SHA-1 (FIPS 180-4). */
struct sha1_context {
	uint32_t state[5];
	uint64_t length;
	uint8_t block[64];
};

/* SHA-256 (FIPS 180-4). */
struct sha256_context {
	uint32_t state[8];
	uint64_t length;
	uint8_t block[64];
};

/* Room for the context of any algorithm above. */
union digest_context {
	struct md5_context md5;
	struct sha1_context sha1;
	struct sha256_context sha256;
};

extern const struct digest_algorithm md5_algorithm;
extern const struct digest_algorithm sha1_algorithm;
extern const struct digest_algorithm sha256_algorithm;

/* Digest LEN bytes at DATA in one call; OUT gets digest->digestsize bytes. */
void digest_buffer(const struct digest_algorithm *digest, const void *data,
		   size_t len, void *out);

/*
 * Write LEN bytes at DATA as lower-case hex into BUF (2 * LEN + 1 bytes,
 * NUL-terminated); returns BUF.
 */
char *digest_hex(const void *data, size_t len, char *buf);

#endif
