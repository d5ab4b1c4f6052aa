/*
 * Network devices: registration and names, open/close, link state, the TX
 * and RX queues, counters, and the permanent process that polls open
 * devices and dispatches what they receive.  See <wireboot/netdevice.h>.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/netdevice.h>
#include <wireboot/ethernet.h>
#include <wireboot/iobuf.h>
#include <wireboot/process.h>
#include <wireboot/builtin_settings.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_NETDEV

LIST_HEAD(net_devices);

const struct setting chip_setting __setting = {
	.name = "chip",	/* Network device chip */
	.type = &setting_type_string,
};

/* Remember one more RC in STATS (which already counted it as bad). */
static void netdev_record_error(struct netdev_stats *stats, int rc)
{
	struct netdev_error_count *slot = NULL;
	struct netdev_error_count *entry;
	unsigned int i;

	for (i = 0; i < NETDEV_MAX_ERRORS; i++) {
		entry = &stats->errors[i];
		if (entry->count && entry->rc == rc) {
			entry->count++;
			return;
		}
		if (!slot || entry->count < slot->count)
			slot = entry;
	}
	slot->rc = rc;
	slot->count = 1;
}

/* Count one packet of a direction as good (RC 0) or bad. */
static void netdev_count(struct netdev_stats *stats, int rc)
{
	if (rc == 0) {
		stats->good++;
		return;
	}
	stats->bad++;
	netdev_record_error(stats, rc);
}

/* Tell every observer that NETDEV changed state. */
static void netdev_notify(struct net_device *netdev)
{
	struct netdev_observer *observer;

	for_each_table_entry(observer, netdev_observers) {
		if (observer->notify)
			observer->notify(netdev);
	}
}

static const struct settings_operations netdev_settings_operations;

/* The device whose "netN" block SETTINGS is. */
static struct net_device *settings_netdev(struct settings *settings)
{
	return container_of(settings, struct net_device, settings.settings);
}

/* Copy RAW (RAW_LEN bytes) out as a fetch result. */
static int fetch_raw(const void *raw, size_t raw_len, void *data, size_t len)
{
	memcpy(data, raw, MIN(raw_len, len));
	return (int)raw_len;
}

/* Fetch: the device answers "mac" and "chip"; the rest is stored values. */
static int netdev_settings_fetch(struct settings *settings,
				 struct setting *setting, void *data,
				 size_t len)
{
	struct net_device *netdev = settings_netdev(settings);

	if (setting_cmp(setting, &mac_setting) == 0) {
		setting->type = &setting_type_hex;
		return fetch_raw(netdev->ll_addr, sizeof(netdev->ll_addr),
				 data, len);
	}
	if (netdev->chip && setting_cmp(setting, &chip_setting) == 0) {
		setting->type = &setting_type_string;
		return fetch_raw(netdev->chip, strlen(netdev->chip), data, len);
	}
	return netdev->generic_op->fetch(settings, setting, data, len);
}

/* Store: "mac" and "chip" are read-only; anything else is kept. */
static int netdev_settings_store(struct settings *settings,
				 const struct setting *setting,
				 const void *data, size_t len)
{
	struct net_device *netdev = settings_netdev(settings);

	if (setting_cmp(setting, &mac_setting) == 0 ||
	    setting_cmp(setting, &chip_setting) == 0)
		return ERR(EROFS);
	return netdev->generic_op->store(settings, setting, data, len);
}

static void netdev_settings_clear(struct settings *settings)
{
	settings_netdev(settings)->generic_op->clear(settings);
}

/* List the device's own values, then the stored ones. */
static void netdev_settings_enumerate(struct settings *settings,
				      void (*fn)(struct settings *settings,
						 const struct setting *setting,
						 void *ctx),
				      void *ctx)
{
	struct net_device *netdev = settings_netdev(settings);

	fn(settings, &mac_setting, ctx);
	if (netdev->chip)
		fn(settings, &chip_setting, ctx);
	netdev->generic_op->enumerate(settings, fn, ctx);
}

