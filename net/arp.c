/*
 * ARP (RFC 826) for IPv4 over Ethernet: the neighbour cache, resolution
 * with packets waiting on it, and answering requests for our addresses.
 * See <wireboot/arp.h>.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/arp.h>
#include <wireboot/ipv4.h>
#include <wireboot/ethernet.h>
#include <wireboot/netdevice.h>
#include <wireboot/iobuf.h>
#include <wireboot/timer.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_ARP

/* Neighbours remembered at once; the least recently used goes first. */
#define ARP_MAX_ENTRIES 64

#define ARP_HTYPE_ETHERNET 1
#define ARP_PTYPE_IPV4 0x0800

/* One neighbour, resolved or being resolved. */
struct arp_entry {
	/* In arp_cache, most recently used first. */
	struct list_head list;
	/* The device it is on (a reference is held). */
	struct net_device *netdev;
	uint32_t addr;
	uint8_t ll_addr[ETH_ALEN];
	bool resolved;
	/* While resolving: our address for the requests, and the protocol
	 * and frames waiting (oldest first). */
	uint32_t source;
	const struct net_protocol *protocol;
	struct list_head pending;
	unsigned int num_pending;
	/* Time spent resolving so far, and the wait before the next request
	 * (counted from the timeouts, so tests can drive them). */
	unsigned long waited_ms;
	unsigned long retry_ms;
	/* Next request while resolving; expiry once resolved. */
	struct timer timer;
};

static LIST_HEAD(arp_cache);
static unsigned int arp_entries;

static const struct net_protocol arp_protocol;

/*
 * Count IOB (not yet sent) as a transmit error RC of NETDEV.  The device
 * counts errors only for buffers on its TX queue, so it goes there first.
 */
static void arp_tx_drop(struct net_device *netdev, struct io_buffer *iob,
			int rc)
{
	list_add_tail(&iob->list, &netdev->tx_queue);
	netdev_tx_complete(netdev, iob, rc);
}

/* Drop every packet waiting on ENTRY, counting each as error RC. */
static void arp_drop_pending(struct arp_entry *entry, int rc)
{
	struct io_buffer *iob;

	while (!list_empty(&entry->pending)) {
		iob = list_first_entry(&entry->pending, struct io_buffer, list);
		list_del(&iob->list);
		arp_tx_drop(entry->netdev, iob, rc);
	}
	entry->num_pending = 0;
}

/* Remove ENTRY from the cache, dropping what waits on it with RC. */
static void arp_destroy(struct arp_entry *entry, int rc)
{
	timer_stop(&entry->timer);
	arp_drop_pending(entry, rc);
	list_del(&entry->list);
	arp_entries--;
	netdev_put(entry->netdev);
	free(entry);
}

/* The entry for ADDR on NETDEV, or NULL. */
static struct arp_entry *arp_find(struct net_device *netdev, uint32_t addr)
{
	struct arp_entry *entry;

	list_for_each_entry(entry, &arp_cache, list) {
		if (entry->netdev == netdev && entry->addr == addr)
			return entry;
	}
	return NULL;
}

/* Send an ARP packet of operation OP from NETDEV. */
static int arp_send(struct net_device *netdev, uint16_t op, uint32_t spa,
		    const uint8_t *tha, uint32_t tpa, const uint8_t *ll_dest)
{
	struct io_buffer *iob = alloc_iob(sizeof(struct arp_packet));
	struct arp_packet *arp;

	if (!iob)
		return ERR(ENOMEM);
	arp = iob_put(iob, sizeof(*arp));
	memset(arp, 0, sizeof(*arp));
	put_be16(&arp->htype, ARP_HTYPE_ETHERNET);
	put_be16(&arp->ptype, ARP_PTYPE_IPV4);
	arp->hlen = ETH_ALEN;
	arp->plen = sizeof(uint32_t);
	put_be16(&arp->op, op);
	memcpy(arp->sha, netdev->ll_addr, ETH_ALEN);
	memcpy(&arp->spa, &spa, sizeof(spa));
	if (tha)
		memcpy(arp->tha, tha, ETH_ALEN);
	memcpy(&arp->tpa, &tpa, sizeof(tpa));
	return net_tx(iob, netdev, &arp_protocol, ll_dest);
}

