/*
 * Ethernet II framing and the table of network-layer protocols.
 *
 * eth_rx() strips the 14-byte header from a received frame and hands the
 * payload to the net_protocols entry registered for its ethertype (ARP,
 * IPv4, AoE, ... each register one).  A frame no protocol claims, an IEEE
 * 802.3 frame (length instead of type) or a runt is dropped with an error
 * that netdevice records as a receive error.
 *
 * net_tx() prepends a header with the device's own address as the source
 * and sends the frame.
 */
#ifndef WIREBOOT_ETHERNET_H
#define WIREBOOT_ETHERNET_H

#include <wireboot/compiler.h>
#include <wireboot/tables.h>

struct io_buffer;
struct net_device;

#define ETH_ALEN 6
#define ETH_HLEN 14
/* Type fields below this are IEEE 802.3 lengths, not ethertypes. */
#define ETH_TYPE_MIN 0x0600

struct ethhdr {
	uint8_t dest[ETH_ALEN];
	uint8_t source[ETH_ALEN];
	/* Ethertype, big-endian. */
	uint16_t proto;
} __packed;

/* Flags given to protocols with each frame. */
#define LL_MULTICAST 0x01	/* sent to a group address */
#define LL_BROADCAST 0x02	/* sent to ff:ff:ff:ff:ff:ff (also LL_MULTICAST) */

/* A network-layer protocol, found by its ethertype. */
struct net_protocol {
	const char *name;
	/* Ethertype in host byte order, e.g. 0x0800 for IPv4. */
	uint16_t ethertype;
	/*
	 * Take a received payload (the Ethernet header already pulled).  The
	 * protocol owns IOB whatever it returns; an error is counted as a
	 * receive error of NETDEV.  LL_DEST and LL_SOURCE are valid only
	 * during the call.
	 */
	int (*rx)(struct io_buffer *iob, struct net_device *netdev,
		  const uint8_t *ll_dest, const uint8_t *ll_source,
		  unsigned int flags);
};
DECLARE_TABLE(net_protocols, struct net_protocol);
#define __net_protocol __table_entry(net_protocols, struct net_protocol)

extern const uint8_t eth_broadcast[ETH_ALEN];

static inline bool is_multicast_ether_addr(const uint8_t *addr)
{
	return addr[0] & 0x01;
}

static inline bool is_broadcast_ether_addr(const uint8_t *addr)
{
	return (addr[0] & addr[1] & addr[2] & addr[3] & addr[4] & addr[5]) ==
	       0xff;
}

/* "52:54:00:12:34:56" in a static buffer that the next call overwrites. */
const char *eth_ntoa(const uint8_t *addr);

/* The protocol registered for ETHERTYPE (host order), or NULL. */
const struct net_protocol *find_net_protocol(uint16_t ethertype);

/* Prepend a header; 0 or ERR(ENOBUFS) when IOB lacks the headroom. */
int eth_push(struct io_buffer *iob, const uint8_t *dest,
	     const uint8_t *source, uint16_t ethertype);

/*
 * Parse a received frame and hand its payload to its protocol.  Takes
 * ownership of IOB; returns 0 or why the frame was dropped: ERR(EINVAL)
 * for a runt, ERR(ENOTSUP) for a type nobody registered, or the protocol's
 * own error.
 */
int eth_rx(struct io_buffer *iob, struct net_device *netdev);

/*
 * Send the payload IOB to LL_DEST as PROTOCOL's frame from NETDEV.  Takes
 * ownership of IOB; returns 0 or an error (see netdev_tx()).
 */
int net_tx(struct io_buffer *iob, struct net_device *netdev,
	   const struct net_protocol *protocol, const uint8_t *ll_dest);

#endif
