/*
 * iSCSI initiator (net/iscsi*.c): root paths, text keys, binary values,
 * the PDU framer, CHAP, and whole sessions through the SAN layer against
 * a fake target played by the test over a private socket family: login
 * (plain, CHAP, mutual CHAP, wrong secret, reject, redirect), TEST UNIT
 * READY past UNIT ATTENTION, READ CAPACITY (10) then (16), multi-PDU
 * Data-In with and without phase collapse, READ (16), R2T and Data-Out
 * within the target's MaxRecvDataSegmentLength, NOP-In pings, and a
 * connection dropped in the middle of a read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/iobuf.h>
#include <wireboot/iscsi.h>
#include <wireboot/list.h>
#include <wireboot/process.h>
#include <wireboot/resolv.h>
#include <wireboot/san.h>
#include <wireboot/scsi.h>
#include <wireboot/settings.h>
#include <wireboot/builtin_settings.h>
#include <wireboot/socket.h>
#include <wireboot/uri.h>
#include <wireboot/xfer.h>
#include <wireboot/errors.h>
#include "unittest.h"

#define ERR_SUBSYS ESUB_ISCSI

#define AF_ISCSITEST 0x7e5c
#define FT_DISK_BLOCKS 64

UNIT_TEST(iscsi_root_paths)
{
	struct iscsi_root_path rp;
	static const uint8_t lun1[8] = { 0, 1 };
	static const uint8_t lun_multi[8] = { 0x40, 0x01, 0, 0x2a };

	ok_eq(iscsi_parse_root_path("10.0.0.1::::iqn.2000-01.x:disk", &rp), 0);
	ok_str(rp.server, "10.0.0.1");
	ok_eq(rp.port, 3260);
	ok_str(rp.target, "iqn.2000-01.x:disk");
	ok(memcmp(rp.lun, (uint8_t[8]){ 0 }, 8) == 0);
	iscsi_root_path_free(&rp);
	ok_eq(iscsi_parse_root_path("san.example:6:3261:1:iqn.x:a:b", &rp), 0);
	ok_str(rp.server, "san.example");
	ok_eq(rp.port, 3261);
	ok(memcmp(rp.lun, lun1, 8) == 0);
	/* The target name is everything after the fifth colon. */
	ok_str(rp.target, "iqn.x:a:b");
	iscsi_root_path_free(&rp);
	ok_eq(iscsi_parse_root_path("[fe80::1]:::4001-2a:iqn.y", &rp), 0);
	ok_str(rp.server, "[fe80::1]");
	ok(memcmp(rp.lun, lun_multi, 8) == 0);
	iscsi_root_path_free(&rp);
	ok(err_is(iscsi_parse_root_path("10.0.0.1:::iqn.x", &rp), EINVAL));
	ok(err_is(iscsi_parse_root_path(":::0:iqn.x", &rp), EINVAL));
	ok(err_is(iscsi_parse_root_path("h::99999:0:iqn.x", &rp), EINVAL));
	ok(err_is(iscsi_parse_root_path("h:::zz:iqn.x", &rp), EINVAL));
	ok(err_is(iscsi_parse_root_path("h::::", &rp), EINVAL));
}

/* Collects keys for the text tests. */
static int collect_key(void *ctx, const char *key, const char *value)
{
	char *out = ctx;

	if (strcmp(key, "Stop") == 0)
		return ERR(ECANCELED);
	strcat(out, key);
	strcat(out, "->");
	strcat(out, value);
	strcat(out, ";");
	return 0;
}

UNIT_TEST(iscsi_text_keys)
{
	struct iscsi_text text = { 0 };
	char out[256] = "";

	ok_eq(iscsi_text_add(&text, "A", "5"), 0);
	ok_eq(iscsi_text_add(&text, "TargetName", "iqn.x"), 0);
	ok_eq(text.len, 4 + 17);
	ok(memcmp(text.buf, "A=5\0TargetName=iqn.x\0", text.len) == 0);
	ok_eq(iscsi_text_foreach(text.buf, text.len, collect_key, out), 0);
	ok_str(out, "A->5;TargetName->iqn.x;");
	iscsi_text_free(&text);
	out[0] = '\0';
	/* No final NUL, empty pairs, '=' inside a value. */
	ok_eq(iscsi_text_foreach("X=a=b\0\0Y=", 9, collect_key, out), 0);
	ok_str(out, "X->a=b;Y->;");
	ok(err_is(iscsi_text_foreach("novalue", 7, collect_key, out), EPROTO));
	ok(err_is(iscsi_text_foreach("Stop=1\0Z=2", 10, collect_key, out),
		  ECANCELED));
}

