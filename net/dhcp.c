/*
 * The DHCP client state machine: DHCPDISCOVER with back-off (1, 2, 4, 8 s)
 * collecting offers, a short extra wait for a ProxyDHCP offer once a normal
 * one arrived, DHCPREQUEST for the best offer, and on DHCPACK the packet
 * published as "netX.dhcp" (the IPv4 layer takes its address from there).
 * A ProxyDHCP offer is then used as "proxydhcp", directly when it names a
 * boot file or a PXE menu, else after asking the proxy on port 4011
 * (net/pxe_bootserver.c).
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/dhcp.h>
#include <wireboot/errors.h>
#include <wireboot/iobuf.h>
#include <wireboot/netdevice.h>
#include <wireboot/time.h>
#include <wireboot/xfer.h>
#include "dhcp_session.h"

#define ERR_SUBSYS ESUB_DHCP

/* NAKs after which we give up. */
#define DHCP_MAX_NAKS 3

static const struct dhcp_state dhcp_state_discover;
static const struct dhcp_state dhcp_state_request;

/* Release what the session holds once the last reference goes. */
static void dhcp_free(struct refcnt *refcnt)
{
	struct dhcp_session *dhcp =
		container_of(refcnt, struct dhcp_session, refcnt);

	free(dhcp->offer.pkt);
	free(dhcp->proxy.pkt);
	netdev_put(dhcp->netdev);
	free(dhcp);
}

void dhcp_finished(struct dhcp_session *dhcp, int rc)
{
	retry_stop(&dhcp->timer);
	intf_shutdown(&dhcp->xfer, 0);
	intf_shutdown(&dhcp->job, rc);
}

void dhcp_set_state(struct dhcp_session *dhcp, const struct dhcp_state *state)
{
	dhcp->state = state;
	retry_stop(&dhcp->timer);
	dhcp->timer.min_timeout = state->min_timeout;
	dhcp->timer.max_timeout = state->max_timeout;
	dhcp->timer.timeout = state->min_timeout;
	retry_start(&dhcp->timer);
	/* A send that fails (link not up yet) is simply retried. */
	state->tx(dhcp);
}

int dhcp_finish(struct dhcp_session *dhcp, struct dhcp_builder *builder)
{
	unsigned long secs = ms_since(dhcp->start) / 1000;

	dhcp_builder_hdr(builder)->secs = htons((uint16_t)MIN(secs, 0xffffU));
	return dhcp_build_end(builder);
}

int dhcp_send(struct dhcp_session *dhcp, const void *pkt, size_t len,
	      uint32_t dest, unsigned int port)
{
	struct sockaddr_in sin;
	struct xfer_metadata meta;
	struct io_buffer *iob;

	iob = alloc_iob(len);
	if (!iob)
		return ERR(ENOMEM);
	memcpy(iob_put(iob, len), pkt, len);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr = dest ? dest : htonl(0xffffffffU);
	sin.sin_port = htons((uint16_t)port);
	sin.sin_scope_id = dhcp->netdev->index + 1;
	memset(&meta, 0, sizeof(meta));
	meta.dest = (struct sockaddr *)&sin;
	return xfer_deliver(&dhcp->xfer, iob, &meta);
}

uint32_t dhcp_server_id(const void *pkt, size_t len,
			const struct sockaddr_in *src)
{
	const uint8_t *value;
	uint32_t server;

	if (dhcp_find_option(pkt, len, DHCP_SERVER_ID, &value) == 4) {
		memcpy(&server, value, sizeof(server));
		return server;
	}
	return src ? src->sin_addr : 0;
}

int dhcp_keep_packet(struct dhcp_packet_copy *copy, const void *pkt,
		     size_t len, uint32_t server)
{
	uint8_t *mem = malloc(len);

	if (!mem)
		return ERR(ENOMEM);
	memcpy(mem, pkt, len);
	free(copy->pkt);
	copy->pkt = mem;
	copy->len = len;
	copy->server = server;
	return 0;
}

