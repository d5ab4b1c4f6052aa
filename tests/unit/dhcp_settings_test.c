/*
 * The DHCP settings block (net/dhcp_settings.c): a published packet answers
 * ${ip} from yiaddr, ${next-server} from siaddr, ${filename} from option 67
 * or the file field, numbered and encapsulated options, and the well-known
 * names; publishing again replaces the block; a user value above wins.
 */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <wireboot/builtin_settings.h>
#include <wireboot/byteorder.h>
#include <wireboot/dhcp.h>
#include <wireboot/errors.h>
#include <wireboot/settings.h>
#include "unittest.h"

/* An ACK: 10.0.0.5 from 10.0.0.1, file "boot.pxe", with some options. */
static size_t make_ack(uint8_t *buf, size_t max, const uint8_t *opts,
		       size_t opts_len)
{
	struct dhcphdr *hdr = (void *)buf;

	memset(buf, 0, max);
	hdr->op = BOOTP_REPLY;
	hdr->yiaddr = htonl(0x0a000005);
	hdr->siaddr = htonl(0x0a000001);
	strcpy(hdr->file, "boot.pxe");
	strcpy(hdr->sname, "tftphost");
	hdr->magic = htonl(DHCP_MAGIC);
	memcpy(buf + DHCP_HDR_LEN, opts, opts_len);
	return DHCP_HDR_LEN + opts_len;
}

/* Text of NAME ("net0.dhcp/ip" style) as the shell would expand it. */
static char *text_of(const char *name)
{
	char expr[64];

	snprintf(expr, sizeof(expr), "${%s}", name);
	return expand_settings(expr);
}

static void check_text(const char *name, const char *want, int line)
{
	char *got = text_of(name);

	unit_check_str(got, want, name, __FILE__, line);
	free(got);
}
#define ok_text(name, want) check_text(name, want, __LINE__)

static struct generic_settings parent;

UNIT_TEST(dhcp_settings_fetch)
{
	static const uint8_t opts[] = {
		53, 1, DHCPACK, 1, 4, 255, 255, 255, 0, 3, 4, 10, 0, 0, 254,
		6, 4, 10, 0, 0, 53, 15, 7, 'e', 'x', '.', 'o', 'r', 'g', 0,
		12, 2, 'p', 'c', 17, 6, 'a', 'o', 'e', ':', 'e', '0',
		43, 3, 6, 1, 8, 175, 3, 8, 1, 1, 255,
	};
	uint8_t buf[512];
	size_t len = make_ack(buf, sizeof(buf), opts, sizeof(opts));

	generic_settings_init(&parent, NULL);
	ok_eq(register_settings(&parent.settings, NULL, "dhcpunit"), 0);
	ok_eq(dhcp_publish(&parent.settings, "dhcp", buf, len), 0);
	ok_text("dhcpunit.dhcp/ip", "10.0.0.5");
	ok_text("dhcpunit/ip", "10.0.0.5");
	ok_text("dhcpunit/next-server", "10.0.0.1");
	ok_text("dhcpunit/netmask", "255.255.255.0");
	ok_text("dhcpunit/gateway", "10.0.0.254");
	ok_text("dhcpunit/dns", "10.0.0.53");
	/* A trailing NUL in a string option is the server's, not ours. */
	ok_text("dhcpunit/domain", "ex.org");
	ok_text("dhcpunit/hostname", "pc");
	ok_text("dhcpunit/root-path", "aoe:e0");
	ok_text("dhcpunit/filename", "boot.pxe");
	ok_text("dhcpunit/66", "tftphost");
	ok_text("dhcpunit/43.6:uint8", "0x8");
	ok_text("dhcpunit/keep-san", "1");
	ok_text("dhcpunit/13", "");
	ok_text("dhcpunit/user-class", "");

	/* A value set in the device's own block overrides DHCP's. */
	ok_eq(storef_setting(&parent.settings, &filename_setting, "x.efi"), 0);
	ok_text("dhcpunit/filename", "x.efi");
	ok_text("dhcpunit.dhcp/filename", "boot.pxe");
	ok_eq(delete_setting(&parent.settings, &filename_setting), 0);

	/* Publishing again replaces the block. */
	((struct dhcphdr *)(void *)buf)->yiaddr = htonl(0x0a000006);
	ok_eq(dhcp_publish(&parent.settings, "dhcp", buf, len), 0);
	ok_text("dhcpunit/ip", "10.0.0.6");
	dhcp_unpublish(&parent.settings, "dhcp");
	ok_text("dhcpunit/ip", "");
	ok(find_child_settings(&parent.settings, "dhcp") == NULL);
	/* A packet without the magic cookie is refused. */
	ok_eq(dhcp_publish(&parent.settings, "dhcp", buf, DHCP_HDR_LEN - 1),
	      ERR_IN(ESUB_DHCP, EBADMSG));
	unregister_settings(&parent.settings);
}

