/*
 * iSCSI session and the "iscsi" block device: resolve, connect, log in
 * (net/iscsi_login.c), then carry SCSI commands one at a time: Data-In
 * placed at its buffer offset, R2T answered with Data-Out PDUs no larger
 * than the target's MaxRecvDataSegmentLength, status from the SCSI
 * Response or a Data-In with the S bit, NOP-In pings answered.
 *
 * A lost connection closes the block interface: the SAN layer then opens
 * a new session, which logs in again, and reissues the command.  A target
 * this program has logged in to before is expected back (a restart): a
 * refused connection or a transient login error is tried again every
 * second until the SAN layer gives up, instead of failing at once.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/blockdev.h>
#include <wireboot/builtin_settings.h>
#include <wireboot/byteorder.h>
#include <wireboot/dhcp.h>
#include <wireboot/feature.h>
#include <wireboot/ipv4.h>
#include <wireboot/netdevice.h>
#include <wireboot/resolv.h>
#include <wireboot/san.h>
#include <wireboot/scsi.h>
#include <wireboot/settings.h>
#include <wireboot/uri.h>
#include <wireboot/xfer.h>
#include <wireboot/errors.h>
#include "iscsi_internal.h"

#define ERR_SUBSYS ESUB_ISCSI

DHCP_FEATURE(iscsi, "iSCSI", DHCP_EB_FEATURE_ISCSI, 1);

/* Tries of a command that ends in UNIT ATTENTION / NOT READY / BUSY. */
#define ISCSI_MAX_TRIES 10
/* Redirects followed at most. */
#define ISCSI_MAX_REDIRECTS 5
/* How long to wait before connecting again to a known target. */
#define ISCSI_RETRY_MS 1000
/* Receive window we offer TCP. */
#define ISCSI_RX_WINDOW (256 * 1024)
/* Targets logged in to (hashes of their root paths), newest last. */
#define ISCSI_KNOWN_MAX 8

static uint32_t iscsi_known[ISCSI_KNOWN_MAX];
static unsigned int iscsi_known_count;
static uint8_t iscsi_isid[6];

/* What a block command is doing now (the capacity sequence in order). */
enum iscsi_phase {
	ISCSI_PHASE_TUR,
	ISCSI_PHASE_INQUIRY,
	ISCSI_PHASE_CAPACITY_10,
	ISCSI_PHASE_CAPACITY_16,
	ISCSI_PHASE_RW,
};

/* One block command (read, write, or the capacity sequence). */
struct iscsi_command {
	struct refcnt refcnt;
	struct interface data;
	struct iscsi_session *session;
	enum iscsi_phase phase;
	unsigned int tries;
	/* The SCSI command in flight. */
	struct scsi_cdb cdb;
	uint8_t *buffer;
	size_t len;
	bool write;
	uint32_t itt;
	/* Data-Out for the current R2T. */
	uint32_t ttt;
	size_t out_offset;
	size_t out_left;
	uint32_t datasn;
	/* The read or write the SAN asked for. */
	uint64_t lba;
	unsigned int count;
	uint8_t *rw_buffer;
	size_t rw_len;
	bool rw_write;
	/* Answers of INQUIRY (the longest) and READ CAPACITY. */
	uint8_t answer[MAX(SCSI_INQUIRY_LEN, SCSI_CAPACITY_16_LEN)];
	bool finished;
};

static void iscsi_close(struct iscsi_session *session, int rc);

/* A hash of TEXT (FNV-1a). */
static uint32_t iscsi_hash(const char *text)
{
	uint32_t hash = 2166136261U;

	while (*text)
		hash = (hash ^ (uint8_t)*text++) * 16777619U;
	return hash;
}

static bool iscsi_known_target(uint32_t key)
{
	unsigned int i;

	for (i = 0; i < iscsi_known_count; i++) {
		if (iscsi_known[i] == key)
			return true;
	}
	return false;
}

static void iscsi_remember_target(uint32_t key)
{
	if (iscsi_known_target(key))
		return;
	if (iscsi_known_count == ISCSI_KNOWN_MAX) {
		memmove(iscsi_known, iscsi_known + 1,
			sizeof(iscsi_known) - sizeof(iscsi_known[0]));
		iscsi_known_count--;
	}
	iscsi_known[iscsi_known_count++] = key;
}

