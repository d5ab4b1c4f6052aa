/*
 * IPv4 (RFC 791): checking and dispatching received packets to the
 * transport protocols, and building, routing and (when larger than the
 * MTU) fragmenting packets they send.  Routes: net/ipv4_route.c;
 * reassembly: net/ipv4_frag.c.  See <wireboot/ipv4.h>.
 */
#include <string.h>
#include <wireboot/ipv4.h>
#include <wireboot/arp.h>
#include <wireboot/ethernet.h>
#include <wireboot/netdevice.h>
#include <wireboot/iobuf.h>
#include <wireboot/socket.h>
#include <wireboot/tcpip.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_IPV4

/* Identification of the next datagram we send. */
static uint16_t ipv4_next_ident;

/* The pseudo-header that transport checksums cover (RFC 768, RFC 793). */
struct ipv4_pseudo_header {
	uint32_t src;
	uint32_t dest;
	uint8_t zero;
	uint8_t protocol;
	uint16_t len;
} __packed;

/* Partial checksum of the pseudo-header for LEN transport bytes. */
static uint16_t ipv4_pshdr_chksum(uint32_t src, uint32_t dest,
				  uint8_t protocol, size_t len,
				  uint16_t sum)
{
	struct ipv4_pseudo_header pshdr = {
		.src = src,
		.dest = dest,
		.protocol = protocol,
	};

	put_be16(&pshdr.len, (uint16_t)len);
	return tcpip_continue_chksum(sum, &pshdr, sizeof(pshdr));
}

/* Hand the finished packet IOB to the link layer along PATH. */
static int ipv4_tx_link(struct io_buffer *iob, const struct ipv4_path *path,
			uint32_t dest)
{
	uint8_t ll_dest[ETH_ALEN];
	const uint8_t *group = (const uint8_t *)&dest;

	switch (path->kind) {
	case IPV4_PATH_BROADCAST:
		return net_tx(iob, path->netdev, &ipv4_protocol,
			      eth_broadcast);
	case IPV4_PATH_MULTICAST:
		/* RFC 1112: 01:00:5e and the low 23 bits of the group. */
		ll_dest[0] = 0x01;
		ll_dest[1] = 0x00;
		ll_dest[2] = 0x5e;
		ll_dest[3] = group[1] & 0x7f;
		ll_dest[4] = group[2];
		ll_dest[5] = group[3];
		return net_tx(iob, path->netdev, &ipv4_protocol, ll_dest);
	default:
		return arp_tx(iob, path->netdev, &ipv4_protocol,
			      path->next_hop, path->source);
	}
}

/*
 * Send the packet IOB (header filled in, HLEN bytes of it) as fragments
 * that fit the MTU of PATH's device.  IOB is consumed.
 */
static int ipv4_tx_fragments(struct io_buffer *iob, size_t hlen,
			     const struct ipv4_path *path, uint32_t dest)
{
	const struct iphdr *iphdr = iob->data;
	size_t payload = iob_len(iob) - hlen;
	size_t chunk = ((path->netdev->mtu - hlen) / 8) * 8;
	struct io_buffer *frag;
	struct iphdr *fraghdr;
	size_t offset;
	size_t len;
	int rc = 0;

	if (path->netdev->mtu < hlen + 8) {
		free_iob(iob);
		return ERR(EMSGSIZE);
	}
	for (offset = 0; offset < payload && rc == 0; offset += len) {
		len = MIN(chunk, payload - offset);
		frag = alloc_iob(hlen + len);
		if (!frag) {
			rc = ERR(ENOMEM);
			break;
		}
		fraghdr = iob_put(frag, hlen);
		memcpy(fraghdr, iphdr, hlen);
		memcpy(iob_put(frag, len), (const uint8_t *)iob->data + hlen +
		       offset, len);
		put_be16(&fraghdr->len, (uint16_t)(hlen + len));
		put_be16(&fraghdr->frags,
			 (uint16_t)((offset / 8) |
				    (offset + len < payload ? IP_MF : 0)));
		fraghdr->chksum = 0;
		fraghdr->chksum = tcpip_chksum(fraghdr, hlen);
		rc = ipv4_tx_link(frag, path, dest);
	}
	free_iob(iob);
	return rc;
}

/* Send a transport packet (struct tcpip_net_protocol's tx method). */
static int ipv4_tx(struct io_buffer *iob, const struct tcpip_protocol *proto,
		   struct sockaddr *src, struct sockaddr *dst,
		   struct net_device *netdev, uint16_t *trans_csum)
{
	const struct sockaddr_in *sin_dst = (const struct sockaddr_in *)dst;
	const struct sockaddr_in *sin_src = (const struct sockaddr_in *)src;
	size_t csum_offset = trans_csum ? (size_t)((uint8_t *)trans_csum -
						   (uint8_t *)iob->data) : 0;
	size_t len = iob_len(iob);
	struct ipv4_path path;
	struct iphdr *iphdr;
	uint16_t csum;
	int rc;

