/*
 * TCP receive state machine (RFC 9293 section 3.10.7): the handshake reply,
 * acceptability and RST/SYN checks, PAWS (RFC 7323), acknowledgements with
 * RTT samples and fast retransmit, in-order delivery straight up, the
 * out-of-order queue behind SACK (RFC 2018), FIN handling and the ACK policy.
 */
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include <wireboot/iobuf.h>
#include <wireboot/time.h>
#include <wireboot/xfer.h>
#include "tcp_internal.h"

#define ERR_SUBSYS ESUB_TCP

/*
 * Received bytes after which an ACK goes out at once, within one main-loop
 * step (a quarter of TCP_MAX_WINDOW, so the sender never waits on it).
 */
#define TCP_ACK_STRETCH_MAX (1024U * 1024)

/* Duplicate ACKs that trigger a fast retransmit (RFC 5681). */
#define TCP_DUPACK_THRESHOLD 3

void tcp_ooo_flush(struct tcp_connection *conn)
{
	struct io_buffer *iob, *tmp;

	list_for_each_entry_safe(iob, tmp, &conn->ooo, list) {
		list_del(&iob->list);
		free_iob(iob);
	}
	conn->ooo_size = 0;
}

/* Memory a buffer takes, for bounding the out-of-order queue. */
static size_t tcp_iob_size(const struct io_buffer *iob)
{
	return (size_t)((char *)iob->end - (char *)iob->head);
}

/* The SYN-ACK: take the peer's options and complete the handshake. */
static void tcp_rx_syn_sent(struct tcp_connection *conn,
			    const struct tcp_header *hdr,
			    const struct tcp_options *opts)
{
	uint32_t seq = ntohl(hdr->seq);
	uint32_t ack = ntohl(hdr->ack);
	uint16_t mss;

	if (hdr->flags & TCP_ACK) {
		if (ack != conn->iss + 1) {
			if (!(hdr->flags & TCP_RST))
				tcp_xmit_segment(conn, ack, TCP_RST, 0);
			return;
		}
	}
	if (hdr->flags & TCP_RST) {
		if (hdr->flags & TCP_ACK)
			tcp_close_conn(conn, ERR(ECONNREFUSED));
		return;
	}
	if (!(hdr->flags & TCP_SYN) || !(hdr->flags & TCP_ACK))
		return;

	conn->rcv_nxt = seq + 1;
	conn->rcv_adv = conn->rcv_nxt;
	mss = opts->has_mss ? opts->mss : TCP_DEFAULT_MSS;
	if (mss > conn->rcv_mss)
		mss = conn->rcv_mss;
	if (opts->has_wscale) {
		conn->snd_wscale = opts->wscale;
	} else {
		conn->snd_wscale = 0;
		conn->rcv_wscale = 0;
	}
	if (opts->has_ts) {
		conn->flags |= TCPF_TS;
		conn->ts_recent = opts->tsval;
		mss -= 12;
	}
	if (opts->sack_permitted)
		conn->flags |= TCPF_SACK;
	if (mss < 64)
		mss = 64;
	conn->smss = mss;
	conn->snd_una = ack;
	conn->snd_wnd = ntohs(hdr->win);
	conn->snd_wl1 = seq;
	conn->snd_wl2 = ack;
	if (opts->has_ts && opts->tsecr)
		tcp_rtt_sample(&conn->rtt, tcp_ts_now() - opts->tsecr);
	else if (conn->flags & TCPF_TIMING)
		tcp_rtt_sample(&conn->rtt, (uint32_t)(now_ms() - conn->rtt_start));
	conn->flags &= ~TCPF_TIMING;
	conn->state = TCP_ESTABLISHED;
	retry_stop(&conn->rtx);
	conn->rtx.min_timeout = TCP_RTO_MIN;
	conn->rtx.max_timeout = TCP_RTO_MAX;
	conn->rtx.timeout = conn->rtt.rto;
	tcp_send_ack(conn);
	xfer_window_changed(&conn->xfer);
	tcp_xmit(conn);
}

/* Is a segment at SEQ of LEN sequence numbers acceptable (RFC 9293 3.10.7.4)? */
static bool tcp_acceptable(struct tcp_connection *conn, uint32_t seq,
			   uint32_t len)
{
	uint32_t wnd = conn->rcv_adv - conn->rcv_nxt;

	if (tcp_seq_lt(conn->rcv_adv, conn->rcv_nxt))
		wnd = 0;
	if (!len) {
		if (!wnd)
			return seq == conn->rcv_nxt;
		return tcp_seq_le(conn->rcv_nxt, seq) &&
		       tcp_seq_lt(seq, conn->rcv_nxt + wnd);
	}
	if (!wnd)
		return false;
	return (tcp_seq_le(conn->rcv_nxt, seq) &&
		tcp_seq_lt(seq, conn->rcv_nxt + wnd)) ||
	       (tcp_seq_lt(conn->rcv_nxt, seq + len) &&
		tcp_seq_le(seq + len, conn->rcv_nxt + wnd));
}

