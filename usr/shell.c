/*
 * The interactive shell: read a line with editing and history, run it,
 * repeat until "exit".  Also the shell stop state and exit status that
 * "exit" leaves behind for the shell, scripts and the platform.
 */
#include <stdlib.h>
#include <wireboot/shell.h>
#include <wireboot/command.h>
#include <wireboot/lineedit.h>
#include <wireboot/errors.h>
#include <wireboot/console.h>

#define ERR_SUBSYS ESUB_SHELL

static const char shell_prompt[] = "wireboot> ";

/* The widest stop asked for and not yet consumed (0 for none). */
static int stop_level;

/* The STATUS of the last "exit STATUS". */
static unsigned int last_exit_status;

void shell_stop(enum shell_stop_level level)
{
	stop_level = level;
}

bool shell_stopped(enum shell_stop_level level)
{
	bool stopped = stop_level >= (int)level;

	if (stop_level <= (int)level)
		stop_level = 0;
	return stopped;
}

int shell_exit(unsigned int status)
{
	shell_stop(SHELL_STOP_SCRIPT);
	last_exit_status = status;
	return status ? ERR(ENOEXIT) : 0;
}

int exit_status(int rc)
{
	if (rc == 0)
		return 0;
	if (rc == ERR(ENOEXIT))
		return (int)last_exit_status;
	return 1;
}

int shell(void)
{
	struct line_history history = { .count = 0 };
	char *line;
	int rc = 0;

	do {
		line = readline_history(shell_prompt, &history);
		if (line) {
			rc = run_command_line(line);
			free(line);
		} else if (console_input_ended()) {
			break;
		}
	} while (!shell_stopped(SHELL_STOP_SCRIPT));
	history_free(&history);
	return rc;
}
