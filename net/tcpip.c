/*
 * The boundary between transport protocols (TCP, UDP, ICMP) and network
 * protocols (IPv4): dispatch by protocol number and address family.  The
 * Internet checksum is in tcpip_chksum.c.
 */
#include <wireboot/tcpip.h>
#include <wireboot/socket.h>
#include <wireboot/iobuf.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_IPV4

int tcpip_rx(struct io_buffer *iob, struct net_device *netdev, uint8_t proto,
	     struct sockaddr *src, struct sockaddr *dst, uint16_t pshdr_csum)
{
	const struct tcpip_protocol *protocol;

	for_each_table_entry(protocol, tcpip_protocols) {
		if (protocol->proto == proto)
			return protocol->rx(iob, netdev, src, dst, pshdr_csum);
	}
	free_iob(iob);
	return ERR(ENOTSUP);
}

/* The network protocol for addresses of FAMILY, or NULL. */
static const struct tcpip_net_protocol *tcpip_net_protocol(int family)
{
	const struct tcpip_net_protocol *net_protocol;

	for_each_table_entry(net_protocol, tcpip_net_protocols) {
		if (net_protocol->family == family)
			return net_protocol;
	}
	return NULL;
}

int tcpip_tx(struct io_buffer *iob, const struct tcpip_protocol *proto,
	     struct sockaddr *src, struct sockaddr *dst,
	     struct net_device *netdev, uint16_t *trans_csum)
{
	const struct tcpip_net_protocol *net_protocol =
		tcpip_net_protocol(dst->sa_family);

	if (!net_protocol) {
		free_iob(iob);
		return ERR(ENOTSUP);
	}
	return net_protocol->tx(iob, proto, src, dst, netdev, trans_csum);
}

struct net_device *tcpip_netdev(struct sockaddr *dst)
{
	const struct tcpip_net_protocol *net_protocol =
		tcpip_net_protocol(dst->sa_family);

	return net_protocol ? net_protocol->netdev(dst) : NULL;
}
