/*
 * HTTP client internals shared by the request object (http.c), request
 * building (http_request.c), authentication (http_auth.c) and the pool of
 * idle connections (http_pool.c).  Not an API.
 */
#ifndef NET_HTTP_INTERNAL_H
#define NET_HTTP_INTERNAL_H

#include <wireboot/compiler.h>

struct interface;
struct uri;

/* Idle keep-alive connections kept at most. */
#define HTTP_POOL_MAX 4

/* What goes into a request besides the URI. */
struct http_request_info {
	/* Range wanted: bytes OFFSET.. (LEN bytes; 0 = to the end); if RANGE. */
	bool range;
	uint64_t offset;
	uint64_t len;
	/* Authorization header value, or NULL. */
	const char *authorization;
};

/* The request target for URI: "/path?query" as written. */
char *http_target(const struct uri *uri);

/* The complete request head for URI into a heap string, or NULL. */
char *http_format_request(const struct uri *uri,
			  const struct http_request_info *info);

/*
 * The Authorization value answering CHALLENGE (a WWW-Authenticate value)
 * for METHOD on TARGET with USER and PASSWORD, into *VALUE (heap string).
 * Returns 0, ERR(ENOTSUP) for an unknown scheme or algorithm, ERR(EPROTO)
 * for a malformed challenge or ERR(ENOMEM).
 */
int http_authorization(const char *challenge, const char *user,
		       const char *password, const char *method,
		       const char *target, char **value);

/*
 * Take an idle connection to HOST:PORT from the pool and plug it to SOCKET;
 * true if there was one.
 */
bool http_pool_take(const char *host, unsigned int port,
		    struct interface *socket);

/*
 * Move the connection SOCKET is plugged to into the pool; SOCKET is left
 * unplugged (with its handlers) either way.
 */
void http_pool_put(const char *host, unsigned int port,
		   struct interface *socket);

#endif
