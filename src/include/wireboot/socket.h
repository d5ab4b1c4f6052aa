/*
 * Socket addresses and socket openers.  A protocol that offers connections
 * or datagrams (TCP, UDP) registers a socket opener; a client asks for a
 * data-transfer interface to a peer with xfer_open_socket().  Ports and
 * addresses are stored in network byte order, as on the wire.
 */
#ifndef WIREBOOT_SOCKET_H
#define WIREBOOT_SOCKET_H

#include <wireboot/compiler.h>
#include <wireboot/tables.h>

struct interface;

/* Address families. */
#define AF_INET 2

/* Socket semantics. */
#define SOCK_STREAM 1
#define SOCK_DGRAM 2

/* Large enough for any address family we support. */
#define SA_LEN 32

/* Any socket address. */
struct sockaddr {
	uint16_t sa_family;
	char sa_data[SA_LEN - sizeof(uint16_t)];
};

/* An IPv4 address and port. */
struct sockaddr_in {
	uint16_t sin_family;
	/* Port, network byte order (0 = any / choose one). */
	uint16_t sin_port;
	/* Address, network byte order (0 = any). */
	uint32_t sin_addr;
	/* Optional: the network device to use (e.g. for DHCP before any address). */
	unsigned int sin_scope_id;
	char pad[SA_LEN - sizeof(uint16_t) * 2 - sizeof(uint32_t) - sizeof(unsigned int)];
};

/* Opens SEMANTICS sockets of address FAMILY. */
struct socket_opener {
	int semantics;
	int family;
	/*
	 * Plug a new socket to XFER.  PEER is the remote address; LOCAL may be
	 * NULL (choose a port) or name a local port/address to bind.
	 */
	int (*open)(struct interface *xfer, struct sockaddr *peer,
		    struct sockaddr *local);
};
DECLARE_TABLE(socket_openers, const struct socket_opener);
#define __socket_opener __table_entry(socket_openers, struct socket_opener)

/* Open a socket of SEMANTICS to PEER and plug it to XFER. */
int xfer_open_socket(struct interface *xfer, int semantics,
		     struct sockaddr *peer, struct sockaddr *local);

/* "10.0.0.1" for an address in network byte order (static buffer). */
const char *inet_ntoa(uint32_t addr);

/* Parse a dotted quad into *ADDR (network byte order); 1 on success, 0 if not. */
int inet_aton(const char *text, uint32_t *addr);

#endif