/* Drop acknowledged bytes from the front of the send queue. */
static void tcp_drop_acked(struct tcp_connection *conn, size_t len)
{
	struct io_buffer *iob, *tmp;

	list_for_each_entry_safe(iob, tmp, &conn->tx_queue, list) {
		if (!len)
			break;
		if (iob_len(iob) > len) {
			iob_pull(iob, len);
			conn->tx_len -= len;
			break;
		}
		len -= iob_len(iob);
		conn->tx_len -= iob_len(iob);
		list_del(&iob->list);
		free_iob(iob);
	}
}

/* Process the ACK field; returns false if the segment must be dropped. */
static bool tcp_rx_ack(struct tcp_connection *conn, const struct tcp_header *hdr,
		       const struct tcp_options *opts, size_t seg_len)
{
	uint32_t seq = ntohl(hdr->seq);
	uint32_t ack = ntohl(hdr->ack);
	uint32_t win = (uint32_t)ntohs(hdr->win) << conn->snd_wscale;
	uint32_t acked;
	bool fin_acked;

	if (tcp_seq_gt(ack, conn->snd_max)) {
		tcp_send_ack(conn);
		return false;
	}
	if (tcp_seq_gt(ack, conn->snd_una)) {
		acked = ack - conn->snd_una;
		fin_acked = (conn->flags & TCPF_FIN_SENT) && ack == conn->snd_max;
		tcp_drop_acked(conn, MIN((size_t)acked, conn->tx_len));
		conn->snd_una = ack;
		if (tcp_seq_lt(conn->snd_nxt, ack))
			conn->snd_nxt = ack;
		if ((conn->flags & TCPF_TS) && opts->has_ts && opts->tsecr) {
			tcp_rtt_sample(&conn->rtt, tcp_ts_now() - opts->tsecr);
		} else if ((conn->flags & TCPF_TIMING) &&
			   tcp_seq_gt(ack, conn->rtt_seq)) {
			tcp_rtt_sample(&conn->rtt,
				       (uint32_t)(now_ms() - conn->rtt_start));
			conn->flags &= ~TCPF_TIMING;
		}
		conn->dupacks = 0;
		tcp_rtx_restart(conn);
		if (fin_acked) {
			if (conn->state == TCP_FIN_WAIT_1) {
				conn->state = TCP_FIN_WAIT_2;
				timer_start(&conn->time_wait,
					    TCP_FIN_WAIT_2_MS);
			} else if (conn->state == TCP_CLOSING) {
				tcp_enter_time_wait(conn);
			} else if (conn->state == TCP_LAST_ACK) {
				tcp_close_conn(conn, 0);
				return false;
			}
		}
		if (!(conn->flags & TCPF_USER_CLOSED))
			xfer_window_changed(&conn->xfer);
	} else if (ack == conn->snd_una && !seg_len &&
		   !(hdr->flags & TCP_FIN) && win == conn->snd_wnd &&
		   conn->snd_max != conn->snd_una) {
		if (++conn->dupacks == TCP_DUPACK_THRESHOLD) {
			/* Fast retransmit of the oldest segment. */
			size_t len = MIN((size_t)conn->smss, conn->tx_len);

			conn->flags &= ~TCPF_TIMING;
			if (len)
				tcp_xmit_segment(conn, conn->snd_una,
						 TCP_ACK, len);
			else if (conn->flags & TCPF_FIN_SENT)
				tcp_xmit_segment(conn, conn->snd_una,
						 TCP_FIN | TCP_ACK, 0);
		}
	}
	if (conn->state == TCP_CLOSED)
		return false;
	if (tcp_seq_lt(conn->snd_wl1, seq) ||
	    (conn->snd_wl1 == seq && tcp_seq_le(conn->snd_wl2, ack))) {
		conn->snd_wnd = win;
		conn->snd_wl1 = seq;
		conn->snd_wl2 = ack;
	}
	return true;
}

