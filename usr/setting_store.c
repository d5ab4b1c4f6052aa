/*
 * Storing a value into a setting named on a command line ("set", "read",
 * "choose", "inc", "nslookup"), with a failure reported the same way by
 * every command.
 */
#include <stdio.h>
#include <wireboot/command.h>
#include <wireboot/errors.h>
#include <wireboot/parseopt.h>
#include <wireboot/settings.h>

int store_named_setting(const char *command, const char *name,
			const struct named_setting *named, const char *text)
{
	int rc = storef_setting(named->settings, &named->setting, text);

	if (rc != 0)
		printf("%s: cannot store \"%s\": %s\n", command, name,
		       errstr(rc));
	return rc;
}