int iscsi_tx_pdu(struct iscsi_session *session, uint8_t *bhs,
		 const void *data, size_t dlen)
{
	size_t pad = (4 - (dlen & 3)) & 3;
	struct io_buffer *iob;
	uint8_t *p;

	bhs[ISCSI_BHS_DSL] = (uint8_t)(dlen >> 16);
	bhs[ISCSI_BHS_DSL + 1] = (uint8_t)(dlen >> 8);
	bhs[ISCSI_BHS_DSL + 2] = (uint8_t)dlen;
	if ((bhs[0] & ISCSI_OP_MASK) != ISCSI_OP_DATA_OUT)
		put_be32(bhs + ISCSI_BHS_CMDSN, session->cmdsn);
	put_be32(bhs + ISCSI_BHS_EXPSTATSN, session->expstatsn);
	iob = alloc_iob(ISCSI_BHS_LEN + dlen + pad);
	if (!iob)
		return ERR(ENOMEM);
	p = iob_put(iob, ISCSI_BHS_LEN + dlen + pad);
	memcpy(p, bhs, ISCSI_BHS_LEN);
	if (dlen)
		memcpy(p + ISCSI_BHS_LEN, data, dlen);
	memset(p + ISCSI_BHS_LEN + dlen, 0, pad);
	return xfer_deliver(&session->socket, iob, NULL);
}

/* Finish CMD with RC (once): the SAN hears of it. */
static void iscsi_command_finish(struct iscsi_command *cmd, int rc)
{
	struct iscsi_session *session = cmd->session;

	if (cmd->finished)
		return;
	cmd->finished = true;
	if (session->cmd == cmd)
		session->cmd = NULL;
	intf_shutdown(&cmd->data, rc);
	ref_put(&cmd->refcnt);
}

/* Send CMD's SCSI command under a new task tag. */
static int iscsi_command_send(struct iscsi_command *cmd)
{
	struct iscsi_session *session = cmd->session;
	uint8_t bhs[ISCSI_BHS_LEN] = { 0 };
	int rc;

	cmd->itt = ++session->itt;
	cmd->out_left = 0;
	bhs[0] = ISCSI_OP_SCSI_CMD;
	bhs[1] = ISCSI_FLAG_FINAL | ISCSI_CMD_ATTR_SIMPLE |
		 (cmd->len ? (cmd->write ? ISCSI_CMD_WRITE : ISCSI_CMD_READ) : 0);
	memcpy(bhs + ISCSI_BHS_LUN, session->rp.lun, 8);
	put_be32(bhs + ISCSI_BHS_ITT, cmd->itt);
	put_be32(bhs + ISCSI_BHS_EXP_LEN, (uint32_t)cmd->len);
	memcpy(bhs + ISCSI_BHS_CDB, cmd->cdb.bytes, sizeof(cmd->cdb.bytes));
	if ((rc = iscsi_tx_pdu(session, bhs, NULL, 0)) != 0)
		return rc;
	session->cmdsn++;
	return 0;
}

/* The command of each step that finds the capacity, and its answer's size. */
static const struct {
	const struct scsi_cdb *cdb;
	uint8_t len;
} iscsi_probe[] = {
	[ISCSI_PHASE_TUR] = { &scsi_test_unit_ready_cdb, 0 },
	[ISCSI_PHASE_INQUIRY] = { &scsi_inquiry_cdb, SCSI_INQUIRY_LEN },
	[ISCSI_PHASE_CAPACITY_10] = { &scsi_read_capacity_10_cdb,
				      SCSI_CAPACITY_10_LEN },
	[ISCSI_PHASE_CAPACITY_16] = { &scsi_read_capacity_16_cdb,
				      SCSI_CAPACITY_16_LEN },
};

