/*
 * Unit tests for UDP (net/udp.c) and its socket opener (net/socket.c):
 * binding ports, receiving with metadata, checksums both ways, sending to
 * another destination, and DHCP-style broadcasting from a device that has
 * no address yet.
 */
#include <string.h>
#include <wireboot/udp.h>
#include <wireboot/arp.h>
#include <wireboot/ipv4.h>
#include <wireboot/ethernet.h>
#include <wireboot/netdevice.h>
#include <wireboot/interface.h>
#include <wireboot/xfer.h>
#include <wireboot/iobuf.h>
#include <wireboot/socket.h>
#include <wireboot/tcpip.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include "testnet.h"
#include "unittest.h"

/* A socket's user: keeps the last datagram and its addresses. */
struct udp_sink {
	struct refcnt refcnt;
	struct interface xfer;
	unsigned int datagrams;
	char data[64];
	size_t len;
	struct sockaddr_in src;
	struct sockaddr_in dest;
};

static int udp_sink_deliver(struct udp_sink *sink, struct io_buffer *iob,
			    const struct xfer_metadata *meta)
{
	sink->datagrams++;
	sink->len = MIN(iob_len(iob), sizeof(sink->data));
	memcpy(sink->data, iob->data, sink->len);
	if (meta->src)
		memcpy(&sink->src, meta->src, sizeof(sink->src));
	if (meta->dest)
		memcpy(&sink->dest, meta->dest, sizeof(sink->dest));
	free_iob(iob);
	return 0;
}

static struct interface_operation udp_sink_operations[] = {
	INTF_OP(xfer_deliver, struct udp_sink *, udp_sink_deliver),
};

static struct interface_descriptor udp_sink_desc =
	INTF_DESC(struct udp_sink, xfer, udp_sink_operations);

static void udp_sink_init(struct udp_sink *sink)
{
	memset(sink, 0, sizeof(*sink));
	ref_init(&sink->refcnt, NULL);
	/* Lives on the stack: never freed through its count. */
	ref_get(&sink->refcnt);
	intf_init(&sink->xfer, &udp_sink_desc, &sink->refcnt);
}

static struct sockaddr_in sin(const char *addr, uint16_t port,
			      unsigned int scope_id)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(port),
				  .sin_scope_id = scope_id };

	if (addr)
		inet_aton(addr, &sa.sin_addr);
	return sa;
}

/* Open SINK's socket to PEER from local port PORT (0: any). */
static int udp_sink_open(struct udp_sink *sink, struct sockaddr_in peer,
			 uint16_t port)
{
	struct sockaddr_in local = sin(NULL, port, 0);

	return xfer_open_socket(&sink->xfer, SOCK_DGRAM,
				(struct sockaddr *)&peer,
				(struct sockaddr *)&local);
}

/* Inject a UDP datagram; a CHKSUM of 1 means "compute it". */
static void inject_udp(struct net_device *netdev, const char *src,
		       uint16_t sport, const char *dest, uint16_t dport,
		       const char *text, int chksum)
{
	uint8_t segment[64];
	uint8_t frame[128];
	struct udp_header *udp = (struct udp_header *)segment;
	size_t len = sizeof(*udp) + strlen(text);
	uint16_t sum;

	put_be16(&udp->src, sport);
	put_be16(&udp->dest, dport);
	put_be16(&udp->len, (uint16_t)len);
	udp->chksum = 0;
	memcpy(udp + 1, text, strlen(text));
	sum = chksum == 1 ? testnet_transport_chksum(src, dest, 17, segment,
						      len) : (uint16_t)chksum;
	memcpy(&udp->chksum, &sum, 2);
	len = testnet_ipv4_frame(frame, netdev->ll_addr, testnet_peer_mac,
				 src, dest, 17, 1, 0, segment, len);
	testnet_inject(netdev, frame, len);
}

/* The UDP header of a sent FRAME, with IPHDR set, or NULL. */
static struct udp_header *frame_udp(struct io_buffer *frame,
				    struct iphdr **iphdr)
{
	struct ethhdr *eth = frame->data;

	*iphdr = (struct iphdr *)(eth + 1);
	if (iob_len(frame) < ETH_HLEN + sizeof(**iphdr) + 8 ||
	    get_be16(&eth->proto) != 0x0800 || (*iphdr)->protocol != 17)
		return NULL;
	return (struct udp_header *)(*iphdr + 1);
}

/* Does the UDP datagram in a sent frame check out, pseudo-header and all? */
static bool udp_chksum_ok(struct iphdr *iphdr, struct udp_header *udp)
{
	uint8_t pshdr[12] = { 0 };
	uint16_t sum;

	memcpy(pshdr, &iphdr->src, 8);
	pshdr[9] = 17;
	memcpy(pshdr + 10, &udp->len, 2);
	sum = tcpip_chksum(pshdr, sizeof(pshdr));
	return udp->chksum != 0 &&
	       tcpip_continue_chksum(sum, udp, get_be16(&udp->len)) == 0;
}

