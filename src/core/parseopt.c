/*
 * Command-line option parsing shared by every command (see
 * <wireboot/parseopt.h>): long and short options, bundles, "--", "--help",
 * argument counts, and the usage messages that go with them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <wireboot/parseopt.h>
#include <wireboot/settings.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

void print_usage(const struct command_spec *spec, const char *command)
{
	if (spec->usage)
		printf("Usage: %s %s\n", command, spec->usage);
	else
		printf("Usage: %s\n", command);
}

/* Longest option name quoted in a message (longer ones are cut short). */
#define OPTION_TEXT_MAX 48

/* Compose DASHES and LEN bytes of NAME (an option as typed) into BUF. */
static const char *option_text(char buf[OPTION_TEXT_MAX], const char *dashes,
			       const char *name, size_t len)
{
	size_t used = strlcpy(buf, dashes, OPTION_TEXT_MAX);

	if (len > OPTION_TEXT_MAX - 1 - used)
		len = OPTION_TEXT_MAX - 1 - used;
	memcpy(buf + used, name, len);
	buf[used + len] = '\0';
	return buf;
}

/* Kinds of usage error about one option. */
enum option_problem {
	OPTION_UNKNOWN,
	OPTION_NEEDS_ARG,
	OPTION_TAKES_NO_ARG,
};

/*
 * Report PROBLEM with the option the user typed as DASHES followed by
 * LEN bytes of NAME, then the usage line.  Returns ERR(EINVAL).
 */
static int option_error(const struct command_spec *spec, const char *command,
			enum option_problem problem, const char *dashes,
			const char *name, size_t len)
{
	char buf[OPTION_TEXT_MAX];
	const char *shown = option_text(buf, dashes, name, len);

	switch (problem) {
	case OPTION_UNKNOWN:
		printf("%s: unrecognised option '%s'\n", command, shown);
		break;
	case OPTION_NEEDS_ARG:
		printf("%s: option '%s' requires an argument\n", command,
		       shown);
		break;
	case OPTION_TAKES_NO_ARG:
		printf("%s: option '%s' doesn't allow an argument\n", command,
		       shown);
		break;
	}
	print_usage(spec, command);
	return ERR(EINVAL);
}

/* The option of SPEC with long name NAME (LEN bytes), or NULL. */
static const struct option_spec *find_long(const struct command_spec *spec,
					   const char *name, size_t len)
{
	unsigned int i;

	for (i = 0; i < spec->num_options; i++) {
		const char *long_name = spec->options[i].long_name;

		if (long_name && strlen(long_name) == len &&
		    memcmp(long_name, name, len) == 0)
			return &spec->options[i];
	}
	return NULL;
}

/* The option of SPEC with short letter C, or NULL. */
static const struct option_spec *find_short(const struct command_spec *spec,
					    int c)
{
	unsigned int i;

	for (i = 0; i < spec->num_options; i++) {
		if (spec->options[i].short_name == c)
			return &spec->options[i];
	}
	return NULL;
}

/* Hand TEXT to OPTION's parser; report a bad value as typed (DASHES NAME). */
static int apply_option(const struct command_spec *spec, const char *command,
			const struct option_spec *option, const char *text,
			void *opts, const char *dashes, const char *name,
			size_t name_len)
{
	char buf[OPTION_TEXT_MAX];
	int rc;

	rc = option->parse(text, (char *)opts + option->offset);
	if (rc != 0) {
		printf("%s: invalid value '%s' for option '%s'\n", command,
		       text ? text : "",
		       option_text(buf, dashes, name, name_len));
		print_usage(spec, command);
	}
	return rc;
}

/*
 * Handle the long option ARGV[*INDEX] ("--name" or "--name=value"),
 * consuming the next element of ARGV as its value if it needs one.
 */
