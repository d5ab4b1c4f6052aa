/*
 * ARP (RFC 826): finding the Ethernet address of an IPv4 neighbour.
 *
 * arp_tx() sends a network-layer packet to a next-hop IPv4 address: at once
 * when the neighbour's link address is cached, otherwise after resolving it.
 * While a resolution is pending, a few packets wait on the entry and the
 * request is repeated with back-off; if nobody answers within
 * ARP_RESOLVE_TIMEOUT_MS the waiting packets are dropped (counted as TX
 * errors "Host unreachable (arp)").  Answers are cached for
 * ARP_CACHE_TIMEOUT_MS.  Requests for any address the IPv4 layer owns on the
 * receiving device are answered, and the sender of a request or reply
 * addressed to us is learnt.
 */
#ifndef WIREBOOT_ARP_H
#define WIREBOOT_ARP_H

#include <wireboot/compiler.h>

struct io_buffer;
struct net_device;
struct net_protocol;

/* How long a resolved neighbour stays cached. */
#define ARP_CACHE_TIMEOUT_MS 60000
/* How long to keep asking before giving up on a neighbour. */
#define ARP_RESOLVE_TIMEOUT_MS 3000
/* First and longest interval between repeated requests. */
#define ARP_RETRY_MIN_MS 250
#define ARP_RETRY_MAX_MS 1000
/* Packets kept waiting for one neighbour (older ones are dropped). */
#define ARP_MAX_PENDING 8

/* ARP operations. */
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2

/* An ARP packet for Ethernet and IPv4 (all fields big-endian). */
struct arp_packet {
	uint16_t htype;		/* 1: Ethernet */
	uint16_t ptype;		/* 0x0800: IPv4 */
	uint8_t hlen;		/* 6 */
	uint8_t plen;		/* 4 */
	uint16_t op;
	uint8_t sha[6];
	uint32_t spa;
	uint8_t tha[6];
	uint32_t tpa;
} __packed;

/*
 * Send the network-layer packet IOB (ownership passes) as a PROTOCOL frame
 * to the neighbour NEXT_HOP (network byte order) on NETDEV.  SOURCE is our
 * address, used as the sender of any ARP request (0 before configuration).
 * Returns 0 when the packet was sent or queued, else an error.
 */
int arp_tx(struct io_buffer *iob, struct net_device *netdev,
	   const struct net_protocol *protocol, uint32_t next_hop,
	   uint32_t source);

/*
 * Copy the cached link address of ADDR on NETDEV into LL_ADDR.  Returns 0,
 * or ERR(ENOENT) if it is not (yet) known.
 */
int arp_lookup(struct net_device *netdev, uint32_t addr, uint8_t *ll_addr);

/* Forget every neighbour (and drop the packets waiting for them). */
void arp_flush(void);

#endif