UNIT_TEST(iscsi_binary_values)
{
	uint8_t buf[8];
	char hex[2 * 3 + 3];

	ok_eq(iscsi_decode_binary("0x0aFf10", buf, sizeof(buf)), 3);
	ok(buf[0] == 0x0a && buf[1] == 0xff && buf[2] == 0x10);
	ok_eq(iscsi_decode_binary("0XabC", buf, sizeof(buf)), 2);
	ok(buf[0] == 0x0a && buf[1] == 0xbc);
	ok_eq(iscsi_decode_binary("0bAQID", buf, sizeof(buf)), 3);
	ok(buf[0] == 1 && buf[1] == 2 && buf[2] == 3);
	ok_eq(iscsi_decode_binary("0BAQI=", buf, sizeof(buf)), 2);
	ok(err_is(iscsi_decode_binary("1234", buf, sizeof(buf)), EINVAL));
	ok(err_is(iscsi_decode_binary("0x12g4", buf, sizeof(buf)), EINVAL));
	ok(err_is(iscsi_decode_binary("0x", buf, sizeof(buf)), EINVAL));
	ok(err_is(iscsi_decode_binary("0b*", buf, sizeof(buf)), EINVAL));
	ok(err_is(iscsi_decode_binary("0x112233", buf, 2), ENOSPC));
	iscsi_encode_hex((const uint8_t *)"\x01\xab\xff", 3, hex);
	ok_str(hex, "0x01abff");
}

UNIT_TEST(iscsi_chap_md5)
{
	/* MD5(0x07 "secret" 0x01 0x02 0x03), computed independently. */
	static const uint8_t want[16] = {
		0xcd, 0xee, 0xb6, 0x14, 0x20, 0xfa, 0x9e, 0x1b,
		0x2d, 0x5b, 0x00, 0x33, 0x68, 0x57, 0xb9, 0xef,
	};
	static const uint8_t challenge[3] = { 1, 2, 3 };
	uint8_t out[16];

	iscsi_chap_digest(7, "secret", challenge, sizeof(challenge), out);
	ok(memcmp(out, want, sizeof(want)) == 0);
	ok_eq(iscsi_login_status_rc(0x0000), 0);
	ok(err_is(iscsi_login_status_rc(0x0201), EAUTH));
	ok(err_is(iscsi_login_status_rc(0x0203), ENOENT));
	ok(err_is(iscsi_login_status_rc(0x0101), EINPROGRESS));
	ok(err_is(iscsi_login_status_rc(0x0300), EIO));
}

/* Records PDUs the framer delivers. */
struct framed {
	unsigned int count;
	uint8_t ops[8];
	size_t dlens[8];
	uint8_t data[64];
};

static int framed_pdu(void *ctx, const uint8_t *bhs, const uint8_t *data,
		      size_t dlen)
{
	struct framed *f = ctx;

	if (f->count < 8) {
		f->ops[f->count] = bhs[0];
		f->dlens[f->count] = dlen;
	}
	if (dlen && dlen <= sizeof(f->data))
		memcpy(f->data, data, dlen);
	f->count++;
	return 0;
}

UNIT_TEST(iscsi_pdu_framer)
{
	uint8_t stream[48 + 8 + 5 + 3 + 48];
	struct iscsi_rx rx = { 0 };
	struct framed f = { 0 };
	uint8_t big[48] = { 0 };
	size_t i;

	memset(stream, 0, sizeof(stream));
	/* A PDU with 8 bytes of AHS and 5 of data (3 of padding)... */
	stream[0] = ISCSI_OP_LOGIN_RSP;
	stream[ISCSI_BHS_AHS_LEN] = 2;
	stream[ISCSI_BHS_DSL + 2] = 5;
	memcpy(stream + 48 + 8, "hello", 5);
	/* ...then one without. */
	stream[48 + 8 + 8] = ISCSI_OP_NOP_IN;
	/* Fed a byte at a time. */
	for (i = 0; i < sizeof(stream); i++)
		ok_eq(iscsi_rx_feed(&rx, stream + i, 1, framed_pdu, &f), 0);
	ok_eq(f.count, 2);
	ok_eq(f.ops[0], ISCSI_OP_LOGIN_RSP);
	ok_eq(f.dlens[0], 5);
	ok(memcmp(f.data, "hello", 5) == 0);
	ok_eq(f.ops[1], ISCSI_OP_NOP_IN);
	ok_eq(f.dlens[1], 0);
	/* All at once. */
	memset(&f, 0, sizeof(f));
	ok_eq(iscsi_rx_feed(&rx, stream, sizeof(stream), framed_pdu, &f), 0);
	ok_eq(f.count, 2);
	/* A data segment beyond the limit. */
	big[ISCSI_BHS_DSL] = 0xff;
	ok(err_is(iscsi_rx_feed(&rx, big, sizeof(big), framed_pdu, &f), EPROTO));
	iscsi_rx_reset(&rx);
}

