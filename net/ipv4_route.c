/*
 * The IPv4 routing table: one route per device with ${netX/ip} set, rebuilt
 * whenever settings change, and the choice of device, next hop and source
 * address for a destination.  See <wireboot/ipv4.h>.
 */
#include <stdlib.h>
#include <wireboot/ipv4.h>
#include <wireboot/netdevice.h>
#include <wireboot/settings.h>
#include <wireboot/builtin_settings.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_IPV4

LIST_HEAD(ipv4_routes);

uint32_t ipv4_default_netmask(uint32_t addr)
{
	uint8_t first = (uint8_t)(ntohl(addr) >> 24);

	if (first < 128)
		return htonl(0xff000000U);
	if (first < 192)
		return htonl(0xffff0000U);
	return htonl(0xffffff00U);
}

/* Remove every route. */
static void ipv4_clear_routes(void)
{
	struct ipv4_route *route;

	while (!list_empty(&ipv4_routes)) {
		route = list_first_entry(&ipv4_routes, struct ipv4_route, list);
		list_del(&route->list);
		netdev_put(route->netdev);
		free(route);
	}
}

/* Add the route NETDEV's settings describe, if it has an address. */
static int ipv4_add_route(struct net_device *netdev)
{
	struct settings *settings = &netdev->settings.settings;
	struct ipv4_route *route;
	uint32_t address = 0;
	uint32_t netmask = 0;
	uint32_t gateway = 0;

	if (fetch_ipv4_setting(settings, &ip_setting, &address) < 0 ||
	    address == INADDR_ANY)
		return 0;
	if (fetch_ipv4_setting(settings, &netmask_setting, &netmask) < 0 ||
	    netmask == 0)
		netmask = ipv4_default_netmask(address);
	if (fetch_ipv4_setting(settings, &gateway_setting, &gateway) < 0)
		gateway = 0;
	route = zalloc(sizeof(*route));
	if (!route)
		return ERR(ENOMEM);
	route->netdev = netdev_get(netdev);
	route->address = address;
	route->netmask = netmask;
	route->gateway = gateway;
	list_add_tail(&route->list, &ipv4_routes);
	return 0;
}

int ipv4_update_routes(void)
{
	struct net_device *netdev;
	int rc;

	ipv4_clear_routes();
	for_each_netdev(netdev) {
		rc = ipv4_add_route(netdev);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* Settings changed: the routes follow. */
static void ipv4_apply_settings(void)
{
	ipv4_update_routes();
}

static struct settings_applicator ipv4_applicator __settings_applicator = {
	.apply = ipv4_apply_settings,
};

/* A device is going away: drop its route now (it holds a reference). */
static void ipv4_netdev_remove(struct net_device *netdev)
{
	struct ipv4_route *route;
	struct ipv4_route *tmp;

	list_for_each_entry_safe(route, tmp, &ipv4_routes, list) {
		if (route->netdev == netdev) {
			list_del(&route->list);
			netdev_put(route->netdev);
			free(route);
		}
	}
}

static struct netdev_observer ipv4_observer __netdev_observer = {
	.name = "ipv4",
	.remove = ipv4_netdev_remove,
};

uint32_t ipv4_netdev_address(struct net_device *netdev)
{
	struct ipv4_route *route;

	list_for_each_entry(route, &ipv4_routes, list) {
		if (route->netdev == netdev)
			return route->address;
	}
	return INADDR_ANY;
}

bool ipv4_has_address(struct net_device *netdev, uint32_t addr)
{
	struct ipv4_route *route;

	list_for_each_entry(route, &ipv4_routes, list) {
		if (route->netdev == netdev && route->address == addr)
			return true;
	}
	return false;
}

bool ipv4_is_broadcast(struct net_device *netdev, uint32_t addr)
{
	struct ipv4_route *route;

	if (addr == INADDR_BROADCAST)
		return true;
	list_for_each_entry(route, &ipv4_routes, list) {
		if (route->netdev == netdev &&
		    addr == (route->address | ~route->netmask))
			return true;
	}
	return false;
}

/* May ROUTE carry a packet restricted to SCOPE_ID and NETDEV (0/NULL: any)? */
static bool ipv4_route_usable(struct ipv4_route *route,
			      unsigned int scope_id, struct net_device *netdev)
{
	if (!netdev_is_open(route->netdev))
		return false;
	if (scope_id && route->netdev->index + 1 != scope_id)
		return false;
	return !netdev || route->netdev == netdev;
}

/* The open device SCOPE_ID / NETDEV names when it has no route, or NULL. */
static struct net_device *ipv4_scoped_netdev(unsigned int scope_id,
					     struct net_device *netdev)
{
	struct net_device *scoped;

	if (netdev)
		return netdev_is_open(netdev) &&
		       (!scope_id || netdev->index + 1 == scope_id) ?
			       netdev : NULL;
	if (!scope_id)
		return NULL;
	for_each_netdev(scoped) {
		if (scoped->index + 1 == scope_id)
			return netdev_is_open(scoped) ? scoped : NULL;
	}
	return NULL;
}

int ipv4_find_path(uint32_t dest, unsigned int scope_id,
		   struct net_device *netdev, struct ipv4_path *path)
{
	struct ipv4_route *route;
	bool group = dest == INADDR_BROADCAST ||
		     (ntohl(dest) & 0xf0000000U) == 0xe0000000U;

	path->kind = dest == INADDR_BROADCAST ? IPV4_PATH_BROADCAST :
		     group ? IPV4_PATH_MULTICAST : IPV4_PATH_UNICAST;
	path->next_hop = dest;
	list_for_each_entry(route, &ipv4_routes, list) {
		if (!ipv4_route_usable(route, scope_id, netdev))
			continue;
		if (!group && ((dest ^ route->address) & route->netmask))
			continue;
		if (!group && dest == (route->address | ~route->netmask))
			path->kind = IPV4_PATH_BROADCAST;
		path->netdev = route->netdev;
		path->source = route->address;
		return 0;
	}
	if (group) {
		/* Before configuration: the named device, from 0.0.0.0. */
		path->netdev = ipv4_scoped_netdev(scope_id, netdev);
		path->source = INADDR_ANY;
		return path->netdev ? 0 : ERR(ENETUNREACH);
	}
	list_for_each_entry(route, &ipv4_routes, list) {
		if (!ipv4_route_usable(route, scope_id, netdev) ||
		    route->gateway == INADDR_ANY)
			continue;
		path->netdev = route->netdev;
		path->source = route->address;
		path->next_hop = route->gateway;
		return 0;
	}
	return ERR(ENETUNREACH);
}
