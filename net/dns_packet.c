/*
 * DNS messages without any state: encoding names and queries, decoding
 * (compressed) names and reading the answer to an A query.  Nothing in a
 * message is trusted: every offset is checked against its length and
 * compression pointers must point before the name they continue, so a
 * hostile message cannot make this loop.  tests/fuzz/fuzz_dns.c drives it.
 */
#include <string.h>
#include <wireboot/dns.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_DNS

/* Fixed part of a resource record after its name. */
#define DNS_RR_FIXED 10

int dns_encode_name(const char *name, uint8_t *buf, size_t len)
{
	size_t pos = 0;
	size_t label;

	if (!*name)
		return ERR(EINVAL);
	for (;;) {
		label = strcspn(name, ".");
		if (label == 0 || label > 63)
			return ERR(EINVAL);
		if (pos + 1 + label + 1 > MIN(len, (size_t)DNS_MAX_WIRE_NAME))
			return ERR(EINVAL);
		buf[pos++] = (uint8_t)label;
		memcpy(buf + pos, name, label);
		pos += label;
		name += label;
		if (!*name)
			break;
		name++;
	}
	buf[pos++] = 0;
	return (int)pos;
}

int dns_build_query(void *buf, size_t len, uint16_t id, const char *name,
		    unsigned int qtype)
{
	struct dns_header *hdr = buf;
	uint8_t *p = buf;
	int name_len;

	if (len < sizeof(*hdr) + 4)
		return ERR(EINVAL);
	memset(hdr, 0, sizeof(*hdr));
	hdr->id = htons(id);
	hdr->flags = htons(DNS_FLAG_RD);
	hdr->qdcount = htons(1);
	name_len = dns_encode_name(name, p + sizeof(*hdr),
				   len - sizeof(*hdr) - 4);
	if (name_len < 0)
		return name_len;
	p += sizeof(*hdr) + (size_t)name_len;
	p[0] = (uint8_t)(qtype >> 8);
	p[1] = (uint8_t)qtype;
	p[2] = 0;
	p[3] = DNS_CLASS_IN;
	return (int)(sizeof(*hdr) + (size_t)name_len + 4);
}

int dns_decode_name(const uint8_t *msg, size_t len, size_t offset,
		    char *out, size_t *next)
{
	size_t pos = offset;
	size_t limit = offset;
	size_t used = 0;
	bool jumped = false;
	size_t target;
	uint8_t c;

	for (;;) {
		if (pos >= len)
			return ERR(EBADMSG);
		c = msg[pos];
		if ((c & 0xc0) == 0xc0) {
			if (pos + 1 >= len)
				return ERR(EBADMSG);
			target = ((size_t)(c & 0x3f) << 8) | msg[pos + 1];
			/* Backwards of everything read so far: no loops. */
			if (target >= limit)
				return ERR(EBADMSG);
			if (!jumped)
				*next = pos + 2;
			jumped = true;
			limit = target;
			pos = target;
			continue;
		}
		if (c & 0xc0)
			return ERR(EBADMSG);
		if (c == 0) {
			if (!jumped)
				*next = pos + 1;
			out[used] = '\0';
			return 0;
		}
		if (pos + 1 + c > len || used + (used ? 1 : 0) + c > DNS_MAX_NAME)
			return ERR(EBADMSG);
		if (memchr(msg + pos + 1, '\0', c) ||
		    memchr(msg + pos + 1, '.', c))
			return ERR(EBADMSG);
		if (used)
			out[used++] = '.';
		memcpy(out + used, msg + pos + 1, c);
		used += c;
		pos += 1 + (size_t)c;
	}
}

/* A resource record's fields, as far as we need them. */
struct dns_rr {
	char name[DNS_MAX_NAME + 1];
	unsigned int type;
	unsigned int class;
	uint32_t ttl;
	size_t rdata;
	size_t rdlength;
};

/* Read the record at *POS, moving *POS past it. */
static int dns_read_rr(const uint8_t *msg, size_t len, size_t *pos,
		       struct dns_rr *rr)
{
	const uint8_t *f;
	int rc;

