/*
 * Unit tests for running command lines (word splitting, comments, "&&",
 * "||", ";", expansion, stops) and for the basic commands: echo, set, show,
 * clear, sleep, exit and help.
 */
#include <stdio.h>
#include <string.h>
#include <wireboot/command.h>
#include <wireboot/settings.h>
#include <wireboot/shell.h>
#include <wireboot/errors.h>
#include "unittest.h"
#include "console_capture.h"

/* What the "unittest-record" command saw: its words joined by '|'. */
static char recorded[512];
static unsigned int record_runs;

/* Test command: remember the arguments, succeed. */
static int record_exec(int argc, char **argv)
{
	size_t used = 0;
	int i;

	recorded[0] = '\0';
	for (i = 0; i < argc; i++)
		used += (size_t)snprintf(recorded + used, sizeof(recorded) - used,
					 "%s%s", i ? "|" : "", argv[i]);
	record_runs++;
	return 0;
}

/* Test command: fail with an I/O error. */
static int fail_exec(int argc, char **argv)
{
	return ERR_IN(ESUB_CORE, EIO);
}

/* Test command: stop the rest of the line, as "goto" will. */
static int stop_exec(int argc, char **argv)
{
	shell_stop(SHELL_STOP_LINE);
	return 0;
}

static struct command unittest_commands[] __command = {
	{ .name = "unittest-record", .exec = record_exec },
	{ .name = "unittest-fail", .exec = fail_exec },
	{ .name = "unittest-stop", .exec = stop_exec },
};

/* Run LINE with output captured into *OUTPUT; returns its status. */
static int run_captured(const char *line, const char **output)
{
	int rc;

	recorded[0] = '\0';
	record_runs = 0;
	capture_start(NULL, 0);
	rc = run_command_line(line);
	*output = capture_stop();
	return rc;
}

UNIT_TEST(command_find_and_execv)
{
	char *none[] = { NULL };

	ok(find_command("unittest-record") != NULL);
	ok(find_command("echo") != NULL);
	ok(find_command("unittest-nonesuch") == NULL);
	ok(find_command("") == NULL);
	ok_eq(execv_command(0, none), 0);
}

UNIT_TEST(command_split_at_whitespace)
{
	const char *output;

	ok_eq(run_captured("  unittest-record  a\tb   c  ", &output), 0);
	ok_str(recorded, "unittest-record|a|b|c");
	ok_eq(run_captured("unittest-record", &output), 0);
	ok_str(recorded, "unittest-record");
	ok_eq(run_captured("", &output), 0);
	ok_eq(run_captured("   \t ", &output), 0);
	ok_eq(record_runs, 0);
	ok_str(output, "");
}

UNIT_TEST(command_no_quoting)
{
	const char *output;

	ok_eq(run_captured("unittest-record \"a b\" 'c' d\\ e", &output), 0);
	ok_str(recorded, "unittest-record|\"a|b\"|'c'|d\\|e");
}

UNIT_TEST(command_comments)
{
	const char *output;

	ok_eq(run_captured("unittest-record a #b c", &output), 0);
	ok_str(recorded, "unittest-record|a");
	ok_eq(run_captured("unittest-record a#b", &output), 0);
	ok_str(recorded, "unittest-record|a#b");
	ok_eq(run_captured("#!ipxe", &output), 0);
	ok_eq(run_captured("  # unittest-fail", &output), 0);
	ok_eq(record_runs, 0);
	ok_eq(run_captured("unittest-fail # && unittest-record", &output),
	      ERR_IN(ESUB_CORE, EIO));
	ok_eq(record_runs, 0);
}

UNIT_TEST(command_expands_each_word)
{
	struct setting words = { .name = "unittest-words" };
	const char *output;

	ok_eq(storef_setting(NULL, &words, "x y"), 0);
	ok_eq(run_captured("unittest-record ${unittest-words} z", &output), 0);
	ok_str(recorded, "unittest-record|x y|z");
	ok_eq(run_captured("unittest-record pre${unittest-words}post", &output),
	      0);
	ok_str(recorded, "unittest-record|prex ypost");
	/* An unknown setting is an empty word, not a missing one. */
	ok_eq(run_captured("unittest-record ${unittest-unset} end", &output), 0);
	ok_str(recorded, "unittest-record||end");
	/* A separator that comes from expansion is just a word. */
	ok_eq(storef_setting(NULL, &words, "&&"), 0);
	ok_eq(run_captured("unittest-record ${unittest-words} unittest-fail",
			   &output), 0);
	ok_str(recorded, "unittest-record|&&|unittest-fail");
	ok_eq(delete_setting(NULL, &words), 0);
}

