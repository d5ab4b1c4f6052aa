/*
 * iSCSI initiator (RFC 7143): the "iscsi" block device.
 *
 * "iscsi:<server>:<protocol>:<port>:<LUN>:<target-iqn>" (RFC 4173) opens a
 * session: resolve the server, connect over TCP, log in (security phase
 * with optional CHAP / mutual CHAP from ${username}, ${password},
 * ${reverse-username}, ${reverse-password}; operational phase with every
 * key stated), follow target redirects, then open the window.  Block reads
 * and writes become SCSI READ/WRITE (10) or (16); the capacity comes from
 * TEST UNIT READY (past UNIT ATTENTION) and READ CAPACITY (10), then (16)
 * when needed.  A session that loses its TCP connection closes the block
 * interface, and the SAN layer logs in again and reissues the command; a
 * target that has answered before and now refuses connections (it is
 * restarting) is tried again every second instead of failing at once.
 *
 * The pieces below are exported for the unit tests and the fuzzer:
 * root-path parsing, text keys, binary values, the PDU framer, CHAP.
 * Split: net/iscsi_text.c (root path, keys, values), net/iscsi_pdu.c
 * (framing), net/iscsi_login.c (login and CHAP), net/iscsi.c (session,
 * SCSI commands, the block device).
 */
#ifndef WIREBOOT_ISCSI_H
#define WIREBOOT_ISCSI_H

#include <wireboot/compiler.h>
#include <wireboot/sanboot_tables.h>

struct net_device;

/* Default TCP port. */
#define ISCSI_PORT 3260

/* Basic header segment length. */
#define ISCSI_BHS_LEN 48
/* Largest data segment we accept from a target. */
#define ISCSI_MAX_RX_DATA (256 * 1024)
/*
 * What we announce as MaxRecvDataSegmentLength (a plain decimal literal:
 * net/iscsi_login.c pastes it into the login text as it is written).
 */
#define ISCSI_OUR_MRDSL 8192

/* Opcodes (initiator to target, then target to initiator). */
#define ISCSI_OP_NOP_OUT 0x00
#define ISCSI_OP_SCSI_CMD 0x01
#define ISCSI_OP_LOGIN_REQ 0x03
#define ISCSI_OP_DATA_OUT 0x05
#define ISCSI_OP_NOP_IN 0x20
#define ISCSI_OP_SCSI_RSP 0x21
#define ISCSI_OP_LOGIN_RSP 0x23
#define ISCSI_OP_DATA_IN 0x25
#define ISCSI_OP_R2T 0x31
#define ISCSI_OP_ASYNC 0x32
#define ISCSI_OP_REJECT 0x3f
#define ISCSI_OP_MASK 0x3f
#define ISCSI_OP_IMMEDIATE 0x40

/* Flags (byte 1). */
#define ISCSI_FLAG_FINAL 0x80
#define ISCSI_LOGIN_TRANSIT 0x80
#define ISCSI_LOGIN_CONTINUE 0x40
#define ISCSI_CMD_READ 0x40
#define ISCSI_CMD_WRITE 0x20
#define ISCSI_CMD_ATTR_SIMPLE 0x01
#define ISCSI_DATA_STATUS 0x01
#define ISCSI_RSP_UNDERFLOW 0x02

/* Login stages (CSG/NSG). */
#define ISCSI_STAGE_SECURITY 0
#define ISCSI_STAGE_OPERATIONAL 1
#define ISCSI_STAGE_FULL_FEATURE 3

/* Byte offsets in the basic header segment. */
#define ISCSI_BHS_AHS_LEN 4
#define ISCSI_BHS_DSL 5
#define ISCSI_BHS_LUN 8
#define ISCSI_BHS_ISID 8
#define ISCSI_BHS_TSIH 14
#define ISCSI_BHS_ITT 16
#define ISCSI_BHS_TTT 20
#define ISCSI_BHS_CID 20
#define ISCSI_BHS_EXP_LEN 20
#define ISCSI_BHS_CMDSN 24
#define ISCSI_BHS_STATSN 24
#define ISCSI_BHS_EXPSTATSN 28
#define ISCSI_BHS_DATASN 36
#define ISCSI_BHS_STATUS_CLASS 36
#define ISCSI_BHS_STATUS_DETAIL 37
#define ISCSI_BHS_OFFSET 40
#define ISCSI_BHS_DESIRED_LEN 44
#define ISCSI_BHS_CDB 32

/* Login status classes. */
#define ISCSI_STATUS_SUCCESS 0
#define ISCSI_STATUS_REDIRECT 1
#define ISCSI_STATUS_INITIATOR_ERROR 2
#define ISCSI_STATUS_TARGET_ERROR 3

