/*
 * DHCP client (RFC 2131/2132) with the PXE 2.1 extensions: the packet
 * layout, option numbers, the pure option parser/builder (net/dhcp_options.c,
 * fuzzed), the settings block that publishes a received packet
 * (net/dhcp_settings.c), the client state machine (net/dhcp.c) and PXE boot
 * server discovery (net/pxe_bootserver.c).
 *
 * Tags: an option inside an encapsulating option (43 PXE, 175 iPXE) is named
 * (outer << 8) | inner, the same numbering settings use ("${175.8}").
 *
 * Results land in settings, as in iPXE: the ACK is the block "dhcp" below
 * the device's block ("net0.dhcp"), a ProxyDHCP answer the block "proxydhcp"
 * and a boot server's answer the block "pxebs" (both below the root).
 */
#ifndef WIREBOOT_DHCP_H
#define WIREBOOT_DHCP_H

#include <wireboot/compiler.h>

struct interface;
struct net_device;
struct settings;

/* UDP ports. */
#define BOOTPS_PORT 67
#define BOOTPC_PORT 68
#define PXE_PORT 4011

/* The fixed BOOTP part of every packet, then the magic cookie. */
struct dhcphdr {
	uint8_t op;		/* BOOTP_REQUEST or BOOTP_REPLY */
	uint8_t htype;		/* 1 = Ethernet */
	uint8_t hlen;		/* 6 */
	uint8_t hops;
	uint32_t xid;
	uint16_t secs;
	uint16_t flags;		/* BOOTP_FL_BROADCAST */
	uint32_t ciaddr;
	uint32_t yiaddr;
	uint32_t siaddr;	/* next server (TFTP) */
	uint32_t giaddr;
	uint8_t chaddr[16];
	char sname[64];		/* may carry options (overload bit 2) */
	char file[128];		/* may carry options (overload bit 1) */
	uint32_t magic;		/* DHCP_MAGIC, big-endian */
} __packed;

/* Options follow the header. */
#define DHCP_HDR_LEN sizeof(struct dhcphdr)

#define BOOTP_REQUEST 1
#define BOOTP_REPLY 2
#define BOOTP_HTYPE_ETHER 1
#define BOOTP_FL_BROADCAST 0x8000
#define DHCP_MAGIC 0x63825363U

/* Option numbers. */
#define DHCP_PAD 0
#define DHCP_NETMASK 1
#define DHCP_ROUTERS 3
#define DHCP_DNS 6
#define DHCP_HOST_NAME 12
#define DHCP_DOMAIN_NAME 15
#define DHCP_ROOT_PATH 17
#define DHCP_VENDOR_ENCAP 43
#define DHCP_REQUESTED_ADDRESS 50
#define DHCP_LEASE_TIME 51
#define DHCP_OVERLOAD 52
#define DHCP_MESSAGE_TYPE 53
#define DHCP_SERVER_ID 54
#define DHCP_PARAMETER_REQUEST 55
#define DHCP_MAX_MESSAGE_SIZE 57
#define DHCP_VENDOR_CLASS_ID 60
#define DHCP_CLIENT_ID 61
#define DHCP_TFTP_SERVER_NAME 66
#define DHCP_BOOTFILE_NAME 67
#define DHCP_USER_CLASS 77
#define DHCP_CLIENT_ARCH 93
#define DHCP_CLIENT_NDI 94
#define DHCP_CLIENT_UUID 97
#define DHCP_EB_ENCAP 175
#define DHCP_END 255

/* Option 52 bits: which header fields carry options. */
#define DHCP_OVERLOAD_FILE 1
#define DHCP_OVERLOAD_SNAME 2

/* Option 53 values. */
#define DHCPDISCOVER 1
#define DHCPOFFER 2
#define DHCPREQUEST 3
#define DHCPDECLINE 4
#define DHCPACK 5
#define DHCPNAK 6
#define DHCPRELEASE 7
#define DHCPINFORM 8

/* Tag of option INNER inside option OUTER. */
#define DHCP_ENCAP_TAG(outer, inner) (((unsigned int)(outer) << 8) | (inner))

/* PXE sub-options of option 43 (PXE 2.1 table 2-1). */
#define PXE_DISCOVERY_CONTROL 6
#define PXE_MCAST_ADDR 7
#define PXE_BOOT_SERVERS 8
#define PXE_BOOT_MENU 9
#define PXE_MENU_PROMPT 10
#define PXE_BOOT_ITEM 71

