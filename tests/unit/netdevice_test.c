/*
 * Unit tests for network devices and Ethernet dispatch (net/netdevice.c,
 * net/ethernet.c) and the ifopen/ifclose/ifstat commands.  A loopback test
 * driver defined here hands every transmitted frame back as received on
 * the next poll (unless told to hold or fail it), and a test protocol in
 * net_protocols records what reaches it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/netdevice.h>
#include <wireboot/ethernet.h>
#include <wireboot/iobuf.h>
#include <wireboot/command.h>
#include <wireboot/settings.h>
#include <wireboot/builtin_settings.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include "console_capture.h"
#include "unittest.h"

#define ERR_SUBSYS ESUB_NETDEV

/* Ethertypes for the test protocol and for one nobody registers. */
#define TEST_ETHERTYPE 0x88b6
#define UNKNOWN_ETHERTYPE 0x88b5

/* State of one loopback test device. */
struct loop_nic {
	int open_rc;
	unsigned int opens;
	unsigned int closes;
	/* Error transmit returns (0: accept). */
	int tx_rc;
	/* Keep accepted buffers on the TX queue instead of completing them. */
	bool hold_tx;
	/* Frames sent, waiting to come back on the next poll. */
	struct list_head loop;
	/* Error to report on the next poll instead of receiving. */
	int rx_err;
};

static int loop_open(struct net_device *netdev)
{
	struct loop_nic *nic = netdev->priv;

	if (nic->open_rc)
		return nic->open_rc;
	nic->opens++;
	return 0;
}

static void loop_close(struct net_device *netdev)
{
	struct loop_nic *nic = netdev->priv;
	struct io_buffer *iob;
	struct io_buffer *tmp;

	nic->closes++;
	list_for_each_entry_safe(iob, tmp, &nic->loop, list) {
		list_del(&iob->list);
		free_iob(iob);
	}
}

/* Copy the frame onto the loop, then complete it (unless holding). */
static int loop_transmit(struct net_device *netdev, struct io_buffer *iob)
{
	struct loop_nic *nic = netdev->priv;
	struct io_buffer *copy;

	if (nic->tx_rc)
		return nic->tx_rc;
	copy = alloc_iob(iob_len(iob));
	if (!copy)
		return ERR(ENOMEM);
	memcpy(iob_put(copy, iob_len(iob)), iob->data, iob_len(iob));
	list_add_tail(&copy->list, &nic->loop);
	if (!nic->hold_tx)
		netdev_tx_complete(netdev, iob, 0);
	return 0;
}

static void loop_poll(struct net_device *netdev)
{
	struct loop_nic *nic = netdev->priv;
	struct io_buffer *iob;
	struct io_buffer *tmp;

	if (nic->rx_err) {
		netdev_rx_err(netdev, NULL, nic->rx_err);
		nic->rx_err = 0;
	}
	list_for_each_entry_safe(iob, tmp, &nic->loop, list) {
		list_del(&iob->list);
		netdev_rx(netdev, iob);
	}
}

static const struct net_device_operations loop_operations = {
	.open = loop_open,
	.close = loop_close,
	.transmit = loop_transmit,
	.poll = loop_poll,
};

/* A registered loopback device with address 02:00:00:00:00:LAST, or NULL. */
static struct net_device *loop_create(uint8_t last)
{
	struct net_device *netdev = alloc_netdev(sizeof(struct loop_nic));
	struct loop_nic *nic;

	if (!netdev)
		return NULL;
	nic = netdev->priv;
	INIT_LIST_HEAD(&nic->loop);
	netdev->op = &loop_operations;
	netdev->driver_name = "loop";
	netdev->chip = "Test loopback";
	snprintf(netdev->location, sizeof(netdev->location), "test%u", last);
	netdev->hw_addr[0] = 0x02;
	netdev->hw_addr[5] = last;
	if (register_netdev(netdev) != 0) {
		netdev_put(netdev);
		return NULL;
	}
	netdev_put(netdev);
	return netdev;
}

