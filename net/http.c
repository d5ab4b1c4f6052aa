/*
 * The HTTP/1.1 client: one object per requested resource, which connects
 * (or reuses a kept-alive connection), sends the request, parses the
 * response, follows redirects, answers one 401 with credentials, and
 * delivers the body to its user.  Registers the "http" URI opener.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/builtin_settings.h>
#include <wireboot/byteorder.h>
#include <wireboot/dhcp.h>
#include <wireboot/errors.h>
#include <wireboot/feature.h>
#include <wireboot/http.h>
#include <wireboot/interface.h>
#include <wireboot/iobuf.h>
#include <wireboot/open.h>
#include <wireboot/process.h>
#include <wireboot/resolv.h>
#include <wireboot/settings.h>
#include <wireboot/socket.h>
#include <wireboot/uri.h>
#include <wireboot/xfer.h>
#include "http_internal.h"

DHCP_FEATURE(http, "HTTP", DHCP_EB_FEATURE_HTTP, 1);

#define ERR_SUBSYS ESUB_HTTP

/* Window offered to the connection while a response head is expected. */
#define HTTP_HEAD_WINDOW (64 * 1024)
/* Longest user name or password taken from settings. */
#define HTTP_CRED_MAX 256

/* What to do with a response once its head is known. */
enum http_action {
	HTTP_DELIVER,	/* the body is the resource */
	HTTP_REDIRECT,	/* read past the body, then follow Location */
	HTTP_AUTH,	/* read past the body, then retry with credentials */
};

struct http_request {
	struct refcnt refcnt;
	/* To the user (e.g. an image download). */
	struct interface xfer;
	/* To the TCP connection. */
	struct interface socket;
	/* Sends the request once the connection can take it. */
	struct process process;
	struct uri *uri;
	unsigned int port;
	struct http_request_info info;
	char *authorization;
	enum http_action action;
	unsigned int redirects;
	bool auth_tried;
	/* The request went out on the current connection. */
	bool sent;
	/* The current connection came from the pool. */
	bool reused;
	/* The user has been told the outcome. */
	bool finished;
	/* Position in the resource of the next body byte. */
	uint64_t pos;
	struct http_parser parser;
};

/* Free the request's memory. */
static void http_free(struct refcnt *refcnt)
{
	struct http_request *req =
		container_of(refcnt, struct http_request, refcnt);

	http_parser_free(&req->parser);
	uri_put(req->uri);
	free(req->authorization);
	free(req);
}

/* Finish: close the connection (gracefully on success) and tell the user. */
static void http_finish(struct http_request *req, int rc)
{
	req->finished = true;
	process_del(&req->process);
	intf_shutdown(&req->socket, rc);
	intf_shutdown(&req->xfer, rc);
}

int http_status_rc(unsigned int status)
{
	if (status >= 200 && status < 300)
		return 0;
	switch (status) {
	case 400:
		return ERR(EINVAL);
	case 401:
	case 403:
		return ERR(EACCES);
	case 404:
	case 410:
		return ERR(ENOENT);
	case 405:
	case 501:
	case 505:
		return ERR(ENOTSUP);
	case 408:
	case 504:
		return ERR(ETIMEDOUT);
	case 413:
		return ERR(EFBIG);
	case 416:
		return ERR(ERANGE);
	case 503:
		return ERR(EAGAIN);
	default:
		return status >= 500 ? ERR(EIO) : ERR(EPROTO);
	}
}

/* Connect to the URI's server (from the pool if possible) and queue the request. */
static int http_connect(struct http_request *req)
{
	struct sockaddr_in peer;
	int rc;

	http_parser_init(&req->parser);
	req->sent = false;
	req->reused = http_pool_take(req->uri->host, req->port, &req->socket);
	if (!req->reused) {
		memset(&peer, 0, sizeof(peer));
		peer.sin_family = AF_INET;
		peer.sin_port = htons((uint16_t)req->port);
		rc = xfer_open_named_socket(&req->socket, SOCK_STREAM,
					    (struct sockaddr *)&peer,
					    req->uri->host, NULL);
		if (rc)
			return rc;
	}
	process_add(&req->process);
	return 0;
}

/* Send the request head if the connection can take it now. */
static void http_send(struct http_request *req)
{
	char *head;
	int rc;

	if (req->sent || !xfer_window(&req->socket))
		return;
	process_del(&req->process);
	req->info.authorization = req->authorization;
	head = http_format_request(req->uri, &req->info);
	if (!head) {
		http_finish(req, ERR(ENOMEM));
		return;
	}
	req->sent = true;
	rc = xfer_deliver_raw(&req->socket, head, strlen(head));
	free(head);
	if (rc)
		http_finish(req, rc);
}

/* Process step: waiting for the connection to open. */
static void http_step(struct process *process)
{
	http_send(container_of(process, struct http_request, process));
}

