/*
 * Helpers shared by the libFuzzer harnesses (tests/fuzz/support.c): start
 * the core once with the console silenced, and a network device that drops
 * what the stack sends and takes frames a harness makes up.
 */
#ifndef WIREBOOT_FUZZ_H
#define WIREBOOT_FUZZ_H

#include <wireboot/compiler.h>

struct net_device;

/* Give the heap its memory and run the init/startup hooks (once). */
void fuzz_init(void);

/*
 * The harness NIC (registered and open on first use, as net0 when it is the
 * only one).  Its MAC is 02:00:00:00:00:01; frames sent are dropped (and
 * counted as sent in its statistics).
 */
struct net_device *fuzz_netdev(void);

/* Hand LEN bytes at DATA to the stack as a frame received on NETDEV. */
void fuzz_rx(struct net_device *netdev, const void *data, size_t len);

/* Let timers due up to MS milliseconds from now expire. */
void fuzz_advance(unsigned long ms);

#endif