/* ---- The fake target ---- */

static struct {
	/* Behaviour. */
	const char *chap_user;
	const char *chap_secret;
	const char *mutual_user;
	const char *mutual_secret;
	unsigned int reject;
	bool redirect;
	unsigned int target_mrdsl;
	size_t data_in_size;
	bool collapse;
	unsigned int unit_attention;
	uint64_t blocks;
	/* Drop the connection after this many Data-In PDUs (0: never). */
	unsigned int drop_after;
	/* Refuse this many connections. */
	unsigned int refuse;
	uint8_t disk[FT_DISK_BLOCKS * 512];
	/* What was seen. */
	unsigned int opens;
	unsigned int opens_other;
	unsigned int logins;
	bool all_keys;
	uint8_t last_read_op;
	uint8_t last_write_op;
	unsigned int data_outs;
	size_t largest_data_out;
	unsigned int finals;
	unsigned int nop_replies;
	unsigned int tur;
	unsigned int rc16;
} ft;

struct ftconn {
	struct refcnt refcnt;
	struct list_head list;
	struct interface xfer;
	struct process process;
	struct iscsi_rx rx;
	struct list_head out;
	bool connected;
	bool dropped;
	unsigned int data_ins;
	uint8_t chap_id;
	/* Write in progress. */
	uint32_t w_itt;
	uint64_t w_lba;
	size_t w_len;
	size_t w_got;
	uint32_t statsn;
};

static LIST_HEAD(ftconns);

/* Queue a PDU from the target. */
static void ft_send(struct ftconn *c, uint8_t *bhs, const void *data,
		    size_t dlen)
{
	size_t pad = (4 - (dlen & 3)) & 3;
	struct io_buffer *iob = alloc_iob(48 + dlen + pad);
	uint8_t *p = iob_put(iob, 48 + dlen + pad);

	bhs[ISCSI_BHS_DSL] = (uint8_t)(dlen >> 16);
	bhs[ISCSI_BHS_DSL + 1] = (uint8_t)(dlen >> 8);
	bhs[ISCSI_BHS_DSL + 2] = (uint8_t)dlen;
	memcpy(p, bhs, 48);
	if (dlen)
		memcpy(p + 48, data, dlen);
	memset(p + 48 + dlen, 0, pad);
	list_add_tail(&iob->list, &c->out);
}

/* Keys of one login request. */
struct ftkeys {
	char auth[32];
	char chap_a[8];
	char chap_n[64];
	char chap_r[64];
	char chap_i[8];
	char chap_c[80];
	unsigned int count;
	/* Operational keys stated as the checklist wants. */
	unsigned int explicit_keys;
};

static int ft_key(void *ctx, const char *key, const char *value)
{
	struct ftkeys *k = ctx;

	k->count++;
	if ((strcmp(key, "ErrorRecoveryLevel") == 0 && strcmp(value, "0") == 0) ||
	    (strcmp(key, "FirstBurstLength") == 0 &&
	     strcmp(value, "65536") == 0) ||
	    (strcmp(key, "InitialR2T") == 0 && strcmp(value, "Yes") == 0) ||
	    (strcmp(key, "ImmediateData") == 0 && strcmp(value, "No") == 0))
		k->explicit_keys++;
	if (strcmp(key, "AuthMethod") == 0)
		snprintf(k->auth, sizeof(k->auth), "%s", value);
	else if (strcmp(key, "CHAP_A") == 0)
		snprintf(k->chap_a, sizeof(k->chap_a), "%s", value);
	else if (strcmp(key, "CHAP_N") == 0)
		snprintf(k->chap_n, sizeof(k->chap_n), "%s", value);
	else if (strcmp(key, "CHAP_R") == 0)
		snprintf(k->chap_r, sizeof(k->chap_r), "%s", value);
	else if (strcmp(key, "CHAP_I") == 0)
		snprintf(k->chap_i, sizeof(k->chap_i), "%s", value);
	else if (strcmp(key, "CHAP_C") == 0)
		snprintf(k->chap_c, sizeof(k->chap_c), "%s", value);
	return 0;
}

