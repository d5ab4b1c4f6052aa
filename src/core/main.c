/*
 * The start-up flow every platform shares: run the hooks, show the banner,
 * offer Ctrl-B for the shell, then run the first loaded image (embedded
 * script, initrd, --script file); without one, boot from the network
 * (autoboot) when the machine has a NIC, and open the shell if that
 * comes back.  The hosted build, a tool for tests, opens the shell
 * instead of autobooting (type "autoboot" there to try it).
 */
#include <stdio.h>
#include <wireboot/autoboot.h>
#include <wireboot/netdevice.h>
#include <wireboot/platform.h>
#include <wireboot/init.h>
#include <wireboot/console.h>
#include <wireboot/feature.h>
#include <wireboot/image.h>
#include <wireboot/shell.h>
#include <wireboot/errors.h>
#include <wireboot/time.h>

struct startup_options startup_options = {
	.banner = true,
	.prompt_ms = 2000,
	.shell_after_script = true,
	.autoboot = true,
	.shell_after_autoboot = true,
};

/* Print the name, version, platform and feature list. */
static void print_banner(void)
{
	const struct feature *feature;

	printf("\nwireboot %s (%s) -- open source network boot firmware\n",
	       WIREBOOT_VERSION, platform_name);
	printf("Features:");
	for_each_table_entry(feature, features)
		printf(" %s", feature->name);
	printf("\n");
}

/*
 * Offer Ctrl-B for the shell; true if the user took it.  Any other key
 * ends the wait early.
 */
static bool shell_requested(void)
{
	int key;

	if (!startup_options.prompt_ms)
		return false;
	printf("Press Ctrl-B for the wireboot shell...");
	key = getkey(startup_options.prompt_ms);
	printf("\n");
	return key == CTRL('B');
}

/*
 * Should start-up boot from the network?  Firmware does when it has a
 * NIC; the hosted build turns it off (a process opens its shell).
 */
static bool want_autoboot(void)
{
	return startup_options.autoboot && !list_empty(&net_devices);
}

int wireboot_main(void)
{
	struct image *image = NULL;
	bool want_shell;
	int rc = 0;

	initialise();
	startup();
	want_shell = startup_options.shell_first;
	if (startup_options.banner) {
		print_banner();
		want_shell = want_shell || shell_requested();
	}
	if (!want_shell && !list_empty(&images))
		image = list_first_entry(&images, struct image, list);
	if (image) {
		rc = image_exec(image);
		if (rc != 0 && !err_is(rc, ENOEXIT) &&
		    startup_options.shell_after_script)
			print_error(image->name, rc);
		if (startup_options.shell_after_script)
			rc = shell();
	} else if (!want_shell && want_autoboot()) {
		rc = autoboot(NULL, 0);
		if (startup_options.shell_after_autoboot) {
			if (rc != 0)
				printf("Nothing was booted; opening the shell\n");
			rc = shell();
		} else if (rc != 0) {
			printf("Nothing was booted\n");
		}
	} else {
		rc = shell();
	}
	shutdown(SHUTDOWN_EXIT);
	return rc;
}
