/*
 * Ethernet II: building and parsing the 14-byte header, and dispatching
 * received payloads to the net_protocols table by ethertype.
 */
#include <stdio.h>
#include <string.h>
#include <wireboot/ethernet.h>
#include <wireboot/netdevice.h>
#include <wireboot/iobuf.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_ETHERNET

const uint8_t eth_broadcast[ETH_ALEN] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};

const char *eth_ntoa(const uint8_t *addr)
{
	static char text[sizeof("xx:xx:xx:xx:xx:xx")];

	snprintf(text, sizeof(text), "%02x:%02x:%02x:%02x:%02x:%02x",
		 addr[0], addr[1], addr[2], addr[3], addr[4], addr[5]);
	return text;
}

const struct net_protocol *find_net_protocol(uint16_t ethertype)
{
	const struct net_protocol *protocol;

	for_each_table_entry(protocol, net_protocols) {
		if (protocol->ethertype == ethertype)
			return protocol;
	}
	return NULL;
}

int eth_push(struct io_buffer *iob, const uint8_t *dest,
	     const uint8_t *source, uint16_t ethertype)
{
	struct ethhdr *hdr = iob_push(iob, sizeof(*hdr));

	if (!hdr)
		return ERR(ENOBUFS);
	memcpy(hdr->dest, dest, ETH_ALEN);
	memcpy(hdr->source, source, ETH_ALEN);
	put_be16(&hdr->proto, ethertype);
	return 0;
}

int eth_rx(struct io_buffer *iob, struct net_device *netdev)
{
	const struct net_protocol *protocol;
	struct ethhdr hdr;
	unsigned int flags = 0;
	uint16_t ethertype;

	if (iob_len(iob) < sizeof(hdr)) {
		free_iob(iob);
		return ERR(EINVAL);
	}
	/* A copy: the protocol may reuse the buffer's headroom. */
	memcpy(&hdr, iob_pull(iob, sizeof(hdr)), sizeof(hdr));
	ethertype = get_be16(&hdr.proto);
	protocol = ethertype >= ETH_TYPE_MIN ? find_net_protocol(ethertype) :
					       NULL;
	if (!protocol) {
		free_iob(iob);
		return ERR(ENOTSUP);
	}
	if (is_multicast_ether_addr(hdr.dest))
		flags |= LL_MULTICAST;
	if (is_broadcast_ether_addr(hdr.dest))
		flags |= LL_BROADCAST;
	return protocol->rx(iob, netdev, hdr.dest, hdr.source, flags);
}

int net_tx(struct io_buffer *iob, struct net_device *netdev,
	   const struct net_protocol *protocol, const uint8_t *ll_dest)
{
	int rc;

	rc = eth_push(iob, ll_dest, netdev->ll_addr, protocol->ethertype);
	if (rc != 0) {
		free_iob(iob);
		return rc;
	}
	return netdev_tx(netdev, iob);
}
