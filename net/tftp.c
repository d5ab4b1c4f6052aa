/*
 * The TFTP client: the "tftp" URI opener.  One request resolves the server
 * name, sends a read request asking for blksize (the largest that fits the
 * route's MTU), tsize and windowsize, and then acknowledges DATA blocks,
 * one ACK per window (RFC 7440), delivering each block at its offset.
 * Lost or reordered blocks make it acknowledge the last block it has in
 * sequence so the server resends from there; silence makes it resend its
 * last packet with back-off until it gives up.
 */
#include <string.h>
#include <stdlib.h>
#include <wireboot/tftp.h>
#include <wireboot/open.h>
#include <wireboot/uri.h>
#include <wireboot/resolv.h>
#include <wireboot/socket.h>
#include <wireboot/tcpip.h>
#include <wireboot/netdevice.h>
#include <wireboot/xfer.h>
#include <wireboot/timer.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include <wireboot/dhcp.h>
#include <wireboot/feature.h>

#define ERR_SUBSYS ESUB_TFTP

DHCP_FEATURE(tftp, "TFTP", DHCP_EB_FEATURE_TFTP, 1);

/* Blocks per window we ask for (see tests/bench/tftp_bench.py). */
#define TFTP_REQUEST_WINDOWSIZE 16
/* Retransmission back-off, in ms: ~26 s of silence ends a request. */
#define TFTP_MIN_TIMEOUT 250
#define TFTP_MAX_TIMEOUT 10000
/* IPv4 and UDP headers under the TFTP header. */
#define TFTP_IP_UDP_HDR (20 + 8)

struct tftp_request {
	struct refcnt refcnt;
	/* To whoever receives the file. */
	struct interface xfer;
	/* The UDP socket. */
	struct interface socket;
	/* Resolving the server's name. */
	struct interface resolv;
	struct retry_timer timer;
	struct uri *uri;
	/* What the read request names (the URI path minus one '/'). */
	const char *filename;
	/* The server's address and port for the read request. */
	struct sockaddr_in server;
	/* The server's transfer port (TID), once it has answered. */
	struct sockaddr_in peer;
	/* The options the read request carries. */
	struct tftp_rrq_options opts;
	/* What was agreed. */
	unsigned int blksize;
	unsigned int windowsize;
	/*
	 * The block wanted next, counted from 1 without wrapping (32 bits
	 * reach 2 TiB even with the smallest blocks).
	 */
	uint32_t next;
	/* Blocks taken in sequence since the last ACK. */
	unsigned int in_window;
	/* Block that an out-of-sequence ACK was last sent while waiting for. */
	uint32_t oos_acked;
	/* An OACK or the first DATA has arrived. */
	bool started;
	bool finished;
};

static void tftp_free(struct refcnt *refcnt)
{
	struct tftp_request *tftp =
		container_of(refcnt, struct tftp_request, refcnt);

	uri_put(tftp->uri);
	free(tftp);
}

/* End the request with RC; idempotent. */
static void tftp_finish(struct tftp_request *tftp, int rc)
{
	if (tftp->finished)
		return;
	tftp->finished = true;
	retry_stop(&tftp->timer);
	intf_shutdown(&tftp->resolv, rc);
	intf_shutdown(&tftp->socket, rc);
	intf_shutdown(&tftp->xfer, rc);
}

/* Send the read request to the server's well-known port. */
static int tftp_send_rrq(struct tftp_request *tftp)
{
	size_t len = strlen(tftp->filename) + 64;
	struct io_buffer *iob = alloc_iob(len);
	size_t used;

	if (!iob)
		return ERR(ENOMEM);
	used = tftp_build_rrq(iob->data, len, tftp->filename, &tftp->opts);
	iob_put(iob, used);
	return xfer_deliver(&tftp->socket, iob, NULL);
}