UNIT_TEST(command_separators)
{
	const char *output;

	ok_eq(run_captured("unittest-fail && unittest-record a", &output),
	      ERR_IN(ESUB_CORE, EIO));
	ok_eq(record_runs, 0);
	ok_eq(run_captured("unittest-fail || unittest-record b", &output), 0);
	ok_str(recorded, "unittest-record|b");
	ok_eq(run_captured("unittest-record c ; unittest-fail", &output),
	      ERR_IN(ESUB_CORE, EIO));
	ok_eq(record_runs, 1);
	ok_eq(run_captured("unittest-fail ; unittest-record d", &output), 0);
	ok_eq(record_runs, 1);
	ok_eq(run_captured("unittest-record e && unittest-record f", &output),
	      0);
	ok_eq(record_runs, 2);
	ok_str(recorded, "unittest-record|f");
	ok_eq(run_captured("unittest-fail || unittest-fail || unittest-record g",
			   &output), 0);
	ok_str(recorded, "unittest-record|g");
	/* A skipped command keeps the status before it. */
	ok_eq(run_captured("unittest-record h || unittest-fail && "
			   "unittest-record i", &output), 0);
	ok_eq(record_runs, 2);
	ok_str(recorded, "unittest-record|i");
	/* Separators must stand alone as words. */
	ok_eq(run_captured("unittest-record j&&k", &output), 0);
	ok_str(recorded, "unittest-record|j&&k");
	ok_eq(run_captured("&& unittest-record l", &output), 0);
	ok_str(recorded, "unittest-record|l");
}

UNIT_TEST(command_not_found)
{
	const char *output;

	ok_eq(run_captured("unittest-nonesuch a b", &output),
	      ERR_IN(ESUB_COMMAND, ENOENT));
	ok_str(output, "unittest-nonesuch: command not found\n");
	ok_eq(run_captured("unittest-nonesuch || unittest-record x", &output),
	      0);
	ok_str(recorded, "unittest-record|x");
}

UNIT_TEST(command_stop_ends_the_line)
{
	const char *output;

	ok_eq(run_captured("unittest-stop ; unittest-record x", &output), 0);
	ok_eq(record_runs, 0);
	/* The line-sized stop was used up by the line. */
	ok(!shell_stopped(SHELL_STOP_SCRIPT));
	ok_eq(run_captured("unittest-record y", &output), 0);
	ok_eq(record_runs, 1);
}

UNIT_TEST(command_exit)
{
	const char *output;
	int rc;

	rc = run_captured("exit 3 ; unittest-record x", &output);
	ok_eq(rc, ERR_IN(ESUB_SHELL, ENOEXIT));
	ok_eq(exit_status(rc), 3);
	ok_eq(record_runs, 0);
	ok(shell_stopped(SHELL_STOP_SCRIPT));
	ok(!shell_stopped(SHELL_STOP_SCRIPT));

	ok_eq(run_captured("exit", &output), 0);
	ok(shell_stopped(SHELL_STOP_SCRIPT));
	ok_eq(run_captured("exit 0x10", &output), ERR_IN(ESUB_SHELL, ENOEXIT));
	ok_eq(exit_status(ERR_IN(ESUB_SHELL, ENOEXIT)), 16);
	ok(shell_stopped(SHELL_STOP_SCRIPT));

	ok_eq(exit_status(0), 0);
	ok_eq(exit_status(ERR_IN(ESUB_CORE, EIO)), 1);

	/* A bad status is a usage error and stops nothing. */
	ok_eq(run_captured("exit abc", &output), ERR_IN(ESUB_COMMAND, EINVAL));
	ok_str(output, "exit: invalid status 'abc'\n");
	ok(!shell_stopped(SHELL_STOP_LINE));
	ok_eq(run_captured("exit 1 2", &output), ERR_IN(ESUB_COMMAND, EINVAL));
	ok_str(output, "exit: too many arguments\nUsage: exit [<status>]\n");
	ok(!shell_stopped(SHELL_STOP_LINE));
}

