/*
 * ICMP (RFC 792) for IPv4: echo requests are answered by net/icmp.c; echo
 * replies go to the echo listener registered under their identifier (the
 * "ping" command is one).  Other messages are counted and dropped.
 */
#ifndef WIREBOOT_ICMP_H
#define WIREBOOT_ICMP_H

#include <wireboot/compiler.h>
#include <wireboot/list.h>

#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO_REQUEST 8

/* An echo request or reply header; the payload follows. */
struct icmp_echo {
	uint8_t type;
	uint8_t code;
	uint16_t chksum;
	uint16_t ident;
	uint16_t seq;
} __packed;

/* Someone waiting for echo replies. */
struct icmp_echo_listener {
	struct list_head list;
	/* Identifier (host order), chosen by icmp_echo_listen(). */
	uint16_t ident;
	/*
	 * An echo reply for IDENT arrived from SRC (network order) with
	 * sequence number SEQ (host order) and LEN bytes of payload DATA.
	 */
	void (*reply)(struct icmp_echo_listener *listener, uint32_t src,
		      uint16_t seq, const void *data, size_t len);
};

/* Start taking replies: picks an unused identifier for LISTENER. */
void icmp_echo_listen(struct icmp_echo_listener *listener);

/* Stop taking replies (harmless if not listening). */
void icmp_echo_unlisten(struct icmp_echo_listener *listener);

/*
 * Send an echo request to DEST (network order) with LISTENER's identifier,
 * sequence number SEQ and LEN bytes of payload DATA.  0 or an error.
 */
int icmp_echo_request(struct icmp_echo_listener *listener, uint32_t dest,
		      uint16_t seq, const void *data, size_t len);

#endif