/* Send an ACK (VALUE = block) or an ERROR (VALUE = code, MESSAGE) to DEST. */
static int tftp_send_to(struct tftp_request *tftp, unsigned int opcode,
			   unsigned int value, struct sockaddr_in *dest,
			   const char *message)
{
	size_t len = 4 + (message ? strlen(message) + 1 : 0);
	struct xfer_metadata meta = { .dest = (struct sockaddr *)dest };
	struct io_buffer *iob = alloc_iob(len);
	uint8_t *p;

	if (!iob)
		return ERR(ENOMEM);
	p = iob_put(iob, len);
	p[0] = 0;
	p[1] = (uint8_t)opcode;
	p[2] = (uint8_t)(value >> 8);
	p[3] = (uint8_t)value;
	if (message)
		memcpy(p + 4, message, len - 4);
	return xfer_deliver(&tftp->socket, iob, &meta);
}

/* Acknowledge every block before NEXT. */
static void tftp_send_ack(struct tftp_request *tftp)
{
	tftp_send_to(tftp, TFTP_ACK, (tftp->next - 1) & 0xffff,
			&tftp->peer, NULL);
}

/* Restart the retransmission timer after progress. */
static void tftp_progress(struct tftp_request *tftp)
{
	retry_stop(&tftp->timer);
	retry_start(&tftp->timer);
}

static void tftp_expired(struct retry_timer *timer, int over)
{
	struct tftp_request *tftp =
		container_of(timer, struct tftp_request, timer);

	if (over) {
		tftp_finish(tftp, ERR(ETIMEDOUT));
		return;
	}
	if (tftp->started) {
		tftp->in_window = 0;
		tftp_send_ack(tftp);
	} else {
		tftp_send_rrq(tftp);
	}
	retry_start(timer);
}

/* Take the agreed options from an OACK. */
static int tftp_rx_oack(struct tftp_request *tftp,
			const struct tftp_packet *pkt)
{
	if (tftp->started) {
		/* Our ACK of the OACK was lost: say it again. */
		if (tftp->next == 1)
			tftp_send_ack(tftp);
		return 0;
	}
	tftp->blksize = pkt->has_blksize ? pkt->blksize : TFTP_DEFAULT_BLKSIZE;
	tftp->windowsize = pkt->has_windowsize ? pkt->windowsize : 1;
	if ((pkt->has_blksize && pkt->blksize > tftp->opts.blksize) ||
	    (pkt->has_windowsize && pkt->windowsize > tftp->opts.windowsize)) {
		tftp_send_to(tftp, TFTP_ERROR, TFTP_ERR_OPTIONS, &tftp->peer,
				"Bad option value");
		return ERR(EPROTO);
	}
	tftp->started = true;
	tftp->next = 1;
	if (pkt->has_tsize)
		xfer_size_hint(&tftp->xfer, pkt->tsize);
	tftp_send_ack(tftp);
	tftp_progress(tftp);
	return 0;
}

/* The unwrapped number of the block whose 16-bit number is BLOCK. */
static uint32_t tftp_block_number(struct tftp_request *tftp,
				  unsigned int block)
{
	int16_t delta = (int16_t)(uint16_t)(block - tftp->next);

	if (delta < 0 && (uint32_t)-delta >= tftp->next)
		return 0;
	return tftp->next + (uint32_t)delta;
}

/* Take a DATA block (IOB holds the whole packet; ownership passes). */
static int tftp_rx_data(struct tftp_request *tftp, struct io_buffer *iob,
			const struct tftp_packet *pkt)
{
	struct xfer_metadata meta = { .whence = XFER_SEEK_SET };
	uint32_t number;
	bool last;
	int rc;

	if (!tftp->started) {
		/* The server ignored every option. */
		tftp->started = true;
		tftp->blksize = TFTP_DEFAULT_BLKSIZE;
		tftp->windowsize = 1;
		tftp->next = 1;
	}
	number = tftp_block_number(tftp, pkt->block);
	if (pkt->len > tftp->blksize) {
		free_iob(iob);
		return ERR(EMSGSIZE);
	}
	if (number != tftp->next) {
		/* A gap or a repeat: ask once for a resend from NEXT. */
		free_iob(iob);
		if (tftp->oos_acked != tftp->next) {
			tftp->oos_acked = tftp->next;
			tftp->in_window = 0;
			tftp_send_ack(tftp);
		}
		return 0;
	}
	last = pkt->len < tftp->blksize;
	meta.offset = (int64_t)((uint64_t)(number - 1) * tftp->blksize);
	iob_pull(iob, TFTP_DATA_HDR);
	if (iob_len(iob)) {
		rc = xfer_deliver(&tftp->xfer, iob, &meta);
		if (rc != 0) {
			tftp_send_to(tftp, TFTP_ERROR, TFTP_ERR_UNDEF,
					&tftp->peer, "Aborted");
			tftp_finish(tftp, rc);
			return rc;
		}
	} else {
		free_iob(iob);
	}
	tftp->next++;
	if (last) {
		tftp_send_ack(tftp);
		tftp_finish(tftp, 0);
		return 0;
	}
	if (++tftp->in_window >= tftp->windowsize) {
		tftp->in_window = 0;
		tftp_send_ack(tftp);
	}
	tftp_progress(tftp);
	return 0;
}

