/*
 * Unit tests for the commands that test and count (isset, iseq, inc), the
 * ones that talk to the user (prompt, read, login, choose), the menu
 * model, key numbers for --key, and readline_edit().
 */
#include <string.h>
#include <stdlib.h>
#include <wireboot/command.h>
#include <wireboot/settings.h>
#include <wireboot/lineedit.h>
#include <wireboot/keywait.h>
#include <wireboot/console.h>
#include <wireboot/menu.h>
#include <wireboot/errors.h>
#include "unittest.h"
#include "console_capture.h"

/* Run LINE typing KEYS, output into *OUTPUT; returns its status. */
static int run_typed(const char *line, const char *keys, const char **output)
{
	int rc;

	capture_start(keys, keys ? strlen(keys) : 0);
	rc = run_command_line(line);
	*output = capture_stop();
	return rc;
}

/* The value of setting NAME as text ("" if unset), in a static buffer. */
static const char *value_of(const char *name)
{
	static char buf[128];
	char *expr = malloc(strlen(name) + 4);
	char *value;

	buf[0] = '\0';
	if (!expr)
		return buf;
	strcpy(expr, "${");
	strcat(expr, name);
	strcat(expr, "}");
	value = expand_settings(expr);
	if (value)
		strlcpy(buf, value, sizeof(buf));
	free(value);
	free(expr);
	return buf;
}

UNIT_TEST(interactive_isset_iseq)
{
	const char *output;

	ok_eq(run_typed("isset x", NULL, &output), 0);
	ok_eq(run_typed("isset ${unittest-unset}", NULL, &output),
	      ERR_IN(ESUB_COMMAND, ENOENT));
	ok_str(output, "");
	ok_eq(run_typed("iseq a a", NULL, &output), 0);
	ok_eq(run_typed("iseq a b", NULL, &output),
	      ERR_IN(ESUB_COMMAND, ERANGE));
	ok_str(output, "");
	ok_eq(run_typed("iseq ${unittest-unset} ${unittest-unset2}", NULL,
			&output), 0);
	ok_eq(run_typed("iseq a", NULL, &output), ERR_IN(ESUB_COMMAND, EINVAL));
	ok_str(output, "iseq: missing argument\nUsage: iseq <value1> <value2>\n");
	ok_eq(run_typed("isset a b", NULL, &output),
	      ERR_IN(ESUB_COMMAND, EINVAL));
	ok_str(output, "isset: too many arguments\nUsage: isset <value>\n");
}

UNIT_TEST(interactive_inc)
{
	const char *output;

	ok_eq(run_typed("inc unittest-i", NULL, &output), 0);
	ok_str(value_of("unittest-i"), "1");
	ok_str(value_of("unittest-i:uint8"), "0x1");
	ok_eq(run_typed("inc unittest-i 0x10", NULL, &output), 0);
	ok_str(value_of("unittest-i"), "17");
	ok_eq(run_typed("inc unittest-i -20", NULL, &output), 0);
	ok_str(value_of("unittest-i"), "-3");
	ok_eq(run_typed("set unittest-t 7", NULL, &output), 0);
	ok_eq(run_typed("inc unittest-t", NULL, &output), 0);
	ok_eq(run_typed("show unittest-t", NULL, &output), 0);
	ok_str(output, "unittest-t:string = 8\n");
	ok_eq(run_typed("set unittest-t seven", NULL, &output), 0);
	ok_eq(run_typed("inc unittest-t", NULL, &output),
	      ERR_IN(ESUB_COMMAND, EINVAL));
	ok_str(output, "inc: \"seven\" is not a number: "
		       "Invalid argument (command)\n");
	ok_eq(run_typed("inc unittest-t x", NULL, &output),
	      ERR_IN(ESUB_COMMAND, EINVAL));
	ok_str(output, "inc: invalid increment 'x'\n");
}

UNIT_TEST(interactive_parse_key)
{
	int key = 0;

	ok_eq(parse_key("q", &key), 0);
	ok_eq(key, 'q');
	ok_eq(parse_key("0x02", &key), 0);
	ok_eq(key, CTRL('B'));
	ok_eq(parse_key("0x197e", &key), 0);
	ok_eq(key, KEY_F12);
	ok_eq(parse_key("0x107e", &key), 0);
	ok_eq(key, KEY_F1 + 4);
	ok_eq(parse_key("0x142", &key), 0);
	ok_eq(key, KEY_DOWN);
	ok_eq(parse_key("13", &key), 0);
	ok_eq(key, '\r');
	ok(parse_key("0x999", &key) < 0);
	ok(parse_key("qq", &key) < 0);
	ok(parse_key("", &key) < 0);
}

UNIT_TEST(interactive_prompt)
{
	const char *output;

	ok_eq(run_typed("prompt Go", "x", &output), 0);
	ok_str(output, "Go\b \b\b \b");
	ok_eq(run_typed("prompt --key y", "x", &output),
	      ERR_IN(ESUB_COMMAND, ECANCELED));
	ok_eq(run_typed("prompt --key 0x03", "\x03", &output), 0);
	ok_eq(run_typed("prompt", "\x03", &output),
	      ERR_IN(ESUB_COMMAND, ECANCELED));
	ok_eq(run_typed("prompt --timeout 20 Wait", NULL, &output),
	      ERR_IN(ESUB_COMMAND, ETIMEDOUT));
	ok_eq(run_typed("prompt --key \x1b[B", NULL, &output),
	      ERR_IN(ESUB_COMMAND, EINVAL));
}

