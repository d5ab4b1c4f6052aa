/*
 * Commands for the shell and scripts.  A command registers itself in the
 * "commands" table; its exec function gets argc/argv after expansion and
 * returns 0 or a negative error code.  Option parsing is shared
 * (<wireboot/parseopt.h>) so every command has GNU-style options and --help.
 */
#ifndef WIREBOOT_COMMAND_H
#define WIREBOOT_COMMAND_H

#include <wireboot/tables.h>

struct command {
	const char *name;
	int (*exec)(int argc, char **argv);
};
DECLARE_TABLE(commands, struct command);
#define __command __table_entry(commands, struct command)

/* Find a command by name; NULL if there is none. */
const struct command *find_command(const char *name);

/* Run one already-split command line (argv[argc] must be NULL). */
int execv_command(int argc, char **argv);

/*
 * Split LINE into words, expand settings in each word and run it.  Returns
 * the command's status.  This is what the shell does with each line.
 */
int run_command_line(const char *line);

/* The COUNT WORDS joined by single spaces (heap), or NULL if out of memory. */
char *concat_words(char **words, int count);

struct named_setting;

/*
 * Store TEXT (parsed by the setting's type; a string when the name gave
 * none) into the setting NAMED that COMMAND was given as NAME; a failure
 * is reported as "<command>: cannot store "<name>": <error>".
 */
int store_named_setting(const char *command, const char *name,
			const struct named_setting *named, const char *text);

#endif
