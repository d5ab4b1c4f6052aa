/*
 * TFTP packets without any state: building read requests and parsing what
 * a server sends (DATA, OACK, ERROR, ACK).  Everything here trusts nothing
 * in the packet; the fuzzer (tests/fuzz/fuzz_tftp.c) drives tftp_parse().
 */
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <wireboot/tftp.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_TFTP

/* Append the NUL-terminated TEXT at *POS (within BUF of LEN); false if full. */
static bool put_string(uint8_t *buf, size_t len, size_t *pos,
		       const char *text)
{
	size_t n = strlen(text) + 1;

	if (n > len - *pos)
		return false;
	memcpy(buf + *pos, text, n);
	*pos += n;
	return true;
}

/* Append option NAME with decimal VALUE. */
static bool put_option(uint8_t *buf, size_t len, size_t *pos,
		       const char *name, unsigned int value)
{
	char text[12];

	snprintf(text, sizeof(text), "%u", value);
	return put_string(buf, len, pos, name) &&
	       put_string(buf, len, pos, text);
}

size_t tftp_build_rrq(void *buf, size_t len, const char *filename,
		      const struct tftp_rrq_options *opts)
{
	uint8_t *out = buf;
	size_t pos = 2;

	if (len < 2)
		return 0;
	out[0] = 0;
	out[1] = TFTP_RRQ;
	if (!put_string(out, len, &pos, filename) ||
	    !put_string(out, len, &pos, "octet"))
		return 0;
	if (opts) {
		if (opts->blksize &&
		    !put_option(out, len, &pos, "blksize", opts->blksize))
			return 0;
		if (opts->tsize && !put_option(out, len, &pos, "tsize", 0))
			return 0;
		if (opts->windowsize &&
		    !put_option(out, len, &pos, "windowsize", opts->windowsize))
			return 0;
	}
	return pos;
}

/*
 * Read a decimal option value: digits only, at most MAX.  Returns 0 or
 * ERR(EPROTO).
 */
static int parse_value(const char *text, uint64_t max, uint64_t *value)
{
	if (!parse_digits(&text, 10, max, value) || *text)
		return ERR(EPROTO);
	return 0;
}

/* Parse the name/value pairs of an OACK (P..END) into PKT. */
static int parse_oack(const char *p, const char *end, struct tftp_packet *pkt)
{
	const char *name;
	const char *value;
	const char *nul;
	uint64_t v;
	int rc;

	while (p < end) {
		name = p;
		nul = memchr(name, '\0', (size_t)(end - name));
		if (!nul || nul + 1 >= end)
			return ERR(EBADMSG);
		value = nul + 1;
		nul = memchr(value, '\0', (size_t)(end - value));
		if (!nul)
			return ERR(EBADMSG);
		p = nul + 1;
		if (strcasecmp(name, "blksize") == 0) {
			rc = parse_value(value, TFTP_MAX_BLKSIZE, &v);
			if (rc != 0 || v < TFTP_MIN_BLKSIZE)
				return ERR(EPROTO);
			pkt->has_blksize = true;
			pkt->blksize = (unsigned int)v;
		} else if (strcasecmp(name, "windowsize") == 0) {
			rc = parse_value(value, TFTP_MAX_WINDOWSIZE, &v);
			if (rc != 0 || v < 1)
				return ERR(EPROTO);
			pkt->has_windowsize = true;
			pkt->windowsize = (unsigned int)v;
		} else if (strcasecmp(name, "tsize") == 0) {
			rc = parse_value(value, UINT64_MAX / 16, &v);
			if (rc != 0)
				return rc;
			pkt->has_tsize = true;
			pkt->tsize = v;
		}
	}
	return 0;
}

/* Copy the server's message, printable characters only. */
static void copy_message(const char *p, const char *end, char *msg,
			 size_t size)
{
	size_t n = 0;

	for (; p < end && *p && n + 1 < size; p++)
		msg[n++] = (*p >= 0x20 && *p < 0x7f) ? *p : '?';
	msg[n] = '\0';
}

int tftp_parse(const void *data, size_t len, struct tftp_packet *pkt)
{
	const uint8_t *bytes = data;
	const char *end = (const char *)bytes + len;

	memset(pkt, 0, sizeof(*pkt));
	if (len < 2)
		return ERR(EBADMSG);
	pkt->opcode = ((unsigned int)bytes[0] << 8) | bytes[1];
	switch (pkt->opcode) {
	case TFTP_DATA:
	case TFTP_ACK:
		if (len < TFTP_DATA_HDR)
			return ERR(EBADMSG);
		pkt->block = ((unsigned int)bytes[2] << 8) | bytes[3];
		pkt->data = bytes + TFTP_DATA_HDR;
		pkt->len = len - TFTP_DATA_HDR;
		return 0;
	case TFTP_ERROR:
		if (len < 4)
			return ERR(EBADMSG);
		pkt->error = ((unsigned int)bytes[2] << 8) | bytes[3];
		copy_message((const char *)bytes + 4, end, pkt->message,
			     sizeof(pkt->message));
		return 0;
	case TFTP_OACK:
		return parse_oack((const char *)bytes + 2, end, pkt);
	default:
		return ERR(EPROTO);
	}
}

int tftp_error_rc(unsigned int code)
{
	switch (code) {
	case TFTP_ERR_NOT_FOUND:
		return ERR(ENOENT);
	case TFTP_ERR_ACCESS:
		return ERR(EACCES);
	case TFTP_ERR_DISK_FULL:
		return ERR(ENOSPC);
	case TFTP_ERR_ILLEGAL_OP:
		return ERR(ENOTSUP);
	case TFTP_ERR_UNKNOWN_TID:
		return ERR(EBADF);
	case TFTP_ERR_EXISTS:
		return ERR(EEXIST);
	case TFTP_ERR_NO_USER:
		return ERR(EPERM);
	case TFTP_ERR_OPTIONS:
		return ERR(EINVAL);
	default:
		return ERR(EIO);
	}
}
