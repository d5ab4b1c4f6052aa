/*
 * Unit tests for TCP (net/tcp*.c).  A test address family carries segments
 * between the real TCP code and a scripted peer here: what TCP sends is
 * captured and parsed, what the peer sends is built here and handed to
 * tcpip_rx() as the network layer would.  Timers are driven with
 * timers_expire() so that timeouts happen instantly.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include <wireboot/iobuf.h>
#include <wireboot/netdevice.h>
#include <wireboot/socket.h>
#include <wireboot/tcp.h>
#include <wireboot/tcpip.h>
#include <wireboot/time.h>
#include <wireboot/timer.h>
#include <wireboot/xfer.h>
#include "unittest.h"

#define ERR_SUBSYS ESUB_TCP

/* An address family only these tests use. */
#define AF_TCPTEST 0x7e

#define PEER_ADDR 0x0a000002
#define LOCAL_ADDR 0x0a000001
#define PEER_PORT 80
#define PEER_ISS 5000000u

static LIST_HEAD(tcpt_sent);
static struct net_device *tcpt_netdev;

/*
 * The test network layer keeps the segment.  Its pseudo-header is empty,
 * so the transport's own checksum is already complete.
 */
static int tcpt_net_tx(struct io_buffer *iob, const struct tcpip_protocol *proto,
		       struct sockaddr *src, struct sockaddr *dst,
		       struct net_device *netdev, uint16_t *trans_csum)
{
	list_add_tail(&iob->list, &tcpt_sent);
	return 0;
}

static struct net_device *tcpt_net_netdev(struct sockaddr *dst)
{
	if (!tcpt_netdev) {
		tcpt_netdev = alloc_netdev(0);
		tcpt_netdev->mtu = 1500;
	}
	return tcpt_netdev;
}

static const struct tcpip_net_protocol tcpt_net __tcpip_net_protocol = {
	.name = "tcptest",
	.family = AF_TCPTEST,
	.tx = tcpt_net_tx,
	.netdev = tcpt_net_netdev,
};

/* A parsed segment TCP sent. */
struct seg {
	uint8_t flags;
	uint32_t seq;
	uint32_t ack;
	uint16_t win;
	struct tcp_options opts;
	size_t len;
	uint8_t data[2048];
	uint16_t sport;
	bool csum_ok;
};

/* Take the oldest segment TCP sent; false if there is none. */
static bool tcpt_pop(struct seg *seg)
{
	struct io_buffer *iob;
	struct tcp_header hdr;
	size_t hlen;

	if (list_empty(&tcpt_sent))
		return false;
	iob = list_first_entry(&tcpt_sent, struct io_buffer, list);
	list_del(&iob->list);
	memset(seg, 0, sizeof(*seg));
	seg->csum_ok = tcpip_chksum(iob->data, iob_len(iob)) == 0;
	memcpy(&hdr, iob->data, sizeof(hdr));
	hlen = (size_t)(hdr.hlen >> 4) * 4;
	seg->flags = hdr.flags;
	seg->seq = ntohl(hdr.seq);
	seg->ack = ntohl(hdr.ack);
	seg->win = ntohs(hdr.win);
	seg->sport = ntohs(hdr.src);
	tcp_parse_options((uint8_t *)iob->data + 20, hlen - 20, &seg->opts);
	seg->len = iob_len(iob) - hlen;
	if (seg->len <= sizeof(seg->data))
		memcpy(seg->data, (uint8_t *)iob->data + hlen, seg->len);
	free_iob(iob);
	return true;
}

static unsigned int tcpt_count_sent(void)
{
	struct io_buffer *iob;
	unsigned int n = 0;

	list_for_each_entry(iob, &tcpt_sent, list)
		n++;
	return n;
}

static void tcpt_flush_sent(void)
{
	struct seg seg;

	while (tcpt_pop(&seg))
		;
}

