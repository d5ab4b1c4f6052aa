/* Unit tests for DNS messages (net/dns_packet.c): names, queries, answers. */
#include <string.h>
#include <wireboot/dns.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include "unittest.h"

/* A response being assembled by hand. */
struct msg {
	uint8_t buf[512];
	size_t len;
};

static void put(struct msg *m, const void *data, size_t len)
{
	memcpy(m->buf + m->len, data, len);
	m->len += len;
}

static void put16(struct msg *m, unsigned int v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	put(m, b, 2);
}

/* Header with ID, FLAGS, one question, ANCOUNT answers; then the question. */
static void start_response(struct msg *m, uint16_t id, unsigned int flags,
			   unsigned int ancount, const char *qname)
{
	uint8_t wire[DNS_MAX_WIRE_NAME];
	int len = dns_encode_name(qname, wire, sizeof(wire));

	m->len = 0;
	put16(m, id);
	put16(m, flags);
	put16(m, 1);
	put16(m, ancount);
	put16(m, 0);
	put16(m, 0);
	put(m, wire, (size_t)len);
	put16(m, DNS_TYPE_A);
	put16(m, DNS_CLASS_IN);
}

/* A record header: owner NAME (already wire-encoded, LEN bytes). */
static void put_rr(struct msg *m, const void *name, size_t len,
		   unsigned int type, uint32_t ttl, unsigned int rdlength)
{
	put(m, name, len);
	put16(m, type);
	put16(m, DNS_CLASS_IN);
	put16(m, ttl >> 16);
	put16(m, ttl & 0xffff);
	put16(m, rdlength);
}

static const uint8_t ptr_qname[2] = { 0xc0, 12 };

UNIT_TEST(dns_encode_names)
{
	uint8_t buf[300];
	char long_label[70];

	ok_eq(dns_encode_name("boot.example", buf, sizeof(buf)), 14);
	ok(memcmp(buf, "\4boot\7example\0", 14) == 0);
	ok_eq(dns_encode_name("", buf, sizeof(buf)), ERR_IN(ESUB_DNS, EINVAL));
	ok_eq(dns_encode_name("a..b", buf, sizeof(buf)), ERR_IN(ESUB_DNS, EINVAL));
	ok_eq(dns_encode_name("a.", buf, sizeof(buf)), ERR_IN(ESUB_DNS, EINVAL));
	memset(long_label, 'x', 64);
	long_label[64] = '\0';
	ok_eq(dns_encode_name(long_label, buf, sizeof(buf)),
	      ERR_IN(ESUB_DNS, EINVAL));
	ok_eq(dns_encode_name("boot.example", buf, 10), ERR_IN(ESUB_DNS, EINVAL));
}

UNIT_TEST(dns_query_bytes)
{
	static const uint8_t want[] = {
		0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
		1, 'a', 2, 'b', 'c', 0, 0, 1, 0, 1,
	};
	uint8_t buf[64];

	ok_eq(dns_build_query(buf, sizeof(buf), 0x1234, "a.bc", DNS_TYPE_A),
	      sizeof(want));
	ok(memcmp(buf, want, sizeof(want)) == 0);
}

UNIT_TEST(dns_decode_compressed)
{
	/* "boot.example" at 0, then "www" + pointer to it at 14. */
	static const uint8_t msg[] = "\4boot\7example\0\3www\300\0";
	static const uint8_t loop[] = "\3abc\300\0";
	static const uint8_t self[] = "\300\0";
	static const uint8_t fwd[] = "\300\3\0\1a\0";
	char out[DNS_MAX_NAME + 1];
	size_t next = 0;

	ok_eq(dns_decode_name(msg, sizeof(msg) - 1, 14, out, &next), 0);
	ok_str(out, "www.boot.example");
	ok_eq(next, 20);
	/* A pointer back to the start of its own name must not loop. */
	ok_eq(dns_decode_name(loop, sizeof(loop) - 1, 0, out, &next),
	      ERR_IN(ESUB_DNS, EBADMSG));
	ok_eq(dns_decode_name(self, sizeof(self) - 1, 0, out, &next),
	      ERR_IN(ESUB_DNS, EBADMSG));
	ok_eq(dns_decode_name(fwd, sizeof(fwd) - 1, 0, out, &next),
	      ERR_IN(ESUB_DNS, EBADMSG));
	ok_eq(dns_decode_name(msg, 8, 0, out, &next), ERR_IN(ESUB_DNS, EBADMSG));
}

