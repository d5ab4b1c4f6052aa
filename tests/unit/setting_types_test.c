/*
 * Unit tests for the setting types (src/core/setting_types.c): text to raw
 * and back for every type, bad input, and buffers that are too small.
 */
#include <string.h>
#include <wireboot/errors.h>
#include <wireboot/settings.h>
#include "unittest.h"

/* Raw bytes parsed from text, or the error. */
struct parsed {
	int rc;
	uint8_t raw[64];
};

static struct parsed parse(const struct setting_type *type, const char *text)
{
	struct parsed p;
	int need;

	memset(&p, 0xa5, sizeof(p));
	need = type->parse(type, text, NULL, 0);
	p.rc = type->parse(type, text, p.raw, sizeof(p.raw));
	if (need != p.rc)
		p.rc = -12345;
	return p;
}

/* TEXT parsed then formatted again, into a static buffer ("ERR" if bad). */
static const char *round_trip(const struct setting_type *type,
			      const char *text)
{
	static char buf[128];
	struct parsed p = parse(type, text);

	if (p.rc < 0 ||
	    type->format(type, p.raw, (size_t)p.rc, buf, sizeof(buf)) < 0)
		return "ERR";
	return buf;
}

/* RAW formatted by TYPE, into a static buffer ("ERR" if it fails). */
static const char *format(const struct setting_type *type, const void *raw,
			  size_t len)
{
	static char buf[128];
	int rc = type->format(type, raw, len, buf, sizeof(buf));

	if (rc < 0)
		return "ERR";
	if ((size_t)rc != strlen(buf))
		return "BADLEN";
	return buf;
}

UNIT_TEST(setting_types_lookup)
{
	ok(find_setting_type("string") == &setting_type_string);
	ok(find_setting_type("uristring") == &setting_type_uristring);
	ok(find_setting_type("ipv4") == &setting_type_ipv4);
	ok(find_setting_type("int8") == &setting_type_int8);
	ok(find_setting_type("uint32") == &setting_type_uint32);
	ok(find_setting_type("hexhyp") == &setting_type_hexhyp);
	ok(find_setting_type("hexraw") == &setting_type_hexraw);
	ok(find_setting_type("base64") == &setting_type_base64);
	ok(find_setting_type("uuid") == &setting_type_uuid);
	ok(find_setting_type("ipv5") == NULL);
}

UNIT_TEST(setting_types_string)
{
	struct parsed p = parse(&setting_type_string, "hello");

	ok_eq(p.rc, 5);
	ok(memcmp(p.raw, "hello", 5) == 0);
	ok_eq(p.raw[5], 0xa5);
	ok_str(format(&setting_type_string, "abc", 3), "abc");
	/* A trailing NUL some DHCP servers send is not part of the text. */
	ok_str(format(&setting_type_string, "pxelinux.0\0", 11), "pxelinux.0");
	ok_str(format(&setting_type_string, "", 0), "");
}

UNIT_TEST(setting_types_uristring)
{
	ok_str(format(&setting_type_uristring, "a b/c:d@e", 9),
	       "a%20b%2Fc%3Ad%40e");
	ok_str(format(&setting_type_uristring, "Az09-._~", 8), "Az09-._~");
	ok_str(format(&setting_type_uristring, "\xff%", 2), "%FF%25");
	ok_str(round_trip(&setting_type_uristring, "p%40ss%2fword"),
	       "p%40ss%2Fword");
	{
		struct parsed p = parse(&setting_type_uristring, "a%2x%%41%4");

		ok_eq(p.rc, 8);
		ok(memcmp(p.raw, "a%2x%A%4", 8) == 0);
	}
}

UNIT_TEST(setting_types_ipv4)
{
	struct parsed p = parse(&setting_type_ipv4, "192.168.0.1");

	ok_eq(p.rc, 4);
	ok(memcmp(p.raw, "\xc0\xa8\x00\x01", 4) == 0);
	ok_str(round_trip(&setting_type_ipv4, "0.0.0.0"), "0.0.0.0");
	ok_str(round_trip(&setting_type_ipv4, "255.255.255.255"),
	       "255.255.255.255");
	ok_str(format(&setting_type_ipv4, "\x0a\x00\x00\x01\x0a\x00\x00\x02",
		      8), "10.0.0.1");
	ok_str(format(&setting_type_ipv4, "\x0a\x00\x00", 3), "ERR");
	ok(err_is(parse(&setting_type_ipv4, "1.2.3").rc, EINVAL));
	ok(err_is(parse(&setting_type_ipv4, "1.2.3.4.5").rc, EINVAL));
	ok(err_is(parse(&setting_type_ipv4, "1.2.3.256").rc, EINVAL));
	ok(err_is(parse(&setting_type_ipv4, "1.2.3.0004").rc, EINVAL));
	ok(err_is(parse(&setting_type_ipv4, "1..3.4").rc, EINVAL));
	ok(err_is(parse(&setting_type_ipv4, "1.2.3.4 ").rc, EINVAL));
	ok(err_is(parse(&setting_type_ipv4, "a.b.c.d").rc, EINVAL));
	ok(err_is(parse(&setting_type_ipv4, "").rc, EINVAL));
}

