/*
 * Support for the libFuzzer harnesses: core start-up without console noise,
 * and a network device whose received frames come from the harness.
 */
#include <string.h>
#include <wireboot/console.h>
#include <wireboot/ethernet.h>
#include <wireboot/init.h>
#include <wireboot/iobuf.h>
#include <wireboot/malloc.h>
#include <wireboot/netdevice.h>
#include <wireboot/time.h>
#include <wireboot/timer.h>
#include <wireboot/errors.h>
#include "../../arch/linux/host.h"
#include "fuzz.h"

#define ERR_SUBSYS ESUB_DRIVER

/* Enough heap for any one input, small enough to catch runaway growth. */
#define FUZZ_HEAP_SIZE (64UL * 1024 * 1024)

static struct net_device *fuzz_nic;

void fuzz_init(void)
{
	static bool started;
	struct console_driver *console;
	void *heap;

	if (started)
		return;
	started = true;
	for_each_table_entry(console, consoles)
		console->disabled = 1;
	heap = host_heap_memory(FUZZ_HEAP_SIZE);
	if (!heap)
		__builtin_trap();
	heap_add_region(heap, FUZZ_HEAP_SIZE);
	initialise();
	startup();
}

static int fuzz_nic_open(struct net_device *netdev)
{
	netdev_link_up(netdev);
	return 0;
}

/* The frame went nowhere, successfully. */
static int fuzz_nic_transmit(struct net_device *netdev, struct io_buffer *iob)
{
	netdev_tx_complete(netdev, iob, 0);
	return 0;
}

static void fuzz_nic_poll(struct net_device *netdev)
{
}

static const struct net_device_operations fuzz_nic_operations = {
	.open = fuzz_nic_open,
	.transmit = fuzz_nic_transmit,
	.poll = fuzz_nic_poll,
};

struct net_device *fuzz_netdev(void)
{
	static const uint8_t mac[NETDEV_ADDR_LEN] = { 2, 0, 0, 0, 0, 1 };

	fuzz_init();
	if (fuzz_nic)
		return fuzz_nic;
	fuzz_nic = alloc_netdev(0);
	if (!fuzz_nic)
		__builtin_trap();
	fuzz_nic->op = &fuzz_nic_operations;
	fuzz_nic->driver_name = "fuzz";
	memcpy(fuzz_nic->hw_addr, mac, sizeof(mac));
	if (register_netdev(fuzz_nic) != 0 || netdev_open(fuzz_nic) != 0)
		__builtin_trap();
	return fuzz_nic;
}

void fuzz_rx(struct net_device *netdev, const void *data, size_t len)
{
	struct io_buffer *iob = alloc_iob(len);

	if (!iob)
		return;
	memcpy(iob_put(iob, len), data, len);
	netdev_rx(netdev, iob);
	net_poll();
}

void fuzz_advance(unsigned long ms)
{
	timers_expire(now_ms() + ms);
}
