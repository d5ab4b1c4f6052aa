/*
 * iSCSI text: RFC 4173 root paths, LUNs, "key=value" lists of login PDUs,
 * binary values (hex / base64), login status codes, the CHAP digest.
 * Pure functions, exercised by the unit tests and the fuzzer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <wireboot/iscsi.h>
#include <wireboot/crypto.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_ISCSI

int iscsi_parse_port(const char *text)
{
	unsigned long port;
	char *end;

	port = strtoul(text, &end, 10);
	if (*end || !port || port > 0xffff)
		return ERR(EINVAL);
	return (int)port;
}

int iscsi_parse_lun(const char *text, uint8_t lun[8])
{
	unsigned long level;
	unsigned int i;
	char *end;

	memset(lun, 0, 8);
	if (!*text)
		return 0;
	for (i = 0; i < 4; i++) {
		if (!isxdigit((unsigned char)*text))
			return ERR(EINVAL);
		level = strtoul(text, &end, 16);
		if (level > 0xffff)
			return ERR(EINVAL);
		lun[2 * i] = (uint8_t)(level >> 8);
		lun[2 * i + 1] = (uint8_t)level;
		if (!*end)
			return 0;
		if (*end != '-')
			return ERR(EINVAL);
		text = end + 1;
	}
	return ERR(EINVAL);
}

void iscsi_root_path_free(struct iscsi_root_path *rp)
{
	free(rp->server);
	free(rp->target);
	rp->server = NULL;
	rp->target = NULL;
}

int iscsi_parse_root_path(const char *opaque, struct iscsi_root_path *rp)
{
	const char *field[4];
	size_t field_len[4];
	const char *p = opaque;
	char buf[32];
	unsigned int i;
	int rc;

	memset(rp, 0, sizeof(*rp));
	if (!opaque)
		return ERR(EINVAL);
	for (i = 0; i < 4; i++) {
		field[i] = p;
		if (i == 0 && *p == '[') {
			p = strchr(p, ']');
			if (!p)
				return ERR(EINVAL);
		}
		p = strchr(p, ':');
		if (!p)
			return ERR(EINVAL);
		field_len[i] = (size_t)(p - field[i]);
		p++;
	}
	if (!field_len[0] || !*p)
		return ERR(EINVAL);
	rp->port = ISCSI_PORT;
	if (field_len[2]) {
		if (field_len[2] >= sizeof(buf))
			return ERR(EINVAL);
		memcpy(buf, field[2], field_len[2]);
		buf[field_len[2]] = '\0';
		if ((rc = iscsi_parse_port(buf)) < 0)
			return rc;
		rp->port = (unsigned int)rc;
	}
	if (field_len[3] >= sizeof(buf))
		return ERR(EINVAL);
	memcpy(buf, field[3], field_len[3]);
	buf[field_len[3]] = '\0';
	if ((rc = iscsi_parse_lun(buf, rp->lun)) != 0)
		return rc;
	rp->server = strndup(field[0], field_len[0]);
	rp->target = strdup(p);
	if (!rp->server || !rp->target) {
		iscsi_root_path_free(rp);
		return ERR(ENOMEM);
	}
	return 0;
}

int iscsi_text_foreach(const char *data, size_t len,
		       int (*fn)(void *ctx, const char *key,
				 const char *value),
		       void *ctx)
{
	char *pair;
	char *eq;
	size_t n;
	int rc;

	while (len) {
		n = strnlen(data, len);
		if (n) {
			pair = strndup(data, n);
			if (!pair)
				return ERR(ENOMEM);
			eq = strchr(pair, '=');
			if (!eq) {
				free(pair);
				return ERR(EPROTO);
			}
			*eq = '\0';
			rc = fn(ctx, pair, eq + 1);
			free(pair);
			if (rc != 0)
				return rc;
		}
		if (n == len)
			break;
		data += n + 1;
		len -= n + 1;
	}
	return 0;
}

int iscsi_text_add(struct iscsi_text *text, const char *key,
		   const char *value)
{
	size_t need = strlen(key) + 1 + strlen(value) + 1;
	char *grown;

	if (text->len + need > text->size) {
		grown = realloc(text->buf, text->len + need + 256);
		if (!grown)
			return ERR(ENOMEM);
		text->buf = grown;
		text->size = text->len + need + 256;
	}
	snprintf(text->buf + text->len, need, "%s=%s", key, value);
	text->len += need;
	return 0;
}

void iscsi_text_free(struct iscsi_text *text)
{
	free(text->buf);
	memset(text, 0, sizeof(*text));
}

/* The value of base64 digit C, or -1. */
static int base64_digit(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* The value of hex digit C, or -1. */
static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int iscsi_decode_binary(const char *value, uint8_t *buf, size_t len)
{
	bool hex = tolower(value[1]) == 'x';
	/* Bits per digit: 4 for hex, 6 for base64. */
	unsigned int width = hex ? 4 : 6;
	unsigned int bits = 0;
	uint32_t acc = 0;
	size_t out = 0;
	int d;

	if (value[0] != '0' || (!hex && tolower(value[1]) != 'b'))
		return ERR(EINVAL);
	value += 2;
	/* An odd count of hex digits has an implied leading zero. */
	if (hex && (strlen(value) & 1))
		bits = 4;
	for (; *value && (hex || *value != '='); value++) {
		d = hex ? hex_digit(*value) :
			  base64_digit((unsigned char)*value);
		if (d < 0)
			return ERR(EINVAL);
		acc = (acc << width) | (uint32_t)d;
		bits += width;
		if (bits >= 8) {
			bits -= 8;
			if (out >= len)
				return ERR(ENOSPC);
			buf[out++] = (uint8_t)(acc >> bits);
		}
	}
	/* Base64 padding. */
	while (!hex && *value == '=')
		value++;
	if (*value || !out)
		return ERR(EINVAL);
	return (int)out;
}

void iscsi_encode_hex(const uint8_t *data, size_t len, char *text)
{
	text[0] = '0';
	text[1] = 'x';
	digest_hex(data, len, text + 2);
}

void iscsi_chap_digest(uint8_t id, const char *secret,
		       const uint8_t *challenge, size_t len, uint8_t *out)
{
	union digest_context ctx;

	md5_algorithm.init(&ctx);
	md5_algorithm.update(&ctx, &id, 1);
	md5_algorithm.update(&ctx, secret, strlen(secret));
	md5_algorithm.update(&ctx, challenge, len);
	md5_algorithm.final(&ctx, out);
}

int iscsi_login_status_rc(unsigned int class_detail)
{
	switch (class_detail >> 8) {
	case ISCSI_STATUS_SUCCESS:
		return 0;
	case ISCSI_STATUS_REDIRECT:
		return ERR(EINPROGRESS);
	case ISCSI_STATUS_INITIATOR_ERROR:
		switch (class_detail & 0xff) {
		case 0x01:
			return ERR(EAUTH);
		case 0x02:
			return ERR(EACCES);
		case 0x03:
		case 0x04:
			return ERR(ENOENT);
		default:
			return ERR(EPERM);
		}
	case ISCSI_STATUS_TARGET_ERROR:
		return (class_detail & 0xff) == 0x01 ? ERR(EBUSY) : ERR(EIO);
	default:
		return ERR(EPROTO);
	}
}
