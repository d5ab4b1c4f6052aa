/*
 * Unit tests for the HTTP client object (net/http.c, net/http_pool.c) over
 * a test transport: a resolver and a stream socket opener for a private
 * address family stand in for DNS and TCP, and the tests play the server.
 * Covers the Range API (http_open_range()), keep-alive reuse, transparent
 * reconnection of a stale kept-alive connection, redirects and aborts.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include <wireboot/http.h>
#include <wireboot/iobuf.h>
#include <wireboot/list.h>
#include <wireboot/open.h>
#include <wireboot/process.h>
#include <wireboot/resolv.h>
#include <wireboot/socket.h>
#include <wireboot/uri.h>
#include <wireboot/xfer.h>
#include "unittest.h"

#define ERR_SUBSYS ESUB_HTTP

#define AF_HTTPTEST 0x7e5b

/* One connection as the test server sees it. */
struct hconn {
	struct refcnt refcnt;
	struct list_head list;
	struct interface xfer;
	char request[2048];
	size_t request_len;
	int closes;
	int close_rc;
};

static LIST_HEAD(hconns);
static unsigned int hconn_opens;

static int hconn_deliver(struct hconn *conn, struct io_buffer *iob,
			 const struct xfer_metadata *meta)
{
	size_t len = MIN(iob_len(iob), sizeof(conn->request) - 1 -
			 conn->request_len);

	memcpy(conn->request + conn->request_len, iob->data, len);
	conn->request_len += len;
	conn->request[conn->request_len] = '\0';
	free_iob(iob);
	return 0;
}

static size_t hconn_window(struct hconn *conn)
{
	return 65536;
}

static void hconn_close(struct hconn *conn, int rc)
{
	conn->closes++;
	conn->close_rc = rc;
	intf_shutdown(&conn->xfer, rc);
}

static const struct interface_operation hconn_ops[] = {
	INTF_OP(xfer_deliver, struct hconn *, hconn_deliver),
	INTF_OP(xfer_window, struct hconn *, hconn_window),
	INTF_OP(intf_close, struct hconn *, hconn_close),
};
static const struct interface_descriptor hconn_desc =
	INTF_DESC(struct hconn, xfer, hconn_ops);

static int hconn_open(struct interface *xfer, struct sockaddr *peer,
		      struct sockaddr *local)
{
	struct hconn *conn = zalloc(sizeof(*conn));

	if (!conn)
		return ERR(ENOMEM);
	ref_init(&conn->refcnt, NULL);
	intf_init(&conn->xfer, &hconn_desc, &conn->refcnt);
	intf_plug_plug(&conn->xfer, xfer);
	list_add_tail(&conn->list, &hconns);
	hconn_opens++;
	return 0;
}

static const struct socket_opener hconn_opener __socket_opener = {
	.semantics = SOCK_STREAM,
	.family = AF_HTTPTEST,
	.open = hconn_open,
};

/* Answers "server.http-test" on the next step. */
struct hresolv {
	struct refcnt refcnt;
	struct interface resolv;
	struct process process;
	struct sockaddr_in sa;
};

static void hresolv_step(struct process *process)
{
	struct hresolv *r = container_of(process, struct hresolv, process);

	process_del(process);
	resolv_done(&r->resolv, (struct sockaddr *)&r->sa, 0);
	intf_shutdown(&r->resolv, 0);
}

static const struct interface_descriptor hresolv_desc =
	INTF_DESC_PURE(struct hresolv, resolv);
static const struct process_descriptor hresolv_process = {
	.name = "http-test-resolv",
	.step = hresolv_step,
};

static int hresolv(struct interface *resolv, const char *name,
		   struct sockaddr *sa)
{
	struct hresolv *r;

	if (strcmp(name, "server.http-test") != 0)
		return ERR(ENXIO);
	r = zalloc(sizeof(*r));
	if (!r)
		return ERR(ENOMEM);
	ref_init(&r->refcnt, NULL);
	intf_init(&r->resolv, &hresolv_desc, &r->refcnt);
	process_init(&r->process, &hresolv_process, &r->refcnt);
	memcpy(&r->sa, sa, sizeof(r->sa));
	r->sa.sin_family = AF_HTTPTEST;
	intf_plug_plug(&r->resolv, resolv);
	ref_put(&r->refcnt);
	return 0;
}

static const struct resolver hresolver __resolver = {
	.name = "http-test",
	.order = 0,
	.resolv = hresolv,
};

/* The downloader's end. */
struct hsink {
	struct refcnt refcnt;
	struct interface xfer;
	uint8_t data[4096];
	int64_t first_offset;
	size_t len;
	uint64_t size_hint;
	bool bad_offset;
	int closes;
	int close_rc;
};

