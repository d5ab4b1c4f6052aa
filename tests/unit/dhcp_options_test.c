/*
 * DHCP option parsing and building (net/dhcp_options.c): lookups in the
 * options field and, with option 52, in the file and sname fields;
 * encapsulated options; malformed input (truncated options, lengths past
 * the end, bad encapsulation, a full-size packet); exact built bytes; the
 * option 43.8 boot server list.
 */
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/dhcp.h>
#include <wireboot/errors.h>
#include "unittest.h"

/* A reply of LEN bytes in BUF with OPTS (OPTS_LEN bytes) after the header. */
static size_t make_reply(uint8_t *buf, size_t max, const uint8_t *opts,
			 size_t opts_len)
{
	struct dhcphdr *hdr = (void *)buf;

	memset(buf, 0, max);
	hdr->op = BOOTP_REPLY;
	hdr->htype = 1;
	hdr->hlen = 6;
	hdr->magic = htonl(DHCP_MAGIC);
	memcpy(buf + DHCP_HDR_LEN, opts, opts_len);
	return DHCP_HDR_LEN + opts_len;
}

UNIT_TEST(dhcp_options_find_plain_and_encapsulated)
{
	static const uint8_t opts[] = {
		53, 1, DHCPOFFER,
		0, 0,				/* pads */
		1, 4, 255, 255, 255, 0,
		43, 9, 6, 1, 8, 8, 4, 0, 0, 0, 255,
		255,
		3, 4, 9, 9, 9, 9,		/* after the end: ignored */
	};
	uint8_t buf[512];
	size_t len = make_reply(buf, sizeof(buf), opts, sizeof(opts));
	const uint8_t *data;

	ok_eq(dhcp_packet_check(buf, len), 0);
	ok_eq(dhcp_message_type(buf, len), DHCPOFFER);
	ok_eq(dhcp_find_option(buf, len, DHCP_NETMASK, &data), 4);
	ok_eq(data[3], 0);
	ok_eq(dhcp_find_option(buf, len, DHCP_ENCAP_TAG(43, 6), &data), 1);
	ok_eq(data[0], 8);
	ok_eq(dhcp_find_option(buf, len, DHCP_ENCAP_TAG(43, 8), &data), 4);
	ok_eq(dhcp_find_option(buf, len, DHCP_ENCAP_TAG(43, 9), &data),
	      ERR_IN(ESUB_DHCP, ENOENT));
	ok_eq(dhcp_find_option(buf, len, DHCP_ROUTERS, &data),
	      ERR_IN(ESUB_DHCP, ENOENT));
	ok_eq(dhcp_find_option(buf, len, 0, &data), ERR_IN(ESUB_DHCP, ENOENT));
	ok_eq(dhcp_find_option(buf, len, 0x10000 | 1, &data),
	      ERR_IN(ESUB_DHCP, ENOENT));
}

UNIT_TEST(dhcp_options_bad_packets)
{
	uint8_t buf[512];
	size_t len = make_reply(buf, sizeof(buf), (const uint8_t *)"", 0);
	const uint8_t *data;

	ok_eq(dhcp_packet_check(buf, DHCP_HDR_LEN - 1),
	      ERR_IN(ESUB_DHCP, EBADMSG));
	ok_eq(dhcp_packet_check(buf, len), 0);
	buf[DHCP_HDR_LEN - 1] ^= 1;
	ok_eq(dhcp_packet_check(buf, len), ERR_IN(ESUB_DHCP, EBADMSG));
	/* A packet without the cookie has no options at all. */
	ok_eq(dhcp_find_option(buf, len, DHCP_MESSAGE_TYPE, &data),
	      ERR_IN(ESUB_DHCP, ENOENT));
	ok_eq(dhcp_message_type(buf, len), 0);
}

UNIT_TEST(dhcp_options_truncated)
{
	/* The netmask claims 4 bytes but the packet ends after 2. */
	static const uint8_t opts[] = { 53, 1, DHCPACK, 1, 4, 255, 255 };
	/* A length byte missing altogether. */
	static const uint8_t opts2[] = { 53, 1, DHCPACK, 3 };
	uint8_t buf[512];
	size_t len = make_reply(buf, sizeof(buf), opts, sizeof(opts));
	const uint8_t *data;

	ok_eq(dhcp_message_type(buf, len), DHCPACK);
	ok_eq(dhcp_find_option(buf, len, DHCP_NETMASK, &data),
	      ERR_IN(ESUB_DHCP, ENOENT));
	len = make_reply(buf, sizeof(buf), opts2, sizeof(opts2));
	ok_eq(dhcp_message_type(buf, len), DHCPACK);
	ok_eq(dhcp_find_option(buf, len, DHCP_ROUTERS, &data),
	      ERR_IN(ESUB_DHCP, ENOENT));
}

