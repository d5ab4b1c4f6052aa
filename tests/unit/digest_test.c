/*
 * Digest tests: MD5 (RFC 1321 appendix A.5), SHA-1 and SHA-256 (FIPS 180
 * examples, including one million 'a'), lengths either side of the padding
 * boundaries (55/56/63/64/65 ... bytes), and split updates.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/crypto.h>
#include "unittest.h"

/* Hash LEN bytes at DATA with DIGEST and return the hex (static buffer). */
static const char *hex_of(const struct digest_algorithm *digest,
			  const void *data, size_t len)
{
	static char hex[2 * DIGEST_MAX_SIZE + 1];
	uint8_t out[DIGEST_MAX_SIZE];

	digest_buffer(digest, data, len, out);
	return digest_hex(out, digest->digestsize, hex);
}

/* As hex_of(), feeding the input CHUNK bytes at a time. */
static const char *hex_of_chunked(const struct digest_algorithm *digest,
				  const void *data, size_t len, size_t chunk)
{
	static char hex[2 * DIGEST_MAX_SIZE + 1];
	uint8_t out[DIGEST_MAX_SIZE];
	union digest_context ctx;
	const uint8_t *bytes = data;
	size_t done, take;

	digest->init(&ctx);
	for (done = 0; done < len; done += take) {
		take = MIN(chunk, len - done);
		digest->update(&ctx, bytes + done, take);
		digest->update(&ctx, bytes + done, 0);
	}
	digest->final(&ctx, out);
	return digest_hex(out, digest->digestsize, hex);
}

#define HEX(digest, str) hex_of(&digest, str, strlen(str))

