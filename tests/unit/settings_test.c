/*
 * Unit tests for the settings tree (src/core/settings.c): blocks, names,
 * search order, scopes, numeric tags, deletion, enumeration, clearing and
 * that generic blocks give back all their memory.
 */
#include <string.h>
#include <stdlib.h>
#include <wireboot/errors.h>
#include <wireboot/malloc.h>
#include <wireboot/settings.h>
#include <wireboot/builtin_settings.h>
#include "unittest.h"

/* Test blocks "net0" and "net0.dhcp", both generic. */
static struct generic_settings test_net0;
static struct generic_settings test_dhcp;

static void setup_blocks(void)
{
	generic_settings_init(&test_net0, NULL);
	generic_settings_init(&test_dhcp, NULL);
	ok_eq(register_settings(&test_net0.settings, NULL, "net0"), 0);
	ok_eq(register_settings(&test_dhcp.settings, &test_net0.settings,
				"dhcp"), 0);
}

static void teardown_blocks(void)
{
	clear_settings(&test_net0.settings);
	unregister_settings(&test_net0.settings);
}

/* Set NAME ("[scope/]name[:type]") to TEXT as the "set" command would. */
static int set_text(const char *name, const char *text)
{
	struct settings *settings;
	struct setting setting;
	char *copy = strdup(name);
	int rc;

	rc = parse_setting_name(copy, &settings, &setting);
	if (rc == 0)
		rc = storef_setting(settings, &setting, text);
	free(copy);
	return rc;
}

/* Expand "${NAME}" into BUF (empty when unset); returns fetchf's result. */
static int get_text(const char *name, char *buf, size_t len)
{
	struct settings *settings;
	struct setting setting;
	char *copy = strdup(name);
	int rc;

	buf[0] = '\0';
	rc = parse_setting_name(copy, &settings, &setting);
	if (rc == 0)
		rc = fetchf_setting(settings, &setting, buf, len);
	if (rc < 0)
		buf[0] = '\0';
	free(copy);
	return rc;
}

/* Full name of the block a lookup of NAME is answered from, or "-". */
static const char *origin_of(const char *name, char *buf, size_t len)
{
	struct settings *settings;
	struct settings *origin;
	struct setting setting;
	char *copy = strdup(name);

	strlcpy(buf, "-", len);
	if (parse_setting_name(copy, &settings, &setting) == 0 &&
	    fetch_setting(settings, &setting, &origin, NULL, NULL, 0) >= 0)
		settings_name(origin, buf, len);
	free(copy);
	return buf;
}

UNIT_TEST(settings_tree_names)
{
	char buf[64];

	setup_blocks();
	ok(find_settings("") == settings_root());
	ok(find_settings("net0") == &test_net0.settings);
	ok(find_settings("net0.dhcp") == &test_dhcp.settings);
	ok(find_settings("net0.nope") == NULL);
	ok(find_settings("net0.") == NULL);
	ok(find_settings(".net0") == NULL);
	ok(find_settings("net") == NULL);
	ok(find_child_settings(NULL, "net0") == &test_net0.settings);
	ok_str(settings_name(&test_dhcp.settings, buf, sizeof(buf)),
	       "net0.dhcp");
	ok_str(settings_name(settings_root(), buf, sizeof(buf)), "");
	ok_str(settings_name(&test_dhcp.settings, buf, 6), "net0.");
	teardown_blocks();
	ok(find_settings("net0") == NULL);
	ok(find_settings("net0.dhcp") == NULL);
}

UNIT_TEST(settings_register_errors)
{
	struct generic_settings other;

	setup_blocks();
	generic_settings_init(&other, NULL);
	ok(err_is(register_settings(&other.settings, NULL, "net0"), EEXIST));
	ok(err_is(register_settings(&other.settings, NULL, "a.b"), EINVAL));
	ok(err_is(register_settings(&other.settings, NULL, ""), EINVAL));
	ok(err_is(register_settings(&other.settings, NULL,
				    "a-name-that-is-far-too-long-for-it"),
		  ENAMETOOLONG));
	ok(err_is(register_settings(&test_dhcp.settings, NULL, "x"), EBUSY));
	teardown_blocks();
}

