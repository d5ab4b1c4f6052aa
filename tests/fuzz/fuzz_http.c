/*
 * Fuzz the HTTP client (net/http*.c): status lines, headers, body framing
 * (Content-Length, chunked, until close), redirects, authentication and
 * connection reuse.  Each input runs one fetch of
 * http://user:pass@server.http-fuzz/file: a resolver and a stream socket
 * opener for a private address family stand in for DNS and TCP, and the
 * input is the server's side.
 *
 * Input: records of a command byte.  Low two bits 0: the server sends the
 * next N bytes (N is the following byte) on the newest connection; 1: the
 * server closes it; 2: time passes (next byte x 100 ms); 3: the user's
 * window becomes 0 (bit 2 set) or 1 MiB.
 */
#include <string.h>
#include <stdlib.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include <wireboot/http.h>
#include <wireboot/iobuf.h>
#include <wireboot/list.h>
#include <wireboot/open.h>
#include <wireboot/process.h>
#include <wireboot/resolv.h>
#include <wireboot/socket.h>
#include <wireboot/xfer.h>
#include "fuzz.h"

#define ERR_SUBSYS ESUB_CORE

#define AF_HTTP_FUZZ 0x7e5a

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One connection as the server sees it. */
struct fuzz_conn {
	struct refcnt refcnt;
	struct list_head list;
	struct interface xfer;
};

static LIST_HEAD(fuzz_conns);

static int fuzz_conn_deliver(struct fuzz_conn *conn, struct io_buffer *iob,
			     const struct xfer_metadata *meta)
{
	free_iob(iob);
	return 0;
}

static size_t fuzz_conn_window(struct fuzz_conn *conn)
{
	return 65536;
}

static void fuzz_conn_close(struct fuzz_conn *conn, int rc)
{
	intf_shutdown(&conn->xfer, rc);
}

static const struct interface_operation fuzz_conn_ops[] = {
	INTF_OP(xfer_deliver, struct fuzz_conn *, fuzz_conn_deliver),
	INTF_OP(xfer_window, struct fuzz_conn *, fuzz_conn_window),
	INTF_OP(intf_close, struct fuzz_conn *, fuzz_conn_close),
};
static const struct interface_descriptor fuzz_conn_desc =
	INTF_DESC(struct fuzz_conn, xfer, fuzz_conn_ops);

static int fuzz_conn_open(struct interface *xfer, struct sockaddr *peer,
			  struct sockaddr *local)
{
	struct fuzz_conn *conn = zalloc(sizeof(*conn));

	if (!conn)
		return ERR(ENOMEM);
	ref_init(&conn->refcnt, NULL);
	intf_init(&conn->xfer, &fuzz_conn_desc, &conn->refcnt);
	intf_plug_plug(&conn->xfer, xfer);
	list_add(&conn->list, &fuzz_conns);
	/* The connection is open at once: say so, as TCP would. */
	xfer_window_changed(&conn->xfer);
	return 0;
}

static const struct socket_opener fuzz_opener __socket_opener = {
	.semantics = SOCK_STREAM,
	.family = AF_HTTP_FUZZ,
	.open = fuzz_conn_open,
};

/* Answers "server.http-fuzz" on the next step. */
static int fuzz_resolv(struct interface *resolv, const char *name,
		       struct sockaddr *sa)
{
	if (strcmp(name, "server.http-fuzz") != 0)
		return ERR(ENXIO);
	return fuzz_resolv_answer(resolv, sa, AF_HTTP_FUZZ);
}

static const struct resolver fuzz_resolver __resolver = {
	.name = "http-fuzz",
	.order = 0,
	.resolv = fuzz_resolv,
};

/* The newest connection the server still has, or NULL. */
static struct fuzz_conn *fuzz_newest(void)
{
	struct fuzz_conn *conn;

	list_for_each_entry(conn, &fuzz_conns, list) {
		if (conn->xfer.dest != &null_intf)
			return conn;
	}
	return NULL;
}

/* Close and forget every connection (emptying the client's pool too). */
static void fuzz_close_all(void)
{
	struct fuzz_conn *conn, *tmp;

	list_for_each_entry_safe(conn, tmp, &fuzz_conns, list) {
		intf_shutdown(&conn->xfer, 0);
		list_del(&conn->list);
		ref_put(&conn->refcnt);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_fetch *sink;
	struct fuzz_conn *conn;
	struct io_buffer *iob;
	size_t pos = 0, len;
	uint8_t cmd;
	int i;

	fuzz_init();
	sink = fuzz_fetch_new();
	if (!sink)
		return 0;
	sink->window = 1024 * 1024;
	sink->in_order = true;
	fuzz_fetch_open(sink, "http://user:pass@server.http-fuzz/file");
	step();
	while (pos < size && !sink->closed) {
		cmd = data[pos++];
		switch (cmd & 3) {
		case 0:
			if (pos >= size)
				break;
			len = MIN((size_t)data[pos], size - pos - 1);
			pos++;
			conn = fuzz_newest();
			iob = alloc_iob(len);
			if (conn && iob) {
				memcpy(iob_put(iob, len), data + pos, len);
				xfer_deliver(&conn->xfer, iob, NULL);
			} else {
				free_iob(iob);
			}
			pos += len;
			break;
		case 1:
			conn = fuzz_newest();
			if (conn)
				intf_shutdown(&conn->xfer, 0);
			break;
		case 2:
			if (pos < size)
				fuzz_advance(100UL * data[pos]);
			pos++;
			break;
		default:
			sink->window = cmd & 4 ? 0 : 1024 * 1024;
			xfer_window_changed(&sink->xfer);
			break;
		}
		for (i = 0; i < 3; i++)
			step();
	}
	fuzz_fetch_free(sink, ERR(ECANCELED));
	fuzz_close_all();
	for (i = 0; i < 3; i++)
		step();
	return 0;
}
