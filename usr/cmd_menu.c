/*
 * The menu commands, named and used as in iPXE:
 *
 *   menu [--name <name>] [--delete] [<title>]
 *   item [--menu <menu>] [--key <key>] [--default] [<label> [<text>]]
 *   item [--menu <menu>] --gap [<text>]
 *   choose [--menu <menu>] [--default <label>] [--timeout <ms>]
 *          [--retimeout <ms>] [--keep] <setting>
 *
 * "menu" (re)creates a menu, "item" adds lines to it (an item without a
 * label is a gap), "choose" shows it and stores the chosen label in the
 * setting, then forgets the menu unless --keep is given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/settings.h>
#include <wireboot/keywait.h>
#include <wireboot/menu.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

/* The menu called NAME (NULL: the unnamed one), reporting if there is none. */
static struct menu *find_named_menu(const char *command, const char *name)
{
	struct menu *menu = menu_find(name ? name : "");

	if (!menu)
		printf("%s: no menu \"%s\": %s\n", command, name ? name : "",
		       errstr(ERR(ENOENT)));
	return menu;
}

/* Report that memory ran out in COMMAND; returns the error. */
static int out_of_memory(const char *command)
{
	return print_error(command, ERR(ENOMEM));
}

struct menu_options {
	const char *name;
	bool delete;
};

static const struct option_spec menu_opts[] = {
	OPTION("name", 'n', OPT_REQUIRED_ARG, struct menu_options, name,
	       parse_string),
	OPTION("delete", 'd', OPT_NO_ARG, struct menu_options, delete,
	       parse_flag),
};

static const struct command_spec menu_spec =
	COMMAND_SPEC(menu_opts, 0, MAX_ARGS,
		     "[--name <name>] [--delete] [<title>]");

static int menu_exec(int argc, char **argv)
{
	struct menu_options opts = { .name = NULL, .delete = false };
	struct menu *menu;
	char *title;
	int first;

	first = parse_options(argc, argv, &menu_spec, &opts);
	if (first < 0)
		return first;
	if (opts.delete) {
		menu = find_named_menu(argv[0], opts.name);
		if (!menu)
			return ERR(ENOENT);
		menu_destroy(menu);
		return 0;
	}
	title = concat_words(&argv[first], argc - first);
	if (!title)
		return out_of_memory(argv[0]);
	menu = menu_create(opts.name ? opts.name : "", title);
	free(title);
	return menu ? 0 : out_of_memory(argv[0]);
}

struct item_options {
	const char *menu;
	int key;
	bool is_default;
	bool gap;
};

static const struct option_spec item_opts[] = {
	OPTION("menu", 'm', OPT_REQUIRED_ARG, struct item_options, menu,
	       parse_string),
	OPTION("key", 'k', OPT_REQUIRED_ARG, struct item_options, key,
	       parse_key),
	OPTION("default", 'd', OPT_NO_ARG, struct item_options, is_default,
	       parse_flag),
	OPTION("gap", 'g', OPT_NO_ARG, struct item_options, gap, parse_flag),
};

static const struct command_spec item_spec =
	COMMAND_SPEC(item_opts, 0, MAX_ARGS,
		     "[--menu <menu>] [--key <key>] [--default] "
		     "[<label>|--gap [<text>]]");

static int item_exec(int argc, char **argv)
{
	struct item_options opts = { .menu = NULL };
	const char *label = NULL;
	struct menu_item *item;
	struct menu *menu;
	char *text;
	int first;

	first = parse_options(argc, argv, &item_spec, &opts);
	if (first < 0)
		return first;
	menu = find_named_menu(argv[0], opts.menu);
	if (!menu)
		return ERR(ENOENT);
	if (!opts.gap && first < argc)
		label = argv[first++];
	text = concat_words(&argv[first], argc - first);
	if (!text)
		return out_of_memory(argv[0]);
	item = menu_add_item(menu, label, text, opts.key, opts.is_default);
	free(text);
	return item ? 0 : out_of_memory(argv[0]);
}

struct choose_options {
	const char *menu;
	const char *default_label;
	unsigned long timeout_ms;
	unsigned long retimeout_ms;
	bool keep;
};

static const struct option_spec choose_opts[] = {
	OPTION("menu", 'm', OPT_REQUIRED_ARG, struct choose_options, menu,
	       parse_string),
	OPTION("default", 'd', OPT_REQUIRED_ARG, struct choose_options,
	       default_label, parse_string),
	OPTION("timeout", 't', OPT_REQUIRED_ARG, struct choose_options,
	       timeout_ms, parse_ulong),
	OPTION("retimeout", 'r', OPT_REQUIRED_ARG, struct choose_options,
	       retimeout_ms, parse_ulong),
	OPTION("keep", 'k', OPT_NO_ARG, struct choose_options, keep,
	       parse_flag),
};

static const struct command_spec choose_spec =
	COMMAND_SPEC(choose_opts, 1, 1,
		     "[--menu <menu>] [--default <label>] [--timeout <timeout>] "
		     "[--retimeout <timeout>] [--keep] <setting>");

static int choose_exec(int argc, char **argv)
{
	struct choose_options opts = { .menu = NULL };
	struct menu_show_options show = { .default_label = NULL };
	struct named_setting named;
	struct menu_item *chosen;
	struct menu *menu;
	int first;
	int rc;

	first = parse_options(argc, argv, &choose_spec, &opts);
	if (first < 0)
		return first;
	rc = parse_named_setting(argv[0], argv[first], &named);
	if (rc != 0)
		return rc;
	menu = find_named_menu(argv[0], opts.menu);
	if (!menu) {
		rc = ERR(ENOENT);
		goto out;
	}
	show.default_label = opts.default_label;
	show.timeout_ms = opts.timeout_ms;
	show.retimeout_ms = opts.retimeout_ms;
	rc = menu_show(menu, &show, &chosen);
	if (rc == 0)
		rc = store_named_setting(argv[0], argv[first], &named,
					 chosen->label);
	else if (!err_is(rc, ECANCELED))
		print_error(argv[0], rc);
	if (!opts.keep)
		menu_destroy(menu);
out:
	free(named.text);
	return rc;
}

struct command menu_command __command = {
	.name = "menu",
	.exec = menu_exec,
};

struct command item_command __command = {
	.name = "item",
	.exec = item_exec,
};

struct command choose_command __command = {
	.name = "choose",
	.exec = choose_exec,
};