UNIT_TEST(settings_parse_names)
{
	struct settings *settings;
	struct setting setting;
	char name[64];

	setup_blocks();
	strcpy(name, "ip");
	ok_eq(parse_setting_name(name, &settings, &setting), 0);
	ok(settings == NULL);
	ok_str(setting.name, "ip");
	ok(setting.type == &setting_type_ipv4);
	ok_eq(setting.tag, (175 << 8) | 2);

	strcpy(name, "net0.dhcp/mac:hexhyp");
	ok_eq(parse_setting_name(name, &settings, &setting), 0);
	ok(settings == &test_dhcp.settings);
	ok_str(setting.name, "mac");
	ok(setting.type == &setting_type_hexhyp);

	strcpy(name, "175.8");
	ok_eq(parse_setting_name(name, &settings, &setting), 0);
	ok(setting.name == NULL);
	ok_eq(setting.tag, (175 << 8) | 8);
	ok(setting.type == NULL);

	strcpy(name, "my-thing:uint16");
	ok_eq(parse_setting_name(name, &settings, &setting), 0);
	ok_str(setting.name, "my-thing");
	ok_eq(setting.tag, 0);
	ok(setting.type == &setting_type_uint16);

	strcpy(name, "1.2.3.4.5");
	ok_eq(parse_setting_name(name, &settings, &setting), 0);
	ok_str(setting.name, "1.2.3.4.5");
	ok_eq(setting.tag, 0);

	strcpy(name, "nonet/ip");
	ok(err_is(parse_setting_name(name, &settings, &setting), ENODEV));
	strcpy(name, "ip:nosuchtype");
	ok(err_is(parse_setting_name(name, &settings, &setting), ENOTSUP));
	strcpy(name, "net0/");
	ok(err_is(parse_setting_name(name, &settings, &setting), EINVAL));
	strcpy(name, ":hex");
	ok(err_is(parse_setting_name(name, &settings, &setting), EINVAL));
	teardown_blocks();
}

UNIT_TEST(settings_full_names)
{
	struct setting tag = { .tag = (175 << 8) | 8,
			       .type = &setting_type_int8 };
	struct setting user = { .name = "foo" };
	char buf[64];
	int len;

	setup_blocks();
	len = setting_full_name(&test_dhcp.settings, &ip_setting, buf,
				sizeof(buf));
	ok_str(buf, "net0.dhcp/ip:ipv4");
	ok_eq(len, 17);
	setting_full_name(NULL, &filename_setting, buf, sizeof(buf));
	ok_str(buf, "filename:string");
	setting_full_name(&test_net0.settings, &tag, buf, sizeof(buf));
	ok_str(buf, "net0/175.8:int8");
	setting_full_name(settings_root(), &user, buf, sizeof(buf));
	ok_str(buf, "foo");
	len = setting_full_name(&test_dhcp.settings, &ip_setting, buf, 5);
	ok_eq(len, 17);
	ok_str(buf, "net0");
	teardown_blocks();
}

UNIT_TEST(settings_parent_overrides_child)
{
	char buf[64];

	setup_blocks();
	ok_eq(set_text("net0.dhcp/filename", "http://10.0.0.1/boot.php"), 0);
	get_text("filename", buf, sizeof(buf));
	ok_str(buf, "http://10.0.0.1/boot.php");
	ok_str(origin_of("filename", buf, sizeof(buf)), "net0.dhcp");
	ok_str(origin_of("net0/filename", buf, sizeof(buf)), "net0.dhcp");

	/* A value at the root overrides the DHCP one everywhere... */
	ok_eq(set_text("filename", "vmlinuz"), 0);
	get_text("filename", buf, sizeof(buf));
	ok_str(buf, "vmlinuz");
	ok_str(origin_of("filename", buf, sizeof(buf)), "");
	/* ...but a scoped lookup still sees the block's own. */
	get_text("net0/filename", buf, sizeof(buf));
	ok_str(buf, "http://10.0.0.1/boot.php");
	get_text("net0.dhcp/filename", buf, sizeof(buf));
	ok_str(buf, "http://10.0.0.1/boot.php");

	/* Deleting the override reveals the underlying value. */
	ok_eq(set_text("filename", ""), 0);
	get_text("filename", buf, sizeof(buf));
	ok_str(buf, "http://10.0.0.1/boot.php");

	/* "set net0/ip" stores in net0 and overrides net0.dhcp/ip. */
	ok_eq(set_text("net0.dhcp/ip", "10.0.0.103"), 0);
	ok_eq(set_text("net0/ip", "192.168.0.3"), 0);
	get_text("net0/ip", buf, sizeof(buf));
	ok_str(buf, "192.168.0.3");
	get_text("net0.dhcp/ip", buf, sizeof(buf));
	ok_str(buf, "10.0.0.103");
	ok_eq(set_text("net0/ip", NULL), 0);
	get_text("ip", buf, sizeof(buf));
	ok_str(buf, "10.0.0.103");
	teardown_blocks();
	ok(err_is(get_text("ip", buf, sizeof(buf)), ENOENT));
}