UNIT_TEST(udp_binds_ports)
{
	struct udp_sink a;
	struct udp_sink b;
	struct udp_sink c;

	udp_sink_init(&a);
	udp_sink_init(&b);
	udp_sink_init(&c);
	ok_eq(udp_sink_open(&a, sin("10.0.0.1", 67, 0), 68), 0);
	ok_eq(udp_sink_open(&b, sin("10.0.0.1", 67, 0), 68),
	      ERR_IN(ESUB_UDP, EADDRINUSE));
	ok_eq(udp_sink_open(&c, sin("10.0.0.1", 69, 0), 0), 0);
	intf_shutdown(&a.xfer, 0);
	ok_eq(udp_sink_open(&b, sin("10.0.0.1", 67, 0), 68), 0);
	intf_shutdown(&b.xfer, 0);
	intf_shutdown(&c.xfer, 0);
	/* Closed sockets hold no reference to their users any more. */
	ok_eq(a.refcnt.count, 1);
	ok_eq(b.refcnt.count, 1);
	ok_eq(c.refcnt.count, 1);
}

UNIT_TEST(udp_receives_with_metadata)
{
	struct net_device *netdev = testnet_create(0x42);
	struct udp_sink sink;
	unsigned int bad;

	ok(netdev != NULL);
	if (!netdev)
		return;
	testnet_set(netdev, "ip", "10.0.0.2");
	udp_sink_init(&sink);
	ok_eq(udp_sink_open(&sink, sin("10.0.0.1", 69, 0), 1069), 0);
	inject_udp(netdev, "10.0.0.1", 4321, "10.0.0.2", 1069, "hello", 1);
	ok_eq(sink.datagrams, 1);
	ok_eq(sink.len, 5);
	ok(memcmp(sink.data, "hello", 5) == 0);
	ok_eq(sink.src.sin_family, AF_INET);
	ok_eq(sink.src.sin_addr, sin("10.0.0.1", 0, 0).sin_addr);
	ok_eq(ntohs(sink.src.sin_port), 4321);
	ok_eq(sink.src.sin_scope_id, netdev->index + 1);
	ok_eq(sink.dest.sin_addr, sin("10.0.0.2", 0, 0).sin_addr);
	ok_eq(ntohs(sink.dest.sin_port), 1069);
	/* No checksum (0) is accepted; a wrong one is not. */
	inject_udp(netdev, "10.0.0.1", 4321, "10.0.0.2", 1069, "nosum", 0);
	ok_eq(sink.datagrams, 2);
	bad = netdev->rx_stats.bad;
	inject_udp(netdev, "10.0.0.1", 4321, "10.0.0.2", 1069, "bad", 0x1234);
	ok_eq(sink.datagrams, 2);
	ok_eq(netdev->rx_stats.bad, bad + 1);
	/* Nobody on the port: dropped and counted. */
	inject_udp(netdev, "10.0.0.1", 4321, "10.0.0.2", 1070, "closed", 1);
	ok_eq(sink.datagrams, 2);
	ok_eq(netdev->rx_stats.bad, bad + 2);
	intf_shutdown(&sink.xfer, 0);
	/* Closed: the port is free and takes nothing. */
	inject_udp(netdev, "10.0.0.1", 4321, "10.0.0.2", 1069, "late", 1);
	ok_eq(sink.datagrams, 2);
	testnet_destroy(netdev);
}