/* The user of a connection. */
struct tuser {
	struct refcnt refcnt;
	struct interface xfer;
	uint8_t rx[65536];
	size_t rx_len;
	size_t window;
	int closes;
	int close_rc;
	int window_changes;
};

static int tuser_deliver(struct tuser *u, struct io_buffer *iob,
			 const struct xfer_metadata *meta)
{
	size_t len = iob_len(iob);

	if (u->rx_len + len <= sizeof(u->rx))
		memcpy(u->rx + u->rx_len, iob->data, len);
	u->rx_len += len;
	free_iob(iob);
	return 0;
}

static size_t tuser_window(struct tuser *u)
{
	return u->window;
}

static void tuser_close(struct tuser *u, int rc)
{
	u->closes++;
	u->close_rc = rc;
	intf_shutdown(&u->xfer, rc);
}

static void tuser_window_changed(struct tuser *u)
{
	u->window_changes++;
}

static const struct interface_operation tuser_ops[] = {
	INTF_OP(xfer_deliver, struct tuser *, tuser_deliver),
	INTF_OP(xfer_window, struct tuser *, tuser_window),
	INTF_OP(intf_close, struct tuser *, tuser_close),
	INTF_OP(xfer_window_changed, struct tuser *, tuser_window_changed),
};
static const struct interface_descriptor tuser_desc =
	INTF_DESC(struct tuser, xfer, tuser_ops);

/* One test connection: its user and the peer's view of sequence numbers. */
struct tconn {
	struct tuser *user;
	uint16_t local_port;
	uint32_t iss;
	/* Peer's next sequence number and what it has acknowledged. */
	uint32_t peer_nxt;
	uint32_t peer_ts;
};

static struct sockaddr_in tcpt_addr(uint32_t addr, uint16_t port)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_TCPTEST;
	sin.sin_addr = htonl(addr);
	sin.sin_port = htons(port);
	return sin;
}

/* Open a connection with the TCP socket opener, to the test family. */
static int tcpt_open(struct tconn *tc)
{
	const struct socket_opener *opener;
	struct sockaddr_in peer = tcpt_addr(PEER_ADDR, PEER_PORT);

	memset(tc, 0, sizeof(*tc));
	tc->user = zalloc(sizeof(*tc->user));
	ref_init(&tc->user->refcnt, NULL);
	intf_init(&tc->user->xfer, &tuser_desc, &tc->user->refcnt);
	tc->user->window = 1024 * 1024;
	for_each_table_entry(opener, socket_openers) {
		if (opener->semantics == SOCK_STREAM && opener->family == AF_INET)
			return opener->open(&tc->user->xfer,
					    (struct sockaddr *)&peer, NULL);
	}
	return -1;
}

/* Abort the connection (if still open) and free the user. */
static void tcpt_done(struct tconn *tc)
{
	intf_shutdown(&tc->user->xfer, ERR(ECANCELED));
	ref_put(&tc->user->refcnt);
	tcpt_flush_sent();
}

/* Option bytes for a peer's segment. */
struct popts {
	uint8_t bytes[40];
	size_t len;
};

static void popt_add(struct popts *o, const uint8_t *bytes, size_t len)
{
	memcpy(o->bytes + o->len, bytes, len);
	o->len += len;
}

static void popt_ts(struct popts *o, uint32_t tsval, uint32_t tsecr)
{
	uint8_t ts[12] = { 1, 1, 8, 10 };

	put_be32(ts + 4, tsval);
	put_be32(ts + 8, tsecr);
	popt_add(o, ts, sizeof(ts));
}

