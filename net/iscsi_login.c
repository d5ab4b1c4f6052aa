/*
 * iSCSI login (RFC 7143 section 6): the security phase (AuthMethod, CHAP
 * with MD5, mutual CHAP), then the operational phase with every key stated
 * explicitly (some targets assume other defaults), until the target moves
 * the connection to full feature phase.  Also the default initiator name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/builtin_settings.h>
#include <wireboot/netdevice.h>
#include <wireboot/settings.h>
#include <wireboot/smbios.h>
#include <wireboot/uuid.h>
#include <wireboot/errors.h>
#include "iscsi_internal.h"

#define ERR_SUBSYS ESUB_ISCSI

/* Naming authority of the default initiator name. */
#define ISCSI_DEFAULT_IQN "iqn.2024-11.org.wireboot"
/* CHAP with MD5. */
#define ISCSI_CHAP_MD5 5
/* A macro's value as a string literal. */
#define ISCSI_STR(x) #x
#define ISCSI_XSTR(x) ISCSI_STR(x)

char *iscsi_initiator_name(void)
{
	char buf[UUID_STRLEN + 1];
	struct net_device *netdev;
	uint8_t uuid[UUID_LEN];
	const char *suffix = "initiator";
	char *name = NULL;
	char *text = NULL;

	if (fetchf_setting_copy(NULL, &initiator_iqn_setting, &text) > 0)
		return text;
	free(text);
	text = NULL;
	if (fetchf_setting_copy(NULL, &hostname_setting, &text) > 0) {
		suffix = text;
	} else if (fetch_uuid_setting(NULL, &smbios_uuid_setting, uuid) ==
		   UUID_LEN) {
		uuid_format(uuid, buf);
		suffix = buf;
	} else {
		for_each_netdev(netdev) {
			/* The MAC as 12 hex digits. */
			setting_type_hexraw.format(&setting_type_hexraw,
						   netdev->ll_addr, 6, buf,
						   sizeof(buf));
			suffix = buf;
			break;
		}
	}
	heap_asprintf(&name, ISCSI_DEFAULT_IQN ":%s", suffix);
	free(text);
	return name;
}

void iscsi_login_reset(struct iscsi_session *session)
{
	free(session->chap_challenge);
	free(session->target_chap_name);
	free(session->target_address);
	session->chap_challenge = NULL;
	session->chap_challenge_len = 0;
	session->target_chap_name = NULL;
	session->target_chap_r_len = 0;
	session->target_address = NULL;
	session->chap = ISCSI_CHAP_NONE;
	session->chap_chosen = false;
	session->stage = ISCSI_STAGE_SECURITY;
}

/* A login request in CSG with LEN bytes of TEXT, asking for NSG if TRANSIT. */
static int iscsi_login_send(struct iscsi_session *session, unsigned int csg,
			    unsigned int nsg, bool transit, const char *text,
			    size_t len)
{
	uint8_t bhs[ISCSI_BHS_LEN] = { 0 };

	bhs[0] = ISCSI_OP_LOGIN_REQ | ISCSI_OP_IMMEDIATE;
	bhs[1] = (uint8_t)((transit ? ISCSI_LOGIN_TRANSIT : 0) | csg << 2 |
			   (transit ? nsg : 0));
	memcpy(bhs + ISCSI_BHS_ISID, session->isid, sizeof(session->isid));
	put_be16(bhs + ISCSI_BHS_TSIH, session->tsih);
	put_be32(bhs + ISCSI_BHS_ITT, session->itt);
	return iscsi_tx_pdu(session, bhs, text, len);
}

/* The first request of the security phase. */
static int iscsi_login_security(struct iscsi_session *session)
{
	struct iscsi_text text = { 0 };
	const char *auth = "None";
	int rc;

	if (session->username && session->password)
		auth = (session->rusername && session->rpassword) ?
			"CHAP" : "CHAP,None";
	if ((rc = iscsi_text_add(&text, "InitiatorName",
				 session->initiator)) == 0 &&
	    (rc = iscsi_text_add(&text, "TargetName",
				 session->rp.target)) == 0 &&
	    (rc = iscsi_text_add(&text, "SessionType", "Normal")) == 0 &&
	    (rc = iscsi_text_add(&text, "AuthMethod", auth)) == 0)
		rc = iscsi_login_send(session, ISCSI_STAGE_SECURITY,
				      ISCSI_STAGE_OPERATIONAL, true, text.buf,
				      text.len);
	iscsi_text_free(&text);
	return rc;
}

