/*
 * What the iSCSI session (net/iscsi.c) and its login code
 * (net/iscsi_login.c) share: the session object and a few helpers.
 */
#ifndef WIREBOOT_NET_ISCSI_INTERNAL_H
#define WIREBOOT_NET_ISCSI_INTERNAL_H

#include <wireboot/interface.h>
#include <wireboot/iscsi.h>
#include <wireboot/socket.h>
#include <wireboot/timer.h>

/* Longest CHAP challenge we accept and the one we send. */
#define ISCSI_CHAP_MAX 1024
#define ISCSI_CHAP_OURS 16

enum iscsi_state {
	ISCSI_RESOLVING,
	ISCSI_CONNECTING,
	ISCSI_LOGIN,
	ISCSI_READY,
	/* Waiting to connect again (a known target refused us). */
	ISCSI_RETRY_WAIT,
	ISCSI_CLOSED,
};

enum iscsi_chap_state {
	ISCSI_CHAP_NONE,
	/* CHAP_A sent, waiting for the challenge. */
	ISCSI_CHAP_ALGORITHM,
	/* CHAP_R sent, waiting for the stage to end (and the target's answer). */
	ISCSI_CHAP_RESPONSE,
};

struct iscsi_command;

struct iscsi_session {
	struct refcnt refcnt;
	/* To the SAN path, the TCP connection, the resolver. */
	struct interface block;
	struct interface socket;
	struct interface resolv;
	enum iscsi_state state;
	struct retry_timer retry;
	/* Hash of the root path, for the list of targets seen. */
	uint32_t key;
	/* Has this session logged in (then drops are not retried). */
	bool logged_in;
	unsigned int redirects;

	/* Where to connect: host (for the resolver), the address found. */
	char *host;
	unsigned int port;
	struct sockaddr_in peer;
	struct iscsi_root_path rp;

	/* Credentials (heap strings or NULL). */
	char *initiator;
	char *username;
	char *password;
	char *rusername;
	char *rpassword;

	/* Login. */
	unsigned int stage;
	enum iscsi_chap_state chap;
	bool chap_chosen;
	uint8_t chap_id;
	uint8_t *chap_challenge;
	size_t chap_challenge_len;
	uint8_t our_id;
	uint8_t our_challenge[ISCSI_CHAP_OURS];
	char *target_chap_name;
	uint8_t target_chap_r[16];
	int target_chap_r_len;
	char *target_address;

	/* Session numbers and negotiated limits. */
	uint8_t isid[6];
	uint16_t tsih;
	uint32_t itt;
	uint32_t cmdsn;
	uint32_t expstatsn;
	uint32_t max_data_out;

	struct iscsi_rx rx;
	/* The command in progress (at most one). */
	struct iscsi_command *cmd;
	/* Block size learnt from READ CAPACITY. */
	uint32_t blksize;

	struct iscsi_descriptor ibft;
};

/*
 * Send a PDU: BHS and DLEN bytes of DATA.  The data segment length,
 * ExpStatSN and (but in Data-Out, where it is reserved) CmdSN fields of
 * BHS are filled in here.
 */
int iscsi_tx_pdu(struct iscsi_session *session, uint8_t *bhs,
		 const void *data, size_t dlen);

/* Start logging in on a fresh connection. */
int iscsi_login_start(struct iscsi_session *session);

/*
 * A login response: 0 to go on, 1 once in full feature phase,
 * ERR(EINPROGRESS) for a redirect (session->target_address says where),
 * else the login's error.
 */
int iscsi_login_rx(struct iscsi_session *session, const uint8_t *bhs,
		   const uint8_t *data, size_t dlen);

/* Forget login state (CHAP values, redirect address). */
void iscsi_login_reset(struct iscsi_session *session);

#endif