/* The peer sends a segment to TC's port; returns what tcpip_rx() said. */
static int tcpt_send(struct tconn *tc, uint8_t flags, uint32_t seq,
		     uint32_t ack, uint16_t win, const struct popts *o,
		     const void *data, size_t len)
{
	struct sockaddr_in src = tcpt_addr(PEER_ADDR, 0);
	struct sockaddr_in dst = tcpt_addr(LOCAL_ADDR, 0);
	size_t olen = o ? o->len : 0;
	struct io_buffer *iob = alloc_iob(20 + olen + len);
	struct tcp_header *hdr;

	iob_reserve(iob, 20 + olen);
	if (len)
		memcpy(iob_put(iob, len), data, len);
	if (olen)
		memcpy(iob_push(iob, olen), o->bytes, olen);
	hdr = iob_push(iob, sizeof(*hdr));
	memset(hdr, 0, sizeof(*hdr));
	hdr->src = htons(PEER_PORT);
	hdr->dest = htons(tc->local_port);
	hdr->seq = htonl(seq);
	hdr->ack = htonl(ack);
	hdr->hlen = (uint8_t)(((20 + olen) / 4) << 4);
	hdr->flags = flags;
	hdr->win = htons(win);
	hdr->csum = tcpip_chksum(iob->data, iob_len(iob));
	return tcpip_rx(iob, NULL, 6, (struct sockaddr *)&src,
			(struct sockaddr *)&dst, TCPIP_EMPTY_CSUM);
}

/* Send an ACK-bearing segment of data from the peer, in sequence. */
static void tcpt_data(struct tconn *tc, const void *data, size_t len)
{
	struct popts o = { .len = 0 };

	popt_ts(&o, ++tc->peer_ts, 0);
	tcpt_send(tc, TCP_ACK, tc->peer_nxt, tc->iss + 1, 1000, &o, data, len);
	tc->peer_nxt += (uint32_t)len;
}

/* Open and complete the handshake with MSS, window scale 2, SACK, timestamps. */
static void tcpt_establish(struct tconn *tc)
{
	static const uint8_t syn_opts[] = { 2, 4, 0x05, 0xb4, 1, 3, 3, 2, 4, 2 };
	struct popts o = { .len = 0 };
	struct seg seg;

	tcpt_open(tc);
	tcpt_pop(&seg);
	tc->local_port = seg.sport;
	tc->iss = seg.seq;
	popt_add(&o, syn_opts, sizeof(syn_opts));
	popt_ts(&o, 100, seg.opts.tsval);
	o.len += 2;	/* two END bytes pad to a multiple of 4 */
	tc->peer_ts = 100;
	tcpt_send(tc, TCP_SYN | TCP_ACK, PEER_ISS, tc->iss + 1, 1000, &o, NULL, 0);
	tc->peer_nxt = PEER_ISS + 1;
}

UNIT_TEST(tcp_options_build_parse)
{
	struct tcp_tx_options tx = {
		.syn = true, .mss = 1460, .wscale = 7,
		.sack_permitted = true, .ts = true, .tsval = 0x01020304,
		.tsecr = 0x0a0b0c0d,
	};
	struct tcp_options rx;
	uint8_t buf[40];
	size_t len = tcp_build_options(&tx, buf);

	ok_eq(len, tcp_options_len(&tx));
	ok_eq(len % 4, 0);
	ok_eq(tcp_parse_options(buf, len, &rx), 0);
	ok(rx.has_mss && rx.mss == 1460);
	ok(rx.has_wscale && rx.wscale == 7);
	ok(rx.sack_permitted);
	ok(rx.has_ts && rx.tsval == 0x01020304 && rx.tsecr == 0x0a0b0c0d);

	memset(&tx, 0, sizeof(tx));
	tx.ts = true;
	tx.num_sack = 3;
	len = tcp_build_options(&tx, buf);
	ok_eq(len, 40);
	ok_eq(tcp_parse_options(buf, len, &rx), 0);
	ok_eq(rx.num_sack, 3);
	ok(!rx.has_mss);
	tx.ts = false;
	tx.num_sack = TCP_MAX_SACK_BLOCKS;
	len = tcp_build_options(&tx, buf);
	ok_eq(len, 36);
	ok_eq(tcp_parse_options(buf, len, &rx), 0);
	ok_eq(rx.num_sack, 4);

	/* Lengths that run past the end or are wrong for the kind. */
	buf[0] = TCPOPT_MSS;
	buf[1] = 8;
	ok(tcp_parse_options(buf, 4, &rx) < 0);
	buf[1] = 3;
	ok(tcp_parse_options(buf, 4, &rx) < 0);
	buf[1] = 0;
	ok(tcp_parse_options(buf, 4, &rx) < 0);
	buf[0] = TCPOPT_WS;
	buf[1] = 3;
	buf[2] = 20;
	buf[3] = TCPOPT_END;
	ok_eq(tcp_parse_options(buf, 4, &rx), 0);
	ok_eq(rx.wscale, TCP_MAX_WSCALE);
}

