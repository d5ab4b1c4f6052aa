/*
 * URIs (RFC 3986): splitting text into scheme, authority, path, query and
 * fragment; percent-encoding; formatting; copying.  Relative resolution and
 * the working URI live in uri_resolve.c.
 */
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include <ctype.h>
#include <wireboot/uri.h>
#include <wireboot/socket.h>
#include <wireboot/byteorder.h>

/* Characters RFC 3986 calls "unreserved". */
static bool is_unreserved(int c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/*
 * What each field allows unencoded beyond the unreserved characters: the
 * RFC 3986 "sub-delims" and some more, or (URI_STRICT) nothing.
 */
static const char *const field_allows[] = {
	[URI_USER] = "!$&'()*+,;=",
	[URI_PASSWORD] = "!$&'()*+,;=:",
	[URI_HOST] = "!$&'()*+,;=:[]",
	[URI_PATH] = "!$&'()*+,;=:@/",
	[URI_QUERY] = "!$&'()*+,;=:@/?",
	[URI_FRAGMENT] = "!$&'()*+,;=:@/?",
	[URI_STRICT] = "",
};

/* May C appear unencoded in FIELD? */
static bool uri_char_ok(int c, enum uri_field field)
{
	return is_unreserved(c) || (c && strchr(field_allows[field], c));
}

size_t uri_encode(const void *raw, size_t raw_len, enum uri_field field,
		  char *buf, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	const uint8_t *in = raw;
	size_t used = 0;
	size_t i;
	char esc[3];
	size_t n;
	size_t j;

	for (i = 0; i < raw_len; i++) {
		if (uri_char_ok(in[i], field)) {
			esc[0] = (char)in[i];
			n = 1;
		} else {
			esc[0] = '%';
			esc[1] = hex[in[i] >> 4];
			esc[2] = hex[in[i] & 0xf];
			n = 3;
		}
		for (j = 0; j < n; j++, used++) {
			if (used + 1 < len)
				buf[used] = esc[j];
		}
	}
	if (len)
		buf[MIN(used, len - 1)] = '\0';
	return used;
}

size_t uri_decode(const char *text, void *buf, size_t len)
{
	uint8_t *out = buf;
	size_t used = 0;
	unsigned int high;
	unsigned int low;
	uint8_t c;

	while (*text) {
		if (text[0] == '%' && (high = digit_value(text[1])) < 16 &&
		    (low = digit_value(text[2])) < 16) {
			c = (uint8_t)(high << 4 | low);
			text += 3;
		} else {
			c = (uint8_t)*text++;
		}
		if (used < len)
			out[used] = c;
		used++;
	}
	return used;
}

/* Decode the NUL-terminated TEXT in place (decoding never lengthens). */
static char *decode_in_place(char *text)
{
	text[uri_decode(text, text, strlen(text))] = '\0';
	return text;
}

/* Does TEXT start with a scheme ("ALPHA *(ALPHA / DIGIT / + - .) :")? */
static size_t scheme_len(const char *text)
{
	size_t i;

	if (!isalpha((unsigned char)text[0]))
		return 0;
	for (i = 1; text[i] != ':'; i++) {
		if (!isalnum((unsigned char)text[i]) && text[i] != '+' &&
		    text[i] != '-' && text[i] != '.')
			return 0;
	}
	return i;
}

/* Split the authority AUTH (modified) into URI's user, password, host, port. */
static void parse_authority(struct uri *uri, char *auth)
{
	char *at = strrchr(auth, '@');
	char *host = auth;
	char *colon;
	char *close;

	if (at) {
		*at = '\0';
		host = at + 1;
		colon = strchr(auth, ':');
		if (colon) {
			*colon = '\0';
			uri->password = decode_in_place(colon + 1);
		}
		uri->user = decode_in_place(auth);
	}
	close = (host[0] == '[') ? strchr(host, ']') : NULL;
	colon = strchr(close ? close : host, ':');
	if (colon) {
		*colon = '\0';
		uri->port = colon + 1;
	}
	uri->host = decode_in_place(host);
}

struct uri *parse_uri(const char *text)
{
	size_t len = strlen(text);
	struct uri *uri;
	char *raw;
	char *decoded;
	char *hash;
	char *query;
	char *path;
	size_t slen;

	/* The text twice: split and decoded in place, plus the decoded path. */
	uri = zalloc(sizeof(*uri) + 2 * (len + 1));
	if (!uri)
		return NULL;
	ref_init(&uri->refcnt, NULL);
	raw = (char *)(uri + 1);
	decoded = raw + len + 1;
	memcpy(raw, text, len + 1);

	hash = strchr(raw, '#');
	if (hash) {
		*hash = '\0';
		uri->fragment = hash + 1;
	}
	slen = scheme_len(raw);
	if (slen) {
		raw[slen] = '\0';
		uri->scheme = raw;
		raw += slen + 1;
		if (*raw && *raw != '/') {
			uri->opaque = raw;
			return uri;
		}
	}
	query = strchr(raw, '?');
	if (query) {
		*query = '\0';
		uri->query = query + 1;
	}
	if (raw[0] == '/' && raw[1] == '/') {
		path = strchr(raw + 2, '/');
		if (path) {
			/* Keep the path's '/' by moving the authority back. */
			memmove(raw, raw + 2, (size_t)(path - raw - 2));
			path[-2] = '\0';
		} else {
			memmove(raw, raw + 2, strlen(raw + 2) + 1);
		}
		parse_authority(uri, raw);
	} else {
		path = raw;
	}
	if (path && *path) {
		uri->epath = path;
		decoded[uri_decode(path, decoded, len)] = '\0';
		uri->path = decoded;
	}
	return uri;
}

/* Text being written into a buffer that may be too small. */
struct uri_out {
	char *buf;
	size_t len;
	size_t used;
};

static void out_str(struct uri_out *out, const char *text)
{
	for (; *text; text++, out->used++) {
		if (out->used + 1 < out->len)
			out->buf[out->used] = *text;
	}
}

static void out_enc(struct uri_out *out, const char *text,
		    enum uri_field field)
{
	size_t room = out->used < out->len ? out->len - out->used : 0;

	out->used += uri_encode(text, strlen(text), field,
				room ? out->buf + out->used : NULL, room);
}

size_t format_uri(const struct uri *uri, char *buf, size_t len)
{
	struct uri_out out = { .buf = buf, .len = len, .used = 0 };

	if (uri->scheme) {
		out_str(&out, uri->scheme);
		out_str(&out, ":");
	}
	if (uri->opaque) {
		out_str(&out, uri->opaque);
	} else {
		if (uri->host) {
			out_str(&out, "//");
			if (uri->user) {
				out_enc(&out, uri->user, URI_USER);
				if (uri->password) {
					out_str(&out, ":");
					out_enc(&out, uri->password,
						URI_PASSWORD);
				}
				out_str(&out, "@");
			}
			out_enc(&out, uri->host, URI_HOST);
			if (uri->port) {
				out_str(&out, ":");
				out_str(&out, uri->port);
			}
		}
		if (uri->epath)
			out_str(&out, uri->epath);
		else if (uri->path)
			out_enc(&out, uri->path, URI_PATH);
		if (uri->query) {
			out_str(&out, "?");
			out_str(&out, uri->query);
		}
	}
	if (uri->fragment) {
		out_str(&out, "#");
		out_str(&out, uri->fragment);
	}
	if (len)
		buf[MIN(out.used, len - 1)] = '\0';
	return out.used;
}

char *format_uri_alloc(const struct uri *uri)
{
	size_t len = format_uri(uri, NULL, 0) + 1;
	char *text = malloc(len);

	if (text)
		format_uri(uri, text, len);
	return text;
}

unsigned int uri_port(const struct uri *uri, unsigned int default_port)
{
	const char *p = uri->port;
	uint64_t port;

	if (!p || !parse_digits(&p, 10, 65535, &port) || *p)
		return default_port;
	return (unsigned int)port;
}

struct uri *uri_dup(const struct uri *uri)
{
	char *text = format_uri_alloc(uri);
	struct uri *copy;

	if (!text)
		return NULL;
	copy = parse_uri(text);
	free(text);
	return copy;
}

struct uri *pxe_uri(struct sockaddr *server, const char *filename)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)server;
	struct uri *uri;
	struct uri tmp;
	const uint8_t *ip;
	char host[16];
	char port[6];
	char *path;

	if (!filename || !*filename)
		return NULL;
	uri = parse_uri(filename);
	if (!uri || (uri_is_absolute(uri) && !uri->opaque))
		return uri;
	uri_put(uri);

	if (!server || server->sa_family != AF_INET || !sin->sin_addr)
		return NULL;
	ip = (const uint8_t *)&sin->sin_addr;
	snprintf(host, sizeof(host), "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
	memset(&tmp, 0, sizeof(tmp));
	tmp.scheme = "tftp";
	tmp.host = host;
	if (sin->sin_port) {
		snprintf(port, sizeof(port), "%u", ntohs(sin->sin_port));
		tmp.port = port;
	}
	path = malloc(strlen(filename) + 2);
	if (!path)
		return NULL;
	path[0] = '/';
	strcpy(path + 1, filename);
	tmp.path = path;
	uri = uri_dup(&tmp);
	free(path);
	return uri;
}