/* Start the SCSI command of CMD's current phase. */
static int iscsi_command_phase(struct iscsi_command *cmd)
{
	if (cmd->phase == ISCSI_PHASE_RW) {
		scsi_cdb_rw(&cmd->cdb, cmd->rw_write, cmd->lba, cmd->count);
		cmd->buffer = cmd->rw_buffer;
		cmd->len = cmd->rw_len;
		cmd->write = cmd->rw_write;
	} else {
		cmd->cdb = *iscsi_probe[cmd->phase].cdb;
		cmd->buffer = cmd->answer;
		cmd->len = iscsi_probe[cmd->phase].len;
		cmd->write = false;
	}
	memset(cmd->answer, 0, sizeof(cmd->answer));
	return iscsi_command_send(cmd);
}

/* Report the capacity READ CAPACITY gave and finish. */
static void iscsi_command_capacity(struct iscsi_command *cmd,
				   const struct scsi_capacity *scap)
{
	struct block_capacity cap = {
		.blocks = scap->blocks,
		.blksize = scap->blksize,
	};

	cmd->session->blksize = scap->blksize;
	block_capacity(&cmd->data, &cap);
	iscsi_command_finish(cmd, 0);
}

/* The SCSI command of CMD ended with STATUS (and SENSE). */
static void iscsi_command_done(struct iscsi_command *cmd, uint8_t status,
			       const struct scsi_sense *sense)
{
	struct scsi_capacity scap;
	int rc = scsi_status_rc(status, sense);
	int type;

	/* Past UNIT ATTENTION, NOT READY and BUSY: ask again. */
	if (err_is(rc, EAGAIN) && ++cmd->tries < ISCSI_MAX_TRIES)
		goto send;
	if (rc != 0)
		goto out;
	cmd->tries = 0;
	switch (cmd->phase) {
	case ISCSI_PHASE_TUR:
		break;
	case ISCSI_PHASE_INQUIRY:
		type = scsi_parse_inquiry(cmd->answer, sizeof(cmd->answer));
		if (type < 0) {
			rc = type;
			goto out;
		}
		/* Only disks (0) and CD/DVD drives (5) hold blocks to boot. */
		if (type != 0 && type != 5) {
			rc = ERR(ENODEV);
			goto out;
		}
		break;
	case ISCSI_PHASE_CAPACITY_10:
	case ISCSI_PHASE_CAPACITY_16:
		rc = cmd->phase == ISCSI_PHASE_CAPACITY_10 ?
			scsi_parse_capacity_10(cmd->answer,
					       SCSI_CAPACITY_10_LEN, &scap) :
			scsi_parse_capacity_16(cmd->answer,
					       SCSI_CAPACITY_16_LEN, &scap);
		/* 1: too large for READ CAPACITY (10), (16) comes next. */
		if (rc == 1)
			break;
		if (rc == 0)
			iscsi_command_capacity(cmd, &scap);
		goto out;
	case ISCSI_PHASE_RW:
		iscsi_command_finish(cmd, 0);
		return;
	}
	/* On to the next step of the capacity sequence. */
	cmd->phase++;
send:
	rc = iscsi_command_phase(cmd);
out:
	if (rc != 0)
		iscsi_command_finish(cmd, rc);
}

/* Send Data-Out PDUs for the current R2T while TCP takes them. */
static int iscsi_data_out(struct iscsi_command *cmd)
{
	struct iscsi_session *session = cmd->session;
	uint8_t bhs[ISCSI_BHS_LEN];
	size_t chunk;
	int rc;

	while (cmd->out_left) {
		chunk = MIN(cmd->out_left, (size_t)session->max_data_out);
		if (xfer_window(&session->socket) < ISCSI_BHS_LEN + chunk + 3)
			return 0;
		memset(bhs, 0, sizeof(bhs));
		bhs[0] = ISCSI_OP_DATA_OUT;
		if (chunk == cmd->out_left)
			bhs[1] = ISCSI_FLAG_FINAL;
		memcpy(bhs + ISCSI_BHS_LUN, session->rp.lun, 8);
		put_be32(bhs + ISCSI_BHS_ITT, cmd->itt);
		put_be32(bhs + ISCSI_BHS_TTT, cmd->ttt);
		put_be32(bhs + ISCSI_BHS_DATASN, cmd->datasn++);
		put_be32(bhs + ISCSI_BHS_OFFSET, (uint32_t)cmd->out_offset);
		if ((rc = iscsi_tx_pdu(session, bhs,
				       cmd->buffer + cmd->out_offset,
				       chunk)) != 0)
			return rc;
		cmd->out_offset += chunk;
		cmd->out_left -= chunk;
	}
	return 0;
}

