/*
 * TCP connections (RFC 9293) for a client: opening (the SOCK_STREAM socket
 * opener), the user's data-transfer interface, timers, closing, and finding
 * the connection a received segment belongs to.  Sending is in tcp_tx.c,
 * the receive state machine in tcp_rx.c.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include <wireboot/iobuf.h>
#include <wireboot/netdevice.h>
#include <wireboot/tcpip.h>
#include <wireboot/time.h>
#include <wireboot/xfer.h>
#include "tcp_internal.h"

#define ERR_SUBSYS ESUB_TCP

/* Ephemeral ports (RFC 6335). */
#define TCP_PORT_FIRST 49152
#define TCP_PORT_COUNT 16384

static LIST_HEAD(tcp_conns);
static unsigned int tcp_next_port;

unsigned int tcp_connection_count(void)
{
	struct tcp_connection *conn;
	unsigned int count = 0;

	list_for_each_entry(conn, &tcp_conns, list)
		count++;
	return count;
}

uint32_t tcp_ts_now(void)
{
	return (uint32_t)now_ms();
}

/* Is local PORT used by any connection (TIME_WAIT included)? */
static bool tcp_port_used(uint16_t port)
{
	struct tcp_connection *conn;

	list_for_each_entry(conn, &tcp_conns, list) {
		if (conn->local_port == port)
			return true;
	}
	return false;
}

/* A free ephemeral port (host order), or 0; ports are handed out in turn. */
static uint16_t tcp_alloc_port(void)
{
	unsigned int i;
	uint16_t port;

	if (!tcp_next_port)
		tcp_next_port = (unsigned int)random() % TCP_PORT_COUNT + 1;
	for (i = 0; i < TCP_PORT_COUNT; i++) {
		port = (uint16_t)(TCP_PORT_FIRST + tcp_next_port++ % TCP_PORT_COUNT);
		if (!tcp_port_used(port))
			return port;
	}
	return 0;
}

/* Drop the data queued to send and the out-of-order data received. */
static void tcp_flush(struct tcp_connection *conn)
{
	struct io_buffer *iob, *tmp;

	list_for_each_entry_safe(iob, tmp, &conn->tx_queue, list) {
		list_del(&iob->list);
		free_iob(iob);
	}
	conn->tx_len = 0;
	tcp_ooo_flush(conn);
}

/* Release everything a connection still holds. */
static void tcp_free(struct refcnt *refcnt)
{
	struct tcp_connection *conn =
		container_of(refcnt, struct tcp_connection, refcnt);

	tcp_flush(conn);
	free(conn);
}

void tcp_close_conn(struct tcp_connection *conn, int rc)
{
	if (conn->state == TCP_CLOSED)
		return;
	conn->state = TCP_CLOSED;
	retry_stop(&conn->rtx);
	timer_stop(&conn->delack);
	timer_stop(&conn->time_wait);
	tcp_flush(conn);
	conn->flags |= TCPF_USER_CLOSED;
	intf_shutdown(&conn->xfer, rc);
	list_del(&conn->list);
	INIT_LIST_HEAD(&conn->list);
	ref_put(&conn->refcnt);
}

void tcp_peer_closed(struct tcp_connection *conn)
{
	if (!(conn->flags & TCPF_USER_CLOSED)) {
		conn->flags |= TCPF_USER_CLOSED;
		intf_shutdown(&conn->xfer, 0);
	}
	if (conn->state == TCP_CLOSE_WAIT) {
		conn->state = TCP_LAST_ACK;
		tcp_xmit(conn);
	}
}

void tcp_enter_time_wait(struct tcp_connection *conn)
{
	conn->state = TCP_TIME_WAIT;
	retry_stop(&conn->rtx);
	timer_start(&conn->time_wait, TCP_TIME_WAIT_MS);
}

