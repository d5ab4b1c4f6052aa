/*
 * UDP (RFC 768): the transport for DHCP, DNS and TFTP.  Each open socket
 * binds a local port and is plugged to its user's data-transfer
 * interface; see <wireboot/udp.h> for how binding, sending and receiving
 * work.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/udp.h>
#include <wireboot/ipv4.h>
#include <wireboot/interface.h>
#include <wireboot/xfer.h>
#include <wireboot/iobuf.h>
#include <wireboot/netdevice.h>
#include <wireboot/socket.h>
#include <wireboot/tcpip.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_UDP

/* One open socket. */
struct udp_connection {
	struct refcnt refcnt;
	/* In udp_connections while bound. */
	struct list_head list;
	/* To the socket's user. */
	struct interface xfer;
	/* Local address and port (port set; address 0 = any). */
	struct sockaddr_in local;
	/* Default destination. */
	struct sockaddr_in peer;
};

static LIST_HEAD(udp_connections);

static const struct tcpip_protocol udp_protocol;

/* The socket bound to PORT (network order) that takes datagrams to ADDR. */
static struct udp_connection *udp_find(uint16_t port, uint32_t addr)
{
	struct udp_connection *conn;

	list_for_each_entry(conn, &udp_connections, list) {
		if (conn->local.sin_port == port &&
		    (conn->local.sin_addr == INADDR_ANY ||
		     conn->local.sin_addr == addr))
			return conn;
	}
	return NULL;
}

/* Is PORT (network order) bound by any socket? */
static bool udp_port_used(uint16_t port)
{
	struct udp_connection *conn;

	list_for_each_entry(conn, &udp_connections, list) {
		if (conn->local.sin_port == port)
			return true;
	}
	return false;
}

/* Bind CONN to its local port, choosing an ephemeral one if it is 0. */
static int udp_bind(struct udp_connection *conn)
{
	unsigned int span = UDP_EPHEMERAL_MAX - UDP_EPHEMERAL_MIN + 1;
	unsigned int start = (unsigned int)random() % span;
	unsigned int i;
	uint16_t port;

	if (conn->local.sin_port) {
		if (udp_port_used(conn->local.sin_port))
			return ERR(EADDRINUSE);
		return 0;
	}
	for (i = 0; i < span; i++) {
		port = htons((uint16_t)(UDP_EPHEMERAL_MIN +
					(start + i) % span));
		if (!udp_port_used(port)) {
			conn->local.sin_port = port;
			return 0;
		}
	}
	return ERR(EADDRINUSE);
}

/* Close CONN and release its port. */
static void udp_close(struct udp_connection *conn, int rc)
{
	intf_shutdown(&conn->xfer, rc);
	if (!list_empty(&conn->list)) {
		list_del(&conn->list);
		ref_put(&conn->refcnt);
	}
}

/* Send the datagram IOB from CONN (the xfer_deliver handler). */
static int udp_deliver(struct udp_connection *conn, struct io_buffer *iob,
		       const struct xfer_metadata *meta)
{
	struct sockaddr_in src = conn->local;
	struct sockaddr_in dest = conn->peer;
	struct udp_header *udp;
	size_t len;
	int rc;

	if (meta->dest)
		memcpy(&dest, meta->dest, sizeof(dest));
	if (meta->src)
		src.sin_addr = ((const struct sockaddr_in *)meta->src)->sin_addr;
	if (dest.sin_family != AF_INET || !dest.sin_port) {
		free_iob(iob);
		return ERR(ENOTCONN);
	}
	rc = iob_ensure_headroom(iob, sizeof(*udp));
	if (rc != 0) {
		free_iob(iob);
		return rc;
	}
	len = iob_len(iob) + sizeof(*udp);
	if (len > 0xffff) {
		free_iob(iob);
		return ERR(EMSGSIZE);
	}
	udp = iob_push(iob, sizeof(*udp));
	udp->src = conn->local.sin_port;
	udp->dest = dest.sin_port;
	put_be16(&udp->len, (uint16_t)len);
	udp->chksum = 0;
	udp->chksum = tcpip_chksum(udp, len);
	/* The network layer folds the pseudo-header into this field. */
	return tcpip_tx(iob, &udp_protocol, (struct sockaddr *)&src,
			(struct sockaddr *)&dest, NULL,
			(uint16_t *)(void *)((uint8_t *)udp +
					     offsetof(struct udp_header,
						      chksum)));
}

