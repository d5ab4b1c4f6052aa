/*
 * Setting types: how a raw value turns into text and back (":string",
 * ":ipv4", ":hex", ...).  Integers are raw big-endian as in DHCP; signed ones
 * show in decimal, unsigned ones in hex with a 0x prefix as iPXE shows them.
 */
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include <ctype.h>
#include <wireboot/errors.h>
#include <wireboot/settings.h>
#include <wireboot/socket.h>
#include <wireboot/uri.h>
#include <wireboot/uuid.h>
#include <wireboot/base64.h>

#define ERR_SUBSYS ESUB_SETTINGS

/* Text being written into a buffer that may be too small (or NULL). */
struct text_out {
	char *buf;
	size_t len;
	size_t used;
};

static void out_char(struct text_out *out, char c)
{
	if (out->used + 1 < out->len)
		out->buf[out->used] = c;
	out->used++;
}

/* NUL-terminate and return the full length, like snprintf. */
static int out_finish(struct text_out *out)
{
	if (out->len)
		out->buf[MIN(out->used, out->len - 1)] = '\0';
	return (int)out->used;
}

/* Raw bytes being written into a buffer that may be too small (or NULL). */
struct raw_out {
	uint8_t *raw;
	size_t len;
	size_t used;
};

static void out_byte(struct raw_out *out, uint8_t byte)
{
	if (out->used < out->len)
		out->raw[out->used] = byte;
	out->used++;
}

static const char hex_digits[] = "0123456789abcdef";

static int parse_string(const struct setting_type *type, const char *text,
			void *raw, size_t len)
{
	size_t text_len = strlen(text);

	if (raw)
		memcpy(raw, text, MIN(len, text_len));
	return (int)text_len;
}

/* Raw bytes up to the first NUL (DHCP servers may send one at the end). */
static int format_string(const struct setting_type *type, const void *raw,
			 size_t raw_len, char *buf, size_t len)
{
	return snprintf(buf, len, "%.*s", (int)strnlen(raw, raw_len),
			(const char *)raw);
}

const struct setting_type setting_type_string __setting_type = {
	.name = "string",
	.parse = parse_string,
	.format = format_string,
};

/* "%XX" becomes the byte XX; a '%' without two hex digits stays as it is. */
static int parse_uristring(const struct setting_type *type, const char *text,
			   void *raw, size_t len)
{
	return (int)uri_decode(text, raw, raw ? len : 0);
}

/* Percent-encode every byte outside RFC 3986's unreserved set. */
static int format_uristring(const struct setting_type *type, const void *raw,
			    size_t raw_len, char *buf, size_t len)
{
	return (int)uri_encode(raw, strnlen(raw, raw_len), URI_STRICT, buf,
			       len);
}

const struct setting_type setting_type_uristring __setting_type = {
	.name = "uristring",
	.parse = parse_uristring,
	.format = format_uristring,
};

/* Exactly four decimal numbers 0-255 joined by dots. */
static int parse_ipv4(const struct setting_type *type, const char *text,
		      void *raw, size_t len)
{
	uint32_t addr;

	if (!inet_aton(text, &addr))
		return ERR(EINVAL);
	if (raw)
		memcpy(raw, &addr, MIN(len, sizeof(addr)));
	return (int)sizeof(addr);
}

/* The first address of the value (DHCP may list several). */
static int format_ipv4(const struct setting_type *type, const void *raw,
		       size_t raw_len, char *buf, size_t len)
{
	const uint8_t *addr = raw;

	if (raw_len < 4)
		return ERR(EINVAL);
	return snprintf(buf, len, "%u.%u.%u.%u", addr[0], addr[1], addr[2],
			addr[3]);
}

const struct setting_type setting_type_ipv4 __setting_type = {
	.name = "ipv4",
	.parse = parse_ipv4,
	.format = format_ipv4,
};

/* Raw width of a numeric type, or 0 when TYPE is not one. */
static size_t numeric_size(const struct setting_type *type)
{
	if (type == &setting_type_int8 || type == &setting_type_uint8)
		return 1;
	if (type == &setting_type_int16 || type == &setting_type_uint16)
		return 2;
	if (type == &setting_type_int32 || type == &setting_type_uint32)
		return 4;
	return 0;
}

static bool numeric_signed(const struct setting_type *type)
{
	return type == &setting_type_int8 || type == &setting_type_int16 ||
	       type == &setting_type_int32;
}

/*
 * A C integer (decimal, 0x hex or 0 octal, optionally negative) that fits
 * the type's width as either a signed or an unsigned number.
 */
static int parse_numeric(const struct setting_type *type, const char *text,
			 void *raw, size_t len)
{
	struct raw_out out = { raw, raw ? len : 0, 0 };
	size_t size = numeric_size(type);
	unsigned int bits = (unsigned int)size * 8;
	long long min = -(1LL << (bits - 1));
	long long max = (1LL << bits) - 1;
	long long value;
	char *end;
	size_t i;

	value = strtoll(text, &end, 0);
	if (end == text || *end)
		return ERR(EINVAL);
	if (value < min || value > max)
		return ERR(ERANGE);
	for (i = size; i-- > 0;)
		out_byte(&out, (uint8_t)((unsigned long long)value >> (8 * i)));
	return (int)size;
}

