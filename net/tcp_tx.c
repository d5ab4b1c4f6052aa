/*
 * TCP sending: building segments (header, options, payload copied from the
 * queue of unacknowledged data), the receive window we advertise, and the
 * "send what the windows allow" loop with the retransmission timer.
 */
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include <wireboot/iobuf.h>
#include <wireboot/malloc.h>
#include <wireboot/tcpip.h>
#include <wireboot/xfer.h>
#include "tcp_internal.h"

#define ERR_SUBSYS ESUB_TCP

uint32_t tcp_rcv_window(struct tcp_connection *conn)
{
	size_t avail, heap;

	if (conn->flags & TCPF_USER_CLOSED)
		avail = TCP_MAX_WINDOW;
	else
		avail = xfer_window(&conn->xfer);
	if (avail > TCP_MAX_WINDOW)
		avail = TCP_MAX_WINDOW;
	heap = heap_free_bytes() / 4;
	if (avail > heap)
		avail = heap;
	return (uint32_t)avail;
}

/* Copy LEN queued bytes starting OFFSET bytes after snd_una into BUF. */
static void tcp_copy_tx(struct tcp_connection *conn, size_t offset, void *buf,
			size_t len)
{
	struct io_buffer *iob;
	uint8_t *out = buf;
	size_t n;

	list_for_each_entry(iob, &conn->tx_queue, list) {
		if (!len)
			break;
		if (offset >= iob_len(iob)) {
			offset -= iob_len(iob);
			continue;
		}
		n = MIN(iob_len(iob) - offset, len);
		memcpy(out, (uint8_t *)iob->data + offset, n);
		out += n;
		len -= n;
		offset = 0;
	}
}

/* Fill in SACK blocks for what we hold out of order, newest block first. */
static void tcp_fill_sack(struct tcp_connection *conn,
			  struct tcp_tx_options *opts, unsigned int max)
{
	struct tcp_sack_block blocks[16];
	unsigned int count = 0, i, first = 0;
	struct io_buffer *iob;

	list_for_each_entry(iob, &conn->ooo, list) {
		struct tcp_ooo_tag tag;
		uint32_t left, right;

		memcpy(&tag, iob->data, sizeof(tag));
		left = tag.seq;
		right = left + (uint32_t)(iob_len(iob) - sizeof(tag));

		if (count && tcp_seq_ge(blocks[count - 1].right, left)) {
			if (tcp_seq_gt(right, blocks[count - 1].right))
				blocks[count - 1].right = right;
			continue;
		}
		if (count == ARRAY_SIZE(blocks))
			break;
		blocks[count].left = left;
		blocks[count].right = right;
		count++;
	}
	for (i = 0; i < count; i++) {
		if (tcp_seq_le(blocks[i].left, conn->last_ooo_seq) &&
		    tcp_seq_lt(conn->last_ooo_seq, blocks[i].right))
			first = i;
	}
	opts->num_sack = 0;
	if (!count)
		return;
	opts->sack[opts->num_sack++] = blocks[first];
	for (i = 0; i < count && opts->num_sack < max; i++) {
		if (i != first && tcp_seq_lt(conn->rcv_nxt, blocks[i].left))
			opts->sack[opts->num_sack++] = blocks[i];
	}
}

int tcp_xmit_segment(struct tcp_connection *conn, uint32_t seq,
		     unsigned int flags, size_t len)
{
	struct tcp_tx_options opts;
	struct tcp_header *hdr;
	struct io_buffer *iob;
	size_t optlen, offset;
	uint32_t win, scaled;

	memset(&opts, 0, sizeof(opts));
	if (flags & TCP_SYN) {
		opts.syn = true;
		opts.mss = conn->rcv_mss;
		opts.wscale = conn->rcv_wscale;
		opts.sack_permitted = true;
		opts.ts = true;
	} else {
		opts.ts = (conn->flags & TCPF_TS) != 0;
		if ((conn->flags & TCPF_SACK) && !list_empty(&conn->ooo) &&
		    !(flags & TCP_RST))
			tcp_fill_sack(conn, &opts, opts.ts ? TCP_MAX_SACK_BLOCKS - 1 :
				      TCP_MAX_SACK_BLOCKS);
	}
	opts.tsval = tcp_ts_now();
	opts.tsecr = conn->ts_recent;
	optlen = tcp_options_len(&opts);

	iob = alloc_iob(TCP_MAX_HLEN + len);
	if (!iob)
		return ERR(ENOMEM);
	iob_reserve(iob, TCP_MAX_HLEN);
	if (len) {
		/* Data starts after the SYN if it is not yet acknowledged. */
		offset = seq - conn->snd_una;
		if (conn->state == TCP_SYN_SENT)
			offset--;
		tcp_copy_tx(conn, offset, iob_put(iob, len), len);
	}
	tcp_build_options(&opts, iob_push(iob, optlen));
	hdr = iob_push(iob, sizeof(*hdr));
	memset(hdr, 0, sizeof(*hdr));
	hdr->src = htons(conn->local_port);
	hdr->dest = conn->peer.sin_port;
	hdr->seq = htonl(seq);
	hdr->hlen = (uint8_t)(((sizeof(*hdr) + optlen) / 4) << 4);
	hdr->flags = (uint8_t)flags;

	if (flags & TCP_SYN) {
		/* Nothing can arrive before the handshake: offer a full window. */
		win = (uint32_t)MIN((size_t)0xffff, heap_free_bytes() / 4);
		hdr->win = htons((uint16_t)win);
	} else {
		/* Never move the right edge of the window back (RFC 9293 3.8.6.2.2). */
		win = tcp_rcv_window(conn);
		if (tcp_seq_lt(conn->rcv_nxt + win, conn->rcv_adv))
			win = conn->rcv_adv - conn->rcv_nxt;
		scaled = (win + (1U << conn->rcv_wscale) - 1) >> conn->rcv_wscale;
		if (scaled > 0xffff)
			scaled = 0xffff;
		win = scaled << conn->rcv_wscale;
		hdr->win = htons((uint16_t)scaled);
		hdr->ack = htonl(conn->rcv_nxt);
		if (tcp_seq_gt(conn->rcv_nxt + win, conn->rcv_adv))
			conn->rcv_adv = conn->rcv_nxt + win;
		if (flags & TCP_ACK) {
			conn->unacked_rx = 0;
			conn->flags &= ~TCPF_ACK_NOW;
			timer_stop(&conn->delack);
		}
	}
	/* The network layer adds the pseudo-header to this sum. */
	hdr->csum = tcpip_chksum(iob->data, iob_len(iob));
	return tcpip_tx(iob, &tcp_protocol, (struct sockaddr *)&conn->local,
			(struct sockaddr *)&conn->peer, NULL, &hdr->csum);
}

