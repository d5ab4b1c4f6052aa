/*
 * ICMP for IPv4 (RFC 792): answering echo requests, sending our own and
 * handing echo replies to whoever listens for their identifier.  See
 * <wireboot/icmp.h>.
 */
#include <string.h>
#include <wireboot/icmp.h>
#include <wireboot/ipv4.h>
#include <wireboot/iobuf.h>
#include <wireboot/netdevice.h>
#include <wireboot/socket.h>
#include <wireboot/tcpip.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_ICMP

static LIST_HEAD(icmp_echo_listeners);
static uint16_t icmp_next_ident = 0x5742;

static const struct tcpip_protocol icmp_protocol;

/* The listener for IDENT, or NULL. */
static struct icmp_echo_listener *icmp_find_listener(uint16_t ident)
{
	struct icmp_echo_listener *listener;

	list_for_each_entry(listener, &icmp_echo_listeners, list) {
		if (listener->ident == ident)
			return listener;
	}
	return NULL;
}

void icmp_echo_listen(struct icmp_echo_listener *listener)
{
	do {
		listener->ident = icmp_next_ident++;
	} while (icmp_find_listener(listener->ident));
	list_add(&listener->list, &icmp_echo_listeners);
}

void icmp_echo_unlisten(struct icmp_echo_listener *listener)
{
	list_del(&listener->list);
}

/*
 * Send an echo message of TYPE with IDENT and SEQ (host order) and LEN
 * bytes of DATA from SRC (NULL: chosen by route) to DEST.
 */
static int icmp_send_echo(uint8_t type, struct sockaddr_in *src,
			  struct sockaddr_in *dest, uint16_t ident,
			  uint16_t seq, const void *data, size_t len)
{
	struct io_buffer *iob = alloc_iob(sizeof(struct icmp_echo) + len);
	struct icmp_echo *echo;

	if (!iob)
		return ERR(ENOMEM);
	echo = iob_put(iob, sizeof(*echo));
	echo->type = type;
	echo->code = 0;
	echo->chksum = 0;
	put_be16(&echo->ident, ident);
	put_be16(&echo->seq, seq);
	memcpy(iob_put(iob, len), data, len);
	echo->chksum = tcpip_chksum(iob->data, iob_len(iob));
	return tcpip_tx(iob, &icmp_protocol, (struct sockaddr *)src,
			(struct sockaddr *)dest, NULL, NULL);
}

int icmp_echo_request(struct icmp_echo_listener *listener, uint32_t dest,
		      uint16_t seq, const void *data, size_t len)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr = dest };

	return icmp_send_echo(ICMP_ECHO_REQUEST, NULL, &sin, listener->ident,
			      seq, data, len);
}

/*
 * Receive an ICMP message: answer echo requests sent to us (not to a
 * broadcast or group), pass on echo replies, ignore the rest.
 */
static int icmp_rx(struct io_buffer *iob, struct net_device *netdev,
		   struct sockaddr *src, struct sockaddr *dst,
		   uint16_t pshdr_csum)
{
	struct sockaddr_in *sin_src = (struct sockaddr_in *)src;
	struct sockaddr_in *sin_dst = (struct sockaddr_in *)dst;
	struct icmp_echo_listener *listener;
	struct icmp_echo echo;
	const void *payload;
	size_t len = iob_len(iob);
	int rc = 0;

	if (len < sizeof(echo)) {
		rc = ERR(EINVAL);
		goto out;
	}
	if (!iob->csum_verified && tcpip_chksum(iob->data, len) != 0) {
		rc = ERR(EBADMSG);
		goto out;
	}
	memcpy(&echo, iob->data, sizeof(echo));
	payload = (const uint8_t *)iob->data + sizeof(echo);
	len -= sizeof(echo);
	if (echo.type == ICMP_ECHO_REQUEST && echo.code == 0) {
		if (!ipv4_has_address(netdev, sin_dst->sin_addr))
			goto out;
		/* Answer from the address asked, on the device asked. */
		rc = icmp_send_echo(ICMP_ECHO_REPLY, sin_dst, sin_src,
				    get_be16(&echo.ident),
				    get_be16(&echo.seq), payload, len);
	} else if (echo.type == ICMP_ECHO_REPLY) {
		listener = icmp_find_listener(get_be16(&echo.ident));
		if (listener)
			listener->reply(listener, sin_src->sin_addr,
					get_be16(&echo.seq), payload, len);
	}
out:
	free_iob(iob);
	return rc;
}

static const struct tcpip_protocol icmp_protocol __tcpip_protocol = {
	.name = "ICMP",
	.proto = 1,
	.rx = icmp_rx,
};
