/*
 * Unit tests for ARP (net/arp.c) on a capturing test device configured as
 * 10.0.0.2/24: answering, learning, resolving with packets waiting,
 * retrying and giving up, the waiting-packet limit and cache expiry.
 */
#include <string.h>
#include <wireboot/arp.h>
#include <wireboot/ipv4.h>
#include <wireboot/icmp.h>
#include <wireboot/ethernet.h>
#include <wireboot/netdevice.h>
#include <wireboot/iobuf.h>
#include <wireboot/socket.h>
#include <wireboot/timer.h>
#include <wireboot/time.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include "testnet.h"
#include "unittest.h"

static const uint8_t other_mac[ETH_ALEN] = { 2, 0, 0, 0, 0, 0x77 };

static uint32_t ip(const char *text)
{
	uint32_t addr = 0;

	inet_aton(text, &addr);
	return addr;
}

/* Inject an ARP packet of OP from SHA/SPA about THA/TPA. */
static void inject_arp(struct net_device *netdev, uint16_t op,
		       const uint8_t *sha, const char *spa,
		       const uint8_t *tha, const char *tpa)
{
	uint8_t frame[ETH_HLEN + sizeof(struct arp_packet)];
	struct ethhdr *eth = (struct ethhdr *)frame;
	struct arp_packet arp;
	uint32_t addr;

	memcpy(eth->dest, op == ARP_OP_REQUEST ? eth_broadcast : tha, ETH_ALEN);
	memcpy(eth->source, sha, ETH_ALEN);
	put_be16(&eth->proto, 0x0806);
	memset(&arp, 0, sizeof(arp));
	put_be16(&arp.htype, 1);
	put_be16(&arp.ptype, 0x0800);
	arp.hlen = 6;
	arp.plen = 4;
	put_be16(&arp.op, op);
	memcpy(arp.sha, sha, ETH_ALEN);
	addr = ip(spa);
	memcpy(&arp.spa, &addr, 4);
	if (tha)
		memcpy(arp.tha, tha, ETH_ALEN);
	addr = ip(tpa);
	memcpy(&arp.tpa, &addr, 4);
	memcpy(frame + ETH_HLEN, &arp, sizeof(arp));
	testnet_inject(netdev, frame, sizeof(frame));
}

/* The ARP packet in FRAME, or NULL if it is not one. */
static struct arp_packet *frame_arp(struct io_buffer *frame)
{
	struct ethhdr *eth = frame->data;

	if (iob_len(frame) < ETH_HLEN + sizeof(struct arp_packet) ||
	    get_be16(&eth->proto) != 0x0806)
		return NULL;
	return (struct arp_packet *)(eth + 1);
}

static struct net_device *arp_netdev(void)
{
	struct net_device *netdev;

	arp_flush();
	netdev = testnet_create(0x42);
	if (netdev) {
		testnet_set(netdev, "ip", "10.0.0.2");
		testnet_set(netdev, "netmask", "255.255.255.0");
	}
	return netdev;
}

/* How many times NETDEV counted transmit error RC. */
static unsigned int tx_errors(struct net_device *netdev, int rc)
{
	unsigned int i;

	for (i = 0; i < NETDEV_MAX_ERRORS; i++) {
		if (netdev->tx_stats.errors[i].count &&
		    netdev->tx_stats.errors[i].rc == rc)
			return netdev->tx_stats.errors[i].count;
	}
	return 0;
}

UNIT_TEST(arp_answers_and_learns)
{
	struct net_device *netdev = arp_netdev();
	uint8_t ll[ETH_ALEN];
	struct io_buffer *sent;
	struct arp_packet *arp;

	ok(netdev != NULL);
	if (!netdev)
		return;
	inject_arp(netdev, ARP_OP_REQUEST, testnet_peer_mac, "10.0.0.1", NULL,
		   "10.0.0.2");
	ok_eq(testnet_count(netdev), 1);
	sent = testnet_pop(netdev);
	arp = sent ? frame_arp(sent) : NULL;
	ok(arp != NULL);
	if (arp) {
		ok(memcmp(((struct ethhdr *)sent->data)->dest,
			  testnet_peer_mac, ETH_ALEN) == 0);
		ok_eq(get_be16(&arp->op), ARP_OP_REPLY);
		ok(memcmp(arp->sha, netdev->ll_addr, ETH_ALEN) == 0);
		ok_eq(arp->spa, ip("10.0.0.2"));
		ok(memcmp(arp->tha, testnet_peer_mac, ETH_ALEN) == 0);
		ok_eq(arp->tpa, ip("10.0.0.1"));
	}
	free_iob(sent);
	ok_eq(arp_lookup(netdev, ip("10.0.0.1"), ll), 0);
	ok(memcmp(ll, testnet_peer_mac, ETH_ALEN) == 0);
	/* A request for someone else: no answer, nothing learnt. */
	inject_arp(netdev, ARP_OP_REQUEST, other_mac, "10.0.0.9", NULL,
		   "10.0.0.3");
	ok_eq(testnet_count(netdev), 0);
	ok_eq(arp_lookup(netdev, ip("10.0.0.9"), ll),
	      ERR_IN(ESUB_ARP, ENOENT));
	/* A known neighbour moving is followed even when not talking to us. */
	inject_arp(netdev, ARP_OP_REQUEST, other_mac, "10.0.0.1", NULL,
		   "10.0.0.3");
	ok_eq(arp_lookup(netdev, ip("10.0.0.1"), ll), 0);
	ok(memcmp(ll, other_mac, ETH_ALEN) == 0);
	/* Cached entries expire. */
	timers_expire(now_ms() + ARP_CACHE_TIMEOUT_MS + 1);
	ok_eq(arp_lookup(netdev, ip("10.0.0.1"), ll),
	      ERR_IN(ESUB_ARP, ENOENT));
	testnet_destroy(netdev);
}