/* What the test protocol and observer saw. */
static struct {
	unsigned int frames;
	unsigned int flags;
	uint8_t source[ETH_ALEN];
	char payload[32];
	struct net_device *netdev;
	/* Error the protocol returns for each frame. */
	int rc;
	/* Close the device from inside the protocol. */
	bool close_device;
	unsigned int probes;
	unsigned int notifies;
	unsigned int removes;
	int probe_rc;
} seen;

static int test_proto_rx(struct io_buffer *iob, struct net_device *netdev,
			 const uint8_t *ll_dest, const uint8_t *ll_source,
			 unsigned int flags)
{
	size_t len = MIN(iob_len(iob), sizeof(seen.payload) - 1);

	seen.frames++;
	seen.flags = flags;
	seen.netdev = netdev;
	memcpy(seen.source, ll_source, ETH_ALEN);
	memcpy(seen.payload, iob->data, len);
	seen.payload[len] = '\0';
	free_iob(iob);
	if (seen.close_device)
		netdev_close(netdev);
	return seen.rc;
}

static const struct net_protocol test_protocol __net_protocol = {
	.name = "test",
	.ethertype = TEST_ETHERTYPE,
	.rx = test_proto_rx,
};

/* The observer only counts events of loopback devices. */
static bool is_loop(struct net_device *netdev)
{
	return netdev->op == &loop_operations;
}

static int test_probe(struct net_device *netdev)
{
	if (!is_loop(netdev))
		return 0;
	seen.probes++;
	return seen.probe_rc;
}

static void test_notify(struct net_device *netdev)
{
	if (is_loop(netdev))
		seen.notifies++;
}

static void test_remove(struct net_device *netdev)
{
	if (is_loop(netdev))
		seen.removes++;
}

static struct netdev_observer test_observer __netdev_observer = {
	.name = "test",
	.probe = test_probe,
	.notify = test_notify,
	.remove = test_remove,
};

/* Send TEXT as a frame of ETHERTYPE to DEST from NETDEV. */
static int send_frame(struct net_device *netdev, const uint8_t *dest,
		      uint16_t ethertype, const char *text)
{
	struct io_buffer *iob = alloc_iob(strlen(text));
	int rc;

	if (!iob)
		return ERR(ENOMEM);
	memcpy(iob_put(iob, strlen(text)), text, strlen(text));
	rc = eth_push(iob, dest, netdev->ll_addr, ethertype);
	if (rc != 0) {
		free_iob(iob);
		return rc;
	}
	return netdev_tx(netdev, iob);
}

UNIT_TEST(netdev_register_names)
{
	struct net_device *a;
	struct net_device *b;
	struct net_device *c;
	char expected[12];
	unsigned int a_index;

	memset(&seen, 0, sizeof(seen));
	a = loop_create(1);
	b = loop_create(2);
	ok(a && b);
	if (!a || !b)
		return;
	snprintf(expected, sizeof(expected), "net%u", a->index);
	ok_str(a->name, expected);
	ok_eq(b->index, a->index + 1);
	ok(find_netdev(a->name) == a);
	ok(find_netdev(b->name) == b);
	ok(find_netdev("net99") == NULL);
	ok(find_settings(a->name) != NULL);
	ok_eq(seen.probes, 2);
	/* Defaults filled in at registration. */
	ok_eq(a->max_pkt_len, NETDEV_DEFAULT_MAX_PKT_LEN);
	ok_eq(a->mtu, 1500);
	ok_eq(a->ll_addr[5], 1);
	ok(!netdev_is_open(a));
	ok(!netdev_link_ok(a));
	ok(err_is(a->link_rc, EINPROGRESS));
	/* A freed name is reused by the next device. */
	a_index = a->index;
	snprintf(expected, sizeof(expected), "%s", a->name);
	unregister_netdev(a);
	ok_eq(seen.removes, 1);
	ok(find_netdev(expected) == NULL);
	ok(find_settings(expected) == NULL);
	c = loop_create(3);
	ok(c != NULL);
	if (c) {
		ok_eq(c->index, a_index);
		ok_str(c->name, expected);
		unregister_netdev(c);
	}
	unregister_netdev(b);
	ok_eq(seen.removes, 3);
}

