/* The "echo" command: print its arguments joined by spaces. */
#include <stdio.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>

struct echo_options {
	/* -n: no newline at the end. */
	bool no_newline;
};

static const struct option_spec echo_opts[] = {
	OPTION(NULL, 'n', OPT_NO_ARG, struct echo_options, no_newline,
	       parse_flag),
};

static const struct command_spec echo_spec =
	COMMAND_SPEC(echo_opts, 0, MAX_ARGS, "[-n] [<text>...]");

static int echo_exec(int argc, char **argv)
{
	struct echo_options opts = { .no_newline = false };
	int first;
	int i;

	first = parse_options(argc, argv, &echo_spec, &opts);
	if (first < 0)
		return first;
	for (i = first; i < argc; i++)
		printf("%s%s", i > first ? " " : "", argv[i]);
	if (!opts.no_newline)
		printf("\n");
	return 0;
}

struct command echo_command __command = {
	.name = "echo",
	.exec = echo_exec,
};
