/*
 * The interactive shell, and the stop state that lets "exit" (and later
 * "goto") end more than the command that ran it.
 *
 * Who prints errors: as in iPXE, a command reports its own failure (with
 * the words from errstr()) before returning the error; the shell and the
 * script runner print nothing more, so conditions such as a failed test can
 * stay silent.  run_command_line() itself reports only a command that does
 * not exist.
 */
#ifndef WIREBOOT_SHELL_H
#define WIREBOOT_SHELL_H

#include <wireboot/compiler.h>

/*
 * How far a stop reaches, smallest first.  SHELL_STOP_LINE ends the rest
 * of the current command line (what "goto" needs); SHELL_STOP_SCRIPT also
 * ends the script or shell running that line ("exit").
 */
enum shell_stop_level {
	SHELL_STOP_LINE = 1,
	SHELL_STOP_SCRIPT = 2,
};

/* Ask the command line (and, for SHELL_STOP_SCRIPT, its script) to stop. */
void shell_stop(enum shell_stop_level level);

/*
 * Has a stop reaching at least LEVEL been asked for?  A stop no larger than
 * LEVEL is consumed by asking, so an "exit" ends one script, not the one
 * that ran it too.
 */
bool shell_stopped(enum shell_stop_level level);

/*
 * End the current script or shell with STATUS, as "exit STATUS" does.
 * Returns the code "exit" returns: 0 for status 0, otherwise
 * ERR(ENOEXIT) in the shell subsystem, with STATUS kept for
 * exit_status().
 */
int shell_exit(unsigned int status);

/*
 * The numeric status RC stands for, for whatever started wireboot (the
 * hosted process's exit code): 0 for success, N after "exit N", 1 for any
 * other error.
 */
int exit_status(int rc);

/*
 * Read and run command lines at the "wireboot> " prompt until "exit".
 * Returns the status "exit" gave (0 or the ERR(ENOEXIT) of "exit N").
 */
int shell(void);

#endif