UNIT_TEST(tcp_rtt_rto)
{
	struct tcp_rtt rtt;
	int i;

	tcp_rtt_init(&rtt);
	ok_eq(rtt.rto, TCP_RTO_INITIAL);
	tcp_rtt_sample(&rtt, 100);
	/* SRTT 100, RTTVAR 50: RTO = 100 + 4 * 50. */
	ok_eq(rtt.rto, 300);
	for (i = 0; i < 50; i++)
		tcp_rtt_sample(&rtt, 100);
	ok_eq(rtt.rto, TCP_RTO_MIN);
	tcp_rtt_sample(&rtt, 5000);
	ok(rtt.rto > 1000);
	for (i = 0; i < 10; i++)
		tcp_rtt_sample(&rtt, 100000);
	ok_eq(rtt.rto, TCP_RTO_MAX);
}

UNIT_TEST(tcp_handshake_options)
{
	unsigned int before = tcp_connection_count();
	struct tconn tc;
	struct seg seg;

	ok_eq(tcpt_open(&tc), 0);
	ok_eq(tcp_connection_count(), before + 1);
	ok(tcpt_pop(&seg));
	ok(seg.csum_ok);
	ok_eq(seg.flags, TCP_SYN);
	ok(seg.sport >= 49152);
	ok(seg.opts.has_mss && seg.opts.mss == 1460);
	ok(seg.opts.has_wscale && seg.opts.wscale == 7);
	ok(seg.opts.sack_permitted);
	ok(seg.opts.has_ts);
	/* Nothing may be sent before the handshake. */
	ok_eq(xfer_window(&tc.user->xfer), 0);
	ok_eq(tc.user->window_changes, 0);
	tcpt_done(&tc);
	ok_eq(tcp_connection_count(), before);
}

UNIT_TEST(tcp_data_both_ways)
{
	struct tconn tc;
	struct seg seg;
	uint8_t data[2896];
	size_t i;

	tcpt_establish(&tc);
	ok(tcpt_pop(&seg));
	ok_eq(seg.flags, TCP_ACK);
	ok_eq(seg.ack, PEER_ISS + 1);
	ok_eq(seg.seq, tc.iss + 1);
	/* 1 MiB the user can take, scaled by 2^7. */
	ok_eq(seg.win, 1024 * 1024 >> 7);
	ok(seg.opts.has_ts && seg.opts.tsecr == 100);
	ok_eq(tc.user->window_changes, 1);
	ok(xfer_window(&tc.user->xfer) > 0);

	/* The user sends a request. */
	ok_eq(xfer_deliver_raw(&tc.user->xfer, "GET / HTTP/1.1\r\n\r\n", 18), 0);
	ok(tcpt_pop(&seg));
	ok_eq(seg.len, 18);
	ok(seg.flags & TCP_PSH);
	ok(memcmp(seg.data, "GET / ", 6) == 0);
	ok_eq(seg.seq, tc.iss + 1);

	/*
	 * The peer answers with two full segments: acknowledged when the
	 * main-loop step that received them ends (its timers expire).
	 */
	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7);
	tcpt_data(&tc, data, 1448);
	ok_eq(tcpt_count_sent(), 0);
	tcpt_data(&tc, data + 1448, 1448);
	ok_eq(tc.user->rx_len, 2896);
	ok(memcmp(tc.user->rx, data, 2896) == 0);
	ok_eq(tcpt_count_sent(), 0);
	timers_expire(now_ms());
	ok(tcpt_pop(&seg));
	ok_eq(seg.ack, PEER_ISS + 1 + 2896);

	/* A short segment waits for the delayed-ACK timer. */
	tcpt_data(&tc, "x", 1);
	ok_eq(tcpt_count_sent(), 0);
	timers_expire(now_ms() + 1000);
	ok(tcpt_pop(&seg));
	ok_eq(seg.ack, PEER_ISS + 1 + 2897);
	tcpt_done(&tc);
}