UNIT_TEST(netdev_probe_failure)
{
	struct net_device *netdev = alloc_netdev(sizeof(struct loop_nic));
	struct loop_nic *nic;
	int rc;

	ok(netdev != NULL);
	if (!netdev)
		return;
	memset(&seen, 0, sizeof(seen));
	nic = netdev->priv;
	INIT_LIST_HEAD(&nic->loop);
	netdev->op = &loop_operations;
	seen.probe_rc = ERR(EIO);
	rc = register_netdev(netdev);
	ok_eq(rc, ERR(EIO));
	ok(find_netdev(netdev->name) == NULL);
	ok(find_settings(netdev->name) == NULL);
	netdev_put(netdev);
}

UNIT_TEST(netdev_open_close)
{
	struct net_device *netdev;
	struct loop_nic *nic;

	memset(&seen, 0, sizeof(seen));
	netdev = loop_create(1);
	ok(netdev != NULL);
	if (!netdev)
		return;
	nic = netdev->priv;
	nic->open_rc = ERR(EIO);
	ok_eq(netdev_open(netdev), ERR(EIO));
	ok(!netdev_is_open(netdev));
	ok_eq(seen.notifies, 0);
	nic->open_rc = 0;
	ok_eq(netdev_open(netdev), 0);
	ok_eq(netdev_open(netdev), 0);
	ok(netdev_is_open(netdev));
	ok_eq(nic->opens, 1);
	ok_eq(seen.notifies, 1);
	netdev_close(netdev);
	netdev_close(netdev);
	ok(!netdev_is_open(netdev));
	ok_eq(nic->closes, 1);
	ok_eq(seen.notifies, 2);
	/* Unregistering an open device closes it first. */
	ok_eq(netdev_open(netdev), 0);
	netdev_get(netdev);
	unregister_netdev(netdev);
	ok_eq(nic->closes, 2);
	ok(!netdev_is_open(netdev));
	netdev_put(netdev);
}

UNIT_TEST(netdev_link_state)
{
	struct net_device *netdev;

	memset(&seen, 0, sizeof(seen));
	netdev = loop_create(1);
	ok(netdev != NULL);
	if (!netdev)
		return;
	netdev_link_up(netdev);
	ok(netdev_link_ok(netdev));
	ok_eq(seen.notifies, 1);
	netdev_link_up(netdev);
	ok_eq(seen.notifies, 1);
	netdev_link_down(netdev);
	ok(!netdev_link_ok(netdev));
	ok(err_is(netdev->link_rc, ENOTCONN));
	ok_eq(err_subsys(netdev->link_rc), ESUB_NETDEV);
	netdev_link_err(netdev, ERR(ENETDOWN));
	ok_eq(netdev->link_rc, ERR(ENETDOWN));
	ok_eq(seen.notifies, 3);
	unregister_netdev(netdev);
}

UNIT_TEST(netdev_tx_counters)
{
	struct net_device *netdev;
	struct loop_nic *nic;

	memset(&seen, 0, sizeof(seen));
	netdev = loop_create(1);
	ok(netdev != NULL);
	if (!netdev)
		return;
	nic = netdev->priv;
	/* Closed: refused and counted. */
	ok_eq(send_frame(netdev, eth_broadcast, TEST_ETHERTYPE, "x"),
	      ERR(ENETUNREACH));
	ok_eq(netdev->tx_stats.good, 0);
	ok_eq(netdev->tx_stats.bad, 1);
	ok_eq(netdev->tx_stats.errors[0].rc, ERR(ENETUNREACH));
	ok(list_empty(&netdev->tx_queue));
	ok_eq(netdev_open(netdev), 0);
	/* Sent and completed at once. */
	ok_eq(send_frame(netdev, eth_broadcast, TEST_ETHERTYPE, "x"), 0);
	ok_eq(netdev->tx_stats.good, 1);
	ok(list_empty(&netdev->tx_queue));
	/* The driver refuses: completed with its error. */
	nic->tx_rc = ERR(ENOBUFS);
	ok_eq(send_frame(netdev, eth_broadcast, TEST_ETHERTYPE, "x"),
	      ERR(ENOBUFS));
	ok_eq(netdev->tx_stats.bad, 2);
	ok(list_empty(&netdev->tx_queue));
	/* Held by the driver until completed, or cancelled by closing. */
	nic->tx_rc = 0;
	nic->hold_tx = true;
	ok_eq(send_frame(netdev, eth_broadcast, TEST_ETHERTYPE, "a"), 0);
	ok_eq(send_frame(netdev, eth_broadcast, TEST_ETHERTYPE, "b"), 0);
	ok_eq(send_frame(netdev, eth_broadcast, TEST_ETHERTYPE, "c"), 0);
	ok(!list_empty(&netdev->tx_queue));
	netdev_tx_complete_next(netdev, 0);
	ok_eq(netdev->tx_stats.good, 2);
	netdev_close(netdev);
	ok(list_empty(&netdev->tx_queue));
	ok_eq(netdev->tx_stats.good, 2);
	ok_eq(netdev->tx_stats.bad, 4);
	unregister_netdev(netdev);
}