/* The operational phase: our limits, every key stated in full. */
static const char iscsi_operational_keys[] =
	"HeaderDigest=None\0"
	"DataDigest=None\0"
	"MaxConnections=1\0"
	"InitialR2T=Yes\0"
	"ImmediateData=No\0"
	"MaxRecvDataSegmentLength=" ISCSI_XSTR(ISCSI_OUR_MRDSL) "\0"
	"MaxBurstLength=262144\0"
	"FirstBurstLength=65536\0"
	"DefaultTime2Wait=0\0"
	"DefaultTime2Retain=0\0"
	"MaxOutstandingR2T=1\0"
	"DataPDUInOrder=Yes\0"
	"DataSequenceInOrder=Yes\0"
	"ErrorRecoveryLevel=0";

static int iscsi_login_operational(struct iscsi_session *session)
{
	session->stage = ISCSI_STAGE_OPERATIONAL;
	return iscsi_login_send(session, ISCSI_STAGE_OPERATIONAL,
				ISCSI_STAGE_FULL_FEATURE, true,
				iscsi_operational_keys,
				sizeof(iscsi_operational_keys));
}

int iscsi_login_start(struct iscsi_session *session)
{
	iscsi_login_reset(session);
	session->tsih = 0;
	session->expstatsn = 0;
	return iscsi_login_security(session);
}

/* A decimal number of at most MAX, or -1. */
static long iscsi_number(const char *value, unsigned long max)
{
	unsigned long n;
	char *end;

	if (!*value)
		return -1;
	n = strtoul(value, &end, 10);
	if (*end || n > max)
		return -1;
	return (long)n;
}

/* One key of a login response. */
static int iscsi_login_key(void *ctx, const char *key, const char *value)
{
	struct iscsi_session *session = ctx;
	uint8_t *buf;
	long n;
	int len;

	if (strcmp(key, "AuthMethod") == 0) {
		if (strcmp(value, "CHAP") == 0) {
			if (!session->username || !session->password)
				return ERR(EACCES);
			session->chap_chosen = true;
		} else if (strcmp(value, "None") == 0) {
			/* Mutual CHAP was asked for: the target must prove itself. */
			if (session->rusername && session->rpassword)
				return ERR(EAUTH);
		} else {
			return ERR(ENOTSUP);
		}
	} else if (strcmp(key, "CHAP_A") == 0) {
		if (iscsi_number(value, 255) != ISCSI_CHAP_MD5)
			return ERR(ENOTSUP);
	} else if (strcmp(key, "CHAP_I") == 0) {
		n = iscsi_number(value, 255);
		if (n < 0)
			return ERR(EPROTO);
		session->chap_id = (uint8_t)n;
	} else if (strcmp(key, "CHAP_C") == 0) {
		buf = malloc(ISCSI_CHAP_MAX);
		if (!buf)
			return ERR(ENOMEM);
		len = iscsi_decode_binary(value, buf, ISCSI_CHAP_MAX);
		if (len < 0) {
			free(buf);
			return ERR(EPROTO);
		}
		free(session->chap_challenge);
		session->chap_challenge = buf;
		session->chap_challenge_len = (size_t)len;
	} else if (strcmp(key, "CHAP_N") == 0) {
		free(session->target_chap_name);
		session->target_chap_name = strdup(value);
		if (!session->target_chap_name)
			return ERR(ENOMEM);
	} else if (strcmp(key, "CHAP_R") == 0) {
		session->target_chap_r_len =
			iscsi_decode_binary(value, session->target_chap_r,
					    sizeof(session->target_chap_r));
		if (session->target_chap_r_len != 16)
			return ERR(EAUTH);
	} else if (strcmp(key, "TargetAddress") == 0) {
		free(session->target_address);
		session->target_address = strdup(value);
		if (!session->target_address)
			return ERR(ENOMEM);
	} else if (strcmp(key, "MaxRecvDataSegmentLength") == 0) {
		n = iscsi_number(value, 0xffffff);
		if (n < 512)
			return ERR(EPROTO);
		session->max_data_out = (uint32_t)n;
	} else if (strcmp(key, "MaxBurstLength") == 0) {
		/* Only checked: the target's R2Ts keep writes within it. */
		if (iscsi_number(value, 0xffffff) < 512)
			return ERR(EPROTO);
	}
	return 0;
}