UNIT_TEST(command_echo)
{
	const char *output;

	ok_eq(run_captured("echo hello   world", &output), 0);
	ok_str(output, "hello world\n");
	ok_eq(run_captured("echo", &output), 0);
	ok_str(output, "\n");
	ok_eq(run_captured("echo -n no newline", &output), 0);
	ok_str(output, "no newline");
	ok_eq(run_captured("echo hello -n", &output), 0);
	ok_str(output, "hello -n\n");
	ok_eq(run_captured("echo -- -n", &output), 0);
	ok_str(output, "-n\n");
	ok_eq(run_captured("echo --bogus", &output),
	      ERR_IN(ESUB_COMMAND, EINVAL));
	ok_str(output, "echo: unrecognised option '--bogus'\n"
		       "Usage: echo [-n] [<text>...]\n");
	ok_eq(run_captured("echo --help", &output),
	      ERR_IN(ESUB_COMMAND, ECANCELED));
	ok_str(output, "Usage: echo [-n] [<text>...]\n");
}

UNIT_TEST(command_set_show_clear)
{
	const char *output;

	ok_eq(run_captured("set unittest-cmd hello   big world", &output), 0);
	ok_str(output, "");
	ok_eq(run_captured("show unittest-cmd", &output), 0);
	ok_str(output, "unittest-cmd:string = hello big world\n");
	ok_eq(run_captured("echo [${unittest-cmd}]", &output), 0);
	ok_str(output, "[hello big world]\n");

	ok_eq(run_captured("set unittest-num:uint8 200", &output), 0);
	ok_eq(run_captured("show unittest-num", &output), 0);
	ok_str(output, "unittest-num:uint8 = 0xc8\n");
	ok_eq(run_captured("show unittest-num:hex", &output), 0);
	ok_str(output, "unittest-num:hex = c8\n");
	ok_eq(run_captured("set unittest-num:uint8 300", &output) < 0, 1);
	ok(strncmp(output, "set: cannot store \"unittest-num:uint8\": ", 40) == 0);

	ok_eq(run_captured("clear unittest-cmd", &output), 0);
	ok_str(output, "");
	ok(err_is(run_captured("show unittest-cmd", &output), ENOENT));
	ok(strncmp(output, "show: cannot find \"unittest-cmd\": ", 34) == 0);
	ok_eq(run_captured("clear unittest-num", &output), 0);

	/* "set" with no value deletes, as in iPXE. */
	ok_eq(run_captured("set unittest-cmd x", &output), 0);
	ok_eq(run_captured("set unittest-cmd", &output), 0);
	ok(err_is(run_captured("show unittest-cmd", &output), ENOENT));

	ok(run_captured("show unittest-nonesuch-block/x", &output) < 0);
	ok(strncmp(output, "show: bad setting name \"unittest-nonesuch-block/x\": ",
		   52) == 0);
	ok_eq(run_captured("set", &output), ERR_IN(ESUB_COMMAND, EINVAL));
	ok_str(output, "set: missing argument\n"
		       "Usage: set <setting> [<value>...]\n");
	ok_eq(run_captured("show a b", &output), ERR_IN(ESUB_COMMAND, EINVAL));
	ok_eq(run_captured("clear", &output), ERR_IN(ESUB_COMMAND, EINVAL));
}

UNIT_TEST(command_sleep)
{
	const char *output;

	ok_eq(run_captured("sleep 0", &output), 0);
	ok_str(output, "");
	ok_eq(run_captured("sleep soon", &output), ERR_IN(ESUB_COMMAND, EINVAL));
	ok_str(output, "sleep: invalid number of seconds 'soon'\n");
	ok_eq(run_captured("sleep", &output), ERR_IN(ESUB_COMMAND, EINVAL));
	ok_str(output, "sleep: missing argument\nUsage: sleep <seconds>\n");
}

UNIT_TEST(command_help_lists_sorted)
{
	const char *output;
	const char *clear_at;
	const char *echo_at;
	const char *help_at;

	ok_eq(run_captured("help", &output), 0);
	ok(strncmp(output, "Available commands:\n", 20) == 0);
	/* A name is followed by spaces, or ends its row. */
	clear_at = strstr(output, "  clear");
	echo_at = strstr(output, "  echo");
	help_at = strstr(output, "  help");
	ok(clear_at && echo_at && help_at);
	ok(clear_at < echo_at && echo_at < help_at);
	ok(strstr(output, "unittest-record") != NULL);
	ok_eq(run_captured("help me", &output), ERR_IN(ESUB_COMMAND, EINVAL));
}