UNIT_TEST(netdev_error_table)
{
	struct net_device *netdev;
	const struct netdev_stats *stats;
	unsigned int found = 0;
	unsigned int i;
	int rc;

	memset(&seen, 0, sizeof(seen));
	netdev = loop_create(1);
	ok(netdev != NULL);
	if (!netdev)
		return;
	/* EIO x3, EPROTO x2, EBADMSG x2, ENOMEM x1, then ERANGE x1. */
	netdev_rx_err(netdev, NULL, ERR(EIO));
	netdev_rx_err(netdev, NULL, ERR(EPROTO));
	netdev_rx_err(netdev, NULL, ERR(EIO));
	netdev_rx_err(netdev, NULL, ERR(EBADMSG));
	netdev_rx_err(netdev, NULL, ERR(ENOMEM));
	netdev_rx_err(netdev, NULL, ERR(EPROTO));
	netdev_rx_err(netdev, NULL, ERR(EBADMSG));
	netdev_rx_err(netdev, NULL, ERR(EIO));
	/* The table is full: the least frequent code (ENOMEM) makes way. */
	netdev_rx_err(netdev, NULL, ERR(ERANGE));
	stats = &netdev->rx_stats;
	ok_eq(stats->bad, 9);
	ok_eq(stats->good, 0);
	for (i = 0; i < NETDEV_MAX_ERRORS; i++) {
		rc = stats->errors[i].rc;
		if (rc == ERR(EIO))
			found += (stats->errors[i].count == 3);
		else if (rc == ERR(EPROTO) || rc == ERR(EBADMSG))
			found += (stats->errors[i].count == 2);
		else if (rc == ERR(ERANGE))
			found += (stats->errors[i].count == 1);
		ok(rc != ERR(ENOMEM));
	}
	ok_eq(found, 4);
	unregister_netdev(netdev);
}

UNIT_TEST(netdev_loopback_dispatch)
{
	struct net_device *netdev;
	static const uint8_t other[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x77 };

	memset(&seen, 0, sizeof(seen));
	netdev = loop_create(5);
	ok(netdev != NULL);
	if (!netdev)
		return;
	ok_eq(netdev_open(netdev), 0);
	ok_eq(send_frame(netdev, eth_broadcast, TEST_ETHERTYPE, "hello"), 0);
	ok_eq(seen.frames, 0);
	net_poll();
	ok_eq(seen.frames, 1);
	ok_str(seen.payload, "hello");
	ok_eq(seen.flags, LL_BROADCAST | LL_MULTICAST);
	ok(seen.netdev == netdev);
	ok(memcmp(seen.source, netdev->ll_addr, ETH_ALEN) == 0);
	ok_eq(netdev->rx_stats.good, 1);
	ok_eq(netdev->rx_stats.bad, 0);
	/* Unicast, through net_tx(). */
	{
		struct io_buffer *iob = alloc_iob(3);

		ok(iob != NULL);
		if (iob) {
			memcpy(iob_put(iob, 3), "uni", 3);
			ok_eq(net_tx(iob, netdev, &test_protocol, other), 0);
		}
	}
	net_poll();
	ok_eq(seen.frames, 2);
	ok_str(seen.payload, "uni");
	ok_eq(seen.flags, 0);
	/* A protocol's error counts as a receive error. */
	seen.rc = ERR(EPROTO);
	ok_eq(send_frame(netdev, eth_broadcast, TEST_ETHERTYPE, "bad"), 0);
	net_poll();
	ok_eq(seen.frames, 3);
	ok_eq(netdev->rx_stats.good, 3);
	ok_eq(netdev->rx_stats.bad, 1);
	ok_eq(netdev->rx_stats.errors[0].rc, ERR(EPROTO));
	/* A closed device is not polled. */
	seen.rc = 0;
	netdev_close(netdev);
	net_poll();
	ok_eq(seen.frames, 3);
	unregister_netdev(netdev);
}

