/*
 * Unit tests for the TFTP client (net/tftp.c, net/tftp_packets.c) and for
 * name-resolving sockets (net/resolv.c).  A test resolver maps
 * "*.tftp-unit" to an address of a private family and a test socket opener
 * for that family plays the server: the client is driven through the real
 * URI opener, resolver and socket paths, and every packet it sends is
 * recorded.
 */
#include <string.h>
#include <stdlib.h>
#include <wireboot/tftp.h>
#include <wireboot/open.h>
#include <wireboot/resolv.h>
#include <wireboot/socket.h>
#include <wireboot/xfer.h>
#include <wireboot/process.h>
#include <wireboot/timer.h>
#include <wireboot/time.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include "unittest.h"

/* A family no real protocol uses, with the sockaddr_in layout. */
#define AF_TFTP_UNIT 0x7e57
#define SERVER_ADDR 0x0a0000fe
#define SERVER_TID 3456
#define MAX_SENT 64

/* One packet the client sent. */
struct sent_packet {
	uint8_t data[128];
	size_t len;
	/* Where it went: 0 = the socket's peer, else meta->dest's port. */
	unsigned int dest_port;
};

/* The fake server socket. */
struct fake_socket {
	struct refcnt refcnt;
	struct interface xfer;
	struct sockaddr_in peer;
	struct sent_packet sent[MAX_SENT];
	unsigned int num_sent;
	bool closed;
};

static struct fake_socket *fake;

static int fake_deliver(struct fake_socket *sock, struct io_buffer *iob,
			const struct xfer_metadata *meta)
{
	struct sent_packet *pkt = &sock->sent[sock->num_sent % MAX_SENT];
	const struct sockaddr_in *dest = (const struct sockaddr_in *)meta->dest;

	pkt->len = MIN(iob_len(iob), sizeof(pkt->data));
	memcpy(pkt->data, iob->data, pkt->len);
	pkt->dest_port = dest ? ntohs(dest->sin_port) : 0;
	sock->num_sent++;
	free_iob(iob);
	return 0;
}

static void fake_close(struct fake_socket *sock, int rc)
{
	sock->closed = true;
	intf_shutdown(&sock->xfer, rc);
}

static const struct interface_operation fake_ops[] = {
	INTF_OP(xfer_deliver, struct fake_socket *, fake_deliver),
	INTF_OP(intf_close, struct fake_socket *, fake_close),
};
static const struct interface_descriptor fake_desc =
	INTF_DESC(struct fake_socket, xfer, fake_ops);

static int fake_open(struct interface *xfer, struct sockaddr *peer,
		     struct sockaddr *local)
{
	struct fake_socket *sock = zalloc(sizeof(*sock));

	if (!sock)
		return ERR_IN(ESUB_UDP, ENOMEM);
	ref_init(&sock->refcnt, NULL);
	intf_init(&sock->xfer, &fake_desc, &sock->refcnt);
	memcpy(&sock->peer, peer, sizeof(sock->peer));
	intf_plug_plug(&sock->xfer, xfer);
	ref_put_obj(fake);
	fake = ref_get_obj(sock);
	ref_put(&sock->refcnt);
	return 0;
}

static const struct socket_opener fake_opener __socket_opener = {
	.semantics = SOCK_DGRAM,
	.family = AF_TFTP_UNIT,
	.open = fake_open,
};

/* Resolves "*.tftp-unit" on the next step. */
struct unit_resolv {
	struct refcnt refcnt;
	struct interface resolv;
	struct process process;
	struct sockaddr_in sa;
};

static void unit_resolv_step(struct process *process)
{
	struct unit_resolv *r = container_of(process, struct unit_resolv,
					     process);

	process_del(process);
	resolv_done(&r->resolv, (struct sockaddr *)&r->sa, 0);
	intf_shutdown(&r->resolv, 0);
}

static const struct interface_descriptor unit_resolv_desc =
	INTF_DESC_PURE(struct unit_resolv, resolv);