/* Our FIN state moves on because the peer's FIN arrived in order. */
static void tcp_rx_fin(struct tcp_connection *conn)
{
	conn->rcv_nxt++;
	conn->flags |= TCPF_ACK_NOW;
	switch (conn->state) {
	case TCP_ESTABLISHED:
		conn->state = TCP_CLOSE_WAIT;
		tcp_peer_closed(conn);
		break;
	case TCP_FIN_WAIT_1:
		conn->state = TCP_CLOSING;
		break;
	case TCP_FIN_WAIT_2:
		tcp_enter_time_wait(conn);
		break;
	default:
		break;
	}
}

/* Hand in-order data up (or discard it if the user has gone). */
static void tcp_deliver(struct tcp_connection *conn, struct io_buffer *iob)
{
	size_t len = iob_len(iob);
	int rc;

	conn->rcv_nxt += (uint32_t)len;
	conn->unacked_rx += len;
	if (conn->flags & TCPF_USER_CLOSED) {
		free_iob(iob);
		return;
	}
	rc = xfer_deliver(&conn->xfer, iob, NULL);
	if (rc && conn->state != TCP_CLOSED) {
		tcp_xmit_segment(conn, conn->snd_nxt, TCP_RST | TCP_ACK, 0);
		tcp_close_conn(conn, rc);
	}
}

/* Deliver out-of-order segments that the in-order data has reached. */
static void tcp_ooo_drain(struct tcp_connection *conn)
{
	struct io_buffer *iob;
	struct tcp_ooo_tag tag;
	uint32_t end;

	while (!list_empty(&conn->ooo) && conn->state != TCP_CLOSED) {
		iob = list_first_entry(&conn->ooo, struct io_buffer, list);
		memcpy(&tag, iob->data, sizeof(tag));
		if (tcp_seq_gt(tag.seq, conn->rcv_nxt))
			break;
		list_del(&iob->list);
		conn->ooo_size -= tcp_iob_size(iob);
		iob_pull(iob, sizeof(tag));
		end = tag.seq + (uint32_t)iob_len(iob);
		if (tcp_seq_lt(end, conn->rcv_nxt) ||
		    (end == conn->rcv_nxt && !tag.fin)) {
			free_iob(iob);
			continue;
		}
		iob_pull(iob, conn->rcv_nxt - tag.seq);
		if (iob_len(iob))
			tcp_deliver(conn, iob);
		else
			free_iob(iob);
		if (tag.fin && conn->state != TCP_CLOSED)
			tcp_rx_fin(conn);
	}
}

/* Keep a segment that arrived ahead of a hole, in sequence order. */
static void tcp_ooo_insert(struct tcp_connection *conn, struct io_buffer *iob,
			   uint32_t seq, bool fin)
{
	struct tcp_ooo_tag tag = { .seq = seq, .fin = fin };
	struct io_buffer *pos;
	struct list_head *before = &conn->ooo;
	size_t len = iob_len(iob);

	conn->flags |= TCPF_ACK_NOW;
	conn->last_ooo_seq = seq;
	if (conn->ooo_size + tcp_iob_size(iob) > TCP_MAX_OOO) {
		free_iob(iob);
		return;
	}
	list_for_each_entry(pos, &conn->ooo, list) {
		struct tcp_ooo_tag ptag;
		size_t plen = iob_len(pos) - sizeof(ptag);

		memcpy(&ptag, pos->data, sizeof(ptag));
		if (ptag.seq == seq && plen >= len && (ptag.fin || !fin)) {
			free_iob(iob);
			return;
		}
		if (tcp_seq_gt(ptag.seq, seq)) {
			before = &pos->list;
			break;
		}
	}
	/* The header we stripped left room for the tag. */
	memcpy(iob_push(iob, sizeof(tag)), &tag, sizeof(tag));
	list_add_tail(&iob->list, before);
	conn->ooo_size += tcp_iob_size(iob);
}

/* The payload (and FIN) of an acceptable segment. */
static void tcp_rx_data(struct tcp_connection *conn, uint32_t seq, bool fin,
			struct io_buffer *iob)
{
	uint32_t wnd_end = conn->rcv_adv;
	uint32_t len, end;

	/* Trim what we already have and what lies beyond the window. */
	if (tcp_seq_lt(seq, conn->rcv_nxt)) {
		uint32_t skip = conn->rcv_nxt - seq;

		if (skip > iob_len(iob))
			skip = (uint32_t)iob_len(iob);
		iob_pull(iob, skip);
		seq += skip;
	}
	len = (uint32_t)iob_len(iob);
	end = seq + len;
	if (tcp_seq_gt(end, wnd_end)) {
		uint32_t cut = end - wnd_end;

		iob_unput(iob, cut > len ? len : cut);
		fin = false;
		len = (uint32_t)iob_len(iob);
		end = seq + len;
	}
	if (seq != conn->rcv_nxt) {
		if (tcp_seq_gt(seq, conn->rcv_nxt) && (len || fin))
			tcp_ooo_insert(conn, iob, seq, fin);
		else
			free_iob(iob);
		conn->flags |= TCPF_ACK_NOW;
		return;
	}
	if (!list_empty(&conn->ooo))
		conn->flags |= TCPF_ACK_NOW;
	if (len)
		tcp_deliver(conn, iob);
	else
		free_iob(iob);
	if (conn->state == TCP_CLOSED)
		return;
	if (fin)
		tcp_rx_fin(conn);
	tcp_ooo_drain(conn);
}

