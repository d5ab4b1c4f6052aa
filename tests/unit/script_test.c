/*
 * Unit tests for the script image type: recognising scripts, running
 * their lines, line ends and continuations, labels, "goto", nested
 * scripts, and how failures and "exit" end a script.
 */
#include <string.h>
#include <wireboot/image.h>
#include <wireboot/command.h>
#include <wireboot/shell.h>
#include <wireboot/script.h>
#include <wireboot/errors.h>
#include "unittest.h"
#include "console_capture.h"

/* Test command: fail with a recognisable error. */
static int script_fail_exec(int argc, char **argv)
{
	return ERR_IN(ESUB_CORE, EPIPE);
}

static struct command unittest_script_fail __command = {
	.name = "unittest-script-fail",
	.exec = script_fail_exec,
};

/* The script "unittest-script-inner" runs. */
static const char *inner_script;

/* Test command: run INNER_SCRIPT as a nested script, as "chain" will. */
static int script_inner_exec(int argc, char **argv)
{
	struct image *image;
	int rc;

	image = image_alloc("inner.ipxe", inner_script, strlen(inner_script));
	if (!image)
		return ERR_IN(ESUB_CORE, ENOMEM);
	rc = image_exec(image);
	image_put(image);
	return rc;
}

static struct command unittest_script_inner __command = {
	.name = "unittest-script-inner",
	.exec = script_inner_exec,
};

/* Is TEXT recognised as a script? */
static bool is_script(const char *text)
{
	struct image *image = image_alloc("probe", text, strlen(text));
	bool script;

	if (!image)
		return false;
	script = image_probe(image) == 0 &&
		 strcmp(image->type->name, "script") == 0;
	image_put(image);
	return script;
}

/* Run TEXT as an image, with output captured into *OUTPUT. */
static int run_script(const char *text, const char **output)
{
	struct image *image = image_alloc("test.ipxe", text, strlen(text));
	int rc;

	if (!image)
		return ERR_IN(ESUB_CORE, ENOMEM);
	capture_start(NULL, 0);
	rc = image_exec(image);
	*output = capture_stop();
	image_put(image);
	return rc;
}

UNIT_TEST(script_probe_magic)
{
	ok(is_script("#!ipxe\n"));
	ok(is_script("#!gpxe\r\necho hi\n"));
	ok(is_script("#!wireboot\n"));
	ok(is_script("#!ipxe echo on the first line\n"));
	ok(is_script("#!ipxe\t\n"));
	ok(!is_script("#!ipxe"));
	ok(!is_script("#!ipxex\n"));
	ok(!is_script("#!IPXE\n"));
	ok(!is_script("#!/bin/sh\n"));
	ok(!is_script(" #!ipxe\n"));
	ok(!is_script(""));
}

UNIT_TEST(script_runs_lines_in_order)
{
	const char *output;

	ok_eq(run_script("#!ipxe\necho one\n\n   \n# comment\necho two\n",
			 &output), 0);
	ok_str(output, "one\ntwo\n");
	ok_eq(run_script("#!ipxe\n", &output), 0);
	ok_str(output, "");
}

UNIT_TEST(script_line_ends)
{
	const char *output;

	ok_eq(run_script("#!ipxe\r\necho a\r\n\r\necho b", &output), 0);
	ok_str(output, "a\nb\n");
	ok_eq(run_script("#!ipxe\necho a \\\nb\\\r\nc\necho d\n", &output), 0);
	ok_str(output, "a bc\nd\n");
	ok_eq(run_script("#!ipxe\necho end\\", &output), 0);
	ok_str(output, "end\n");
}

UNIT_TEST(script_labels)
{
	const char *output;

	ok_eq(run_script("#!ipxe\n:start\n  :again echo labelled\n:\necho end\n",
			 &output), 0);
	ok_str(output, "labelled\nend\n");
}

UNIT_TEST(script_failure_stops_it)
{
	const char *output;

	ok_eq(run_script("#!ipxe\necho a\nunittest-script-fail\necho b\n",
			 &output), ERR_IN(ESUB_CORE, EPIPE));
	ok_str(output, "a\n");
	ok_eq(run_script("#!ipxe\nunittest-script-fail || echo handled\n"
			 "echo after\n", &output), 0);
	ok_str(output, "handled\nafter\n");
	ok_eq(run_script("#!ipxe\nno-such-command\necho b\n", &output),
	      ERR_IN(ESUB_COMMAND, ENOENT));
	ok_str(output, "no-such-command: command not found\n");
}