static void ft_login(struct ftconn *c, const uint8_t *req, const uint8_t *data,
		     size_t dlen)
{
	static const uint8_t challenge[4] = { 9, 8, 7, 6 };
	struct iscsi_text text = { 0 };
	uint8_t bhs[48] = { 0 };
	struct ftkeys k = { 0 };
	unsigned int csg = (req[1] >> 2) & 3;
	uint8_t digest[16], got[16], theirs[64];
	char hex[40];
	char num[12];
	int len;

	iscsi_text_foreach((const char *)data, dlen, ft_key, &k);
	bhs[0] = ISCSI_OP_LOGIN_RSP;
	memcpy(bhs + 8, req + 8, 6);
	memcpy(bhs + 16, req + 16, 4);
	put_be32(bhs + 24, c->statsn++);
	put_be32(bhs + 28, get_be32(req + 24));
	put_be32(bhs + 32, get_be32(req + 24) + 8);
	ft.logins++;
	if (ft.reject) {
		bhs[36] = (uint8_t)(ft.reject >> 8);
		bhs[37] = (uint8_t)ft.reject;
	} else if (ft.redirect && !ft.opens_other) {
		bhs[36] = 1;
		bhs[37] = 1;
		iscsi_text_add(&text, "TargetAddress", "other.iscsi-test:3261,1");
	} else if (csg == ISCSI_STAGE_OPERATIONAL) {
		ft.all_keys = k.explicit_keys == 4;
		bhs[1] = ISCSI_LOGIN_TRANSIT | 1 << 2 | 3;
		put_be16(bhs + 14, 0x1234);
		snprintf(num, sizeof(num), "%u", ft.target_mrdsl);
		iscsi_text_add(&text, "MaxRecvDataSegmentLength", num);
	} else if (!ft.chap_user) {
		bhs[1] = ISCSI_LOGIN_TRANSIT | 1;
		iscsi_text_add(&text, "AuthMethod", "None");
	} else if (k.auth[0]) {
		iscsi_text_add(&text, "AuthMethod", "CHAP");
	} else if (k.chap_a[0]) {
		c->chap_id = 0x42;
		iscsi_text_add(&text, "CHAP_A", "5");
		snprintf(num, sizeof(num), "%u", c->chap_id);
		iscsi_text_add(&text, "CHAP_I", num);
		iscsi_text_add(&text, "CHAP_C", "0x09080706");
	} else {
		iscsi_chap_digest(c->chap_id, ft.chap_secret, challenge,
				  sizeof(challenge), digest);
		if (strcmp(k.chap_n, ft.chap_user) != 0 ||
		    iscsi_decode_binary(k.chap_r, got, sizeof(got)) != 16 ||
		    memcmp(got, digest, 16) != 0) {
			bhs[36] = 2;
			bhs[37] = 1;
		} else {
			bhs[1] = ISCSI_LOGIN_TRANSIT | 1;
			if (ft.mutual_user && k.chap_c[0]) {
				len = iscsi_decode_binary(k.chap_c, theirs,
							  sizeof(theirs));
				iscsi_chap_digest((uint8_t)atoi(k.chap_i),
						  ft.mutual_secret, theirs,
						  (size_t)len, digest);
				iscsi_encode_hex(digest, 16, hex);
				iscsi_text_add(&text, "CHAP_N", ft.mutual_user);
				iscsi_text_add(&text, "CHAP_R", hex);
			}
		}
	}
	ft_send(c, bhs, text.buf, text.len);
	iscsi_text_free(&text);
}

/* Status for ITT: a SCSI Response with STATUS and optional sense KEY. */
static void ft_response(struct ftconn *c, uint32_t itt, uint8_t status,
			uint8_t key)
{
	uint8_t bhs[48] = { 0 };
	uint8_t sense[2 + 18] = { 0, 18, 0x70, 0, key };

	bhs[0] = ISCSI_OP_SCSI_RSP;
	bhs[1] = 0x80;
	bhs[3] = status;
	put_be32(bhs + 16, itt);
	put_be32(bhs + 24, c->statsn++);
	ft_send(c, bhs, sense, key ? sizeof(sense) : 0);
}

/* Answer ITT with LEN bytes of DATA in Data-In PDUs. */
static void ft_data_in(struct ftconn *c, uint32_t itt, const uint8_t *data,
		       size_t len)
{
	size_t offset, chunk;
	uint8_t bhs[48];
	bool last;

	for (offset = 0; offset < len; offset += chunk) {
		chunk = MIN(len - offset, ft.data_in_size);
		last = offset + chunk == len;
		memset(bhs, 0, sizeof(bhs));
		bhs[0] = ISCSI_OP_DATA_IN;
		bhs[1] = last ? (ft.collapse ? 0x81 : 0x80) : 0;
		put_be32(bhs + 16, itt);
		put_be32(bhs + 20, 0xffffffffU);
		if (last && ft.collapse)
			put_be32(bhs + 24, c->statsn++);
		put_be32(bhs + 40, (uint32_t)offset);
		ft_send(c, bhs, data + offset, chunk);
		if (ft.drop_after && ++c->data_ins == ft.drop_after) {
			ft.drop_after = 0;
			c->dropped = true;
			return;
		}
	}
	if (!ft.collapse)
		ft_response(c, itt, 0, 0);
}

