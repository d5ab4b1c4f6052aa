/*
 * The settings commands: "set <setting> [<value>...]", "show <setting>"
 * and "clear <setting>".  A setting is named "[scope/]name[:type]" (see
 * <wireboot/settings.h>); "show" prints where the value came from and its
 * type, e.g. "net0.dhcp/ip:ipv4 = 10.0.0.5".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/settings.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

/* Room for a full setting name in "show" output. */
#define SETTING_NAME_MAX 128

static const struct command_spec set_spec =
	COMMAND_SPEC_NO_OPTIONS(1, MAX_ARGS, "<setting> [<value>...]");

static int set_exec(int argc, char **argv)
{
	struct named_setting named;
	char *value;
	int first;
	int rc;

	first = parse_options(argc, argv, &set_spec, NULL);
	if (first < 0)
		return first;
	rc = parse_named_setting(argv[0], argv[first], &named);
	if (rc != 0)
		return rc;
	value = concat_words(&argv[first + 1], argc - first - 1);
	if (!value) {
		rc = print_error(argv[0], ERR(ENOMEM));
		goto out;
	}
	rc = store_named_setting(argv[0], argv[first], &named, value);
	free(value);
out:
	free(named.text);
	return rc;
}

static const struct command_spec show_spec =
	COMMAND_SPEC_NO_OPTIONS(1, 1, "<setting>");

static int show_exec(int argc, char **argv)
{
	char full_name[SETTING_NAME_MAX];
	struct named_setting named;
	struct setting fetched;
	struct settings *origin = NULL;
	char *value = NULL;
	int first;
	int rc;

	first = parse_options(argc, argv, &show_spec, NULL);
	if (first < 0)
		return first;
	rc = parse_named_setting(argv[0], argv[first], &named);
	if (rc != 0)
		return rc;
	rc = fetch_setting(named.settings, &named.setting, &origin, &fetched,
			   NULL, 0);
	if (rc >= 0) {
		/* Show it as asked, else as the block holds it, else as text. */
		if (named.setting.type)
			fetched.type = named.setting.type;
		else if (!fetched.type)
			fetched.type = &setting_type_string;
		rc = fetchf_setting_copy(origin, &fetched, &value);
	}
	if (rc < 0) {
		printf("%s: cannot find \"%s\": %s\n", argv[0], argv[first],
		       errstr(rc));
		goto out;
	}
	rc = setting_full_name(origin, &fetched, full_name, sizeof(full_name));
	if (rc < 0) {
		printf("%s: cannot name \"%s\": %s\n", argv[0], argv[first],
		       errstr(rc));
		goto out;
	}
	printf("%s = %s\n", full_name, value);
	rc = 0;
out:
	free(value);
	free(named.text);
	return rc;
}

static const struct command_spec clear_spec =
	COMMAND_SPEC_NO_OPTIONS(1, 1, "<setting>");

static int clear_exec(int argc, char **argv)
{
	struct named_setting named;
	int first;
	int rc;

	first = parse_options(argc, argv, &clear_spec, NULL);
	if (first < 0)
		return first;
	rc = parse_named_setting(argv[0], argv[first], &named);
	if (rc != 0)
		return rc;
	rc = delete_setting(named.settings, &named.setting);
	if (rc != 0)
		printf("%s: cannot clear \"%s\": %s\n", argv[0], argv[first],
		       errstr(rc));
	free(named.text);
	return rc;
}

struct command set_command __command = {
	.name = "set",
	.exec = set_exec,
};

struct command show_command __command = {
	.name = "show",
	.exec = show_exec,
};

struct command clear_command __command = {
	.name = "clear",
	.exec = clear_exec,
};