/* A pending entry's timer: ask again with back-off, or give up. */
static void arp_timer_expired(struct timer *timer)
{
	struct arp_entry *entry = container_of(timer, struct arp_entry, timer);

	entry->waited_ms += entry->retry_ms;
	if (entry->resolved || entry->waited_ms >= ARP_RESOLVE_TIMEOUT_MS) {
		arp_destroy(entry, ERR(EHOSTUNREACH));
		return;
	}
	arp_send(entry->netdev, ARP_OP_REQUEST, entry->source, NULL,
		 entry->addr, eth_broadcast);
	entry->retry_ms = MIN(entry->retry_ms * 2, ARP_RETRY_MAX_MS);
	entry->retry_ms = MIN(entry->retry_ms,
			      ARP_RESOLVE_TIMEOUT_MS - entry->waited_ms);
	timer_start(&entry->timer, entry->retry_ms);
}

/* A new, unresolved entry for ADDR on NETDEV (evicting if full), or NULL. */
static struct arp_entry *arp_create(struct net_device *netdev, uint32_t addr)
{
	struct arp_entry *entry;

	if (arp_entries >= ARP_MAX_ENTRIES)
		arp_destroy(list_last_entry(&arp_cache, struct arp_entry, list),
			    ERR(ENOBUFS));
	entry = zalloc(sizeof(*entry));
	if (!entry)
		return NULL;
	entry->netdev = netdev_get(netdev);
	entry->addr = addr;
	INIT_LIST_HEAD(&entry->pending);
	timer_init(&entry->timer, arp_timer_expired, NULL);
	list_add(&entry->list, &arp_cache);
	arp_entries++;
	return entry;
}

/* ENTRY now maps to LL_ADDR: send what waited, and keep it cached. */
static void arp_resolved(struct arp_entry *entry, const uint8_t *ll_addr)
{
	struct io_buffer *iob;

	memcpy(entry->ll_addr, ll_addr, ETH_ALEN);
	entry->resolved = true;
	timer_start(&entry->timer, ARP_CACHE_TIMEOUT_MS);
	while (!list_empty(&entry->pending)) {
		iob = list_first_entry(&entry->pending, struct io_buffer, list);
		list_del(&iob->list);
		entry->num_pending--;
		net_tx(iob, entry->netdev, entry->protocol, entry->ll_addr);
	}
}

int arp_tx(struct io_buffer *iob, struct net_device *netdev,
	   const struct net_protocol *protocol, uint32_t next_hop,
	   uint32_t source)
{
	struct arp_entry *entry;
	struct io_buffer *oldest;
	int rc;

	if (!netdev_is_open(netdev)) {
		arp_tx_drop(netdev, iob, ERR(ENETUNREACH));
		return ERR(ENETUNREACH);
	}
	entry = arp_find(netdev, next_hop);
	if (entry) {
		/* Most recently used first, so eviction takes the stalest. */
		list_del(&entry->list);
		list_add(&entry->list, &arp_cache);
		if (entry->resolved)
			return net_tx(iob, netdev, protocol, entry->ll_addr);
	} else {
		entry = arp_create(netdev, next_hop);
		if (!entry) {
			arp_tx_drop(netdev, iob, ERR(ENOMEM));
			return ERR(ENOMEM);
		}
		entry->source = source;
		entry->retry_ms = ARP_RETRY_MIN_MS;
		rc = arp_send(netdev, ARP_OP_REQUEST, source, NULL, next_hop,
			      eth_broadcast);
		if (rc != 0) {
			arp_destroy(entry, rc);
			arp_tx_drop(netdev, iob, rc);
			return rc;
		}
		timer_start(&entry->timer, entry->retry_ms);
	}
	entry->protocol = protocol;
	list_add_tail(&iob->list, &entry->pending);
	if (++entry->num_pending > ARP_MAX_PENDING) {
		oldest = list_first_entry(&entry->pending, struct io_buffer,
					  list);
		list_del(&oldest->list);
		entry->num_pending--;
		arp_tx_drop(netdev, oldest, ERR(ENOBUFS));
	}
	return 0;
}

