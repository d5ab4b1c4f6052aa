/*
 * The boundary between transport protocols (TCP, UDP, ICMP) and network
 * protocols (IPv4): dispatch by protocol number and address family, and the
 * Internet checksum (RFC 1071).
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

/*
 * The running sum is kept complemented, so that TCPIP_EMPTY_CSUM (0xffff)
 * starts it at zero and the value returned is ready for the wire.  Words are
 * added in memory order (RFC 1071 shows the sum does not depend on byte
 * order), so the result is stored into a packet as it is, without htons().
 * An odd length is padded with a zero byte; a sum continued after an odd-length
 * piece would be misaligned, so only the last piece may be odd.
 */
/* A 32-bit word read from any address (x86 loads these at full speed). */
typedef uint32_t __attribute__((may_alias, aligned(1))) unaligned_u32;

uint16_t tcpip_continue_chksum(uint16_t sum, const void *data, size_t len)
{
	const uint8_t *bytes = data;
	uint64_t total = (uint16_t)~sum;

	/*
	 * Summing little-endian 32-bit words and folding gives the same
	 * one's-complement sum as summing the 16-bit pairs, at half the work;
	 * the 64-bit total cannot overflow for any packet.
	 */
	for (; len >= 4; bytes += 4, len -= 4)
		total += *(const unaligned_u32 *)(const void *)bytes;
	if (len >= 2) {
		total += (uint32_t)(bytes[0] | (bytes[1] << 8));
		bytes += 2;
		len -= 2;
	}
	if (len)
		total += bytes[0];
	while (total >> 16)
		total = (total & 0xffff) + (total >> 16);
	return (uint16_t)~total;
}
