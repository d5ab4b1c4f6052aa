/*
 * Base64 (RFC 4648) encoding and decoding (see <wireboot/base64.h>).
 */
#include <string.h>
#include <wireboot/base64.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_PARSE

static const char base64_digits[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_encode(const void *raw, size_t raw_len, char *buf, size_t len)
{
	const uint8_t *bytes = raw;
	size_t used = 0;
	uint32_t acc;
	size_t i;
	unsigned int j;
	char c;

	for (i = 0; i < raw_len; i += 3) {
		acc = (uint32_t)bytes[i] << 16;
		if (i + 1 < raw_len)
			acc |= (uint32_t)bytes[i + 1] << 8;
		if (i + 2 < raw_len)
			acc |= bytes[i + 2];
		/* Digit J is '=' when byte I + J - 1 is past the data. */
		for (j = 0; j < 4; j++, used++) {
			if (i + j <= raw_len)
				c = base64_digits[(acc >> (18 - 6 * j)) & 63];
			else
				c = '=';
			if (used + 1 < len)
				buf[used] = c;
		}
	}
	if (len)
		buf[MIN(used, len - 1)] = '\0';
	return (int)used;
}

int base64_decode(const char *text, void *raw, size_t len)
{
	uint8_t *out = raw;
	const char *digit;
	uint32_t acc = 0;
	unsigned int bits = 0;
	unsigned int count = 0;
	unsigned int pad = 0;
	size_t used = 0;

	for (; *text; text++) {
		if (*text == '=') {
			pad++;
			continue;
		}
		digit = strchr(base64_digits, *text);
		if (!digit || pad)
			return ERR(EINVAL);
		acc = (acc << 6) | (uint32_t)(digit - base64_digits);
		bits += 6;
		count++;
		if (bits >= 8) {
			bits -= 8;
			if (out && used < len)
				out[used] = (uint8_t)(acc >> bits);
			used++;
		}
	}
	if (count % 4 == 1 || pad > 2 || (pad && (count + pad) % 4))
		return ERR(EINVAL);
	return (int)used;
}