/* Answer the target's CHAP challenge (and challenge it for mutual CHAP). */
static int iscsi_chap_answer(struct iscsi_session *session)
{
	char hex[2 * ISCSI_CHAP_OURS + 3];
	struct iscsi_text text = { 0 };
	char id[4];
	uint8_t digest[16];
	unsigned int i;
	int rc;

	if (!session->chap_challenge)
		return ERR(EPROTO);
	iscsi_chap_digest(session->chap_id, session->password,
			  session->chap_challenge, session->chap_challenge_len,
			  digest);
	iscsi_encode_hex(digest, sizeof(digest), hex);
	if ((rc = iscsi_text_add(&text, "CHAP_N", session->username)) != 0 ||
	    (rc = iscsi_text_add(&text, "CHAP_R", hex)) != 0)
		goto out;
	if (session->rusername && session->rpassword) {
		session->our_id = (uint8_t)random();
		for (i = 0; i < sizeof(session->our_challenge); i++)
			session->our_challenge[i] = (uint8_t)random();
		iscsi_encode_hex(session->our_challenge,
				 sizeof(session->our_challenge), hex);
		snprintf(id, sizeof(id), "%u", session->our_id);
		if ((rc = iscsi_text_add(&text, "CHAP_I", id)) != 0 ||
		    (rc = iscsi_text_add(&text, "CHAP_C", hex)) != 0)
			goto out;
	}
	session->chap = ISCSI_CHAP_RESPONSE;
	rc = iscsi_login_send(session, ISCSI_STAGE_SECURITY,
			      ISCSI_STAGE_OPERATIONAL, true, text.buf,
			      text.len);
out:
	iscsi_text_free(&text);
	return rc;
}

/* Mutual CHAP: check the target's name and answer. */
static int iscsi_chap_verify(struct iscsi_session *session)
{
	uint8_t want[16];

	if (!session->rusername || !session->rpassword)
		return 0;
	if (!session->target_chap_name || session->target_chap_r_len != 16 ||
	    strcmp(session->target_chap_name, session->rusername) != 0)
		return ERR(EAUTH);
	iscsi_chap_digest(session->our_id, session->rpassword,
			  session->our_challenge,
			  sizeof(session->our_challenge), want);
	if (memcmp(want, session->target_chap_r, sizeof(want)) != 0)
		return ERR(EAUTH);
	return 0;
}

/* What to send next in the security phase (T bit not set by the target). */
static int iscsi_login_security_next(struct iscsi_session *session)
{
	static const char chap_a[] = "CHAP_A=" ISCSI_XSTR(ISCSI_CHAP_MD5);

	if (session->chap_chosen && session->chap == ISCSI_CHAP_NONE) {
		session->chap = ISCSI_CHAP_ALGORITHM;
		return iscsi_login_send(session, ISCSI_STAGE_SECURITY,
					ISCSI_STAGE_OPERATIONAL, false,
					chap_a, sizeof(chap_a));
	}
	if (session->chap == ISCSI_CHAP_ALGORITHM)
		return iscsi_chap_answer(session);
	return iscsi_login_send(session, ISCSI_STAGE_SECURITY,
				ISCSI_STAGE_OPERATIONAL, true, NULL, 0);
}

int iscsi_login_rx(struct iscsi_session *session, const uint8_t *bhs,
		   const uint8_t *data, size_t dlen)
{
	unsigned int status = (unsigned int)bhs[ISCSI_BHS_STATUS_CLASS] << 8 |
			      bhs[ISCSI_BHS_STATUS_DETAIL];
	bool transit = bhs[1] & ISCSI_LOGIN_TRANSIT;
	unsigned int nsg = bhs[1] & 3;
	int rc;

	if (get_be32(bhs + ISCSI_BHS_ITT) != session->itt)
		return ERR(EPROTO);
	session->expstatsn = get_be32(bhs + ISCSI_BHS_STATSN) + 1;
	session->cmdsn = get_be32(bhs + 28);
	if ((rc = iscsi_text_foreach((const char *)data, dlen, iscsi_login_key,
				     session)) != 0)
		return rc;
	if ((rc = iscsi_login_status_rc(status)) != 0) {
		if (err_is(rc, EINPROGRESS) && !session->target_address)
			return ERR(EPROTO);
		return rc;
	}
	if (bhs[1] & ISCSI_LOGIN_CONTINUE)
		return iscsi_login_send(session, session->stage,
					session->stage == ISCSI_STAGE_SECURITY ?
					ISCSI_STAGE_OPERATIONAL :
					ISCSI_STAGE_FULL_FEATURE, false, NULL, 0);
	if (session->stage == ISCSI_STAGE_SECURITY) {
		if (!transit)
			return iscsi_login_security_next(session);
		if (session->chap_chosen && session->chap != ISCSI_CHAP_RESPONSE)
			return ERR(EPROTO);
		if ((rc = iscsi_chap_verify(session)) != 0)
			return rc;
		if (nsg == ISCSI_STAGE_FULL_FEATURE)
			goto full;
		return iscsi_login_operational(session);
	}
	if (!transit)
		return iscsi_login_send(session, ISCSI_STAGE_OPERATIONAL,
					ISCSI_STAGE_FULL_FEATURE, true, NULL, 0);
	if (nsg != ISCSI_STAGE_FULL_FEATURE)
		return ERR(EPROTO);
full:
	session->tsih = get_be16(bhs + ISCSI_BHS_TSIH);
	session->stage = ISCSI_STAGE_FULL_FEATURE;
	return 1;
}
