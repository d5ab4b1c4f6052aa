/*
 * The "read [--timeout <ms>] <setting>" command: let the user edit a
 * setting's value on the line after the cursor (the current value is
 * filled in), then store it with the type the name gives (or the
 * setting's own type).  Fails on Ctrl-C, or if no key comes within the
 * timeout.
 */
#include <stdlib.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/settings.h>
#include <wireboot/lineedit.h>

struct read_options {
	unsigned long timeout_ms;
};

static const struct option_spec read_opts[] = {
	OPTION("timeout", 't', OPT_REQUIRED_ARG, struct read_options,
	       timeout_ms, parse_ulong),
};

static const struct command_spec read_spec =
	COMMAND_SPEC(read_opts, 1, 1, "[--timeout <timeout>] <setting>");

static int read_exec(int argc, char **argv)
{
	struct read_options opts = { .timeout_ms = 0 };
	struct readline_options edit = { .initial = NULL };
	struct named_setting named;
	char *current = NULL;
	char *line;
	int first;
	int rc;

	first = parse_options(argc, argv, &read_spec, &opts);
	if (first < 0)
		return first;
	rc = parse_named_setting(argv[0], argv[first], &named);
	if (rc != 0)
		return rc;
	if (fetchf_setting_copy(named.settings, &named.setting, &current) >= 0)
		edit.initial = current;
	edit.timeout_ms = opts.timeout_ms;
	rc = readline_edit("", &edit, &line);
	free(current);
	if (rc != 0)
		goto out;
	rc = store_named_setting(argv[0], argv[first], &named, line);
	free(line);
out:
	free(named.text);
	return rc;
}

struct command read_command __command = {
	.name = "read",
	.exec = read_exec,
};
