/* Unit tests for the shared option parser. */
#include <stdlib.h>
#include <string.h>
#include <wireboot/parseopt.h>
#include <wireboot/errors.h>
#include "unittest.h"
#include "console_capture.h"

struct demo_options {
	bool verbose;
	bool warm;
	const char *name;
	unsigned long count;
};

static const struct option_spec demo_opts[] = {
	OPTION("verbose", 'v', OPT_NO_ARG, struct demo_options, verbose,
	       parse_flag),
	OPTION("warm", 'w', OPT_NO_ARG, struct demo_options, warm, parse_flag),
	OPTION("name", 'n', OPT_REQUIRED_ARG, struct demo_options, name,
	       parse_string),
	OPTION("count", 'c', OPT_REQUIRED_ARG, struct demo_options, count,
	       parse_ulong),
};

static const struct command_spec demo_spec =
	COMMAND_SPEC(demo_opts, 0, 2, "[--verbose] [--name <name>] [<arg>...]");

/* Parse the NULL-terminated WORDS as a "demo" command line, capturing output. */
static int parse_demo(char **words, struct demo_options *opts,
		      const char **output)
{
	int argc = 0;
	int rc;

	while (words[argc])
		argc++;
	memset(opts, 0, sizeof(*opts));
	capture_start(NULL, 0);
	rc = parse_options(argc, words, &demo_spec, opts);
	*output = capture_stop();
	return rc;
}

UNIT_TEST(parseopt_long_and_short)
{
	char *words[] = { "demo", "--verbose", "-n", "x", "--count=12", "a",
			  NULL };
	struct demo_options opts;
	const char *output;

	ok_eq(parse_demo(words, &opts, &output), 5);
	ok(opts.verbose);
	ok(!opts.warm);
	ok_str(opts.name, "x");
	ok_eq(opts.count, 12);
	ok_str(output, "");
}

UNIT_TEST(parseopt_argument_forms)
{
	char *spaced[] = { "demo", "--name", "value", NULL };
	char *joined[] = { "demo", "-nvalue", NULL };
	char *dashed[] = { "demo", "--name", "-x", NULL };
	char *hex[] = { "demo", "-c", "0x1f", NULL };
	struct demo_options opts;
	const char *output;

	ok_eq(parse_demo(spaced, &opts, &output), 3);
	ok_str(opts.name, "value");
	ok_eq(parse_demo(joined, &opts, &output), 2);
	ok_str(opts.name, "value");
	/* A required argument is taken even if it looks like an option. */
	ok_eq(parse_demo(dashed, &opts, &output), 3);
	ok_str(opts.name, "-x");
	ok_eq(parse_demo(hex, &opts, &output), 3);
	ok_eq(opts.count, 31);
}

UNIT_TEST(parseopt_bundles)
{
	char *bundle[] = { "demo", "-vw", NULL };
	char *bundle_arg[] = { "demo", "-wvn", "name", "rest", NULL };
	char *bundle_joined[] = { "demo", "-vnjoined", NULL };
	struct demo_options opts;
	const char *output;

	ok_eq(parse_demo(bundle, &opts, &output), 2);
	ok(opts.verbose && opts.warm);
	ok_eq(parse_demo(bundle_arg, &opts, &output), 3);
	ok(opts.verbose && opts.warm);
	ok_str(opts.name, "name");
	ok_eq(parse_demo(bundle_joined, &opts, &output), 2);
	ok(opts.verbose);
	ok_str(opts.name, "joined");
}

UNIT_TEST(parseopt_end_of_options)
{
	char *dashdash[] = { "demo", "-v", "--", "-w", NULL };
	char *first_arg[] = { "demo", "a", "-w", NULL };
	char *lone_dash[] = { "demo", "-", "-w", NULL };
	struct demo_options opts;
	const char *output;

	ok_eq(parse_demo(dashdash, &opts, &output), 3);
	ok(opts.verbose);
	ok(!opts.warm);
	/* Options end at the first argument, as in iPXE. */
	ok_eq(parse_demo(first_arg, &opts, &output), 1);
	ok(!opts.warm);
	ok_eq(parse_demo(lone_dash, &opts, &output), 1);
	ok(!opts.warm);
}

UNIT_TEST(parseopt_unknown_options)
{
	char *long_unknown[] = { "demo", "--bogus", NULL };
	char *short_unknown[] = { "demo", "-vx", NULL };
	char *prefix[] = { "demo", "--verb", NULL };
	struct demo_options opts;
	const char *output;

	ok_eq(parse_demo(long_unknown, &opts, &output),
	      ERR_IN(ESUB_COMMAND, EINVAL));
	ok_str(output, "demo: unrecognised option '--bogus'\n"
		       "Usage: demo [--verbose] [--name <name>] [<arg>...]\n");
	ok_eq(parse_demo(short_unknown, &opts, &output),
	      ERR_IN(ESUB_COMMAND, EINVAL));
	ok(strncmp(output, "demo: unrecognised option '-x'\n", 31) == 0);
	/* Long names must match in full. */
	ok_eq(parse_demo(prefix, &opts, &output),
	      ERR_IN(ESUB_COMMAND, EINVAL));
	ok(strncmp(output, "demo: unrecognised option '--verb'\n", 35) == 0);
}

