/*
 * Helpers shared by the libFuzzer harnesses (tests/fuzz/support.c): start
 * the core once with the console silenced, a network device that drops
 * what the stack sends and takes frames a harness makes up, an answer for
 * a harness's resolver, and a checking sink for the data a fetch delivers.
 */
#ifndef WIREBOOT_FUZZ_H
#define WIREBOOT_FUZZ_H

#include <wireboot/compiler.h>
#include <wireboot/interface.h>
#include <wireboot/refcnt.h>

struct net_device;
struct sockaddr;

/* Give the heap its memory and run the init/startup hooks (once). */
void fuzz_init(void);

/*
 * The harness NIC (registered and open on first use, as net0 when it is the
 * only one).  Its MAC is 02:00:00:00:00:01; frames sent are dropped (and
 * counted as sent in its statistics).
 */
struct net_device *fuzz_netdev(void);

/* Show WATCHER every frame the harness NIC sends (NULL: stop). */
void fuzz_netdev_watch(void (*watcher)(const void *frame, size_t len));

/* Hand LEN bytes at DATA to the stack as a frame received on NETDEV. */
void fuzz_rx(struct net_device *netdev, const void *data, size_t len);

/* Let timers due up to MS milliseconds from now expire. */
void fuzz_advance(unsigned long ms);

/* The address (host order) fuzz_resolv_answer() gives: 10.0.0.1. */
#define FUZZ_SERVER_ADDR 0x0a000001

/*
 * For a harness's own resolver: answer RESOLV on the next step with SA's
 * port, address family FAMILY and FUZZ_SERVER_ADDR.
 */
int fuzz_resolv_answer(struct interface *resolv, struct sockaddr *sa,
		       uint16_t family);

/*
 * The downloader's end of a fetch.  Every block must come at an absolute,
 * non-negative offset, and nothing after the close; breaking that or the
 * harness's rules below traps.  Blocks are freed at once.
 */
struct fuzz_fetch {
	struct refcnt refcnt;
	struct interface xfer;
	/* Set by the harness: */
	size_t window;		/* what xfer_window() answers */
	size_t max_len;		/* longest block allowed (0: any length) */
	bool in_order;		/* each block must start where the last ended */
	/* Kept by the sink: */
	bool closed;		/* the fetch has ended */
	bool started;		/* a block has come */
	uint64_t next;		/* the offset just past the last block */
};

/* A new sink with no rules set (NULL when memory runs out). */
struct fuzz_fetch *fuzz_fetch_new(void);

/* Open URI into SINK (trapping if that fails). */
void fuzz_fetch_open(struct fuzz_fetch *sink, const char *uri);

/* Shut SINK's fetch down with status RC and drop the harness's reference. */
void fuzz_fetch_free(struct fuzz_fetch *sink, int rc);

#endif
