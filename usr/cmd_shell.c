/*
 * The "shell" command: open the interactive shell from a script (or from
 * the shell itself).  "exit" there returns to whatever ran "shell", with
 * the status "exit" gave.  The script is hidden while the shell runs, so
 * "goto" typed at the prompt does not move it.
 */
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/script.h>
#include <wireboot/shell.h>

static const struct command_spec shell_spec =
	COMMAND_SPEC_NO_OPTIONS(0, 0, NULL);

static int shell_exec(int argc, char **argv)
{
	struct script_place saved;
	int rc;

	rc = parse_options(argc, argv, &shell_spec, NULL);
	if (rc < 0)
		return rc;
	script_hide(&saved);
	rc = shell();
	script_unhide(&saved);
	return rc;
}

struct command shell_command __command = {
	.name = "shell",
	.exec = shell_exec,
};