UNIT_TEST(netdev_unknown_ethertype)
{
	struct net_device *netdev;
	struct io_buffer *iob;
	const struct netdev_stats *stats;
	int i;

	memset(&seen, 0, sizeof(seen));
	netdev = loop_create(1);
	ok(netdev != NULL);
	if (!netdev)
		return;
	ok_eq(netdev_open(netdev), 0);
	for (i = 0; i < 5; i++)
		ok_eq(send_frame(netdev, eth_broadcast, UNKNOWN_ETHERTYPE, "?"),
		      0);
	/* An IEEE 802.3 frame: the type field is a length. */
	ok_eq(send_frame(netdev, eth_broadcast, 0x0010, "llc"), 0);
	/* A runt shorter than the header. */
	iob = alloc_iob(4);
	ok(iob != NULL);
	if (iob) {
		memset(iob_put(iob, 4), 0xff, 4);
		ok_eq(netdev_tx(netdev, iob), 0);
	}
	net_poll();
	stats = &netdev->rx_stats;
	ok_eq(seen.frames, 0);
	ok_eq(stats->good, 7);
	ok_eq(stats->bad, 7);
	ok_eq(stats->errors[0].rc, ERR_IN(ESUB_ETHERNET, ENOTSUP));
	ok_eq(stats->errors[0].count, 6);
	ok_eq(stats->errors[1].rc, ERR_IN(ESUB_ETHERNET, EINVAL));
	ok_eq(stats->errors[1].count, 1);
	ok(find_net_protocol(UNKNOWN_ETHERTYPE) == NULL);
	ok(find_net_protocol(TEST_ETHERTYPE) == &test_protocol);
	unregister_netdev(netdev);
}

UNIT_TEST(netdev_close_during_dispatch)
{
	struct net_device *netdev;

	memset(&seen, 0, sizeof(seen));
	netdev = loop_create(1);
	ok(netdev != NULL);
	if (!netdev)
		return;
	ok_eq(netdev_open(netdev), 0);
	ok_eq(send_frame(netdev, eth_broadcast, TEST_ETHERTYPE, "one"), 0);
	ok_eq(send_frame(netdev, eth_broadcast, TEST_ETHERTYPE, "two"), 0);
	seen.close_device = true;
	net_poll();
	/* The first frame closed the device; the second was dropped. */
	ok_eq(seen.frames, 1);
	ok_str(seen.payload, "one");
	ok(!netdev_is_open(netdev));
	ok(list_empty(&netdev->rx_queue));
	unregister_netdev(netdev);
}

UNIT_TEST(netdev_settings_block)
{
	struct net_device *netdev;
	struct settings *block;
	struct setting custom = { .name = "netdev-test-value" };
	char name[32];
	char buf[64];
	char *text;

	memset(&seen, 0, sizeof(seen));
	netdev = loop_create(0x2a);
	ok(netdev != NULL);
	if (!netdev)
		return;
	snprintf(name, sizeof(name), "${%s/mac}", netdev->name);
	text = expand_settings(name);
	ok_str(text, "02:00:00:00:00:2a");
	free(text);
	snprintf(name, sizeof(name), "${%s/chip}", netdev->name);
	text = expand_settings(name);
	ok_str(text, "Test loopback");
	free(text);
	block = find_settings(netdev->name);
	ok(block != NULL);
	if (block) {
		ok(err_is(storef_setting(block, &mac_setting,
					 "02:00:00:00:00:01"), EROFS));
		ok_eq(netdev->ll_addr[5], 0x2a);
		/* Other values are kept as in any block. */
		ok_eq(storef_setting(block, &custom, "kept"), 0);
		ok(fetchf_setting(block, &custom, buf, sizeof(buf)) > 0);
		ok_str(buf, "kept");
	}
	unregister_netdev(netdev);
}