/* Send a RST for CONN (an abort). */
static void tcp_send_reset(struct tcp_connection *conn)
{
	tcp_xmit_segment(conn, conn->snd_nxt, TCP_RST | TCP_ACK, 0);
}

/* The user queues bytes to send. */
static int tcp_xfer_deliver(struct tcp_connection *conn, struct io_buffer *iob,
			    const struct xfer_metadata *meta)
{
	if (conn->state == TCP_CLOSED || (conn->flags & TCPF_USER_CLOSED)) {
		free_iob(iob);
		return ERR(ENOTCONN);
	}
	conn->tx_len += iob_len(iob);
	list_add_tail(&iob->list, &conn->tx_queue);
	tcp_xmit(conn);
	return 0;
}

/* How many bytes the user may queue now. */
static size_t tcp_xfer_window(struct tcp_connection *conn)
{
	if (conn->state != TCP_ESTABLISHED && conn->state != TCP_CLOSE_WAIT)
		return 0;
	if (conn->tx_len >= TCP_MAX_TX_QUEUE)
		return 0;
	return TCP_MAX_TX_QUEUE - conn->tx_len;
}

/* The user is done: FIN after the queued data, or abort on error. */
static void tcp_xfer_close(struct tcp_connection *conn, int rc)
{
	if (conn->state == TCP_CLOSED)
		return;
	if (rc || conn->state == TCP_SYN_SENT) {
		if (tcp_synchronized(conn))
			tcp_send_reset(conn);
		tcp_close_conn(conn, rc ? rc : ERR(ECONNABORTED));
		return;
	}
	conn->flags |= TCPF_USER_CLOSED;
	intf_shutdown(&conn->xfer, 0);
	if (conn->state == TCP_ESTABLISHED)
		conn->state = TCP_FIN_WAIT_1;
	else if (conn->state == TCP_CLOSE_WAIT)
		conn->state = TCP_LAST_ACK;
	tcp_xmit(conn);
}

/* The user can take more: advertise the wider window if it grew enough. */
static void tcp_xfer_window_changed(struct tcp_connection *conn)
{
	uint32_t old_win, new_win;

	if (!tcp_synchronized(conn))
		return;
	old_win = conn->rcv_adv - conn->rcv_nxt;
	new_win = tcp_rcv_window(conn);
	if (new_win > old_win && new_win - old_win >= 2U * conn->rcv_mss)
		tcp_send_ack(conn);
}

static const struct interface_operation tcp_xfer_ops[] = {
	INTF_OP(xfer_deliver, struct tcp_connection *, tcp_xfer_deliver),
	INTF_OP(xfer_window, struct tcp_connection *, tcp_xfer_window),
	INTF_OP(xfer_window_changed, struct tcp_connection *,
		tcp_xfer_window_changed),
	INTF_OP(intf_close, struct tcp_connection *, tcp_xfer_close),
};

static const struct interface_descriptor tcp_xfer_desc =
	INTF_DESC(struct tcp_connection, xfer, tcp_xfer_ops);

/* Retransmission timeout: resend from the oldest unacknowledged byte. */
static void tcp_rtx_expired(struct retry_timer *rtx, int over)
{
	struct tcp_connection *conn =
		container_of(rtx, struct tcp_connection, rtx);
	uint32_t in_flight = conn->snd_max - conn->snd_una;

	if (conn->state == TCP_CLOSED)
		return;
	if (over) {
		tcp_close_conn(conn, ERR(ETIMEDOUT));
		return;
	}
	conn->flags &= ~TCPF_TIMING;
	if (conn->state == TCP_SYN_SENT) {
		conn->snd_nxt = conn->iss;
		tcp_xmit(conn);
		return;
	}
	if (!in_flight && conn->snd_wnd == 0 && conn->tx_len) {
		/* Zero-window probe: one byte beyond the window. */
		tcp_xmit_segment(conn, conn->snd_una, TCP_ACK, 1);
		if (conn->snd_max == conn->snd_una)
			conn->snd_max = conn->snd_una + 1;
		retry_start(&conn->rtx);
		return;
	}
	/* Go back: everything after snd_una is sent again as the window allows. */
	conn->snd_nxt = conn->snd_una;
	conn->flags &= ~TCPF_FIN_SENT;
	conn->dupacks = 0;
	tcp_xmit(conn);
	retry_start(&conn->rtx);
}