/* A parsed root path (heap strings; iscsi_root_path_free()). */
struct iscsi_root_path {
	char *server;
	unsigned int port;
	/* The SAM LUN, 8 bytes as on the wire. */
	uint8_t lun[8];
	char *target;
};

/*
 * Parse the part of an iscsi: URI after "iscsi:".  The server may be a
 * [bracketed] literal; protocol is ignored; port defaults to 3260; the
 * LUN is hex ("1", "0-1-0-0", up to four 16-bit levels) and defaults to
 * 0; the target name is the rest.  EINVAL "root path too short" when
 * fewer than five colons are present.
 */
int iscsi_parse_root_path(const char *opaque, struct iscsi_root_path *rp);
void iscsi_root_path_free(struct iscsi_root_path *rp);

/* A TCP port number ("1" to "65535"), or ERR(EINVAL). */
int iscsi_parse_port(const char *text);

/* Parse a LUN ("" = 0) into LUN[8]; 0 or ERR(EINVAL). */
int iscsi_parse_lun(const char *text, uint8_t lun[8]);

/*
 * Call FN for each "key=value" of the LEN bytes of text at DATA (pairs
 * NUL-separated; a missing final NUL is tolerated).  Stops at FN's first
 * error.  A pair without '=' is ERR(EPROTO).
 */
int iscsi_text_foreach(const char *data, size_t len,
		       int (*fn)(void *ctx, const char *key,
				 const char *value),
		       void *ctx);

/* Text being built for a login request. */
struct iscsi_text {
	char *buf;
	size_t len;
	size_t size;
};

/* Append "KEY=VALUE\0"; 0 or ERR(ENOMEM). */
int iscsi_text_add(struct iscsi_text *text, const char *key,
		   const char *value);
void iscsi_text_free(struct iscsi_text *text);

/*
 * Decode a binary value ("0x" hex or "0b" base64) into BUF (LEN bytes).
 * Returns the decoded length, or ERR(EINVAL) / ERR(ENOSPC).
 */
int iscsi_decode_binary(const char *value, uint8_t *buf, size_t len);

/* Write LEN bytes as "0x" + hex into TEXT (2 * LEN + 3 bytes). */
void iscsi_encode_hex(const uint8_t *data, size_t len, char *text);

/*
 * Receive state: collects one PDU at a time from the byte stream.  After
 * the header comes the rest of the PDU in one buffer: additional header
 * segments (skipped), the data segment, its padding.
 */
struct iscsi_rx {
	uint8_t bhs[ISCSI_BHS_LEN];
	size_t bhs_len;
	/* The rest: REST_LEN bytes, DATA_LEN of data at offset SKIP. */
	uint8_t *rest;
	size_t rest_len;
	size_t rest_got;
	size_t skip;
	size_t data_len;
};

/*
 * Feed LEN bytes; call PDU for every complete PDU (BHS and data segment).
 * Returns 0 or the first error (from the framer: EPROTO for a data segment
 * over ISCSI_MAX_RX_DATA; or from PDU).
 */
int iscsi_rx_feed(struct iscsi_rx *rx, const void *bytes, size_t len,
		  int (*pdu)(void *ctx, const uint8_t *bhs,
			     const uint8_t *data, size_t dlen),
		  void *ctx);
void iscsi_rx_reset(struct iscsi_rx *rx);

/* MD5(ID || SECRET || CHALLENGE) into OUT (16 bytes). */
void iscsi_chap_digest(uint8_t id, const char *secret,
		       const uint8_t *challenge, size_t len, uint8_t *out);

/*
 * The error for a login response status (class << 8 | detail): 0 for
 * success, EAUTH for an authentication failure, EACCES, ENOENT for a
 * target that is not there, EBUSY/EIO for target errors.
 */
int iscsi_login_status_rc(unsigned int class_detail);

/* How an iSCSI drive appears in the iBFT (src/san/ibft.c). */
struct iscsi_descriptor {
	struct san_descriptor desc;
	/* The NIC the session goes through (a reference), or NULL. */
	struct net_device *netdev;
	/* Target address (network byte order) and port. */
	uint32_t target_ip;
	uint16_t port;
	uint8_t lun[8];
	/* Strings owned by the session; the CHAP ones NULL when unused. */
	const char *initiator;
	const char *target;
	const char *chap_user;
	const char *chap_secret;
	const char *rchap_user;
	const char *rchap_secret;
};

/* The iBFT model. */
extern const struct san_table_model ibft_model;

/* The initiator name: ${initiator-iqn}, else one made from the hostname / UUID / MAC. */
char *iscsi_initiator_name(void);

#endif
