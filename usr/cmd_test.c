/*
 * The tests "isset <value>" and "iseq <value1> <value2>".  Like iPXE they
 * only return a status and print nothing unless they are used wrongly, so
 * they fit "isset ${x} || goto nox" and "iseq ${a} ${b} && ... || ...".
 * Each argument is one word of the command line after expansion, so an
 * unset setting gives an empty argument (not a missing one).
 */
#include <string.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

static const struct command_spec isset_spec =
	COMMAND_SPEC_NO_OPTIONS(1, 1, "<value>");

static int isset_exec(int argc, char **argv)
{
	int first;

	first = parse_options(argc, argv, &isset_spec, NULL);
	if (first < 0)
		return first;
	return argv[first][0] ? 0 : ERR(ENOENT);
}

static const struct command_spec iseq_spec =
	COMMAND_SPEC_NO_OPTIONS(2, 2, "<value1> <value2>");

static int iseq_exec(int argc, char **argv)
{
	int first;

	first = parse_options(argc, argv, &iseq_spec, NULL);
	if (first < 0)
		return first;
	return strcmp(argv[first], argv[first + 1]) == 0 ? 0 : ERR(ERANGE);
}

struct command isset_command __command = {
	.name = "isset",
	.exec = isset_exec,
};

struct command iseq_command __command = {
	.name = "iseq",
	.exec = iseq_exec,
};
