/*
 * UDP (RFC 768).  net/udp.c registers IP protocol 17 and a SOCK_DGRAM
 * opener for AF_INET, so datagram clients use xfer_open_socket():
 *
 *  - LOCAL (may be NULL) names the local port to bind (sin_port 0 or no
 *    LOCAL: an ephemeral port is chosen) and optionally a local address
 *    (only datagrams to that address are then taken).  Binding a port that
 *    another socket holds fails with ERR(EADDRINUSE).
 *  - PEER is where datagrams go by default: its sin_scope_id (netdev index
 *    + 1) picks the device, which is how DHCP broadcasts from one NIC to
 *    255.255.255.255:67 before it has an address (source 0.0.0.0).  PEER's
 *    address and port may be 0 if every datagram names its destination.
 *  - xfer_deliver() with meta->dest set sends that datagram there instead
 *    (e.g. TFTP answering the server's transfer port); meta->src may name a
 *    source address.  The window is unlimited.
 *  - Every datagram to the bound port is delivered (from any sender) with
 *    meta->src and meta->dest pointing at struct sockaddr_in (addresses and
 *    ports of the datagram; sin_scope_id = receiving netdev index + 1).
 *  - intf_close() (or shutting the interface) releases the port.
 *
 * A zero checksum on receive means "none"; sending always fills it in.
 */
#ifndef WIREBOOT_UDP_H
#define WIREBOOT_UDP_H

#include <wireboot/compiler.h>

struct udp_header {
	uint16_t src;
	uint16_t dest;
	uint16_t len;
	uint16_t chksum;
} __packed;

/* The range ephemeral ports are chosen from. */
#define UDP_EPHEMERAL_MIN 49152
#define UDP_EPHEMERAL_MAX 65535

#endif