/* A datagram on our port. */
static int tftp_rx(struct tftp_request *tftp, struct io_buffer *iob,
		   const struct xfer_metadata *meta)
{
	struct sockaddr_in *src = (struct sockaddr_in *)meta->src;
	struct tftp_packet pkt;
	int rc;

	if (!src || src->sin_family != tftp->server.sin_family ||
	    tftp->finished) {
		free_iob(iob);
		return 0;
	}
	if (tftp->peer.sin_family &&
	    (src->sin_port != tftp->peer.sin_port ||
	     src->sin_addr != tftp->peer.sin_addr)) {
		/* Another transfer (e.g. from a repeated request): refuse it. */
		free_iob(iob);
		tftp_send_to(tftp, TFTP_ERROR, TFTP_ERR_UNKNOWN_TID, src,
				"Unknown transfer ID");
		return 0;
	}
	rc = tftp_parse(iob->data, iob_len(iob), &pkt);
	if (rc != 0 || pkt.opcode != TFTP_DATA) {
		/* Only DATA needs the buffer; PKT holds copies of the rest. */
		free_iob(iob);
		iob = NULL;
	}
	if (rc != 0 && pkt.opcode == TFTP_OACK && !tftp->started) {
		/* Options we cannot use: refuse them and give up. */
		tftp_send_to(tftp, TFTP_ERROR, TFTP_ERR_OPTIONS, src,
				"Bad option value");
		tftp_finish(tftp, rc);
		return rc;
	}
	if (rc != 0)
		return 0;
	if (!tftp->peer.sin_family) {
		memset(&tftp->peer, 0, sizeof(tftp->peer));
		tftp->peer.sin_family = src->sin_family;
		tftp->peer.sin_addr = src->sin_addr;
		tftp->peer.sin_port = src->sin_port;
		tftp->peer.sin_scope_id = src->sin_scope_id;
	}
	switch (pkt.opcode) {
	case TFTP_DATA:
		return tftp_rx_data(tftp, iob, &pkt);
	case TFTP_OACK:
		rc = tftp_rx_oack(tftp, &pkt);
		break;
	case TFTP_ERROR:
		if (pkt.error == TFTP_ERR_OPTIONS && !tftp->started &&
		    tftp->opts.blksize) {
			/* Options refused (RFC 2347): ask again without. */
			memset(&tftp->opts, 0, sizeof(tftp->opts));
			memset(&tftp->peer, 0, sizeof(tftp->peer));
			tftp_send_rrq(tftp);
			tftp_progress(tftp);
			return 0;
		}
		rc = tftp_error_rc(pkt.error);
		break;
	default:
		return 0;
	}
	if (rc != 0)
		tftp_finish(tftp, rc);
	return rc;
}

/* The largest block that fits the MTU of the route to the server. */
static unsigned int tftp_route_blksize(struct tftp_request *tftp)
{
	struct net_device *netdev =
		tcpip_netdev((struct sockaddr *)&tftp->server);
	size_t room;

	if (!netdev || netdev->mtu < TFTP_IP_UDP_HDR + TFTP_DATA_HDR +
					 TFTP_DEFAULT_BLKSIZE)
		return TFTP_FALLBACK_BLKSIZE;
	room = netdev->mtu - TFTP_IP_UDP_HDR - TFTP_DATA_HDR;
	return (unsigned int)MIN(room, (size_t)TFTP_MAX_BLKSIZE);
}