/* A PDU about the command in progress. */
static int iscsi_rx_command_pdu(struct iscsi_session *session,
				const uint8_t *bhs, const uint8_t *data,
				size_t dlen)
{
	struct iscsi_command *cmd = session->cmd;
	struct scsi_sense sense;
	uint32_t offset, len;
	uint8_t op = bhs[0] & ISCSI_OP_MASK;
	bool has_sense;
	int rc;

	/* Answers to a command the SAN gave up on are dropped. */
	if (!cmd || get_be32(bhs + ISCSI_BHS_ITT) != cmd->itt)
		return 0;
	ref_get(&cmd->refcnt);
	rc = 0;
	switch (op) {
	case ISCSI_OP_DATA_IN:
		offset = get_be32(bhs + ISCSI_BHS_OFFSET);
		if (cmd->write || offset > cmd->len || dlen > cmd->len - offset) {
			rc = ERR(EPROTO);
			break;
		}
		if (dlen)
			memcpy(cmd->buffer + offset, data, dlen);
		if (bhs[1] & ISCSI_DATA_STATUS) {
			session->expstatsn = get_be32(bhs + ISCSI_BHS_STATSN) + 1;
			iscsi_command_done(cmd, bhs[3], NULL);
		}
		break;
	case ISCSI_OP_SCSI_RSP:
		session->expstatsn = get_be32(bhs + ISCSI_BHS_STATSN) + 1;
		if (bhs[2] != 0) {
			iscsi_command_finish(cmd, ERR(EIO));
			break;
		}
		has_sense = dlen >= 2 && get_be16(data) > 0 &&
			    scsi_parse_sense(data + 2, MIN((size_t)get_be16(data),
							    dlen - 2),
					     &sense) == 0;
		iscsi_command_done(cmd, bhs[3], has_sense ? &sense : NULL);
		break;
	case ISCSI_OP_R2T:
		offset = get_be32(bhs + ISCSI_BHS_OFFSET);
		len = get_be32(bhs + ISCSI_BHS_DESIRED_LEN);
		if (!cmd->write || offset > cmd->len || len > cmd->len - offset ||
		    !len) {
			rc = ERR(EPROTO);
			break;
		}
		cmd->ttt = get_be32(bhs + ISCSI_BHS_TTT);
		cmd->out_offset = offset;
		cmd->out_left = len;
		cmd->datasn = 0;
		rc = iscsi_data_out(cmd);
		break;
	case ISCSI_OP_REJECT:
		iscsi_command_finish(cmd, ERR(EPROTO));
		break;
	}
	ref_put(&cmd->refcnt);
	return rc;
}

/* A NOP-In: answer it when the target asks (its TTT is not all ones). */
static int iscsi_rx_nop_in(struct iscsi_session *session, const uint8_t *bhs,
			   const uint8_t *data, size_t dlen)
{
	uint8_t out[ISCSI_BHS_LEN] = { 0 };

	if (get_be32(bhs + ISCSI_BHS_TTT) == 0xffffffffU)
		return 0;
	out[0] = ISCSI_OP_NOP_OUT | ISCSI_OP_IMMEDIATE;
	out[1] = ISCSI_FLAG_FINAL;
	memcpy(out + ISCSI_BHS_LUN, bhs + ISCSI_BHS_LUN, 8);
	put_be32(out + ISCSI_BHS_ITT, 0xffffffffU);
	memcpy(out + ISCSI_BHS_TTT, bhs + ISCSI_BHS_TTT, 4);
	return iscsi_tx_pdu(session, out, data, dlen);
}

