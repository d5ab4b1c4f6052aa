/* The "help" command: list every command this build has, sorted by name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

/* Width of a column of names, and names per row. */
#define HELP_COLUMN 16
#define HELP_PER_ROW 5

static const struct command_spec help_spec =
	COMMAND_SPEC_NO_OPTIONS(0, 0, NULL);

/* qsort() order: by name. */
static int compare_commands(const void *a, const void *b)
{
	const struct command *const *x = a;
	const struct command *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

static int help_exec(int argc, char **argv)
{
	const struct command **sorted;
	const struct command *command;
	size_t count = 0;
	size_t i;
	int rc;

	rc = parse_options(argc, argv, &help_spec, NULL);
	if (rc < 0)
		return rc;
	sorted = calloc(table_count(commands), sizeof(sorted[0]));
	if (!sorted)
		return print_error(argv[0], ERR(ENOMEM));
	for_each_table_entry(command, commands)
		sorted[count++] = command;
	qsort(sorted, count, sizeof(sorted[0]), compare_commands);

	printf("Available commands:\n\n");
	for (i = 0; i < count; i++) {
		size_t width = (size_t)printf("  %s", sorted[i]->name);

		if ((i + 1) % HELP_PER_ROW == 0 || i + 1 == count) {
			printf("\n");
			continue;
		}
		do {
			printf(" ");
		} while (++width < HELP_COLUMN);
	}
	printf("\nType \"<command> --help\" for how to use a command.\n");
	free(sorted);
	return 0;
}

struct command help_command __command = {
	.name = "help",
	.exec = help_exec,
};
