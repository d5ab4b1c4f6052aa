/*
 * The boundary between the hosted platform's core-side code (the .c files in
 * arch/linux, built against wireboot's own headers) and the host side
 * (arch/linux/host, built against the C library).  Only fixed-width types
 * cross it.
 */
#ifndef WIREBOOT_LINUX_HOST_H
#define WIREBOOT_LINUX_HOST_H

#include <stddef.h>
#include <stdint.h>

/* Monotonic clock in microseconds. */
uint64_t host_now_us(void);

/* Sleep up to US microseconds, waking early when stdin has input. */
void host_wait(unsigned long us);

/* Write all of BUF to standard output. */
void host_write_stdout(const void *buf, size_t len);

/* Is a byte waiting on standard input?  (Never true after end of input.) */
int host_stdin_ready(void);

/* Read one byte from standard input; -1 at end of input. */
int host_stdin_read(void);

/* Restore the terminal and leave the process with STATUS. */
void __attribute__((noreturn)) host_exit(int status);

/* Memory for the wireboot heap (allocated once by the host side). */
void *host_heap_memory(size_t len);

/*
 * Read the whole file PATH.  On success *DATA points at host memory that
 * host_free() releases; returns 0 or a negative errno-style value.
 */
int host_read_file(const char *path, void **data, size_t *len);
void host_free(void *ptr);

/* Text for a negative errno-style value from the host side. */
const char *host_strerror(int err);

/* Kinds of host network device (--netdev tap:NAME / packet:IFACE). */
#define HOST_NET_TAP 1
#define HOST_NET_PACKET 2

/* Longest interface name, as Linux counts it (IFNAMSIZ less the NUL). */
#define HOST_IFNAME_MAX 15

/* A host network device, opened by main() before the core starts. */
struct host_netdev {
	/* HOST_NET_TAP or HOST_NET_PACKET. */
	int kind;
	char ifname[HOST_IFNAME_MAX + 1];
	/* The tap file or the AF_PACKET socket. */
	int fd;
	/* The address wireboot uses on this link. */
	uint8_t mac[6];
	/* The interface's MTU (payload bytes per frame). */
	unsigned int mtu;
};

/* Results of the host_net_* calls besides success. */
#define HOST_NET_AGAIN (-1)	/* nothing to read / no room to send now */
#define HOST_NET_TOOBIG (-2)	/* a frame larger than the buffer (dropped) */
#define HOST_NET_DOWN (-3)	/* the interface is down or gone */
#define HOST_NET_FAILED (-4)	/* any other failure */
#define HOST_NET_BADFRAME (-5)	/* a frame whose offload header is inconsistent */
#define HOST_NET_UNSUPPORTED (-6)	/* an offload we cannot take (UDP GSO) */

/* Flags host_net_recv() gives with a frame. */
#define HOST_NET_RX_GSO 0x01	/* one TCP segment larger than the MTU */

/*
 * Open NETDEV (KIND and IFNAME filled in) and fill in FD, MAC and MTU.
 * Returns 0 or a negative errno-style value for host_strerror().
 */
int host_net_open(struct host_netdev *netdev);

/* Send one frame; 0 or a HOST_NET_* result. */
int host_net_send(const struct host_netdev *netdev, const void *data,
		  size_t len);

/*
 * Receive the next frame into the host side's buffer, its checksum
 * finished if the kernel left that to the NIC.  Returns its length (with
 * *FLAGS set) or a HOST_NET_* result; host_net_take() then copies it out
 * (before the next receive on any device).
 */
int host_net_recv(const struct host_netdev *netdev, unsigned int *flags);

/* Copy the LEN bytes of the frame host_net_recv() just returned to BUF. */
void host_net_take(void *buf, size_t len);

/* Throw away the frames waiting to be read (up to a few thousand). */
void host_net_drain(const struct host_netdev *netdev);

/* 1 when the interface is up with a carrier, 0 when not, or HOST_NET_*. */
int host_net_link(const struct host_netdev *netdev);

/* Most --netdev options accepted. */
#define HOST_NETDEV_MAX 8

/* The options the process was started with (arch/linux/host/main.c). */
struct host_options {
	/* --script FILE: run it and exit with its status. */
	const char *script;
	/* --smbios-*: values for a synthesised SMBIOS table (NULL if unset). */
	const char *smbios_uuid;
	const char *smbios_manufacturer;
	const char *smbios_product;
	const char *smbios_serial;
	/* --netdev devices, already open, to become net0, net1, ... */
	struct host_netdev netdevs[HOST_NETDEV_MAX];
	unsigned int num_netdevs;
};

/* Core-side entry (arch/linux/linux_start.c); returns the exit status. */
int linux_start(const struct host_options *options);

/* Core side: register an opened host NIC as the next netN (linux_netdev.c). */
int linux_register_netdev(const struct host_netdev *host);

#endif
