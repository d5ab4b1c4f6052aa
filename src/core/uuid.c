/*
 * UUID text form and byte order (see <wireboot/uuid.h>).
 */
#include <string.h>
#include <ctype.h>
#include <wireboot/uuid.h>
#include <wireboot/crypto.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_PARSE

/* Bytes in each dash-separated group of the text form. */
static const uint8_t uuid_groups[] = { 4, 2, 2, 2, 6 };

void uuid_format(const uint8_t uuid[UUID_LEN], char buf[UUID_STRLEN + 1])
{
	unsigned int group;
	char *p = buf;

	for (group = 0; group < sizeof(uuid_groups); group++) {
		if (group)
			*p++ = '-';
		digest_hex(uuid, uuid_groups[group], p);
		p += 2 * uuid_groups[group];
		uuid += uuid_groups[group];
	}
}

int uuid_parse(const char *text, uint8_t uuid[UUID_LEN])
{
	uint8_t parsed[UUID_LEN];
	uint8_t *out = parsed;
	unsigned int group;
	unsigned int i;
	unsigned int high;
	unsigned int low;

	for (group = 0; group < sizeof(uuid_groups); group++) {
		if (group && *text++ != '-')
			return ERR(EINVAL);
		for (i = 0; i < uuid_groups[group]; i++) {
			high = digit_value(text[0]);
			if (high >= 16)
				return ERR(EINVAL);
			low = digit_value(text[1]);
			if (low >= 16)
				return ERR(EINVAL);
			*out++ = (uint8_t)((high << 4) | low);
			text += 2;
		}
	}
	if (*text)
		return ERR(EINVAL);
	memcpy(uuid, parsed, UUID_LEN);
	return 0;
}

/* Reverse the LEN bytes at BYTES. */
static void reverse_bytes(uint8_t *bytes, size_t len)
{
	uint8_t tmp;
	size_t i;

	for (i = 0; i < len / 2; i++) {
		tmp = bytes[i];
		bytes[i] = bytes[len - 1 - i];
		bytes[len - 1 - i] = tmp;
	}
}

void uuid_mangle(uint8_t uuid[UUID_LEN])
{
	reverse_bytes(uuid, 4);
	reverse_bytes(uuid + 4, 2);
	reverse_bytes(uuid + 6, 2);
}
