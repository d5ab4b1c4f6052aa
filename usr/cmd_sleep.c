/* The "sleep" command: wait a number of seconds; Ctrl-C cuts it short. */
#include <stdio.h>
#include <limits.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/time.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

static const struct command_spec sleep_spec =
	COMMAND_SPEC_NO_OPTIONS(1, 1, "<seconds>");

static int sleep_exec(int argc, char **argv)
{
	unsigned long seconds;
	int first;
	int rc;

	first = parse_options(argc, argv, &sleep_spec, NULL);
	if (first < 0)
		return first;
	rc = parse_integer(argv[first], &seconds);
	if (rc != 0 || seconds > ULONG_MAX / 1000) {
		printf("%s: invalid number of seconds '%s'\n", argv[0],
		       argv[first]);
		return rc ? rc : ERR(ERANGE);
	}
	return sleep_ms(seconds * 1000);
}

struct command sleep_command __command = {
	.name = "sleep",
	.exec = sleep_exec,
};
