/* Unit tests for URI parsing, formatting, encoding and resolution (src/core/uri*.c). */
#include <string.h>
#include <stdlib.h>
#include <wireboot/uri.h>
#include <wireboot/socket.h>
#include <wireboot/byteorder.h>
#include "unittest.h"

/* Resolve REL against BASE and check the text of the result. */
static void check_resolve(const char *base_text, const char *rel_text,
			  const char *want)
{
	struct uri *base = parse_uri(base_text);
	struct uri *rel = parse_uri(rel_text);
	struct uri *res = resolve_uri(base, rel);
	char *text = res ? format_uri_alloc(res) : NULL;

	ok_str(text, want);
	free(text);
	uri_put(res);
	uri_put(rel);
	uri_put(base);
}

UNIT_TEST(uri_parse_full)
{
	struct uri *uri = parse_uri("http://us%20er:pa:ss@Host.example:8080/a%20b/c?x=1%26y#frag");

	ok(uri != NULL);
	ok_str(uri->scheme, "http");
	ok(uri->opaque == NULL);
	ok_str(uri->user, "us er");
	ok_str(uri->password, "pa:ss");
	ok_str(uri->host, "Host.example");
	ok_str(uri->port, "8080");
	ok_str(uri->path, "/a b/c");
	ok_str(uri->epath, "/a%20b/c");
	ok_str(uri->query, "x=1%26y");
	ok_str(uri->fragment, "frag");
	ok_eq(uri_port(uri, 80), 8080);
	uri_put(uri);
}

UNIT_TEST(uri_parse_opaque)
{
	struct uri *uri = parse_uri("iscsi:10.0.0.1::::iqn.2010-04.org.ipxe:disk");

	ok_str(uri->scheme, "iscsi");
	ok_str(uri->opaque, "10.0.0.1::::iqn.2010-04.org.ipxe:disk");
	ok(uri->host == NULL);
	ok(uri->path == NULL);
	uri_put(uri);

	uri = parse_uri("aoe:e0.1");
	ok_str(uri->scheme, "aoe");
	ok_str(uri->opaque, "e0.1");
	uri_put(uri);
}

UNIT_TEST(uri_parse_relative_and_edges)
{
	struct uri *uri = parse_uri("images/boot.ipxe?x");

	ok(uri->scheme == NULL);
	ok(!uri_is_absolute(uri));
	ok_str(uri->path, "images/boot.ipxe");
	ok_str(uri->query, "x");
	uri_put(uri);

	uri = parse_uri("http://[fe80::1]:81");
	ok_str(uri->host, "[fe80::1]");
	ok_str(uri->port, "81");
	ok(uri->path == NULL);
	uri_put(uri);

	uri = parse_uri("file:///tmp/x");
	ok_str(uri->host, "");
	ok_str(uri->path, "/tmp/x");
	uri_put(uri);

	uri = parse_uri("tftp://10.0.0.1:/x");
	ok_str(uri->port, "");
	ok_eq(uri_port(uri, 69), 69);
	uri_put(uri);

	uri = parse_uri("http://h:99999/");
	ok_eq(uri_port(uri, 80), 80);
	uri_put(uri);

	uri = parse_uri("");
	ok(uri != NULL && !uri->scheme && !uri->path && !uri->host);
	uri_put(uri);
}

UNIT_TEST(uri_format_roundtrip)
{
	static const char *const texts[] = {
		"http://user:pw@host:8080/p%20q/r?a=b&c#f",
		"iscsi:10.0.0.1::::iqn.x:y",
		"tftp://10.0.0.1/pxelinux.0",
		"file:///tmp/x",
		"../a/b?q",
		"#only",
		"http://host",
	};
	struct uri *uri;
	char buf[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		uri = parse_uri(texts[i]);
		ok_eq(format_uri(uri, buf, sizeof(buf)), strlen(texts[i]));
		ok_str(buf, texts[i]);
		uri_put(uri);
	}
	/* A short buffer is truncated but the full length is returned. */
	uri = parse_uri(texts[0]);
	ok_eq(format_uri(uri, buf, 5), strlen(texts[0]));
	ok_str(buf, "http");
	uri_put(uri);
}

UNIT_TEST(uri_encode_decode)
{
	char buf[64];

	ok_eq(uri_encode("a b/c?d", 7, URI_PATH, buf, sizeof(buf)), 11);
	ok_str(buf, "a%20b/c%3Fd");
	ok_eq(uri_encode("a b/c", 5, URI_STRICT, buf, sizeof(buf)), 9);
	ok_str(buf, "a%20b%2Fc");
	memset(buf, 'x', sizeof(buf));
	ok_eq(uri_decode("%41%2f%zz%4", buf, sizeof(buf)), 7);
	ok(memcmp(buf, "A/%zz%4x", 8) == 0);
	ok_eq(uri_decode("a%00c", buf, 2), 3);
	ok(memcmp(buf, "a\0%zz", 5) == 0);
}

UNIT_TEST(uri_dup_template)
{
	struct uri tmp;
	struct uri *copy;
	char *text;

	memset(&tmp, 0, sizeof(tmp));
	tmp.scheme = "tftp";
	tmp.host = "10.0.0.1";
	tmp.path = "/dir/a file#1";
	copy = uri_dup(&tmp);
	ok_str(copy->path, "/dir/a file#1");
	ok_str(copy->epath, "/dir/a%20file%231");
	text = format_uri_alloc(copy);
	ok_str(text, "tftp://10.0.0.1/dir/a%20file%231");
	free(text);
	uri_put(copy);
}

