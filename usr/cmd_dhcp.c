/*
 * DHCP commands, as iPXE documents them:
 *   dhcp [<interface>...]          configure by DHCP the named interfaces
 *                                  (or every one), stopping at the first
 *                                  that succeeds
 *   ifconf [--configurator dhcp] [<interface>...]
 *                                  the same through the generic name; DHCP
 *                                  is the only configurator there is
 *   pxebs <interface> <type>       PXE boot server discovery for a server
 *                                  type (a number, e.g. 0 for PXE bootstrap)
 * Each shows "DHCP (net0 52:54:00:12:34:56)... ok" or why it failed;
 * Ctrl-C cancels.
 */
#include <string.h>
#include <stdio.h>
#include <wireboot/command.h>
#include <wireboot/console.h>
#include <wireboot/dhcp.h>
#include <wireboot/errors.h>
#include <wireboot/ethernet.h>
#include <wireboot/interface.h>
#include <wireboot/netdevice.h>
#include <wireboot/parseopt.h>
#include <wireboot/platform.h>
#include <wireboot/process.h>
#include <wireboot/time.h>

#define ERR_SUBSYS ESUB_COMMAND

/* Waits for a DHCP job to close. */
struct dhcp_waiter {
	struct interface job;
	bool done;
	int rc;
};

static void waiter_close(struct dhcp_waiter *waiter, int rc)
{
	intf_shutdown(&waiter->job, rc);
	waiter->done = true;
	waiter->rc = rc;
}

static const struct interface_operation waiter_ops[] = {
	INTF_OP(intf_close, struct dhcp_waiter *, waiter_close),
};
static const struct interface_descriptor waiter_desc =
	INTF_DESC(struct dhcp_waiter, job, waiter_ops);

/*
 * Run a job started by START on NETDEV (ARG passed on), printing LABEL,
 * a dot a second while waiting, then "ok" or the error.
 */
static int run_job(const char *label, struct net_device *netdev,
		   int (*start)(struct interface *job,
				struct net_device *netdev, unsigned int arg),
		   unsigned int arg)
{
	struct dhcp_waiter waiter = { .done = false };
	unsigned long last;
	int rc;

	intf_init(&waiter.job, &waiter_desc, NULL);
	printf("%s (%s %s)...", label, netdev->name,
	       eth_ntoa(netdev->ll_addr));
	rc = netdev_open(netdev);
	if (rc == 0)
		rc = start(&waiter.job, netdev, arg);
	if (rc == 0) {
		last = now_ms();
		while (!waiter.done) {
			step();
			if (iskey() && getkey(1) == CTRL('C')) {
				intf_shutdown(&waiter.job, ERR(ECANCELED));
				waiter.rc = ERR(ECANCELED);
				break;
			}
			if (ms_since(last) >= 1000) {
				printf(".");
				last = now_ms();
			}
			if (!waiter.done)
				platform_idle();
		}
		rc = waiter.rc;
	}
	printf(" %s\n", rc == 0 ? "ok" : errstr(rc));
	return rc;
}

static int dhcp_start(struct interface *job, struct net_device *netdev,
		      unsigned int arg)
{
	return start_dhcp(job, netdev);
}

/*
 * Configure by DHCP the interfaces named from ARGV[FIRST] on (all of them
 * when none is), stopping at the first that succeeds.
 */
static int configure(int argc, char **argv, int first)
{
	struct net_device *netdev;
	int i;
	int rc = ERR(ENODEV);

	for (i = first; i < argc; i++) {
		if (!find_netdev(argv[i])) {
			printf("%s: no such interface: %s\n", argv[0], argv[i]);
			return ERR(ENODEV);
		}
	}
	if (first == argc) {
		for_each_netdev(netdev) {
			rc = run_job("DHCP", netdev, dhcp_start, 0);
			if (rc == 0 || err_is(rc, ECANCELED))
				return rc;
		}
	} else {
		for (i = first; i < argc; i++) {
			rc = run_job("DHCP", find_netdev(argv[i]), dhcp_start,
				     0);
			if (rc == 0 || err_is(rc, ECANCELED))
				return rc;
		}
	}
	printf("%s: no interface could be configured\n", argv[0]);
	return rc;
}

static const struct command_spec dhcp_spec =
	COMMAND_SPEC_NO_OPTIONS(0, MAX_ARGS, "[<interface>...]");

static int dhcp_exec(int argc, char **argv)
{
	int first = parse_options(argc, argv, &dhcp_spec, NULL);

	if (first < 0)
		return first;
	return configure(argc, argv, first);
}

struct command dhcp_command __command = {
	.name = "dhcp",
	.exec = dhcp_exec,
};

struct ifconf_options {
	const char *configurator;
};

static const struct option_spec ifconf_opts[] = {
	OPTION("configurator", 'c', OPT_REQUIRED_ARG, struct ifconf_options,
	       configurator, parse_string),
};

static const struct command_spec ifconf_spec =
	COMMAND_SPEC(ifconf_opts, 0, MAX_ARGS,
		     "[--configurator <configurator>] [<interface>...]");

static int ifconf_exec(int argc, char **argv)
{
	struct ifconf_options opts = { .configurator = NULL };
	int first = parse_options(argc, argv, &ifconf_spec, &opts);

	if (first < 0)
		return first;
	if (opts.configurator && strcmp(opts.configurator, "dhcp") != 0) {
		printf("%s: unknown configurator '%s'\n", argv[0],
		       opts.configurator);
		return ERR(ENOTSUP);
	}
	return configure(argc, argv, first);
}

struct command ifconf_command __command = {
	.name = "ifconf",
	.exec = ifconf_exec,
};

static int pxebs_start(struct interface *job, struct net_device *netdev,
		       unsigned int type)
{
	return start_pxebs(job, netdev, type);
}

static const struct command_spec pxebs_spec =
	COMMAND_SPEC_NO_OPTIONS(2, 2, "<interface> <server_type>");

static int pxebs_exec(int argc, char **argv)
{
	struct net_device *netdev;
	unsigned long type;
	int first;

	first = parse_options(argc, argv, &pxebs_spec, NULL);
	if (first < 0)
		return first;
	netdev = find_netdev(argv[first]);
	if (!netdev) {
		printf("%s: no such interface: %s\n", argv[0], argv[first]);
		return ERR(ENODEV);
	}
	if (parse_integer(argv[first + 1], &type) != 0 || type > 0xffff) {
		printf("%s: invalid server type '%s'\n", argv[0],
		       argv[first + 1]);
		return ERR(EINVAL);
	}
	return run_job("PXEBS", netdev, pxebs_start, (unsigned int)type);
}

struct command pxebs_command __command = {
	.name = "pxebs",
	.exec = pxebs_exec,
};