UNIT_TEST(settings_sibling_priority)
{
	struct generic_settings net1;
	char buf[64];

	setup_blocks();
	generic_settings_init(&net1, NULL);
	ok_eq(register_settings(&net1.settings, NULL, "net1"), 0);
	ok_eq(set_text("net0/hostname", "zero"), 0);
	ok_eq(set_text("net1/hostname", "one"), 0);
	/* Equal priorities: registration order. */
	get_text("hostname", buf, sizeof(buf));
	ok_str(buf, "zero");
	/* A higher priority moves net1 first; a lower one moves it back. */
	ok_eq(set_text("net1/priority", "5"), 0);
	get_text("hostname", buf, sizeof(buf));
	ok_str(buf, "one");
	ok_eq(set_text("net1/priority", "-1"), 0);
	get_text("hostname", buf, sizeof(buf));
	ok_str(buf, "zero");
	ok_eq(set_text("net1/priority", "1"), 0);
	get_text("hostname", buf, sizeof(buf));
	ok_str(buf, "one");
	/* Clearing forgets the priority, so the order is back to normal. */
	clear_settings(&net1.settings);
	ok_eq(set_text("net1/hostname", "one"), 0);
	get_text("hostname", buf, sizeof(buf));
	ok_str(buf, "zero");
	clear_settings(&net1.settings);
	unregister_settings(&net1.settings);
	teardown_blocks();
}

/* A read-only block whose priority is always 1. */
static int priority_one_fetch(struct settings *settings,
			      struct setting *setting, void *data, size_t len)
{
	if (setting_cmp(setting, &priority_setting) != 0)
		return ERR_IN(ESUB_SETTINGS, ENOENT);
	if (len)
		*(uint8_t *)data = 1;
	return 1;
}

static const struct settings_operations priority_one_operations = {
	.fetch = priority_one_fetch,
};

UNIT_TEST(settings_clear_resorts_children)
{
	struct generic_settings a;
	struct settings one;
	char buf[16];

	setup_blocks();
	generic_settings_init(&a, NULL);
	settings_init(&one, &priority_one_operations, NULL, NULL);
	ok_eq(register_settings(&a.settings, &test_net0.settings, "a"), 0);
	ok_eq(register_settings(&one, &test_net0.settings, "one"), 0);
	/* "one" (priority 1) goes before a and the older net0.dhcp. */
	ok(list_first_entry(&test_net0.settings.children, struct settings,
			    siblings) == &one);
	ok_eq(set_text("net0.a/priority", "3"), 0);
	ok_eq(set_text("net0.a/hostname", "A"), 0);
	ok_str(origin_of("hostname", buf, sizeof(buf)), "net0.a");
	ok(list_first_entry(&test_net0.settings.children, struct settings,
			    siblings) == &a.settings);
	/*
	 * Clearing the parent drops a's priority, so "one" leads again; a and
	 * net0.dhcp now tie and keep their order.
	 */
	clear_settings(&test_net0.settings);
	ok(list_first_entry(&test_net0.settings.children, struct settings,
			    siblings) == &one);
	ok(one.siblings.next == &a.settings.siblings);
	ok(list_last_entry(&test_net0.settings.children, struct settings,
			   siblings) == &test_dhcp.settings);
	teardown_blocks();
	ok(find_settings("net0.a") == NULL);
	ok(a.settings.parent == NULL && one.parent == NULL);
}