static const struct settings_operations netdev_settings_operations = {
	.store = netdev_settings_store,
	.fetch = netdev_settings_fetch,
	.clear = netdev_settings_clear,
	.enumerate = netdev_settings_enumerate,
};

struct net_device *alloc_netdev(size_t priv_len)
{
	struct net_device *netdev;
	size_t len = (sizeof(*netdev) + HEAP_MIN_ALIGN - 1) &
		     ~(size_t)(HEAP_MIN_ALIGN - 1);

	netdev = zalloc(len + priv_len);
	if (!netdev)
		return NULL;
	ref_init(&netdev->refcnt, NULL);
	INIT_LIST_HEAD(&netdev->list);
	INIT_LIST_HEAD(&netdev->tx_queue);
	INIT_LIST_HEAD(&netdev->rx_queue);
	netdev->priv = (char *)netdev + len;
	netdev->link_rc = ERR(EINPROGRESS);
	generic_settings_init(&netdev->settings, &netdev->refcnt);
	netdev->generic_op = netdev->settings.settings.op;
	netdev->settings.settings.op = &netdev_settings_operations;
	return netdev;
}

/* The lowest index no registered device has. */
static unsigned int netdev_free_index(void)
{
	struct net_device *netdev;
	unsigned int index = 0;

	for_each_netdev(netdev) {
		if (netdev->index != index)
			break;
		index++;
	}
	return index;
}

/* Insert NETDEV into the device list, keeping it ordered by index. */
static void netdev_list_insert(struct net_device *netdev)
{
	struct net_device *other;

	for_each_netdev(other) {
		if (other->index > netdev->index)
			break;
	}
	list_add_tail(&netdev->list, &other->list);
}

/* Tell observers up to (not including) LAST that NETDEV is going away. */
static void netdev_remove_observers(struct net_device *netdev,
				    struct netdev_observer *last)
{
	struct netdev_observer *observer;

	for (observer = last; observer > table_start(netdev_observers); ) {
		observer--;
		if (observer->remove)
			observer->remove(netdev);
	}
}

int register_netdev(struct net_device *netdev)
{
	struct netdev_observer *observer;
	uint8_t zero[NETDEV_ADDR_LEN] = { 0 };
	int rc;

	netdev->index = netdev_free_index();
	snprintf(netdev->name, sizeof(netdev->name), "net%u", netdev->index);
	if (memcmp(netdev->ll_addr, zero, sizeof(zero)) == 0)
		memcpy(netdev->ll_addr, netdev->hw_addr, sizeof(netdev->ll_addr));
	if (!netdev->max_pkt_len)
		netdev->max_pkt_len = NETDEV_DEFAULT_MAX_PKT_LEN;
	if (!netdev->mtu)
		netdev->mtu = netdev->max_pkt_len - ETH_HLEN;
	rc = register_settings(&netdev->settings.settings, NULL, netdev->name);
	if (rc != 0)
		return rc;
	netdev_get(netdev);
	netdev_list_insert(netdev);
	for_each_table_entry(observer, netdev_observers) {
		if (observer->probe && (rc = observer->probe(netdev)) != 0) {
			netdev_remove_observers(netdev, observer);
			list_del(&netdev->list);
			unregister_settings(&netdev->settings.settings);
			netdev_put(netdev);
			return rc;
		}
	}
	return 0;
}

void unregister_netdev(struct net_device *netdev)
{
	netdev_close(netdev);
	netdev_remove_observers(netdev, table_end(netdev_observers));
	clear_settings(&netdev->settings.settings);
	unregister_settings(&netdev->settings.settings);
	list_del(&netdev->list);
	netdev_put(netdev);
}

struct net_device *find_netdev(const char *name)
{
	struct net_device *netdev;

	for_each_netdev(netdev) {
		if (strcmp(netdev->name, name) == 0)
			return netdev;
	}
	return NULL;
}

int netdev_open(struct net_device *netdev)
{
	int rc;

	if (netdev->is_open)
		return 0;
	rc = netdev->op->open(netdev);
	if (rc != 0)
		return rc;
	netdev->is_open = true;
	netdev_notify(netdev);
	return 0;
}