UNIT_TEST(script_exit_status)
{
	const char *output;
	int rc;

	rc = run_script("#!ipxe\necho a\nexit 5\necho b\n", &output);
	ok_eq(rc, ERR_IN(ESUB_SHELL, ENOEXIT));
	ok_eq(exit_status(rc), 5);
	ok_str(output, "a\n");
	/* The script used up the stop: nothing else is stopped. */
	ok(!shell_stopped(SHELL_STOP_LINE));

	ok_eq(run_script("#!ipxe\nexit\necho b\n", &output), 0);
	ok_str(output, "");
	ok_eq(run_script("#!ipxe\nunittest-script-fail || exit 0\necho b\n",
			 &output), 0);
	ok_str(output, "");
	ok(!shell_stopped(SHELL_STOP_LINE));
}

UNIT_TEST(script_goto_moves)
{
	const char *output;

	ok_eq(run_script("#!ipxe\ngoto b\n:a\necho a\n:b\necho b\n",
			 &output), 0);
	ok_str(output, "b\n");
	/* Backwards, from inside a chain, ending the rest of the line. */
	ok_eq(run_script("#!ipxe\nset unittest-n:int32 0\n"
			 ":loop echo n=${unittest-n}\ninc unittest-n\n"
			 "iseq ${unittest-n} 2 || goto loop ; echo after\n"
			 "echo done\n", &output), 0);
	ok_str(output, "n=0\nn=1\nafter\ndone\n");
	/* The first of two labels of one name wins; only whole names match. */
	ok_eq(run_script("#!ipxe\ngoto x\n:xy echo xy\n:x echo first\n"
			 "exit\n:x echo second\n", &output), 0);
	ok_str(output, "first\n");
	/* A label reached through a continuation line. */
	ok_eq(run_script("#!ipxe\ngoto c\necho \\\n:c\n:c echo c\n",
			 &output), 0);
	ok_str(output, "c\n");
}

UNIT_TEST(script_goto_missing_label)
{
	const char *output;

	ok_eq(run_script("#!ipxe\ngoto nowhere\necho b\n", &output),
	      ERR_IN(ESUB_SCRIPT, ENOENT));
	ok_str(output, "");
	ok_eq(run_script("#!ipxe\ngoto nowhere || echo handled\n", &output),
	      0);
	ok_str(output, "handled\n");
	ok_eq(script_goto("anywhere"), ERR_IN(ESUB_SCRIPT, ENOTTY));
	capture_start(NULL, 0);
	ok_eq(run_command_line("goto anywhere"), ERR_IN(ESUB_SCRIPT, ENOTTY));
	ok_str(capture_stop(), "goto: not in a script\n");
}

UNIT_TEST(script_nested)
{
	const char *output;

	/* goto in the inner script moves the inner one only. */
	inner_script = "#!ipxe\ngoto end\necho skipped\n:end echo inner\n";
	ok_eq(run_script("#!ipxe\nunittest-script-inner\ngoto end\n"
			 "echo skipped\n:end\necho outer\n", &output), 0);
	ok_str(output, "inner\nouter\n");
	/* exit ends the inner script, not the outer one. */
	inner_script = "#!ipxe\necho inner\nexit\necho skipped\n";
	ok_eq(run_script("#!ipxe\nunittest-script-inner\necho outer\n",
			 &output), 0);
	ok_str(output, "inner\nouter\n");
	/* A label only the outer script has is not found from the inner. */
	inner_script = "#!ipxe\ngoto outer_only || echo not here\n";
	ok_eq(run_script("#!ipxe\nunittest-script-inner\n:outer_only\n"
			 "echo outer\n", &output), 0);
	ok_str(output, "not here\nouter\n");
}

UNIT_TEST(script_hide_for_shell)
{
	static const char keys[] = "goto x\rexit\r";
	struct script_place saved;
	const char *output;

	inner_script = "#!ipxe\n";
	script_hide(&saved);
	ok(saved.image == NULL);
	ok_eq(script_goto("x"), ERR_IN(ESUB_SCRIPT, ENOTTY));
	script_unhide(&saved);
	/* The shell command hides the script: goto typed there fails. */
	capture_start(keys, sizeof(keys) - 1);
	ok_eq(run_command_line("shell"), 0);
	output = capture_stop();
	ok(strstr(output, "goto: not in a script\n") != NULL);
}
