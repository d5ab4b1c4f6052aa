/*
 * PXE additions to DHCP (PXE 2.1 §2.2-2.4): asking a ProxyDHCP server on
 * UDP 4011 for the boot information its offer left out, and boot server
 * discovery: a DHCPREQUEST carrying option 43.71 {type, layer 0}, broadcast
 * to port 67 and/or sent to the servers option 43.8 lists for that type on
 * port 4011, as option 43.6 allows.  The answer becomes "proxydhcp" or
 * "pxebs".
 */
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/dhcp.h>
#include <wireboot/errors.h>
#include <wireboot/netdevice.h>
#include <wireboot/settings.h>
#include <wireboot/builtin_settings.h>
#include "dhcp_session.h"

#define ERR_SUBSYS ESUB_DHCP

/* Back-off of the ProxyDHCP request: 1 + 2 s, then use the offer as is. */
#define PROXY_MIN_TIMEOUT 1000
#define PROXY_MAX_TIMEOUT 2000
/* Back-off of boot server discovery: 1, 2, 4 s. */
#define PXEBS_MIN_TIMEOUT 1000
#define PXEBS_MAX_TIMEOUT 4000

int pxe_build_request(struct dhcp_builder *builder, void *buf, size_t max,
		      struct net_device *netdev, uint32_t xid, uint32_t ciaddr,
		      int type)
{
	uint8_t item[4];
	uint8_t encap[8];
	struct dhcp_builder inner;
	int rc;

	if ((rc = dhcp_build_request(builder, buf, max, DHCPREQUEST, xid,
				     netdev->ll_addr)) != 0)
		return rc;
	/* With an address of our own the answer comes to it directly. */
	dhcp_builder_hdr(builder)->ciaddr = ciaddr;
	dhcp_builder_hdr(builder)->flags = 0;
	if ((rc = dhcp_build_client_options(builder, netdev)) != 0)
		return rc;
	if (type < 0)
		return 0;
	item[0] = (uint8_t)(type >> 8);
	item[1] = (uint8_t)type;
	item[2] = 0;
	item[3] = 0;
	dhcp_build_raw(&inner, encap, sizeof(encap));
	if ((rc = dhcp_build_option(&inner, PXE_BOOT_ITEM, item,
				    sizeof(item))) != 0)
		return rc;
	return dhcp_build_option(builder, DHCP_VENDOR_ENCAP, encap, inner.len);
}

int pxe_boot_servers(const uint8_t *data, size_t len, unsigned int type,
		     uint32_t *servers, unsigned int max)
{
	size_t pos = 0;
	unsigned int count = 0;
	unsigned int n;
	unsigned int i;

	while (pos + 3 <= len) {
		n = data[pos + 2];
		if (pos + 3 + (size_t)n * 4 > len)
			return ERR(EBADMSG);
		for (i = 0; i < n; i++) {
			if (get_be16(&data[pos]) == type && count < max)
				memcpy(&servers[count++],
				       &data[pos + 3 + i * 4], 4);
		}
		pos += 3 + (size_t)n * 4;
	}
	if (pos != len)
		return ERR(EBADMSG);
	return (int)count;
}

static int proxy_tx(struct dhcp_session *dhcp)
{
	uint8_t buf[DHCP_MAX_LEN];
	struct dhcp_builder b;
	int rc;

	rc = pxe_build_request(&b, buf, sizeof(buf), dhcp->netdev, dhcp->xid,
			       dhcp->ciaddr, -1);
	if (rc != 0 || (rc = dhcp_finish(dhcp, &b)) < 0)
		return rc;
	return dhcp_send(dhcp, buf, (size_t)rc, dhcp->proxy.server, PXE_PORT);
}

static void proxy_rx(struct dhcp_session *dhcp, const void *pkt, size_t len,
		     const struct sockaddr_in *src)
{
	if (dhcp_message_type(pkt, len) != DHCPACK ||
	    dhcp_server_id(pkt, len, src) != dhcp->proxy.server)
		return;
	dhcp_finished(dhcp, dhcp_publish(NULL, "proxydhcp", pkt, len));
}

/* The proxy did not answer on 4011 at all: its offer is all we have. */
static bool proxy_expired(struct dhcp_session *dhcp, int over)
{
	if (!over)
		return false;
	dhcp_finished(dhcp, dhcp_publish(NULL, "proxydhcp", dhcp->proxy.pkt,
					 dhcp->proxy.len));
	return true;
}