/* Fetch a credential: from the URI if it has one, else from SETTING. */
static char *http_credential(const char *from_uri,
			     const struct setting *setting)
{
	char buf[HTTP_CRED_MAX];

	if (from_uri)
		return strdup(from_uri);
	if (fetch_string_setting(NULL, setting, buf, sizeof(buf)) < 0)
		return NULL;
	return strdup(buf);
}

/* Prepare the Authorization answering the challenge; 0 or an error. */
static int http_prepare_auth(struct http_request *req)
{
	char *user = http_credential(req->uri->user, &username_setting);
	char *password = http_credential(req->uri->password, &password_setting);
	char *target = http_target(req->uri);
	int rc;

	if (!user || !password || !target) {
		rc = ERR(EACCES);
		goto out;
	}
	free(req->authorization);
	req->authorization = NULL;
	rc = http_authorization(req->parser.rsp.challenge, user, password,
				"GET", target, &req->authorization);
out:
	free(user);
	free(password);
	free(target);
	return rc;
}

/* The head is complete: decide what the response means. */
static int http_head_done(struct http_request *req)
{
	struct http_response *rsp = &req->parser.rsp;
	unsigned int status = rsp->status;
	int rc;

	if (status >= 200 && status < 300) {
		if (req->info.range) {
			if (status != 206 || rsp->range_first < 0 ||
			    (uint64_t)rsp->range_first != req->info.offset)
				return ERR(ENOTSUP);
			req->pos = req->info.offset;
			if (rsp->range_total >= 0)
				xfer_size_hint(&req->xfer,
					       (uint64_t)rsp->range_total);
		} else {
			if (status == 206)
				return ERR(EPROTO);
			req->pos = 0;
			if (rsp->content_length >= 0)
				xfer_size_hint(&req->xfer,
					       (uint64_t)rsp->content_length);
		}
		req->action = HTTP_DELIVER;
		return 0;
	}
	if ((status == 301 || status == 302 || status == 303 ||
	     status == 307 || status == 308) && rsp->location) {
		if (req->redirects >= HTTP_MAX_REDIRECTS)
			return ERR(ELOOP);
		req->action = HTTP_REDIRECT;
		return 0;
	}
	if (status == 401) {
		if (req->auth_tried)
			return ERR(EAUTH);
		if (!rsp->challenge)
			return ERR(EACCES);
		rc = http_prepare_auth(req);
		if (rc)
			return rc;
		req->auth_tried = true;
		req->action = HTTP_AUTH;
		return 0;
	}
	return http_status_rc(status);
}

/* Follow the Location of a redirect. */
static int http_follow(struct http_request *req)
{
	struct uri *rel, *target;

	rel = parse_uri(req->parser.rsp.location);
	if (!rel)
		return ERR(ENOMEM);
	target = resolve_uri(req->uri, rel);
	uri_put(rel);
	if (!target)
		return ERR(ENOMEM);
	if (!target->scheme || strcasecmp(target->scheme, "http") != 0 ||
	    !target->host || !target->host[0]) {
		uri_put(target);
		return ERR(ENOTSUP);
	}
	uri_put(req->uri);
	req->uri = target;
	req->port = uri_port(target, 80);
	req->redirects++;
	req->auth_tried = false;
	free(req->authorization);
	req->authorization = NULL;
	return http_connect(req);
}

/* The response is complete; KEEP says the connection may be reused. */
static void http_response_done(struct http_request *req, bool keep)
{
	int rc = 0;

	if (keep && req->parser.rsp.keepalive)
		http_pool_put(req->uri->host, req->port, &req->socket);
	else
		intf_restart(&req->socket, 0);
	process_del(&req->process);
	switch (req->action) {
	case HTTP_DELIVER:
		http_finish(req, 0);
		return;
	case HTTP_REDIRECT:
		rc = http_follow(req);
		break;
	case HTTP_AUTH:
		rc = http_connect(req);
		break;
	}
	if (rc)
		http_finish(req, rc);
}

/* Hand LEN body bytes ending at the end of the consumed part of IOB up. */
static int http_deliver_body(struct http_request *req, struct io_buffer *iob,
			     size_t used, size_t len, bool whole)
{
	struct xfer_metadata meta = { .whence = XFER_SEEK_SET };
	struct io_buffer *body;

	meta.offset = (int64_t)req->pos;
	req->pos += len;
	if (whole) {
		/* The body runs to the end of the buffer: pass it on as it is. */
		iob_pull(iob, used - len);
		return xfer_deliver(&req->xfer, iob, &meta);
	}
	body = alloc_iob(len);
	if (!body)
		return ERR(ENOMEM);
	memcpy(iob_put(body, len), (char *)iob->data + used - len, len);
	return xfer_deliver(&req->xfer, body, &meta);
}