static const struct process_descriptor unit_resolv_process = {
	.name = "tftp-unit-resolv",
	.step = unit_resolv_step,
};

static int unit_resolv(struct interface *resolv, const char *name,
		       struct sockaddr *sa)
{
	const char *suffix = ".tftp-unit";
	size_t len = strlen(name);
	struct unit_resolv *r;

	if (len < strlen(suffix) || strcmp(name + len - strlen(suffix), suffix))
		return ERR_IN(ESUB_DNS, ENXIO);
	r = zalloc(sizeof(*r));
	if (!r)
		return ERR_IN(ESUB_DNS, ENOMEM);
	ref_init(&r->refcnt, NULL);
	intf_init(&r->resolv, &unit_resolv_desc, &r->refcnt);
	process_init(&r->process, &unit_resolv_process, &r->refcnt);
	memcpy(&r->sa, sa, sizeof(r->sa));
	r->sa.sin_family = AF_TFTP_UNIT;
	r->sa.sin_addr = htonl(SERVER_ADDR);
	intf_plug_plug(&r->resolv, resolv);
	ref_put(&r->refcnt);
	return 0;
}

static const struct resolver unit_resolver __resolver = {
	.name = "tftp-unit",
	.order = 0,
	.resolv = unit_resolv,
};

/* The receiving end: collects the file. */
struct sink {
	struct refcnt refcnt;
	struct interface xfer;
	uint8_t data[4096];
	size_t high;
	uint64_t hint;
	bool closed;
	int rc;
	bool bad_offset;
	bool window_changed;
	unsigned int deliveries;
};

static int sink_deliver(struct sink *sink, struct io_buffer *iob,
			const struct xfer_metadata *meta)
{
	size_t len = iob_len(iob);

	sink->deliveries++;
	if (meta->whence != XFER_SEEK_SET || meta->offset < 0 ||
	    (size_t)meta->offset + len > sizeof(sink->data)) {
		sink->bad_offset = true;
	} else {
		memcpy(sink->data + meta->offset, iob->data, len);
		sink->high = MAX(sink->high, (size_t)meta->offset + len);
	}
	free_iob(iob);
	return 0;
}

static void sink_hint(struct sink *sink, uint64_t total)
{
	sink->hint = total;
}

static void sink_window_changed(struct sink *sink)
{
	sink->window_changed = true;
}

static void sink_close(struct sink *sink, int rc)
{
	sink->closed = true;
	sink->rc = rc;
	intf_shutdown(&sink->xfer, rc);
}

static const struct interface_operation sink_ops[] = {
	INTF_OP(xfer_deliver, struct sink *, sink_deliver),
	INTF_OP(xfer_size_hint, struct sink *, sink_hint),
	INTF_OP(xfer_window_changed, struct sink *, sink_window_changed),
	INTF_OP(intf_close, struct sink *, sink_close),
};
static const struct interface_descriptor sink_desc =
	INTF_DESC(struct sink, xfer, sink_ops);

static struct sink *sink_new(void)
{
	struct sink *sink = zalloc(sizeof(*sink));

	ref_init(&sink->refcnt, NULL);
	intf_init(&sink->xfer, &sink_desc, &sink->refcnt);
	return sink;
}

/* Free heap when the current test's download started. */
static size_t heap_mark;

/* Open URI into a new sink and run until the read request is out. */
static struct sink *start(const char *uri)
{
	struct sink *sink;
	int i;

	ref_put_obj(fake);
	fake = NULL;
	heap_mark = heap_free_bytes();
	sink = sink_new();
	ok_eq(xfer_open_uri_string(&sink->xfer, uri), 0);
	for (i = 0; i < 3 && !fake; i++)
		step();
	ok(fake != NULL);
	return sink;
}