UNIT_TEST(setting_types_signed)
{
	struct parsed p = parse(&setting_type_int16, "-2");

	ok_eq(p.rc, 2);
	ok_eq(p.raw[0], 0xff);
	ok_eq(p.raw[1], 0xfe);
	ok_str(round_trip(&setting_type_int8, "-128"), "-128");
	ok_str(round_trip(&setting_type_int8, "127"), "127");
	ok_str(round_trip(&setting_type_int8, "200"), "-56");
	ok_str(round_trip(&setting_type_int16, "0x7fff"), "32767");
	ok_str(round_trip(&setting_type_int32, "-2147483648"), "-2147483648");
	ok_str(round_trip(&setting_type_int32, "010"), "8");
	/* Shorter raw values sign-extend; longer ones are shown whole. */
	ok_str(format(&setting_type_int32, "\x80", 1), "-128");
	ok_str(format(&setting_type_int8, "\x00\x01\x00", 3), "256");
	ok_str(format(&setting_type_int8, "", 0), "ERR");
	ok_str(format(&setting_type_int8, "\x01\x02\x03\x04\x05", 5), "ERR");
	ok(err_is(parse(&setting_type_int8, "256").rc, ERANGE));
	ok(err_is(parse(&setting_type_int8, "-129").rc, ERANGE));
	ok(err_is(parse(&setting_type_int32, "4294967296").rc, ERANGE));
	ok(err_is(parse(&setting_type_int32, "99999999999999999999").rc,
		  ERANGE));
	ok(err_is(parse(&setting_type_int8, "").rc, EINVAL));
	ok(err_is(parse(&setting_type_int8, "12x").rc, EINVAL));
	ok(err_is(parse(&setting_type_int8, "x").rc, EINVAL));
}

UNIT_TEST(setting_types_unsigned)
{
	struct parsed p = parse(&setting_type_uint32, "0xa000064");

	ok_eq(p.rc, 4);
	ok(memcmp(p.raw, "\x0a\x00\x00\x64", 4) == 0);
	ok_str(round_trip(&setting_type_uint8, "255"), "0xff");
	ok_str(round_trip(&setting_type_uint8, "-1"), "0xff");
	ok_str(round_trip(&setting_type_uint16, "1"), "0x1");
	ok_str(round_trip(&setting_type_uint16, "0"), "0");
	ok_str(round_trip(&setting_type_uint32, "4294967295"), "0xffffffff");
	/* Unsigned never sign-extends. */
	ok_str(format(&setting_type_uint32, "\x80", 1), "0x80");
	ok(err_is(parse(&setting_type_uint16, "65536").rc, ERANGE));
	ok(err_is(parse(&setting_type_uint8, "1.5").rc, EINVAL));
}

UNIT_TEST(setting_types_hex)
{
	struct parsed p = parse(&setting_type_hex, "52:54:00:12:34:56");

	ok_eq(p.rc, 6);
	ok(memcmp(p.raw, "\x52\x54\x00\x12\x34\x56", 6) == 0);
	ok_str(format(&setting_type_hex, p.raw, 6), "52:54:00:12:34:56");
	ok_str(format(&setting_type_hexhyp, p.raw, 6), "52-54-00-12-34-56");
	ok_str(format(&setting_type_hexraw, p.raw, 6), "525400123456");
	ok_str(format(&setting_type_hex, "", 0), "");
	ok_str(round_trip(&setting_type_hex, "1b"), "1b");
	ok_str(round_trip(&setting_type_hex, "A:b:C0"), "0a:0b:c0");
	ok_str(round_trip(&setting_type_hexhyp, "DE-ad-be-EF"), "de-ad-be-ef");
	ok_str(round_trip(&setting_type_hexraw, "DEADbeef"), "deadbeef");
	ok(err_is(parse(&setting_type_hex, "52:54:").rc, EINVAL));
	ok(err_is(parse(&setting_type_hex, ":52").rc, EINVAL));
	ok(err_is(parse(&setting_type_hex, "525").rc, EINVAL));
	ok(err_is(parse(&setting_type_hex, "52-54").rc, EINVAL));
	ok(err_is(parse(&setting_type_hex, "5g").rc, EINVAL));
	ok(err_is(parse(&setting_type_hexhyp, "52:54").rc, EINVAL));
	ok(err_is(parse(&setting_type_hexraw, "abc").rc, EINVAL));
	ok(err_is(parse(&setting_type_hexraw, "ab:cd").rc, EINVAL));
}

