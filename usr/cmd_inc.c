/*
 * The "inc <setting> [<increment>]" command: add to a numeric setting (1
 * if no increment is given; a leading '-' subtracts).  A setting that does
 * not exist counts as zero and is created as an int32, as iPXE documents;
 * an existing value keeps its type, and one stored as text ("set i 0")
 * is read as a number and stays text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/settings.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

/* Longest decimal long, with sign and NUL. */
#define LONG_TEXT_MAX 24

static const struct command_spec inc_spec =
	COMMAND_SPEC_NO_OPTIONS(1, 2, "<setting> [<increment>]");

/* Parse TEXT as a decimal/hex/octal number with an optional leading '-'. */
static int parse_signed(const char *text, long *value)
{
	bool negative = text[0] == '-';
	unsigned long magnitude;
	int rc;

	rc = parse_integer(text + (negative ? 1 : 0), &magnitude);
	if (rc != 0)
		return rc;
	*value = negative ? -(long)magnitude : (long)magnitude;
	return 0;
}

/* Fetch the value of NAMED as a number (0 if unset), and the type it has. */
static int fetch_number(const char *command, struct named_setting *named,
			long *value)
{
	struct setting fetched;
	char *text = NULL;
	int rc;

	*value = 0;
	rc = fetch_setting(named->settings, &named->setting, NULL, &fetched,
			   NULL, 0);
	if (rc < 0) {
		if (!named->setting.type)
			named->setting.type = &setting_type_int32;
		return 0;
	}
	if (!named->setting.type)
		named->setting.type = fetched.type ? fetched.type :
						     &setting_type_string;
	rc = fetchf_setting_copy(named->settings, &named->setting, &text);
	if (rc >= 0)
		rc = parse_signed(text, value);
	if (rc < 0)
		printf("%s: \"%s\" is not a number: %s\n", command,
		       text ? text : "", errstr(rc));
	free(text);
	return rc < 0 ? rc : 0;
}

static int inc_exec(int argc, char **argv)
{
	char text[LONG_TEXT_MAX];
	struct named_setting named;
	long increment = 1;
	long value;
	int first;
	int rc;

	first = parse_options(argc, argv, &inc_spec, NULL);
	if (first < 0)
		return first;
	if (first + 1 < argc && parse_signed(argv[first + 1], &increment)) {
		printf("%s: invalid increment '%s'\n", argv[0], argv[first + 1]);
		return ERR(EINVAL);
	}
	rc = parse_named_setting(argv[0], argv[first], &named);
	if (rc != 0)
		return rc;
	rc = fetch_number(argv[0], &named, &value);
	if (rc != 0)
		goto out;
	snprintf(text, sizeof(text), "%ld",
		 (long)((unsigned long)value + (unsigned long)increment));
	rc = store_named_setting(argv[0], argv[first], &named, text);
out:
	free(named.text);
	return rc;
}

struct command inc_command __command = {
	.name = "inc",
	.exec = inc_exec,
};