/* Full 1448-byte segments that stay below the 1 MiB stretch-ACK limit. */
#define STRETCH_SEGMENTS (1024 * 1024 / 1448)

UNIT_TEST(tcp_stretch_ack_limit)
{
	static const uint8_t data[1448];
	struct tconn tc;
	struct seg seg;
	unsigned int i;

	tcpt_establish(&tc);
	/* A window beyond the limit, so that the window is not what acks. */
	tc.user->window = 2 * 1024 * 1024;
	xfer_window_changed(&tc.user->xfer);
	tcpt_flush_sent();
	/* Within one step nothing is acknowledged below 1 MiB... */
	for (i = 0; i < STRETCH_SEGMENTS; i++)
		tcpt_data(&tc, data, sizeof(data));
	ok_eq(tcpt_count_sent(), 0);
	/* ...and at once when a segment takes it past that. */
	tcpt_data(&tc, data, sizeof(data));
	ok(tcpt_pop(&seg));
	ok_eq(seg.ack, PEER_ISS + 1 + (STRETCH_SEGMENTS + 1) * 1448);
	ok_eq(tcpt_count_sent(), 0);
	tcpt_done(&tc);
}

UNIT_TEST(tcp_out_of_order_sack)
{
	struct tconn tc;
	struct seg seg;
	uint8_t data[3000];
	struct popts o = { .len = 0 };
	uint32_t base;
	size_t i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 13 + 1);
	tcpt_establish(&tc);
	tcpt_flush_sent();
	base = tc.peer_nxt;
	/* Second and third segments first: each is answered with a SACK. */
	popt_ts(&o, ++tc.peer_ts, 0);
	tcpt_send(&tc, TCP_ACK, base + 1000, tc.iss + 1, 1000, &o,
		  data + 1000, 1000);
	ok_eq(tc.user->rx_len, 0);
	ok(tcpt_pop(&seg));
	ok_eq(seg.ack, base);
	ok_eq(seg.opts.num_sack, 1);
	tcpt_send(&tc, TCP_ACK, base + 2000, tc.iss + 1, 1000, &o,
		  data + 2000, 1000);
	ok(tcpt_pop(&seg));
	ok_eq(seg.ack, base);
	ok_eq(seg.opts.num_sack, 1);
	/* A duplicate of what is held changes nothing. */
	tcpt_send(&tc, TCP_ACK, base + 1000, tc.iss + 1, 1000, &o,
		  data + 1000, 1000);
	tcpt_flush_sent();
	/* The hole fills: everything goes up in order, ACKed at once. */
	tcpt_send(&tc, TCP_ACK, base, tc.iss + 1, 1000, &o, data, 1000);
	ok_eq(tc.user->rx_len, 3000);
	ok(memcmp(tc.user->rx, data, 3000) == 0);
	ok(tcpt_pop(&seg));
	ok_eq(seg.ack, base + 3000);
	ok_eq(seg.opts.num_sack, 0);
	/* An old retransmission overlapping the new data is trimmed. */
	tcpt_send(&tc, TCP_ACK, base + 2500, tc.iss + 1, 1000, &o,
		  "abcdefghij", 10);
	ok_eq(tc.user->rx_len, 3000);
	tcpt_send(&tc, TCP_ACK, base + 2995, tc.iss + 1, 1000, &o,
		  "0123456789", 10);
	ok_eq(tc.user->rx_len, 3005);
	ok(memcmp(tc.user->rx + 3000, "56789", 5) == 0);
	tcpt_done(&tc);
}

