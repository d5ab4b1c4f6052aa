/*
 * The DHCP client state machine (net/dhcp.c) over the real UDP/IPv4 stack
 * on a capturing test device: what it sends, which offer it picks (175.1
 * priority), the wait for a ProxyDHCP offer, NAKs, replies that are not
 * ours, the discovery back-off ending in a timeout, cancelling, and the
 * published blocks.  Time moves by expiring timers by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/dhcp.h>
#include <wireboot/errors.h>
#include <wireboot/interface.h>
#include <wireboot/iobuf.h>
#include <wireboot/ipv4.h>
#include <wireboot/malloc.h>
#include <wireboot/netdevice.h>
#include <wireboot/settings.h>
#include <wireboot/socket.h>
#include <wireboot/time.h>
#include <wireboot/timer.h>
#include <wireboot/udp.h>
#include "testnet.h"
#include "unittest.h"

/* Watches a DHCP job. */
struct probe {
	struct interface job;
	bool done;
	int rc;
};

static void probe_close(struct probe *probe, int rc)
{
	intf_shutdown(&probe->job, rc);
	probe->done = true;
	probe->rc = rc;
}

static const struct interface_operation probe_ops[] = {
	INTF_OP(intf_close, struct probe *, probe_close),
};
static const struct interface_descriptor probe_desc =
	INTF_DESC(struct probe, job, probe_ops);

static void probe_init(struct probe *probe)
{
	memset(probe, 0, sizeof(*probe));
	intf_init(&probe->job, &probe_desc, NULL);
}

/* One request the client sent. */
struct sent {
	uint32_t ip_dest;
	unsigned int port;
	uint8_t pkt[DHCP_MAX_LEN];
	size_t len;
	uint32_t xid;
	unsigned int type;
};

/* Pop the next DHCP packet NETDEV sent into SENT; false if none. */
static bool next_sent(struct net_device *netdev, struct sent *sent)
{
	struct io_buffer *iob;
	const uint8_t *frame;
	size_t ihl;

	while ((iob = testnet_pop(netdev)) != NULL) {
		frame = iob->data;
		if (iob_len(iob) < 14 + 20 + 8 + DHCP_HDR_LEN ||
		    get_be16(frame + 12) != 0x0800 || frame[14 + 9] != 17) {
			free_iob(iob);
			continue;
		}
		ihl = (frame[14] & 0x0f) * 4U;
		memcpy(&sent->ip_dest, frame + 14 + 16, 4);
		sent->port = get_be16(frame + 14 + ihl + 2);
		sent->len = MIN(iob_len(iob) - 14 - ihl - 8, sizeof(sent->pkt));
		memcpy(sent->pkt, frame + 14 + ihl + 8, sent->len);
		sent->xid = ((struct dhcphdr *)(void *)sent->pkt)->xid;
		sent->type = dhcp_message_type(sent->pkt, sent->len);
		free_iob(iob);
		return true;
	}
	return false;
}

/* Deliver a reply from SERVER (dotted) of TYPE with YIADDR and OPTS. */
static void reply(struct net_device *netdev, const char *server,
		  unsigned int type, uint32_t xid, const char *yiaddr,
		  const uint8_t *mac, const uint8_t *opts, size_t opts_len)
{
	uint8_t udp[8 + 600];
	uint8_t frame[14 + 20 + sizeof(udp)];
	struct dhcphdr *hdr = (void *)(udp + 8);
	uint8_t *opt = udp + 8 + DHCP_HDR_LEN;
	uint32_t addr = 0;
	size_t len;

	memset(udp, 0, sizeof(udp));
	hdr->op = BOOTP_REPLY;
	hdr->htype = 1;
	hdr->hlen = 6;
	hdr->xid = xid;
	inet_aton(yiaddr, &addr);
	hdr->yiaddr = addr;
	memcpy(hdr->chaddr, mac, 6);
	hdr->magic = htonl(DHCP_MAGIC);
	*opt++ = DHCP_MESSAGE_TYPE;
	*opt++ = 1;
	*opt++ = (uint8_t)type;
	*opt++ = DHCP_SERVER_ID;
	*opt++ = 4;
	inet_aton(server, &addr);
	memcpy(opt, &addr, 4);
	opt += 4;
	if (opts_len)
		memcpy(opt, opts, opts_len);
	opt += opts_len;
	*opt++ = DHCP_END;
	len = (size_t)(opt - udp);
	put_be16(udp, BOOTPS_PORT);
	put_be16(udp + 2, BOOTPC_PORT);
	put_be16(udp + 4, (uint16_t)len);
	len = testnet_ipv4_frame(frame, (const uint8_t[6]){ 0xff, 0xff, 0xff,
							     0xff, 0xff, 0xff },
				 testnet_peer_mac, server, "255.255.255.255",
				 17, 1, 0, udp, len);
	testnet_inject(netdev, frame, len);
}

