/*
 * Unit tests for the HTTP client's pieces (net/http_parse.c,
 * net/http_request.c, net/http_auth.c): response heads and body framing fed
 * in pieces of every size, request heads, Basic and Digest answers, and
 * status codes as errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/base64.h>
#include <wireboot/crypto.h>
#include <wireboot/errors.h>
#include <wireboot/http.h>
#include <wireboot/uri.h>
#include "../../net/http_internal.h"
#include "unittest.h"

/* The outcome of feeding a whole response to a parser. */
struct parsed {
	int rc;
	bool head_done;
	bool done;
	char body[4096];
	size_t body_len;
	/* Bytes left unconsumed after the response completed. */
	size_t left;
};

/* Feed TEXT to PARSER in pieces of at most STEP bytes. */
static void feed(struct http_parser *parser, const char *text, size_t step,
		 struct parsed *out)
{
	size_t len = strlen(text), pos = 0, n;
	struct http_event event;
	int rc;

	memset(out, 0, sizeof(*out));
	while (pos < len && !out->done) {
		n = MIN(step, len - pos);
		rc = http_parse(parser, text + pos, n, &event);
		if (rc < 0) {
			out->rc = rc;
			return;
		}
		if (event.body_len && out->body_len + event.body_len <=
		    sizeof(out->body))
			memcpy(out->body + out->body_len,
			       text + pos + (size_t)rc - event.body_len,
			       event.body_len);
		out->body_len += event.body_len;
		out->head_done |= event.head_done;
		out->done |= event.done;
		pos += (size_t)rc;
		if (!rc && !out->done)
			break;
	}
	out->left = len - pos;
}

/* Parse TEXT fed in every piece size from 1 to 9 and whole; all must agree. */
static void parse_all_ways(const char *text, struct http_parser *parser,
			   struct parsed *out)
{
	static const size_t steps[] = { 1, 2, 3, 5, 7, 9, 100000 };
	struct parsed first;
	size_t i;

	memset(parser, 0, sizeof(*parser));
	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		http_parser_init(parser);
		feed(parser, text, steps[i], out);
		if (i == 0) {
			first = *out;
			continue;
		}
		ok_eq(out->rc, first.rc);
		ok_eq(out->done, first.done);
		ok_eq(out->body_len, first.body_len);
		ok(memcmp(out->body, first.body, MIN(out->body_len,
						     sizeof(out->body))) == 0);
	}
}

UNIT_TEST(http_parse_content_length)
{
	struct http_parser parser;
	struct parsed out;

	parse_all_ways("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
		       "Content-Type: text/plain\r\n\r\nhelloEXTRA",
		       &parser, &out);
	ok_eq(out.rc, 0);
	ok(out.head_done);
	ok(out.done);
	ok_eq(parser.rsp.status, 200);
	ok_eq(parser.rsp.content_length, 5);
	ok(parser.rsp.keepalive);
	ok(!parser.rsp.chunked);
	ok_eq(out.body_len, 5);
	ok(memcmp(out.body, "hello", 5) == 0);
	ok_eq(out.left, 5);
	http_parser_free(&parser);
}

UNIT_TEST(http_parse_chunked)
{
	struct http_parser parser;
	struct parsed out;

	parse_all_ways("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
		       "5\r\nhello\r\n1A;name=value\r\nabcdefghijklmnopqrstuvwxyz\r\n"
		       "0\r\nX-Trailer: 1\r\n\r\n", &parser, &out);
	ok_eq(out.rc, 0);
	ok(parser.rsp.chunked);
	ok(out.done);
	ok_eq(out.body_len, 31);
	ok(memcmp(out.body, "helloabcdefghijklmnopqrstuvwxyz", 31) == 0);
	ok_eq(out.left, 0);
	http_parser_free(&parser);
}

UNIT_TEST(http_parse_bad_framing)
{
	static const char *const bad[] = {
		"HTTP/2 200 OK\r\n\r\n",
		"HTTP/1.1 2x0 OK\r\n\r\n",
		"ICY 200 OK\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n",
		"HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n",
		"HTTP/1.1 200 OK\r\n folded: header\r\n\r\n",
	};
	struct http_parser parser;
	struct parsed out;
	size_t i;

	memset(&parser, 0, sizeof(parser));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		http_parser_init(&parser);
		feed(&parser, bad[i], 1000, &out);
		ok_eq(err_reason(out.rc), EPROTO);
		ok_eq(err_subsys(out.rc), ESUB_HTTP);
	}
	http_parser_init(&parser);
	feed(&parser, "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
	     1000, &out);
	ok_eq(err_reason(out.rc), ENOTSUP);
	http_parser_free(&parser);
}