/* Delayed ACK is due. */
static void tcp_delack_expired(struct timer *timer)
{
	struct tcp_connection *conn =
		container_of(timer, struct tcp_connection, delack);

	if (tcp_synchronized(conn) && conn->unacked_rx)
		tcp_send_ack(conn);
}

/* TIME_WAIT is over (or FIN_WAIT_2 lasted too long). */
static void tcp_time_wait_expired(struct timer *timer)
{
	struct tcp_connection *conn =
		container_of(timer, struct tcp_connection, time_wait);

	tcp_close_conn(conn, 0);
}

/* Open a connection to PEER and plug it to XFER (the SOCK_STREAM opener). */
static int tcp_open(struct interface *xfer, struct sockaddr *peer,
		    struct sockaddr *local)
{
	struct sockaddr_in *sin_local = (struct sockaddr_in *)local;
	struct net_device *netdev;
	struct tcp_connection *conn;
	uint16_t port = 0;
	size_t mtu;

	netdev = tcpip_netdev(peer);
	if (!netdev)
		return ERR(ENETUNREACH);
	if (sin_local && sin_local->sin_port) {
		port = ntohs(sin_local->sin_port);
		if (tcp_port_used(port))
			return ERR(EADDRINUSE);
	} else {
		port = tcp_alloc_port();
		if (!port)
			return ERR(EADDRINUSE);
	}
	conn = zalloc(sizeof(*conn));
	if (!conn)
		return ERR(ENOMEM);
	ref_init(&conn->refcnt, tcp_free);
	intf_init(&conn->xfer, &tcp_xfer_desc, &conn->refcnt);
	INIT_LIST_HEAD(&conn->tx_queue);
	INIT_LIST_HEAD(&conn->ooo);
	retry_init(&conn->rtx, tcp_rtx_expired, &conn->refcnt,
		   TCP_SYN_MIN_TIMEOUT, TCP_SYN_MAX_TIMEOUT);
	timer_init(&conn->delack, tcp_delack_expired, &conn->refcnt);
	timer_init(&conn->time_wait, tcp_time_wait_expired, &conn->refcnt);
	tcp_rtt_init(&conn->rtt);
	memcpy(&conn->peer, peer, sizeof(conn->peer));
	if (sin_local)
		memcpy(&conn->local, sin_local, sizeof(conn->local));
	else
		conn->local.sin_family = peer->sa_family;
	conn->local.sin_port = htons(port);
	conn->local_port = port;
	mtu = netdev->mtu ? netdev->mtu : 576;
	if (mtu < 68)
		mtu = 68;
	conn->rcv_mss = (uint16_t)(mtu > 0xffff + 40 ? 0xffff : mtu - 40);
	conn->smss = TCP_DEFAULT_MSS;
	conn->rcv_wscale = TCP_RCV_WSCALE;
	conn->iss = (uint32_t)random() ^ (uint32_t)(platform_now_us() >> 2);
	conn->snd_una = conn->snd_nxt = conn->snd_max = conn->iss;
	conn->state = TCP_SYN_SENT;
	list_add(&conn->list, &tcp_conns);
	intf_plug_plug(&conn->xfer, xfer);
	tcp_xmit(conn);
	return 0;
}

static const struct socket_opener tcp_socket_opener __socket_opener = {
	.semantics = SOCK_STREAM,
	.family = AF_INET,
	.open = tcp_open,
};