UNIT_TEST(dhcp_options_overload)
{
	static const uint8_t opts[] = {
		53, 1, DHCPACK, 52, 1, 3, 255,
	};
	uint8_t buf[512];
	struct dhcphdr *hdr = (void *)buf;
	size_t len = make_reply(buf, sizeof(buf), opts, sizeof(opts));
	const uint8_t *data;

	/* The file field holds 67, the sname field 66 and 12. */
	memcpy(hdr->file, "\x43\x05" "a.pxe" "\xff", 8);
	memcpy(hdr->sname, "\x42\x04tftp\x0c\x01h", 9);
	ok_eq(dhcp_find_option(buf, len, DHCP_BOOTFILE_NAME, &data), 5);
	ok(memcmp(data, "a.pxe", 5) == 0);
	ok_eq(dhcp_find_option(buf, len, DHCP_TFTP_SERVER_NAME, &data), 4);
	ok(memcmp(data, "tftp", 4) == 0);
	ok_eq(dhcp_find_option(buf, len, DHCP_HOST_NAME, &data), 1);
	/* Only the file field when option 52 says 1. */
	buf[DHCP_HDR_LEN + 5] = DHCP_OVERLOAD_FILE;
	ok_eq(dhcp_find_option(buf, len, DHCP_BOOTFILE_NAME, &data), 5);
	ok_eq(dhcp_find_option(buf, len, DHCP_TFTP_SERVER_NAME, &data),
	      ERR_IN(ESUB_DHCP, ENOENT));
	/* An option 67 running past the end of the file field is dropped. */
	buf[DHCP_HDR_LEN + 5] = 3;
	memset(hdr->file, 0, sizeof(hdr->file));
	hdr->file[126] = 67;
	hdr->file[127] = 20;
	ok_eq(dhcp_find_option(buf, len, DHCP_BOOTFILE_NAME, &data),
	      ERR_IN(ESUB_DHCP, ENOENT));
	ok_eq(dhcp_find_option(buf, len, DHCP_HOST_NAME, &data), 1);
	/* Option 52 inside the sname field does not count. */
	buf[DHCP_HDR_LEN + 5] = DHCP_OVERLOAD_SNAME;
	memcpy(hdr->sname, "\x34\x01\x01\xff", 4);
	memcpy(hdr->file, "\x43\x01x\xff", 4);
	ok_eq(dhcp_find_option(buf, len, DHCP_BOOTFILE_NAME, &data),
	      ERR_IN(ESUB_DHCP, ENOENT));
}

UNIT_TEST(dhcp_options_bad_encapsulation)
{
	/* 43 holds an 8 whose length runs past the end of 43. */
	static const uint8_t opts[] = {
		53, 1, DHCPOFFER, 43, 4, 6, 1, 8, 9, 60, 9,
		'P', 'X', 'E', 'C', 'l', 'i', 'e', 'n', 't', 255,
	};
	uint8_t buf[512];
	size_t len = make_reply(buf, sizeof(buf), opts, sizeof(opts));
	const uint8_t *data;

	ok_eq(dhcp_find_option(buf, len, DHCP_VENDOR_ENCAP, &data), 4);
	ok_eq(dhcp_find_option(buf, len, DHCP_ENCAP_TAG(43, 6), &data), 1);
	ok_eq(dhcp_find_option(buf, len, DHCP_ENCAP_TAG(43, 8), &data),
	      ERR_IN(ESUB_DHCP, ENOENT));
	ok_eq(dhcp_find_option(buf, len, DHCP_VENDOR_CLASS_ID, &data), 9);
}

UNIT_TEST(dhcp_options_full_size_packet)
{
	uint8_t buf[1500];
	size_t len = make_reply(buf, sizeof(buf), (const uint8_t *)"", 0);
	const uint8_t *data;

	len = sizeof(buf);
	/* Pads all the way, then a message type in the last three bytes. */
	buf[len - 3] = DHCP_MESSAGE_TYPE;
	buf[len - 2] = 1;
	buf[len - 1] = DHCPACK;
	ok_eq(dhcp_message_type(buf, len), DHCPACK);
	/* A message type must be one byte. */
	buf[len - 4] = DHCP_MESSAGE_TYPE;
	buf[len - 3] = 2;
	ok_eq(dhcp_message_type(buf, len), 0);
	buf[len - 4] = DHCP_PAD;
	buf[len - 3] = DHCP_MESSAGE_TYPE;
	/* One byte short: the option no longer fits. */
	ok_eq(dhcp_find_option(buf, len - 1, DHCP_MESSAGE_TYPE, &data),
	      ERR_IN(ESUB_DHCP, ENOENT));
}