bool dhcp_has_bootfile(const void *pkt, size_t len)
{
	const struct dhcphdr *hdr = pkt;
	const uint8_t *value;
	const uint8_t *overload;
	bool file_is_options;

	if (dhcp_find_option(pkt, len, DHCP_BOOTFILE_NAME, &value) > 0)
		return true;
	file_is_options = dhcp_find_option(pkt, len, DHCP_OVERLOAD,
					   &overload) >= 1 &&
			  (overload[0] & DHCP_OVERLOAD_FILE);
	return !file_is_options && hdr->file[0];
}

/* Is PKT from a PXE server (option 60 "PXEClient")? */
static bool is_pxe_server(const void *pkt, size_t len)
{
	const uint8_t *value;
	int vlen = dhcp_find_option(pkt, len, DHCP_VENDOR_CLASS_ID, &value);

	return vlen >= 9 && memcmp(value, "PXEClient", 9) == 0;
}

/* Option 175.1 of PKT as a signed number, 0 when absent. */
static long offer_priority(const void *pkt, size_t len)
{
	const uint8_t *value;

	if (dhcp_find_option(pkt, len, DHCP_ENCAP_TAG(DHCP_EB_ENCAP, 1),
			     &value) != 1)
		return 0;
	return (int8_t)value[0];
}

/* Start a request with our identity options.  0 or an error. */
static int start_packet(struct dhcp_session *dhcp, struct dhcp_builder *b,
			void *buf, size_t max, unsigned int msgtype)
{
	int rc;

	rc = dhcp_build_request(b, buf, max, msgtype, dhcp->xid,
				dhcp->netdev->ll_addr);
	if (rc != 0)
		return rc;
	return dhcp_build_client_options(b, dhcp->netdev);
}

static int discover_tx(struct dhcp_session *dhcp)
{
	uint8_t buf[DHCP_MAX_LEN];
	struct dhcp_builder b;
	int rc;

	if ((rc = start_packet(dhcp, &b, buf, sizeof(buf), DHCPDISCOVER)) != 0 ||
	    (rc = dhcp_finish(dhcp, &b)) < 0)
		return rc;
	return dhcp_send(dhcp, buf, (size_t)rc, 0, BOOTPS_PORT);
}

/*
 * Go on to the request once an offer is in and either a ProxyDHCP offer
 * came too or DHCP_PROXY_WAIT has passed since the first offer.
 */
static void discover_maybe_done(struct dhcp_session *dhcp, bool waited)
{
	unsigned long elapsed;

	if (!dhcp->offer.pkt)
		return;
	elapsed = ms_since(dhcp->first_offer);
	if (dhcp->proxy.pkt || waited || elapsed >= DHCP_PROXY_WAIT) {
		dhcp_set_state(dhcp, &dhcp_state_request);
		return;
	}
	/* Wake up when the ProxyDHCP wait is over. */
	timer_start(&dhcp->timer.timer, DHCP_PROXY_WAIT - elapsed);
}

static void discover_rx(struct dhcp_session *dhcp, const void *pkt,
			size_t len, const struct sockaddr_in *src)
{
	const struct dhcphdr *hdr = pkt;
	uint32_t server = dhcp_server_id(pkt, len, src);
	long priority;

	if (dhcp_message_type(pkt, len) != DHCPOFFER || !server)
		return;
	if (!hdr->yiaddr) {
		if (is_pxe_server(pkt, len) && !dhcp->proxy.pkt)
			dhcp_keep_packet(&dhcp->proxy, pkt, len, server);
	} else {
		priority = offer_priority(pkt, len);
		if (!dhcp->offer.pkt)
			dhcp->first_offer = now_ms();
		if (!dhcp->offer.pkt || priority > dhcp->offer_priority) {
			if (dhcp_keep_packet(&dhcp->offer, pkt, len,
					     server) == 0)
				dhcp->offer_priority = priority;
		}
	}
	discover_maybe_done(dhcp, false);
}

/* With an offer in, the wait for a ProxyDHCP offer is over. */
static bool discover_expired(struct dhcp_session *dhcp, int over)
{
	if (!dhcp->offer.pkt)
		return false;
	discover_maybe_done(dhcp, true);
	return true;
}

