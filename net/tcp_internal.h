/*
 * TCP internals shared by the connection code (tcp.c), the sender
 * (tcp_tx.c) and the receiver (tcp_rx.c).  Not an API.
 */
#ifndef NET_TCP_INTERNAL_H
#define NET_TCP_INTERNAL_H

#include <wireboot/interface.h>
#include <wireboot/list.h>
#include <wireboot/refcnt.h>
#include <wireboot/socket.h>
#include <wireboot/tcp.h>
#include <wireboot/timer.h>

enum tcp_state {
	TCP_CLOSED,
	TCP_SYN_SENT,
	TCP_ESTABLISHED,
	TCP_FIN_WAIT_1,
	TCP_FIN_WAIT_2,
	TCP_CLOSING,
	TCP_TIME_WAIT,
	TCP_CLOSE_WAIT,
	TCP_LAST_ACK,
};

/* Connection flags. */
#define TCPF_USER_CLOSED 0x01	/* the user is gone: send FIN, discard data */
#define TCPF_FIN_SENT 0x02	/* our FIN is in flight (snd_nxt covers it) */
#define TCPF_TS 0x04		/* timestamps agreed */
#define TCPF_SACK 0x08		/* SACK agreed */
#define TCPF_TIMING 0x10	/* timing a segment for an RTT sample */
#define TCPF_ACK_NOW 0x20	/* an ACK must go out before rx processing ends */

/* Largest receive window we ever advertise, and its window scale. */
#define TCP_MAX_WINDOW (4U * 1024 * 1024)
#define TCP_RCV_WSCALE 7
/* Bytes (buffer sizes) of out-of-order segments kept at most. */
#define TCP_MAX_OOO (4U * 1024 * 1024)
/* Queued bytes the user may have waiting to be sent. */
#define TCP_MAX_TX_QUEUE (256U * 1024)
/* MSS assumed when the peer sends none (RFC 9293). */
#define TCP_DEFAULT_MSS 536
/*
 * Delayed-ACK timeout, TIME_WAIT length, how long we wait in FIN_WAIT_2 for
 * a peer that never closes, SYN back-off bounds (ms).
 */
#define TCP_DELACK_MS 20
#define TCP_TIME_WAIT_MS 2000
#define TCP_FIN_WAIT_2_MS 60000
#define TCP_SYN_MIN_TIMEOUT 1000
#define TCP_SYN_MAX_TIMEOUT 8000

/* Where an out-of-order segment starts, kept in the buffer's headroom. */
struct tcp_ooo_tag {
	uint32_t seq;
	uint32_t fin;
};

struct tcp_connection {
	struct refcnt refcnt;
	/* In the list of connections (which holds the first reference). */
	struct list_head list;
	/* To the user of the byte stream. */
	struct interface xfer;
	/* Peer address (port set) and our address (may be 0: by route). */
	struct sockaddr_in peer;
	struct sockaddr_in local;
	uint16_t local_port;
	enum tcp_state state;
	unsigned int flags;

	/* Send sequence space. */
	uint32_t iss;
	uint32_t snd_una;
	uint32_t snd_nxt;
	/* Highest sequence sent (snd_nxt goes back on a timeout). */
	uint32_t snd_max;
	uint32_t snd_wnd;
	uint32_t snd_wl1;
	uint32_t snd_wl2;
	uint8_t snd_wscale;
	uint8_t rcv_wscale;
	/* Payload bytes per segment we send (peer's MSS less our options). */
	uint16_t smss;
	/* The MSS we announced (largest segment we expect). */
	uint16_t rcv_mss;

	/* Receive sequence space; rcv_adv is the window's right edge as advertised. */
	uint32_t rcv_nxt;
	uint32_t rcv_adv;
	/* Bytes received in order since our last ACK. */
	size_t unacked_rx;

	/* Timestamps (RFC 7323). */
	uint32_t ts_recent;
	/* Karn timing of one segment when there are no timestamps. */
	uint32_t rtt_seq;
	/* tcp_ts_now() when RTT_SEQ went out (only differences are used). */
	uint32_t rtt_start;
	struct tcp_rtt rtt;
	unsigned int dupacks;

	/* Data from the user not yet acknowledged, from snd_una on. */
	struct list_head tx_queue;
	size_t tx_len;
	/* Out-of-order segments (tagged with struct tcp_ooo_tag), by sequence. */
	struct list_head ooo;
	size_t ooo_size;
	/* Start of the out-of-order segment received last (first SACK block). */
	uint32_t last_ooo_seq;

	struct retry_timer rtx;
	struct timer delack;
	/* Ends TIME_WAIT, or a FIN_WAIT_2 the peer never finishes. */
	struct timer time_wait;
};

/* Send what the windows allow: SYN, data, FIN (tcp_tx.c). */
void tcp_xmit(struct tcp_connection *conn);

/* Send one segment at SEQ with FLAGS and LEN payload bytes from the queue. */
int tcp_xmit_segment(struct tcp_connection *conn, uint32_t seq,
		     unsigned int flags, size_t len);

/* Send a bare ACK now. */
void tcp_send_ack(struct tcp_connection *conn);

/* (Re)arm the retransmission timer with the current RTO if data is in flight. */
void tcp_rtx_restart(struct tcp_connection *conn);

/* The receive window to advertise now, in bytes (unscaled). */
uint32_t tcp_rcv_window(struct tcp_connection *conn);

/* Process a segment for CONN (tcp_rx.c); IOB holds the payload only. */
void tcp_rx_segment(struct tcp_connection *conn, const struct tcp_header *hdr,
		    const struct tcp_options *opts, struct io_buffer *iob);

/* Free every out-of-order segment. */
void tcp_ooo_flush(struct tcp_connection *conn);

/* Terminate CONN: tell the user RC (if still there) and forget it. */
void tcp_close_conn(struct tcp_connection *conn, int rc);

/* The peer has closed its side (FIN in order): tell the user, close ours. */
void tcp_peer_closed(struct tcp_connection *conn);

/* Enter TIME_WAIT (or restart it). */
void tcp_enter_time_wait(struct tcp_connection *conn);

/* Millisecond clock for timestamps. */
uint32_t tcp_ts_now(void);

/* Is the connection past the handshake and not yet closed? */
static inline bool tcp_synchronized(const struct tcp_connection *conn)
{
	return conn->state != TCP_CLOSED && conn->state != TCP_SYN_SENT;
}

extern const struct tcpip_protocol tcp_protocol;

#endif