static int hsink_deliver(struct hsink *sink, struct io_buffer *iob,
			 const struct xfer_metadata *meta)
{
	if (meta->whence != XFER_SEEK_SET)
		sink->bad_offset = true;
	if (!sink->len)
		sink->first_offset = meta->offset;
	else if (meta->offset != sink->first_offset + (int64_t)sink->len)
		sink->bad_offset = true;
	if (sink->len + iob_len(iob) <= sizeof(sink->data))
		memcpy(sink->data + sink->len, iob->data, iob_len(iob));
	sink->len += iob_len(iob);
	free_iob(iob);
	return 0;
}

static size_t hsink_window(struct hsink *sink)
{
	return 1 << 20;
}

static void hsink_size(struct hsink *sink, uint64_t total)
{
	sink->size_hint = total;
}

static void hsink_close(struct hsink *sink, int rc)
{
	sink->closes++;
	sink->close_rc = rc;
	intf_shutdown(&sink->xfer, rc);
}

static const struct interface_operation hsink_ops[] = {
	INTF_OP(xfer_deliver, struct hsink *, hsink_deliver),
	INTF_OP(xfer_window, struct hsink *, hsink_window),
	INTF_OP(xfer_size_hint, struct hsink *, hsink_size),
	INTF_OP(intf_close, struct hsink *, hsink_close),
};
static const struct interface_descriptor hsink_desc =
	INTF_DESC(struct hsink, xfer, hsink_ops);

static struct hsink *hsink_new(void)
{
	struct hsink *sink = zalloc(sizeof(*sink));

	ref_init(&sink->refcnt, NULL);
	intf_init(&sink->xfer, &hsink_desc, &sink->refcnt);
	return sink;
}

static void hsink_free(struct hsink *sink)
{
	intf_shutdown(&sink->xfer, ERR(ECANCELED));
	ref_put(&sink->refcnt);
}

static void steps(void)
{
	int i;

	for (i = 0; i < 5; i++)
		step();
}

/* The newest connection still open, or NULL. */
static struct hconn *hconn_newest(void)
{
	struct hconn *conn, *newest = NULL;

	list_for_each_entry(conn, &hconns, list) {
		if (conn->xfer.dest != &null_intf)
			newest = conn;
	}
	return newest;
}

/* Send TEXT (LEN bytes) from the server on CONN. */
static void hconn_send(struct hconn *conn, const void *text, size_t len)
{
	struct io_buffer *iob = alloc_iob(len);

	memcpy(iob_put(iob, len), text, len);
	xfer_deliver(&conn->xfer, iob, NULL);
}

/* Close every connection (emptying the client's pool) and forget them. */
static void hconn_reset(void)
{
	struct hconn *conn, *tmp;

	list_for_each_entry_safe(conn, tmp, &hconns, list) {
		intf_shutdown(&conn->xfer, 0);
		list_del(&conn->list);
		ref_put(&conn->refcnt);
	}
	hconn_opens = 0;
	steps();
}

/* Start fetching TEXT (whole, or a range when LEN is not 0). */
static int hfetch(struct hsink *sink, const char *text, uint64_t offset,
		  uint64_t len)
{
	struct uri *uri = parse_uri(text);
	int rc;

	if (len)
		rc = http_open_range(&sink->xfer, uri, offset, len);
	else
		rc = xfer_open_uri(&sink->xfer, uri);
	uri_put(uri);
	steps();
	return rc;
}

UNIT_TEST(http_client_range)
{
	static const char reply[] =
		"HTTP/1.1 206 Partial Content\r\n"
		"Content-Range: bytes 4096-4105/1048576\r\n"
		"Content-Length: 10\r\n\r\n0123456789";
	struct hsink *sink = hsink_new();
	struct hconn *conn;

	ok_eq(hfetch(sink, "http://server.http-test/disk.img", 4096, 10), 0);
	conn = hconn_newest();
	ok(conn != NULL);
	ok(conn && strncmp(conn->request, "GET /disk.img HTTP/1.1\r\n", 24) == 0);
	ok(conn && strstr(conn->request, "\r\nRange: bytes=4096-4105\r\n"));
	ok(conn && strstr(conn->request, "\r\nHost: server.http-test\r\n"));
	if (conn)
		hconn_send(conn, reply, sizeof(reply) - 1);
	steps();
	ok_eq(sink->closes, 1);
	ok_eq(sink->close_rc, 0);
	ok_eq(sink->size_hint, 1048576);
	ok_eq(sink->first_offset, 4096);
	ok_eq(sink->len, 10);
	ok(!sink->bad_offset);
	ok(memcmp(sink->data, "0123456789", 10) == 0);
	hsink_free(sink);
	hconn_reset();
}

