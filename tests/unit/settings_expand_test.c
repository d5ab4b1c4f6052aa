/*
 * Unit tests for "${...}" expansion (src/core/settings_expand.c): plain,
 * scoped, typed, nested, adjacent, unknown and unterminated references.
 */
#include <string.h>
#include <stdlib.h>
#include <wireboot/malloc.h>
#include <wireboot/settings.h>
#include "unittest.h"

static struct generic_settings expand_net0;
static struct generic_settings expand_dhcp;

/* Set NAME to TEXT (both as "set" would take them). */
static void set_value(const char *name, const char *text)
{
	struct settings *settings;
	struct setting setting;
	char *copy = strdup(name);

	ok_eq(parse_setting_name(copy, &settings, &setting), 0);
	ok_eq(storef_setting(settings, &setting, text), 0);
	free(copy);
}

static void expand_setup(void)
{
	generic_settings_init(&expand_net0, NULL);
	generic_settings_init(&expand_dhcp, NULL);
	ok_eq(register_settings(&expand_net0.settings, NULL, "net0"), 0);
	ok_eq(register_settings(&expand_dhcp.settings, &expand_net0.settings,
				"dhcp"), 0);
	set_value("net0/mac", "52:54:00:12:34:56");
	set_value("net0.dhcp/ip", "10.0.0.100");
	set_value("net0.dhcp/filename", "boot.php");
	set_value("exp-a", "A");
	set_value("exp-b", "B");
	set_value("exp-which", "a");
	set_value("exp-brace", "}");
	set_value("exp-dollar", "${exp-a}");
}

static void expand_teardown(void)
{
	set_value("exp-a", NULL);
	set_value("exp-b", NULL);
	set_value("exp-which", NULL);
	set_value("exp-brace", NULL);
	set_value("exp-dollar", NULL);
	clear_settings(&expand_net0.settings);
	unregister_settings(&expand_net0.settings);
}

/* Expand STR into a static buffer ("(null)" if it failed). */
static const char *expand(const char *str)
{
	static char buf[256];
	char *text = expand_settings(str);

	if (!text)
		return "(null)";
	strlcpy(buf, text, sizeof(buf));
	free(text);
	return buf;
}

UNIT_TEST(settings_expand_plain)
{
	expand_setup();
	ok_str(expand(""), "");
	ok_str(expand("no references"), "no references");
	ok_str(expand("${ip}"), "10.0.0.100");
	ok_str(expand("chain http://srv/${filename}?mac=${net0/mac:hexhyp}"),
	       "chain http://srv/boot.php?mac=52-54-00-12-34-56");
	ok_str(expand("${net0/mac}"), "52:54:00:12:34:56");
	ok_str(expand("${net0/mac:hexraw}"), "525400123456");
	ok_str(expand("${ip:hex}"), "0a:00:00:64");
	ok_str(expand("${net0.dhcp/ip:uint32}"), "0xa000064");
	ok_str(expand("${67}"), "boot.php");
	ok_str(expand("${exp-a}${exp-b}"), "AB");
	ok_str(expand("[${exp-a}]-[${exp-b}]"), "[A]-[B]");
	expand_teardown();
}

UNIT_TEST(settings_expand_unknown)
{
	expand_setup();
	ok_str(expand("x${nothing-here}y"), "xy");
	ok_str(expand("${}"), "");
	ok_str(expand("${nonet/ip}"), "");
	ok_str(expand("${ip:notatype}"), "");
	ok_str(expand("${exp-a:ipv4}"), "");
	expand_teardown();
}

UNIT_TEST(settings_expand_literal)
{
	expand_setup();
	ok_str(expand("$"), "$");
	ok_str(expand("cost $5 {x}"), "cost $5 {x}");
	ok_str(expand("$${exp-a}"), "$A");
	ok_str(expand("}${exp-a}}"), "}A}");
	ok_str(expand("${exp-a"), "${exp-a");
	ok_str(expand("${"), "${");
	ok_str(expand("x${exp-a ${exp-b}"), "x${exp-a B");
	expand_teardown();
}

UNIT_TEST(settings_expand_nested)
{
	expand_setup();
	ok_str(expand("${exp-${exp-which}}"), "A");
	ok_str(expand("${${exp-dollar}}"), "");
	ok_str(expand("<${exp-${exp-which}}${exp-b}>"), "<AB>");
	set_value("exp-scope", "net0");
	ok_str(expand("${${exp-scope}/mac:hexhyp}"), "52-54-00-12-34-56");
	set_value("exp-scope", NULL);
	/* As in iPXE, values are scanned again. */
	ok_str(expand("${exp-dollar}"), "A");
	ok_str(expand("${exp-brace}"), "}");
	ok_str(expand("${exp-a${exp-brace}"), "A");
	ok_str(expand("$${exp-empty}{exp-b}"), "B");
	ok_str(expand("x${exp-dollar}${exp-b}y"), "xABy");
	expand_teardown();
}

UNIT_TEST(settings_expand_rescan_bounded)
{
	char *text;

	expand_setup();
	/* A value referring to itself ends after a bounded number of rounds. */
	set_value("exp-self", "x${exp-self}");
	text = expand_settings("${exp-self}");
	ok(text != NULL);
	ok(text && strncmp(text, "xxxx", 4) == 0);
	ok(text && strstr(text, "${exp-self}") != NULL);
	free(text);
	set_value("exp-self", NULL);
	expand_teardown();
}

UNIT_TEST(settings_expand_memory)
{
	size_t before;
	char *long_input;
	char *text;
	size_t i;

	expand_setup();
	before = heap_free_bytes();
	text = expand_settings("${exp-a}${missing}${exp-${exp-which}}${");
	ok_str(text, "AA${");
	free(text);
	/* Deep nesting is handled without recursion. */
	long_input = malloc(20001);
	ok(long_input != NULL);
	for (i = 0; i < 10000; i++)
		memcpy(long_input + 2 * i, "${", 2);
	long_input[20000] = '\0';
	text = expand_settings(long_input);
	ok(text && strcmp(text, long_input) == 0);
	free(text);
	free(long_input);
	ok_eq(heap_free_bytes(), before);
	expand_teardown();
}