/* RFC 3986 section 5.4.1: normal examples. */
UNIT_TEST(uri_rfc3986_normal)
{
	static const char *const cases[][2] = {
		{ "g:h", "g:h" }, { "g", "http://a/b/c/g" },
		{ "./g", "http://a/b/c/g" }, { "g/", "http://a/b/c/g/" },
		{ "/g", "http://a/g" }, { "//g", "http://g" },
		{ "?y", "http://a/b/c/d;p?y" }, { "g?y", "http://a/b/c/g?y" },
		{ "#s", "http://a/b/c/d;p?q#s" }, { "g#s", "http://a/b/c/g#s" },
		{ "g?y#s", "http://a/b/c/g?y#s" }, { ";x", "http://a/b/c/;x" },
		{ "g;x", "http://a/b/c/g;x" },
		{ "g;x?y#s", "http://a/b/c/g;x?y#s" },
		{ "", "http://a/b/c/d;p?q" }, { ".", "http://a/b/c/" },
		{ "./", "http://a/b/c/" }, { "..", "http://a/b/" },
		{ "../", "http://a/b/" }, { "../g", "http://a/b/g" },
		{ "../..", "http://a/" }, { "../../", "http://a/" },
		{ "../../g", "http://a/g" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		check_resolve("http://a/b/c/d;p?q", cases[i][0], cases[i][1]);
}

/* RFC 3986 section 5.4.2: abnormal examples. */
UNIT_TEST(uri_rfc3986_abnormal)
{
	static const char *const cases[][2] = {
		{ "../../../g", "http://a/g" }, { "../../../../g", "http://a/g" },
		{ "/./g", "http://a/g" }, { "/../g", "http://a/g" },
		{ "g.", "http://a/b/c/g." }, { ".g", "http://a/b/c/.g" },
		{ "g..", "http://a/b/c/g.." }, { "..g", "http://a/b/c/..g" },
		{ "./../g", "http://a/b/g" }, { "./g/.", "http://a/b/c/g/" },
		{ "g/./h", "http://a/b/c/g/h" }, { "g/../h", "http://a/b/c/h" },
		{ "g;x=1/./y", "http://a/b/c/g;x=1/y" },
		{ "g;x=1/../y", "http://a/b/c/y" },
		{ "g?y/./x", "http://a/b/c/g?y/./x" },
		{ "g?y/../x", "http://a/b/c/g?y/../x" },
		{ "g#s/./x", "http://a/b/c/g#s/./x" },
		{ "g#s/../x", "http://a/b/c/g#s/../x" },
		{ "http:g", "http:g" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		check_resolve("http://a/b/c/d;p?q", cases[i][0], cases[i][1]);
}

UNIT_TEST(uri_resolve_misc)
{
	char *path;

	check_resolve("http://host", "boot.ipxe", "http://host/boot.ipxe");
	check_resolve("tftp://10.0.0.1/dir/script.ipxe", "vmlinuz",
		      "tftp://10.0.0.1/dir/vmlinuz");
	check_resolve("http://h/a/b", "http://other/x", "http://other/x");
	path = resolve_path("/a/b/c", "../d/./e");
	ok_str(path, "/a/d/e");
	free(path);
	path = resolve_path("/a/b", "/x/../y");
	ok_str(path, "/y");
	free(path);
	path = resolve_path(NULL, "a/./b/..");
	ok_str(path, "a/");
	free(path);
}

UNIT_TEST(uri_churi_working)
{
	struct uri *script = parse_uri("http://boot.example/menus/main.ipxe");
	struct uri *next = parse_uri("sub/other.ipxe");
	char *text;

	churi(NULL);
	ok(cwuri == NULL);
	churi(script);
	text = format_uri_alloc(cwuri);
	ok_str(text, "http://boot.example/menus/main.ipxe");
	free(text);
	churi(next);
	text = format_uri_alloc(cwuri);
	ok_str(text, "http://boot.example/menus/sub/other.ipxe");
	free(text);
	churi(NULL);
	ok(cwuri == NULL);
	uri_put(next);
	uri_put(script);
}

UNIT_TEST(uri_pxe_filename)
{
	struct sockaddr_in sin;
	struct uri *uri;
	char *text;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr = htonl(0x0a000001);
	uri = pxe_uri((struct sockaddr *)&sin, "pxelinux.0");
	text = format_uri_alloc(uri);
	ok_str(text, "tftp://10.0.0.1/pxelinux.0");
	ok_str(uri->path, "/pxelinux.0");
	free(text);
	uri_put(uri);

	uri = pxe_uri((struct sockaddr *)&sin, "/boot/a b");
	ok_str(uri->path, "//boot/a b");
	uri_put(uri);

	uri = pxe_uri((struct sockaddr *)&sin, "C:\\boot\\x.0");
	ok_str(uri->scheme, "tftp");
	ok_str(uri->path, "/C:\\boot\\x.0");
	uri_put(uri);

	uri = pxe_uri((struct sockaddr *)&sin, "http://h/x");
	ok_str(uri->host, "h");
	uri_put(uri);

	sin.sin_port = htons(1069);
	uri = pxe_uri((struct sockaddr *)&sin, "a");
	ok_str(uri->port, "1069");
	uri_put(uri);

	ok(pxe_uri((struct sockaddr *)&sin, "") == NULL);
	sin.sin_addr = 0;
	ok(pxe_uri((struct sockaddr *)&sin, "a") == NULL);
}
