/*
 * UUID text form and byte order (see <wireboot/uuid.h>).
 */
#include <string.h>
#include <wireboot/uuid.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_PARSE

/* Bytes in each dash-separated group of the text form. */
static const uint8_t uuid_groups[] = { 4, 2, 2, 2, 6 };

void uuid_format(const uint8_t uuid[UUID_LEN], char buf[UUID_STRLEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned int group;
	unsigned int i;
	char *p = buf;

	for (group = 0; group < sizeof(uuid_groups); group++) {
		if (group)
			*p++ = '-';
		for (i = 0; i < uuid_groups[group]; i++, uuid++) {
			*p++ = hex[*uuid >> 4];
			*p++ = hex[*uuid & 0x0f];
		}
	}
	*p = '\0';
}

/* Value of a hex digit, or -1. */
static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int uuid_parse(const char *text, uint8_t uuid[UUID_LEN])
{
	uint8_t parsed[UUID_LEN];
	uint8_t *out = parsed;
	unsigned int group;
	unsigned int i;
	int high;
	int low;

	for (group = 0; group < sizeof(uuid_groups); group++) {
		if (group && *text++ != '-')
			return ERR(EINVAL);
		for (i = 0; i < uuid_groups[group]; i++) {
			high = hex_value(text[0]);
			if (high < 0)
				return ERR(EINVAL);
			low = hex_value(text[1]);
			if (low < 0)
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