void netdev_close(struct net_device *netdev)
{
	struct io_buffer *iob;

	if (!netdev->is_open)
		return;
	netdev_get(netdev);
	if (netdev->op->close)
		netdev->op->close(netdev);
	netdev->is_open = false;
	while (!list_empty(&netdev->tx_queue))
		netdev_tx_complete_next(netdev, ERR(ECANCELED));
	while (!list_empty(&netdev->rx_queue)) {
		iob = list_first_entry(&netdev->rx_queue, struct io_buffer,
				       list);
		list_del(&iob->list);
		free_iob(iob);
	}
	netdev_notify(netdev);
	netdev_put(netdev);
}

void netdev_link_err(struct net_device *netdev, int rc)
{
	if (netdev->link_rc == rc)
		return;
	netdev->link_rc = rc;
	netdev_notify(netdev);
}

void netdev_link_up(struct net_device *netdev)
{
	netdev_link_err(netdev, 0);
}

void netdev_link_down(struct net_device *netdev)
{
	netdev_link_err(netdev, ERR(ENOTCONN));
}

int netdev_tx(struct net_device *netdev, struct io_buffer *iob)
{
	int rc;

	list_add_tail(&iob->list, &netdev->tx_queue);
	if (!netdev->is_open) {
		rc = ERR(ENETUNREACH);
		netdev_tx_complete(netdev, iob, rc);
		return rc;
	}
	rc = netdev->op->transmit(netdev, iob);
	if (rc != 0)
		netdev_tx_complete(netdev, iob, rc);
	return rc;
}

void netdev_tx_complete(struct net_device *netdev, struct io_buffer *iob,
			int rc)
{
	list_del(&iob->list);
	free_iob(iob);
	netdev_count(&netdev->tx_stats, rc);
}

void netdev_tx_complete_next(struct net_device *netdev, int rc)
{
	if (list_empty(&netdev->tx_queue))
		return;
	netdev_tx_complete(netdev, list_first_entry(&netdev->tx_queue,
						    struct io_buffer, list),
			   rc);
}

void netdev_rx(struct net_device *netdev, struct io_buffer *iob)
{
	netdev_count(&netdev->rx_stats, 0);
	list_add_tail(&iob->list, &netdev->rx_queue);
}

void netdev_rx_err(struct net_device *netdev, struct io_buffer *iob, int rc)
{
	free_iob(iob);
	netdev_count(&netdev->rx_stats, rc);
}

/*
 * Poll NETDEV and dispatch the frames it has queued.  Protocols may close
 * the device while handling a frame, which empties the queue.
 */
static void netdev_poll(struct net_device *netdev)
{
	struct io_buffer *iob;
	int rc;

	netdev->op->poll(netdev);
	while (netdev->is_open && !list_empty(&netdev->rx_queue)) {
		iob = list_first_entry(&netdev->rx_queue, struct io_buffer,
				       list);
		list_del(&iob->list);
		rc = netdev->rx_divert ? netdev->rx_divert(netdev, iob) :
					 eth_rx(iob, netdev);
		if (rc != 0)
			netdev_count(&netdev->rx_stats, rc);
	}
}

/*
 * Devices are visited by index rather than by walking the list, because a
 * protocol may register or unregister devices while handling a frame.
 */
void net_poll(void)
{
	struct net_device *netdev;
	unsigned int next = 0;
	bool found;

	do {
		found = false;
		for_each_netdev(netdev) {
			if (netdev->index >= next) {
				found = true;
				break;
			}
		}
		if (!found)
			break;
		next = netdev->index + 1;
		if (!netdev->is_open)
			continue;
		netdev_get(netdev);
		netdev_poll(netdev);
		netdev_put(netdev);
	} while (found);
}

/* One turn of the polling process. */
static void net_poll_step(struct process *process)
{
	net_poll();
}

static const struct process_descriptor net_poll_descriptor = {
	.name = "net_poll",
	.step = net_poll_step,
};

static struct permanent_process net_poll_process __permanent_process = {
	.process = { .desc = &net_poll_descriptor },
};
