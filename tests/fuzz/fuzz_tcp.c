/*
 * Fuzz TCP (net/tcp*.c) through its receive path.  Each input runs one
 * connection to a peer in a private address family: the SYN is answered
 * (or not) and segments are made from the input, with sequence and
 * acknowledgement numbers relative to the connection's own so that the
 * fuzzer reaches every state; the user sends, closes and lets time pass
 * as the input says.
 *
 * Input: records of a command byte.  Low two bits 0: a segment follows
 * (flags byte, 16-bit signed offsets of SEQ from rcv_nxt and of ACK from
 * snd_nxt, 16-bit window, an options length (0-40) and a payload length
 * byte, then those bytes); 1: the user queues that many bytes (next byte);
 * 2: time passes (next byte x 50 ms); 3: the user closes (abort when bit 2
 * is set) or changes its window (bit 3: to 0, else to 1 MiB).
 */
#include <string.h>
#include <stdlib.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include <wireboot/iobuf.h>
#include <wireboot/netdevice.h>
#include <wireboot/socket.h>
#include <wireboot/tcp.h>
#include <wireboot/tcpip.h>
#include <wireboot/timer.h>
#include <wireboot/xfer.h>
#include "../../net/tcp_internal.h"
#include "fuzz.h"

#define ERR_SUBSYS ESUB_CORE

#define AF_TCP_FUZZ 0x7e59
#define LOCAL_PORT 41000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The network layer of the private family: drops what TCP sends. */
static int fuzz_net_tx(struct io_buffer *iob, const struct tcpip_protocol *proto,
		       struct sockaddr *src, struct sockaddr *dst,
		       struct net_device *netdev, uint16_t *trans_csum)
{
	free_iob(iob);
	return 0;
}

static struct net_device *fuzz_net_netdev(struct sockaddr *dst)
{
	return fuzz_netdev();
}

static const struct tcpip_net_protocol fuzz_net __tcpip_net_protocol = {
	.name = "tcp-fuzz",
	.family = AF_TCP_FUZZ,
	.tx = fuzz_net_tx,
	.netdev = fuzz_net_netdev,
};

/* The user of the connection. */
struct fuzz_user {
	struct refcnt refcnt;
	struct interface xfer;
	size_t window;
	bool closed;
};

static int fuzz_user_deliver(struct fuzz_user *user, struct io_buffer *iob,
			     const struct xfer_metadata *meta)
{
	free_iob(iob);
	return 0;
}

static size_t fuzz_user_window(struct fuzz_user *user)
{
	return user->window;
}

static void fuzz_user_close(struct fuzz_user *user, int rc)
{
	user->closed = true;
	intf_shutdown(&user->xfer, rc);
}

static const struct interface_operation fuzz_user_ops[] = {
	INTF_OP(xfer_deliver, struct fuzz_user *, fuzz_user_deliver),
	INTF_OP(xfer_window, struct fuzz_user *, fuzz_user_window),
	INTF_OP(intf_close, struct fuzz_user *, fuzz_user_close),
};
static const struct interface_descriptor fuzz_user_desc =
	INTF_DESC(struct fuzz_user, xfer, fuzz_user_ops);

static struct sockaddr_in fuzz_addr(uint32_t addr, uint16_t port)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_TCP_FUZZ;
	sin.sin_addr = htonl(addr);
	sin.sin_port = htons(port);
	return sin;
}

/* The connection behind the user's interface, or NULL once it is gone. */
static struct tcp_connection *fuzz_conn(struct fuzz_user *user)
{
	if (user->closed || user->xfer.dest == &null_intf)
		return NULL;
	return container_of(user->xfer.dest, struct tcp_connection, xfer);
}