/*
 * Send the ACK the segment calls for, now or after a delay.  From two full
 * segments on, the ACK waits for the end of the current main-loop step
 * (a zero delayed-ACK timer), so that one ACK covers every frame the NIC
 * poll delivered, as with receive offload: each frame sent is a costly
 * trip through an emulated NIC (an e1000 download over a tap ran 25 %
 * faster with one ACK a poll than with one every 64 KiB).  A long burst
 * is still acknowledged every TCP_ACK_STRETCH_MAX bytes.
 */
static void tcp_ack_policy(struct tcp_connection *conn)
{
	size_t full = conn->rcv_mss - (conn->flags & TCPF_TS ? 12 : 0);

	if (!tcp_synchronized(conn))
		return;
	if ((conn->flags & TCPF_ACK_NOW) ||
	    conn->unacked_rx >= TCP_ACK_STRETCH_MAX) {
		tcp_send_ack(conn);
	} else if (conn->unacked_rx >= 2 * full) {
		timer_start(&conn->delack, 0);
	} else if (conn->unacked_rx && !timer_running(&conn->delack)) {
		timer_start(&conn->delack, TCP_DELACK_MS);
	}
}

void tcp_rx_segment(struct tcp_connection *conn, const struct tcp_header *hdr,
		    const struct tcp_options *opts, struct io_buffer *iob)
{
	uint32_t seq = ntohl(hdr->seq);
	uint32_t seg_len = (uint32_t)iob_len(iob);
	bool fin = (hdr->flags & TCP_FIN) != 0;

	if (conn->state == TCP_SYN_SENT) {
		tcp_rx_syn_sent(conn, hdr, opts);
		free_iob(iob);
		return;
	}
	if (conn->state == TCP_CLOSED)
		goto drop;
	/* A FIN takes no room in the window: judge the data alone. */
	if (!tcp_acceptable(conn, seq, seg_len)) {
		if (!(hdr->flags & TCP_RST))
			tcp_send_ack(conn);
		goto drop;
	}
	if (hdr->flags & TCP_RST) {
		if (seq != conn->rcv_nxt) {
			/* Challenge ACK (RFC 5961). */
			tcp_send_ack(conn);
		} else if (conn->state == TCP_TIME_WAIT ||
			   conn->state == TCP_CLOSING ||
			   conn->state == TCP_LAST_ACK) {
			tcp_close_conn(conn, 0);
		} else {
			tcp_close_conn(conn, ERR(ECONNRESET));
		}
		goto drop;
	}
	if (hdr->flags & TCP_SYN) {
		tcp_send_ack(conn);
		goto drop;
	}
	if (!(hdr->flags & TCP_ACK))
		goto drop;
	if ((conn->flags & TCPF_TS) && opts->has_ts) {
		/* PAWS: an old timestamp means an old duplicate. */
		if (tcp_seq_lt(opts->tsval, conn->ts_recent)) {
			tcp_send_ack(conn);
			goto drop;
		}
		if (tcp_seq_le(seq, conn->rcv_nxt))
			conn->ts_recent = opts->tsval;
	}
	if (!tcp_rx_ack(conn, hdr, opts, seg_len))
		goto drop;
	if (conn->state == TCP_TIME_WAIT) {
		/* A retransmitted FIN: acknowledge it again. */
		if (fin) {
			tcp_send_ack(conn);
			tcp_enter_time_wait(conn);
		}
		goto drop;
	}
	if (conn->state == TCP_CLOSE_WAIT || conn->state == TCP_CLOSING ||
	    conn->state == TCP_LAST_ACK) {
		/* The peer's FIN is in: nothing more should come. */
		if (seg_len || fin)
			tcp_send_ack(conn);
		goto drop;
	}
	if (seg_len || fin)
		tcp_rx_data(conn, seq, fin, iob);
	else
		free_iob(iob);
	tcp_ack_policy(conn);
	tcp_xmit(conn);
	return;
drop:
	free_iob(iob);
}