UNIT_TEST(parseopt_option_arguments_checked)
{
	char *missing_long[] = { "demo", "--name", NULL };
	char *missing_short[] = { "demo", "-vn", NULL };
	char *unwanted[] = { "demo", "--warm=yes", NULL };
	char *bad_number[] = { "demo", "--count", "12x", NULL };
	struct demo_options opts;
	const char *output;

	ok_eq(parse_demo(missing_long, &opts, &output),
	      ERR_IN(ESUB_COMMAND, EINVAL));
	ok(strncmp(output, "demo: option '--name' requires an argument\n",
		   43) == 0);
	ok_eq(parse_demo(missing_short, &opts, &output),
	      ERR_IN(ESUB_COMMAND, EINVAL));
	ok(strncmp(output, "demo: option '-n' requires an argument\n", 39) == 0);
	ok_eq(parse_demo(unwanted, &opts, &output),
	      ERR_IN(ESUB_COMMAND, EINVAL));
	ok(strncmp(output, "demo: option '--warm' doesn't allow an argument\n",
		   48) == 0);
	ok_eq(parse_demo(bad_number, &opts, &output),
	      ERR_IN(ESUB_COMMAND, EINVAL));
	ok(strncmp(output, "demo: invalid value '12x' for option '--count'\n",
		   47) == 0);
}

UNIT_TEST(parseopt_argument_count)
{
	char *too_many[] = { "demo", "a", "b", "c", NULL };
	char *two[] = { "demo", "-v", "a", "b", NULL };
	static const struct command_spec one_spec =
		COMMAND_SPEC_NO_OPTIONS(1, 1, "<thing>");
	char *none[] = { "one", NULL };
	struct demo_options opts;
	const char *output;
	int rc;

	ok_eq(parse_demo(too_many, &opts, &output),
	      ERR_IN(ESUB_COMMAND, EINVAL));
	ok(strncmp(output, "demo: too many arguments\n", 25) == 0);
	ok_eq(parse_demo(two, &opts, &output), 2);

	capture_start(NULL, 0);
	rc = parse_options(1, none, &one_spec, NULL);
	output = capture_stop();
	ok_eq(rc, ERR_IN(ESUB_COMMAND, EINVAL));
	ok_str(output, "one: missing argument\nUsage: one <thing>\n");
}

UNIT_TEST(parseopt_help)
{
	char *long_help[] = { "demo", "-v", "--help", NULL };
	char *short_help[] = { "demo", "-h", NULL };
	static const struct command_spec bare_spec =
		COMMAND_SPEC_NO_OPTIONS(0, 0, NULL);
	char *bare[] = { "bare", "--help", NULL };
	struct demo_options opts;
	const char *output;
	int rc;

	ok_eq(parse_demo(long_help, &opts, &output),
	      ERR_IN(ESUB_COMMAND, ECANCELED));
	ok_str(output, "Usage: demo [--verbose] [--name <name>] [<arg>...]\n");
	ok_eq(parse_demo(short_help, &opts, &output),
	      ERR_IN(ESUB_COMMAND, ECANCELED));
	ok_str(output, "Usage: demo [--verbose] [--name <name>] [<arg>...]\n");

	capture_start(NULL, 0);
	rc = parse_options(2, bare, &bare_spec, NULL);
	output = capture_stop();
	ok_eq(rc, ERR_IN(ESUB_COMMAND, ECANCELED));
	ok_str(output, "Usage: bare\n");
}

UNIT_TEST(parseopt_integers)
{
	unsigned long value = 99;

	ok_eq(parse_integer("0", &value), 0);
	ok_eq(value, 0);
	ok_eq(parse_integer("42", &value), 0);
	ok_eq(value, 42);
	ok_eq(parse_integer("0x1F", &value), 0);
	ok_eq(value, 31);
	ok_eq(parse_integer("010", &value), 0);
	ok_eq(value, 8);
	value = 7;
	ok(parse_integer("", &value) < 0);
	ok(parse_integer("0x", &value) < 0);
	ok(parse_integer("12a", &value) < 0);
	ok(parse_integer("-1", &value) < 0);
	ok(parse_integer(" 1", &value) < 0);
	ok(parse_integer("09", &value) < 0);
	ok(parse_integer("99999999999999999999999", &value) < 0);
	ok_eq(value, 7);
}

UNIT_TEST(parseopt_named_setting)
{
	struct named_setting named;
	const char *output;

	capture_start(NULL, 0);
	ok_eq(parse_named_setting("cmd", "builtin/ip:hex", &named), 0);
	output = capture_stop();
	ok_str(output, "");
	ok_str(named.setting.name, "ip");
	ok(named.setting.type == &setting_type_hex);
	free(named.text);
	capture_start(NULL, 0);
	ok_eq(parse_named_setting("cmd", "x:nosuchtype", &named),
	      ERR_IN(ESUB_SETTINGS, ENOTSUP));
	output = capture_stop();
	ok(strncmp(output, "cmd: bad setting name \"x:nosuchtype\": ", 38) == 0);
	ok(named.text == NULL);
}