/* Where TARGET_ADDRESS ("host[:port][,tpgt]") points; 0 or an error. */
static int iscsi_follow_redirect(struct iscsi_session *session)
{
	char *addr = session->target_address;
	char *comma, *colon, *host;
	int port = ISCSI_PORT;

	if (++session->redirects > ISCSI_MAX_REDIRECTS)
		return ERR(ELOOP);
	comma = strchr(addr, ',');
	if (comma)
		*comma = '\0';
	colon = strrchr(addr, ':');
	if (colon && (addr[0] != '[' || colon > strchr(addr, ']'))) {
		*colon = '\0';
		port = iscsi_parse_port(colon + 1);
		if (port < 0)
			return port;
	}
	if (!*addr)
		return ERR(EINVAL);
	host = strdup(addr);
	if (!host)
		return ERR(ENOMEM);
	free(session->host);
	session->host = host;
	session->port = (unsigned int)port;
	return 0;
}

static int iscsi_resolve(struct iscsi_session *session);

/* Logged in: remember the target, describe it, open the window. */
static void iscsi_ready(struct iscsi_session *session)
{
	struct iscsi_descriptor *ibft = &session->ibft;
	struct ipv4_path path;

	session->state = ISCSI_READY;
	session->logged_in = true;
	iscsi_remember_target(session->key);
	ibft->target_ip = session->peer.sin_addr;
	ibft->port = (uint16_t)session->port;
	if (!ibft->netdev && session->peer.sin_family == AF_INET &&
	    ipv4_find_path(session->peer.sin_addr, 0, NULL, &path) == 0)
		ibft->netdev = netdev_get(path.netdev);
	ibft->desc.edd.busdevfn = ibft->netdev ?
		san_netdev_busdevfn(ibft->netdev) : -1;
	xfer_window_changed(&session->block);
}

/* One complete PDU from the target. */
static int iscsi_rx_pdu(void *ctx, const uint8_t *bhs, const uint8_t *data,
			size_t dlen)
{
	struct iscsi_session *session = ctx;
	uint8_t op = bhs[0] & ISCSI_OP_MASK;
	int rc;

	if (session->state == ISCSI_LOGIN) {
		if (op != ISCSI_OP_LOGIN_RSP)
			return ERR(EPROTO);
		rc = iscsi_login_rx(session, bhs, data, dlen);
		if (rc == 1) {
			iscsi_ready(session);
			return 0;
		}
		if (err_is(rc, EINPROGRESS)) {
			if ((rc = iscsi_follow_redirect(session)) != 0)
				return rc;
			intf_restart(&session->socket, 0);
			iscsi_rx_reset(&session->rx);
			if ((rc = iscsi_resolve(session)) != 0)
				return rc;
			/* Stop feeding: this connection is gone. */
			return ERR(ECANCELED);
		}
		return rc;
	}
	if (session->state != ISCSI_READY)
		return ERR(EPROTO);
	switch (op) {
	case ISCSI_OP_NOP_IN:
		return iscsi_rx_nop_in(session, bhs, data, dlen);
	case ISCSI_OP_ASYNC:
		/* 1: the target asks us to log out; 2, 3: it drops us. */
		if (bhs[36] >= 1 && bhs[36] <= 3)
			return ERR(ECONNRESET);
		return 0;
	default:
		return iscsi_rx_command_pdu(session, bhs, data, dlen);
	}
}

/* Connect again to a known target after a pause. */
static void iscsi_retry_expired(struct retry_timer *retry, int over)
{
	struct iscsi_session *session =
		container_of(retry, struct iscsi_session, retry);
	int rc;

	retry_stop(retry);
	if ((rc = iscsi_resolve(session)) != 0)
		iscsi_close(session, rc);
}

/*
 * The connection (or login) failed with RC before the session was ready:
 * a known target is tried again; anything else closes the session.
 */
static void iscsi_conn_failed(struct iscsi_session *session, int rc)
{
	bool transient = err_is(rc, ECONNREFUSED) || err_is(rc, ECONNRESET) ||
			 err_is(rc, ETIMEDOUT) || err_is(rc, ENOENT) ||
			 err_is(rc, EBUSY) || err_is(rc, EIO) ||
			 err_is(rc, EHOSTUNREACH) || err_is(rc, ENETUNREACH);

	intf_restart(&session->socket, rc);
	iscsi_rx_reset(&session->rx);
	if (!session->logged_in && transient &&
	    iscsi_known_target(session->key)) {
		session->state = ISCSI_RETRY_WAIT;
		retry_start(&session->retry);
		return;
	}
	iscsi_close(session, rc);
}

