/*
 * Unit tests for IPv4 (net/ipv4.c, net/ipv4_route.c, net/ipv4_frag.c), ICMP
 * echo (net/icmp.c), the Internet checksum (net/tcpip.c), dotted quads
 * (net/socket.c) and the "route" command, on a capturing test device.
 */
#include <stdio.h>
#include <string.h>
#include <wireboot/arp.h>
#include <wireboot/ipv4.h>
#include <wireboot/icmp.h>
#include <wireboot/ethernet.h>
#include <wireboot/netdevice.h>
#include <wireboot/iobuf.h>
#include <wireboot/socket.h>
#include <wireboot/tcpip.h>
#include <wireboot/timer.h>
#include <wireboot/time.h>
#include <wireboot/command.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include "console_capture.h"
#include "testnet.h"
#include "unittest.h"

/* Network-order address of a dotted quad. */
static uint32_t addr_of(const char *text)
{
	uint32_t addr = 0;

	inet_aton(text, &addr);
	return addr;
}

/* The IPv4 header of FRAME (an Ethernet frame), or NULL if not IPv4. */
static struct iphdr *frame_ip(struct io_buffer *frame)
{
	struct ethhdr *eth = frame->data;

	if (iob_len(frame) < sizeof(*eth) + sizeof(struct iphdr) ||
	    get_be16(&eth->proto) != 0x0800)
		return NULL;
	return (struct iphdr *)(eth + 1);
}

/* A test device configured as 10.0.0.2/24 that knows 10.0.0.1's MAC. */
static struct net_device *configured_netdev(void)
{
	struct net_device *netdev = testnet_create(0x42);
	struct arp_packet arp;
	uint8_t frame[ETH_HLEN + sizeof(arp)];
	struct ethhdr *eth = (struct ethhdr *)frame;
	uint32_t addr;

	if (!netdev)
		return NULL;
	testnet_set(netdev, "ip", "10.0.0.2");
	testnet_set(netdev, "netmask", "255.255.255.0");
	/* 10.0.0.1 asks who has 10.0.0.2: we learn it and answer. */
	memcpy(eth->dest, eth_broadcast, ETH_ALEN);
	memcpy(eth->source, testnet_peer_mac, ETH_ALEN);
	put_be16(&eth->proto, 0x0806);
	memset(&arp, 0, sizeof(arp));
	put_be16(&arp.htype, 1);
	put_be16(&arp.ptype, 0x0800);
	arp.hlen = 6;
	arp.plen = 4;
	put_be16(&arp.op, ARP_OP_REQUEST);
	memcpy(arp.sha, testnet_peer_mac, ETH_ALEN);
	addr = addr_of("10.0.0.1");
	memcpy(&arp.spa, &addr, 4);
	addr = addr_of("10.0.0.2");
	memcpy(&arp.tpa, &addr, 4);
	memcpy(frame + ETH_HLEN, &arp, sizeof(arp));
	testnet_inject(netdev, frame, sizeof(frame));
	testnet_flush(netdev);
	return netdev;
}

/* Build an ICMP echo request with IDENT/SEQ and LEN payload bytes at BUF. */
static size_t echo_request(uint8_t *buf, uint16_t ident, uint16_t seq,
			   size_t len)
{
	struct icmp_echo *echo = (struct icmp_echo *)buf;
	size_t i;

	echo->type = ICMP_ECHO_REQUEST;
	echo->code = 0;
	echo->chksum = 0;
	put_be16(&echo->ident, ident);
	put_be16(&echo->seq, seq);
	for (i = 0; i < len; i++)
		buf[sizeof(*echo) + i] = (uint8_t)i;
	echo->chksum = tcpip_chksum(buf, sizeof(*echo) + len);
	return sizeof(*echo) + len;
}