/* Make a segment from the record at DATA; returns the bytes used or 0. */
static size_t fuzz_segment(struct tcp_connection *conn, uint32_t *peer_seq,
			   const uint8_t *data, size_t size)
{
	struct sockaddr_in src = fuzz_addr(0x0a000002, 0);
	struct sockaddr_in dst = fuzz_addr(0x0a000001, 0);
	struct tcp_header *hdr;
	struct io_buffer *iob;
	size_t olen, plen, hlen;
	uint32_t base_seq, base_ack;

	if (size < 9)
		return 0;
	olen = data[7] % 41;
	plen = data[8];
	if (size < 9 + olen + plen)
		return 0;
	hlen = (20 + olen + 3) & ~(size_t)3;
	iob = alloc_iob(hlen + plen);
	if (!iob)
		return 0;
	hdr = iob_put(iob, hlen);
	memset(hdr, 0, hlen);
	memcpy((uint8_t *)hdr + 20, data + 9, olen);
	memcpy(iob_put(iob, plen), data + 9 + olen, plen);
	base_seq = conn && tcp_synchronized(conn) ? conn->rcv_nxt : *peer_seq;
	base_ack = conn ? conn->snd_nxt : 0;
	hdr->src = htons(80);
	hdr->dest = htons(LOCAL_PORT);
	hdr->seq = htonl(base_seq + (uint32_t)(int16_t)get_be16(data + 1));
	hdr->ack = htonl(base_ack + (uint32_t)(int16_t)get_be16(data + 3));
	hdr->hlen = (uint8_t)((hlen / 4) << 4);
	hdr->flags = data[0];
	hdr->win = htons(get_be16(data + 5));
	hdr->csum = tcpip_chksum(iob->data, iob_len(iob));
	tcpip_rx(iob, NULL, 6, (struct sockaddr *)&src,
		 (struct sockaddr *)&dst, TCPIP_EMPTY_CSUM);
	return 9 + olen + plen;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_in peer = fuzz_addr(0x0a000002, 80);
	struct sockaddr_in local = fuzz_addr(0, LOCAL_PORT);
	const struct socket_opener *opener;
	struct fuzz_user *user;
	uint8_t buf[256];
	uint32_t peer_seq = 1000;
	size_t pos = 0, used;
	uint8_t cmd;
	int i;

	fuzz_init();
	user = zalloc(sizeof(*user));
	if (!user)
		return 0;
	ref_init(&user->refcnt, NULL);
	intf_init(&user->xfer, &fuzz_user_desc, &user->refcnt);
	user->window = 1024 * 1024;
	for_each_table_entry(opener, socket_openers) {
		if (opener->semantics == SOCK_STREAM &&
		    opener->family == AF_INET)
			break;
	}
	if (opener->open(&user->xfer, (struct sockaddr *)&peer,
			 (struct sockaddr *)&local) != 0)
		__builtin_trap();
	memset(buf, 'x', sizeof(buf));
	while (pos < size) {
		struct tcp_connection *conn = fuzz_conn(user);

		cmd = data[pos++];
		switch (cmd & 3) {
		case 0:
			used = fuzz_segment(conn, &peer_seq, data + pos,
					    size - pos);
			if (!used)
				pos = size;
			pos += used;
			break;
		case 1:
			if (pos < size && !user->closed)
				xfer_deliver_raw(&user->xfer, buf, data[pos]);
			pos++;
			break;
		case 2:
			if (pos < size)
				fuzz_advance(50UL * data[pos]);
			pos++;
			break;
		default:
			if (cmd & 4)
				intf_shutdown(&user->xfer, ERR(ECANCELED));
			else if (cmd & 8)
				user->window = 0;
			else if (cmd & 16)
				intf_shutdown(&user->xfer, 0);
			else
				user->window = 1024 * 1024;
			if (!(cmd & 8))
				xfer_window_changed(&user->xfer);
			break;
		}
	}
	/* Abort whatever is left and let every timer (TIME_WAIT too) run out. */
	intf_shutdown(&user->xfer, ERR(ECANCELED));
	ref_put(&user->refcnt);
	for (i = 0; i < 32 && tcp_connection_count(); i++)
		fuzz_advance(1000000);
	if (tcp_connection_count() != 0)
		__builtin_trap();
	return 0;
}