UNIT_TEST(http_parse_limits)
{
	struct http_parser parser;
	struct parsed out;
	char *text = malloc(HTTP_MAX_HEAD + 100);
	size_t i;

	memset(&parser, 0, sizeof(parser));
	/* One line longer than HTTP_MAX_LINE. */
	strcpy(text, "HTTP/1.1 200 OK\r\nX: ");
	for (i = strlen(text); i < HTTP_MAX_LINE + 100; i++)
		text[i] = 'a';
	strcpy(text + i, "\r\n\r\n");
	http_parser_init(&parser);
	feed(&parser, text, 512, &out);
	ok_eq(err_reason(out.rc), EMSGSIZE);
	/* Many short lines adding up to more than HTTP_MAX_HEAD. */
	strcpy(text, "HTTP/1.1 200 OK\r\n");
	for (i = strlen(text); i + 8 < HTTP_MAX_HEAD + 50; i += 8)
		memcpy(text + i, "X: abc\r\n", 8);
	strcpy(text + i, "\r\n");
	http_parser_init(&parser);
	feed(&parser, text, 4096, &out);
	ok_eq(err_reason(out.rc), EMSGSIZE);
	free(text);
	http_parser_free(&parser);
}

UNIT_TEST(http_parse_head_fields)
{
	struct http_parser parser;
	struct parsed out;

	parse_all_ways("HTTP/1.1 100 Continue\r\n\r\n"
		       "HTTP/1.0 206 Partial Content\r\n"
		       "content-range: bytes 100-199/12345\r\n"
		       "LOCATION:   /next  \r\n"
		       "WWW-Authenticate: Basic realm=\"x\"\r\n"
		       "WWW-Authenticate: Digest realm=\"y\", nonce=\"n\"\r\n"
		       "WWW-Authenticate: Basic realm=\"z\"\r\n"
		       "Connection: Keep-Alive\r\n"
		       "Content-Length: 0\r\n\r\n", &parser, &out);
	ok_eq(out.rc, 0);
	ok(out.done);
	ok_eq(parser.rsp.status, 206);
	ok_eq(parser.rsp.range_first, 100);
	ok_eq(parser.rsp.range_total, 12345);
	ok_str(parser.rsp.location, "/next");
	ok(parser.rsp.challenge &&
	   strncmp(parser.rsp.challenge, "Digest", 6) == 0);
	ok(parser.rsp.keepalive);
	http_parser_free(&parser);

	/* HTTP/1.1 with "close", and a body that runs until the close. */
	parse_all_ways("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n"
		       "gone", &parser, &out);
	ok_eq(out.rc, 0);
	ok(!out.done);
	ok_eq(parser.state, HTTP_RX_UNTIL_CLOSE);
	ok(!parser.rsp.keepalive);
	ok_eq(out.body_len, 4);
	http_parser_free(&parser);

	/* 204 and 304 have no body whatever they say. */
	parse_all_ways("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n",
		       &parser, &out);
	ok(out.done);
	ok_eq(out.body_len, 0);
	http_parser_free(&parser);
}

UNIT_TEST(http_status_errors)
{
	ok_eq(http_status_rc(200), 0);
	ok_eq(http_status_rc(206), 0);
	ok_str(errstr(http_status_rc(404)), "No such file or directory (http)");
	ok_str(errstr(http_status_rc(403)), "Permission denied (http)");
	ok_str(errstr(http_status_rc(500)), "Input/output error (http)");
	ok_str(errstr(http_status_rc(502)), "Input/output error (http)");
	ok_eq(err_reason(http_status_rc(416)), ERANGE);
	ok_eq(err_reason(http_status_rc(405)), ENOTSUP);
	ok_eq(err_reason(http_status_rc(418)), EPROTO);
}

UNIT_TEST(http_request_head)
{
	struct http_request_info info = { .range = false };
	struct uri *uri = parse_uri("http://boot.example:8080/a%20b/c?x=1&y=2#frag");
	struct uri *plain = parse_uri("http://10.0.0.1:80");
	char *head;

	head = http_format_request(uri, &info);
	ok_str(head, "GET /a%20b/c?x=1&y=2 HTTP/1.1\r\n"
		     "Host: boot.example:8080\r\n"
		     "User-Agent: wireboot/" WIREBOOT_VERSION "\r\n"
		     "Connection: keep-alive\r\n\r\n");
	free(head);
	info.range = true;
	info.offset = 4096;
	info.len = 512;
	info.authorization = "Basic eDp5";
	head = http_format_request(plain, &info);
	ok_str(head, "GET / HTTP/1.1\r\n"
		     "Host: 10.0.0.1\r\n"
		     "User-Agent: wireboot/" WIREBOOT_VERSION "\r\n"
		     "Connection: keep-alive\r\n"
		     "Range: bytes=4096-4607\r\n"
		     "Authorization: Basic eDp5\r\n\r\n");
	free(head);
	info.len = 0;
	info.authorization = NULL;
	head = http_format_request(plain, &info);
	ok(strstr(head, "Range: bytes=4096-\r\n") != NULL);
	free(head);
	uri_put(uri);
	uri_put(plain);
}