UNIT_TEST(ipv4_checksum_rfc1071)
{
	static const uint8_t data[] = { 0x00, 0x01, 0xf2, 0x03,
					0xf4, 0xf5, 0xf6, 0xf7 };
	uint8_t wire[2];
	uint16_t sum = tcpip_chksum(data, sizeof(data));
	uint16_t part;

	/* RFC 1071's example sums to 0xddf2: the checksum is 22 0d. */
	memcpy(wire, &sum, 2);
	ok_eq(wire[0], 0x22);
	ok_eq(wire[1], 0x0d);
	/* In two pieces, the same. */
	part = tcpip_continue_chksum(TCPIP_EMPTY_CSUM, data, 4);
	ok_eq(tcpip_continue_chksum(part, data + 4, 4), sum);
	/* An odd length pads with zero. */
	ok_eq(tcpip_chksum(data, 3), tcpip_chksum("\x00\x01\xf2\x00", 4));
	/* Data followed by its checksum sums to 0. */
	{
		uint8_t whole[10];

		memcpy(whole, data, 8);
		memcpy(whole + 8, &sum, 2);
		ok_eq(tcpip_chksum(whole, sizeof(whole)), 0);
	}
}

UNIT_TEST(ipv4_dotted_quads)
{
	uint32_t addr = 0;

	ok(inet_aton("10.0.0.1", &addr));
	ok_eq(ntohl(addr), 0x0a000001);
	ok_str(inet_ntoa(addr), "10.0.0.1");
	ok(inet_aton("255.255.255.255", &addr));
	ok_eq(addr, 0xffffffffU);
	ok(!inet_aton("1.2.3", &addr));
	ok(!inet_aton("1.2.3.256", &addr));
	ok(!inet_aton("1.2.3.4.", &addr));
	ok(!inet_aton("1..2.3", &addr));
	ok(!inet_aton("a.b.c.d", &addr));
	ok(!inet_aton("1.2.3.4x", &addr));
	ok(!inet_aton("", &addr));
}

UNIT_TEST(ipv4_default_netmask)
{
	ok_eq(ipv4_default_netmask(addr_of("10.1.2.3")), addr_of("255.0.0.0"));
	ok_eq(ipv4_default_netmask(addr_of("172.16.0.1")),
	      addr_of("255.255.0.0"));
	ok_eq(ipv4_default_netmask(addr_of("192.168.1.1")),
	      addr_of("255.255.255.0"));
}

UNIT_TEST(ipv4_routes_follow_settings)
{
	struct net_device *netdev = testnet_create(0x42);
	struct ipv4_route *route;
	char expect[128];

	ok(netdev != NULL);
	if (!netdev)
		return;
	ok_eq(ipv4_netdev_address(netdev), 0);
	ok_eq(testnet_set(netdev, "ip", "10.0.0.2"), 0);
	ok(!list_empty(&ipv4_routes));
	route = list_first_entry(&ipv4_routes, struct ipv4_route, list);
	ok(route->netdev == netdev);
	ok_eq(route->address, addr_of("10.0.0.2"));
	ok_eq(route->netmask, addr_of("255.0.0.0"));
	ok_eq(route->gateway, 0);
	testnet_set(netdev, "netmask", "255.255.255.0");
	testnet_set(netdev, "gateway", "10.0.0.1");
	route = list_first_entry(&ipv4_routes, struct ipv4_route, list);
	ok_eq(route->netmask, addr_of("255.255.255.0"));
	ok_eq(route->gateway, addr_of("10.0.0.1"));
	ok(ipv4_has_address(netdev, addr_of("10.0.0.2")));
	ok(ipv4_is_broadcast(netdev, addr_of("10.0.0.255")));
	ok(!ipv4_is_broadcast(netdev, addr_of("10.0.0.254")));

	snprintf(expect, sizeof(expect),
		 "%s: 10.0.0.2/255.255.255.0 gw 10.0.0.1\n", netdev->name);
	capture_start("", 0);
	ok_eq(run_command_line("route"), 0);
	capture_stop();
	ok_str(capture.output, expect);
	netdev_close(netdev);
	snprintf(expect, sizeof(expect),
		 "%s: 10.0.0.2/255.255.255.0 gw 10.0.0.1 (inaccessible)\n",
		 netdev->name);
	capture_start("", 0);
	run_command_line("route");
	capture_stop();
	ok_str(capture.output, expect);

	testnet_set(netdev, "ip", "");
	ok(list_empty(&ipv4_routes));
	testnet_destroy(netdev);
}

