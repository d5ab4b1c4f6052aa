/*
 * Process entry for bin-linux/wireboot: parses the command line, opens the
 * --netdev devices, puts the terminal in raw mode when there is one, and
 * starts the core.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../host.h"

static void usage(FILE *out, const char *argv0)
{
	fprintf(out,
		"Usage: %s [options]\n"
		"Runs wireboot as a Linux process: the shell on this terminal, or a script.\n"
		"\n"
		"  --script FILE               run FILE (an iPXE script) and exit with its status\n"
		"  --smbios-uuid UUID          report this system UUID (as ${uuid})\n"
		"  --smbios-manufacturer TEXT  report this manufacturer (as ${manufacturer})\n"
		"  --smbios-product TEXT       report this product name (as ${product})\n"
		"  --smbios-serial TEXT        report this serial number (as ${serial})\n"
		"  --netdev tap:NAME           add a NIC on the tap device NAME (repeatable)\n"
		"  --netdev packet:IFACE       add a NIC on the existing interface IFACE through\n"
		"                              an AF_PACKET socket (e.g. one end of a veth pair)\n"
		"  --help                      show this help\n",
		argv0);
}

/*
 * Parse SPEC ("tap:NAME" or "packet:IFACE") and open it as the next NIC.
 * Returns 0, or prints why not and returns the exit status (2).
 */
static int add_netdev(struct host_options *options, const char *argv0,
		      const char *spec)
{
	struct host_netdev *netdev;
	const char *colon = strchr(spec, ':');
	const char *name = colon ? colon + 1 : "";
	int err;

	if (options->num_netdevs == HOST_NETDEV_MAX) {
		fprintf(stderr, "%s: too many --netdev options (at most %d)\n",
			argv0, HOST_NETDEV_MAX);
		return 2;
	}
	netdev = &options->netdevs[options->num_netdevs];
	memset(netdev, 0, sizeof(*netdev));
	if (colon && (size_t)(colon - spec) == 3 && strncmp(spec, "tap", 3) == 0)
		netdev->kind = HOST_NET_TAP;
	else if (colon && (size_t)(colon - spec) == 6 &&
		 strncmp(spec, "packet", 6) == 0)
		netdev->kind = HOST_NET_PACKET;
	if (!netdev->kind || !*name || strlen(name) > HOST_IFNAME_MAX ||
	    strpbrk(name, "/: \t")) {
		fprintf(stderr, "%s: bad --netdev '%s': expected tap:NAME or "
			"packet:IFACE (NAME at most %d characters)\n", argv0,
			spec, HOST_IFNAME_MAX);
		return 2;
	}
	strcpy(netdev->ifname, name);
	err = host_net_open(netdev);
	if (err) {
		fprintf(stderr, "%s: cannot open %s '%s': %s\n", argv0,
			netdev->kind == HOST_NET_TAP ? "tap" : "packet", name,
			host_strerror(err));
		return 2;
	}
	options->num_netdevs++;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "script", required_argument, NULL, 's' },
		{ "smbios-uuid", required_argument, NULL, 'u' },
		{ "smbios-manufacturer", required_argument, NULL, 'm' },
		{ "smbios-product", required_argument, NULL, 'p' },
		{ "smbios-serial", required_argument, NULL, 'n' },
		{ "netdev", required_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct host_options options;
	int status;
	int c;

	memset(&options, 0, sizeof(options));
	while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
		switch (c) {
		case 's':
			options.script = optarg;
			break;
		case 'u':
			options.smbios_uuid = optarg;
			break;
		case 'm':
			options.smbios_manufacturer = optarg;
			break;
		case 'p':
			options.smbios_product = optarg;
			break;
		case 'n':
			options.smbios_serial = optarg;
			break;
		case 'N':
			status = add_netdev(&options, argv[0], optarg);
			if (status)
				return status;
			break;
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		default:
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", argv[0],
			argv[optind]);
		usage(stderr, argv[0]);
		return 2;
	}
	host_exit(linux_start(&options));
}