UNIT_TEST(tcp_connection_refused)
{
	unsigned int before = tcp_connection_count();
	struct tconn tc;
	struct seg seg;

	tcpt_open(&tc);
	tcpt_pop(&seg);
	tc.local_port = seg.sport;
	/* A RST whose ACK is wrong is ignored. */
	tcpt_send(&tc, TCP_RST | TCP_ACK, 0, seg.seq + 7, 0, NULL, NULL, 0);
	ok_eq(tc.user->closes, 0);
	tcpt_send(&tc, TCP_RST | TCP_ACK, 0, seg.seq + 1, 0, NULL, NULL, 0);
	ok_eq(tc.user->closes, 1);
	ok(err_is(tc.user->close_rc, ECONNREFUSED));
	ok_eq(err_subsys(tc.user->close_rc), ESUB_TCP);
	ok_eq(tcp_connection_count(), before);
	tcpt_done(&tc);
}

UNIT_TEST(tcp_reset_and_challenge)
{
	unsigned int before = tcp_connection_count();
	struct tconn tc;
	struct seg seg;

	tcpt_establish(&tc);
	tcpt_flush_sent();
	/* A RST inside the window but not at rcv_nxt: challenge ACK only. */
	tcpt_send(&tc, TCP_RST, tc.peer_nxt + 100, 0, 0, NULL, NULL, 0);
	ok_eq(tc.user->closes, 0);
	ok(tcpt_pop(&seg));
	ok_eq(seg.flags, TCP_ACK);
	/* A SYN on an open connection: challenge ACK too. */
	tcpt_send(&tc, TCP_SYN, tc.peer_nxt, 0, 0, NULL, NULL, 0);
	ok_eq(tc.user->closes, 0);
	ok(tcpt_pop(&seg));
	/* Exactly at rcv_nxt: reset. */
	tcpt_send(&tc, TCP_RST, tc.peer_nxt, 0, 0, NULL, NULL, 0);
	ok_eq(tc.user->closes, 1);
	ok(err_is(tc.user->close_rc, ECONNRESET));
	ok_eq(tcp_connection_count(), before);
	tcpt_done(&tc);
}

UNIT_TEST(tcp_syn_timeout)
{
	unsigned int before = tcp_connection_count();
	struct tconn tc;
	struct seg seg;
	unsigned int syns = 0;
	int i;

	tcpt_open(&tc);
	for (i = 0; i < 10 && !tc.user->closes; i++)
		timers_expire(now_ms() + 100000);
	while (tcpt_pop(&seg))
		syns += seg.flags == TCP_SYN;
	/* 1 s, 2 s, 4 s, 8 s: the first SYN and three retransmissions. */
	ok_eq(syns, 4);
	ok_eq(tc.user->closes, 1);
	ok(err_is(tc.user->close_rc, ETIMEDOUT));
	ok_eq(tcp_connection_count(), before);
	tcpt_done(&tc);
}

