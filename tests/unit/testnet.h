/*
 * A network device for unit tests of protocols (tests/unit/testnet.c): it
 * keeps every frame the stack sends, for the test to inspect, and takes
 * frames the test builds as if they had arrived.  Helpers build Ethernet +
 * IPv4 frames with correct checksums.
 */
#ifndef WIREBOOT_TEST_TESTNET_H
#define WIREBOOT_TEST_TESTNET_H

#include <wireboot/compiler.h>

struct net_device;
struct io_buffer;

/* A registered, open device with MAC 02:00:00:00:00:LAST (NULL on failure). */
struct net_device *testnet_create(uint8_t last);

/* Unregister it (flushing what it kept). */
void testnet_destroy(struct net_device *netdev);

/* Frames sent and not yet popped. */
unsigned int testnet_count(struct net_device *netdev);

/* The oldest frame sent (Ethernet header included; caller frees), or NULL. */
struct io_buffer *testnet_pop(struct net_device *netdev);

/* Forget the frames sent. */
void testnet_flush(struct net_device *netdev);

/* Receive the LEN-byte frame FRAME on NETDEV and dispatch it at once. */
void testnet_inject(struct net_device *netdev, const void *frame, size_t len);

/* Store TEXT as ${netX/NAME} of NETDEV ("" deletes); 0 or an error. */
int testnet_set(struct net_device *netdev, const char *name, const char *text);

/*
 * Build into BUF an Ethernet frame to DEST_MAC from SRC_MAC carrying an IPv4
 * packet of PROTOCOL from SRC to DEST (dotted quads) with the LEN-byte
 * PAYLOAD (a transport header and data, whose checksum the caller fills
 * in, e.g. with testnet_transport_chksum()).  FRAGS is the flags/offset
 * field (host order), IDENT the identification.  Returns the frame length.
 */
size_t testnet_ipv4_frame(uint8_t *buf, const uint8_t *dest_mac,
			  const uint8_t *src_mac, const char *src,
			  const char *dest, uint8_t protocol, uint16_t ident,
			  uint16_t frags, const void *payload, size_t len);

/*
 * The transport checksum (TCP/UDP, with the pseudo-header) of the LEN
 * bytes at SEGMENT (checksum field zeroed) from SRC to DEST, as stored.
 */
uint16_t testnet_transport_chksum(const char *src, const char *dest,
				  uint8_t protocol, const void *segment,
				  size_t len);

/* MAC of the far end in test frames: 02:00:00:00:00:fe. */
extern const uint8_t testnet_peer_mac[6];

#endif