UNIT_TEST(settings_numeric_tags)
{
	char buf[64];

	setup_blocks();
	/* A well-known name and its option number are the same setting. */
	ok_eq(set_text("net0.dhcp/filename", "pxelinux.0"), 0);
	get_text("67", buf, sizeof(buf));
	ok_str(buf, "pxelinux.0");
	get_text("net0/67", buf, sizeof(buf));
	ok_str(buf, "pxelinux.0");
	ok_eq(set_text("net0.dhcp/175.8:int8", "1"), 0);
	get_text("keep-san", buf, sizeof(buf));
	ok_str(buf, "1");
	/* Without a type a number stores text, shown by the name's type. */
	ok_eq(set_text("net0.dhcp/175.8", "1"), 0);
	get_text("keep-san", buf, sizeof(buf));
	ok_str(buf, "49");
	get_text("keep-san:string", buf, sizeof(buf));
	ok_str(buf, "1");
	/* A bare option number defaults to string, or the type asked for. */
	ok_eq(set_text("net0.dhcp/42:ipv4", "193.62.22.66"), 0);
	get_text("42", buf, sizeof(buf));
	ok_str(buf, "193.62.22.66");
	get_text("42:hex", buf, sizeof(buf));
	ok_str(buf, "c1:3e:16:42");
	ok_eq(set_text("net0.dhcp/43", "abc"), 0);
	get_text("43:hex", buf, sizeof(buf));
	ok_str(buf, "61:62:63");
	get_text("43", buf, sizeof(buf));
	ok_str(buf, "abc");
	teardown_blocks();
}

UNIT_TEST(settings_type_overrides)
{
	char buf[64];

	setup_blocks();
	/* iPXE's examples: "set net0/ip:hex 0a:00:00:64" sets 10.0.0.100. */
	ok_eq(set_text("net0/ip:hex", "0a:00:00:64"), 0);
	get_text("net0/ip", buf, sizeof(buf));
	ok_str(buf, "10.0.0.100");
	get_text("net0/ip:uint32", buf, sizeof(buf));
	ok_str(buf, "0xa000064");
	get_text("net0/ip:hexraw", buf, sizeof(buf));
	ok_str(buf, "0a000064");
	/* A user setting keeps the type it was stored with. */
	ok_eq(set_text("esc:hex", "1b"), 0);
	get_text("esc", buf, sizeof(buf));
	ok_str(buf, "1b");
	get_text("esc:string", buf, sizeof(buf));
	ok_str(buf, "\x1b");
	ok_eq(set_text("esc", ""), 0);
	/* A type that cannot show the value fails rather than guessing. */
	ok_eq(set_text("word", "abc"), 0);
	ok(get_text("word:ipv4", buf, sizeof(buf)) < 0);
	ok(get_text("word:uuid", buf, sizeof(buf)) < 0);
	ok_eq(set_text("word", NULL), 0);
	/* Bad text for the type is rejected and stores nothing. */
	ok(err_is(set_text("net0/gateway", "10.0.0"), EINVAL));
	ok(err_is(get_text("net0/gateway", buf, sizeof(buf)), ENOENT));
	teardown_blocks();
}

UNIT_TEST(settings_raw_fetches)
{
	struct setting counter = { .name = "counter" };
	uint8_t raw[2] = { 0xff, 0xfe };
	unsigned long uvalue;
	uint32_t addr;
	uint8_t uuid[16];
	long value;
	char buf[16];
	void *copy;

	setup_blocks();
	ok_eq(store_setting(&test_net0.settings, &counter, raw, sizeof(raw)),
	      0);
	ok_eq(fetch_uint_setting(NULL, &counter, &uvalue), 2);
	ok_eq(uvalue, 0xfffe);
	ok_eq(fetch_int_setting(NULL, &counter, &value), 2);
	ok_eq(value, -2);
	ok_eq(fetch_setting_copy(NULL, &counter, &copy), 2);
	ok(copy && memcmp(copy, raw, 2) == 0);
	free(copy);
	ok_eq(fetch_string_setting(NULL, &counter, buf, 2), 2);
	ok_eq((uint8_t)buf[0], 0xff);
	ok_eq(buf[1], 0);
	/* Too short for an address or a UUID. */
	ok(err_is(fetch_ipv4_setting(NULL, &counter, &addr), ERANGE));
	ok(err_is(fetch_uuid_setting(NULL, &counter, uuid), ERANGE));
	ok_eq(delete_setting(&test_net0.settings, &counter), 0);
	ok(err_is(fetch_uint_setting(NULL, &counter, &uvalue), ENOENT));
	ok(err_is(fetch_setting_copy(NULL, &counter, &copy), ENOENT));
	ok(copy == NULL);

	ok_eq(set_text("net0.dhcp/dns", "192.168.0.1"), 0);
	ok_eq(fetch_ipv4_setting(NULL, &dns_setting, &addr), 4);
	ok(memcmp(&addr, "\xc0\xa8\x00\x01", 4) == 0);
	ok_eq(set_text("net0/u:uuid", "01234567-89ab-cdef-0123-456789abcdef"),
	      0);
	{
		struct setting u = { .name = "u" };

		ok_eq(fetch_uuid_setting(NULL, &u, uuid), 16);
		ok_eq(uuid[0], 0x01);
		ok_eq(uuid[15], 0xef);
	}
	teardown_blocks();
}

