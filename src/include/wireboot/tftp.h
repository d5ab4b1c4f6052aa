/*
 * TFTP (RFC 1350) with option negotiation (RFC 2347): blksize (RFC 2348),
 * tsize (RFC 2349) and windowsize (RFC 7440).  net/tftp.c registers the
 * "tftp" URI opener: tftp://server[:port]/path reads PATH without its
 * first '/' (as iPXE does: tftp://10.0.0.1/pxelinux.0 asks for
 * "pxelinux.0", tftp://10.0.0.1//srv/x for "/srv/x"), delivering DATA
 * blocks with XFER_SEEK_SET offsets and the tsize as xfer_size_hint().
 *
 * net/tftp_packets.c holds the pure packet code (building requests,
 * parsing what servers send), kept apart so it can be fuzzed.
 */
#ifndef WIREBOOT_TFTP_H
#define WIREBOOT_TFTP_H

#include <wireboot/compiler.h>

#define TFTP_PORT 69

/* Opcodes. */
#define TFTP_RRQ 1
#define TFTP_WRQ 2
#define TFTP_DATA 3
#define TFTP_ACK 4
#define TFTP_ERROR 5
#define TFTP_OACK 6

/* Error codes a server may send. */
#define TFTP_ERR_UNDEF 0
#define TFTP_ERR_NOT_FOUND 1
#define TFTP_ERR_ACCESS 2
#define TFTP_ERR_DISK_FULL 3
#define TFTP_ERR_ILLEGAL_OP 4
#define TFTP_ERR_UNKNOWN_TID 5
#define TFTP_ERR_EXISTS 6
#define TFTP_ERR_NO_USER 7
#define TFTP_ERR_OPTIONS 8

/* Block sizes: RFC 1350's default and RFC 2348's limits. */
#define TFTP_DEFAULT_BLKSIZE 512
#define TFTP_MIN_BLKSIZE 8
#define TFTP_MAX_BLKSIZE 65464
/* What to ask for when the route's MTU is unknown. */
#define TFTP_FALLBACK_BLKSIZE 1432
/* Bytes of the TFTP header in a DATA packet. */
#define TFTP_DATA_HDR 4
/* RFC 7440's limits. */
#define TFTP_MAX_WINDOWSIZE 65535

/* Options to put in a read request (0 leaves one out). */
struct tftp_rrq_options {
	unsigned int blksize;
	unsigned int windowsize;
	/* Ask for the size ("tsize" 0). */
	bool tsize;
};

/* A packet from the server, as tftp_parse() understands it. */
struct tftp_packet {
	unsigned int opcode;
	/* DATA, ACK: the (16-bit) block number. */
	unsigned int block;
	/* DATA: the payload. */
	const uint8_t *data;
	size_t len;
	/* ERROR: the code and the message (printable ASCII, truncated). */
	unsigned int error;
	char message[64];
	/* OACK: which options came back, and their values. */
	bool has_blksize;
	bool has_tsize;
	bool has_windowsize;
	unsigned int blksize;
	uint64_t tsize;
	unsigned int windowsize;
};

/*
 * Write a read request for FILENAME (octet mode) with OPTS (may be NULL)
 * into BUF (LEN bytes).  Returns its length, or 0 if it does not fit.
 */
size_t tftp_build_rrq(void *buf, size_t len, const char *filename,
		      const struct tftp_rrq_options *opts);

/*
 * Parse a packet from a server into PKT (DATA, OACK, ERROR; ACK too).
 * Returns 0, or ERR(EBADMSG) / ERR(EPROTO) for what a client cannot take:
 * short or unknown packets, OACK options without values or with values
 * out of range (blksize, windowsize), unterminated strings.  Options this
 * client did not ask for are ignored.
 */
int tftp_parse(const void *data, size_t len, struct tftp_packet *pkt);

/* The wireboot error for TFTP error code CODE ("No such file..." for 1). */
int tftp_error_rc(unsigned int code);

#endif