static int parse_long(int argc, char **argv, int *index,
		      const struct command_spec *spec, void *opts)
{
	const char *name = argv[*index] + 2;
	const char *equals = strchr(name, '=');
	size_t len = equals ? (size_t)(equals - name) : strlen(name);
	const struct option_spec *option = find_long(spec, name, len);
	const char *text = equals ? equals + 1 : NULL;

	if (!option) {
		if (len == 4 && memcmp(name, "help", 4) == 0 && !equals) {
			print_usage(spec, argv[0]);
			return ERR(ECANCELED);
		}
		return option_error(spec, argv[0], OPTION_UNKNOWN, "--", name,
				    strlen(name));
	}
	if (option->arg == OPT_NO_ARG && equals)
		return option_error(spec, argv[0], OPTION_TAKES_NO_ARG, "--",
				    name, len);
	if (option->arg == OPT_REQUIRED_ARG && !equals) {
		if (*index + 1 >= argc)
			return option_error(spec, argv[0], OPTION_NEEDS_ARG,
					    "--", name, len);
		text = argv[++*index];
	}
	return apply_option(spec, argv[0], option, text, opts, "--", name,
			    len);
}

/*
 * Handle the bundle of short options ARGV[*INDEX] ("-n", "-nw", "-t5"),
 * consuming the next element of ARGV if the last option needs a value.
 */
static int parse_short(int argc, char **argv, int *index,
		       const struct command_spec *spec, void *opts)
{
	const char *letters = argv[*index] + 1;
	const struct option_spec *option;
	const char *text;
	int rc;

	for (; *letters; letters++) {
		option = find_short(spec, *letters);
		if (!option) {
			if (*letters == 'h') {
				print_usage(spec, argv[0]);
				return ERR(ECANCELED);
			}
			return option_error(spec, argv[0], OPTION_UNKNOWN,
					    "-", letters, 1);
		}
		text = NULL;
		if (option->arg == OPT_REQUIRED_ARG) {
			if (letters[1]) {
				text = letters + 1;
			} else if (*index + 1 < argc) {
				text = argv[++*index];
			} else {
				return option_error(spec, argv[0],
						    OPTION_NEEDS_ARG, "-",
						    letters, 1);
			}
		}
		rc = apply_option(spec, argv[0], option, text, opts, "-",
				  letters, 1);
		if (rc != 0 || text)
			return rc;
	}
	return 0;
}

int parse_options(int argc, char **argv, const struct command_spec *spec,
		  void *opts)
{
	unsigned int count;
	int index;
	int rc;

	for (index = 1; index < argc; index++) {
		const char *arg = argv[index];

		if (arg[0] != '-' || arg[1] == '\0')
			break;
		if (strcmp(arg, "--") == 0) {
			index++;
			break;
		}
		if (arg[1] == '-')
			rc = parse_long(argc, argv, &index, spec, opts);
		else
			rc = parse_short(argc, argv, &index, spec, opts);
		if (rc != 0)
			return rc;
	}

	count = (unsigned int)(argc - index);
	if (count < spec->min_args) {
		printf("%s: missing argument\n", argv[0]);
		print_usage(spec, argv[0]);
		return ERR(EINVAL);
	}
	if (count > spec->max_args) {
		printf("%s: too many arguments\n", argv[0]);
		print_usage(spec, argv[0]);
		return ERR(EINVAL);
	}
	return index;
}

int parse_flag(const char *text, void *value)
{
	*(bool *)value = true;
	return 0;
}

int parse_string(const char *text, void *value)
{
	*(const char **)value = text;
	return 0;
}

int parse_ulong(const char *text, void *value)
{
	return parse_integer(text, value);
}

int parse_integer(const char *text, unsigned long *value)
{
	unsigned int base = 10;
	uint64_t result;

	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = 16;
		text += 2;
	} else if (text[0] == '0' && text[1]) {
		base = 8;
		text++;
	}
	if (!parse_digits(&text, base, ULONG_MAX, &result) || *text)
		return ERR(EINVAL);
	*value = (unsigned long)result;
	return 0;
}

int parse_named_setting(const char *command, const char *name,
			struct named_setting *named)
{
	int rc;

	memset(named, 0, sizeof(*named));
	named->text = strdup(name);
	if (!named->text)
		return print_error(command, ERR(ENOMEM));
	rc = parse_setting_name(named->text, &named->settings,
				&named->setting);
	if (rc != 0) {
		printf("%s: bad setting name \"%s\": %s\n", command, name,
		       errstr(rc));
		free(named->text);
		named->text = NULL;
	}
	return rc;
}
