/*
 * The iBFT (iSCSI Boot Firmware Table, revision 1): the initiator name,
 * the NIC (addresses, MAC, PCI location) and the target (address, port,
 * LUN, name, CHAP credentials) of up to two iSCSI drives, so that the OS
 * logs in to the disk it was booted from.  Layout: the 48-byte header,
 * the control structure, the initiator, two NIC/target pairs (each
 * structure 16-byte aligned), then a heap of NUL-terminated strings.
 */
#include <string.h>
#include <wireboot/builtin_settings.h>
#include <wireboot/byteorder.h>
#include <wireboot/ipv4.h>
#include <wireboot/iscsi.h>
#include <wireboot/netdevice.h>
#include <wireboot/san.h>
#include <wireboot/settings.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_SAN

/* Where each structure goes, and how long it is. */
#define IBFT_CONTROL 0x30
#define IBFT_CONTROL_LEN 18
#define IBFT_INITIATOR 0x50
#define IBFT_INITIATOR_LEN 74
#define IBFT_NIC_LEN 102
#define IBFT_TARGET_LEN 54
#define IBFT_PAIRS 2
static const uint16_t ibft_nic_at[IBFT_PAIRS] = { 0xa0, 0x150 };
static const uint16_t ibft_target_at[IBFT_PAIRS] = { 0x110, 0x1c0 };
#define IBFT_HEAP 0x200

/* Structure ids. */
#define IBFT_ID_CONTROL 1
#define IBFT_ID_INITIATOR 2
#define IBFT_ID_NIC 3
#define IBFT_ID_TARGET 4

/* Flags: block valid, firmware boot selected. */
#define IBFT_FL_VALID 0x01
#define IBFT_FL_BOOT 0x02

/* NIC origins. */
#define IBFT_ORIGIN_MANUAL 1
#define IBFT_ORIGIN_DHCP 3

/* The DHCP server identifier (option 54) as the DHCP block holds it. */
static const struct setting ibft_dhcp_server_setting = {
	.name = "dhcp-server",
	.type = &setting_type_ipv4,
	.tag = 54,
};

/* A table being built. */
struct ibft_builder {
	uint8_t *buf;
	size_t size;
	size_t heap;
	int rc;
};

/* Write the common structure header at OFFSET. */
static void ibft_header(uint8_t *p, uint8_t id, uint16_t len, uint8_t index,
			uint8_t flags)
{
	p[0] = id;
	p[1] = 1;
	put_le16(p + 2, len);
	p[4] = index;
	p[5] = flags;
}

/* Add TEXT to the heap and point the {length, offset} pair at FIELD to it. */
static void ibft_string(struct ibft_builder *b, uint8_t *field,
			const char *text)
{
	size_t len;

	if (!text || !*text)
		return;
	len = strlen(text);
	if (b->heap + len + 1 > b->size || len > 0xffff) {
		b->rc = ERR(ENOSPC);
		return;
	}
	memcpy(b->buf + b->heap, text, len + 1);
	put_le16(field, (uint16_t)len);
	put_le16(field + 2, (uint16_t)b->heap);
	b->heap += len + 1;
}

/* An IPv4 address (network order) as the 16-byte ::ffff:a.b.c.d form. */
static void ibft_ip(uint8_t *field, uint32_t addr)
{
	memset(field, 0, 16);
	if (!addr)
		return;
	field[10] = 0xff;
	field[11] = 0xff;
	memcpy(field + 12, &addr, 4);
}

/* The prefix length of NETMASK (network order). */
static uint8_t ibft_prefix(uint32_t netmask)
{
	uint32_t mask = ntohl(netmask);
	uint8_t len = 0;

	while (mask & 0x80000000U) {
		len++;
		mask <<= 1;
	}
	return len;
}

/* Fill the NIC structure at P for NETDEV. */
static void ibft_nic(struct ibft_builder *b, uint8_t *p,
		     struct net_device *netdev, uint8_t index, uint8_t flags)
{
	struct settings *settings = &netdev->settings.settings;
	struct settings *origin = NULL;
	uint32_t ip = 0, netmask = 0, gateway = 0, server = 0;
	uint32_t dns[2] = { 0, 0 };
	char hostname[256];
	int busdevfn;