int arp_lookup(struct net_device *netdev, uint32_t addr, uint8_t *ll_addr)
{
	struct arp_entry *entry = arp_find(netdev, addr);

	if (!entry || !entry->resolved)
		return ERR(ENOENT);
	memcpy(ll_addr, entry->ll_addr, ETH_ALEN);
	return 0;
}

void arp_flush(void)
{
	while (!list_empty(&arp_cache))
		arp_destroy(list_first_entry(&arp_cache, struct arp_entry,
					     list),
			    ERR(ECANCELED));
}

/* Forget every neighbour on NETDEV. */
static void arp_flush_netdev(struct net_device *netdev, int rc)
{
	struct arp_entry *entry;
	struct arp_entry *tmp;

	list_for_each_entry_safe(entry, tmp, &arp_cache, list) {
		if (entry->netdev == netdev)
			arp_destroy(entry, rc);
	}
}

/*
 * Receive an ARP packet: learn the sender if we know it already or it is
 * talking to us, and answer requests for our addresses.
 */
static int arp_rx(struct io_buffer *iob, struct net_device *netdev,
		  const uint8_t *ll_dest, const uint8_t *ll_source,
		  unsigned int flags)
{
	struct arp_packet arp;
	struct arp_entry *entry;
	uint32_t spa;
	uint32_t tpa;
	bool for_us;
	int rc = 0;

	if (iob_len(iob) < sizeof(arp)) {
		free_iob(iob);
		return ERR(EINVAL);
	}
	memcpy(&arp, iob->data, sizeof(arp));
	free_iob(iob);
	if (get_be16(&arp.htype) != ARP_HTYPE_ETHERNET ||
	    get_be16(&arp.ptype) != ARP_PTYPE_IPV4 || arp.hlen != ETH_ALEN ||
	    arp.plen != sizeof(uint32_t))
		return ERR(ENOTSUP);
	memcpy(&spa, &arp.spa, sizeof(spa));
	memcpy(&tpa, &arp.tpa, sizeof(tpa));
	/* Nobody may claim a broadcast or group link address. */
	if (is_multicast_ether_addr(arp.sha))
		return ERR(EINVAL);
	for_us = ipv4_has_address(netdev, tpa);
	if (spa != INADDR_ANY) {
		entry = arp_find(netdev, spa);
		if (!entry && for_us)
			entry = arp_create(netdev, spa);
		if (entry)
			arp_resolved(entry, arp.sha);
	}
	if (for_us && get_be16(&arp.op) == ARP_OP_REQUEST)
		rc = arp_send(netdev, ARP_OP_REPLY, tpa, arp.sha, spa,
			      arp.sha);
	return rc;
}

static const struct net_protocol arp_protocol __net_protocol = {
	.name = "ARP",
	.ethertype = 0x0806,
	.rx = arp_rx,
};

/* A device closed: its neighbours are forgotten. */
static void arp_netdev_notify(struct net_device *netdev)
{
	if (!netdev_is_open(netdev))
		arp_flush_netdev(netdev, ERR(ENETUNREACH));
}

static void arp_netdev_remove(struct net_device *netdev)
{
	arp_flush_netdev(netdev, ERR(ENODEV));
}

static struct netdev_observer arp_observer __netdev_observer = {
	.name = "arp",
	.notify = arp_netdev_notify,
	.remove = arp_netdev_remove,
};