UNIT_TEST(ipv4_echo_reply)
{
	struct net_device *netdev = configured_netdev();
	uint8_t payload[64 + 8];
	uint8_t frame[200];
	struct io_buffer *sent;
	struct iphdr *ip;
	struct icmp_echo *echo;
	size_t len;

	ok(netdev != NULL);
	if (!netdev)
		return;
	len = echo_request(payload, 0x1234, 7, 64);
	len = testnet_ipv4_frame(frame, netdev->ll_addr, testnet_peer_mac,
				 "10.0.0.1", "10.0.0.2", 1, 99, 0, payload,
				 len);
	testnet_inject(netdev, frame, len);
	ok_eq(testnet_count(netdev), 1);
	sent = testnet_pop(netdev);
	ok(sent != NULL);
	if (sent) {
		ip = frame_ip(sent);
		ok(ip != NULL);
		ok(memcmp(((struct ethhdr *)sent->data)->dest,
			  testnet_peer_mac, 6) == 0);
		if (ip) {
			ok_eq(ip->src, addr_of("10.0.0.2"));
			ok_eq(ip->dest, addr_of("10.0.0.1"));
			ok_eq(tcpip_chksum(ip, sizeof(*ip)), 0);
			ok_eq(get_be16(&ip->len), sizeof(*ip) + 72);
			echo = (struct icmp_echo *)(ip + 1);
			ok_eq(echo->type, ICMP_ECHO_REPLY);
			ok_eq(get_be16(&echo->ident), 0x1234);
			ok_eq(get_be16(&echo->seq), 7);
			ok_eq(tcpip_chksum(echo, 72), 0);
			ok(memcmp(echo + 1, payload + 8, 64) == 0);
		}
		free_iob(sent);
	}
	/* A corrupted header checksum is dropped and counted. */
	frame[ETH_HLEN + 10] ^= 0x55;
	testnet_inject(netdev, frame, len);
	ok_eq(testnet_count(netdev), 0);
	ok(netdev->rx_stats.errors[0].rc == ERR_IN(ESUB_IPV4, EBADMSG) ||
	   netdev->rx_stats.errors[1].rc == ERR_IN(ESUB_IPV4, EBADMSG));
	testnet_destroy(netdev);
}

UNIT_TEST(ipv4_not_for_us)
{
	struct net_device *netdev = configured_netdev();
	uint8_t payload[16];
	uint8_t frame[100];
	unsigned int bad;
	size_t len;

	ok(netdev != NULL);
	if (!netdev)
		return;
	bad = netdev->rx_stats.bad;
	len = echo_request(payload, 1, 1, 8);
	len = testnet_ipv4_frame(frame, netdev->ll_addr, testnet_peer_mac,
				 "10.0.0.1", "10.0.0.3", 1, 1, 0, payload, len);
	testnet_inject(netdev, frame, len);
	ok_eq(testnet_count(netdev), 0);
	ok_eq(netdev->rx_stats.bad, bad + 1);
	/* Truncated: shorter than its length field says. */
	len = testnet_ipv4_frame(frame, netdev->ll_addr, testnet_peer_mac,
				 "10.0.0.1", "10.0.0.2", 1, 1, 0, payload, 16);
	testnet_inject(netdev, frame, len - 4);
	ok_eq(testnet_count(netdev), 0);
	ok_eq(netdev->rx_stats.bad, bad + 2);
	testnet_destroy(netdev);
}

/*
 * Send COUNT of the three fragments of a 3000-byte echo request, in ORDER;
 * OVERLAP moves the start of the later ones that many bytes earlier.
 */
static void send_fragmented_echo(struct net_device *netdev, uint16_t ident,
				 const int *order, int count, size_t overlap)
{
	static uint8_t payload[3008];
	static uint8_t frame[1600];
	size_t offsets[3] = { 0, 1480, 2960 };
	size_t lens[3] = { 1480, 1480, 48 };
	size_t start;
	size_t len;
	int i;
	int n;

	echo_request(payload, 0x4242, 1, 3000);
	for (i = 0; i < count; i++) {
		n = order[i];
		start = offsets[n] - (n ? overlap : 0);
		len = testnet_ipv4_frame(frame, netdev->ll_addr,
					 testnet_peer_mac, "10.0.0.1",
					 "10.0.0.2", 1, ident,
					 (uint16_t)((start / 8) |
						    (n < 2 ? IP_MF : 0)),
					 payload + start, lens[n]);
		testnet_inject(netdev, frame, len);
	}
}