/* The server sends LEN bytes at DATA from transfer port PORT. */
static void server_send(unsigned int port, const void *data, size_t len)
{
	struct sockaddr_in src = {
		.sin_family = AF_TFTP_UNIT,
		.sin_port = htons((uint16_t)port),
		.sin_addr = htonl(SERVER_ADDR),
	};
	struct xfer_metadata meta = { .src = (struct sockaddr *)&src };
	struct io_buffer *iob = alloc_iob(len);

	memcpy(iob_put(iob, len), data, len);
	xfer_deliver(&fake->xfer, iob, &meta);
}

/* DATA block BLOCK with LEN bytes of the pattern (byte i = OFFSET + i). */
static void server_data(unsigned int block, size_t offset, size_t len)
{
	uint8_t pkt[4 + 512];
	size_t i;

	pkt[0] = 0;
	pkt[1] = TFTP_DATA;
	pkt[2] = (uint8_t)(block >> 8);
	pkt[3] = (uint8_t)block;
	for (i = 0; i < len; i++)
		pkt[4 + i] = (uint8_t)(offset + i);
	server_send(SERVER_TID, pkt, 4 + len);
}

static void server_oack(const char *opts, size_t len)
{
	uint8_t pkt[128];

	pkt[0] = 0;
	pkt[1] = TFTP_OACK;
	memcpy(pkt + 2, opts, len);
	server_send(SERVER_TID, pkt, 2 + len);
}

/* Is the last packet sent an ACK of BLOCK to the transfer port? */
static bool last_is_ack(unsigned int block)
{
	const struct sent_packet *pkt;

	if (!fake->num_sent)
		return false;
	pkt = &fake->sent[(fake->num_sent - 1) % MAX_SENT];
	return pkt->len == 4 && pkt->data[1] == TFTP_ACK &&
	       pkt->data[2] == (uint8_t)(block >> 8) &&
	       pkt->data[3] == (uint8_t)block && pkt->dest_port == SERVER_TID;
}

static bool pattern_ok(const struct sink *sink, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (sink->data[i] != (uint8_t)i)
			return false;
	}
	return true;
}

/* Drop the test's references; everything the download made must go. */
static void finish(struct sink *sink)
{
	ref_put(&sink->refcnt);
	ref_put_obj(fake);
	fake = NULL;
	step();
	ok_eq(heap_free_bytes(), heap_mark);
}

UNIT_TEST(tftp_rrq_contents)
{
	static const char want[] = "\0\1dir/file.bin\0octet\0blksize\0" "1432"
				   "\0tsize\0" "0\0windowsize\0" "16";
	struct sink *sink = start("tftp://server.tftp-unit/dir/file.bin");

	ok_eq(fake->num_sent, 1);
	ok_eq(ntohs(fake->peer.sin_port), TFTP_PORT);
	ok_eq(fake->sent[0].len, sizeof(want));
	ok(memcmp(fake->sent[0].data, want, sizeof(want)) == 0);
	ok_eq(fake->sent[0].dest_port, 0);
	intf_shutdown(&sink->xfer, ERR_IN(ESUB_CORE, ECANCELED));
	ok(fake->closed);
	finish(sink);
}

UNIT_TEST(tftp_path_and_port)
{
	static const char want[] = "\0\1/abs/x\0octet";
	struct sink *sink = start("tftp://server.tftp-unit:1069//abs/x");

	ok_eq(ntohs(fake->peer.sin_port), 1069);
	ok(memcmp(fake->sent[0].data, want, sizeof(want)) == 0);
	intf_shutdown(&sink->xfer, 0);
	finish(sink);

	sink = sink_new();
	ok_eq(xfer_open_uri_string(&sink->xfer, "tftp://server.tftp-unit/"),
	      ERR_IN(ESUB_TFTP, EINVAL));
	ok_eq(xfer_open_uri_string(&sink->xfer, "tftp:///x"),
	      ERR_IN(ESUB_TFTP, EINVAL));
	ok_eq(xfer_open_uri_string(&sink->xfer, "nosuch://h/x"),
	      ERR_IN(ESUB_URI, ENOTSUP));
	ref_put(&sink->refcnt);
}