UNIT_TEST(http_auth_basic)
{
	char *value = NULL;
	char b64[16];

	ok_eq(http_authorization("Basic realm=\"WallyWorld\"", "Aladdin",
				 "open sesame", "GET", "/", &value), 0);
	ok_str(value, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
	free(value);
	ok_eq(base64_encode("a", 1, b64, sizeof(b64)), 4);
	ok_str(b64, "YQ==");
	ok_eq(base64_encode("ab", 2, b64, sizeof(b64)), 4);
	ok_str(b64, "YWI=");
	ok_eq(base64_encode("abcd", 4, b64, 4), 8);
	ok_str(b64, "YWJ");
	ok_eq(err_reason(http_authorization("Negotiate", "u", "p", "GET", "/",
					    &value)), ENOTSUP);
}

/* The value of PARAM="..." in a Digest answer, into BUF. */
static void digest_param(const char *value, const char *param, char *buf,
			 size_t len)
{
	char pattern[32];
	const char *p, *end;

	snprintf(pattern, sizeof(pattern), " %s=\"", param);
	buf[0] = '\0';
	p = strstr(value, pattern);
	if (!p)
		return;
	p += strlen(pattern);
	end = strchr(p, '"');
	if (end && (size_t)(end - p) < len) {
		memcpy(buf, p, (size_t)(end - p));
		buf[end - p] = '\0';
	}
}

UNIT_TEST(http_auth_digest)
{
	static const char challenge[] =
		"Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
		"nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
		"opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
	char *value = NULL;
	char response[64], cnonce[64], expect[64], text[256];
	char ha1[33], ha2[33];
	uint8_t digest[MD5_DIGEST_SIZE];

	/* RFC 2069 form (no qop): a known answer. */
	ok_eq(http_authorization("Digest realm=\"testrealm@host.com\", "
				 "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"",
				 "Mufasa", "Circle Of Life", "GET",
				 "/dir/index.html", &value), 0);
	digest_param(value, "response", response, sizeof(response));
	ok_str(response, "670fd8c2df070c60b045671b8b24ff02");
	ok(strstr(value, "qop=") == NULL);
	free(value);

	/* qop=auth: the answer must use the cnonce and nc it states. */
	ok_eq(http_authorization(challenge, "Mufasa", "Circle Of Life", "GET",
				 "/dir/index.html", &value), 0);
	ok(strstr(value, "qop=auth, nc=00000001") != NULL);
	ok(strstr(value, "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"") != NULL);
	ok(strstr(value, "username=\"Mufasa\"") != NULL);
	ok(strstr(value, "uri=\"/dir/index.html\"") != NULL);
	digest_param(value, "cnonce", cnonce, sizeof(cnonce));
	digest_param(value, "response", response, sizeof(response));
	digest_buffer(&md5_algorithm, "Mufasa:testrealm@host.com:Circle Of Life",
		      40, digest);
	digest_hex(digest, sizeof(digest), ha1);
	ok_str(ha1, "939e7578ed9e3c518a452acee763bce9");
	digest_buffer(&md5_algorithm, "GET:/dir/index.html", 19, digest);
	digest_hex(digest, sizeof(digest), ha2);
	snprintf(text, sizeof(text),
		 "%s:dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:%s:auth:%s",
		 ha1, cnonce, ha2);
	digest_buffer(&md5_algorithm, text, strlen(text), digest);
	digest_hex(digest, sizeof(digest), expect);
	ok_str(response, expect);
	free(value);

	/* Unsupported algorithm or qop; malformed challenges. */
	ok_eq(err_reason(http_authorization("Digest nonce=\"n\", algorithm=SHA-256",
					    "u", "p", "GET", "/", &value)),
	      ENOTSUP);
	ok_eq(err_reason(http_authorization("Digest nonce=\"n\", qop=\"auth-int\"",
					    "u", "p", "GET", "/", &value)),
	      ENOTSUP);
	ok_eq(err_reason(http_authorization("Digest realm=\"x\"", "u", "p",
					    "GET", "/", &value)), EPROTO);
	ok_eq(err_reason(http_authorization("Digest nonce=\"unterminated",
					    "u", "p", "GET", "/", &value)),
	      EPROTO);
}