/* The server's name is resolved: open the socket and ask for the file. */
static void tftp_resolved(struct tftp_request *tftp, struct sockaddr *sa,
			  int rc)
{
	if (rc == 0 && !sa)
		rc = ERR(EPROTO);
	if (rc == 0) {
		memcpy(&tftp->server, sa, sizeof(tftp->server));
		tftp->opts.blksize = tftp_route_blksize(tftp);
		tftp->opts.windowsize = TFTP_REQUEST_WINDOWSIZE;
		tftp->opts.tsize = true;
		intf_shutdown(&tftp->resolv, 0);
		rc = xfer_open_socket(&tftp->socket, SOCK_DGRAM,
				      (struct sockaddr *)&tftp->server, NULL);
	}
	if (rc == 0)
		rc = tftp_send_rrq(tftp);
	if (rc != 0) {
		tftp_finish(tftp, rc);
		return;
	}
	retry_start(&tftp->timer);
}

/* The resolver or the socket closed under us. */
static void tftp_lower_close(struct tftp_request *tftp, int rc)
{
	tftp_finish(tftp, rc ? rc : ERR(ECONNABORTED));
}

/* The receiver gave up: tell the server, then stop. */
static void tftp_xfer_close(struct tftp_request *tftp, int rc)
{
	if (tftp->peer.sin_family && !tftp->finished)
		tftp_send_to(tftp, TFTP_ERROR, TFTP_ERR_UNDEF, &tftp->peer,
				"Aborted");
	tftp_finish(tftp, rc);
}

static const struct interface_operation tftp_xfer_ops[] = {
	INTF_OP(intf_close, struct tftp_request *, tftp_xfer_close),
};
static const struct interface_descriptor tftp_xfer_desc =
	INTF_DESC(struct tftp_request, xfer, tftp_xfer_ops);

static const struct interface_operation tftp_socket_ops[] = {
	INTF_OP(xfer_deliver, struct tftp_request *, tftp_rx),
	INTF_OP(intf_close, struct tftp_request *, tftp_lower_close),
};
static const struct interface_descriptor tftp_socket_desc =
	INTF_DESC(struct tftp_request, socket, tftp_socket_ops);

static const struct interface_operation tftp_resolv_ops[] = {
	INTF_OP(resolv_done, struct tftp_request *, tftp_resolved),
	INTF_OP(intf_close, struct tftp_request *, tftp_lower_close),
};
static const struct interface_descriptor tftp_resolv_desc =
	INTF_DESC(struct tftp_request, resolv, tftp_resolv_ops);

static int tftp_open(struct interface *xfer, struct uri *uri)
{
	struct tftp_request *tftp;
	const char *filename;
	int rc;

	if (!uri->host || !*uri->host || !uri->path)
		return ERR(EINVAL);
	filename = uri->path + (uri->path[0] == '/');
	if (!*filename)
		return ERR(EINVAL);
	tftp = zalloc(sizeof(*tftp));
	if (!tftp)
		return ERR(ENOMEM);
	ref_init(&tftp->refcnt, tftp_free);
	intf_init(&tftp->xfer, &tftp_xfer_desc, &tftp->refcnt);
	intf_init(&tftp->socket, &tftp_socket_desc, &tftp->refcnt);
	intf_init(&tftp->resolv, &tftp_resolv_desc, &tftp->refcnt);
	retry_init(&tftp->timer, tftp_expired, &tftp->refcnt, TFTP_MIN_TIMEOUT,
		   TFTP_MAX_TIMEOUT);
	tftp->uri = uri_get(uri);
	tftp->filename = filename;
	tftp->server.sin_family = AF_INET;
	tftp->server.sin_port = htons((uint16_t)uri_port(uri, TFTP_PORT));
	rc = resolv(&tftp->resolv, uri->host, (struct sockaddr *)&tftp->server);
	if (rc != 0) {
		tftp_finish(tftp, rc);
		ref_put(&tftp->refcnt);
		return rc;
	}
	intf_plug_plug(&tftp->xfer, xfer);
	ref_put(&tftp->refcnt);
	return 0;
}

static const struct uri_opener tftp_uri_opener __uri_opener = {
	.scheme = "tftp",
	.open = tftp_open,
};
