/*
 * Fuzz the IPv4 receive path: ARP, IPv4 (fragment reassembly included),
 * ICMP and UDP, fed frames through the harness NIC.
 *
 * Input: one byte of set-up (bit 0: the NIC has address 10.0.0.2/24 with
 * gateway 10.0.0.1, else none), then frames, each a byte of kind (low two
 * bits: 0 IPv4, 1 ARP, 2 raw Ethernet; bit 2: let 2 s pass first; bit 3:
 * fill in the IPv4 header checksum and the ICMP or UDP checksum, so that
 * the fuzzer gets past them), a two-byte length and that many bytes.  IPv4
 * and ARP frames get an Ethernet header to the NIC from the fuzzer; raw
 * frames bring their own.  A UDP
 * socket is bound to port 68 and an echo listener waits, so deliveries run.
 */
#include <string.h>
#include <wireboot/arp.h>
#include <wireboot/ethernet.h>
#include <wireboot/icmp.h>
#include <wireboot/interface.h>
#include <wireboot/ipv4.h>
#include <wireboot/netdevice.h>
#include <wireboot/settings.h>
#include <wireboot/builtin_settings.h>
#include <wireboot/socket.h>
#include <wireboot/xfer.h>
#include <wireboot/tcpip.h>
#include <wireboot/byteorder.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The receiving end of the UDP socket: takes and frees whatever comes. */
struct fuzz_sink {
	struct interface xfer;
	unsigned long datagrams;
};

static int fuzz_sink_deliver(struct fuzz_sink *sink, struct io_buffer *iob,
			     const struct xfer_metadata *meta)
{
	sink->datagrams++;
	free_iob(iob);
	return 0;
}

static struct interface_operation fuzz_sink_operations[] = {
	INTF_OP(xfer_deliver, struct fuzz_sink *, fuzz_sink_deliver),
};

static struct interface_descriptor fuzz_sink_desc =
	INTF_DESC(struct fuzz_sink, xfer, fuzz_sink_operations);

static struct fuzz_sink sink = {
	.xfer = INTF_INIT(fuzz_sink_desc),
};

static void fuzz_echo_reply(struct icmp_echo_listener *listener,
			    uint32_t src, uint16_t seq, const void *data,
			    size_t len)
{
}

static struct icmp_echo_listener listener = { .reply = fuzz_echo_reply };

/* Bind the socket and the listener once. */
static void fuzz_ipv4_setup(void)
{
	static bool done;
	struct sockaddr_in peer = { .sin_family = AF_INET };
	struct sockaddr_in local = { .sin_family = AF_INET,
				     .sin_port = htons(68) };

	if (done)
		return;
	done = true;
	fuzz_netdev();
	if (xfer_open_socket(&sink.xfer, SOCK_DGRAM, (struct sockaddr *)&peer,
			     (struct sockaddr *)&local) != 0)
		__builtin_trap();
	icmp_echo_listen(&listener);
}

/* Give the NIC an address, or take it away. */
static void fuzz_ipv4_configure(struct net_device *netdev, bool configured)
{
	struct settings *settings = &netdev->settings.settings;

	storef_setting(settings, &ip_setting, configured ? "10.0.0.2" : NULL);
	storef_setting(settings, &netmask_setting,
		       configured ? "255.255.255.0" : NULL);
	storef_setting(settings, &gateway_setting,
		       configured ? "10.0.0.1" : NULL);
}

/* Fill in the checksums of the IPv4 packet of LEN bytes at PKT, if whole. */
static void fuzz_fix_checksums(uint8_t *pkt, size_t len)
{
	struct iphdr *ip = (struct iphdr *)pkt;
	size_t hlen = (size_t)(pkt[0] & 0x0f) * 4;
	size_t tlen;
	uint8_t pshdr[12] = { 0 };
	uint16_t sum;

	if (len < sizeof(*ip) || hlen < sizeof(*ip) || hlen > len)
		return;
	tlen = MIN((size_t)get_be16(&ip->len), len);
	if (tlen < hlen)
		return;
	ip->chksum = 0;
	ip->chksum = tcpip_chksum(pkt, hlen);
	tlen -= hlen;
	if (ip->protocol == 1 && tlen >= 4) {
		memset(pkt + hlen + 2, 0, 2);
		sum = tcpip_chksum(pkt + hlen, tlen);
		memcpy(pkt + hlen + 2, &sum, 2);
	} else if (ip->protocol == 17 && tlen >= 8) {
		memcpy(pshdr, &ip->src, 8);
		pshdr[9] = 17;
		put_be16(pshdr + 10, (uint16_t)tlen);
		memset(pkt + hlen + 6, 0, 2);
		sum = tcpip_continue_chksum(tcpip_chksum(pshdr, sizeof(pshdr)),
					    pkt + hlen, tlen);
		memcpy(pkt + hlen + 6, &sum, 2);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t peer[ETH_ALEN] = { 2, 0, 0, 0, 0, 0xfe };
	static uint8_t frame[ETH_HLEN + 65536];
	struct net_device *netdev = fuzz_netdev();
	uint8_t kind;
	size_t len;

	fuzz_ipv4_setup();
	if (size < 1)
		return 0;
	fuzz_ipv4_configure(netdev, data[0] & 1);
	data++;
	size--;
	while (size >= 3) {
		kind = data[0];
		len = MIN((size_t)get_be16(data + 1), size - 3);
		data += 3;
		size -= 3;
		if (kind & 4)
			fuzz_advance(2000);
		if ((kind & 3) == 2) {
			fuzz_rx(netdev, data, len);
		} else {
			memcpy(frame, netdev->ll_addr, ETH_ALEN);
			memcpy(frame + ETH_ALEN, peer, ETH_ALEN);
			put_be16(frame + 2 * ETH_ALEN,
				 (kind & 3) == 1 ? 0x0806 : 0x0800);
			memcpy(frame + ETH_HLEN, data, len);
			if (kind & 8)
				fuzz_fix_checksums(frame + ETH_HLEN, len);
			fuzz_rx(netdev, frame, ETH_HLEN + len);
		}
		data += len;
		size -= len;
	}
	/* Forget neighbours and half-built datagrams before the next input. */
	arp_flush();
	fuzz_advance(IPV4_REASM_TIMEOUT_MS + 1);
	return 0;
}
