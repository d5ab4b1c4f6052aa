/*
 * DNS (RFC 1035) client.  net/dns.c registers the "DNS" resolver (after
 * the numeric one): it asks the servers listed in ${dns} (DHCP option 6,
 * several addresses allowed) for A records over UDP, follows CNAME chains,
 * retries with back-off, moving to the next server on each retry, and
 * keeps answers in a small cache for their TTL.
 *
 * Search domain, as iPXE does: a name without any '.' gets "." and
 * ${domain} (DHCP option 15) appended when that is set, and only that
 * name is asked for; a name ending in '.' is taken as complete (the dot
 * is dropped).
 *
 * net/dns_packet.c holds the pure packet code (building queries, decoding
 * names with compression pointers, reading answers), kept apart so that
 * it can be fuzzed.
 */
#ifndef WIREBOOT_DNS_H
#define WIREBOOT_DNS_H

#include <wireboot/compiler.h>

#define DNS_PORT 53

/* Record types and class. */
#define DNS_TYPE_A 1
#define DNS_TYPE_CNAME 5
#define DNS_CLASS_IN 1

/* Header flags. */
#define DNS_FLAG_QR 0x8000
#define DNS_FLAG_TC 0x0200
#define DNS_FLAG_RD 0x0100
#define DNS_RCODE_MASK 0x000f
#define DNS_RCODE_NXDOMAIN 3

/* Longest name in dotted form (without the final NUL), per RFC 1035. */
#define DNS_MAX_NAME 253
/* Longest name on the wire, with length bytes and the root. */
#define DNS_MAX_WIRE_NAME 255
/* CNAME links followed within one lookup (in answers and by new queries). */
#define DNS_MAX_CNAME 16

struct dns_header {
	uint16_t id;
	uint16_t flags;
	uint16_t qdcount;
	uint16_t ancount;
	uint16_t nscount;
	uint16_t arcount;
} __packed;

/*
 * Encode the dotted NAME (no trailing '.') as DNS labels into BUF (LEN
 * bytes).  Returns the length written or ERR(EINVAL) for an empty label,
 * a label over 63 bytes or a name over DNS_MAX_WIRE_NAME.
 */
int dns_encode_name(const char *name, uint8_t *buf, size_t len);

/*
 * Write a recursive query with identifier ID for NAME, record type QTYPE,
 * into BUF (LEN bytes).  Returns its length or a negative error.
 */
int dns_build_query(void *buf, size_t len, uint16_t id, const char *name,
		    unsigned int qtype);

/*
 * Decode the (possibly compressed) name at OFFSET of message MSG (LEN
 * bytes) into dotted form in OUT (DNS_MAX_NAME + 1 bytes).  Pointers must
 * point strictly backwards, so loops are impossible.  *NEXT receives the
 * offset after the name as it appears at OFFSET.  Returns 0 or
 * ERR(EBADMSG).
 */
int dns_decode_name(const uint8_t *msg, size_t len, size_t offset,
		    char *out, size_t *next);

/* What a response says about a name. */
struct dns_answer {
	/* An address was found: ADDR (network byte order), TTL seconds. */
	bool found;
	uint32_t addr;
	uint32_t ttl;
	/*
	 * No address, but the name is an alias: ask again for CNAME (dotted).
	 * Valid when HAS_CNAME.
	 */
	bool has_cname;
	char cname[DNS_MAX_NAME + 1];
};

/*
 * Read response MSG (LEN bytes) to query ID for NAME: check it answers
 * that question, then follow CNAME records within it (up to
 * DNS_MAX_CNAME) to an A record.  Returns 0 with ANSWER filled (found, or
 * has_cname), or: ERR(EBADMSG) malformed or not our response (ignore it),
 * ERR(ENXIO) no such name, ERR(ENOTFOUND) the name has no address,
 * ERR(ELOOP) too many aliases, ERR(ECONNREFUSED) / ERR(EIO) the server
 * refused or failed (try another).
 */
int dns_parse_response(const void *msg, size_t len, uint16_t id,
		       const char *name, struct dns_answer *answer);

#endif