/* Let every timer due within MS from now expire. */
static void advance(unsigned long ms)
{
	timers_expire(now_ms() + ms);
}

/* Option TAG of SENT as an IPv4 address, or 0. */
static uint32_t sent_addr(const struct sent *sent, unsigned int tag)
{
	const uint8_t *value;
	uint32_t addr = 0;

	if (dhcp_find_option(sent->pkt, sent->len, tag, &value) == 4)
		memcpy(&addr, value, 4);
	return addr;
}

static uint32_t ip(const char *text)
{
	uint32_t addr = 0;

	inet_aton(text, &addr);
	return addr;
}

/* ${NAME} as text (caller frees). */
static char *text_of(const char *name)
{
	char expr[80];

	snprintf(expr, sizeof(expr), "${%s}", name);
	return expand_settings(expr);
}

static void check_text(const char *name, const char *want, int line)
{
	char *got = text_of(name);

	unit_check_str(got, want, name, __FILE__, line);
	free(got);
}
#define ok_text(name, want) check_text(name, want, __LINE__)

static const uint8_t priority5[] = { DHCP_EB_ENCAP, 3, 1, 1, 5 };

UNIT_TEST(dhcp_session_picks_offer_and_configures)
{
	struct net_device *netdev = testnet_create(0x31);
	struct probe probe;
	struct sent sent;
	char name[40];

	ok(netdev != NULL);
	probe_init(&probe);
	ok_eq(start_dhcp(&probe.job, netdev), 0);
	ok(next_sent(netdev, &sent));
	ok_eq(sent.type, DHCPDISCOVER);
	ok_eq(sent.port, BOOTPS_PORT);
	ok_eq(sent.ip_dest, 0xffffffffU);
	ok(!next_sent(netdev, &sent));

	/* Two offers; the second has the higher priority. */
	reply(netdev, "10.9.0.1", DHCPOFFER, sent.xid, "10.9.0.5",
	      netdev->ll_addr, NULL, 0);
	reply(netdev, "10.9.0.2", DHCPOFFER, sent.xid, "10.9.0.6",
	      netdev->ll_addr, priority5, sizeof(priority5));
	/* Waiting for a ProxyDHCP offer: nothing sent yet. */
	ok(!next_sent(netdev, &sent));
	ok(!probe.done);
	advance(DHCP_PROXY_WAIT);
	ok(next_sent(netdev, &sent));
	ok_eq(sent.type, DHCPREQUEST);
	ok_eq(sent_addr(&sent, DHCP_REQUESTED_ADDRESS), ip("10.9.0.6"));
	ok_eq(sent_addr(&sent, DHCP_SERVER_ID), ip("10.9.0.2"));

	/* An ACK from the other server is not the answer. */
	reply(netdev, "10.9.0.1", DHCPACK, sent.xid, "10.9.0.5",
	      netdev->ll_addr, NULL, 0);
	ok(!probe.done);
	reply(netdev, "10.9.0.2", DHCPACK, sent.xid, "10.9.0.6",
	      netdev->ll_addr, NULL, 0);
	ok(probe.done);
	ok_eq(probe.rc, 0);
	snprintf(name, sizeof(name), "%s.dhcp/ip", netdev->name);
	ok_text(name, "10.9.0.6");
	ok_eq(ipv4_netdev_address(netdev), ip("10.9.0.6"));
	testnet_destroy(netdev);
}

