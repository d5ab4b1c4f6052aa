/*
 * HTTP authentication: answering a WWW-Authenticate challenge with Basic
 * (RFC 7617) or Digest (RFC 7616, MD5 with qop=auth or the RFC 2069 form
 * without qop) credentials.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/base64.h>
#include <wireboot/crypto.h>
#include <wireboot/errors.h>
#include "http_internal.h"

#define ERR_SUBSYS ESUB_HTTP

/* Longest Digest parameter value we keep. */
#define HTTP_DIGEST_PARAM_MAX 256

/* "Basic base64(user:password)" */
static int http_basic(const char *user, const char *password, char **value)
{
	static const char scheme[] = "Basic ";
	size_t prefix = sizeof(scheme) - 1;
	char *pair;
	size_t len;

	if (heap_asprintf(&pair, "%s:%s", user, password) < 0)
		return ERR(ENOMEM);
	len = prefix + (size_t)base64_encode(pair, strlen(pair), NULL, 0) + 1;
	*value = malloc(len);
	if (*value) {
		memcpy(*value, scheme, prefix);
		base64_encode(pair, strlen(pair), *value + prefix,
			      len - prefix);
	}
	free(pair);
	return *value ? 0 : ERR(ENOMEM);
}

/* The Digest parameters we use. */
struct http_digest_params {
	char realm[HTTP_DIGEST_PARAM_MAX];
	char nonce[HTTP_DIGEST_PARAM_MAX];
	char opaque[HTTP_DIGEST_PARAM_MAX];
	char qop[HTTP_DIGEST_PARAM_MAX];
	char algorithm[HTTP_DIGEST_PARAM_MAX];
	bool has_opaque;
};

/*
 * Read one "name=value" or "name=\"quoted\"" parameter at *TEXT into NAME
 * and VALUE (each HTTP_DIGEST_PARAM_MAX bytes); advances *TEXT.  Returns 1
 * for a parameter, 0 at the end, or ERR(EPROTO).
 */
static int http_next_param(const char **text, char *name, char *value)
{
	const char *p = *text;
	size_t n = 0;

	while (*p == ' ' || *p == '\t' || *p == ',')
		p++;
	if (!*p)
		return 0;
	while (*p && *p != '=' && *p != ' ' && *p != ',') {
		if (n + 1 >= HTTP_DIGEST_PARAM_MAX)
			return ERR(EPROTO);
		name[n++] = *p++;
	}
	name[n] = '\0';
	while (*p == ' ')
		p++;
	if (*p != '=' || !n)
		return ERR(EPROTO);
	p++;
	while (*p == ' ')
		p++;
	n = 0;
	if (*p == '"') {
		p++;
		while (*p && *p != '"') {
			if (*p == '\\' && p[1])
				p++;
			if (n + 1 >= HTTP_DIGEST_PARAM_MAX)
				return ERR(EPROTO);
			value[n++] = *p++;
		}
		if (*p != '"')
			return ERR(EPROTO);
		p++;
	} else {
		while (*p && *p != ',' && *p != ' ') {
			if (n + 1 >= HTTP_DIGEST_PARAM_MAX)
				return ERR(EPROTO);
			value[n++] = *p++;
		}
	}
	value[n] = '\0';
	*text = p;
	return 1;
}

/* Split the parameters of a Digest challenge. */
static int http_digest_parse(const char *text, struct http_digest_params *params)
{
	char name[HTTP_DIGEST_PARAM_MAX], value[HTTP_DIGEST_PARAM_MAX];
	char *dest;
	int rc;

	memset(params, 0, sizeof(*params));
	while ((rc = http_next_param(&text, name, value)) > 0) {
		dest = NULL;
		if (strcasecmp(name, "realm") == 0)
			dest = params->realm;
		else if (strcasecmp(name, "nonce") == 0)
			dest = params->nonce;
		else if (strcasecmp(name, "opaque") == 0) {
			dest = params->opaque;
			params->has_opaque = true;
		} else if (strcasecmp(name, "qop") == 0)
			dest = params->qop;
		else if (strcasecmp(name, "algorithm") == 0)
			dest = params->algorithm;
		if (dest)
			strcpy(dest, value);
	}
	if (rc < 0)
		return rc;
	if (!params->nonce[0])
		return ERR(EPROTO);
	return 0;
}