UNIT_TEST(tftp_window_and_gap)
{
	static const char opts[] = "blksize\0" "8\0tsize\0" "20\0windowsize\0" "2";
	struct sink *sink = start("tftp://server.tftp-unit/f");

	server_oack(opts, sizeof(opts));
	ok_eq(sink->hint, 20);
	ok(last_is_ack(0));
	server_data(1, 0, 8);
	ok_eq(fake->num_sent, 2);	/* no ACK inside a window */
	server_data(2, 8, 8);
	ok(last_is_ack(2));
	server_data(4, 24, 8);		/* block 3 lost: re-ACK 2 once */
	ok(last_is_ack(2));
	ok_eq(fake->num_sent, 4);
	server_data(5, 32, 8);
	ok_eq(fake->num_sent, 4);
	server_data(2, 8, 8);		/* a repeat changes nothing */
	ok_eq(fake->num_sent, 4);
	server_data(3, 16, 4);		/* the last block */
	ok(last_is_ack(3));
	ok(sink->closed);
	ok_eq(sink->rc, 0);
	ok_eq(sink->high, 20);
	ok(!sink->bad_offset);
	ok(pattern_ok(sink, 20));
	finish(sink);
}

UNIT_TEST(tftp_server_ignores_options)
{
	struct sink *sink = start("tftp://server.tftp-unit/f");

	server_data(1, 0, 512);
	ok(last_is_ack(1));
	server_data(2, 512, 512);
	ok(last_is_ack(2));
	server_data(3, 1024, 0);
	ok(last_is_ack(3));
	ok(sink->closed);
	ok_eq(sink->rc, 0);
	ok_eq(sink->high, 1024);
	ok(pattern_ok(sink, 1024));
	finish(sink);
}

UNIT_TEST(tftp_oack_without_windowsize)
{
	static const char opts[] = "blksize\0" "8";
	struct sink *sink = start("tftp://server.tftp-unit/f");

	server_oack(opts, sizeof(opts));
	ok(last_is_ack(0));
	ok_eq(sink->hint, 0);
	server_data(1, 0, 8);
	ok(last_is_ack(1));		/* window 1: every block is ACKed */
	server_data(2, 8, 3);
	ok(last_is_ack(2));
	ok(sink->closed && sink->rc == 0);
	ok(pattern_ok(sink, 11));
	finish(sink);
}

UNIT_TEST(tftp_errors_in_words)
{
	static const char err[] = "\0\5\0\1File not found";
	struct sink *sink = start("tftp://server.tftp-unit/missing");

	server_send(SERVER_TID, err, sizeof(err));
	ok(sink->closed);
	ok_eq(sink->rc, ERR_IN(ESUB_TFTP, ENOENT));
	ok_str(errstr(sink->rc), "No such file or directory (tftp)");
	finish(sink);
	ok_str(errstr(tftp_error_rc(2)), "Permission denied (tftp)");
}

UNIT_TEST(tftp_options_refused_retry)
{
	static const char err[] = "\0\5\0\10no options";
	struct sink *sink = start("tftp://server.tftp-unit/f");

	server_send(SERVER_TID, err, sizeof(err));
	ok(!sink->closed);
	ok_eq(fake->num_sent, 2);
	ok_eq(fake->sent[1].len, 2 + 2 + 6);	/* "f" "octet", no options */
	server_send(SERVER_TID + 1, "\0\3\0\1ab", 6);
	ok_eq(fake->num_sent, 3);
	ok(fake->sent[2].len == 4 && fake->sent[2].data[1] == TFTP_ACK &&
	   fake->sent[2].data[3] == 1);
	ok_eq(fake->sent[2].dest_port, SERVER_TID + 1);
	ok(sink->closed && sink->rc == 0);
	finish(sink);
}