static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz";
static const char alnum[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
static const char digits80[] =
	"1234567890123456789012345678901234567890"
	"1234567890123456789012345678901234567890";
static const char fips448[] =
	"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

UNIT_TEST(digest_md5_rfc1321)
{
	ok_str(HEX(md5_algorithm, ""), "d41d8cd98f00b204e9800998ecf8427e");
	ok_str(HEX(md5_algorithm, "a"), "0cc175b9c0f1b6a831c399e269772661");
	ok_str(HEX(md5_algorithm, "abc"), "900150983cd24fb0d6963f7d28e17f72");
	ok_str(HEX(md5_algorithm, "message digest"),
	       "f96b697d7cb7938d525a2f31aaf161d0");
	ok_str(HEX(md5_algorithm, alphabet), "c3fcd3d76192e4007dfb496cca67e13b");
	ok_str(HEX(md5_algorithm, alnum), "d174ab98d277d9f5a5611c2c9f419d9f");
	ok_str(HEX(md5_algorithm, digits80), "57edf4a22be3c955ac49da2e2107b67a");
}

UNIT_TEST(digest_sha1_fips)
{
	ok_str(HEX(sha1_algorithm, ""),
	       "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	ok_str(HEX(sha1_algorithm, "abc"),
	       "a9993e364706816aba3e25717850c26c9cd0d89d");
	ok_str(HEX(sha1_algorithm, fips448),
	       "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	ok_str(HEX(sha1_algorithm, "message digest"),
	       "c12252ceda8be8994d5fa0290a47231c1d16aae3");
}

UNIT_TEST(digest_sha256_fips)
{
	ok_str(HEX(sha256_algorithm, ""),
	       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	ok_str(HEX(sha256_algorithm, "abc"),
	       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ok_str(HEX(sha256_algorithm, fips448),
	       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	ok_str(HEX(sha256_algorithm, alnum),
	       "db4bfcbd4da0cd85a60c3c37d3fbd8805c77f15fc6b1fdfe614ee0a7c8fdb4c0");
}

UNIT_TEST(digest_million_a)
{
	size_t len = 1000000;
	char *data = malloc(len);

	ok(data != NULL);
	if (!data)
		return;
	memset(data, 'a', len);
	ok_str(hex_of(&md5_algorithm, data, len),
	       "7707d6ae4e027c70eea2a935c2296f21");
	ok_str(hex_of(&sha1_algorithm, data, len),
	       "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	ok_str(hex_of(&sha256_algorithm, data, len),
	       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	/* The same, fed in pieces that never line up with a block. */
	ok_str(hex_of_chunked(&sha256_algorithm, data, len, 1000),
	       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	ok_str(hex_of_chunked(&sha1_algorithm, data, len, 4093),
	       "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	free(data);
}

/* Expected digests of the pattern bytes (7 * i + 3) for padding-edge lengths. */
static const struct {
	size_t len;
	const char *md5, *sha1, *sha256;
} boundary[] = {
	{ 55, "52c0e574e1198de5fe3f8f11440dcb1b",
	  "ddf57317ef34bfee3b6df83d359098930eb278bc",
	  "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b" },
	{ 56, "46c9907fc908ee68b1e7b8e71286a518",
	  "a0d492bb0fc889d0eca3bc137066ab6f4f74f369",
	  "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27" },
	{ 63, "a62f6d59e837867693f042f5b8f5a236",
	  "c55856749bef509bdfe6bfebfc7bf4e793e82132",
	  "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055" },
	{ 64, "7160b8fb5e9e4023d549c3971fbaeead",
	  "bede92be29c3874e1b54ddc77988d606fc857a8e",
	  "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241" },
	{ 65, "70bd662e7aefbda85a0f7244167b7897",
	  "b05a80522b053d6dc7e0a517d0e70212c7dad11f",
	  "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e" },
	{ 119, "e84905d4214f4d1ca56c2cdcc152b143",
	  "504e27376a6e0f0dba8295b85cb25dc4dfa17d23",
	  "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e" },
	{ 120, "e3eb5a6c8669ea01a8c185b8abc8a5dc",
	  "82134b02fb3f702491be9bed581eeab59334acb2",
	  "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5" },
	{ 127, "acce2474d6cc8302120d09c818d17ef7",
	  "34d5e582029e9b9b85b2febe31da3db7cdabaaea",
	  "a8d23e75d936f303d248888d9b165ee543f4cbafcad3c9dd2a79bd84faa11d07" },
	{ 128, "10b2da1a82f16d99a81a7203fe9f02cb",
	  "a09133e6730ffe899efb70204cb5646cd5dc24ee",
	  "d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6" },
};

UNIT_TEST(digest_block_boundaries)
{
	uint8_t data[128];
	size_t i, chunk;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(7 * i + 3);
	for (i = 0; i < ARRAY_SIZE(boundary); i++) {
		size_t len = boundary[i].len;

		ok_str(hex_of(&md5_algorithm, data, len), boundary[i].md5);
		ok_str(hex_of(&sha1_algorithm, data, len), boundary[i].sha1);
		ok_str(hex_of(&sha256_algorithm, data, len),
		       boundary[i].sha256);
		for (chunk = 1; chunk <= 65; chunk += 3) {
			ok_str(hex_of_chunked(&md5_algorithm, data, len, chunk),
			       boundary[i].md5);
			ok_str(hex_of_chunked(&sha256_algorithm, data, len,
					      chunk), boundary[i].sha256);
		}
	}
}

UNIT_TEST(digest_context_reuse)
{
	union digest_context ctx;
	uint8_t out[DIGEST_MAX_SIZE];
	char hex[2 * DIGEST_MAX_SIZE + 1];

	/* A context finished once starts cleanly when initialised again. */
	sha1_algorithm.init(&ctx);
	sha1_algorithm.update(&ctx, "junk", 4);
	sha1_algorithm.final(&ctx, out);
	sha1_algorithm.init(&ctx);
	sha1_algorithm.update(&ctx, "ab", 2);
	sha1_algorithm.update(&ctx, "c", 1);
	sha1_algorithm.final(&ctx, out);
	ok_str(digest_hex(out, SHA1_DIGEST_SIZE, hex),
	       "a9993e364706816aba3e25717850c26c9cd0d89d");
}

UNIT_TEST(digest_algorithm_fields)
{
	ok_str(md5_algorithm.name, "md5");
	ok_str(sha1_algorithm.name, "sha1");
	ok_str(sha256_algorithm.name, "sha256");
	ok_eq(md5_algorithm.digestsize, 16);
	ok_eq(sha1_algorithm.digestsize, 20);
	ok_eq(sha256_algorithm.digestsize, 32);
	ok_eq(sha256_algorithm.blocksize, 64);
	ok(md5_algorithm.ctxsize <= sizeof(union digest_context));
	ok(sha256_algorithm.ctxsize <= sizeof(union digest_context));
}

UNIT_TEST(digest_hex_format)
{
	static const uint8_t bytes[] = { 0x00, 0x0f, 0xa5, 0xff };
	char hex[9];

	ok_str(digest_hex(bytes, sizeof(bytes), hex), "000fa5ff");
	ok_str(digest_hex(bytes, 0, hex), "");
}