	rc = dns_decode_name(msg, len, *pos, rr->name, pos);
	if (rc != 0)
		return rc;
	if (*pos + DNS_RR_FIXED > len)
		return ERR(EBADMSG);
	f = msg + *pos;
	rr->type = ((unsigned int)f[0] << 8) | f[1];
	rr->class = ((unsigned int)f[2] << 8) | f[3];
	rr->ttl = ((uint32_t)f[4] << 24) | ((uint32_t)f[5] << 16) |
		  ((uint32_t)f[6] << 8) | f[7];
	rr->rdlength = ((size_t)f[8] << 8) | f[9];
	rr->rdata = *pos + DNS_RR_FIXED;
	if (rr->rdata + rr->rdlength > len)
		return ERR(EBADMSG);
	*pos = rr->rdata + rr->rdlength;
	return 0;
}

/*
 * One pass over the ANCOUNT answers from FIRST looking for records of
 * CURRENT: an A record fills ANSWER; a CNAME's target goes to ALIAS.
 */
static int dns_scan_answers(const uint8_t *msg, size_t len, size_t first,
			    unsigned int ancount, const char *current,
			    struct dns_answer *answer, char *alias,
			    uint32_t *alias_ttl)
{
	struct dns_rr rr;
	size_t pos = first;
	size_t end;
	unsigned int i;
	int rc;

	alias[0] = '\0';
	for (i = 0; i < ancount; i++) {
		rc = dns_read_rr(msg, len, &pos, &rr);
		if (rc != 0)
			return rc;
		if (rr.class != DNS_CLASS_IN || strcasecmp(rr.name, current))
			continue;
		if (rr.type == DNS_TYPE_A && rr.rdlength == 4) {
			answer->found = true;
			memcpy(&answer->addr, msg + rr.rdata, 4);
			answer->ttl = rr.ttl;
			return 0;
		}
		if (rr.type == DNS_TYPE_CNAME && !alias[0]) {
			rc = dns_decode_name(msg, rr.rdata + rr.rdlength,
					     rr.rdata, alias, &end);
			if (rc != 0)
				return rc;
			*alias_ttl = rr.ttl;
		}
	}
	return 0;
}

int dns_parse_response(const void *msg_data, size_t len, uint16_t id,
		       const char *name, struct dns_answer *answer)
{
	const uint8_t *msg = msg_data;
	const struct dns_header *hdr = msg_data;
	char qname[DNS_MAX_NAME + 1];
	char alias[DNS_MAX_NAME + 1];
	uint32_t ttl = UINT32_MAX;
	uint32_t alias_ttl = 0;
	unsigned int flags;
	unsigned int hops;
	size_t pos;
	int rc;

	memset(answer, 0, sizeof(*answer));
	if (len < sizeof(*hdr))
		return ERR(EBADMSG);
	flags = ntohs(hdr->flags);
	if (ntohs(hdr->id) != id || !(flags & DNS_FLAG_QR) ||
	    ntohs(hdr->qdcount) != 1)
		return ERR(EBADMSG);
	rc = dns_decode_name(msg, len, sizeof(*hdr), qname, &pos);
	if (rc != 0)
		return rc;
	if (strcasecmp(qname, name) != 0 || pos + 4 > len)
		return ERR(EBADMSG);
	pos += 4;
	switch (flags & DNS_RCODE_MASK) {
	case 0:
		break;
	case DNS_RCODE_NXDOMAIN:
		return ERR(ENXIO);
	case 5:
		return ERR(ECONNREFUSED);
	default:
		return ERR(EIO);
	}

	strcpy(answer->cname, name);
	for (hops = 0; hops <= DNS_MAX_CNAME; hops++) {
		rc = dns_scan_answers(msg, len, pos, ntohs(hdr->ancount),
				      answer->cname, answer, alias, &alias_ttl);
		if (rc != 0)
			return rc;
		if (answer->found) {
			answer->ttl = MIN(answer->ttl, ttl);
			return 0;
		}
		if (!alias[0])
			break;
		ttl = MIN(ttl, alias_ttl);
		strcpy(answer->cname, alias);
	}
	if (hops > DNS_MAX_CNAME)
		return ERR(ELOOP);
	if (hops == 0)
		return ERR(ENOTFOUND);
	answer->has_cname = true;
	return 0;
}