UNIT_TEST(dhcp_session_ignores_other_replies)
{
	struct net_device *netdev = testnet_create(0x32);
	static const uint8_t other_mac[6] = { 2, 0, 0, 0, 0, 0x77 };
	struct probe probe;
	struct sent sent;
	size_t free_before = heap_free_bytes();

	probe_init(&probe);
	ok_eq(start_dhcp(&probe.job, netdev), 0);
	ok(next_sent(netdev, &sent));
	/* Another transaction, another client, and a request-type packet. */
	reply(netdev, "10.9.0.1", DHCPOFFER, sent.xid + 1, "10.9.0.5",
	      netdev->ll_addr, NULL, 0);
	reply(netdev, "10.9.0.1", DHCPOFFER, sent.xid, "10.9.0.5", other_mac,
	      NULL, 0);
	reply(netdev, "10.9.0.1", DHCPACK, sent.xid, "10.9.0.5",
	      netdev->ll_addr, NULL, 0);
	advance(DHCP_DISC_MIN_TIMEOUT);
	/* No offer was taken: discovery goes on. */
	ok(next_sent(netdev, &sent));
	ok_eq(sent.type, DHCPDISCOVER);
	ok(!probe.done);
	/* Cancelling stops everything. */
	intf_shutdown(&probe.job, ERR_IN(ESUB_DHCP, ECANCELED));
	advance(60000);
	ok(!next_sent(netdev, &sent));
	ok_eq(heap_free_bytes(), free_before);
	testnet_destroy(netdev);
}

UNIT_TEST(dhcp_session_times_out)
{
	struct net_device *netdev = testnet_create(0x33);
	struct probe probe;
	struct sent sent;
	unsigned int discovers = 0;
	unsigned int i;
	size_t free_before = heap_free_bytes();

	probe_init(&probe);
	ok_eq(start_dhcp(&probe.job, netdev), 0);
	for (i = 0; i < 10 && !probe.done; i++) {
		while (next_sent(netdev, &sent))
			discovers += (sent.type == DHCPDISCOVER);
		advance(DHCP_DISC_MAX_TIMEOUT);
	}
	ok(probe.done);
	ok_eq(probe.rc, ERR_IN(ESUB_DHCP, ETIMEDOUT));
	/* Sent at 0, 1, 3 and 7 seconds; given up at 15. */
	ok_eq(discovers, 4);
	/* The session, its socket and its packets are all gone. */
	testnet_flush(netdev);
	ok_eq(heap_free_bytes(), free_before);
	testnet_destroy(netdev);
}

UNIT_TEST(dhcp_session_nak_restarts)
{
	struct net_device *netdev = testnet_create(0x34);
	struct probe probe;
	struct sent sent;
	unsigned int round;

	probe_init(&probe);
	ok_eq(start_dhcp(&probe.job, netdev), 0);
	for (round = 0; round < 3; round++) {
		ok(next_sent(netdev, &sent));
		ok_eq(sent.type, DHCPDISCOVER);
		reply(netdev, "10.9.0.1", DHCPOFFER, sent.xid, "10.9.0.5",
		      netdev->ll_addr, NULL, 0);
		advance(DHCP_PROXY_WAIT);
		ok(next_sent(netdev, &sent));
		ok_eq(sent.type, DHCPREQUEST);
		reply(netdev, "10.9.0.1", DHCPNAK, sent.xid, "0.0.0.0",
		      netdev->ll_addr, NULL, 0);
	}
	/* Three NAKs in a row: refused. */
	ok(probe.done);
	ok_eq(probe.rc, ERR_IN(ESUB_DHCP, ECONNREFUSED));
	testnet_destroy(netdev);
}

UNIT_TEST(dhcp_session_proxy_offer)
{
	struct net_device *netdev = testnet_create(0x35);
	struct probe probe;
	struct sent sent;
	static const uint8_t proxy_opts[] = {
		DHCP_VENDOR_CLASS_ID, 9, 'P', 'X', 'E', 'C', 'l', 'i', 'e',
		'n', 't',
		DHCP_VENDOR_ENCAP, 9, PXE_BOOT_MENU, 7, 0x80, 0x00, 4, 'm',
		'e', 'n', 'u',
	};

	probe_init(&probe);
	ok_eq(start_dhcp(&probe.job, netdev), 0);
	ok(next_sent(netdev, &sent));
	/* The proxy offer first, then the address: no extra wait. */
	reply(netdev, "10.9.0.2", DHCPOFFER, sent.xid, "0.0.0.0",
	      netdev->ll_addr, proxy_opts, sizeof(proxy_opts));
	ok(!next_sent(netdev, &sent));
	reply(netdev, "10.9.0.1", DHCPOFFER, sent.xid, "10.9.0.5",
	      netdev->ll_addr, NULL, 0);
	ok(next_sent(netdev, &sent));
	ok_eq(sent.type, DHCPREQUEST);
	reply(netdev, "10.9.0.1", DHCPACK, sent.xid, "10.9.0.5",
	      netdev->ll_addr, NULL, 0);
	/* The menu is used as offered: nothing more is asked. */
	ok(probe.done);
	ok_eq(probe.rc, 0);
	ok(!next_sent(netdev, &sent));
	ok_text("proxydhcp/43.9:hex", "80:00:04:6d:65:6e:75");
	dhcp_unpublish(NULL, "proxydhcp");
	ok(find_settings("proxydhcp") == NULL);
	testnet_destroy(netdev);
}