/* Answer a segment that belongs to no connection with a RST (RFC 9293 3.10.7.1). */
static void tcp_reply_reset(const struct tcp_header *hdr, size_t seg_len,
			    struct sockaddr *src, struct sockaddr *dst)
{
	struct sockaddr_in peer, local;
	struct io_buffer *iob;
	struct tcp_header *rst;

	if (hdr->flags & TCP_RST)
		return;
	iob = alloc_iob(TCP_MIN_HLEN);
	if (!iob)
		return;
	rst = iob_put(iob, TCP_MIN_HLEN);
	memset(rst, 0, sizeof(*rst));
	rst->src = hdr->dest;
	rst->dest = hdr->src;
	rst->hlen = (TCP_MIN_HLEN / 4) << 4;
	if (hdr->flags & TCP_ACK) {
		rst->seq = hdr->ack;
		rst->flags = TCP_RST;
	} else {
		if (hdr->flags & TCP_SYN)
			seg_len++;
		if (hdr->flags & TCP_FIN)
			seg_len++;
		rst->ack = htonl(ntohl(hdr->seq) + (uint32_t)seg_len);
		rst->flags = TCP_RST | TCP_ACK;
	}
	memcpy(&peer, src, sizeof(peer));
	peer.sin_port = hdr->src;
	memcpy(&local, dst, sizeof(local));
	local.sin_port = hdr->dest;
	rst->csum = tcpip_chksum(rst, TCP_MIN_HLEN);
	tcpip_tx(iob, &tcp_protocol, (struct sockaddr *)&local,
		 (struct sockaddr *)&peer, NULL, &rst->csum);
}

/* The connection a segment from SRC (port PEER_PORT) to LOCAL_PORT is for. */
static struct tcp_connection *tcp_find(struct sockaddr *src, uint16_t peer_port,
				       uint16_t local_port)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)src;
	struct tcp_connection *conn;

	list_for_each_entry(conn, &tcp_conns, list) {
		if (conn->local_port == local_port &&
		    conn->peer.sin_port == peer_port &&
		    conn->peer.sin_family == sin->sin_family &&
		    conn->peer.sin_addr == sin->sin_addr)
			return conn;
	}
	return NULL;
}

/* A segment from the network layer: check it and hand it to its connection. */
static int tcp_rx(struct io_buffer *iob, struct net_device *netdev,
		  struct sockaddr *src, struct sockaddr *dst,
		  uint16_t pshdr_csum)
{
	struct tcp_header hdr;
	struct tcp_options opts;
	struct tcp_connection *conn;
	size_t len = iob_len(iob);
	size_t hlen;
	int rc;

	if (len < TCP_MIN_HLEN) {
		rc = ERR(EINVAL);
		goto drop;
	}
	memcpy(&hdr, iob->data, sizeof(hdr));
	hlen = (size_t)(hdr.hlen >> 4) * 4;
	if (hlen < TCP_MIN_HLEN || hlen > len) {
		rc = ERR(EINVAL);
		goto drop;
	}
	if (!iob->csum_verified &&
	    tcpip_continue_chksum(pshdr_csum, iob->data, len) != 0) {
		rc = ERR(EBADMSG);
		goto drop;
	}
	rc = tcp_parse_options((uint8_t *)iob->data + TCP_MIN_HLEN,
			       hlen - TCP_MIN_HLEN, &opts);
	if (rc)
		goto drop;
	iob_pull(iob, hlen);
	conn = tcp_find(src, hdr.src, ntohs(hdr.dest));
	if (!conn) {
		tcp_reply_reset(&hdr, iob_len(iob), src, dst);
		rc = ERR(ENOTCONN);
		goto drop;
	}
	ref_get(&conn->refcnt);
	tcp_rx_segment(conn, &hdr, &opts, iob);
	ref_put(&conn->refcnt);
	return 0;
drop:
	free_iob(iob);
	return rc;
}

const struct tcpip_protocol tcp_protocol __tcpip_protocol = {
	.name = "TCP",
	.proto = 6,
	.rx = tcp_rx,
};
