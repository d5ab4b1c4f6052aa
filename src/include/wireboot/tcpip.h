/*
 * The transport/network boundary.  Transport protocols (TCP, UDP, ICMP)
 * register in the "tcpip_protocols" table and receive packets the network
 * layer (IPv4) has checked; they send through tcpip_tx(), which picks the
 * network protocol by the destination's address family.  Checksums are the
 * Internet one's-complement sum (RFC 1071).
 */
#ifndef WIREBOOT_TCPIP_H
#define WIREBOOT_TCPIP_H

#include <wireboot/compiler.h>
#include <wireboot/tables.h>

struct io_buffer;
struct net_device;
struct sockaddr;

struct tcpip_protocol {
	const char *name;
	/* IP protocol number (6 TCP, 17 UDP, 1 ICMP). */
	uint8_t proto;
	/*
	 * Receive IOB (the transport header onwards; ownership passes).  SRC and
	 * DST are the packet's addresses (ports unset), PSHDR_CSUM the partial
	 * checksum of the pseudo-header to fold into the transport checksum.
	 */
	int (*rx)(struct io_buffer *iob, struct net_device *netdev,
		  struct sockaddr *src, struct sockaddr *dst,
		  uint16_t pshdr_csum);
};
DECLARE_TABLE(tcpip_protocols, const struct tcpip_protocol);
#define __tcpip_protocol __table_entry(tcpip_protocols, struct tcpip_protocol)

/* A network-layer protocol that carries transport packets (IPv4). */
struct tcpip_net_protocol {
	const char *name;
	int family;
	/*
	 * Send IOB (transport header onwards; ownership passes) from SRC (may be
	 * NULL or address 0: choose by route) to DST, through NETDEV if not
	 * NULL.  If TRANS_CSUM is not NULL it points into IOB at the transport
	 * checksum field, which is completed with the pseudo-header.
	 */
	int (*tx)(struct io_buffer *iob, const struct tcpip_protocol *proto,
		  struct sockaddr *src, struct sockaddr *dst,
		  struct net_device *netdev, uint16_t *trans_csum);
	/* Which device would carry packets to DST (NULL if unroutable). */
	struct net_device *(*netdev)(struct sockaddr *dst);
};
DECLARE_TABLE(tcpip_net_protocols, const struct tcpip_net_protocol);
#define __tcpip_net_protocol __table_entry(tcpip_net_protocols, struct tcpip_net_protocol)

/* Hand a received transport packet to the protocol numbered PROTO. */
int tcpip_rx(struct io_buffer *iob, struct net_device *netdev, uint8_t proto,
	     struct sockaddr *src, struct sockaddr *dst, uint16_t pshdr_csum);

/* Send a transport packet (see struct tcpip_net_protocol). */
int tcpip_tx(struct io_buffer *iob, const struct tcpip_protocol *proto,
	     struct sockaddr *src, struct sockaddr *dst,
	     struct net_device *netdev, uint16_t *trans_csum);

/* The device that would carry packets to DST, or NULL. */
struct net_device *tcpip_netdev(struct sockaddr *dst);

/*
 * Add LEN bytes at DATA to the partial checksum SUM (start with
 * TCPIP_EMPTY_CSUM); the result is the final checksum as it goes on the
 * wire, and a packet whose checksum is right sums to 0.
 */
#define TCPIP_EMPTY_CSUM 0xffff
uint16_t tcpip_continue_chksum(uint16_t sum, const void *data, size_t len);

/* Checksum of LEN bytes at DATA. */
static inline uint16_t tcpip_chksum(const void *data, size_t len)
{
	return tcpip_continue_chksum(TCPIP_EMPTY_CSUM, data, len);
}

#endif
