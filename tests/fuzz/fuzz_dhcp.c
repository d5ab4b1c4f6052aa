/*
 * Fuzz DHCP option parsing (net/dhcp_options.c), the option 43.8 boot
 * server list (net/pxe_bootserver.c) and the settings block that publishes
 * a packet (net/dhcp_settings.c).  The input is a whole BOOTP/DHCP packet,
 * read in place so that AddressSanitizer sees any read past its end.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/dhcp.h>
#include <wireboot/settings.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every value a lookup returns must lie inside the packet. */
static void check_inside(const uint8_t *data, size_t size,
			 const uint8_t *value, int len)
{
	if (len < 0)
		return;
	if (value < data || value + len > data + size)
		__builtin_trap();
}

/* Expand a few settings the way scripts read them. */
static void expand_some(void)
{
	static const char *const names[] = {
		"${net0.dhcp/ip}", "${fuzzdhcp/filename}", "${fuzzdhcp/66}",
		"${fuzzdhcp/netmask}", "${fuzzdhcp/43.8:hex}",
		"${fuzzdhcp/175.8}", "${fuzzdhcp/next-server}",
		"${fuzzdhcp/root-path}", "${fuzzdhcp/12:hex}",
	};
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		free(expand_settings(names[i]));
}

/* Ignore each enumerated setting (walking is what is tested). */
static void ignore_setting(struct settings *settings,
			   const struct setting *setting, void *ctx)
{
	char name[64];

	setting_full_name(settings, setting, name, sizeof(name));
}

/* Options looked up by number (the walk above visits the rest). */
static const unsigned int tags[] = {
	DHCP_NETMASK, DHCP_ROUTERS, DHCP_HOST_NAME, DHCP_VENDOR_ENCAP,
	DHCP_OVERLOAD, DHCP_MESSAGE_TYPE, DHCP_SERVER_ID, DHCP_VENDOR_CLASS_ID,
	DHCP_TFTP_SERVER_NAME, DHCP_BOOTFILE_NAME, DHCP_EB_ENCAP,
	DHCP_ENCAP_TAG(43, PXE_DISCOVERY_CONTROL),
	DHCP_ENCAP_TAG(43, PXE_BOOT_SERVERS), DHCP_ENCAP_TAG(43, PXE_BOOT_MENU),
	DHCP_ENCAP_TAG(43, PXE_MENU_PROMPT), DHCP_ENCAP_TAG(43, PXE_BOOT_ITEM),
	DHCP_ENCAP_TAG(175, 1), DHCP_ENCAP_TAG(175, 8), 0, 255, 0x1ff,
};

/* Run every parser over the LEN-byte packet PKT. */
static void parse_packet(const uint8_t *data, size_t size)
{
	struct dhcp_option_iter iter;
	uint32_t servers[8];
	const uint8_t *value;
	unsigned int tag;
	unsigned int i;
	size_t len;
	int rc;

	dhcp_option_iter_init(&iter, data, size);
	while (dhcp_option_iter_next(&iter, &tag, &value, &len))
		check_inside(data, size, value, (int)len);
	for (i = 0; i < ARRAY_SIZE(tags); i++) {
		rc = dhcp_find_option(data, size, tags[i], &value);
		check_inside(data, size, value, rc);
	}
	rc = dhcp_find_option(data, size, DHCP_ENCAP_TAG(43, PXE_BOOT_SERVERS),
			      &value);
	if (rc > 0) {
		pxe_boot_servers(value, (size_t)rc, 0x8000, servers, 8);
		pxe_boot_servers(value, (size_t)rc, 0, servers, 8);
	}
	dhcp_message_type(data, size);
	if (dhcp_publish(NULL, "fuzzdhcp", data, size) == 0) {
		expand_some();
		enumerate_settings(find_settings("fuzzdhcp"), ignore_setting,
				   NULL);
		dhcp_unpublish(NULL, "fuzzdhcp");
	}
}

/* Longest input put behind a made-up header. */
#define MAX_WRAPPED 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t fields = sizeof(((struct dhcphdr *)0)->sname) +
			sizeof(((struct dhcphdr *)0)->file);
	size_t head = MIN(size, fields);
	size_t tail = MIN(size - head, (size_t)MAX_WRAPPED);
	/* A variable-length array: AddressSanitizer guards its bounds. */
	uint8_t pkt[DHCP_HDR_LEN + tail];
	struct dhcphdr *hdr = (void *)pkt;

	fuzz_init();
	/* As given: the header is the fuzzer's to get right. */
	parse_packet(data, size);
	/*
	 * Behind a valid header: the input fills sname and file (which
	 * option 52 may make options), the rest is the options field.
	 */
	memset(pkt, 0, DHCP_HDR_LEN);
	hdr->op = BOOTP_REPLY;
	hdr->magic = htonl(DHCP_MAGIC);
	if (head)
		memcpy(hdr->sname, data, head);
	if (tail)
		memcpy(pkt + DHCP_HDR_LEN, data + head, tail);
	parse_packet(pkt, sizeof(pkt));
	return 0;
}
