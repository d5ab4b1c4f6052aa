/*
 * The options our requests carry (net/dhcp_request.c): exact bytes of 60,
 * 93, 94, 97 (from ${uuid} in wire order, and the MAC fallback), 77 (and
 * ${user-class} overriding it), 61 and 175; and the PXE request with 43.71.
 */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <wireboot/builtin_settings.h>
#include <wireboot/byteorder.h>
#include <wireboot/dhcp.h>
#include <wireboot/errors.h>
#include <wireboot/netdevice.h>
#include <wireboot/settings.h>
#include <wireboot/smbios.h>
#include "unittest.h"

/* Build a DISCOVER for NETDEV into BUF; its length. */
static size_t build_discover(struct net_device *netdev, uint8_t *buf,
			     size_t max)
{
	struct dhcp_builder b;

	dhcp_build_request(&b, buf, max, DHCPDISCOVER, 0x01020304,
			   netdev->ll_addr);
	ok_eq(dhcp_build_client_options(&b, netdev), 0);
	return (size_t)dhcp_build_end(&b);
}

/* Option TAG of the request in BUF (read as a reply would be). */
static int option_of(uint8_t *buf, size_t len, unsigned int tag,
		     const uint8_t **data)
{
	return dhcp_find_option(buf, len, tag, data);
}

static struct net_device *test_netdev(void)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct net_device *netdev = alloc_netdev(0);

	memcpy(netdev->ll_addr, mac, sizeof(mac));
	return netdev;
}

UNIT_TEST(dhcp_request_pxe_identity)
{
	struct net_device *netdev = test_netdev();
	uint8_t buf[DHCP_MAX_LEN];
	size_t len = build_discover(netdev, buf, sizeof(buf));
	const uint8_t *data;
	static const char vci[] = "PXEClient:Arch:00000:UNDI:002001";
	static const uint8_t uuid_from_mac[17] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x52, 0x54, 0x00, 0x12, 0x34,
		0x56,
	};
	static const uint8_t client_id[7] = {
		1, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56,
	};

	ok_eq(option_of(buf, len, DHCP_MESSAGE_TYPE, &data), 1);
	ok_eq(option_of(buf, len, DHCP_VENDOR_CLASS_ID, &data),
	      (int)strlen(vci));
	ok(memcmp(data, vci, strlen(vci)) == 0);
	ok_eq(option_of(buf, len, DHCP_CLIENT_ARCH, &data), 2);
	ok(memcmp(data, "\x00\x00", 2) == 0);
	ok_eq(option_of(buf, len, DHCP_CLIENT_NDI, &data), 3);
	ok(memcmp(data, "\x01\x02\x01", 3) == 0);
	ok_eq(option_of(buf, len, DHCP_CLIENT_UUID, &data), 17);
	ok(memcmp(data, uuid_from_mac, 17) == 0);
	ok_eq(option_of(buf, len, DHCP_CLIENT_ID, &data), 7);
	ok(memcmp(data, client_id, 7) == 0);
	ok_eq(option_of(buf, len, DHCP_USER_CLASS, &data), 4);
	ok(memcmp(data, "iPXE", 4) == 0);
	ok_eq(option_of(buf, len, DHCP_MAX_MESSAGE_SIZE, &data), 2);
	ok_eq(get_be16(data), DHCP_MAX_LEN);
	ok(option_of(buf, len, DHCP_PARAMETER_REQUEST, &data) > 20);
	ok(memchr(data, DHCP_BOOTFILE_NAME, 20) != NULL);
	netdev_put(netdev);
}