UNIT_TEST(dhcp_options_iterate)
{
	static const uint8_t opts[] = {
		53, 1, DHCPACK, 52, 1, 1, 12, 0, 255,
	};
	uint8_t buf[512];
	struct dhcphdr *hdr = (void *)buf;
	size_t len = make_reply(buf, sizeof(buf), opts, sizeof(opts));
	struct dhcp_option_iter iter;
	unsigned int tags[8];
	unsigned int count = 0;
	unsigned int tag;
	const uint8_t *data;
	size_t optlen;

	memcpy(hdr->file, "\x11\x02/x", 4);
	dhcp_option_iter_init(&iter, buf, len);
	while (count < 8 && dhcp_option_iter_next(&iter, &tag, &data, &optlen))
		tags[count++] = tag;
	ok_eq(count, 4);
	ok_eq(tags[0], 53);
	ok_eq(tags[1], 52);
	ok_eq(tags[2], 12);
	ok_eq(tags[3], 17);
}

UNIT_TEST(dhcp_options_build)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
	uint8_t buf[400];
	struct dhcp_builder b;
	const struct dhcphdr *hdr = (void *)buf;
	uint8_t small[DHCP_HDR_LEN + 4];

	ok_eq(dhcp_build_request(&b, buf, sizeof(buf), DHCPDISCOVER,
				 0x11223344, mac), 0);
	ok_eq(hdr->op, BOOTP_REQUEST);
	ok_eq(hdr->htype, 1);
	ok_eq(hdr->hlen, 6);
	ok_eq(hdr->xid, 0x11223344);
	ok_eq(ntohs(hdr->flags), BOOTP_FL_BROADCAST);
	ok(memcmp(hdr->chaddr, mac, 6) == 0);
	ok_eq(ntohl(hdr->magic), DHCP_MAGIC);
	ok_eq(b.len, DHCP_HDR_LEN + 3);
	ok_eq(buf[DHCP_HDR_LEN], 53);
	ok_eq(buf[DHCP_HDR_LEN + 2], DHCPDISCOVER);
	ok_eq(dhcp_build_option(&b, 12, "abc", 3), 0);
	ok(memcmp(&buf[DHCP_HDR_LEN + 3], "\x0c\x03" "abc", 5) == 0);
	ok_eq(dhcp_build_option(&b, 0, "", 0), ERR_IN(ESUB_DHCP, EINVAL));
	ok_eq(dhcp_build_option(&b, 255, "", 0), ERR_IN(ESUB_DHCP, EINVAL));
	ok_eq(dhcp_build_option(&b, 12, buf, 256), ERR_IN(ESUB_DHCP, EINVAL));
	/* Padded to 300 bytes after the end marker. */
	ok_eq(dhcp_build_end(&b), 300);
	ok_eq(buf[DHCP_HDR_LEN + 8], 255);
	ok_eq(buf[299], 0);
	/* What we build, we read back. */
	buf[0] = BOOTP_REPLY;
	ok_eq(dhcp_message_type(buf, 300), DHCPDISCOVER);

	/* Running out of room. */
	ok_eq(dhcp_build_request(&b, small, sizeof(small), DHCPREQUEST, 1,
				 mac), 0);
	ok_eq(dhcp_build_option(&b, 12, "a", 1), ERR_IN(ESUB_DHCP, ENOSPC));
	ok_eq(dhcp_build_end(&b), (int)sizeof(small));
	ok_eq(dhcp_build_end(&b), ERR_IN(ESUB_DHCP, ENOSPC));
	ok_eq(dhcp_build_request(&b, small, DHCP_HDR_LEN - 1, DHCPREQUEST, 1,
				 mac), ERR_IN(ESUB_DHCP, ENOSPC));
}

UNIT_TEST(dhcp_options_boot_servers)
{
	static const uint8_t list[] = {
		0x80, 0x00, 2, 10, 0, 0, 1, 10, 0, 0, 2,
		0x00, 0x00, 1, 10, 0, 0, 3,
		0x80, 0x00, 1, 10, 0, 0, 4,
	};
	uint32_t servers[4];

	ok_eq(pxe_boot_servers(list, sizeof(list), 0x8000, servers, 4), 3);
	ok_eq(ntohl(servers[0]), 0x0a000001);
	ok_eq(ntohl(servers[1]), 0x0a000002);
	ok_eq(ntohl(servers[2]), 0x0a000004);
	ok_eq(pxe_boot_servers(list, sizeof(list), 0, servers, 4), 1);
	ok_eq(ntohl(servers[0]), 0x0a000003);
	ok_eq(pxe_boot_servers(list, sizeof(list), 0x8000, servers, 2), 2);
	ok_eq(pxe_boot_servers(list, sizeof(list), 7, servers, 4), 0);
	ok_eq(pxe_boot_servers(list, sizeof(list) - 1, 0, servers, 4),
	      ERR_IN(ESUB_DHCP, EBADMSG));
	ok_eq(pxe_boot_servers(list, 2, 0, servers, 4),
	      ERR_IN(ESUB_DHCP, EBADMSG));
	ok_eq(pxe_boot_servers(list, 0, 0, servers, 4), 0);
}
