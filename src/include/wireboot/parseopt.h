/*
 * Option parsing shared by every command: GNU-style long options
 * ("--warm", "--timeout=5", "--timeout 5"), short options and bundles
 * ("-n", "-t 5", "-t5", "-nw"), "--" to end the options, and "--help" / "-h"
 * for every command.  As in iPXE, options end at the first argument that is
 * not an option (no reordering), so "echo hello -n" prints "hello -n".
 *
 * A command describes its options and argument count once:
 *
 *   struct echo_options { bool no_newline; };
 *   static const struct option_spec echo_opts[] = {
 *       OPTION(NULL, 'n', OPT_NO_ARG, struct echo_options, no_newline,
 *              parse_flag),
 *   };
 *   static const struct command_spec echo_spec =
 *       COMMAND_SPEC(echo_opts, 0, MAX_ARGS, "[-n] [<text>...]");
 *
 * and parse_options() fills the options structure and returns the index of
 * the first argument after the options.  Usage errors are printed as
 * "<command>: <problem>" followed by the usage line.
 */
#ifndef WIREBOOT_PARSEOPT_H
#define WIREBOOT_PARSEOPT_H

#include <wireboot/compiler.h>
#include <wireboot/settings.h>

/* Whether an option takes an argument. */
enum option_arg {
	OPT_NO_ARG,
	OPT_REQUIRED_ARG,
};

struct option_spec {
	/* Long name without the dashes ("warm"); NULL if there is none. */
	const char *long_name;
	/* Short letter ('w'); 0 if there is none. */
	int short_name;
	enum option_arg arg;
	/* Offset of the field this option fills in the options structure. */
	size_t offset;
	/*
	 * Store TEXT (the option's argument, NULL for OPT_NO_ARG) into the
	 * field at VALUE.  Returns 0 or a negative error; parse_options()
	 * then reports the bad value.
	 */
	int (*parse)(const char *text, void *value);
};

/* One option filling FIELD of the options structure TYPE. */
#define OPTION(long_opt, short_opt, has_arg, type, field, parser)           \
	{                                                                   \
		.long_name = long_opt,                                      \
		.short_name = short_opt,                                    \
		.arg = has_arg,                                             \
		.offset = offsetof(type, field),                            \
		.parse = parser,                                            \
	}

/* No upper limit on the number of arguments. */
#define MAX_ARGS (~0U)

struct command_spec {
	const struct option_spec *options;
	unsigned int num_options;
	/* How many arguments may follow the options. */
	unsigned int min_args;
	unsigned int max_args;
	/* What follows the command name in the usage line; NULL for nothing. */
	const char *usage;
};

#define COMMAND_SPEC(opts, min, max, usage_text)                            \
	{                                                                   \
		.options = (opts),                                          \
		.num_options = ARRAY_SIZE(opts),                            \
		.min_args = (min),                                          \
		.max_args = (max),                                          \
		.usage = (usage_text),                                      \
	}

/* For commands without options. */
#define COMMAND_SPEC_NO_OPTIONS(min, max, usage_text)                       \
	{                                                                   \
		.options = NULL,                                            \
		.num_options = 0,                                           \
		.min_args = (min),                                          \
		.max_args = (max),                                          \
		.usage = (usage_text),                                      \
	}

/*
 * Parse the options of ARGV (ARGV[0] is the command name) into OPTS (may
 * be NULL for commands without options); fields of options not given keep
 * the defaults the caller put there.  Returns the
 * index of the first argument after the options, or a negative error:
 * ERR(ECANCELED) after printing the usage for "--help", ERR(EINVAL) after
 * reporting a usage error, or the error a parse function returned.
 */
int parse_options(int argc, char **argv, const struct command_spec *spec,
		  void *opts);

/* Print "Usage: <command> <usage>". */
void print_usage(const struct command_spec *spec, const char *command);

/* Option parsers.  parse_flag sets a bool. */
int parse_flag(const char *text, void *value);
/* Stores the argument itself (a const char *). */
int parse_string(const char *text, void *value);
/* Stores an unsigned long, as parse_integer() reads it. */
int parse_ulong(const char *text, void *value);

/*
 * Parse TEXT as an unsigned number (decimal, hex after "0x", octal after a
 * leading "0") with nothing after it.  Returns 0 or ERR(EINVAL), also for
 * values beyond ULONG_MAX.  Prints nothing.
 */
int parse_integer(const char *text, unsigned long *value);

/* A setting named on a command line; TEXT holds what SETTING points into. */
struct named_setting {
	char *text;
	struct settings *settings;
	struct setting setting;
};

/*
 * Parse NAME ("[scope/]name[:type]") for COMMAND into NAMED, reporting a
 * bad name as "<command>: bad setting name ...".  On success free
 * NAMED->text when done.
 */
int parse_named_setting(const char *command, const char *name,
			struct named_setting *named);

#endif
