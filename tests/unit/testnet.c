/*
 * A capturing network device and frame builders for protocol unit tests;
 * see testnet.h.
 */
#include <stdio.h>
#include <string.h>
#include <wireboot/netdevice.h>
#include <wireboot/ethernet.h>
#include <wireboot/iobuf.h>
#include <wireboot/settings.h>
#include <wireboot/socket.h>
#include <wireboot/tcpip.h>
#include <wireboot/ipv4.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include "testnet.h"

#define ERR_SUBSYS ESUB_DRIVER

const uint8_t testnet_peer_mac[6] = { 2, 0, 0, 0, 0, 0xfe };

/* What a test device keeps. */
struct testnet_nic {
	struct list_head sent;
	unsigned int count;
};

static int testnet_open(struct net_device *netdev)
{
	netdev_link_up(netdev);
	return 0;
}

/* Keep a copy of the frame and complete it. */
static int testnet_transmit(struct net_device *netdev, struct io_buffer *iob)
{
	struct testnet_nic *nic = netdev->priv;
	struct io_buffer *copy = alloc_iob(iob_len(iob));

	if (!copy)
		return ERR(ENOMEM);
	memcpy(iob_put(copy, iob_len(iob)), iob->data, iob_len(iob));
	list_add_tail(&copy->list, &nic->sent);
	nic->count++;
	netdev_tx_complete(netdev, iob, 0);
	return 0;
}

static void testnet_poll(struct net_device *netdev)
{
}

static const struct net_device_operations testnet_operations = {
	.open = testnet_open,
	.transmit = testnet_transmit,
	.poll = testnet_poll,
};

struct net_device *testnet_create(uint8_t last)
{
	struct net_device *netdev = alloc_netdev(sizeof(struct testnet_nic));
	struct testnet_nic *nic;

	if (!netdev)
		return NULL;
	nic = netdev->priv;
	INIT_LIST_HEAD(&nic->sent);
	netdev->op = &testnet_operations;
	netdev->driver_name = "testnet";
	netdev->hw_addr[0] = 0x02;
	netdev->hw_addr[5] = last;
	if (register_netdev(netdev) != 0) {
		netdev_put(netdev);
		return NULL;
	}
	netdev_put(netdev);
	netdev_open(netdev);
	return netdev;
}

void testnet_flush(struct net_device *netdev)
{
	struct io_buffer *iob;

	while ((iob = testnet_pop(netdev)))
		free_iob(iob);
}

void testnet_destroy(struct net_device *netdev)
{
	testnet_flush(netdev);
	unregister_netdev(netdev);
}

unsigned int testnet_count(struct net_device *netdev)
{
	return ((struct testnet_nic *)netdev->priv)->count;
}

struct io_buffer *testnet_pop(struct net_device *netdev)
{
	struct testnet_nic *nic = netdev->priv;
	struct io_buffer *iob;

	if (list_empty(&nic->sent))
		return NULL;
	iob = list_first_entry(&nic->sent, struct io_buffer, list);
	list_del(&iob->list);
	nic->count--;
	return iob;
}

void testnet_inject(struct net_device *netdev, const void *frame, size_t len)
{
	struct io_buffer *iob = alloc_iob(len);

	if (!iob)
		return;
	memcpy(iob_put(iob, len), frame, len);
	netdev_rx(netdev, iob);
	net_poll();
}

int testnet_set(struct net_device *netdev, const char *name, const char *text)
{
	char full[64];
	struct settings *settings;
	struct setting setting;
	int rc;

	snprintf(full, sizeof(full), "%s/%s", netdev->name, name);
	rc = parse_setting_name(full, &settings, &setting);
	if (rc != 0)
		return rc;
	return storef_setting(settings, &setting, text);
}

size_t testnet_ipv4_frame(uint8_t *buf, const uint8_t *dest_mac,
			  const uint8_t *src_mac, const char *src,
			  const char *dest, uint8_t protocol, uint16_t ident,
			  uint16_t frags, const void *payload, size_t len)
{
	struct ethhdr *eth = (struct ethhdr *)buf;
	struct iphdr *ip = (struct iphdr *)(buf + sizeof(*eth));
	uint32_t addr;

	memcpy(eth->dest, dest_mac, ETH_ALEN);
	memcpy(eth->source, src_mac, ETH_ALEN);
	put_be16(&eth->proto, 0x0800);
	memset(ip, 0, sizeof(*ip));
	ip->verhdrlen = 0x45;
	put_be16(&ip->len, (uint16_t)(sizeof(*ip) + len));
	put_be16(&ip->ident, ident);
	put_be16(&ip->frags, frags);
	ip->ttl = 64;
	ip->protocol = protocol;
	inet_aton(src, &addr);
	memcpy(&ip->src, &addr, sizeof(addr));
	inet_aton(dest, &addr);
	memcpy(&ip->dest, &addr, sizeof(addr));
	ip->chksum = tcpip_chksum(ip, sizeof(*ip));
	memcpy(ip + 1, payload, len);
	return sizeof(*eth) + sizeof(*ip) + len;
}

uint16_t testnet_transport_chksum(const char *src, const char *dest,
				  uint8_t protocol, const void *segment,
				  size_t len)
{
	uint8_t pshdr[12] = { 0 };
	uint32_t addr;
	uint16_t sum;

	inet_aton(src, &addr);
	memcpy(pshdr, &addr, 4);
	inet_aton(dest, &addr);
	memcpy(pshdr + 4, &addr, 4);
	pshdr[9] = protocol;
	put_be16(pshdr + 10, (uint16_t)len);
	sum = tcpip_continue_chksum(TCPIP_EMPTY_CSUM, pshdr, sizeof(pshdr));
	return tcpip_continue_chksum(sum, segment, len);
}
