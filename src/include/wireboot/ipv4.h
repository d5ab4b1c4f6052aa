/*
 * IPv4 (RFC 791): the network layer.  net/ipv4.c registers ethertype 0x0800
 * in net_protocols and family AF_INET in tcpip_net_protocols.
 *
 * Addresses (all network byte order here) come from each device's settings:
 * ${netX/ip}, ${netX/netmask} (defaults by address class when unset, as in
 * iPXE) and ${netX/gateway}.  The routing table is rebuilt whenever any
 * setting changes, so "set net0/ip 10.0.0.2" takes effect at once; one route
 * per configured device, kept in device order.  Routes of closed devices stay
 * listed (shown "(inaccessible)" by "route") but carry nothing.
 *
 * Sending: a destination on a route's subnet goes there directly, anything
 * else to the first route with a gateway.  sin_scope_id of the destination
 * (netdev index + 1, 0 = any) restricts the choice to one device; the
 * limited broadcast 255.255.255.255 with a scope goes out of that device
 * even when it has no address yet, with source 0.0.0.0 (what DHCP needs).
 * The source address is the route's unless the sender names one.  Groups
 * (224.0.0.0/4) go to their Ethernet group address through the first
 * usable route (or the scoped device).  Packets larger than the device MTU
 * are sent as fragments (DF is never set).
 *
 * Transport checksums: a protocol that passes TRANS_CSUM to tcpip_tx()
 * stores there the checksum of its own header and payload, computed with
 * the field zero (tcpip_chksum()); IPv4 folds in the pseudo-header (a
 * result of 0 goes out as the equivalent 0xffff).  On receive, PSHDR_CSUM
 * is the pseudo-header's partial sum: a transport checks its segment with
 * tcpip_continue_chksum(pshdr_csum, segment, len) == 0.
 *
 * Receiving: the version, header length, total length and header checksum
 * are checked, options are skipped, fragments are reassembled
 * (IPV4_REASM_TIMEOUT_MS, at most IPV4_REASM_MAX_BYTES per datagram and
 * IPV4_REASM_MAX_DATAGRAMS at once; overlapping fragments discard the
 * datagram).  A packet is accepted when it is addressed to the device's
 * address, a (limited or directed) broadcast or multicast; a device with
 * no address accepts any unicast (so a DHCP offer sent to the offered
 * address reaches UDP port 68), as iPXE does.
 */
#ifndef WIREBOOT_IPV4_H
#define WIREBOOT_IPV4_H

#include <wireboot/compiler.h>
#include <wireboot/list.h>

struct io_buffer;
struct net_device;
struct net_protocol;
struct tcpip_net_protocol;

/* The header, without options (fields big-endian). */
struct iphdr {
	uint8_t verhdrlen;	/* version (4) << 4 | header length in words */
	uint8_t tos;
	uint16_t len;		/* whole packet */
	uint16_t ident;
	uint16_t frags;		/* flags and fragment offset in 8-byte units */
	uint8_t ttl;
	uint8_t protocol;
	uint16_t chksum;
	uint32_t src;
	uint32_t dest;
} __packed;

#define IP_VER 0x40
#define IP_MF 0x2000
#define IP_FRAG_OFFSET_MASK 0x1fff
#define IP_DEFAULT_TTL 64

/* Limits of fragment reassembly. */
#define IPV4_REASM_TIMEOUT_MS 5000
#define IPV4_REASM_MAX_BYTES 65535
#define IPV4_REASM_MAX_DATAGRAMS 4

#define INADDR_ANY 0x00000000U
#define INADDR_BROADCAST 0xffffffffU

/* A route: one configured device. */
struct ipv4_route {
	struct list_head list;
	/* The device (a reference is held). */
	struct net_device *netdev;
	uint32_t address;
	uint32_t netmask;
	/* 0 when there is none. */
	uint32_t gateway;
};

/* The routing table, in device order. */
extern struct list_head ipv4_routes;

extern const struct net_protocol ipv4_protocol;
extern const struct tcpip_net_protocol ipv4_tcpip_protocol;

/* The class-based netmask for ADDR (255.0.0.0 for class A, ...). */
uint32_t ipv4_default_netmask(uint32_t addr);

/* Re-read every device's address settings; 0 or ERR(ENOMEM). */
int ipv4_update_routes(void);

/* NETDEV's configured address, or 0 when it has none. */
uint32_t ipv4_netdev_address(struct net_device *netdev);

/* Does NETDEV own ADDR? */
bool ipv4_has_address(struct net_device *netdev, uint32_t addr);

/* Is ADDR the limited broadcast or the directed broadcast of NETDEV's subnet? */
bool ipv4_is_broadcast(struct net_device *netdev, uint32_t addr);

/* How a packet leaves. */
enum ipv4_path_kind {
	IPV4_PATH_UNICAST,	/* to NEXT_HOP's link address (ARP) */
	IPV4_PATH_BROADCAST,	/* to the link broadcast address */
	IPV4_PATH_MULTICAST,	/* to the link group address of the destination */
};

struct ipv4_path {
	struct net_device *netdev;
	/* The neighbour to hand the packet to (the destination or a gateway). */
	uint32_t next_hop;
	/* Our address on NETDEV (0 before configuration). */
	uint32_t source;
	enum ipv4_path_kind kind;
};

/*
 * Choose the path to DEST, restricted to the device SCOPE_ID names (index +
 * 1; 0 = any) and to NETDEV (NULL = any).  Returns 0 or ERR(ENETUNREACH).
 */
int ipv4_find_path(uint32_t dest, unsigned int scope_id,
		   struct net_device *netdev, struct ipv4_path *path);

/*
 * Fragment reassembly (net/ipv4_frag.c), for ipv4_rx: IOB is a checked
 * fragment, header included.  Returns the whole datagram
 * (header included, fragment fields cleared) once its last piece arrives,
 * else NULL with *RC 0 (kept) or an error (IOB, and perhaps the partial
 * datagram, dropped).
 */
struct io_buffer *ipv4_reassemble(struct io_buffer *iob, int *rc);

#endif