UNIT_TEST(tftp_unknown_tid_refused)
{
	static const char opts[] = "blksize\0" "8";
	const struct sent_packet *pkt;
	struct sink *sink = start("tftp://server.tftp-unit/f");

	server_oack(opts, sizeof(opts));
	server_send(SERVER_TID + 7, "\0\3\0\1zzzzzzzz", 12);
	pkt = &fake->sent[fake->num_sent - 1];
	ok(pkt->data[1] == TFTP_ERROR && pkt->data[3] == TFTP_ERR_UNKNOWN_TID);
	ok_eq(pkt->dest_port, SERVER_TID + 7);
	ok(!sink->closed);
	server_data(1, 0, 2);
	ok(sink->closed && sink->rc == 0);
	ok(pattern_ok(sink, 2));
	finish(sink);
}

UNIT_TEST(tftp_retransmit_and_timeout)
{
	struct sink *sink = start("tftp://server.tftp-unit/f");
	uint64_t now = now_ms();
	int i;

	timers_expire(now + 300);
	ok_eq(fake->num_sent, 2);
	ok(fake->sent[1].data[1] == TFTP_RRQ);
	for (i = 0; i < 20 && !sink->closed; i++) {
		now += 20000;
		timers_expire(now);
	}
	ok(sink->closed);
	ok_eq(sink->rc, ERR_IN(ESUB_TFTP, ETIMEDOUT));
	ok(i < 10);
	finish(sink);
}

UNIT_TEST(tftp_block_rollover)
{
	static const char opts[] = "blksize\0" "8\0windowsize\0" "16";
	struct sink *sink = start("tftp://server.tftp-unit/f");
	struct sent_packet *pkt;
	uint8_t data[4 + 8];
	unsigned int block;

	server_oack(opts, sizeof(opts));
	memset(data, 0x5a, sizeof(data));
	data[0] = 0;
	data[1] = TFTP_DATA;
	/* 65536 full blocks: the 16-bit number wraps to 0 for the last. */
	for (block = 1; block <= 65536; block++) {
		data[2] = (uint8_t)(block >> 8);
		data[3] = (uint8_t)block;
		server_send(SERVER_TID, data, sizeof(data));
	}
	ok(!sink->closed);
	ok(last_is_ack(0));
	ok_eq(fake->num_sent, 2 + 65536 / 16);
	data[2] = 0;
	data[3] = 1;
	server_send(SERVER_TID, data, 4 + 1);
	ok(sink->closed && sink->rc == 0);
	/* Offsets past 4 KiB land outside the sink: flagged, not written. */
	ok(sink->bad_offset);
	pkt = &fake->sent[(fake->num_sent - 1) % MAX_SENT];
	ok(pkt->data[3] == 1);
	finish(sink);
}

UNIT_TEST(tftp_parse_packets)
{
	static const char oack[] = "\0\6blksize\0" "1468\0tsize\0" "123456789\0"
				   "windowsize\0" "16\0other\0x";
	struct tftp_packet pkt;
	uint8_t buf[64];

	ok_eq(tftp_parse(oack, sizeof(oack), &pkt), 0);
	ok(pkt.has_blksize && pkt.blksize == 1468);
	ok(pkt.has_tsize && pkt.tsize == 123456789);
	ok(pkt.has_windowsize && pkt.windowsize == 16);
	ok_eq(tftp_parse("\0\6blksize\0" "7", 12, &pkt), ERR_IN(ESUB_TFTP, EPROTO));
	ok_eq(tftp_parse("\0\6blksize\0" "65465", 16, &pkt),
	      ERR_IN(ESUB_TFTP, EPROTO));
	ok_eq(tftp_parse("\0\6windowsize\0" "0", 15, &pkt),
	      ERR_IN(ESUB_TFTP, EPROTO));
	ok_eq(tftp_parse("\0\6blksize\0" "12x", 14, &pkt),
	      ERR_IN(ESUB_TFTP, EPROTO));
	ok_eq(tftp_parse("\0\6blksize", 9, &pkt), ERR_IN(ESUB_TFTP, EBADMSG));
	ok_eq(tftp_parse("\0\6blksize\0" "8", 11, &pkt),
	      ERR_IN(ESUB_TFTP, EBADMSG));
	ok_eq(tftp_parse("\0\3\0", 3, &pkt), ERR_IN(ESUB_TFTP, EBADMSG));
	ok_eq(tftp_parse("\0\11\0\0", 4, &pkt), ERR_IN(ESUB_TFTP, EPROTO));
	ok_eq(tftp_parse("\0\5\0\2bad\1msg", 11, &pkt), 0);
	ok_eq(pkt.error, 2);
	ok_str(pkt.message, "bad?msg");

	ok_eq(tftp_build_rrq(buf, sizeof(buf), "a", NULL), 10);
	ok_eq(tftp_build_rrq(buf, 9, "a", NULL), 0);
}