UNIT_TEST(dhcp_settings_option_67_wins)
{
	static const uint8_t opts[] = {
		53, 1, DHCPACK, 67, 8, 'u', 'n', 'd', 'i', '.', 'k', 'p', 'x',
		66, 2, 'h', 's', 255,
	};
	static const uint8_t overload[] = { 53, 1, DHCPACK, 52, 1, 3, 255 };
	uint8_t buf[512];
	size_t len = make_ack(buf, sizeof(buf), opts, sizeof(opts));
	struct dhcphdr *hdr = (void *)buf;

	generic_settings_init(&parent, NULL);
	ok_eq(register_settings(&parent.settings, NULL, "dhcpunit"), 0);
	ok_eq(dhcp_publish(&parent.settings, "dhcp", buf, len), 0);
	ok_text("dhcpunit/filename", "undi.kpx");
	ok_text("dhcpunit/66", "hs");

	/* Fields that carry options are not names. */
	len = make_ack(buf, sizeof(buf), overload, sizeof(overload));
	memset(hdr->file, 0, sizeof(hdr->file));
	memcpy(hdr->file, "\x0c\x01z\xff", 4);
	memset(hdr->sname, 0, sizeof(hdr->sname));
	memcpy(hdr->sname, "\x11\x01r\xff", 4);
	hdr->siaddr = 0;
	ok_eq(dhcp_publish(&parent.settings, "dhcp", buf, len), 0);
	ok_text("dhcpunit/filename", "");
	ok_text("dhcpunit/66", "");
	ok_text("dhcpunit/hostname", "z");
	ok_text("dhcpunit/root-path", "r");
	ok_text("dhcpunit/next-server", "");
	unregister_settings(&parent.settings);
}

/* Counts what enumerate_settings() lists. */
static void count_setting(struct settings *settings,
			  const struct setting *setting, void *ctx)
{
	char name[64];

	setting_full_name(settings, setting, name, sizeof(name));
	if (strcmp(name, "dhcpunit.dhcp/ip:ipv4") == 0)
		((int *)ctx)[0]++;
	if (strcmp(name, "dhcpunit.dhcp/filename:string") == 0)
		((int *)ctx)[1]++;
	if (strcmp(name, "dhcpunit.dhcp/netmask:ipv4") == 0)
		((int *)ctx)[2]++;
	if (strcmp(name, "dhcpunit.dhcp/250:hex") == 0)
		((int *)ctx)[3]++;
}

UNIT_TEST(dhcp_settings_enumerate)
{
	static const uint8_t opts[] = {
		53, 1, DHCPACK, 1, 4, 255, 0, 0, 0, 250, 1, 7, 255,
	};
	uint8_t buf[512];
	size_t len = make_ack(buf, sizeof(buf), opts, sizeof(opts));
	int counts[4] = { 0, 0, 0, 0 };

	generic_settings_init(&parent, NULL);
	ok_eq(register_settings(&parent.settings, NULL, "dhcpunit"), 0);
	ok_eq(dhcp_publish(&parent.settings, "dhcp", buf, len), 0);
	enumerate_settings(&parent.settings, count_setting, counts);
	ok_eq(counts[0], 1);
	ok_eq(counts[1], 1);
	ok_eq(counts[2], 1);
	ok_eq(counts[3], 1);
	ok_text("dhcpunit/250:hex", "07");
	unregister_settings(&parent.settings);
}