static const struct dhcp_state dhcp_state_discover = {
	.name = "discover",
	.tx = discover_tx,
	.rx = discover_rx,
	.expired = discover_expired,
	.min_timeout = DHCP_DISC_MIN_TIMEOUT,
	.max_timeout = DHCP_DISC_MAX_TIMEOUT,
};

static int request_tx(struct dhcp_session *dhcp)
{
	const struct dhcphdr *offer = (const void *)dhcp->offer.pkt;
	uint8_t buf[DHCP_MAX_LEN];
	struct dhcp_builder b;
	int rc;

	if ((rc = start_packet(dhcp, &b, buf, sizeof(buf), DHCPREQUEST)) != 0 ||
	    (rc = dhcp_build_option(&b, DHCP_REQUESTED_ADDRESS,
				    &offer->yiaddr, 4)) != 0 ||
	    (rc = dhcp_build_option(&b, DHCP_SERVER_ID, &dhcp->offer.server,
				    4)) != 0 ||
	    (rc = dhcp_finish(dhcp, &b)) < 0)
		return rc;
	return dhcp_send(dhcp, buf, (size_t)rc, 0, BOOTPS_PORT);
}

/* Use the ProxyDHCP offer: as it is, or by asking the proxy on 4011. */
static void use_proxy(struct dhcp_session *dhcp)
{
	const void *pkt = dhcp->proxy.pkt;
	size_t len = dhcp->proxy.len;
	const uint8_t *menu;
	int rc;

	if (dhcp_has_bootfile(pkt, len) ||
	    dhcp_find_option(pkt, len,
			     DHCP_ENCAP_TAG(DHCP_VENDOR_ENCAP, PXE_BOOT_MENU),
			     &menu) > 0) {
		rc = dhcp_publish(NULL, "proxydhcp", pkt, len);
		dhcp_finished(dhcp, rc);
		return;
	}
	dhcp_set_state(dhcp, &dhcp_state_proxy);
}

static void request_rx(struct dhcp_session *dhcp, const void *pkt, size_t len,
		       const struct sockaddr_in *src)
{
	const struct dhcphdr *hdr = pkt;
	unsigned int type = dhcp_message_type(pkt, len);
	int rc;

	if (dhcp_server_id(pkt, len, src) != dhcp->offer.server)
		return;
	if (type == DHCPNAK) {
		free(dhcp->offer.pkt);
		dhcp->offer.pkt = NULL;
		if (++dhcp->naks >= DHCP_MAX_NAKS) {
			dhcp_finished(dhcp, ERR(ECONNREFUSED));
			return;
		}
		dhcp_set_state(dhcp, &dhcp_state_discover);
		return;
	}
	if (type != DHCPACK || !hdr->yiaddr)
		return;
	rc = dhcp_publish(&dhcp->netdev->settings.settings, "dhcp", pkt, len);
	if (rc != 0) {
		dhcp_finished(dhcp, rc);
		return;
	}
	dhcp->ciaddr = hdr->yiaddr;
	/* A server that is also the PXE server answered everything. */
	if (dhcp->proxy.pkt && dhcp->proxy.server != dhcp->offer.server)
		use_proxy(dhcp);
	else
		dhcp_finished(dhcp, 0);
}

static const struct dhcp_state dhcp_state_request = {
	.name = "request",
	.tx = request_tx,
	.rx = request_rx,
	.min_timeout = DHCP_REQ_MIN_TIMEOUT,
	.max_timeout = DHCP_REQ_MAX_TIMEOUT,
};

/* A datagram on port 68: pass replies meant for us to the state. */
static int dhcp_deliver(struct dhcp_session *dhcp, struct io_buffer *iob,
			const struct xfer_metadata *meta)
{
	const struct dhcphdr *hdr = iob->data;
	const struct sockaddr_in *src = (const void *)meta->src;
	size_t len = iob_len(iob);

	if (dhcp_packet_check(iob->data, len) == 0 &&
	    hdr->op == BOOTP_REPLY && hdr->xid == dhcp->xid &&
	    memcmp(hdr->chaddr, dhcp->netdev->ll_addr, 6) == 0 &&
	    src && src->sin_family == AF_INET)
		dhcp->state->rx(dhcp, iob->data, len, src);
	free_iob(iob);
	return 0;
}