	ibft_header(p, IBFT_ID_NIC, IBFT_NIC_LEN, index, flags);
	fetch_setting(settings, &ip_setting, &origin, NULL, &ip, sizeof(ip));
	ibft_ip(p + 0x06, ip);
	if (fetch_ipv4_setting(settings, &netmask_setting, &netmask) < 0 && ip)
		netmask = ipv4_default_netmask(ip);
	p[0x16] = ibft_prefix(netmask);
	p[0x17] = (origin && strcmp(origin->name, "dhcp") == 0) ?
		IBFT_ORIGIN_DHCP : IBFT_ORIGIN_MANUAL;
	fetch_ipv4_setting(settings, &gateway_setting, &gateway);
	ibft_ip(p + 0x18, gateway);
	fetch_setting(settings, &dns_setting, NULL, NULL, dns, sizeof(dns));
	ibft_ip(p + 0x28, dns[0]);
	ibft_ip(p + 0x38, dns[1]);
	fetch_ipv4_setting(settings, &ibft_dhcp_server_setting, &server);
	ibft_ip(p + 0x48, server);
	memcpy(p + 0x5a, netdev->ll_addr, 6);
	busdevfn = san_netdev_busdevfn(netdev);
	put_le16(p + 0x60, busdevfn >= 0 ? (uint16_t)busdevfn : 0);
	if (fetch_string_setting(NULL, &hostname_setting, hostname,
				 sizeof(hostname)) > 0)
		ibft_string(b, p + 0x62, hostname);
}

/* Fill the target structure at P for DESC, on NIC NIC_INDEX. */
static void ibft_target(struct ibft_builder *b, uint8_t *p,
			const struct iscsi_descriptor *desc, uint8_t index,
			uint8_t nic_index, uint8_t flags)
{
	ibft_header(p, IBFT_ID_TARGET, IBFT_TARGET_LEN, index, flags);
	ibft_ip(p + 0x06, desc->target_ip);
	put_le16(p + 0x16, desc->port);
	memcpy(p + 0x18, desc->lun, 8);
	p[0x20] = desc->rchap_user ? 2 : desc->chap_user ? 1 : 0;
	p[0x21] = nic_index;
	ibft_string(b, p + 0x22, desc->target);
	ibft_string(b, p + 0x26, desc->chap_user);
	ibft_string(b, p + 0x2a, desc->chap_secret);
	ibft_string(b, p + 0x2e, desc->rchap_user);
	ibft_string(b, p + 0x32, desc->rchap_secret);
}

static int ibft_build(struct list_head *descs, void *buf, size_t len)
{
	struct ibft_builder b = { .buf = buf, .size = len, .heap = IBFT_HEAP };
	struct net_device *nics[IBFT_PAIRS] = { NULL, NULL };
	const struct iscsi_descriptor *desc;
	struct san_descriptor *sdesc;
	uint8_t *control = b.buf + IBFT_CONTROL;
	uint8_t *initiator = b.buf + IBFT_INITIATOR;
	unsigned int targets = 0, num_nics = 0, nic;
	uint8_t flags;

	if (len < IBFT_HEAP)
		return ERR(ENOSPC);
	memset(buf, 0, len);
	ibft_header(control, IBFT_ID_CONTROL, IBFT_CONTROL_LEN, 0, 0);
	ibft_header(initiator, IBFT_ID_INITIATOR, IBFT_INITIATOR_LEN, 0,
		    IBFT_FL_VALID | IBFT_FL_BOOT);
	put_le16(control + 0x08, IBFT_INITIATOR);
	list_for_each_entry(sdesc, descs, list) {
		if (targets == IBFT_PAIRS)
			break;
		desc = container_of(sdesc, struct iscsi_descriptor, desc);
		flags = IBFT_FL_VALID | (targets == 0 ? IBFT_FL_BOOT : 0);
		if (targets == 0)
			ibft_string(&b, initiator + 0x46, desc->initiator);
		for (nic = 0; nic < num_nics; nic++) {
			if (nics[nic] == desc->netdev)
				break;
		}
		if (nic == num_nics && desc->netdev) {
			nics[num_nics++] = desc->netdev;
			ibft_nic(&b, b.buf + ibft_nic_at[nic], desc->netdev,
				 (uint8_t)nic, flags);
			put_le16(control + 0x0a + 4 * nic, ibft_nic_at[nic]);
		}
		ibft_target(&b, b.buf + ibft_target_at[targets], desc,
			    (uint8_t)targets,
			    (uint8_t)(nic < num_nics ? nic : 0), flags);
		put_le16(control + 0x0c + 4 * targets, ibft_target_at[targets]);
		targets++;
	}
	if (b.rc != 0)
		return b.rc;
	san_acpi_finish(buf, "iBFT", b.heap, 1);
	return (int)b.heap;
}

const struct san_table_model ibft_model __san_table_model = {
	.name = "iBFT",
	.build = ibft_build,
};