UNIT_TEST(tcp_retransmit_and_fast_retransmit)
{
	struct tconn tc;
	struct seg seg;
	struct popts o = { .len = 0 };
	char buf[5000];
	int i;

	tcpt_establish(&tc);
	tcpt_flush_sent();
	memset(buf, 'q', sizeof(buf));
	xfer_deliver_raw(&tc.user->xfer, buf, 10);
	ok(tcpt_pop(&seg));
	ok_eq(seg.len, 10);
	/* No ACK: the same bytes go again after the RTO. */
	timers_expire(now_ms() + 100000);
	ok(tcpt_pop(&seg));
	ok_eq(seg.len, 10);
	ok_eq(seg.seq, tc.iss + 1);
	popt_ts(&o, ++tc.peer_ts, 0);
	tcpt_send(&tc, TCP_ACK, tc.peer_nxt, tc.iss + 11, 1000, &o, NULL, 0);
	ok_eq(tcpt_count_sent(), 0);

	/* Four segments (window 2000 << 2, MSS 1460 - 12); three dup ACKs. */
	tcpt_send(&tc, TCP_ACK, tc.peer_nxt, tc.iss + 11, 2000, &o, NULL, 0);
	xfer_deliver_raw(&tc.user->xfer, buf, 3 * 1448 + 100);
	ok_eq(tcpt_count_sent(), 4);
	tcpt_flush_sent();
	for (i = 0; i < 3; i++)
		tcpt_send(&tc, TCP_ACK, tc.peer_nxt, tc.iss + 11, 2000, &o,
			  NULL, 0);
	ok(tcpt_pop(&seg));
	ok_eq(seg.seq, tc.iss + 11);
	ok_eq(seg.len, 1448);
	ok_eq(tcpt_count_sent(), 0);
	/* The ACK for all of it stops the retransmission timer. */
	tcpt_send(&tc, TCP_ACK, tc.peer_nxt, tc.iss + 11 + 3 * 1448 + 100,
		  2000, &o, NULL, 0);
	ok_eq(tcpt_count_sent(), 0);
	timers_expire(now_ms() + 100000);
	ok_eq(tcpt_count_sent(), 0);
	tcpt_done(&tc);
}

UNIT_TEST(tcp_peer_close)
{
	unsigned int before = tcp_connection_count();
	struct tconn tc;
	struct seg seg;
	struct popts o = { .len = 0 };

	tcpt_establish(&tc);
	tcpt_flush_sent();
	tcpt_data(&tc, "hello", 5);
	popt_ts(&o, ++tc.peer_ts, 0);
	tcpt_send(&tc, TCP_FIN | TCP_ACK, tc.peer_nxt, tc.iss + 1, 1000, &o,
		  NULL, 0);
	ok_eq(tc.user->rx_len, 5);
	ok_eq(tc.user->closes, 1);
	ok_eq(tc.user->close_rc, 0);
	/* We acknowledge the FIN and send ours. */
	ok(tcpt_pop(&seg));
	while (!(seg.flags & TCP_FIN) && tcpt_pop(&seg))
		;
	ok(seg.flags & TCP_FIN);
	ok_eq(seg.ack, tc.peer_nxt + 1);
	tcpt_send(&tc, TCP_ACK, tc.peer_nxt + 1, seg.seq + 1, 1000, &o, NULL, 0);
	ok_eq(tcp_connection_count(), before);
	tcpt_done(&tc);
}

UNIT_TEST(tcp_user_close_time_wait)
{
	unsigned int before = tcp_connection_count();
	struct tconn tc;
	struct seg seg;
	struct popts o = { .len = 0 };

	tcpt_establish(&tc);
	tcpt_flush_sent();
	intf_shutdown(&tc.user->xfer, 0);
	ok(tcpt_pop(&seg));
	ok_eq(seg.flags, TCP_FIN | TCP_ACK);
	popt_ts(&o, ++tc.peer_ts, 0);
	/* Data after our close is acknowledged and dropped. */
	tcpt_send(&tc, TCP_ACK, tc.peer_nxt, seg.seq + 1, 1000, &o, "late", 4);
	tc.peer_nxt += 4;
	tcpt_send(&tc, TCP_FIN | TCP_ACK, tc.peer_nxt, seg.seq + 1, 1000, &o,
		  NULL, 0);
	ok_eq(tc.user->rx_len, 0);
	tcpt_flush_sent();
	/* TIME_WAIT: a retransmitted FIN is acknowledged again. */
	ok_eq(tcp_connection_count(), before + 1);
	tcpt_send(&tc, TCP_FIN | TCP_ACK, tc.peer_nxt, seg.seq + 1, 1000, &o,
		  NULL, 0);
	ok(tcpt_pop(&seg));
	ok_eq(seg.ack, tc.peer_nxt + 1);
	timers_expire(now_ms() + 100000);
	ok_eq(tcp_connection_count(), before);
	tcpt_done(&tc);
}