UNIT_TEST(interactive_read)
{
	const char *output;

	ok_eq(run_typed("set unittest-r abc", NULL, &output), 0);
	ok_eq(run_typed("read unittest-r", "\x7f" "Z\r", &output), 0);
	ok_str(value_of("unittest-r"), "abZ");
	ok_str(output, "abc\b \bZ\n");
	ok_eq(run_typed("read unittest-r", "\x03", &output),
	      ERR_IN(ESUB_CONSOLE, ECANCELED));
	ok_str(value_of("unittest-r"), "abZ");
	ok_eq(run_typed("read --timeout 20 unittest-r", NULL, &output),
	      ERR_IN(ESUB_CONSOLE, ETIMEDOUT));
	ok_eq(run_typed("read unittest-r2:ipv4", "10.1.2.3\r", &output), 0);
	ok_str(value_of("unittest-r2:hex"), "0a:01:02:03");
}

UNIT_TEST(interactive_readline_hidden)
{
	struct readline_options opts = { .hidden = true,
					 .escape_cancels = true };
	char *line;

	capture_start("pw\x7fx\r", 5);
	ok_eq(readline_edit("P: ", &opts, &line), 0);
	ok_str(capture_stop(), "P: **\b \b*\n");
	ok_str(line, "px");
	free(line);
	capture_start("ab\x1b", 3);
	ok_eq(readline_edit("P: ", &opts, &line),
	      ERR_IN(ESUB_CONSOLE, ECANCELED));
	capture_stop();
	ok(line == NULL);
}

UNIT_TEST(interactive_login)
{
	const char *output;

	ok_eq(run_typed("login", "ann\rpw\r", &output), 0);
	ok_str(output, "Username: ann\nPassword: **\n");
	ok_str(value_of("username"), "ann");
	ok_str(value_of("password"), "pw");
	ok_eq(run_typed("login", "\x1b", &output),
	      ERR_IN(ESUB_CONSOLE, ECANCELED));
}

UNIT_TEST(interactive_menu_model)
{
	struct menu *menu;
	struct menu *again;
	struct menu_item *item;
	unsigned int count = 0;

	menu = menu_create("unittest", "Title");
	ok(menu != NULL);
	if (!menu)
		return;
	ok(menu_find("unittest") == menu);
	ok(menu_add_item(menu, "a", "Item A", 'a', false) != NULL);
	ok(menu_add_item(menu, NULL, "Gap", 0, false) != NULL);
	ok(menu_add_item(menu, "b", "Item B", 0, true) != NULL);
	list_for_each_entry(item, &menu->items, list)
		count++;
	ok_eq(count, 3);
	item = list_first_entry(&menu->items, struct menu_item, list);
	ok_str(item->label, "a");
	ok_eq(item->key, 'a');
	/* Creating it again replaces it. */
	again = menu_create("unittest", "New");
	ok(again != NULL && menu_find("unittest") == again);
	ok(again && list_empty(&again->items));
	if (again)
		menu_destroy(again);
	ok(menu_find("unittest") == NULL);
}

UNIT_TEST(interactive_choose)
{
	const char *output;

	ok_eq(run_typed("menu --name unittest Pick", NULL, &output), 0);
	ok_eq(run_typed("item --menu unittest --gap Heading", NULL, &output),
	      0);
	ok_eq(run_typed("item --menu unittest one First", NULL, &output), 0);
	ok_eq(run_typed("item --menu unittest --key t two Second", NULL,
			&output), 0);
	ok_eq(run_typed("item --menu unittest three Third", NULL, &output), 0);
	/* Down from the first selectable item, Enter. */
	ok_eq(run_typed("choose --menu unittest --keep unittest-c", "\x1b[B\r",
			&output), 0);
	ok_str(value_of("unittest-c"), "two");
	ok(strstr(output, "\033[7mFirst") != NULL);
	ok(strstr(output, "\033[7mSecond") != NULL);
	/* A shortcut chooses at once; the default is where it starts. */
	ok_eq(run_typed("choose --menu unittest --keep --default three "
			"unittest-c", "t", &output), 0);
	ok_str(value_of("unittest-c"), "two");
	ok_eq(run_typed("choose --menu unittest --keep --default three "
			"--timeout 30 unittest-c", NULL, &output), 0);
	ok_str(value_of("unittest-c"), "three");
	ok(strstr(output, "Automatic selection in 1 s") != NULL);
	/* Esc cancels; without --keep the menu is gone afterwards. */
	ok_eq(run_typed("choose --menu unittest unittest-c", "\x1b", &output),
	      ERR_IN(ESUB_COMMAND, ECANCELED));
	ok(menu_find("unittest") == NULL);
	ok_eq(run_typed("choose --menu unittest unittest-c", NULL, &output),
	      ERR_IN(ESUB_COMMAND, ENOENT));
	ok_str(output, "choose: no menu \"unittest\": "
		       "No such file or directory (command)\n");
}
