/*
 * Idle HTTP/1.1 connections kept alive for the next request to the same
 * server.  An idle connection that the server closes, or that says
 * anything while idle, is dropped; the oldest goes when the pool is full.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/interface.h>
#include <wireboot/iobuf.h>
#include <wireboot/list.h>
#include <wireboot/xfer.h>
#include "http_internal.h"

/* Window an idle connection advertises (a response head fits). */
#define HTTP_IDLE_WINDOW (64 * 1024)

struct http_idle {
	struct refcnt refcnt;
	struct list_head list;
	struct interface socket;
	unsigned int port;
	char host[];
};

static LIST_HEAD(http_idle_list);

/* Forget an idle connection, closing it with RC. */
static void http_idle_drop(struct http_idle *idle, int rc)
{
	intf_shutdown(&idle->socket, rc);
	if (!list_empty(&idle->list)) {
		list_del(&idle->list);
		INIT_LIST_HEAD(&idle->list);
		ref_put(&idle->refcnt);
	}
}

/* The server closed an idle connection. */
static void http_idle_close(struct http_idle *idle, int rc)
{
	http_idle_drop(idle, rc);
}

/* Data on an idle connection is a protocol error: drop the connection. */
static int http_idle_deliver(struct http_idle *idle, struct io_buffer *iob,
			     const struct xfer_metadata *meta)
{
	free_iob(iob);
	http_idle_drop(idle, 0);
	return 0;
}

static size_t http_idle_window(struct http_idle *idle)
{
	return HTTP_IDLE_WINDOW;
}

static const struct interface_operation http_idle_ops[] = {
	INTF_OP(intf_close, struct http_idle *, http_idle_close),
	INTF_OP(xfer_deliver, struct http_idle *, http_idle_deliver),
	INTF_OP(xfer_window, struct http_idle *, http_idle_window),
};

static const struct interface_descriptor http_idle_desc =
	INTF_DESC(struct http_idle, socket, http_idle_ops);

bool http_pool_take(const char *host, unsigned int port,
		    struct interface *socket)
{
	struct http_idle *idle;

	list_for_each_entry(idle, &http_idle_list, list) {
		if (idle->port != port || strcasecmp(idle->host, host) != 0)
			continue;
		intf_plug_plug(socket, idle->socket.dest);
		intf_unplug(&idle->socket);
		list_del(&idle->list);
		INIT_LIST_HEAD(&idle->list);
		ref_put(&idle->refcnt);
		return true;
	}
	return false;
}

void http_pool_put(const char *host, unsigned int port,
		   struct interface *socket)
{
	struct http_idle *idle, *oldest;
	unsigned int count = 0;

	list_for_each_entry(idle, &http_idle_list, list)
		count++;
	if (count >= HTTP_POOL_MAX) {
		oldest = list_last_entry(&http_idle_list, struct http_idle,
					 list);
		http_idle_drop(oldest, 0);
	}
	idle = zalloc(sizeof(*idle) + strlen(host) + 1);
	if (!idle) {
		intf_restart(socket, 0);
		return;
	}
	ref_init(&idle->refcnt, NULL);
	intf_init(&idle->socket, &http_idle_desc, &idle->refcnt);
	idle->port = port;
	strcpy(idle->host, host);
	intf_plug_plug(&idle->socket, socket->dest);
	intf_unplug(socket);
	list_add(&idle->list, &http_idle_list);
}