static int iscsi_socket_deliver(struct iscsi_session *session,
				struct io_buffer *iob,
				const struct xfer_metadata *meta)
{
	int rc;

	ref_get(&session->refcnt);
	rc = iscsi_rx_feed(&session->rx, iob->data, iob_len(iob),
			   iscsi_rx_pdu, session);
	free_iob(iob);
	if (rc != 0 && !err_is(rc, ECANCELED)) {
		if (session->state == ISCSI_LOGIN)
			iscsi_conn_failed(session, rc);
		else
			iscsi_close(session, rc);
	}
	ref_put(&session->refcnt);
	return 0;
}

static size_t iscsi_socket_window(struct iscsi_session *session)
{
	return ISCSI_RX_WINDOW;
}

/* The connection is up (start the login) or can take more (Data-Out). */
static void iscsi_socket_window_changed(struct iscsi_session *session)
{
	int rc = 0;

	if (xfer_window(&session->socket) == 0)
		return;
	ref_get(&session->refcnt);
	if (session->state == ISCSI_CONNECTING) {
		session->state = ISCSI_LOGIN;
		rc = iscsi_login_start(session);
	} else if (session->state == ISCSI_READY && session->cmd &&
		   session->cmd->out_left) {
		rc = iscsi_data_out(session->cmd);
	}
	if (rc != 0)
		iscsi_close(session, rc);
	ref_put(&session->refcnt);
}

/* The TCP connection has ended. */
static void iscsi_socket_close(struct iscsi_session *session, int rc)
{
	if (!rc)
		rc = ERR(ECONNRESET);
	ref_get(&session->refcnt);
	if (session->state == ISCSI_CONNECTING || session->state == ISCSI_LOGIN)
		iscsi_conn_failed(session, rc);
	else
		iscsi_close(session, rc);
	ref_put(&session->refcnt);
}

static const struct interface_operation iscsi_socket_ops[] = {
	INTF_OP(xfer_deliver, struct iscsi_session *, iscsi_socket_deliver),
	INTF_OP(xfer_window, struct iscsi_session *, iscsi_socket_window),
	INTF_OP(xfer_window_changed, struct iscsi_session *,
		iscsi_socket_window_changed),
	INTF_OP(intf_close, struct iscsi_session *, iscsi_socket_close),
};
static const struct interface_descriptor iscsi_socket_desc =
	INTF_DESC(struct iscsi_session, socket, iscsi_socket_ops);

/* The server's address is known: connect. */
static void iscsi_resolv_done(struct iscsi_session *session,
			      struct sockaddr *sa, int rc)
{
	if (session->state != ISCSI_RESOLVING)
		return;
	if (rc == 0) {
		memcpy(&session->peer, sa, sizeof(session->peer));
		session->state = ISCSI_CONNECTING;
		rc = xfer_open_socket(&session->socket, SOCK_STREAM,
				      (struct sockaddr *)&session->peer, NULL);
	}
	if (rc != 0)
		iscsi_conn_failed(session, rc);
}

static void iscsi_resolv_close(struct iscsi_session *session, int rc)
{
	intf_restart(&session->resolv, rc);
	if (rc != 0 && session->state == ISCSI_RESOLVING)
		iscsi_close(session, rc);
}

static const struct interface_operation iscsi_resolv_ops[] = {
	INTF_OP(resolv_done, struct iscsi_session *, iscsi_resolv_done),
	INTF_OP(intf_close, struct iscsi_session *, iscsi_resolv_close),
};
static const struct interface_descriptor iscsi_resolv_desc =
	INTF_DESC(struct iscsi_session, resolv, iscsi_resolv_ops);

/* Look the host up (the answer comes later). */
static int iscsi_resolve(struct iscsi_session *session)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_port = htons((uint16_t)session->port),
	};

	session->state = ISCSI_RESOLVING;
	return resolv(&session->resolv, session->host, (struct sockaddr *)&sa);
}

/* Finish with everything: commands, connection, the SAN path. */
static void iscsi_close(struct iscsi_session *session, int rc)
{
	if (session->state == ISCSI_CLOSED)
		return;
	session->state = ISCSI_CLOSED;
	retry_stop(&session->retry);
	if (session->cmd)
		iscsi_command_finish(session->cmd, rc ? rc : ERR(ECANCELED));
	iscsi_rx_reset(&session->rx);
	intf_shutdown(&session->resolv, rc);
	intf_shutdown(&session->socket, rc);
	intf_shutdown(&session->block, rc);
}

