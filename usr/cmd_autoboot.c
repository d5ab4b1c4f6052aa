/*
 * "autoboot [<interface>...]", as iPXE documents it: boot from the named
 * network devices (all of them, in order, when none is named) the way
 * the firmware does at start-up (<wireboot/autoboot.h>).
 */
#include <stdio.h>
#include <stdlib.h>
#include <wireboot/autoboot.h>
#include <wireboot/command.h>
#include <wireboot/errors.h>
#include <wireboot/netdevice.h>
#include <wireboot/parseopt.h>

#define ERR_SUBSYS ESUB_COMMAND

static const struct command_spec autoboot_spec =
	COMMAND_SPEC_NO_OPTIONS(0, MAX_ARGS, "[<interface>...]");

static int autoboot_exec(int argc, char **argv)
{
	struct net_device **netdevs;
	unsigned int count;
	int first;
	int rc;
	int i;

	first = parse_options(argc, argv, &autoboot_spec, NULL);
	if (first < 0)
		return first;
	count = (unsigned int)(argc - first);
	netdevs = calloc(count + 1, sizeof(*netdevs));
	if (!netdevs)
		return ERR(ENOMEM);
	for (i = first; i < argc; i++) {
		netdevs[i - first] = find_netdev(argv[i]);
		if (!netdevs[i - first]) {
			printf("%s: no such interface: %s\n", argv[0], argv[i]);
			free(netdevs);
			return ERR(ENODEV);
		}
	}
	rc = autoboot(netdevs, count);
	free(netdevs);
	return rc;
}

struct command autoboot_command __command = {
	.name = "autoboot",
	.exec = autoboot_exec,
};