/* Ask for the next part of the write (at most 1536 bytes per R2T). */
static void ft_r2t(struct ftconn *c)
{
	uint8_t bhs[48] = { 0 };

	bhs[0] = ISCSI_OP_R2T;
	bhs[1] = 0x80;
	put_be32(bhs + 16, c->w_itt);
	put_be32(bhs + 20, 0x7700 + (uint32_t)c->w_got);
	put_be32(bhs + 40, (uint32_t)c->w_got);
	put_be32(bhs + 44, (uint32_t)MIN(c->w_len - c->w_got, (size_t)1536));
	ft_send(c, bhs, NULL, 0);
}

static void ft_command(struct ftconn *c, const uint8_t *req)
{
	const uint8_t *cdb = req + 32;
	uint32_t itt = get_be32(req + 16);
	uint8_t answer[36] = { 0 };
	uint64_t lba, last = ft.blocks - 1;
	uint32_t count;
	uint8_t *buf;
	size_t i;

	switch (cdb[0]) {
	case SCSI_TEST_UNIT_READY:
		ft.tur++;
		if (ft.unit_attention) {
			ft.unit_attention--;
			ft_response(c, itt, SCSI_STATUS_CHECK_CONDITION,
				    SCSI_SENSE_UNIT_ATTENTION);
		} else {
			ft_response(c, itt, 0, 0);
		}
		return;
	case SCSI_INQUIRY:
		/* A disk, with all 36 bytes filled (the revision last). */
		memcpy(answer + 32, "0001", 4);
		ft_data_in(c, itt, answer, 36);
		return;
	case SCSI_READ_CAPACITY_10:
		put_be32(answer, last > 0xffffffffULL ? 0xffffffffU :
			 (uint32_t)last);
		put_be32(answer + 4, 512);
		ft_data_in(c, itt, answer, 8);
		return;
	case SCSI_SERVICE_ACTION_IN_16:
		ft.rc16++;
		put_be32(answer, (uint32_t)(last >> 32));
		put_be32(answer + 4, (uint32_t)last);
		put_be32(answer + 8, 512);
		ft_data_in(c, itt, answer, 32);
		return;
	}
	if (cdb[0] == SCSI_READ_10 || cdb[0] == SCSI_WRITE_10) {
		lba = get_be32(cdb + 2);
		count = get_be16(cdb + 7);
	} else {
		lba = ((uint64_t)get_be32(cdb + 2) << 32) | get_be32(cdb + 6);
		count = get_be32(cdb + 10);
	}
	if (cdb[0] == SCSI_READ_10 || cdb[0] == SCSI_READ_16) {
		ft.last_read_op = cdb[0];
		buf = malloc(count * 512);
		for (i = 0; i < count; i++)
			memcpy(buf + i * 512,
			       ft.disk + ((lba + i) % FT_DISK_BLOCKS) * 512, 512);
		ft_data_in(c, itt, buf, count * 512);
		free(buf);
		return;
	}
	ft.last_write_op = cdb[0];
	c->w_itt = itt;
	c->w_lba = lba;
	c->w_len = count * 512;
	c->w_got = 0;
	ft_r2t(c);
}

static void ft_data_out(struct ftconn *c, const uint8_t *req,
			const uint8_t *data, size_t dlen)
{
	uint32_t offset = get_be32(req + 40);
	size_t i, pos;

	ft.data_outs++;
	if (dlen > ft.largest_data_out)
		ft.largest_data_out = dlen;
	if (req[1] & 0x80)
		ft.finals++;
	for (i = 0; i < dlen; i++) {
		pos = (size_t)((c->w_lba * 512 + offset + i) %
			       sizeof(ft.disk));
		ft.disk[pos] = data[i];
	}
	c->w_got += dlen;
	if (!(req[1] & 0x80))
		return;
	if (c->w_got < c->w_len)
		ft_r2t(c);
	else
		ft_response(c, c->w_itt, 0, 0);
}