/* Bytes from the server. */
static int http_socket_deliver(struct http_request *req, struct io_buffer *iob,
			       const struct xfer_metadata *meta)
{
	struct http_event event;
	size_t used;
	int rc = 0;

	ref_get(&req->refcnt);
	while (iob && iob_len(iob) && !req->finished) {
		if (!req->sent) {
			rc = ERR(EPROTO);
			break;
		}
		rc = http_parse(&req->parser, iob->data, iob_len(iob), &event);
		if (rc < 0)
			break;
		used = (size_t)rc;
		rc = 0;
		if (event.body_len && req->action == HTTP_DELIVER) {
			bool whole = used == iob_len(iob);

			rc = http_deliver_body(req, iob, used, event.body_len,
					       whole);
			if (whole)
				iob = NULL;
			if (rc)
				break;
		}
		if (iob)
			iob_pull(iob, used);
		if (event.head_done) {
			rc = http_head_done(req);
			if (rc)
				break;
		}
		if (event.done) {
			http_response_done(req, !iob || !iob_len(iob));
			break;
		}
		if (!used)
			break;
	}
	free_iob(iob);
	if (rc && !req->finished)
		http_finish(req, rc);
	ref_put(&req->refcnt);
	return 0;
}

/* How much the connection may hand us now. */
static size_t http_socket_window(struct http_request *req)
{
	if (req->action == HTTP_DELIVER &&
	    (req->parser.state == HTTP_RX_BODY ||
	     req->parser.state == HTTP_RX_CHUNK_DATA ||
	     req->parser.state == HTTP_RX_UNTIL_CLOSE))
		return xfer_window(&req->xfer);
	return HTTP_HEAD_WINDOW;
}

/* The connection opened (or its window changed). */
static void http_socket_window_changed(struct http_request *req)
{
	http_send(req);
}

/* The connection closed. */
static void http_socket_close(struct http_request *req, int rc)
{
	struct http_parser *parser = &req->parser;

	intf_restart(&req->socket, rc);
	if (req->finished)
		return;
	if (!rc && parser->state == HTTP_RX_UNTIL_CLOSE) {
		parser->state = HTTP_RX_DONE;
		http_response_done(req, false);
		return;
	}
	if (req->reused && parser->state == HTTP_RX_STATUS &&
	    !parser->head_len) {
		/* A kept-alive connection the server had closed: start afresh. */
		rc = http_connect(req);
		if (!rc)
			return;
	}
	http_finish(req, rc ? rc : ERR(ECONNRESET));
}

/* The user gave up (or is done). */
static void http_xfer_close(struct http_request *req, int rc)
{
	http_finish(req, rc);
}

/* The user can take more: let the connection advertise it. */
static void http_xfer_window_changed(struct http_request *req)
{
	xfer_window_changed(&req->socket);
}

static const struct interface_operation http_socket_ops[] = {
	INTF_OP(xfer_deliver, struct http_request *, http_socket_deliver),
	INTF_OP(xfer_window, struct http_request *, http_socket_window),
	INTF_OP(xfer_window_changed, struct http_request *,
		http_socket_window_changed),
	INTF_OP(intf_close, struct http_request *, http_socket_close),
};
static const struct interface_descriptor http_socket_desc =
	INTF_DESC(struct http_request, socket, http_socket_ops);

static const struct interface_operation http_xfer_ops[] = {
	INTF_OP(intf_close, struct http_request *, http_xfer_close),
	INTF_OP(xfer_window_changed, struct http_request *,
		http_xfer_window_changed),
};
static const struct interface_descriptor http_xfer_desc =
	INTF_DESC(struct http_request, xfer, http_xfer_ops);

static const struct process_descriptor http_process_desc = {
	.name = "http",
	.step = http_step,
};

/* Start a request for URI (whole, or a range per RANGE/OFFSET/LEN). */
static int http_start(struct interface *xfer, struct uri *uri, bool range,
		      uint64_t offset, uint64_t len)
{
	struct http_request *req;
	int rc;

	if (!uri->host || !uri->host[0])
		return ERR(EINVAL);
	req = zalloc(sizeof(*req));
	if (!req)
		return ERR(ENOMEM);
	ref_init(&req->refcnt, http_free);
	intf_init(&req->xfer, &http_xfer_desc, &req->refcnt);
	intf_init(&req->socket, &http_socket_desc, &req->refcnt);
	process_init_stopped(&req->process, &http_process_desc, &req->refcnt);
	req->uri = uri_get(uri);
	req->port = uri_port(uri, 80);
	req->info.range = range;
	req->info.offset = offset;
	req->info.len = len;
	http_parser_init(&req->parser);
	rc = http_connect(req);
	if (rc) {
		http_finish(req, rc);
		ref_put(&req->refcnt);
		return rc;
	}
	intf_plug_plug(&req->xfer, xfer);
	ref_put(&req->refcnt);
	return 0;
}

int http_open_range(struct interface *xfer, struct uri *uri, uint64_t offset,
		    uint64_t len)
{
	return http_start(xfer, uri, true, offset, len);
}

/* The "http" URI opener: fetch the whole resource. */
static int http_open(struct interface *xfer, struct uri *uri)
{
	return http_start(xfer, uri, false, 0, 0);
}

static const struct uri_opener http_uri_opener __uri_opener = {
	.scheme = "http",
	.open = http_open,
};