UNIT_TEST(setting_types_base64)
{
	ok_str(format(&setting_type_base64, "", 0), "");
	ok_str(format(&setting_type_base64, "f", 1), "Zg==");
	ok_str(format(&setting_type_base64, "fo", 2), "Zm8=");
	ok_str(format(&setting_type_base64, "foo", 3), "Zm9v");
	ok_str(format(&setting_type_base64, "foobar", 6), "Zm9vYmFy");
	ok_str(format(&setting_type_base64, "\xfb\xff", 2), "+/8=");
	ok_str(round_trip(&setting_type_base64, "Zm9vYg=="), "Zm9vYg==");
	ok_str(round_trip(&setting_type_base64, "Zm9vYg"), "Zm9vYg==");
	ok_str(round_trip(&setting_type_base64, "+/8="), "+/8=");
	{
		struct parsed p = parse(&setting_type_base64, "Zm9vYmE=");

		ok_eq(p.rc, 5);
		ok(memcmp(p.raw, "fooba", 5) == 0);
	}
	ok(err_is(parse(&setting_type_base64, "Z").rc, EINVAL));
	ok(err_is(parse(&setting_type_base64, "Zm9v!").rc, EINVAL));
	ok(err_is(parse(&setting_type_base64, "Zg=a").rc, EINVAL));
	ok(err_is(parse(&setting_type_base64, "Zg=").rc, EINVAL));
	ok(err_is(parse(&setting_type_base64, "Zm8==").rc, EINVAL));
	ok(err_is(parse(&setting_type_base64, "Zm9v===").rc, EINVAL));
}

UNIT_TEST(setting_types_uuid)
{
	static const char text[] = "12345678-9abc-def0-1234-56789abcdef0";
	struct parsed p = parse(&setting_type_uuid, text);

	ok_eq(p.rc, 16);
	ok(memcmp(p.raw, "\x12\x34\x56\x78\x9a\xbc\xde\xf0"
		  "\x12\x34\x56\x78\x9a\xbc\xde\xf0", 16) == 0);
	ok_str(round_trip(&setting_type_uuid,
			  "12345678-9ABC-DEF0-1234-56789ABCDEF0"), text);
	ok_str(format(&setting_type_uuid, p.raw, 15), "ERR");
	ok(err_is(parse(&setting_type_uuid, "12345678").rc, EINVAL));
	ok(err_is(parse(&setting_type_uuid, "").rc, EINVAL));
}

UNIT_TEST(setting_types_small_buffers)
{
	char buf[5];

	memset(buf, 'x', sizeof(buf));
	ok_eq(setting_type_ipv4.format(&setting_type_ipv4, "\x0a\x00\x00\x01",
				       4, buf, sizeof(buf)), 8);
	ok_str(buf, "10.0");
	ok_eq(setting_type_hex.format(&setting_type_hex, "\x01\x02\x03", 3,
				      buf, sizeof(buf)), 8);
	ok_str(buf, "01:0");
	ok_eq(setting_type_string.format(&setting_type_string, "abcdef", 6,
					 buf, 1), 6);
	ok_eq(buf[0], 0);
	ok_eq(setting_type_base64.format(&setting_type_base64, "foo", 3,
					 NULL, 0), 4);
	ok_eq(setting_type_uint32.format(&setting_type_uint32, "\x12\x34", 2,
					 NULL, 0), 6);
	/* Parsing into a short buffer writes only what fits. */
	memset(buf, 'x', sizeof(buf));
	ok_eq(setting_type_hexraw.parse(&setting_type_hexraw, "0102030405",
					buf, 2), 5);
	ok(memcmp(buf, "\x01\x02xxx", 5) == 0);
}