static int ft_pdu(void *ctx, const uint8_t *bhs, const uint8_t *data,
		  size_t dlen)
{
	struct ftconn *c = ctx;

	switch (bhs[0] & 0x3f) {
	case ISCSI_OP_LOGIN_REQ:
		ft_login(c, bhs, data, dlen);
		break;
	case ISCSI_OP_SCSI_CMD:
		ft_command(c, bhs);
		break;
	case ISCSI_OP_DATA_OUT:
		ft_data_out(c, bhs, data, dlen);
		break;
	case ISCSI_OP_NOP_OUT:
		if (get_be32(bhs + 20) == 0x5150)
			ft.nop_replies++;
		break;
	}
	return 0;
}

static int ftconn_deliver(struct ftconn *c, struct io_buffer *iob,
			  const struct xfer_metadata *meta)
{
	iscsi_rx_feed(&c->rx, iob->data, iob_len(iob), ft_pdu, c);
	free_iob(iob);
	return 0;
}

static size_t ftconn_window(struct ftconn *c)
{
	return c->connected ? 65536 : 0;
}

static void ftconn_close(struct ftconn *c, int rc)
{
	intf_shutdown(&c->xfer, rc);
	process_del(&c->process);
}

static const struct interface_operation ftconn_ops[] = {
	INTF_OP(xfer_deliver, struct ftconn *, ftconn_deliver),
	INTF_OP(xfer_window, struct ftconn *, ftconn_window),
	INTF_OP(intf_close, struct ftconn *, ftconn_close),
};
static const struct interface_descriptor ftconn_desc =
	INTF_DESC(struct ftconn, xfer, ftconn_ops);

/* Connect, then deliver what the target queued. */
static void ftconn_step(struct process *process)
{
	struct ftconn *c = container_of(process, struct ftconn, process);
	struct io_buffer *iob;

	if (!c->connected) {
		c->connected = true;
		xfer_window_changed(&c->xfer);
		return;
	}
	while (!list_empty(&c->out)) {
		iob = list_first_entry(&c->out, struct io_buffer, list);
		list_del(&iob->list);
		xfer_deliver(&c->xfer, iob, NULL);
	}
	if (c->dropped) {
		process_del(process);
		intf_shutdown(&c->xfer, 0);
	}
}

static const struct process_descriptor ftconn_process = {
	.name = "iscsi-test-target",
	.step = ftconn_step,
};

static void ftconn_free(struct refcnt *refcnt)
{
	struct ftconn *c = container_of(refcnt, struct ftconn, refcnt);
	struct io_buffer *iob, *tmp;

	list_for_each_entry_safe(iob, tmp, &c->out, list) {
		list_del(&iob->list);
		free_iob(iob);
	}
	iscsi_rx_reset(&c->rx);
	free(c);
}

static int ftconn_open(struct interface *xfer, struct sockaddr *peer,
		       struct sockaddr *local)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)peer;
	struct ftconn *c;

	if (ft.refuse) {
		ft.refuse--;
		return ERR_IN(ESUB_TCP, ECONNREFUSED);
	}
	c = zalloc(sizeof(*c));
	if (!c)
		return ERR(ENOMEM);
	if (ntohs(sin->sin_port) == 3261)
		ft.opens_other++;
	else
		ft.opens++;
	ref_init(&c->refcnt, ftconn_free);
	intf_init(&c->xfer, &ftconn_desc, &c->refcnt);
	process_init(&c->process, &ftconn_process, &c->refcnt);
	INIT_LIST_HEAD(&c->out);
	c->statsn = 100;
	intf_plug_plug(&c->xfer, xfer);
	list_add_tail(&c->list, &ftconns);
	return 0;
}

static const struct socket_opener ftconn_opener __socket_opener = {
	.semantics = SOCK_STREAM,
	.family = AF_ISCSITEST,
	.open = ftconn_open,
};

/* Resolves *.iscsi-test on the next step. */
struct ftresolv {
	struct refcnt refcnt;
	struct interface resolv;
	struct process process;
	struct sockaddr_in sa;
};

static void ftresolv_step(struct process *process)
{
	struct ftresolv *r = container_of(process, struct ftresolv, process);

	process_del(process);
	resolv_done(&r->resolv, (struct sockaddr *)&r->sa, 0);
	intf_shutdown(&r->resolv, 0);
}

static const struct interface_descriptor ftresolv_desc =
	INTF_DESC_PURE(struct ftresolv, resolv);
static const struct process_descriptor ftresolv_process = {
	.name = "iscsi-test-resolv",
	.step = ftresolv_step,
};

static int ftresolv(struct interface *resolv, const char *name,
		    struct sockaddr *sa)
{
	size_t len = strlen(name);
	struct ftresolv *r;