UNIT_TEST(tcp_paws_and_bad_segments)
{
	struct tconn tc;
	struct seg seg;
	struct popts o = { .len = 0 };
	uint8_t bad[8] = { 2, 9, 0, 0, 0, 0, 0, 0 };

	tcpt_establish(&tc);
	tcpt_flush_sent();
	tcpt_data(&tc, "abc", 3);
	/* An older timestamp: dropped as an old duplicate, and ACKed. */
	popt_ts(&o, 50, 0);
	tcpt_send(&tc, TCP_ACK, tc.peer_nxt, tc.iss + 1, 1000, &o, "def", 3);
	ok_eq(tc.user->rx_len, 3);
	ok(tcpt_pop(&seg));
	ok_eq(seg.ack, tc.peer_nxt);
	/* Malformed options: dropped. */
	o.len = 0;
	popt_add(&o, bad, sizeof(bad));
	ok(tcpt_send(&tc, TCP_ACK, tc.peer_nxt, tc.iss + 1, 1000, &o, "x", 1) < 0);
	ok_eq(tc.user->rx_len, 3);
	tcpt_done(&tc);
}

UNIT_TEST(tcp_unknown_port_reset)
{
	struct tconn tc;
	struct seg seg;

	memset(&tc, 0, sizeof(tc));
	tc.local_port = 1;
	tcpt_flush_sent();
	ok(tcpt_send(&tc, TCP_SYN, 1000, 0, 1000, NULL, NULL, 0) < 0);
	ok(tcpt_pop(&seg));
	ok_eq(seg.flags, TCP_RST | TCP_ACK);
	ok_eq(seg.ack, 1001);
	/* Never a RST for a RST. */
	tcpt_send(&tc, TCP_RST, 1000, 0, 0, NULL, NULL, 0);
	ok_eq(tcpt_count_sent(), 0);
}

UNIT_TEST(tcp_window_follows_user)
{
	struct tconn tc;
	struct seg seg;

	tcpt_establish(&tc);
	tcpt_flush_sent();
	tc.user->window = 0;
	/* The advertised edge never moves back even if the user shrinks. */
	tcpt_data(&tc, "abcd", 4);
	timers_expire(now_ms() + 1000);
	ok(tcpt_pop(&seg));
	ok_eq((uint32_t)seg.win << 7, (1024 * 1024 - 4 + 127) / 128 * 128);
	/* Growing enough brings a window update. */
	tc.user->window = 2 * 1024 * 1024;
	xfer_window_changed(&tc.user->xfer);
	ok(tcpt_pop(&seg));
	ok_eq(seg.win, 2 * 1024 * 1024 >> 7);
	tcpt_done(&tc);
}

UNIT_TEST(tcp_fin_wait_2_gives_up)
{
	unsigned int before = tcp_connection_count();
	struct tconn tc;
	struct seg seg;
	struct popts o = { .len = 0 };

	tcpt_establish(&tc);
	tcpt_flush_sent();
	intf_shutdown(&tc.user->xfer, 0);
	ok(tcpt_pop(&seg));
	ok(seg.flags & TCP_FIN);
	/* Our FIN is acknowledged, but the peer never sends its own. */
	popt_ts(&o, ++tc.peer_ts, 0);
	tcpt_send(&tc, TCP_ACK, tc.peer_nxt, seg.seq + 1, 1000, &o, NULL, 0);
	ok_eq(tcp_connection_count(), before + 1);
	timers_expire(now_ms() + 100000);
	ok_eq(tcp_connection_count(), before);
	tcpt_done(&tc);
}