/* Hex MD5 of the NULL-terminated list of strings joined with ':'. */
static void http_md5_join(char hex[2 * MD5_DIGEST_SIZE + 1], ...)
{
	struct md5_context ctx;
	uint8_t digest[MD5_DIGEST_SIZE];
	const char *part;
	bool first = true;
	va_list args;

	md5_algorithm.init(&ctx);
	va_start(args, hex);
	while ((part = va_arg(args, const char *)) != NULL) {
		if (!first)
			md5_algorithm.update(&ctx, ":", 1);
		md5_algorithm.update(&ctx, part, strlen(part));
		first = false;
	}
	va_end(args);
	md5_algorithm.final(&ctx, digest);
	digest_hex(digest, sizeof(digest), hex);
}

/* A Digest answer (RFC 7616 section 3.4). */
static int http_digest(const char *challenge, const char *user,
		       const char *password, const char *method,
		       const char *target, char **value)
{
	struct http_digest_params *params;
	char ha1[33], ha2[33], response[33], cnonce[17];
	bool qop_auth;
	int rc;

	params = malloc(sizeof(*params));
	if (!params)
		return ERR(ENOMEM);
	rc = http_digest_parse(challenge, params);
	if (rc)
		goto out;
	if (params->algorithm[0] && strcasecmp(params->algorithm, "MD5") != 0) {
		rc = ERR(ENOTSUP);
		goto out;
	}
	qop_auth = false;
	if (params->qop[0]) {
		const char *p = params->qop;

		/* qop is a list such as "auth,auth-int". */
		while (*p) {
			size_t len = strcspn(p, ", \t");

			if (len == 4 && strncasecmp(p, "auth", 4) == 0)
				qop_auth = true;
			p += len;
			while (*p == ',' || *p == ' ' || *p == '\t')
				p++;
		}
		if (!qop_auth) {
			rc = ERR(ENOTSUP);
			goto out;
		}
	}
	snprintf(cnonce, sizeof(cnonce), "%08lx%08lx",
		 (unsigned long)random() & 0xffffffffUL,
		 (unsigned long)random() & 0xffffffffUL);
	http_md5_join(ha1, user, params->realm, password, NULL);
	http_md5_join(ha2, method, target, NULL);
	if (qop_auth)
		http_md5_join(response, ha1, params->nonce, "00000001", cnonce,
			      "auth", ha2, NULL);
	else
		http_md5_join(response, ha1, params->nonce, ha2, NULL);
	rc = heap_asprintf(value,
			   "Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", "
			   "uri=\"%s\", algorithm=MD5, response=\"%s\"%s%s%s%s%s%s",
			   user, params->realm, params->nonce, target, response,
			   params->has_opaque ? ", opaque=\"" : "",
			   params->has_opaque ? params->opaque : "",
			   params->has_opaque ? "\"" : "",
			   qop_auth ? ", qop=auth, nc=00000001, cnonce=\"" : "",
			   qop_auth ? cnonce : "", qop_auth ? "\"" : "");
	rc = rc < 0 ? ERR(ENOMEM) : 0;
out:
	free(params);
	return rc;
}

int http_authorization(const char *challenge, const char *user,
		       const char *password, const char *method,
		       const char *target, char **value)
{
	if (strncasecmp(challenge, "Basic", 5) == 0 &&
	    (challenge[5] == '\0' || challenge[5] == ' '))
		return http_basic(user, password, value);
	if (strncasecmp(challenge, "Digest", 6) == 0 && challenge[6] == ' ')
		return http_digest(challenge + 7, user, password, method,
				   target, value);
	return ERR(ENOTSUP);
}