	if (len < 11 || strcmp(name + len - 11, ".iscsi-test") != 0)
		return ERR(ENXIO);
	r = zalloc(sizeof(*r));
	if (!r)
		return ERR(ENOMEM);
	ref_init(&r->refcnt, NULL);
	intf_init(&r->resolv, &ftresolv_desc, &r->refcnt);
	process_init(&r->process, &ftresolv_process, &r->refcnt);
	memcpy(&r->sa, sa, sizeof(r->sa));
	r->sa.sin_family = AF_ISCSITEST;
	r->sa.sin_addr = htonl(0x0a000001);
	intf_plug_plug(&r->resolv, resolv);
	ref_put(&r->refcnt);
	return 0;
}

static const struct resolver ftresolver __resolver = {
	.name = "iscsi-test",
	.order = 0,
	.resolv = ftresolv,
};

/* A fresh target: 64 blocks of pattern, plain login, 1 KiB Data-In. */
static void ft_reset(void)
{
	size_t i;

	memset(&ft, 0, sizeof(ft));
	for (i = 0; i < sizeof(ft.disk); i++)
		ft.disk[i] = (uint8_t)(i / 512 * 13 + i);
	ft.target_mrdsl = 8192;
	ft.data_in_size = 1000;
	ft.blocks = FT_DISK_BLOCKS;
	delete_setting(NULL, &username_setting);
	delete_setting(NULL, &password_setting);
	delete_setting(NULL, &reverse_username_setting);
	delete_setting(NULL, &reverse_password_setting);
}

/* Forget the connections (after the drive is gone). */
static void ft_forget(void)
{
	struct ftconn *c, *tmp;

	list_for_each_entry_safe(c, tmp, &ftconns, list) {
		intf_shutdown(&c->xfer, 0);
		process_del(&c->process);
		list_del(&c->list);
		ref_put(&c->refcnt);
	}
}

/* Attach TEXT as drive 0x80 (NULL on failure, *RC says why). */
static struct san_device *ft_attach(const char *text, int *rc)
{
	struct uri *uri = parse_uri(text);
	struct san_device *sandev = alloc_sandev(&uri, 1);

	uri_put(uri);
	sandev->command_timeout_ms = 2000;
	sandev->open_timeout_ms = 3000;
	*rc = register_sandev(sandev, 0x80, SAN_NO_DESCRIBE);
	sandev_put(sandev);
	return *rc ? NULL : sandev;
}

#define FT_URI "iscsi:target.iscsi-test:::1:iqn.2026-11.test:disk"

UNIT_TEST(iscsi_session_read_write)
{
	uint8_t buf[8 * 512], want[8 * 512];
	struct san_device *sandev;
	size_t i;
	int rc;

	ft_reset();
	ft.unit_attention = 2;
	ft.target_mrdsl = 512;
	sandev = ft_attach(FT_URI, &rc);
	ok_eq(rc, 0);
	if (!sandev)
		return;
	ok_eq(sandev->blocks, FT_DISK_BLOCKS);
	ok_eq(sandev->blksize, 512);
	ok_eq(ft.tur, 3);
	ok_eq(ft.rc16, 0);
	ok(ft.all_keys);
	/* 4 KiB in Data-In PDUs of 1000 bytes, status in a SCSI Response. */
	ok_eq(san_read(sandev, 3, 8, buf), 0);
	ok(memcmp(buf, ft.disk + 3 * 512, sizeof(buf)) == 0);
	ok_eq(ft.last_read_op, SCSI_READ_10);
	/* The same with phase collapse. */
	ft.collapse = true;
	memset(buf, 0, sizeof(buf));
	ok_eq(san_read(sandev, 50, 8, buf), 0);
	ok(memcmp(buf, ft.disk + 50 * 512, sizeof(buf)) == 0);
	/* A write: R2Ts of 1536 bytes, Data-Out of at most 512. */
	for (i = 0; i < sizeof(want); i++)
		want[i] = (uint8_t)(0xa0 ^ i);
	ok_eq(san_write(sandev, 10, 8, want), 0);
	ok(memcmp(ft.disk + 10 * 512, want, sizeof(want)) == 0);
	ok_eq(ft.last_write_op, SCSI_WRITE_10);
	ok_eq(ft.data_outs, 8);
	ok_eq(ft.largest_data_out, 512);
	/* 4096 bytes in R2Ts of 1536: 3 sequences, each with one F bit. */
	ok_eq(ft.finals, 3);
	unregister_sandev(sandev);
	ft_forget();
}

