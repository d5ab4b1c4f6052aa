/* The "help" command: list every command this build has, sorted by name. */
#include <stdio.h>
#include <string.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>

/* Width of a column of names, and names per row. */
#define HELP_COLUMN 16
#define HELP_PER_ROW 5

static const struct command_spec help_spec =
	COMMAND_SPEC_NO_OPTIONS(0, 0, NULL);

/*
 * The command whose name comes next after PREV (NULL: the first), or NULL
 * after the last.  Names are unique, and the table is short enough to scan
 * once per name.
 */
static const struct command *next_command(const char *prev)
{
	const struct command *command;
	const struct command *next = NULL;

	for_each_table_entry(command, commands) {
		if (prev && strcmp(command->name, prev) <= 0)
			continue;
		if (!next || strcmp(command->name, next->name) < 0)
			next = command;
	}
	return next;
}

static int help_exec(int argc, char **argv)
{
	const struct command *command = NULL;
	size_t i = 0;
	int rc;

	rc = parse_options(argc, argv, &help_spec, NULL);
	if (rc < 0)
		return rc;
	printf("Available commands:\n\n");
	while ((command = next_command(command ? command->name : NULL))) {
		size_t width = (size_t)printf("  %s", command->name);

		if (++i % HELP_PER_ROW == 0 || i == table_count(commands)) {
			printf("\n");
			continue;
		}
		do {
			printf(" ");
		} while (++width < HELP_COLUMN);
	}
	printf("\nType \"<command> --help\" for how to use a command.\n");
	return 0;
}

struct command help_command __command = {
	.name = "help",
	.exec = help_exec,
};