UNIT_TEST(arp_resolves_then_sends)
{
	struct net_device *netdev = arp_netdev();
	struct icmp_echo_listener listener = { .reply = NULL };
	struct io_buffer *sent;
	struct arp_packet *arp;

	ok(netdev != NULL);
	if (!netdev)
		return;
	icmp_echo_listen(&listener);
	ok_eq(icmp_echo_request(&listener, ip("10.0.0.5"), 1, "ab", 2), 0);
	ok_eq(testnet_count(netdev), 1);
	sent = testnet_pop(netdev);
	arp = sent ? frame_arp(sent) : NULL;
	ok(arp != NULL);
	if (arp) {
		ok(is_broadcast_ether_addr(((struct ethhdr *)sent->data)->dest));
		ok_eq(get_be16(&arp->op), ARP_OP_REQUEST);
		ok_eq(arp->spa, ip("10.0.0.2"));
		ok_eq(arp->tpa, ip("10.0.0.5"));
	}
	free_iob(sent);
	/* A second packet waits on the same request. */
	ok_eq(icmp_echo_request(&listener, ip("10.0.0.5"), 2, "ab", 2), 0);
	ok_eq(testnet_count(netdev), 0);
	inject_arp(netdev, ARP_OP_REPLY, other_mac, "10.0.0.5",
		   netdev->ll_addr, "10.0.0.2");
	ok_eq(testnet_count(netdev), 2);
	while ((sent = testnet_pop(netdev))) {
		ok(memcmp(((struct ethhdr *)sent->data)->dest, other_mac,
			  ETH_ALEN) == 0);
		ok_eq(get_be16(&((struct ethhdr *)sent->data)->proto), 0x0800);
		free_iob(sent);
	}
	/* Now known: the next packet goes at once. */
	ok_eq(icmp_echo_request(&listener, ip("10.0.0.5"), 3, "ab", 2), 0);
	ok_eq(testnet_count(netdev), 1);
	icmp_echo_unlisten(&listener);
	testnet_destroy(netdev);
}

UNIT_TEST(arp_retries_then_gives_up)
{
	struct net_device *netdev = arp_netdev();
	struct icmp_echo_listener listener = { .reply = NULL };
	unsigned int requests = 0;
	struct io_buffer *sent;
	int i;

	ok(netdev != NULL);
	if (!netdev)
		return;
	icmp_echo_listen(&listener);
	ok_eq(icmp_echo_request(&listener, ip("10.0.0.6"), 1, "ab", 2), 0);
	/* Each call lets the next retry come due. */
	for (i = 0; i < 20; i++) {
		while ((sent = testnet_pop(netdev))) {
			if (frame_arp(sent))
				requests++;
			free_iob(sent);
		}
		timers_expire(now_ms() + ARP_RETRY_MAX_MS);
	}
	/* 250, 500, 1000, 1000 then the rest of the 3 s: five requests. */
	ok_eq(requests, 5);
	ok_eq(tx_errors(netdev, ERR_IN(ESUB_ARP, EHOSTUNREACH)), 1);
	icmp_echo_unlisten(&listener);
	testnet_destroy(netdev);
}

UNIT_TEST(arp_waiting_packets_are_bounded)
{
	struct net_device *netdev = arp_netdev();
	struct icmp_echo_listener listener = { .reply = NULL };
	uint16_t seq;

	ok(netdev != NULL);
	if (!netdev)
		return;
	icmp_echo_listen(&listener);
	for (seq = 0; seq < ARP_MAX_PENDING + 2; seq++)
		icmp_echo_request(&listener, ip("10.0.0.8"), seq, "ab", 2);
	ok_eq(tx_errors(netdev, ERR_IN(ESUB_ARP, ENOBUFS)), 2);
	testnet_flush(netdev);
	inject_arp(netdev, ARP_OP_REPLY, other_mac, "10.0.0.8",
		   netdev->ll_addr, "10.0.0.2");
	ok_eq(testnet_count(netdev), ARP_MAX_PENDING);
	/* Closing the device forgets its neighbours. */
	netdev_close(netdev);
	{
		uint8_t ll[ETH_ALEN];

		ok_eq(arp_lookup(netdev, ip("10.0.0.8"), ll),
		      ERR_IN(ESUB_ARP, ENOENT));
	}
	icmp_echo_unlisten(&listener);
	testnet_destroy(netdev);
}

UNIT_TEST(arp_rejects_malformed)
{
	struct net_device *netdev = arp_netdev();
	uint8_t frame[ETH_HLEN + 10];
	unsigned int bad;

	ok(netdev != NULL);
	if (!netdev)
		return;
	bad = netdev->rx_stats.bad;
	memset(frame, 0, sizeof(frame));
	memcpy(frame, netdev->ll_addr, ETH_ALEN);
	put_be16(frame + 12, 0x0806);
	testnet_inject(netdev, frame, sizeof(frame));
	ok_eq(netdev->rx_stats.bad, bad + 1);
	/* A group address claimed as a sender is refused. */
	inject_arp(netdev, ARP_OP_REQUEST, eth_broadcast, "10.0.0.1", NULL,
		   "10.0.0.2");
	ok_eq(netdev->rx_stats.bad, bad + 2);
	ok_eq(testnet_count(netdev), 0);
	testnet_destroy(netdev);
}