UNIT_TEST(iscsi_session_large_lun)
{
	uint8_t buf[2 * 512];
	struct san_device *sandev;
	uint64_t lba = (1ULL << 32) + 5;
	int rc;

	ft_reset();
	ft.blocks = 3ULL << 31;
	sandev = ft_attach(FT_URI, &rc);
	ok_eq(rc, 0);
	if (!sandev)
		return;
	ok_eq(sandev->blocks, 3ULL << 31);
	ok_eq(ft.rc16, 1);
	ok_eq(san_read(sandev, lba, 2, buf), 0);
	ok_eq(ft.last_read_op, SCSI_READ_16);
	ok(memcmp(buf, ft.disk + (lba % FT_DISK_BLOCKS) * 512, sizeof(buf)) == 0);
	ok_eq(san_read(sandev, 7, 2, buf), 0);
	ok_eq(ft.last_read_op, SCSI_READ_10);
	ok_eq(san_write(sandev, lba, 1, buf), 0);
	ok_eq(ft.last_write_op, SCSI_WRITE_16);
	unregister_sandev(sandev);
	ft_forget();
}

UNIT_TEST(iscsi_session_chap)
{
	struct san_device *sandev;
	int rc;

	ft_reset();
	ft.chap_user = "alice";
	ft.chap_secret = "alicesecret12";
	storef_setting(NULL, &username_setting, "alice");
	storef_setting(NULL, &password_setting, "alicesecret12");
	sandev = ft_attach(FT_URI, &rc);
	ok_eq(rc, 0);
	if (sandev)
		unregister_sandev(sandev);
	ft_forget();
	/* A wrong secret: a clear error, no retries. */
	storef_setting(NULL, &password_setting, "wrong");
	ft.logins = 0;
	ok(ft_attach(FT_URI, &rc) == NULL);
	ok(err_is(rc, EAUTH));
	ok_str(errstr(rc), "Authentication failed (iscsi)");
	ok_eq(ft.logins, 3);
	ft_forget();
	/* Mutual CHAP: the target proves itself, or the login fails. */
	storef_setting(NULL, &password_setting, "alicesecret12");
	storef_setting(NULL, &reverse_username_setting, "target");
	storef_setting(NULL, &reverse_password_setting, "targetsecret");
	ft.mutual_user = "target";
	ft.mutual_secret = "targetsecret";
	sandev = ft_attach(FT_URI, &rc);
	ok_eq(rc, 0);
	if (sandev)
		unregister_sandev(sandev);
	ft_forget();
	ft.mutual_secret = "impostor";
	ok(ft_attach(FT_URI, &rc) == NULL);
	ok(err_is(rc, EAUTH));
	ft_forget();
	ft_reset();
}

UNIT_TEST(iscsi_session_reject_redirect)
{
	struct san_device *sandev;
	int rc;

	ft_reset();
	ft.reject = 0x0203;
	/* A target never logged in to: the reject is final. */
	ok(ft_attach("iscsi:target.iscsi-test:::1:iqn.2026-11.test:nosuch",
		     &rc) == NULL);
	ok(err_is(rc, ENOENT));
	ft_forget();
	ft_reset();
	ft.redirect = true;
	sandev = ft_attach(FT_URI, &rc);
	ok_eq(rc, 0);
	ok_eq(ft.opens, 1);
	ok_eq(ft.opens_other, 1);
	if (sandev)
		unregister_sandev(sandev);
	ft_forget();
}

UNIT_TEST(iscsi_session_drop_and_ping)
{
	uint8_t buf[8 * 512];
	uint8_t bhs[48] = { 0 };
	struct san_device *sandev;
	struct ftconn *c;
	int rc;

	ft_reset();
	sandev = ft_attach(FT_URI, &rc);
	ok_eq(rc, 0);
	if (!sandev)
		return;
	/* A ping from the target is answered with its tag. */
	c = list_last_entry(&ftconns, struct ftconn, list);
	bhs[0] = ISCSI_OP_NOP_IN;
	bhs[1] = 0x80;
	put_be32(bhs + 16, 0xffffffffU);
	put_be32(bhs + 20, 0x5150);
	ft_send(c, bhs, NULL, 0);
	step();
	step();
	ok_eq(ft.nop_replies, 1);
	/* The connection drops in the middle of a read: log in, read again. */
	ft.drop_after = 2;
	ft.opens = 0;
	ok_eq(san_read(sandev, 20, 8, buf), 0);
	ok(memcmp(buf, ft.disk + 20 * 512, sizeof(buf)) == 0);
	ok_eq(ft.opens, 1);
	/* A known target refusing a connection is tried again. */
	ft.drop_after = 1;
	ft.refuse = 1;
	ft.opens = 0;
	ok_eq(san_read(sandev, 30, 8, buf), 0);
	ok(memcmp(buf, ft.disk + 30 * 512, sizeof(buf)) == 0);
	ok_eq(ft.opens, 1);
	ok_eq(ft.refuse, 0);
	unregister_sandev(sandev);
	ft_forget();
}
