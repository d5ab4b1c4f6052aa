/*
 * Network interface commands, as iPXE documents them:
 *   ifopen [<interface>...]   open the interfaces (all when none is named)
 *   ifclose [<interface>...]  close them
 *   ifstat [<interface>...]   show their state and counters:
 *
 *   net0: 52:54:00:12:34:56 using rtl8139 on PCI00:03.0 (Ethernet) [open]
 *     [Link:up, TX:5 TXE:0 RX:10 RXE:3]
 *     [RXE: 3 x "Operation not supported (ethernet)"]
 *
 * Every name is checked before anything is done, so a typo changes nothing.
 */
#include <stdio.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/netdevice.h>
#include <wireboot/ethernet.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

/*
 * Parse ARGV against SPEC and call FN for each named interface, or for
 * every interface when none is named.  Stops at the first failure.
 */
static int for_each_named_netdev(int argc, char **argv,
				 const struct command_spec *spec,
				 int (*fn)(const char *command,
					   struct net_device *netdev))
{
	struct net_device *netdev;
	int first;
	int i;
	int rc;

	first = parse_options(argc, argv, spec, NULL);
	if (first < 0)
		return first;
	for (i = first; i < argc; i++) {
		if (!find_netdev(argv[i])) {
			printf("%s: no such interface: %s\n", argv[0], argv[i]);
			return ERR(ENODEV);
		}
	}
	if (first == argc) {
		for_each_netdev(netdev) {
			if ((rc = fn(argv[0], netdev)) != 0)
				return rc;
		}
		return 0;
	}
	for (i = first; i < argc; i++) {
		if ((rc = fn(argv[0], find_netdev(argv[i]))) != 0)
			return rc;
	}
	return 0;
}

static const struct command_spec ifcommon_spec =
	COMMAND_SPEC_NO_OPTIONS(0, MAX_ARGS, "[<interface>...]");

/* Open one interface, saying why it failed. */
static int ifopen_one(const char *command, struct net_device *netdev)
{
	int rc = netdev_open(netdev);

	if (rc != 0)
		printf("%s: could not open %s: %s\n", command, netdev->name,
		       errstr(rc));
	return rc;
}

static int ifopen_exec(int argc, char **argv)
{
	return for_each_named_netdev(argc, argv, &ifcommon_spec, ifopen_one);
}

static int ifclose_one(const char *command, struct net_device *netdev)
{
	netdev_close(netdev);
	return 0;
}

static int ifclose_exec(int argc, char **argv)
{
	return for_each_named_netdev(argc, argv, &ifcommon_spec, ifclose_one);
}

/* Print the error breakdown of one direction, most frequent first. */
static void ifstat_errors(const char *label, const struct netdev_stats *stats)
{
	const struct netdev_error_count *shown[NETDEV_MAX_ERRORS];
	const struct netdev_error_count *entry;
	unsigned int count = 0;
	unsigned int i;
	unsigned int j;

	for (i = 0; i < NETDEV_MAX_ERRORS; i++) {
		entry = &stats->errors[i];
		if (!entry->count)
			continue;
		for (j = count; j > 0 && shown[j - 1]->count < entry->count; j--)
			shown[j] = shown[j - 1];
		shown[j] = entry;
		count++;
	}
	for (i = 0; i < count; i++)
		printf("  [%s: %u x \"%s\"]\n", label, shown[i]->count,
		       errstr(shown[i]->rc));
}

static int ifstat_one(const char *command, struct net_device *netdev)
{
	printf("%s: %s using %s on %s (Ethernet) [%s]\n", netdev->name,
	       eth_ntoa(netdev->ll_addr), netdev->driver_name,
	       netdev->location, netdev_is_open(netdev) ? "open" : "closed");
	printf("  [Link:%s, TX:%u TXE:%u RX:%u RXE:%u]\n",
	       netdev_link_ok(netdev) ? "up" : "down", netdev->tx_stats.good,
	       netdev->tx_stats.bad, netdev->rx_stats.good,
	       netdev->rx_stats.bad);
	if (!netdev_link_ok(netdev))
		printf("  [Link status: %s]\n", errstr(netdev->link_rc));
	ifstat_errors("TXE", &netdev->tx_stats);
	ifstat_errors("RXE", &netdev->rx_stats);
	return 0;
}

static int ifstat_exec(int argc, char **argv)
{
	return for_each_named_netdev(argc, argv, &ifcommon_spec, ifstat_one);
}

struct command ifopen_command __command = {
	.name = "ifopen",
	.exec = ifopen_exec,
};

struct command ifclose_command __command = {
	.name = "ifclose",
	.exec = ifclose_exec,
};

struct command ifstat_command __command = {
	.name = "ifstat",
	.exec = ifstat_exec,
};
