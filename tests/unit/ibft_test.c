/*
 * The iBFT builder (src/san/ibft.c): header, checksum, the control
 * structure and its offsets, the initiator, NIC and target structures
 * with their exact lengths, 16-byte alignment, heap strings inside the
 * table, CHAP types, two targets sharing one NIC, and a buffer too small.
 */
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/iscsi.h>
#include <wireboot/netdevice.h>
#include <wireboot/socket.h>
#include <wireboot/errors.h>
#include "testnet.h"
#include "unittest.h"

/* The heap string a {length, offset} pair at FIELD of TABLE names. */
static const char *ibft_str(const uint8_t *table, size_t len, size_t field)
{
	uint16_t slen = get_le16(table + field);
	uint16_t off = get_le16(table + field + 2);

	if (!slen || (size_t)off + slen + 1 > len || table[off + slen] != '\0')
		return "<bad>";
	return (const char *)table + off;
}

UNIT_TEST(ibft_build_layout)
{
	struct iscsi_descriptor one = { 0 }, two = { 0 };
	static const uint8_t lun[8] = { 0, 1 };
	static const uint8_t ip_target[16] = { [10] = 0xff, [11] = 0xff,
					       10, 0, 0, 1 };
	const struct san_table_model *model = &ibft_model;
	struct net_device *netdev = testnet_create(0x34);
	uint8_t table[1024];
	struct list_head descs;
	const uint8_t *ctl, *nic, *tgt;
	uint8_t sum = 0;
	int len, i;

	ok(netdev != NULL);
	if (!netdev)
		return;
	testnet_set(netdev, "ip", "10.0.0.9");
	testnet_set(netdev, "netmask", "255.255.252.0");
	testnet_set(netdev, "gateway", "10.0.0.254");
	one.desc.model = model;
	one.netdev = netdev;
	one.target_ip = htonl(0x0a000001);
	one.port = 3260;
	memcpy(one.lun, lun, sizeof(lun));
	one.initiator = "iqn.2026-11.test:init";
	one.target = "iqn.2026-11.test:one";
	one.chap_user = "alice";
	one.chap_secret = "secret";
	two = one;
	two.target = "iqn.2026-11.test:two";
	two.port = 3261;
	two.rchap_user = "tgt";
	two.rchap_secret = "tsecret";
	INIT_LIST_HEAD(&descs);
	list_add_tail(&one.desc.list, &descs);
	list_add_tail(&two.desc.list, &descs);
	len = model->build(&descs, table, sizeof(table));
	ok(len > 0x200 && len <= (int)sizeof(table));
	if (len <= 0)
		goto out;
	ok(memcmp(table, "iBFT", 4) == 0);
	ok_eq(get_le32(table + 4), len);
	ok_eq(table[8], 1);
	for (i = 0; i < len; i++)
		sum = (uint8_t)(sum + table[i]);
	ok_eq(sum, 0);
	ctl = table + 0x30;
	ok(ctl[0] == 1 && ctl[1] == 1 && get_le16(ctl + 2) == 18 && ctl[4] == 0);
	ok_eq(get_le16(ctl + 8), 0x50);
	ok_eq(table[0x50], 2);
	ok_eq(get_le16(table + 0x52), 74);
	ok_eq(table[0x55], 3);
	ok_str(ibft_str(table, (size_t)len, 0x50 + 0x46), "iqn.2026-11.test:init");
	/* One NIC (both targets use it), two targets. */
	ok(get_le16(ctl + 0x0a) != 0 && get_le16(ctl + 0x0a) % 16 == 0);
	ok_eq(get_le16(ctl + 0x0e), 0);
	ok(get_le16(ctl + 0x0c) % 16 == 0 && get_le16(ctl + 0x10) % 16 == 0);
	nic = table + get_le16(ctl + 0x0a);
	ok(nic[0] == 3 && get_le16(nic + 2) == 102 && nic[5] == 3);
	ok(memcmp(nic + 0x06 + 12, "\x0a\x00\x00\x09", 4) == 0);
	ok_eq(nic[0x16], 22);
	ok_eq(nic[0x17], 1);
	ok(memcmp(nic + 0x18 + 12, "\x0a\x00\x00\xfe", 4) == 0);
	ok(memcmp(nic + 0x5a, netdev->ll_addr, 6) == 0);
	tgt = table + get_le16(ctl + 0x0c);
	ok(tgt[0] == 4 && get_le16(tgt + 2) == 54 && tgt[4] == 0 && tgt[5] == 3);
	ok(memcmp(tgt + 6, ip_target, 16) == 0);
	ok_eq(get_le16(tgt + 0x16), 3260);
	ok(memcmp(tgt + 0x18, lun, 8) == 0);
	ok_eq(tgt[0x20], 1);
	ok_eq(tgt[0x21], 0);
	ok_str(ibft_str(table, (size_t)len, (size_t)(tgt - table) + 0x22),
	       "iqn.2026-11.test:one");
	ok_str(ibft_str(table, (size_t)len, (size_t)(tgt - table) + 0x26), "alice");
	ok_str(ibft_str(table, (size_t)len, (size_t)(tgt - table) + 0x2a), "secret");
	ok_eq(get_le16(tgt + 0x2e), 0);
	tgt = table + get_le16(ctl + 0x10);
	ok(tgt[4] == 1 && tgt[5] == 1);
	ok_eq(get_le16(tgt + 0x16), 3261);
	ok_eq(tgt[0x20], 2);
	ok_str(ibft_str(table, (size_t)len, (size_t)(tgt - table) + 0x2e), "tgt");
	ok_str(ibft_str(table, (size_t)len, (size_t)(tgt - table) + 0x32), "tsecret");
	/* Too small for the strings. */
	ok(err_is(model->build(&descs, table, 0x210), ENOSPC));
out:
	testnet_destroy(netdev);
}
