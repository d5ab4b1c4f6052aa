/*
 * Support for the libFuzzer harnesses: core start-up without console noise,
 * a network device whose received frames come from the harness, a name
 * lookup answered from a harness's own resolver, and the downloader's end
 * of a fetch that checks what it is given.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/console.h>
#include <wireboot/ethernet.h>
#include <wireboot/init.h>
#include <wireboot/iobuf.h>
#include <wireboot/malloc.h>
#include <wireboot/netdevice.h>
#include <wireboot/open.h>
#include <wireboot/process.h>
#include <wireboot/resolv.h>
#include <wireboot/socket.h>
#include <wireboot/time.h>
#include <wireboot/timer.h>
#include <wireboot/xfer.h>
#include <wireboot/errors.h>
#include "../../arch/linux/host.h"
#include "fuzz.h"

#define ERR_SUBSYS ESUB_DRIVER

/* Enough heap for any one input, small enough to catch runaway growth. */
#define FUZZ_HEAP_SIZE (64UL * 1024 * 1024)

static struct net_device *fuzz_nic;
static void (*fuzz_nic_watcher)(const void *frame, size_t len);

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

/* The frame went nowhere (past the watcher, if any), successfully. */
static int fuzz_nic_transmit(struct net_device *netdev, struct io_buffer *iob)
{
	if (fuzz_nic_watcher)
		fuzz_nic_watcher(iob->data, iob_len(iob));
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

void fuzz_netdev_watch(void (*watcher)(const void *frame, size_t len))
{
	fuzz_nic_watcher = watcher;
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

/* A lookup being answered on the next step. */
struct fuzz_resolv {
	struct refcnt refcnt;
	struct interface resolv;
	struct process process;
	struct sockaddr_in sa;
};

static void fuzz_resolv_step(struct process *process)
{
	struct fuzz_resolv *r = container_of(process, struct fuzz_resolv,
					     process);

	process_del(process);
	resolv_done(&r->resolv, (struct sockaddr *)&r->sa, 0);
	intf_shutdown(&r->resolv, 0);
}

static const struct interface_descriptor fuzz_resolv_desc =
	INTF_DESC_PURE(struct fuzz_resolv, resolv);
static const struct process_descriptor fuzz_resolv_process = {
	.name = "fuzz-resolv",
	.step = fuzz_resolv_step,
};

int fuzz_resolv_answer(struct interface *resolv, struct sockaddr *sa,
		       uint16_t family)
{
	struct fuzz_resolv *r = zalloc(sizeof(*r));

	if (!r)
		return ERR(ENOMEM);
	ref_init(&r->refcnt, NULL);
	intf_init(&r->resolv, &fuzz_resolv_desc, &r->refcnt);
	process_init(&r->process, &fuzz_resolv_process, &r->refcnt);
	memcpy(&r->sa, sa, sizeof(r->sa));
	r->sa.sin_family = family;
	r->sa.sin_addr = htonl(FUZZ_SERVER_ADDR);
	intf_plug_plug(&r->resolv, resolv);
	ref_put(&r->refcnt);
	return 0;
}

static int fuzz_fetch_deliver(struct fuzz_fetch *sink,
			      struct io_buffer *iob,
			      const struct xfer_metadata *meta)
{
	if (sink->closed || meta->whence != XFER_SEEK_SET || meta->offset < 0)
		__builtin_trap();
	if (sink->max_len && iob_len(iob) > sink->max_len)
		__builtin_trap();
	if (sink->in_order && sink->started &&
	    (uint64_t)meta->offset != sink->next)
		__builtin_trap();
	sink->started = true;
	sink->next = (uint64_t)meta->offset + iob_len(iob);
	free_iob(iob);
	return 0;
}

static size_t fuzz_fetch_window(struct fuzz_fetch *sink)
{
	return sink->window;
}

static void fuzz_fetch_closed(struct fuzz_fetch *sink, int rc)
{
	sink->closed = true;
	intf_shutdown(&sink->xfer, rc);
}

static const struct interface_operation fuzz_fetch_ops[] = {
	INTF_OP(xfer_deliver, struct fuzz_fetch *, fuzz_fetch_deliver),
	INTF_OP(xfer_window, struct fuzz_fetch *, fuzz_fetch_window),
	INTF_OP(intf_close, struct fuzz_fetch *, fuzz_fetch_closed),
};
static const struct interface_descriptor fuzz_fetch_desc =
	INTF_DESC(struct fuzz_fetch, xfer, fuzz_fetch_ops);

struct fuzz_fetch *fuzz_fetch_new(void)
{
	struct fuzz_fetch *sink = zalloc(sizeof(*sink));

	if (!sink)
		return NULL;
	ref_init(&sink->refcnt, NULL);
	intf_init(&sink->xfer, &fuzz_fetch_desc, &sink->refcnt);
	return sink;
}

void fuzz_fetch_open(struct fuzz_fetch *sink, const char *uri)
{
	if (xfer_open_uri_string(&sink->xfer, uri) != 0)
		__builtin_trap();
}

void fuzz_fetch_free(struct fuzz_fetch *sink, int rc)
{
	intf_shutdown(&sink->xfer, rc);
	ref_put(&sink->refcnt);
}