/* The SAN gave up on the command. */
static void iscsi_command_close(struct iscsi_command *cmd, int rc)
{
	iscsi_command_finish(cmd, rc ? rc : ERR(ECANCELED));
}

static const struct interface_operation iscsi_command_ops[] = {
	INTF_OP(intf_close, struct iscsi_command *, iscsi_command_close),
};
static const struct interface_descriptor iscsi_command_desc =
	INTF_DESC(struct iscsi_command, data, iscsi_command_ops);

static void iscsi_command_free(struct refcnt *refcnt)
{
	struct iscsi_command *cmd =
		container_of(refcnt, struct iscsi_command, refcnt);

	ref_put(&cmd->session->refcnt);
	free(cmd);
}

/* Start a block command plugged to DATA in PHASE. */
static int iscsi_command_start(struct iscsi_session *session,
			       struct interface *data, enum iscsi_phase phase,
			       uint64_t lba, unsigned int count, void *buffer,
			       size_t len, bool write)
{
	struct iscsi_command *cmd;
	int rc;

	if (session->state != ISCSI_READY)
		return ERR(ENOTCONN);
	if (session->cmd)
		return ERR(EBUSY);
	if (phase == ISCSI_PHASE_RW &&
	    (!count || !len || len > 0xffffffffU ||
	     (session->blksize && len < (size_t)count * session->blksize)))
		return ERR(EINVAL);
	cmd = zalloc(sizeof(*cmd));
	if (!cmd)
		return ERR(ENOMEM);
	ref_init(&cmd->refcnt, iscsi_command_free);
	intf_init(&cmd->data, &iscsi_command_desc, &cmd->refcnt);
	cmd->session = session;
	ref_get(&session->refcnt);
	cmd->phase = phase;
	cmd->lba = lba;
	cmd->count = count;
	cmd->rw_buffer = buffer;
	cmd->rw_len = len;
	cmd->rw_write = write;
	if ((rc = iscsi_command_phase(cmd)) != 0) {
		ref_put(&cmd->refcnt);
		return rc;
	}
	session->cmd = cmd;
	intf_plug_plug(&cmd->data, data);
	return 0;
}

static int iscsi_block_read(struct iscsi_session *session,
			    struct interface *data, uint64_t lba,
			    unsigned int count, void *buffer, size_t len)
{
	return iscsi_command_start(session, data, ISCSI_PHASE_RW, lba, count,
				   buffer, len, false);
}

static int iscsi_block_write(struct iscsi_session *session,
			     struct interface *data, uint64_t lba,
			     unsigned int count, const void *buffer,
			     size_t len)
{
	return iscsi_command_start(session, data, ISCSI_PHASE_RW, lba, count,
				   (void *)buffer, len, true);
}

static int iscsi_block_capacity(struct iscsi_session *session,
				struct interface *data)
{
	return iscsi_command_start(session, data, ISCSI_PHASE_TUR, 0, 0, NULL,
				   0, false);
}

static size_t iscsi_block_window(struct iscsi_session *session)
{
	return session->state == ISCSI_READY ? 1 : 0;
}

static struct san_descriptor *iscsi_block_describe(struct iscsi_session *session)
{
	return session->state == ISCSI_READY ? &session->ibft.desc : NULL;
}

static const struct interface_operation iscsi_block_ops[] = {
	INTF_OP(block_read, struct iscsi_session *, iscsi_block_read),
	INTF_OP(block_write, struct iscsi_session *, iscsi_block_write),
	INTF_OP(block_read_capacity, struct iscsi_session *,
		iscsi_block_capacity),
	INTF_OP(block_describe, struct iscsi_session *, iscsi_block_describe),
	INTF_OP(xfer_window, struct iscsi_session *, iscsi_block_window),
	INTF_OP(intf_close, struct iscsi_session *, iscsi_close),
};
static const struct interface_descriptor iscsi_block_desc =
	INTF_DESC(struct iscsi_session, block, iscsi_block_ops);

