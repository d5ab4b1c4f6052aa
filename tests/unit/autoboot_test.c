/*
 * The PXE boot menu autoboot offers (usr/pxe_menu.c): parsing options
 * 43.9 and 43.10, hostile lengths, the iPXE rule for when the menu is
 * used (PXEClient, a menu, no filename with "skip discovery"), and the
 * selections that need no key.  The network parts of autoboot are
 * tested end to end (tests/e2e/test_autoboot.py).
 */
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/dhcp.h>
#include <wireboot/errors.h>
#include <wireboot/pxe_menu.h>
#include <wireboot/settings.h>
#include "unittest.h"

/* Two items: 0x8000 "Linux", 0x0000 "Local boot". */
static const uint8_t two_items[] = {
	0x80, 0x00, 5, 'L', 'i', 'n', 'u', 'x',
	0x00, 0x00, 10, 'L', 'o', 'c', 'a', 'l', ' ', 'b', 'o', 'o', 't',
};
static const uint8_t prompt[] = { 3, 'P', 'r', 'e', 's', 's', ' ', 'F', '8' };

UNIT_TEST(autoboot_pxe_menu_parse)
{
	struct pxe_menu menu;

	ok_eq(pxe_menu_parse(two_items, sizeof(two_items), prompt,
			     sizeof(prompt), &menu), 0);
	ok_eq(menu.count, 2u);
	ok_eq(menu.items[0].type, 0x8000u);
	ok_str(menu.items[0].desc, "Linux");
	ok_eq(menu.items[1].type, 0u);
	ok_str(menu.items[1].desc, "Local boot");
	ok(menu.has_prompt);
	ok_eq(menu.timeout, 3u);
	ok_str(menu.prompt, "Press F8");

	ok_eq(pxe_menu_parse(two_items, sizeof(two_items), NULL, 0, &menu), 0);
	ok(!menu.has_prompt);
}

UNIT_TEST(autoboot_pxe_menu_malformed)
{
	static const uint8_t short_desc[] = { 0x80, 0x00, 9, 'a', 'b' };
	static const uint8_t short_head[] = { 0x80, 0x00, 1, 'a', 0x80 };
	static const uint8_t nul_desc[] = { 0x00, 0x07, 3, 'a', 0, 'b' };
	struct pxe_menu menu;

	ok(err_is(pxe_menu_parse(short_desc, sizeof(short_desc), NULL, 0,
				 &menu), EBADMSG));
	ok(err_is(pxe_menu_parse(short_head, sizeof(short_head), NULL, 0,
				 &menu), EBADMSG));
	ok(err_is(pxe_menu_parse(short_head, 0, NULL, 0, &menu), ENOENT));
	ok_eq(pxe_menu_parse(nul_desc, sizeof(nul_desc), NULL, 0, &menu), 0);
	ok_str(menu.items[0].desc, "ab");
	ok_eq(menu.items[0].type, 7u);
}

UNIT_TEST(autoboot_pxe_menu_many_items)
{
	uint8_t items[40 * 4];
	struct pxe_menu menu;
	unsigned int i;

	for (i = 0; i < 40; i++) {
		items[i * 4] = 0;
		items[i * 4 + 1] = (uint8_t)i;
		items[i * 4 + 2] = 1;
		items[i * 4 + 3] = (uint8_t)('A' + i % 26);
	}
	ok_eq(pxe_menu_parse(items, sizeof(items), NULL, 0, &menu), 0);
	ok_eq(menu.count, (unsigned int)PXE_MENU_MAX_ITEMS);
	ok_eq(menu.items[PXE_MENU_MAX_ITEMS - 1].type,
	      (unsigned int)PXE_MENU_MAX_ITEMS - 1);
}

/* Publish a ProxyDHCP-style answer as "autoboottest": 60, 43 and FILE. */
static void publish(const char *vendor, uint8_t control, const char *file)
{
	uint8_t pkt[600];
	struct dhcphdr *hdr = (void *)pkt;
	size_t len = DHCP_HDR_LEN;
	size_t encap;

	memset(pkt, 0, sizeof(pkt));
	hdr->op = BOOTP_REPLY;
	hdr->magic = htonl(DHCP_MAGIC);
	strcpy(hdr->file, file);
	pkt[len++] = DHCP_VENDOR_CLASS_ID;
	pkt[len++] = (uint8_t)strlen(vendor);
	memcpy(&pkt[len], vendor, strlen(vendor));
	len += strlen(vendor);
	pkt[len++] = DHCP_VENDOR_ENCAP;
	encap = len++;
	pkt[len++] = PXE_DISCOVERY_CONTROL;
	pkt[len++] = 1;
	pkt[len++] = control;
	pkt[len++] = PXE_BOOT_MENU;
	pkt[len++] = sizeof(two_items);
	memcpy(&pkt[len], two_items, sizeof(two_items));
	len += sizeof(two_items);
	pkt[len++] = PXE_MENU_PROMPT;
	pkt[len++] = 1;
	pkt[len++] = 0;
	pkt[len++] = 255;
	pkt[encap] = (uint8_t)(len - encap - 2);
	pkt[len++] = 255;
	ok_eq(dhcp_publish(NULL, "autoboottest", pkt, len), 0);
}

UNIT_TEST(autoboot_pxe_menu_wanted)
{
	struct pxe_menu menu;
	unsigned int type = 99;

	publish("PXEClient", 0, "");
	ok(pxe_menu_wanted());
	ok_eq(pxe_menu_fetch(&menu), 0);
	ok_eq(menu.count, 2u);
	ok(menu.has_prompt);
	ok_eq(menu.timeout, 0u);
	/* A timeout of 0 takes the first item without waiting. */
	ok_eq(pxe_menu_select(&menu, &type), 0);
	ok_eq(type, 0x8000u);

	/* A filename with "skip discovery": boot the file, no menu. */
	publish("PXEClient", PXEBS_SKIP_DISCOVERY, "boot.0");
	ok(!pxe_menu_wanted());
	/* A filename alone does not stop the menu (as in iPXE). */
	publish("PXEClient", 0, "boot.0");
	ok(pxe_menu_wanted());
	/* Not a PXE server. */
	publish("SomethingElse", 0, "");
	ok(!pxe_menu_wanted());
	dhcp_unpublish(NULL, "autoboottest");
	ok(!pxe_menu_wanted());
	ok(err_is(pxe_menu_fetch(&menu), ENOENT));
}

UNIT_TEST(autoboot_pxe_menu_single_item)
{
	struct pxe_menu menu;
	unsigned int type = 99;

	/* No prompt and one item: it is taken at once. */
	ok_eq(pxe_menu_parse(two_items, 8, NULL, 0, &menu), 0);
	ok_eq(menu.count, 1u);
	ok_eq(pxe_menu_select(&menu, &type), 0);
	ok_eq(type, 0x8000u);
}