/* A read-only block that holds one value and answers only to option 99. */
static int fixed_applies(struct settings *settings,
			 const struct setting *setting)
{
	return setting->tag == 99;
}

static int fixed_fetch(struct settings *settings, struct setting *setting,
		       void *data, size_t len)
{
	if (setting->tag != 99)
		return ERR_IN(ESUB_SETTINGS, ENOENT);
	memcpy(data, "\x0a\x00\x00\x01", MIN(len, (size_t)4));
	setting->type = &setting_type_ipv4;
	return 4;
}

static const struct settings_operations fixed_operations = {
	.applies = fixed_applies,
	.fetch = fixed_fetch,
};

UNIT_TEST(settings_custom_block)
{
	struct settings fixed;
	struct settings *origin;
	struct setting fetched;
	struct setting opt = { .tag = 99 };
	char buf[32];

	settings_init(&fixed, &fixed_operations, NULL, NULL);
	ok_eq(register_settings(&fixed, NULL, "fixed"), 0);
	ok_eq(fetch_setting(NULL, &opt, &origin, &fetched, NULL, 0), 4);
	ok(origin == &fixed);
	ok(fetched.type == &setting_type_ipv4);
	get_text("99", buf, sizeof(buf));
	ok_str(buf, "10.0.0.1");
	get_text("fixed/99:hex", buf, sizeof(buf));
	ok_str(buf, "0a:00:00:01");
	ok(err_is(set_text("fixed/99", "1.2.3.4"), EROFS));
	ok(err_is(set_text("fixed/foo", "x"), ENOTSUP));
	/* Clearing and enumerating a block without those operations is a no-op. */
	clear_settings(&fixed);
	unregister_settings(&fixed);
	ok(find_settings("fixed") == NULL);
}

/* Collects "block/name:type=value;" for every enumerated value. */
struct listing {
	char text[256];
};

static void list_one(struct settings *settings, const struct setting *setting,
		     void *ctx)
{
	struct listing *listing = ctx;
	size_t used = strlen(listing->text);
	char value[32];

	setting_full_name(settings, setting, listing->text + used,
			  sizeof(listing->text) - used);
	fetchf_setting(settings, setting, value, sizeof(value));
	strlcpy(listing->text + strlen(listing->text), "=",
		sizeof(listing->text) - strlen(listing->text));
	strlcpy(listing->text + strlen(listing->text), value,
		sizeof(listing->text) - strlen(listing->text));
	strlcpy(listing->text + strlen(listing->text), ";",
		sizeof(listing->text) - strlen(listing->text));
}

UNIT_TEST(settings_enumerate)
{
	struct listing listing = { "" };

	setup_blocks();
	ok_eq(set_text("net0/mac", "52:54:00:12:34:56"), 0);
	ok_eq(set_text("net0.dhcp/ip", "10.0.0.5"), 0);
	ok_eq(set_text("net0.dhcp/150:ipv4", "10.0.0.9"), 0);
	ok_eq(set_text("net0.dhcp/ip", "10.0.0.6"), 0);
	enumerate_settings(&test_net0.settings, list_one, &listing);
	ok_str(listing.text, "net0/mac:hex=52:54:00:12:34:56;"
	       "net0.dhcp/150:ipv4=10.0.0.9;net0.dhcp/ip:ipv4=10.0.0.6;");
	clear_settings(&test_dhcp.settings);
	listing.text[0] = '\0';
	enumerate_settings(&test_net0.settings, list_one, &listing);
	ok_str(listing.text, "net0/mac:hex=52:54:00:12:34:56;");
	teardown_blocks();
}

UNIT_TEST(settings_memory_returned)
{
	size_t before = heap_free_bytes();
	char *long_name;
	int i;

	setup_blocks();
	long_name = malloc(300);
	ok(long_name != NULL);
	for (i = 0; i < 200; i++) {
		memset(long_name, 'a' + i % 26, 299);
		long_name[299] = '\0';
		ok_eq(set_text("net0/x", long_name), 0);
		ok_eq(set_text("net0.dhcp/y:hex", "01:02:03"), 0);
		ok_eq(set_text("z", "root value"), 0);
	}
	free(long_name);
	ok_eq(set_text("z", NULL), 0);
	teardown_blocks();
	ok_eq(heap_free_bytes(), before);
}