/* Tell NETDEV that SERVER (dotted) is at the test peer's MAC. */
static void arp_answer(struct net_device *netdev, const char *server,
		       const char *client)
{
	uint8_t frame[14 + 28];
	uint32_t addr;

	memcpy(frame, netdev->ll_addr, 6);
	memcpy(frame + 6, testnet_peer_mac, 6);
	put_be16(frame + 12, 0x0806);
	put_be16(frame + 14, 1);
	put_be16(frame + 16, 0x0800);
	frame[18] = 6;
	frame[19] = 4;
	put_be16(frame + 20, 2);
	memcpy(frame + 22, testnet_peer_mac, 6);
	addr = ip(server);
	memcpy(frame + 28, &addr, 4);
	memcpy(frame + 32, netdev->ll_addr, 6);
	addr = ip(client);
	memcpy(frame + 38, &addr, 4);
	testnet_inject(netdev, frame, sizeof(frame));
}

/* Offers from a proxy without boot information (43.6 only) and a server. */
static void offers_then_ack(struct net_device *netdev, struct probe *probe,
			    struct sent *sent)
{
	static const uint8_t proxy_opts[] = {
		DHCP_VENDOR_CLASS_ID, 9, 'P', 'X', 'E', 'C', 'l', 'i', 'e',
		'n', 't', DHCP_VENDOR_ENCAP, 3, PXE_DISCOVERY_CONTROL, 1, 3,
	};

	probe_init(probe);
	ok_eq(start_dhcp(&probe->job, netdev), 0);
	ok(next_sent(netdev, sent));
	reply(netdev, "10.9.0.2", DHCPOFFER, sent->xid, "0.0.0.0",
	      netdev->ll_addr, proxy_opts, sizeof(proxy_opts));
	reply(netdev, "10.9.0.1", DHCPOFFER, sent->xid, "10.9.0.5",
	      netdev->ll_addr, NULL, 0);
	ok(next_sent(netdev, sent));
	ok_eq(sent->type, DHCPREQUEST);
	reply(netdev, "10.9.0.1", DHCPACK, sent->xid, "10.9.0.5",
	      netdev->ll_addr, NULL, 0);
	ok(!probe->done);
	arp_answer(netdev, "10.9.0.2", "10.9.0.5");
}

UNIT_TEST(dhcp_session_proxy_request_on_4011)
{
	struct net_device *netdev = testnet_create(0x36);
	static const uint8_t file_opt[] = { 67, 6, 'b', 'o', 'o', 't', '.', '0' };
	struct probe probe;
	struct sent sent;

	offers_then_ack(netdev, &probe, &sent);
	/* Asked on 4011 from our new address. */
	ok(next_sent(netdev, &sent));
	ok_eq(sent.type, DHCPREQUEST);
	ok_eq(sent.port, PXE_PORT);
	ok_eq(sent.ip_dest, ip("10.9.0.2"));
	ok_eq(((struct dhcphdr *)(void *)sent.pkt)->ciaddr, ip("10.9.0.5"));
	reply(netdev, "10.9.0.2", DHCPACK, sent.xid, "0.0.0.0",
	      netdev->ll_addr, file_opt, sizeof(file_opt));
	ok(probe.done);
	ok_eq(probe.rc, 0);
	ok_text("proxydhcp/filename", "boot.0");
	dhcp_unpublish(NULL, "proxydhcp");
	testnet_destroy(netdev);
}

UNIT_TEST(dhcp_session_proxy_silent)
{
	struct net_device *netdev = testnet_create(0x37);
	struct probe probe;
	struct sent sent;
	unsigned int asked = 0;
	unsigned int i;

	offers_then_ack(netdev, &probe, &sent);
	for (i = 0; i < 5 && !probe.done; i++) {
		while (next_sent(netdev, &sent))
			asked += (sent.port == PXE_PORT);
		advance(4000);
	}
	/* Asked twice, then the offer itself is used. */
	ok_eq(asked, 2);
	ok(probe.done);
	ok_eq(probe.rc, 0);
	ok_text("proxydhcp/43.6:hex", "03");
	dhcp_unpublish(NULL, "proxydhcp");
	testnet_destroy(netdev);
}