/* Option 43.6 bits. */
#define PXEBS_NO_BROADCAST 1
#define PXEBS_NO_MULTICAST 2
#define PXEBS_ONLY_LISTED 4
#define PXEBS_SKIP_DISCOVERY 8

/* Option 175 sub-options: what the build supports (RFC-less iPXE codes). */
#define DHCP_EB_FEATURE_PXE_EXT 0x10
#define DHCP_EB_FEATURE_ISCSI 0x11
#define DHCP_EB_FEATURE_AOE 0x12
#define DHCP_EB_FEATURE_HTTP 0x13
#define DHCP_EB_FEATURE_HTTPS 0x14
#define DHCP_EB_FEATURE_TFTP 0x15
#define DHCP_EB_FEATURE_DNS 0x17
#define DHCP_EB_FEATURE_PXE 0x21
#define DHCP_EB_FEATURE_EFI 0x24
#define DHCP_EB_VERSION 0xeb

/* The longest packet we build or keep (a full Ethernet payload). */
#define DHCP_MAX_LEN 1472

/*
 * What the platform tells servers about itself (options 60, 93, 94).  Each
 * platform defines one dhcp_arch; no #ifdef picks it.
 */
struct dhcp_arch {
	/* Client system architecture (RFC 4578): 0 BIOS, 7 x64 EFI, ... */
	uint16_t arch;
	/* Network interface (UNDI) version: 2.1 on BIOS, 3.10 on EFI. */
	uint8_t undi_major;
	uint8_t undi_minor;
};
extern const struct dhcp_arch dhcp_arch;

/* ---- Options (net/dhcp_options.c): pure, trusts nothing it is given ---- */

/*
 * Is the LEN-byte PKT a BOOTP/DHCP packet we can read (a full header and
 * the magic cookie)?  0 or ERR(EBADMSG).  Nothing else is checked: every
 * option lookup copes with malformed options by ignoring them.
 */
int dhcp_packet_check(const void *pkt, size_t len);

/* Walks the options of a packet (options, then file, then sname). */
struct dhcp_option_iter {
	const uint8_t *pkt;
	size_t len;
	/* Region being walked: 0 options field, 1 file, 2 sname, 3 done. */
	unsigned int region;
	size_t pos;
	size_t end;
	/* Option 52 as found in the options field (0 if absent). */
	unsigned int overload;
};

/* Start walking the options of PKT (already checked). */
void dhcp_option_iter_init(struct dhcp_option_iter *iter, const void *pkt,
			   size_t len);

/*
 * The next option: 1 with *TAG, *DATA and *LEN set, or 0 at the end.  An
 * option whose length runs past its region ends that region.  Pads and
 * the end marker are not returned.
 */
int dhcp_option_iter_next(struct dhcp_option_iter *iter, unsigned int *tag,
			  const uint8_t **data, size_t *len);

/*
 * Find option TAG (an encapsulated tag such as 43.8 looks inside the first
 * OUTER option) in the LEN-byte packet PKT.  Returns the option's length
 * with *DATA pointing at its value, or ERR(ENOENT).  The first instance
 * wins (RFC 3396 concatenation is not done).
 */
int dhcp_find_option(const void *pkt, size_t len, unsigned int tag,
		     const uint8_t **data);

/*
 * Find sub-option TAG (0-254) in the LEN bytes of encapsulated options at
 * ENCAP.  Returns its length with *DATA set, or ERR(ENOENT).
 */
int dhcp_find_encap(const uint8_t *encap, size_t len, unsigned int tag,
		    const uint8_t **data);

/* Option 53 of PKT, or 0 when absent (a BOOTP reply) or not one byte. */
unsigned int dhcp_message_type(const void *pkt, size_t len);

/* Builds options into a caller's buffer. */
struct dhcp_builder {
	uint8_t *buf;
	size_t max;
	size_t len;
};

/*
 * Start a BOOTREQUEST in BUF (MAX bytes, at least DHCP_HDR_LEN + 3): the
 * header with XID, CHADDR (6 bytes), the broadcast flag, and option 53 =
 * MSGTYPE.  0 or ERR(ENOSPC).
 */
int dhcp_build_request(struct dhcp_builder *builder, void *buf, size_t max,
		       unsigned int msgtype, uint32_t xid,
		       const uint8_t *chaddr);

