/* Conveniences over the digest algorithms: one-call hashing and hex output. */
#include <wireboot/crypto.h>

void digest_buffer(const struct digest_algorithm *digest, const void *data,
		   size_t len, void *out)
{
	union digest_context ctx;

	digest->init(&ctx);
	digest->update(&ctx, data, len);
	digest->final(&ctx, out);
}

char *digest_hex(const void *data, size_t len, char *buf)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *bytes = data;
	size_t i;

	for (i = 0; i < len; i++) {
		buf[2 * i] = hex[bytes[i] >> 4];
		buf[2 * i + 1] = hex[bytes[i] & 0xf];
	}
	buf[2 * len] = '\0';
	return buf;
}