UNIT_TEST(ipv4_reassembly_and_fragmented_reply)
{
	static const int shuffled[3] = { 2, 0, 1 };
	struct net_device *netdev = configured_netdev();
	struct io_buffer *sent;
	struct iphdr *ip;
	size_t total = 0;
	unsigned int frags = 0;

	ok(netdev != NULL);
	if (!netdev)
		return;
	send_fragmented_echo(netdev, 500, shuffled, 3, 0);
	/* The 3008-byte reply leaves as three fragments of at most 1500. */
	ok_eq(testnet_count(netdev), 3);
	while ((sent = testnet_pop(netdev))) {
		ip = frame_ip(sent);
		ok(ip != NULL);
		if (ip) {
			ok(get_be16(&ip->len) <= 1500);
			ok_eq(tcpip_chksum(ip, sizeof(*ip)), 0);
			ok_eq((get_be16(&ip->frags) & IP_FRAG_OFFSET_MASK) * 8,
			      total);
			ok_eq(!!(get_be16(&ip->frags) & IP_MF), frags < 2);
			total += get_be16(&ip->len) - sizeof(*ip);
		}
		frags++;
		free_iob(sent);
	}
	ok_eq(total, 3008);
	testnet_destroy(netdev);
}

UNIT_TEST(ipv4_reassembly_rejects_overlap_and_expires)
{
	static const int in_order[3] = { 0, 1, 2 };
	static const int no_middle[3] = { 0, 2, 1 };
	struct net_device *netdev = configured_netdev();

	ok(netdev != NULL);
	if (!netdev)
		return;
	/* Later pieces that start 8 bytes early overlap: nothing comes back. */
	send_fragmented_echo(netdev, 600, in_order, 3, 8);
	ok_eq(testnet_count(netdev), 0);
	/* A missing middle piece: held, then dropped when time runs out. */
	send_fragmented_echo(netdev, 601, no_middle, 2, 0);
	ok_eq(testnet_count(netdev), 0);
	timers_expire(now_ms() + IPV4_REASM_TIMEOUT_MS + 1);
	/* The middle piece alone is a new, incomplete datagram now. */
	send_fragmented_echo(netdev, 601, in_order + 1, 1, 0);
	ok_eq(testnet_count(netdev), 0);
	/* While a complete set still goes through. */
	send_fragmented_echo(netdev, 602, in_order, 3, 0);
	ok_eq(testnet_count(netdev), 3);
	timers_expire(now_ms() + IPV4_REASM_TIMEOUT_MS + 1);
	testnet_destroy(netdev);
}

UNIT_TEST(ipv4_unconfigured_accepts_unicast)
{
	struct net_device *netdev = testnet_create(0x42);
	uint8_t payload[16];
	uint8_t frame[100];
	unsigned int bad;
	size_t len;

	ok(netdev != NULL);
	if (!netdev)
		return;
	/* No address: a unicast packet reaches the transport (ICMP, which
	 * does not answer echo requests for addresses it does not own). */
	bad = netdev->rx_stats.bad;
	len = echo_request(payload, 1, 1, 8);
	len = testnet_ipv4_frame(frame, netdev->ll_addr, testnet_peer_mac,
				 "10.0.0.1", "10.0.0.77", 1, 1, 0, payload, len);
	testnet_inject(netdev, frame, len);
	ok_eq(netdev->rx_stats.bad, bad);
	ok_eq(testnet_count(netdev), 0);
	testnet_destroy(netdev);
}

UNIT_TEST(ipv4_unreachable_without_route)
{
	struct icmp_echo_listener listener = { .reply = NULL };

	icmp_echo_listen(&listener);
	ok_eq(icmp_echo_request(&listener, addr_of("10.9.9.9"), 1, "x", 1),
	      ERR_IN(ESUB_IPV4, ENETUNREACH));
	icmp_echo_unlisten(&listener);
}

