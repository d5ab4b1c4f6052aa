/* The "exit" command: end the current script or shell, with a status. */
#include <stdio.h>
#include <limits.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/shell.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

static const struct command_spec exit_spec =
	COMMAND_SPEC_NO_OPTIONS(0, 1, "[<status>]");

static int exit_exec(int argc, char **argv)
{
	unsigned long status = 0;
	int first;
	int rc;

	first = parse_options(argc, argv, &exit_spec, NULL);
	if (first < 0)
		return first;
	if (first < argc) {
		rc = parse_integer(argv[first], &status);
		if (rc != 0 || status > UINT_MAX) {
			printf("%s: invalid status '%s'\n", argv[0],
			       argv[first]);
			return rc ? rc : ERR(ERANGE);
		}
	}
	return shell_exit((unsigned int)status);
}

struct command exit_command __command = {
	.name = "exit",
	.exec = exit_exec,
};
