/*
 * The "goto" command: continue the running script at a label.  As in
 * iPXE, a label that does not exist fails silently (so that
 * "goto host_${hostname} || goto unknown" prints nothing), and "goto"
 * outside a script says so.
 */
#include <stdio.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/script.h>
#include <wireboot/errors.h>

static const struct command_spec goto_spec =
	COMMAND_SPEC_NO_OPTIONS(1, 1, "<label>");

static int goto_exec(int argc, char **argv)
{
	int first;
	int rc;

	first = parse_options(argc, argv, &goto_spec, NULL);
	if (first < 0)
		return first;
	rc = script_goto(argv[first]);
	if (err_is(rc, ENOTTY))
		printf("%s: not in a script\n", argv[0]);
	return rc;
}

struct command goto_command __command = {
	.name = "goto",
	.exec = goto_exec,
};
