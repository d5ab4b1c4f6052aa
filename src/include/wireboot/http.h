/*
 * HTTP/1.1 client (RFC 9110/9112).  The "http" URI opener fetches a whole
 * resource; http_open_range() fetches part of one (for SAN-style block
 * reads).  Either way the user's interface receives:
 *
 *  - xfer_size_hint() with the size of the whole resource when the server
 *    says it (Content-Length of a 200, or the "/total" of a 206's
 *    Content-Range);
 *  - the bytes, through xfer_deliver() with XFER_SEEK_SET offsets counted
 *    from the start of the resource (so a range starting at 4096 arrives at
 *    offset 4096);
 *  - intf_close() with 0 once the body is complete, or an error: a status
 *    as a word (404 "No such file or directory (http)", 403 "Permission
 *    denied", 401 without usable credentials "Permission denied", 401 with
 *    rejected credentials "Authentication failed", 5xx "Input/output
 *    error", ...), "Too many levels of redirection" after HTTP_MAX_REDIRECTS,
 *    "Operation not supported" when a range is asked for and the server
 *    answers with anything but that range, or whatever TCP reported.
 *
 * Redirects (301, 302, 303, 307, 308) are followed, with relative Location
 * values resolved against the request's URI.  A 401 is answered once with
 * Basic or Digest (RFC 7616, MD5, qop=auth) credentials from the URI's
 * userinfo or else from the ${username} and ${password} settings.
 * Connections are kept alive and reused for the next request to the same
 * host and port; a reused connection that the server has closed meanwhile
 * is replaced by a fresh one without the user noticing.
 *
 * The response parser is exported for the unit tests and the fuzzer.
 */
#ifndef WIREBOOT_HTTP_H
#define WIREBOOT_HTTP_H

#include <wireboot/compiler.h>

struct interface;
struct uri;

/* Redirects followed for one request at most. */
#define HTTP_MAX_REDIRECTS 5
/* Longest line of a response head, and the longest head. */
#define HTTP_MAX_LINE 4096
#define HTTP_MAX_HEAD (64 * 1024)

/*
 * Fetch LEN bytes of URI (an absolute http:// URI) starting at byte OFFSET
 * and plug the transfer to XFER.  LEN 0 means "to the end".  The server
 * must answer 206 with exactly that range start.  Returns 0 or an error
 * (the transfer then never started).
 */
int http_open_range(struct interface *xfer, struct uri *uri, uint64_t offset,
		    uint64_t len);

/* The error for an HTTP status code that is not a success (0 for 2xx). */
int http_status_rc(unsigned int status);

/* What the head of a response said. */
struct http_response {
	unsigned int status;
	/* Persistent connection (HTTP/1.1 default unless "Connection: close"). */
	bool keepalive;
	bool chunked;
	/* Content-Length, or -1. */
	int64_t content_length;
	/* Content-Range "bytes FIRST-LAST/TOTAL": FIRST or -1, TOTAL or -1. */
	int64_t range_first;
	int64_t range_total;
	/* Location, and the WWW-Authenticate challenge chosen (heap strings or NULL). */
	char *location;
	char *challenge;
};

enum http_rx_state {
	HTTP_RX_STATUS,
	HTTP_RX_HEADER,
	HTTP_RX_BODY,
	HTTP_RX_UNTIL_CLOSE,
	HTTP_RX_CHUNK_SIZE,
	HTTP_RX_CHUNK_DATA,
	HTTP_RX_CHUNK_END,
	HTTP_RX_TRAILER,
	HTTP_RX_DONE,
};

/* Incremental parser of one response: head, then body framing. */
struct http_parser {
	enum http_rx_state state;
	struct http_response rsp;
	/* Body or chunk bytes still to come. */
	uint64_t remaining;
	/* Bytes of head (and trailer) seen, against HTTP_MAX_HEAD. */
	size_t head_len;
	size_t line_len;
	char line[HTTP_MAX_LINE];
};

/* What one call of http_parse() found. */
struct http_event {
	/* The last BODY_LEN bytes consumed are body data. */
	size_t body_len;
	/* The head (status and headers) has just been completed. */
	bool head_done;
	/* The response is complete. */
	bool done;
};

/* Start (or restart, freeing what it holds) a parser for a new response. */
void http_parser_init(struct http_parser *parser);

/* Free what the parser holds. */
void http_parser_free(struct http_parser *parser);

/*
 * Consume bytes from DATA (LEN > 0).  Returns how many were consumed (at
 * least one unless the response is complete) or an error (EPROTO for a
 * malformed response, EMSGSIZE for an over-long head, ENOTSUP for a
 * transfer coding other than chunked).  A call stops after a run of body
 * bytes (which are always the last ones consumed), after the end of the
 * head and at the end of the response, and says so in EVENT.
 */
int http_parse(struct http_parser *parser, const char *data, size_t len,
	       struct http_event *event);

#endif