void tcp_send_ack(struct tcp_connection *conn)
{
	tcp_xmit_segment(conn, conn->snd_nxt, TCP_ACK, 0);
}

void tcp_rtx_restart(struct tcp_connection *conn)
{
	retry_stop(&conn->rtx);
	conn->rtx.timeout = conn->rtt.rto;
	if (conn->snd_max != conn->snd_una)
		retry_start(&conn->rtx);
}

/* Note that SEQ was just sent, for a round-trip sample without timestamps. */
static void tcp_start_timing(struct tcp_connection *conn, uint32_t seq)
{
	if ((conn->flags & (TCPF_TS | TCPF_TIMING)) ||
	    tcp_seq_lt(seq, conn->snd_max))
		return;
	conn->flags |= TCPF_TIMING;
	conn->rtt_seq = seq;
	conn->rtt_start = tcp_ts_now();
}

/* Record that the segment [SEQ, END) went out. */
static void tcp_sent(struct tcp_connection *conn, uint32_t seq, uint32_t end)
{
	tcp_start_timing(conn, seq);
	conn->snd_nxt = end;
	if (tcp_seq_gt(end, conn->snd_max))
		conn->snd_max = end;
}

/* Does the state call for a FIN once the data is out? */
static bool tcp_want_fin(const struct tcp_connection *conn)
{
	return conn->state == TCP_FIN_WAIT_1 || conn->state == TCP_CLOSING ||
	       conn->state == TCP_LAST_ACK;
}

void tcp_xmit(struct tcp_connection *conn)
{
	uint32_t in_flight, avail, len;
	size_t offset, unsent;

	if (conn->state == TCP_CLOSED || conn->state == TCP_TIME_WAIT)
		return;
	if (conn->state == TCP_SYN_SENT) {
		if (conn->snd_nxt == conn->iss) {
			tcp_xmit_segment(conn, conn->iss, TCP_SYN, 0);
			tcp_sent(conn, conn->iss, conn->iss + 1);
		}
		retry_start(&conn->rtx);
		return;
	}
	for (;;) {
		offset = conn->snd_nxt - conn->snd_una;
		if (conn->flags & TCPF_FIN_SENT || offset >= conn->tx_len)
			break;
		unsent = conn->tx_len - offset;
		in_flight = conn->snd_nxt - conn->snd_una;
		avail = conn->snd_wnd > in_flight ? conn->snd_wnd - in_flight : 0;
		len = (uint32_t)MIN(unsent, (size_t)MIN(avail, conn->smss));
		if (!len)
			break;
		tcp_xmit_segment(conn, conn->snd_nxt,
				 TCP_ACK | (len == unsent ? TCP_PSH : 0), len);
		tcp_sent(conn, conn->snd_nxt, conn->snd_nxt + len);
	}
	offset = conn->snd_nxt - conn->snd_una;
	if (tcp_want_fin(conn) && !(conn->flags & TCPF_FIN_SENT) &&
	    offset == conn->tx_len) {
		tcp_xmit_segment(conn, conn->snd_nxt, TCP_FIN | TCP_ACK, 0);
		conn->flags |= TCPF_FIN_SENT;
		tcp_sent(conn, conn->snd_nxt, conn->snd_nxt + 1);
	}
	if (conn->snd_max != conn->snd_una ||
	    (conn->tx_len && conn->snd_wnd == 0))
		retry_start(&conn->rtx);
}