	rc = ipv4_find_path(sin_dst->sin_addr, sin_dst->sin_scope_id, netdev,
			    &path);
	if (rc == 0 && len + sizeof(*iphdr) > IPV4_REASM_MAX_BYTES)
		rc = ERR(EMSGSIZE);
	if (rc == 0)
		rc = iob_ensure_headroom(iob, sizeof(*iphdr) + ETH_HLEN);
	if (rc != 0) {
		free_iob(iob);
		return rc;
	}
	if (sin_src && sin_src->sin_addr != INADDR_ANY)
		path.source = sin_src->sin_addr;
	if (trans_csum) {
		trans_csum = (uint16_t *)((uint8_t *)iob->data + csum_offset);
		memcpy(&csum, trans_csum, sizeof(csum));
		csum = ipv4_pshdr_chksum(path.source, sin_dst->sin_addr,
					 proto->proto, len, csum);
		/* 0 means "no checksum" to UDP; 0xffff is the same sum. */
		if (csum == 0)
			csum = 0xffff;
		memcpy(trans_csum, &csum, sizeof(csum));
	}
	iphdr = iob_push(iob, sizeof(*iphdr));
	memset(iphdr, 0, sizeof(*iphdr));
	iphdr->verhdrlen = IP_VER | (sizeof(*iphdr) / 4);
	put_be16(&iphdr->len, (uint16_t)(sizeof(*iphdr) + len));
	put_be16(&iphdr->ident, ipv4_next_ident++);
	iphdr->ttl = IP_DEFAULT_TTL;
	iphdr->protocol = proto->proto;
	iphdr->src = path.source;
	iphdr->dest = sin_dst->sin_addr;
	iphdr->chksum = tcpip_chksum(iphdr, sizeof(*iphdr));
	if (iob_len(iob) > path.netdev->mtu)
		return ipv4_tx_fragments(iob, sizeof(*iphdr), &path,
					 sin_dst->sin_addr);
	return ipv4_tx_link(iob, &path, sin_dst->sin_addr);
}

/* Which device would carry packets to DST. */
static struct net_device *ipv4_netdev(struct sockaddr *dst)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)dst;
	struct ipv4_path path;

	if (ipv4_find_path(sin->sin_addr, sin->sin_scope_id, NULL, &path) != 0)
		return NULL;
	return path.netdev;
}

/*
 * Is a packet to DEST for us on NETDEV?  Our address, broadcasts and
 * groups are; a device without an address takes any unicast, so that a
 * DHCP offer sent to the offered address gets through.
 */
static bool ipv4_accepts(struct net_device *netdev, uint32_t dest)
{
	if (ipv4_has_address(netdev, dest) || ipv4_is_broadcast(netdev, dest))
		return true;
	if ((ntohl(dest) & 0xf0000000U) == 0xe0000000U)
		return true;
	return ipv4_netdev_address(netdev) == INADDR_ANY;
}

/* Check a received packet's header; its header length, or an error. */
static int ipv4_check(struct io_buffer *iob)
{
	const struct iphdr *iphdr = iob->data;
	size_t hlen;
	size_t len;

	if (iob_len(iob) < sizeof(*iphdr))
		return ERR(EINVAL);
	hlen = (size_t)(iphdr->verhdrlen & 0x0f) * 4;
	len = get_be16(&iphdr->len);
	if ((iphdr->verhdrlen & 0xf0) != IP_VER)
		return ERR(EPROTO);
	if (hlen < sizeof(*iphdr) || hlen > len || len > iob_len(iob))
		return ERR(EINVAL);
	if (tcpip_chksum(iphdr, hlen) != 0)
		return ERR(EBADMSG);
	/* Drop any link-layer padding. */
	iob_unput(iob, iob_len(iob) - len);
	return (int)hlen;
}

/* Receive an IPv4 packet (struct net_protocol's rx method). */
static int ipv4_rx(struct io_buffer *iob, struct net_device *netdev,
		   const uint8_t *ll_dest, const uint8_t *ll_source,
		   unsigned int flags)
{
	struct sockaddr_in src = { .sin_family = AF_INET };
	struct sockaddr_in dst = { .sin_family = AF_INET };
	const struct iphdr *iphdr;
	uint16_t csum;
	uint8_t protocol;
	int hlen;
	int rc;

	hlen = ipv4_check(iob);
	if (hlen < 0) {
		free_iob(iob);
		return hlen;
	}
	iphdr = iob->data;
	if (!ipv4_accepts(netdev, iphdr->dest)) {
		free_iob(iob);
		return ERR(EADDRNOTAVAIL);
	}
	if (get_be16(&iphdr->frags) & (IP_MF | IP_FRAG_OFFSET_MASK)) {
		iob = ipv4_reassemble(iob, &rc);
		if (!iob)
			return rc;
		iphdr = iob->data;
		hlen = (iphdr->verhdrlen & 0x0f) * 4;
	}
	src.sin_addr = iphdr->src;
	src.sin_scope_id = netdev->index + 1;
	dst.sin_addr = iphdr->dest;
	dst.sin_scope_id = netdev->index + 1;
	protocol = iphdr->protocol;
	iob_pull(iob, (size_t)hlen);
	csum = ipv4_pshdr_chksum(src.sin_addr, dst.sin_addr, protocol,
				 iob_len(iob), TCPIP_EMPTY_CSUM);
	return tcpip_rx(iob, netdev, protocol, (struct sockaddr *)&src,
			(struct sockaddr *)&dst, csum);
}

const struct net_protocol ipv4_protocol __net_protocol = {
	.name = "IPv4",
	.ethertype = 0x0800,
	.rx = ipv4_rx,
};

const struct tcpip_net_protocol ipv4_tcpip_protocol __tcpip_net_protocol = {
	.name = "IPv4",
	.family = AF_INET,
	.tx = ipv4_tx,
	.netdev = ipv4_netdev,
};