UNIT_TEST(dns_answer_a)
{
	static const uint8_t addr[4] = { 10, 1, 2, 3 };
	struct dns_answer answer;
	struct msg m;

	start_response(&m, 7, 0x8180, 1, "boot.example");
	put_rr(&m, ptr_qname, 2, DNS_TYPE_A, 300, 4);
	put(&m, addr, 4);
	ok_eq(dns_parse_response(m.buf, m.len, 7, "boot.example", &answer), 0);
	ok(answer.found);
	ok(memcmp(&answer.addr, addr, 4) == 0);
	ok_eq(answer.ttl, 300);
	/* Case does not matter; the identifier and the question do. */
	ok_eq(dns_parse_response(m.buf, m.len, 7, "BOOT.Example", &answer), 0);
	ok_eq(dns_parse_response(m.buf, m.len, 8, "boot.example", &answer),
	      ERR_IN(ESUB_DNS, EBADMSG));
	ok_eq(dns_parse_response(m.buf, m.len, 7, "other.example", &answer),
	      ERR_IN(ESUB_DNS, EBADMSG));
	ok_eq(dns_parse_response(m.buf, m.len - 1, 7, "boot.example", &answer),
	      ERR_IN(ESUB_DNS, EBADMSG));
}

UNIT_TEST(dns_answer_cname_chain)
{
	static const uint8_t addr[4] = { 10, 9, 9, 9 };
	static const uint8_t target[] = "\4boot\300\22";
	struct dns_answer answer;
	struct msg m;
	size_t target_at;

	/* alias.example CNAME boot.example; boot.example A 10.9.9.9 (TTL 60). */
	start_response(&m, 1, 0x8180, 2, "alias.example");
	put_rr(&m, ptr_qname, 2, DNS_TYPE_CNAME, 600, sizeof(target) - 1);
	target_at = m.len;
	put(&m, target, sizeof(target) - 1);
	{
		uint8_t owner[2] = { 0xc0, (uint8_t)target_at };

		put_rr(&m, owner, 2, DNS_TYPE_A, 60, 4);
	}
	put(&m, addr, 4);
	ok_eq(dns_parse_response(m.buf, m.len, 1, "alias.example", &answer), 0);
	ok(answer.found);
	ok(memcmp(&answer.addr, addr, 4) == 0);
	ok_eq(answer.ttl, 60);

	/* Only the CNAME: ask again for the target. */
	start_response(&m, 1, 0x8180, 1, "alias.example");
	put_rr(&m, ptr_qname, 2, DNS_TYPE_CNAME, 600, sizeof(target) - 1);
	put(&m, target, sizeof(target) - 1);
	ok_eq(dns_parse_response(m.buf, m.len, 1, "alias.example", &answer), 0);
	ok(!answer.found);
	ok(answer.has_cname);
	ok_str(answer.cname, "boot.example");
}

UNIT_TEST(dns_answer_cname_loop)
{
	static const uint8_t to_self[] = "\300\14";
	struct dns_answer answer;
	struct msg m;

	/* loop.example CNAME loop.example. */
	start_response(&m, 2, 0x8180, 1, "loop.example");
	put_rr(&m, ptr_qname, 2, DNS_TYPE_CNAME, 5, 2);
	put(&m, to_self, 2);
	ok_eq(dns_parse_response(m.buf, m.len, 2, "loop.example", &answer),
	      ERR_IN(ESUB_DNS, ELOOP));
}

UNIT_TEST(dns_answer_errors)
{
	struct dns_answer answer;
	struct msg m;

	start_response(&m, 3, 0x8183, 0, "nosuch.example");
	ok_eq(dns_parse_response(m.buf, m.len, 3, "nosuch.example", &answer),
	      ERR_IN(ESUB_DNS, ENXIO));
	start_response(&m, 3, 0x8180, 0, "noaddr.example");
	ok_eq(dns_parse_response(m.buf, m.len, 3, "noaddr.example", &answer),
	      ERR_IN(ESUB_DNS, ENOTFOUND));
	start_response(&m, 3, 0x8185, 0, "x.example");
	ok_eq(dns_parse_response(m.buf, m.len, 3, "x.example", &answer),
	      ERR_IN(ESUB_DNS, ECONNREFUSED));
	start_response(&m, 3, 0x8182, 0, "x.example");
	ok_eq(dns_parse_response(m.buf, m.len, 3, "x.example", &answer),
	      ERR_IN(ESUB_DNS, EIO));
	/* A query (QR clear) is not an answer. */
	start_response(&m, 3, 0x0100, 0, "x.example");
	ok_eq(dns_parse_response(m.buf, m.len, 3, "x.example", &answer),
	      ERR_IN(ESUB_DNS, EBADMSG));
	/* An answer record running past the end. */
	start_response(&m, 3, 0x8180, 1, "x.example");
	put_rr(&m, ptr_qname, 2, DNS_TYPE_A, 5, 40);
	ok_eq(dns_parse_response(m.buf, m.len, 3, "x.example", &answer),
	      ERR_IN(ESUB_DNS, EBADMSG));
}