const struct dhcp_state dhcp_state_proxy = {
	.name = "proxy",
	.tx = proxy_tx,
	.rx = proxy_rx,
	.expired = proxy_expired,
	.min_timeout = PROXY_MIN_TIMEOUT,
	.max_timeout = PROXY_MAX_TIMEOUT,
};

static int pxebs_tx(struct dhcp_session *dhcp)
{
	uint8_t buf[DHCP_MAX_LEN];
	struct dhcp_builder b;
	unsigned int i;
	size_t len;
	int rc;

	rc = pxe_build_request(&b, buf, sizeof(buf), dhcp->netdev, dhcp->xid,
			       dhcp->ciaddr, (int)dhcp->bs_type);
	if (rc != 0 || (rc = dhcp_finish(dhcp, &b)) < 0)
		return rc;
	len = (size_t)rc;
	rc = 0;
	if (dhcp->bs_broadcast)
		rc = dhcp_send(dhcp, buf, len, 0, BOOTPS_PORT);
	for (i = 0; i < dhcp->bs_count; i++)
		rc = dhcp_send(dhcp, buf, len, dhcp->bs_servers[i], PXE_PORT);
	return rc;
}

static void pxebs_rx(struct dhcp_session *dhcp, const void *pkt, size_t len,
		     const struct sockaddr_in *src)
{
	const uint8_t *item;
	unsigned int i;

	if (dhcp_message_type(pkt, len) != DHCPACK)
		return;
	if (dhcp_find_option(pkt, len,
			     DHCP_ENCAP_TAG(DHCP_VENDOR_ENCAP, PXE_BOOT_ITEM),
			     &item) >= 2 &&
	    get_be16(item) != dhcp->bs_type)
		return;
	if (dhcp->bs_only_listed) {
		for (i = 0; i < dhcp->bs_count; i++) {
			if (dhcp->bs_servers[i] == src->sin_addr)
				break;
		}
		if (i == dhcp->bs_count)
			return;
	}
	dhcp_finished(dhcp, dhcp_publish(NULL, "pxebs", pkt, len));
}

const struct dhcp_state dhcp_state_pxebs = {
	.name = "pxebs",
	.tx = pxebs_tx,
	.rx = pxebs_rx,
	.min_timeout = PXEBS_MIN_TIMEOUT,
	.max_timeout = PXEBS_MAX_TIMEOUT,
};

/* Fetch option 43.SUB from the configuration into BUF; its length or <0. */
static int fetch_pxe_option(unsigned int sub, void *buf, size_t len)
{
	struct setting setting = {
		.tag = DHCP_ENCAP_TAG(DHCP_VENDOR_ENCAP, sub),
	};

	return fetch_setting(NULL, &setting, NULL, NULL, buf, len);
}

int start_pxebs(struct interface *job, struct net_device *netdev,
		unsigned int type)
{
	struct dhcp_session *dhcp;
	uint32_t servers[PXEBS_MAX_SERVERS];
	unsigned int count = 0;
	uint8_t list[255];
	uint8_t control = 0;
	uint32_t ciaddr;
	int len;
	int rc;

	if (!netdev_is_open(netdev))
		return ERR(ENETDOWN);
	if (fetch_ipv4_setting(&netdev->settings.settings, &ip_setting,
			       &ciaddr) != 4 || !ciaddr)
		return ERR(EADDRNOTAVAIL);
	fetch_pxe_option(PXE_DISCOVERY_CONTROL, &control, 1);
	len = fetch_pxe_option(PXE_BOOT_SERVERS, list, sizeof(list));
	if (len > 0 && (size_t)len <= sizeof(list)) {
		rc = pxe_boot_servers(list, (size_t)len, type, servers,
				      PXEBS_MAX_SERVERS);
		count = rc > 0 ? (unsigned int)rc : 0;
	}
	/* Told not to broadcast, and nobody listed to ask. */
	if ((control & PXEBS_NO_BROADCAST) && !count)
		return ERR(ENOTFOUND);
	if ((rc = dhcp_session_create(job, netdev, &dhcp)) != 0)
		return rc;
	dhcp->ciaddr = ciaddr;
	dhcp->bs_type = type;
	memcpy(dhcp->bs_servers, servers, sizeof(servers));
	dhcp->bs_count = count;
	dhcp->bs_broadcast = !(control & PXEBS_NO_BROADCAST);
	dhcp->bs_only_listed = (control & PXEBS_ONLY_LISTED) && count;
	dhcp_set_state(dhcp, &dhcp_state_pxebs);
	ref_put(&dhcp->refcnt);
	return 0;
}
