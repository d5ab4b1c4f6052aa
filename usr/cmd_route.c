/*
 * The "route" command, as iPXE documents it: one line per configured
 * interface,
 *   net0: 10.0.0.2/255.255.255.0 gw 10.0.0.1
 * with " gw ..." only when there is a gateway and " (inaccessible)" when
 * the interface is closed.  Routes come from ${netX/ip}, ${netX/netmask}
 * and ${netX/gateway}; change them with "set".
 */
#include <stdio.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/netdevice.h>
#include <wireboot/ipv4.h>
#include <wireboot/socket.h>

static const struct command_spec route_spec =
	COMMAND_SPEC_NO_OPTIONS(0, 0, NULL);

static int route_exec(int argc, char **argv)
{
	struct ipv4_route *route;
	int first;

	first = parse_options(argc, argv, &route_spec, NULL);
	if (first < 0)
		return first;
	list_for_each_entry(route, &ipv4_routes, list) {
		/* inet_ntoa() reuses its buffer: one address per printf. */
		printf("%s: %s", route->netdev->name,
		       inet_ntoa(route->address));
		printf("/%s", inet_ntoa(route->netmask));
		if (route->gateway)
			printf(" gw %s", inet_ntoa(route->gateway));
		printf("%s\n", netdev_is_open(route->netdev) ? "" :
		       " (inaccessible)");
	}
	return 0;
}

struct command route_command __command = {
	.name = "route",
	.exec = route_exec,
};