/* Any raw width of 1 to 4 bytes; signed types extend the top bit. */
static int format_numeric(const struct setting_type *type, const void *raw,
			  size_t raw_len, char *buf, size_t len)
{
	const uint8_t *bytes = raw;
	uint32_t value;
	size_t i;

	if (!raw_len || raw_len > 4)
		return ERR(ERANGE);
	value = (numeric_signed(type) && (bytes[0] & 0x80)) ? ~0U : 0;
	for (i = 0; i < raw_len; i++)
		value = (value << 8) | bytes[i];
	if (numeric_signed(type))
		return snprintf(buf, len, "%ld", (long)(int32_t)value);
	if (!value)
		return snprintf(buf, len, "0");
	return snprintf(buf, len, "0x%lx", (unsigned long)value);
}

const struct setting_type setting_type_int8 __setting_type = {
	.name = "int8",
	.parse = parse_numeric,
	.format = format_numeric,
};

const struct setting_type setting_type_int16 __setting_type = {
	.name = "int16",
	.parse = parse_numeric,
	.format = format_numeric,
};

const struct setting_type setting_type_int32 __setting_type = {
	.name = "int32",
	.parse = parse_numeric,
	.format = format_numeric,
};

const struct setting_type setting_type_uint8 __setting_type = {
	.name = "uint8",
	.parse = parse_numeric,
	.format = format_numeric,
};

const struct setting_type setting_type_uint16 __setting_type = {
	.name = "uint16",
	.parse = parse_numeric,
	.format = format_numeric,
};

const struct setting_type setting_type_uint32 __setting_type = {
	.name = "uint32",
	.parse = parse_numeric,
	.format = format_numeric,
};

/* Byte separator of a hex type ('\0' for hexraw). */
static char hex_separator(const struct setting_type *type)
{
	if (type == &setting_type_hex)
		return ':';
	if (type == &setting_type_hexhyp)
		return '-';
	return '\0';
}

/*
 * Bytes of one or two hex digits joined by the type's separator, or (hexraw)
 * an even number of hex digits.  "" is an empty value.
 */
static int parse_hex(const struct setting_type *type, const char *text,
		     void *raw, size_t len)
{
	struct raw_out out = { raw, raw ? len : 0, 0 };
	char sep = hex_separator(type);
	unsigned int high;
	unsigned int low;

	while (*text) {
		high = digit_value(text[0]);
		if (high >= 16)
			return ERR(EINVAL);
		low = digit_value(text[1]);
		if (low < 16) {
			out_byte(&out, (uint8_t)(high << 4 | low));
			text += 2;
		} else if (sep) {
			out_byte(&out, (uint8_t)high);
			text++;
		} else {
			return ERR(EINVAL);
		}
		if (!sep)
			continue;
		if (*text == sep) {
			if (!*++text)
				return ERR(EINVAL);
		} else if (*text) {
			return ERR(EINVAL);
		}
	}
	return (int)out.used;
}

static int format_hex(const struct setting_type *type, const void *raw,
		      size_t raw_len, char *buf, size_t len)
{
	struct text_out out = { buf, len, 0 };
	const uint8_t *bytes = raw;
	char sep = hex_separator(type);
	size_t i;

	for (i = 0; i < raw_len; i++) {
		if (i && sep)
			out_char(&out, sep);
		out_char(&out, hex_digits[bytes[i] >> 4]);
		out_char(&out, hex_digits[bytes[i] & 15]);
	}
	return out_finish(&out);
}

const struct setting_type setting_type_hex __setting_type = {
	.name = "hex",
	.parse = parse_hex,
	.format = format_hex,
};

const struct setting_type setting_type_hexhyp __setting_type = {
	.name = "hexhyp",
	.parse = parse_hex,
	.format = format_hex,
};

const struct setting_type setting_type_hexraw __setting_type = {
	.name = "hexraw",
	.parse = parse_hex,
	.format = format_hex,
};

/* RFC 4648 base64; the '=' padding may be left off. */
static int parse_base64(const struct setting_type *type, const char *text,
			void *raw, size_t len)
{
	int rc = base64_decode(text, raw, raw ? len : 0);

	return rc < 0 ? ERR(EINVAL) : rc;
}

static int format_base64(const struct setting_type *type, const void *raw,
			 size_t raw_len, char *buf, size_t len)
{
	return base64_encode(raw, raw_len, buf, len);
}

const struct setting_type setting_type_base64 __setting_type = {
	.name = "base64",
	.parse = parse_base64,
	.format = format_base64,
};

static int parse_uuid(const struct setting_type *type, const char *text,
		      void *raw, size_t len)
{
	uint8_t uuid[UUID_LEN];

	if (uuid_parse(text, uuid) < 0)
		return ERR(EINVAL);
	if (raw)
		memcpy(raw, uuid, MIN(len, sizeof(uuid)));
	return (int)sizeof(uuid);
}

static int format_uuid(const struct setting_type *type, const void *raw,
		       size_t raw_len, char *buf, size_t len)
{
	char text[UUID_STRLEN + 1];

	if (raw_len != UUID_LEN)
		return ERR(EINVAL);
	uuid_format(raw, text);
	return snprintf(buf, len, "%s", text);
}

const struct setting_type setting_type_uuid __setting_type = {
	.name = "uuid",
	.parse = parse_uuid,
	.format = format_uuid,
};