UNIT_TEST(udp_sends_with_checksum)
{
	struct net_device *netdev = testnet_create(0x42);
	struct sockaddr_in other = sin("10.0.0.1", 6000, 0);
	struct xfer_metadata meta = { .dest = (struct sockaddr *)&other };
	struct udp_sink sink;
	struct io_buffer *iob;
	struct io_buffer *sent;
	struct udp_header *udp;
	struct iphdr *iphdr;
	uint16_t local_port = 0;

	ok(netdev != NULL);
	if (!netdev)
		return;
	arp_flush();
	testnet_set(netdev, "ip", "10.0.0.2");
	testnet_set(netdev, "netmask", "255.255.255.0");
	udp_sink_init(&sink);
	ok_eq(udp_sink_open(&sink, sin("10.0.0.1", 5000, 0), 0), 0);
	ok_eq(xfer_deliver_raw(&sink.xfer, "ping!", 5), 0);
	/* First ARP, then (after the answer) the datagram. */
	ok_eq(testnet_count(netdev), 1);
	testnet_flush(netdev);
	{
		uint8_t frame[ETH_HLEN + sizeof(struct arp_packet)];
		struct arp_packet *arp = (struct arp_packet *)(frame + ETH_HLEN);
		uint32_t addr;

		memset(frame, 0, sizeof(frame));
		memcpy(frame, netdev->ll_addr, ETH_ALEN);
		memcpy(frame + ETH_ALEN, testnet_peer_mac, ETH_ALEN);
		put_be16(frame + 12, 0x0806);
		put_be16(&arp->htype, 1);
		put_be16(&arp->ptype, 0x0800);
		arp->hlen = 6;
		arp->plen = 4;
		put_be16(&arp->op, ARP_OP_REPLY);
		memcpy(arp->sha, testnet_peer_mac, ETH_ALEN);
		addr = sin("10.0.0.1", 0, 0).sin_addr;
		memcpy(&arp->spa, &addr, 4);
		memcpy(arp->tha, netdev->ll_addr, ETH_ALEN);
		addr = sin("10.0.0.2", 0, 0).sin_addr;
		memcpy(&arp->tpa, &addr, 4);
		testnet_inject(netdev, frame, sizeof(frame));
	}
	sent = testnet_pop(netdev);
	udp = sent ? frame_udp(sent, &iphdr) : NULL;
	ok(udp != NULL);
	if (udp) {
		local_port = ntohs(udp->src);
		ok(local_port >= UDP_EPHEMERAL_MIN);
		ok_eq(ntohs(udp->dest), 5000);
		ok_eq(get_be16(&udp->len), 13);
		ok(memcmp(udp + 1, "ping!", 5) == 0);
		ok(udp_chksum_ok(iphdr, udp));
		ok_eq(iphdr->src, sin("10.0.0.2", 0, 0).sin_addr);
	}
	free_iob(sent);
	/* meta->dest sends elsewhere, from the same port. */
	iob = alloc_iob(3);
	memcpy(iob_put(iob, 3), "alt", 3);
	ok_eq(xfer_deliver(&sink.xfer, iob, &meta), 0);
	sent = testnet_pop(netdev);
	udp = sent ? frame_udp(sent, &iphdr) : NULL;
	ok(udp != NULL);
	if (udp) {
		ok_eq(ntohs(udp->src), local_port);
		ok_eq(ntohs(udp->dest), 6000);
		ok(udp_chksum_ok(iphdr, udp));
	}
	free_iob(sent);
	intf_shutdown(&sink.xfer, 0);
	testnet_destroy(netdev);
}

UNIT_TEST(udp_broadcast_before_configuration)
{
	struct net_device *netdev = testnet_create(0x42);
	struct udp_sink sink;
	struct udp_sink unscoped;
	struct io_buffer *sent;
	struct udp_header *udp;
	struct iphdr *iphdr;

	ok(netdev != NULL);
	if (!netdev)
		return;
	udp_sink_init(&sink);
	udp_sink_init(&unscoped);
	/* As DHCP does: 0.0.0.0:68 to 255.255.255.255:67 through one NIC. */
	ok_eq(udp_sink_open(&sink, sin("255.255.255.255", 67,
				       netdev->index + 1), 68), 0);
	ok_eq(xfer_deliver_raw(&sink.xfer, "discover", 8), 0);
	sent = testnet_pop(netdev);
	udp = sent ? frame_udp(sent, &iphdr) : NULL;
	ok(udp != NULL);
	if (udp) {
		ok(is_broadcast_ether_addr(((struct ethhdr *)sent->data)->dest));
		ok_eq(iphdr->src, 0);
		ok_eq(iphdr->dest, 0xffffffffU);
		ok_eq(ntohs(udp->src), 68);
		ok_eq(ntohs(udp->dest), 67);
		ok(udp_chksum_ok(iphdr, udp));
	}
	free_iob(sent);
	/* Without naming a device there is no way out yet. */
	ok_eq(udp_sink_open(&unscoped, sin("255.255.255.255", 67, 0), 0), 0);
	ok_eq(xfer_deliver_raw(&unscoped.xfer, "x", 1),
	      ERR_IN(ESUB_IPV4, ENETUNREACH));
	/* An offer unicast to the offered address gets through. */
	inject_udp(netdev, "10.0.0.1", 67, "10.0.0.50", 68, "offer", 1);
	ok_eq(sink.datagrams, 1);
	ok(memcmp(sink.data, "offer", 5) == 0);
	/* Once configured, unicast to another address does not. */
	testnet_set(netdev, "ip", "10.0.0.2");
	inject_udp(netdev, "10.0.0.1", 67, "10.0.0.50", 68, "offer", 1);
	ok_eq(sink.datagrams, 1);
	/* Broadcasts always do. */
	inject_udp(netdev, "10.0.0.1", 67, "255.255.255.255", 68, "ack", 1);
	ok_eq(sink.datagrams, 2);
	intf_shutdown(&sink.xfer, 0);
	intf_shutdown(&unscoped.xfer, 0);
	testnet_destroy(netdev);
}
