/*
 * Network devices: the layer between NIC drivers and the protocols.
 *
 * A driver allocates a device with alloc_netdev(), fills in its operations,
 * addresses and description, and calls register_netdev(), which names it
 * "netN" (the lowest free N), gives it a settings block of that name
 * ("${net0/mac}", "${net0/chip}") and tells every netdev_observer.
 *
 * Nothing is sent or received until netdev_open().  Then:
 *
 *  - Transmit: netdev_tx() puts the buffer on the device's TX queue and hands
 *    it to the driver, which later calls netdev_tx_complete() with the
 *    outcome (possibly before its transmit method returns).  The buffer is
 *    the device's from the moment netdev_tx() is called, whatever happens.
 *  - Receive: a permanent process polls every open device once per step().
 *    The driver's poll method passes each frame to netdev_rx() (or reports a
 *    bad one with netdev_rx_err()); the frames queued are then handed, in
 *    order, to eth_rx() (<wireboot/ethernet.h>), which dispatches them by
 *    ethertype to the net_protocols table.  Every frame given to
 *    netdev_rx() counts as received; one that ethernet or a protocol then
 *    rejects also counts as a receive error with the error code, as in
 *    iPXE, so "ifstat" shows why frames were dropped (frames of unknown
 *    ethertypes included).
 *  - netdev_close() calls the driver's close method, completes everything
 *    still on the TX queue with ERR(ECANCELED) and drops queued frames.
 *
 * Link state is 0 when the link is up, or an error saying why it is not:
 * ERR(EINPROGRESS) until the driver first reports, ERR(ENOTCONN) after
 * netdev_link_down(), or whatever the driver gives netdev_link_err().
 *
 * Counters: each direction counts good and bad packets and keeps the
 * NETDEV_MAX_ERRORS most frequent error codes (a new code replaces the
 * least frequent one when the table is full).
 *
 * Lifetime: a device is reference counted; the list of registered devices
 * holds one reference, and the device is freed when the last goes.  A
 * device returned by find_netdev() is borrowed: take a reference with
 * netdev_get() to keep it beyond the current step.
 *
 * All devices carry Ethernet II frames; there is no other link layer yet.
 */
#ifndef WIREBOOT_NETDEVICE_H
#define WIREBOOT_NETDEVICE_H

#include <wireboot/compiler.h>
#include <wireboot/list.h>
#include <wireboot/refcnt.h>
#include <wireboot/settings.h>
#include <wireboot/tables.h>

struct io_buffer;
struct net_device;

/* Length of a hardware (MAC) address. */
#define NETDEV_ADDR_LEN 6

/* Default maximum frame length: 1500-byte payload plus the Ethernet header. */
#define NETDEV_DEFAULT_MAX_PKT_LEN 1514

/* Distinct error codes remembered per direction. */
#define NETDEV_MAX_ERRORS 4

/* What a driver does for its devices. */
struct net_device_operations {
	/* Start the hardware (enable receive, check the link); 0 or an error. */
	int (*open)(struct net_device *netdev);
	/* Stop the hardware; may be NULL when there is nothing to stop. */
	void (*close)(struct net_device *netdev);
	/*
	 * Start sending IOB (already on the TX queue).  Returns 0 when the
	 * driver took the buffer and will call netdev_tx_complete() for it
	 * (possibly already has), or an error when it did not take it.
	 */
	int (*transmit)(struct net_device *netdev, struct io_buffer *iob);
	/* Reap finished transmissions and pass received frames to netdev_rx(). */
	void (*poll)(struct net_device *netdev);
};

/* How often an error code was seen. */
struct netdev_error_count {
	int rc;
	unsigned int count;
};

/* Counters for one direction. */
struct netdev_stats {
	unsigned int good;
	unsigned int bad;
	struct netdev_error_count errors[NETDEV_MAX_ERRORS];
};

struct net_device {
	/* First member: the default free method releases the allocation. */
	struct refcnt refcnt;
	/* In the list of registered devices, ordered by index. */
	struct list_head list;
	/* "net0", "net1", ... (set by register_netdev). */
	char name[12];
	unsigned int index;

	const struct net_device_operations *op;
	/* Driver's private area (alloc_netdev's PRIV_LEN bytes), zeroed. */
	void *priv;

	/* Driver name and where the device is, for ifstat ("rtl8139", "PCI00:03.0"). */
	const char *driver_name;
	char location[32];
	/* Chip description for ${netN/chip}; NULL if none. */
	const char *chip;

