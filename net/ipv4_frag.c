/*
 * IPv4 fragment reassembly (RFC 791 section 3.2 and RFC 815's idea of
 * tracking what is missing): fragments may come in any order; a bitmap of
 * 8-byte blocks spots overlaps, which discard the datagram, as do
 * datagrams larger than IPV4_REASM_MAX_BYTES.  At most
 * IPV4_REASM_MAX_DATAGRAMS are rebuilt at once (a new one evicts the
 * oldest), and each is dropped IPV4_REASM_TIMEOUT_MS after its first piece.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/ipv4.h>
#include <wireboot/iobuf.h>
#include <wireboot/timer.h>
#include <wireboot/tcpip.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_IPV4

/* Longest header (15 words). */
#define IPV4_MAX_HLEN 60
/* 8-byte blocks in the largest datagram payload. */
#define IPV4_REASM_BLOCKS ((IPV4_REASM_MAX_BYTES + 7) / 8)

/* A datagram being rebuilt. */
struct ipv4_reasm {
	struct list_head list;
	/* What identifies it (network order). */
	uint32_t src;
	uint32_t dest;
	uint16_t ident;
	uint8_t protocol;
	/* The first fragment's header, once it has arrived (HLEN 0 before). */
	uint8_t header[IPV4_MAX_HLEN];
	size_t hlen;
	/* The payload so far, DATA_LEN bytes allocated. */
	uint8_t *data;
	size_t data_len;
	/* Payload length, known once the last fragment arrived (0 before). */
	size_t total;
	/* Payload bytes received. */
	size_t received;
	uint8_t blocks[IPV4_REASM_BLOCKS / 8 + 1];
	struct timer timer;
};

static LIST_HEAD(ipv4_reasms);
static unsigned int ipv4_num_reasms;

/* Forget REASM. */
static void ipv4_reasm_free(struct ipv4_reasm *reasm)
{
	timer_stop(&reasm->timer);
	list_del(&reasm->list);
	ipv4_num_reasms--;
	free(reasm->data);
	free(reasm);
}

/* The pieces did not all come in time. */
static void ipv4_reasm_expired(struct timer *timer)
{
	ipv4_reasm_free(container_of(timer, struct ipv4_reasm, timer));
}

/* The datagram IPHDR belongs to, started if new; NULL if out of memory. */
static struct ipv4_reasm *ipv4_reasm_find(const struct iphdr *iphdr)
{
	struct ipv4_reasm *reasm;

	list_for_each_entry(reasm, &ipv4_reasms, list) {
		if (reasm->src == iphdr->src && reasm->dest == iphdr->dest &&
		    reasm->ident == iphdr->ident &&
		    reasm->protocol == iphdr->protocol)
			return reasm;
	}
	if (ipv4_num_reasms >= IPV4_REASM_MAX_DATAGRAMS)
		ipv4_reasm_free(list_last_entry(&ipv4_reasms,
						struct ipv4_reasm, list));
	reasm = zalloc(sizeof(*reasm));
	if (!reasm)
		return NULL;
	reasm->src = iphdr->src;
	reasm->dest = iphdr->dest;
	reasm->ident = iphdr->ident;
	reasm->protocol = iphdr->protocol;
	timer_init(&reasm->timer, ipv4_reasm_expired, NULL);
	timer_start(&reasm->timer, IPV4_REASM_TIMEOUT_MS);
	list_add(&reasm->list, &ipv4_reasms);
	ipv4_num_reasms++;
	return reasm;
}

/* Mark blocks FIRST..LAST received; false if any already was. */
static bool ipv4_reasm_mark(struct ipv4_reasm *reasm, size_t first,
			    size_t last)
{
	size_t i;

	for (i = first; i <= last; i++) {
		if (reasm->blocks[i / 8] & (1U << (i % 8)))
			return false;
	}
	for (i = first; i <= last; i++)
		reasm->blocks[i / 8] |= (uint8_t)(1U << (i % 8));
	return true;
}

/* Add LEN payload bytes at OFFSET; 0 or why the datagram must go. */
static int ipv4_reasm_add(struct ipv4_reasm *reasm, const struct iphdr *iphdr,
			  size_t hlen, const void *payload, size_t offset,
			  size_t len, bool more)
{
	uint8_t *data;
	size_t end = offset + len;

	if (end + hlen > IPV4_REASM_MAX_BYTES)
		return ERR(EMSGSIZE);
	/* Middle pieces are whole blocks; only one last piece, at the end. */
	if (more ? (len == 0 || len % 8) :
		   (reasm->total || end < reasm->data_len))
		return ERR(EINVAL);
	if (reasm->total && end > reasm->total)
		return ERR(EINVAL);
	if (len && !ipv4_reasm_mark(reasm, offset / 8, (end - 1) / 8))
		return ERR(EINVAL);
	if (end > reasm->data_len) {
		data = realloc(reasm->data, end);
		if (!data)
			return ERR(ENOMEM);
		reasm->data = data;
		reasm->data_len = end;
	}
	memcpy(reasm->data + offset, payload, len);
	reasm->received += len;
	if (!more)
		reasm->total = end;
	if (offset == 0) {
		memcpy(reasm->header, iphdr, hlen);
		reasm->hlen = hlen;
	}
	return 0;
}

/* The rebuilt datagram of REASM (which is freed), or NULL without memory. */
static struct io_buffer *ipv4_reasm_done(struct ipv4_reasm *reasm)
{
	struct io_buffer *iob = alloc_iob(reasm->hlen + reasm->total);
	struct iphdr *iphdr;

	if (iob) {
		iphdr = iob_put(iob, reasm->hlen);
		memcpy(iphdr, reasm->header, reasm->hlen);
		memcpy(iob_put(iob, reasm->total), reasm->data, reasm->total);
		put_be16(&iphdr->len, (uint16_t)(reasm->hlen + reasm->total));
		iphdr->frags = 0;
		iphdr->chksum = 0;
		iphdr->chksum = tcpip_chksum(iphdr, reasm->hlen);
	}
	ipv4_reasm_free(reasm);
	return iob;
}

struct io_buffer *ipv4_reassemble(struct io_buffer *iob, int *rc)
{
	const struct iphdr *iphdr = iob->data;
	size_t hlen = (size_t)(iphdr->verhdrlen & 0x0f) * 4;
	uint16_t frags = get_be16(&iphdr->frags);
	size_t offset = (size_t)(frags & IP_FRAG_OFFSET_MASK) * 8;
	struct ipv4_reasm *reasm;

	*rc = 0;
	reasm = ipv4_reasm_find(iphdr);
	if (!reasm) {
		*rc = ERR(ENOMEM);
	} else {
		*rc = ipv4_reasm_add(reasm, iphdr, hlen,
				     (const uint8_t *)iob->data + hlen, offset,
				     iob_len(iob) - hlen, frags & IP_MF);
		if (*rc != 0)
			ipv4_reasm_free(reasm);
	}
	free_iob(iob);
	if (*rc != 0 || !reasm->total || reasm->received != reasm->total ||
	    !reasm->hlen)
		return NULL;
	/* The first piece's header may be longer than the others'. */
	if (reasm->hlen + reasm->total > IPV4_REASM_MAX_BYTES) {
		ipv4_reasm_free(reasm);
		*rc = ERR(EMSGSIZE);
		return NULL;
	}
	iob = ipv4_reasm_done(reasm);
	if (!iob)
		*rc = ERR(ENOMEM);
	return iob;
}