UNIT_TEST(netdev_ifstat_output)
{
	struct net_device *netdev;
	char expected[512];
	char command[32];
	const char *out;
	int rc;

	memset(&seen, 0, sizeof(seen));
	netdev = loop_create(0x10);
	ok(netdev != NULL);
	if (!netdev)
		return;
	snprintf(command, sizeof(command), "ifstat %s", netdev->name);
	capture_start(NULL, 0);
	rc = run_command_line(command);
	out = capture_stop();
	ok_eq(rc, 0);
	snprintf(expected, sizeof(expected),
		 "%s: 02:00:00:00:00:10 using loop on test16 (Ethernet) [closed]\n"
		 "  [Link:down, TX:0 TXE:0 RX:0 RXE:0]\n"
		 "  [Link status: Operation in progress (netdev)]\n",
		 netdev->name);
	ok_str(out, expected);

	snprintf(command, sizeof(command), "ifopen %s", netdev->name);
	ok_eq(run_command_line(command), 0);
	ok(netdev_is_open(netdev));
	netdev_link_up(netdev);
	send_frame(netdev, eth_broadcast, UNKNOWN_ETHERTYPE, "?");
	send_frame(netdev, eth_broadcast, UNKNOWN_ETHERTYPE, "?");
	send_frame(netdev, eth_broadcast, TEST_ETHERTYPE, "ok");
	net_poll();
	snprintf(command, sizeof(command), "ifstat %s", netdev->name);
	capture_start(NULL, 0);
	rc = run_command_line(command);
	out = capture_stop();
	ok_eq(rc, 0);
	snprintf(expected, sizeof(expected),
		 "%s: 02:00:00:00:00:10 using loop on test16 (Ethernet) [open]\n"
		 "  [Link:up, TX:3 TXE:0 RX:3 RXE:2]\n"
		 "  [RXE: 2 x \"Operation not supported (ethernet)\"]\n",
		 netdev->name);
	ok_str(out, expected);

	/* ifclose with no names closes every interface. */
	ok_eq(run_command_line("ifclose"), 0);
	ok(!netdev_is_open(netdev));
	unregister_netdev(netdev);
}

UNIT_TEST(netdev_ifcmd_errors)
{
	struct net_device *netdev;
	struct loop_nic *nic;
	char command[128];
	const char *out;
	int rc;

	memset(&seen, 0, sizeof(seen));
	netdev = loop_create(1);
	ok(netdev != NULL);
	if (!netdev)
		return;
	nic = netdev->priv;
	/* An unknown name fails before anything is opened. */
	snprintf(command, sizeof(command), "ifopen %s nosuch0", netdev->name);
	capture_start(NULL, 0);
	rc = run_command_line(command);
	out = capture_stop();
	ok(err_is(rc, ENODEV));
	ok_str(out, "ifopen: no such interface: nosuch0\n");
	ok(!netdev_is_open(netdev));
	capture_start(NULL, 0);
	ok(err_is(run_command_line("ifclose nosuch0"), ENODEV));
	ok(err_is(run_command_line("ifstat nosuch0"), ENODEV));
	capture_stop();
	/* A driver failure is reported with its words. */
	nic->open_rc = ERR(EIO);
	snprintf(command, sizeof(command), "ifopen %s", netdev->name);
	capture_start(NULL, 0);
	rc = run_command_line(command);
	out = capture_stop();
	ok_eq(rc, ERR(EIO));
	snprintf(command, sizeof(command),
		 "ifopen: could not open %s: Input/output error (netdev)\n",
		 netdev->name);
	ok_str(out, command);
	/* --help prints the usage and changes nothing. */
	capture_start(NULL, 0);
	rc = run_command_line("ifstat --help");
	out = capture_stop();
	ok(rc != 0);
	ok(strstr(out, "ifstat [<interface>...]") != NULL);
	unregister_netdev(netdev);
}