/* A datagram socket never pushes back. */
static size_t udp_window(struct udp_connection *conn)
{
	return ~(size_t)0;
}

static struct interface_operation udp_xfer_operations[] = {
	INTF_OP(xfer_deliver, struct udp_connection *, udp_deliver),
	INTF_OP(xfer_window, struct udp_connection *, udp_window),
	INTF_OP(intf_close, struct udp_connection *, udp_close),
};

static struct interface_descriptor udp_xfer_desc =
	INTF_DESC(struct udp_connection, xfer, udp_xfer_operations);

/* Open a datagram socket to PEER, bound to LOCAL (the socket opener). */
static int udp_open(struct interface *xfer, struct sockaddr *peer,
		    struct sockaddr *local)
{
	struct udp_connection *conn;
	int rc;

	conn = zalloc(sizeof(*conn));
	if (!conn)
		return ERR(ENOMEM);
	ref_init(&conn->refcnt, NULL);
	INIT_LIST_HEAD(&conn->list);
	intf_init(&conn->xfer, &udp_xfer_desc, &conn->refcnt);
	memcpy(&conn->peer, peer, sizeof(conn->peer));
	conn->local.sin_family = AF_INET;
	if (local) {
		conn->local.sin_port = ((struct sockaddr_in *)local)->sin_port;
		conn->local.sin_addr = ((struct sockaddr_in *)local)->sin_addr;
	}
	rc = udp_bind(conn);
	if (rc != 0) {
		ref_put(&conn->refcnt);
		return rc;
	}
	/* The list's reference is the one we were born with. */
	list_add(&conn->list, &udp_connections);
	intf_plug_plug(&conn->xfer, xfer);
	return 0;
}

/* Receive a datagram: check it and hand it to the socket bound to its port. */
static int udp_rx(struct io_buffer *iob, struct net_device *netdev,
		  struct sockaddr *src, struct sockaddr *dst,
		  uint16_t pshdr_csum)
{
	struct sockaddr_in *sin_src = (struct sockaddr_in *)src;
	struct sockaddr_in *sin_dst = (struct sockaddr_in *)dst;
	struct xfer_metadata meta = { .src = src, .dest = dst };
	struct udp_connection *conn;
	struct udp_header udp;
	size_t len;

	if (iob_len(iob) < sizeof(udp)) {
		free_iob(iob);
		return ERR(EINVAL);
	}
	memcpy(&udp, iob->data, sizeof(udp));
	len = get_be16(&udp.len);
	if (len < sizeof(udp) || len > iob_len(iob)) {
		free_iob(iob);
		return ERR(EINVAL);
	}
	iob_unput(iob, iob_len(iob) - len);
	if (udp.chksum && !iob->csum_verified &&
	    tcpip_continue_chksum(pshdr_csum, iob->data, len) != 0) {
		free_iob(iob);
		return ERR(EBADMSG);
	}
	conn = udp_find(udp.dest, sin_dst->sin_addr);
	if (!conn) {
		free_iob(iob);
		return ERR(ENOTCONN);
	}
	sin_src->sin_port = udp.src;
	sin_dst->sin_port = udp.dest;
	iob_pull(iob, sizeof(udp));
	return xfer_deliver(&conn->xfer, iob, &meta);
}

static const struct tcpip_protocol udp_protocol __tcpip_protocol = {
	.name = "UDP",
	.proto = 17,
	.rx = udp_rx,
};

static const struct socket_opener udp_socket_opener __socket_opener = {
	.semantics = SOCK_DGRAM,
	.family = AF_INET,
	.open = udp_open,
};
