/* The "reboot" and "poweroff" commands. */
#include <stdio.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/platform.h>
#include <wireboot/errors.h>

struct reboot_options {
	/* --warm: skip the memory test where the platform can. */
	bool warm;
};

static const struct option_spec reboot_opts[] = {
	OPTION("warm", 'w', OPT_NO_ARG, struct reboot_options, warm,
	       parse_flag),
};

static const struct command_spec reboot_spec =
	COMMAND_SPEC(reboot_opts, 0, 0, "[--warm]");

static int reboot_exec(int argc, char **argv)
{
	struct reboot_options opts = { .warm = false };
	int first;

	first = parse_options(argc, argv, &reboot_spec, &opts);
	if (first < 0)
		return first;
	platform_reboot(opts.warm);
}

static const struct command_spec poweroff_spec =
	COMMAND_SPEC_NO_OPTIONS(0, 0, NULL);

static int poweroff_exec(int argc, char **argv)
{
	int rc;

	rc = parse_options(argc, argv, &poweroff_spec, NULL);
	if (rc < 0)
		return rc;
	rc = platform_poweroff();
	if (rc != 0)
		printf("%s: cannot power off: %s\n", argv[0], errstr(rc));
	return rc;
}

struct command reboot_command __command = {
	.name = "reboot",
	.exec = reboot_exec,
};

struct command poweroff_command __command = {
	.name = "poweroff",
	.exec = poweroff_exec,
};