/* The job was cancelled (Ctrl-C): stop. */
static void dhcp_job_close(struct dhcp_session *dhcp, int rc)
{
	dhcp_finished(dhcp, rc);
}

/* The socket closed under us. */
static void dhcp_xfer_close(struct dhcp_session *dhcp, int rc)
{
	dhcp_finished(dhcp, rc ? rc : ERR(ENOTCONN));
}

static void dhcp_timer_expired(struct retry_timer *timer, int over)
{
	struct dhcp_session *dhcp =
		container_of(timer, struct dhcp_session, timer);

	if (dhcp->state->expired && dhcp->state->expired(dhcp, over))
		return;
	if (over) {
		dhcp_finished(dhcp, ERR(ETIMEDOUT));
	} else {
		retry_start(&dhcp->timer);
		dhcp->state->tx(dhcp);
	}
}

static const struct interface_operation dhcp_job_ops[] = {
	INTF_OP(intf_close, struct dhcp_session *, dhcp_job_close),
};
static const struct interface_descriptor dhcp_job_desc =
	INTF_DESC(struct dhcp_session, job, dhcp_job_ops);

static const struct interface_operation dhcp_xfer_ops[] = {
	INTF_OP(xfer_deliver, struct dhcp_session *, dhcp_deliver),
	INTF_OP(intf_close, struct dhcp_session *, dhcp_xfer_close),
};
static const struct interface_descriptor dhcp_xfer_desc =
	INTF_DESC(struct dhcp_session, xfer, dhcp_xfer_ops);

int dhcp_session_create(struct interface *job, struct net_device *netdev,
			struct dhcp_session **session)
{
	struct dhcp_session *dhcp;
	struct sockaddr_in peer;
	struct sockaddr_in local;
	int rc;

	dhcp = zalloc(sizeof(*dhcp));
	if (!dhcp)
		return ERR(ENOMEM);
	ref_init(&dhcp->refcnt, dhcp_free);
	intf_init(&dhcp->job, &dhcp_job_desc, &dhcp->refcnt);
	intf_init(&dhcp->xfer, &dhcp_xfer_desc, &dhcp->refcnt);
	retry_init(&dhcp->timer, dhcp_timer_expired, &dhcp->refcnt, 0, 0);
	dhcp->netdev = netdev_get(netdev);
	dhcp->xid = (uint32_t)random() ^ ((uint32_t)random() << 16);
	dhcp->start = now_ms();

	memset(&peer, 0, sizeof(peer));
	peer.sin_family = AF_INET;
	peer.sin_addr = htonl(0xffffffffU);
	peer.sin_port = htons(BOOTPS_PORT);
	peer.sin_scope_id = netdev->index + 1;
	memset(&local, 0, sizeof(local));
	local.sin_family = AF_INET;
	local.sin_port = htons(BOOTPC_PORT);
	rc = xfer_open_socket(&dhcp->xfer, SOCK_DGRAM,
			      (struct sockaddr *)&peer,
			      (struct sockaddr *)&local);
	if (rc != 0) {
		ref_put(&dhcp->refcnt);
		return rc;
	}
	intf_plug_plug(&dhcp->job, job);
	*session = dhcp;
	return 0;
}

int start_dhcp(struct interface *job, struct net_device *netdev)
{
	struct dhcp_session *dhcp;
	int rc;

	if (!netdev_is_open(netdev))
		return ERR(ENETDOWN);
	if ((rc = dhcp_session_create(job, netdev, &dhcp)) != 0)
		return rc;
	dhcp_set_state(dhcp, &dhcp_state_discover);
	/* The job and the socket hold the session from here on. */
	ref_put(&dhcp->refcnt);
	return 0;
}