/* Start bare options (for an encapsulated option's value) in BUF. */
void dhcp_build_raw(struct dhcp_builder *builder, void *buf, size_t max);

/* Append option TAG (1-254) with LEN (at most 255) bytes.  0 or ERR(ENOSPC). */
int dhcp_build_option(struct dhcp_builder *builder, unsigned int tag,
		      const void *data, size_t len);

/* The header of a packet being built (after dhcp_build_request). */
static inline struct dhcphdr *dhcp_builder_hdr(struct dhcp_builder *builder)
{
	return (struct dhcphdr *)(void *)builder->buf;
}

/*
 * Append the end marker, padding the packet to the 300 bytes BOOTP relays
 * expect.  Returns the packet's length or ERR(ENOSPC).
 */
int dhcp_build_end(struct dhcp_builder *builder);

/* ---- Client options (net/dhcp_request.c) ---- */

/*
 * Append what every request of ours carries: 57, 55, 60, 61, 77, 93, 94,
 * 97 and 175, for NETDEV.  0 or ERR(ENOSPC).
 */
int dhcp_build_client_options(struct dhcp_builder *builder,
			      struct net_device *netdev);

/*
 * The client UUID for option 97, in wire order: ${uuid} (canonical order)
 * mangled, or else ten zero bytes and the MAC of NETDEV.
 */
void dhcp_client_uuid(struct net_device *netdev, uint8_t uuid[16]);

/* ---- Settings (net/dhcp_settings.c) ---- */

/*
 * Publish a copy of the LEN-byte packet PKT as the settings block NAME
 * below PARENT (NULL = root), replacing any block of that name.  The block
 * answers "ip" from yiaddr, "next-server" from siaddr, "filename" from
 * option 67 or the file field, option 66 from the sname field, and every
 * other tag (encapsulated ones included) from the options.  0 or an error.
 */
int dhcp_publish(struct settings *parent, const char *name, const void *pkt,
		 size_t len);

/* Remove the block NAME below PARENT if it is a DHCP block. */
void dhcp_unpublish(struct settings *parent, const char *name);

/*
 * The packet the DHCP block NAME below PARENT (NULL = root) holds, as
 * stored (valid while the block stays registered).  0 or ERR(ENOENT).
 */
int dhcp_packet_of(struct settings *parent, const char *name,
		   const void **pkt, size_t *len);

/* ---- Client (net/dhcp.c, net/pxe_bootserver.c) ---- */

/* Timing, in ms, as iPXE: discovery back-off 1, 2, 4, 8 s. */
#define DHCP_DISC_MIN_TIMEOUT 1000
#define DHCP_DISC_MAX_TIMEOUT 8000
/* How long to wait for a ProxyDHCP offer after a normal offer. */
#define DHCP_PROXY_WAIT 1500
#define DHCP_REQ_MIN_TIMEOUT 1000
#define DHCP_REQ_MAX_TIMEOUT 4000

/*
 * Configure NETDEV by DHCP (and ProxyDHCP).  JOB is closed with 0 once
 * net0.dhcp (and proxydhcp) are published, or with an error: ETIMEDOUT
 * when no server answered, ECONNREFUSED after repeated NAKs.  Shutting JOB
 * down cancels.  The device must be open.
 */
int start_dhcp(struct interface *job, struct net_device *netdev);

/*
 * PXE boot server discovery on NETDEV (configured already) for boot server
 * TYPE, per the option 43 the configuration holds.  JOB is closed with 0
 * once "pxebs" is published, or with an error.
 */
int start_pxebs(struct interface *job, struct net_device *netdev,
		unsigned int type);

/*
 * Build a PXE request in BUF: a DHCPREQUEST from CIADDR with our client
 * options and, unless TYPE is negative, option 43.71 {TYPE, layer 0}.
 * 0 or an error; finish it with dhcp_build_end().
 */
int pxe_build_request(struct dhcp_builder *builder, void *buf, size_t max,
		      struct net_device *netdev, uint32_t xid, uint32_t ciaddr,
		      int type);

/*
 * The addresses option 43.8 (LEN bytes at DATA: {u16 type, u8 n, n x IPv4}
 * entries) lists for boot server TYPE, at most MAX into SERVERS.  Returns
 * how many, or ERR(EBADMSG) if the list is malformed.
 */
int pxe_boot_servers(const uint8_t *data, size_t len, unsigned int type,
		     uint32_t *servers, unsigned int max);

#endif