static void iscsi_session_free(struct refcnt *refcnt)
{
	struct iscsi_session *session =
		container_of(refcnt, struct iscsi_session, refcnt);

	iscsi_login_reset(session);
	iscsi_rx_reset(&session->rx);
	iscsi_root_path_free(&session->rp);
	if (session->ibft.netdev)
		netdev_put(session->ibft.netdev);
	free(session->host);
	free(session->initiator);
	free(session->username);
	free(session->password);
	free(session->rusername);
	free(session->rpassword);
	free(session);
}

/* A string setting as a heap string, or NULL when unset or empty. */
static char *iscsi_setting(const struct setting *setting)
{
	char *text = NULL;

	if (fetchf_setting_copy(NULL, setting, &text) <= 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* Copy the session's names into the iBFT descriptor. */
static void iscsi_describe_init(struct iscsi_session *session)
{
	struct iscsi_descriptor *ibft = &session->ibft;

	ibft->desc.model = &ibft_model;
	memcpy(ibft->desc.edd.interface_type, "SCSI    ", 8);
	/* SCSI device path: target id (word), then the LUN (qword). */
	ibft->desc.edd.device_path[2] = session->rp.lun[1];
	ibft->desc.edd.device_path[3] = session->rp.lun[0] & 0x3f;
	memcpy(ibft->lun, session->rp.lun, sizeof(ibft->lun));
	ibft->initiator = session->initiator;
	ibft->target = session->rp.target;
	if (session->username && session->password) {
		ibft->chap_user = session->username;
		ibft->chap_secret = session->password;
		if (session->rusername && session->rpassword) {
			ibft->rchap_user = session->rusername;
			ibft->rchap_secret = session->rpassword;
		}
	}
}

static int iscsi_open(struct interface *block, struct uri *uri)
{
	struct iscsi_session *session;
	unsigned int i;
	int rc;

	if (!uri->opaque)
		return ERR(EINVAL);
	session = zalloc(sizeof(*session));
	if (!session)
		return ERR(ENOMEM);
	ref_init(&session->refcnt, iscsi_session_free);
	intf_init(&session->block, &iscsi_block_desc, &session->refcnt);
	intf_init(&session->socket, &iscsi_socket_desc, &session->refcnt);
	intf_init(&session->resolv, &iscsi_resolv_desc, &session->refcnt);
	retry_init(&session->retry, iscsi_retry_expired, &session->refcnt,
		   ISCSI_RETRY_MS, ISCSI_RETRY_MS);
	if ((rc = iscsi_parse_root_path(uri->opaque, &session->rp)) != 0)
		goto err;
	session->host = strdup(session->rp.server);
	session->port = session->rp.port;
	session->key = iscsi_hash(uri->opaque);
	session->initiator = iscsi_initiator_name();
	if (!session->host || !session->initiator) {
		rc = ERR(ENOMEM);
		goto err;
	}
	session->username = iscsi_setting(&username_setting);
	session->password = iscsi_setting(&password_setting);
	session->rusername = iscsi_setting(&reverse_username_setting);
	session->rpassword = iscsi_setting(&reverse_password_setting);
	if (!iscsi_isid[0]) {
		/* "Random" ISID format, kept for the whole run. */
		iscsi_isid[0] = 0x80;
		for (i = 1; i < sizeof(iscsi_isid) - 2; i++)
			iscsi_isid[i] = (uint8_t)random();
	}
	memcpy(session->isid, iscsi_isid, sizeof(session->isid));
	session->itt = (uint32_t)random() & 0xffff;
	session->cmdsn = 1;
	session->max_data_out = ISCSI_OUR_MRDSL;
	iscsi_describe_init(session);
	if ((rc = iscsi_resolve(session)) != 0)
		goto err;
	intf_plug_plug(&session->block, block);
	ref_put(&session->refcnt);
	return 0;

err:
	session->state = ISCSI_CLOSED;
	intf_shutdown(&session->resolv, rc);
	ref_put(&session->refcnt);
	return rc;
}

static const struct block_opener iscsi_opener __block_opener = {
	.scheme = "iscsi",
	.open = iscsi_open,
};