UNIT_TEST(dhcp_request_smbios_uuid)
{
	struct net_device *netdev = test_netdev();
	uint8_t buf[DHCP_MAX_LEN];
	const uint8_t *data;
	size_t len;
	/* Canonical {4c4c4544-0038-4610-8052-b4c04f4d4e31}. */
	static const uint8_t canonical[16] = {
		0x4c, 0x4c, 0x45, 0x44, 0x00, 0x38, 0x46, 0x10,
		0x80, 0x52, 0xb4, 0xc0, 0x4f, 0x4d, 0x4e, 0x31,
	};
	static const uint8_t wire[17] = {
		0, 0x44, 0x45, 0x4c, 0x4c, 0x38, 0x00, 0x10, 0x46,
		0x80, 0x52, 0xb4, 0xc0, 0x4f, 0x4d, 0x4e, 0x31,
	};

	ok_eq(store_setting(NULL, &smbios_uuid_setting, canonical,
			    sizeof(canonical)), 0);
	len = build_discover(netdev, buf, sizeof(buf));
	ok_eq(option_of(buf, len, DHCP_CLIENT_UUID, &data), 17);
	ok(memcmp(data, wire, sizeof(wire)) == 0);
	ok_eq(delete_setting(NULL, &smbios_uuid_setting), 0);
	netdev_put(netdev);
}

UNIT_TEST(dhcp_request_user_class_and_features)
{
	struct net_device *netdev = test_netdev();
	uint8_t buf[DHCP_MAX_LEN];
	const uint8_t *data;
	const uint8_t *version;
	char text[16];
	size_t len;
	int flen;
	int pos;
	int last = 0;

	ok_eq(storef_setting(NULL, &user_class_setting, "lab"), 0);
	len = build_discover(netdev, buf, sizeof(buf));
	ok_eq(option_of(buf, len, DHCP_USER_CLASS, &data), 3);
	ok(memcmp(data, "lab", 3) == 0);
	ok_eq(delete_setting(NULL, &user_class_setting), 0);

	/* 175: one-byte feature entries in ascending order, then the version. */
	flen = option_of(buf, len, DHCP_EB_ENCAP, &data);
	ok(flen >= 5);
	for (pos = 0; pos + 2 <= flen && data[pos] != DHCP_EB_VERSION;
	     pos += 2 + data[pos + 1]) {
		ok_eq(data[pos + 1], 1);
		ok(data[pos] > last);
		last = data[pos];
	}
	ok_eq(pos + 5, flen);
	ok_eq(dhcp_find_encap(data, (size_t)flen, DHCP_EB_VERSION, &version),
	      3);
	snprintf(text, sizeof(text), "%u.%u.%u", version[0], version[1],
		 version[2]);
	ok_str(text, WIREBOOT_VERSION);
	netdev_put(netdev);
}

UNIT_TEST(dhcp_request_pxe_boot_item)
{
	struct net_device *netdev = test_netdev();
	uint8_t buf[DHCP_MAX_LEN];
	struct dhcp_builder b;
	const struct dhcphdr *hdr = (void *)buf;
	const uint8_t *data;
	size_t len;

	ok_eq(pxe_build_request(&b, buf, sizeof(buf), netdev, 7,
				htonl(0x0a000005), 0x8001), 0);
	len = (size_t)dhcp_build_end(&b);
	ok_eq(hdr->ciaddr, htonl(0x0a000005));
	ok_eq(hdr->flags, 0);
	ok_eq(dhcp_message_type(buf, len), DHCPREQUEST);
	ok_eq(option_of(buf, len, DHCP_ENCAP_TAG(43, PXE_BOOT_ITEM), &data),
	      4);
	ok(memcmp(data, "\x80\x01\x00\x00", 4) == 0);
	ok_eq(option_of(buf, len, DHCP_CLIENT_UUID, &data), 17);

	ok_eq(pxe_build_request(&b, buf, sizeof(buf), netdev, 7,
				htonl(0x0a000005), -1), 0);
	len = (size_t)dhcp_build_end(&b);
	ok_eq(option_of(buf, len, DHCP_VENDOR_ENCAP, &data),
	      ERR_IN(ESUB_DHCP, ENOENT));
	netdev_put(netdev);
}