UNIT_TEST(ipv4_gateway_next_hop)
{
	struct net_device *netdev = configured_netdev();
	struct icmp_echo_listener listener = { .reply = NULL };
	struct io_buffer *sent;
	struct arp_packet *arp;

	ok(netdev != NULL);
	if (!netdev)
		return;
	icmp_echo_listen(&listener);
	/* Off-link without a gateway: unreachable. */
	ok_eq(icmp_echo_request(&listener, addr_of("192.168.7.7"), 1, "x", 1),
	      ERR_IN(ESUB_IPV4, ENETUNREACH));
	testnet_set(netdev, "gateway", "10.0.0.254");
	ok_eq(icmp_echo_request(&listener, addr_of("192.168.7.7"), 1, "x", 1),
	      0);
	/* The gateway is not known yet: ARP asks for it. */
	sent = testnet_pop(netdev);
	ok(sent != NULL);
	if (sent) {
		ok_eq(get_be16(&((struct ethhdr *)sent->data)->proto), 0x0806);
		arp = (struct arp_packet *)((uint8_t *)sent->data + ETH_HLEN);
		ok_eq(get_be32(&arp->tpa), 0x0a0000fe);
		ok_eq(get_be32(&arp->spa), 0x0a000002);
		free_iob(sent);
	}
	icmp_echo_unlisten(&listener);
	testnet_destroy(netdev);
}

/* What an echo listener saw. */
static struct {
	unsigned int replies;
	uint32_t src;
	uint16_t seq;
	size_t len;
} echo_seen;

static void echo_seen_reply(struct icmp_echo_listener *listener, uint32_t src,
			    uint16_t seq, const void *data, size_t len)
{
	echo_seen.replies++;
	echo_seen.src = src;
	echo_seen.seq = seq;
	echo_seen.len = len;
}

UNIT_TEST(ipv4_echo_replies_reach_listener)
{
	struct net_device *netdev = configured_netdev();
	struct icmp_echo_listener listener = { .reply = echo_seen_reply };
	uint8_t payload[64];
	uint8_t frame[200];
	size_t len;

	ok(netdev != NULL);
	if (!netdev)
		return;
	memset(&echo_seen, 0, sizeof(echo_seen));
	icmp_echo_listen(&listener);
	len = echo_request(payload, listener.ident, 5, 16);
	payload[0] = ICMP_ECHO_REPLY;
	((struct icmp_echo *)payload)->chksum = 0;
	((struct icmp_echo *)payload)->chksum = tcpip_chksum(payload, len);
	len = testnet_ipv4_frame(frame, netdev->ll_addr, testnet_peer_mac,
				 "10.0.0.1", "10.0.0.2", 1, 3, 0, payload,
				 len);
	testnet_inject(netdev, frame, len);
	ok_eq(echo_seen.replies, 1);
	ok_eq(echo_seen.src, addr_of("10.0.0.1"));
	ok_eq(echo_seen.seq, 5);
	ok_eq(echo_seen.len, 16);
	icmp_echo_unlisten(&listener);
	/* Nobody listens any more: ignored. */
	testnet_inject(netdev, frame, len);
	ok_eq(echo_seen.replies, 1);
	testnet_destroy(netdev);
}

UNIT_TEST(ipv4_ping_command)
{
	struct net_device *netdev = configured_netdev();
	int rc;

	ok(netdev != NULL);
	if (!netdev)
		return;
	/* The test device never answers: one request, then the verdict. */
	capture_start("", 0);
	rc = run_command_line("ping --count 1 --timeout 50 10.0.0.1");
	capture_stop();
	ok_eq(rc, ERR_IN(ESUB_ICMP, ETIMEDOUT));
	ok_str(capture.output, "No reply from 10.0.0.1: seq=1\n"
	       "ping: 10.0.0.1: Connection timed out (icmp)\n");
	ok_eq(testnet_count(netdev), 1);
	testnet_flush(netdev);
	/* --quiet leaves only the verdict. */
	capture_start("", 0);
	run_command_line("ping -q -c 2 -t 20 10.0.0.1");
	capture_stop();
	ok_str(capture.output, "ping: 10.0.0.1: Connection timed out (icmp)\n");
	ok_eq(testnet_count(netdev), 2);
	testnet_flush(netdev);
	/* Without --count it goes on until Ctrl-C. */
	capture_start("\x03", 1);
	rc = run_command_line("ping 10.0.0.1");
	capture_stop();
	ok(err_is(rc, ECANCELED));
	/* A name that cannot be resolved (no DNS server is set). */
	capture_start("", 0);
	ok(run_command_line("ping -c 1 no.such.name") != 0);
	capture_stop();
	ok(strncmp(capture.output, "ping: no.such.name: ", 20) == 0);
	ok_eq(testnet_count(netdev), 0);
	testnet_destroy(netdev);
}