UNIT_TEST(resolv_named_socket)
{
	struct sockaddr_in peer = { .sin_family = AF_INET,
				    .sin_port = htons(99) };
	struct sink *user = sink_new();
	int i;

	ref_put_obj(fake);
	fake = NULL;
	ok_eq(xfer_open_named_socket(&user->xfer, SOCK_DGRAM,
				     (struct sockaddr *)&peer,
				     "host.tftp-unit", NULL), 0);
	/* Until the name is known the window is shut and data is refused. */
	ok_eq(xfer_window(&user->xfer), 0);
	ok(xfer_deliver_raw(&user->xfer, "x", 1) != 0);
	ok(!user->window_changed);
	for (i = 0; i < 3 && !fake; i++)
		step();
	ok(fake != NULL);
	ok(user->window_changed);
	ok_eq(fake->peer.sin_family, AF_TFTP_UNIT);
	ok_eq(ntohs(fake->peer.sin_port), 99);
	ok_eq(ntohl(fake->peer.sin_addr), SERVER_ADDR);
	/* Now the user talks to the socket directly, both ways. */
	ok_eq(xfer_deliver_raw(&user->xfer, "hello", 5), 0);
	ok_eq(fake->num_sent, 1);
	ok(memcmp(fake->sent[0].data, "hello", 5) == 0);
	server_send(SERVER_TID, "abc", 3);
	ok_eq(user->deliveries, 1);
	intf_shutdown(&user->xfer, 0);
	ok(fake->closed);
	ref_put(&user->refcnt);
	ref_put_obj(fake);
	fake = NULL;

	/* No resolver takes a name of a family none knows. */
	user = sink_new();
	peer.sin_family = AF_TFTP_UNIT;
	ok(xfer_open_named_socket(&user->xfer, SOCK_DGRAM,
				  (struct sockaddr *)&peer, "10.0.0.1",
				  NULL) < 0);
	ok(!user->closed);
	ref_put(&user->refcnt);
}

/* The answer to a resolv() call. */
struct answer {
	struct refcnt refcnt;
	struct interface resolv;
	bool done;
	int rc;
	struct sockaddr_in sa;
};

static void answer_done(struct answer *answer, struct sockaddr *sa, int rc)
{
	answer->done = true;
	answer->rc = rc;
	if (sa)
		memcpy(&answer->sa, sa, sizeof(answer->sa));
}

static const struct interface_operation answer_ops[] = {
	INTF_OP(resolv_done, struct answer *, answer_done),
};
static const struct interface_descriptor answer_desc =
	INTF_DESC(struct answer, resolv, answer_ops);

UNIT_TEST(resolv_numeric_later)
{
	struct answer answer;
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(80) };

	memset(&answer, 0, sizeof(answer));
	ref_init(&answer.refcnt, NULL);
	answer.refcnt.count = 1000;
	intf_init(&answer.resolv, &answer_desc, &answer.refcnt);
	ok_eq(resolv(&answer.resolv, "10.1.2.3", (struct sockaddr *)&sa), 0);
	/* Never from inside resolv(): the caller may not be ready. */
	ok(!answer.done);
	step();
	ok(answer.done);
	ok_eq(answer.rc, 0);
	ok_eq(answer.sa.sin_family, AF_INET);
	ok_eq(ntohl(answer.sa.sin_addr), 0x0a010203);
	ok_eq(ntohs(answer.sa.sin_port), 80);
	intf_unplug(&answer.resolv);
}
