/*
 * TCP (RFC 9293), client side.  Connections are opened through the
 * SOCK_STREAM socket opener (<wireboot/socket.h>): the new connection is
 * plugged to the caller's interface, which sees the byte stream through the
 * data-transfer methods (<wireboot/xfer.h>):
 *
 *  - xfer_window() on the connection says how many bytes may be queued for
 *    sending now (0 until the handshake completes; xfer_window_changed()
 *    tells the user when sending becomes possible);
 *  - xfer_deliver() queues bytes to send;
 *  - received bytes are delivered up, in order, as the I/O buffers they
 *    arrived in with the headers stripped; the user's xfer_window() bounds
 *    the receive window TCP advertises, and its xfer_window_changed() makes
 *    TCP advertise a reopened window;
 *  - intf_close() with 0 sends a FIN after the queued data (the connection
 *    lingers on its own to finish the close); with an error it aborts (RST).
 *  - TCP closes the user's interface with 0 when the peer has closed its
 *    side (FIN) and every byte has been delivered (TCP then closes its own
 *    side: a client has nothing more to say), or with an error:
 *    ECONNREFUSED (RST to our SYN), ECONNRESET, ETIMEDOUT (no answer to the
 *    SYN for about 15 s, or to a retransmission for about 40 s).
 *
 * Policies: MSS from the route's MTU, window scaling and timestamps (RFC
 * 7323), SACK-permitted with SACK blocks for the out-of-order data we hold
 * (RFC 2018); a receive window of up to 4 MiB bounded by what the user can
 * take and by a quarter of the free heap; RTO per RFC 6298 with exponential
 * back-off; fast retransmit after three duplicate ACKs; an ACK for every
 * two full segments, at once for anything out of order, else within
 * 20 ms; TIME_WAIT of 2 s (ephemeral ports are handed out in turn, so a
 * 4-tuple is not reused soon) and at most 60 s in FIN_WAIT_2.  There is no
 * congestion control on the sending side: a client sends requests only.
 *
 * The pieces below are exported for the option and RTT code, the unit
 * tests and the fuzzer.
 */
#ifndef WIREBOOT_TCP_H
#define WIREBOOT_TCP_H

#include <wireboot/compiler.h>

/* The fixed part of a TCP header; fields in network byte order. */
struct tcp_header {
	uint16_t src;
	uint16_t dest;
	uint32_t seq;
	uint32_t ack;
	/* Data offset in 32-bit words, in the top four bits. */
	uint8_t hlen;
	uint8_t flags;
	uint16_t win;
	uint16_t csum;
	uint16_t urg;
};

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10
#define TCP_URG 0x20

#define TCP_MIN_HLEN 20
#define TCP_MAX_HLEN 60

/* Option kinds. */
#define TCPOPT_END 0
#define TCPOPT_NOP 1
#define TCPOPT_MSS 2
#define TCPOPT_WS 3
#define TCPOPT_SACK_PERM 4
#define TCPOPT_SACK 5
#define TCPOPT_TS 8

/* Most SACK blocks a segment of ours carries (three fit beside timestamps). */
#define TCP_MAX_SACK_BLOCKS 4
/* Largest window scale allowed (RFC 7323). */
#define TCP_MAX_WSCALE 14

/* One SACK block: sequence numbers [left, right) held out of order. */
struct tcp_sack_block {
	uint32_t left;
	uint32_t right;
};

/* What the options of a received segment said; flags say which were present. */
struct tcp_options {
	bool has_mss;
	bool has_wscale;
	bool sack_permitted;
	bool has_ts;
	uint16_t mss;
	uint8_t wscale;
	uint32_t tsval;
	uint32_t tsecr;
	/* SACK blocks the peer reported (kept only for counting). */
	unsigned int num_sack;
};

/*
 * Parse LEN bytes of options at DATA into OPTS.  Malformed options (a
 * length running past the end, a wrong fixed length) end the parse with
 * ERR(EINVAL); what was parsed before stays in OPTS.
 */
int tcp_parse_options(const void *data, size_t len, struct tcp_options *opts);

/* What our own segments carry. */
struct tcp_tx_options {
	/* SYN only: MSS, window scale, SACK-permitted. */
	bool syn;
	uint16_t mss;
	uint8_t wscale;
	bool sack_permitted;
	/* Timestamps (on the SYN, and later if the peer agreed). */
	bool ts;
	uint32_t tsval;
	uint32_t tsecr;
	/* SACK blocks (not on a SYN). */
	unsigned int num_sack;
	struct tcp_sack_block sack[TCP_MAX_SACK_BLOCKS];
};

/* Length (a multiple of 4, at most 40) that tcp_build_options() writes. */
size_t tcp_options_len(const struct tcp_tx_options *opts);

/* Write the options into BUF (tcp_options_len() bytes); returns that length. */
size_t tcp_build_options(const struct tcp_tx_options *opts, void *buf);

/* Round-trip time estimation and the retransmission timeout (RFC 6298). */
struct tcp_rtt {
	/* Smoothed RTT and its variation, in ms scaled by 8 and 4; 0 = no sample. */
	uint32_t srtt8;
	uint32_t rttvar4;
	/* The current timeout, in ms. */
	uint32_t rto;
};

/* Bounds and the starting value of the RTO, in ms. */
#define TCP_RTO_INITIAL 1000
#define TCP_RTO_MIN 200
#define TCP_RTO_MAX 16000

/* Start with no sample (RTO of TCP_RTO_INITIAL). */
void tcp_rtt_init(struct tcp_rtt *rtt);

/* Take a round-trip sample of MS milliseconds into account. */
void tcp_rtt_sample(struct tcp_rtt *rtt, uint32_t ms);

/* Sequence-number comparisons, modulo 2^32. */
static inline int32_t tcp_seq_diff(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b);
}
#define tcp_seq_lt(a, b) (tcp_seq_diff((a), (b)) < 0)
#define tcp_seq_le(a, b) (tcp_seq_diff((a), (b)) <= 0)
#define tcp_seq_gt(a, b) (tcp_seq_diff((a), (b)) > 0)
#define tcp_seq_ge(a, b) (tcp_seq_diff((a), (b)) >= 0)

/* Number of connections that exist (any state); for tests and leak checks. */
unsigned int tcp_connection_count(void);

#endif