UNIT_TEST(http_client_range_refused)
{
	static const char reply[] =
		"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789";
	struct hsink *sink = hsink_new();
	struct hconn *conn;

	hfetch(sink, "http://server.http-test/disk.img", 100, 10);
	conn = hconn_newest();
	if (conn)
		hconn_send(conn, reply, sizeof(reply) - 1);
	steps();
	ok_eq(sink->closes, 1);
	ok_eq(err_reason(sink->close_rc), ENOTSUP);
	ok_eq(sink->len, 0);
	hsink_free(sink);
	hconn_reset();
}

UNIT_TEST(http_client_keepalive_and_stale)
{
	static const char reply[] =
		"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc";
	struct hsink *sink = hsink_new();
	struct hconn *conn, *second;

	/* First fetch: a new connection, kept afterwards. */
	hfetch(sink, "http://server.http-test/a", 0, 0);
	conn = hconn_newest();
	ok_eq(hconn_opens, 1);
	if (conn)
		hconn_send(conn, reply, sizeof(reply) - 1);
	steps();
	ok_eq(sink->close_rc, 0);
	ok_eq(sink->size_hint, 3);
	ok(conn && conn->closes == 0);
	hsink_free(sink);

	/* Second fetch: the same connection carries the request. */
	sink = hsink_new();
	if (conn)
		conn->request_len = 0;
	hfetch(sink, "http://server.http-test/b", 0, 0);
	ok_eq(hconn_opens, 1);
	ok(conn && strncmp(conn->request, "GET /b ", 7) == 0);
	/* The server had closed it meanwhile: a new one, the request again. */
	if (conn)
		intf_shutdown(&conn->xfer, 0);
	steps();
	ok_eq(hconn_opens, 2);
	second = hconn_newest();
	ok(second && second != conn &&
	   strncmp(second->request, "GET /b ", 7) == 0);
	if (second)
		hconn_send(second, reply, sizeof(reply) - 1);
	steps();
	ok_eq(sink->closes, 1);
	ok_eq(sink->close_rc, 0);
	ok_eq(sink->len, 3);
	hsink_free(sink);
	hconn_reset();
}

UNIT_TEST(http_client_redirect_and_errors)
{
	static const char redirect[] =
		"HTTP/1.1 302 Found\r\nLocation: ../other/file?x=1\r\n"
		"Content-Length: 5\r\n\r\nmoved";
	static const char missing[] =
		"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
	struct hsink *sink = hsink_new();
	struct hconn *conn;

	hfetch(sink, "http://server.http-test/dir/sub/start", 0, 0);
	conn = hconn_newest();
	if (conn) {
		conn->request_len = 0;
		hconn_send(conn, redirect, sizeof(redirect) - 1);
	}
	steps();
	/* The redirect's body is not the resource; the kept connection is reused. */
	ok_eq(sink->len, 0);
	ok_eq(hconn_opens, 1);
	ok(conn && strncmp(conn->request, "GET /dir/other/file?x=1 ", 24) == 0);
	if (conn)
		hconn_send(conn, missing, sizeof(missing) - 1);
	steps();
	ok_eq(sink->closes, 1);
	ok_str(errstr(sink->close_rc), "No such file or directory (http)");
	hsink_free(sink);
	hconn_reset();
}

UNIT_TEST(http_client_abort_and_truncation)
{
	static const char partial[] =
		"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly some";
	struct hsink *sink = hsink_new();
	struct hconn *conn;

	/* The server closes before the body is complete. */
	hfetch(sink, "http://server.http-test/f", 0, 0);
	conn = hconn_newest();
	if (conn) {
		hconn_send(conn, partial, sizeof(partial) - 1);
		intf_shutdown(&conn->xfer, 0);
	}
	steps();
	ok_eq(sink->closes, 1);
	ok(sink->close_rc < 0);
	ok_eq(sink->len, 9);
	hsink_free(sink);
	hconn_reset();

	/* The user gives up: the connection is aborted, not kept. */
	sink = hsink_new();
	hfetch(sink, "http://server.http-test/f", 0, 0);
	conn = hconn_newest();
	if (conn)
		hconn_send(conn, partial, sizeof(partial) - 1);
	intf_shutdown(&sink->xfer, ERR(ECANCELED));
	steps();
	ok(conn && conn->closes == 1 && err_is(conn->close_rc, ECANCELED));
	ref_put(&sink->refcnt);
	hconn_reset();
}