	/* Burnt-in address, and the one in use (copied from hw_addr if zero). */
	uint8_t hw_addr[NETDEV_ADDR_LEN];
	uint8_t ll_addr[NETDEV_ADDR_LEN];
	/* Longest frame, link-layer header included, and the payload MTU. */
	size_t max_pkt_len;
	size_t mtu;

	bool is_open;
	/* 0 when the link is up, else why it is not. */
	int link_rc;

	/* Buffers handed to the driver and not yet completed. */
	struct list_head tx_queue;
	/* Frames received and not yet dispatched. */
	struct list_head rx_queue;
	/*
	 * While set, received frames go here instead of to eth_rx() (the
	 * PXE UNDI API hands them to an NBP); it owns the buffer.
	 */
	int (*rx_divert)(struct net_device *netdev, struct io_buffer *iob);
	struct netdev_stats tx_stats;
	struct netdev_stats rx_stats;

	/* The "netN" block; "mac" and "chip" are answered by the device. */
	struct generic_settings settings;
	/* The generic block's own operations, which the device wraps. */
	const struct settings_operations *generic_op;
};

/*
 * Something that keeps per-device state or acts on device events (DHCP
 * settings, ARP caches, routes).  Register with __netdev_observer.
 */
struct netdev_observer {
	const char *name;
	/* A device was registered; an error undoes the registration. NULL ok. */
	int (*probe)(struct net_device *netdev);
	/* The device was opened or closed, or its link state changed. NULL ok. */
	void (*notify)(struct net_device *netdev);
	/* The device is being unregistered. NULL ok. */
	void (*remove)(struct net_device *netdev);
};
DECLARE_TABLE(netdev_observers, struct netdev_observer);
#define __netdev_observer __table_entry(netdev_observers, struct netdev_observer)

/* Registered devices, in index order. */
extern struct list_head net_devices;

#define for_each_netdev(netdev) \
	list_for_each_entry(netdev, &net_devices, list)

/* The ${netN/chip} setting (the MAC is mac_setting, <wireboot/builtin_settings.h>). */
extern const struct setting chip_setting;

/*
 * A zeroed device with PRIV_LEN bytes of driver data, holding one
 * reference; NULL when memory runs out.  The driver sets OP and the rest.
 */
struct net_device *alloc_netdev(size_t priv_len);

static inline struct net_device *netdev_get(struct net_device *netdev)
{
	return ref_get_obj(netdev);
}

static inline void netdev_put(struct net_device *netdev)
{
	ref_put_obj(netdev);
}

/* Name NETDEV, add its settings and tell the observers.  0 or an error. */
int register_netdev(struct net_device *netdev);

/* Close NETDEV if open, tell the observers and remove it from the list. */
void unregister_netdev(struct net_device *netdev);

/* The registered device called NAME ("net0"), or NULL. */
struct net_device *find_netdev(const char *name);

/* Open NETDEV (harmless if open).  0 or the driver's error. */
int netdev_open(struct net_device *netdev);

/* Close NETDEV (harmless if closed). */
void netdev_close(struct net_device *netdev);

static inline bool netdev_is_open(const struct net_device *netdev)
{
	return netdev->is_open;
}

/* Link state. */
void netdev_link_up(struct net_device *netdev);
void netdev_link_down(struct net_device *netdev);
void netdev_link_err(struct net_device *netdev, int rc);

static inline bool netdev_link_ok(const struct net_device *netdev)
{
	return netdev->link_rc == 0;
}

/*
 * Send a complete frame (link-layer header included).  NETDEV owns IOB from
 * here on.  Returns 0 when the driver took it, else the error it was
 * completed with (ERR(ENETUNREACH) when the device is closed).
 */
int netdev_tx(struct net_device *netdev, struct io_buffer *iob);

/* The driver finished with IOB (from the TX queue): RC 0 sent, else why not. */
void netdev_tx_complete(struct net_device *netdev, struct io_buffer *iob,
			int rc);

/* Complete the oldest buffer on the TX queue, if any. */
void netdev_tx_complete_next(struct net_device *netdev, int rc);

/* The driver received the frame IOB (now owned by the device). */
void netdev_rx(struct net_device *netdev, struct io_buffer *iob);

/* The driver failed to receive a frame: free IOB (may be NULL), count RC. */
void netdev_rx_err(struct net_device *netdev, struct io_buffer *iob, int rc);

/*
 * Poll every open device and dispatch what it received.  The permanent
 * process does this once per step(); tests may call it directly.
 */
void net_poll(void);

#endif
