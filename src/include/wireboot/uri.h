/*
 * Uniform Resource Identifiers (RFC 3986): parsing into parts, formatting
 * back, percent-encoding, and resolving relative references against a base
 * (such as the URI of the script being run: the current working URI).
 *
 * What the fields of struct uri hold (each NULL when the part is absent):
 *   scheme    "http", as written (compare it case-insensitively)
 *   opaque    everything after "scheme:" of a URI with no "//" authority and
 *             no path starting with '/': "10.0.0.1::::iqn.x" for
 *             "iscsi:10.0.0.1::::iqn.x", "e0.1" for "aoe:e0.1"; as written
 *   user      decoded
 *   password  decoded
 *   host      decoded; an IPv6 literal keeps its brackets ("[fe80::1]")
 *   port      decimal digits as written ("" for "host:")
 *   path      decoded ("/a b" for "/a%20b"): what a file name means
 *   epath     the path as written (still encoded), e.g. for an HTTP request
 *   query     after '?', as written (not decoded: '&' and '=' must survive)
 *   fragment  after '#', as written
 * A URI without a scheme is a relative reference.
 */
#ifndef WIREBOOT_URI_H
#define WIREBOOT_URI_H

#include <wireboot/compiler.h>
#include <wireboot/refcnt.h>

struct sockaddr;

struct uri {
	struct refcnt refcnt;
	const char *scheme;
	const char *opaque;
	const char *user;
	const char *password;
	const char *host;
	const char *port;
	const char *path;
	const char *epath;
	const char *query;
	const char *fragment;
};

/* Take / drop a reference (NULL is allowed). */
static inline struct uri *uri_get(struct uri *uri)
{
	if (uri)
		ref_get(&uri->refcnt);
	return uri;
}

static inline void uri_put(struct uri *uri)
{
	if (uri)
		ref_put(&uri->refcnt);
}

/* Is URI absolute (does it have a scheme)? */
static inline bool uri_is_absolute(const struct uri *uri)
{
	return uri->scheme != NULL;
}

/*
 * Parse TEXT (any string is a URI reference; leading and trailing blanks
 * are not stripped).  Returns a new URI (one reference) or NULL if memory
 * runs out.
 */
struct uri *parse_uri(const char *text);

/*
 * Write URI as text into BUF (LEN bytes, NUL-terminated when LEN > 0),
 * encoding the decoded fields again.  Returns the full length (like
 * snprintf).
 */
size_t format_uri(const struct uri *uri, char *buf, size_t len);

/* As format_uri(), into a fresh heap string (caller frees); NULL if no memory. */
char *format_uri_alloc(const struct uri *uri);

/* The port as a number, or DEFAULT_PORT when absent, empty or invalid. */
unsigned int uri_port(const struct uri *uri, unsigned int default_port);

/*
 * A new URI (one reference) with the parts of URI, which may be a template
 * on the stack: it is written out and parsed again, so its path and epath
 * agree.  NULL if no memory.
 */
struct uri *uri_dup(const struct uri *uri);

/*
 * Resolve RELATIVE against BASE (RFC 3986 section 5.2, with dot-segment
 * removal).  BASE may be NULL (then RELATIVE is returned as it is).  Returns
 * a new reference (possibly to RELATIVE itself), or NULL if no memory.
 */
struct uri *resolve_uri(const struct uri *base, struct uri *relative);

/*
 * Merge the path RELATIVE with BASE_PATH and remove dot segments, giving a
 * fresh heap string (caller frees), or NULL if no memory.  An absolute
 * RELATIVE ("/x") replaces BASE_PATH.
 */
char *resolve_path(const char *base_path, const char *relative);

/* Which characters a field leaves unencoded (see uri_encode()). */
enum uri_field {
	URI_USER,
	URI_PASSWORD,
	URI_HOST,
	URI_PATH,
	URI_QUERY,
	URI_FRAGMENT,
	/* Everything but the RFC 3986 unreserved characters: a form value. */
	URI_STRICT,
};

/*
 * Percent-encode LEN_RAW bytes at RAW as FIELD allows into BUF (LEN bytes,
 * NUL-terminated when LEN > 0).  Returns the length of the full encoding.
 */
size_t uri_encode(const void *raw, size_t raw_len, enum uri_field field,
		  char *buf, size_t len);

/*
 * Decode the percent escapes of TEXT into BUF, writing at most LEN bytes
 * and no NUL (the value may hold any byte).  A '%' not followed by two hex
 * digits stays as it is.  Returns the length of the full decoded value.
 */
size_t uri_decode(const char *text, void *buf, size_t len);

/*
 * The URI for FILENAME as a PXE boot file from SERVER (a struct sockaddr_in
 * with the next-server address; port 0 = default): FILENAME itself if it is
 * a hierarchical absolute URI ("http://..."; "C:\x" is a file name), else
 * tftp://SERVER/FILENAME whose path is "/" + FILENAME, so that the TFTP
 * client (which drops one leading '/', as iPXE does) sends FILENAME exactly
 * as DHCP gave it.  Returns a new URI or NULL (no memory, empty FILENAME,
 * or no usable server for a plain file name).
 */
struct uri *pxe_uri(struct sockaddr *server, const char *filename);

/*
 * The current working URI: relative names given to xfer_open_uri_string()
 * and image commands resolve against it.  NULL until something sets it.
 */
extern struct uri *cwuri;

/* Make URI (resolved against the current one) the working URI; NULL resets. */
void churi(struct uri *uri);

#endif
