/*
 * The "login" command: ask for a user name and a password (shown as
 * asterisks) and store them in the "username" and "password" settings,
 * which HTTP, iSCSI CHAP and others use.  Ctrl-C or Esc cancels and the
 * command fails, so scripts write "login || goto cancelled".
 */
#include <stdio.h>
#include <stdlib.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/settings.h>
#include <wireboot/builtin_settings.h>
#include <wireboot/lineedit.h>
#include <wireboot/errors.h>

static const struct command_spec login_spec =
	COMMAND_SPEC_NO_OPTIONS(0, 0, NULL);

/* Read one line after PROMPT (hidden if HIDDEN) into *LINE. */
static int ask(const char *prompt, bool hidden, char **line)
{
	struct readline_options opts = {
		.hidden = hidden,
		.escape_cancels = true,
	};

	return readline_edit(prompt, &opts, line);
}

static int login_exec(int argc, char **argv)
{
	char *username = NULL;
	char *password = NULL;
	int rc;

	rc = parse_options(argc, argv, &login_spec, NULL);
	if (rc < 0)
		return rc;
	rc = ask("Username: ", false, &username);
	if (rc == 0)
		rc = ask("Password: ", true, &password);
	if (rc == 0)
		rc = storef_setting(NULL, &username_setting, username);
	if (rc == 0)
		rc = storef_setting(NULL, &password_setting, password);
	if (rc != 0 && !err_is(rc, ECANCELED))
		print_error(argv[0], rc);
	free(username);
	free(password);
	return rc;
}

struct command login_command __command = {
	.name = "login",
	.exec = login_exec,
};
