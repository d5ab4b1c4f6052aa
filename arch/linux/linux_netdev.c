/*
 * Hosted NICs: a network device whose transmit and poll go to a tap device
 * or an AF_PACKET socket opened by the host side (arch/linux/host/hostnet.c).
 *
 * The host file stays open for the whole run; a closed device simply does
 * not read it, and opening throws away what arrived meanwhile, as a NIC
 * that was not receiving would never have seen it.  Like a NIC that is not
 * promiscuous, the device drops unicast frames for other addresses.  The
 * link state follows the interface (up with a carrier): read at
 * registration and on opening, then at most twice a second while open.
 *
 * Like a NIC with checksum offload and large receive, the device takes
 * frames whose checksum the kernel left unfinished (the host side
 * finishes it) and TCP super-frames, delivered whole as one large segment.
 */
#include <string.h>
#include <stdio.h>
#include <wireboot/netdevice.h>
#include <wireboot/ethernet.h>
#include <wireboot/iobuf.h>
#include <wireboot/time.h>
#include <wireboot/errors.h>
#include "host.h"

#define ERR_SUBSYS ESUB_LINUX

/* Milliseconds between link checks. */
#define LINUX_LINK_INTERVAL_MS 500

/* Most frames taken from the host per poll, so one NIC cannot hog a step. */
#define LINUX_RX_BATCH 32

/* Room for an 802.1Q tag beyond the MTU and Ethernet header. */
#define VLAN_HLEN 4

struct linux_nic {
	struct host_netdev host;
	/* When the link state is next read from the host. */
	uint64_t next_link_check;
};

/* The wireboot error for a HOST_NET_* result. */
static int linux_net_error(int result)
{
	switch (result) {
	case HOST_NET_AGAIN:
		return ERR(ENOBUFS);
	case HOST_NET_TOOBIG:
		return ERR(EMSGSIZE);
	case HOST_NET_DOWN:
		return ERR(ENETDOWN);
	case HOST_NET_BADFRAME:
		return ERR(EBADMSG);
	case HOST_NET_UNSUPPORTED:
		return ERR(ENOTSUP);
	default:
		return ERR(EIO);
	}
}

/* Read the link state from the host. */
static void linux_check_link(struct net_device *netdev)
{
	struct linux_nic *nic = netdev->priv;
	int link = host_net_link(&nic->host);

	nic->next_link_check = now_ms() + LINUX_LINK_INTERVAL_MS;
	if (link > 0)
		netdev_link_up(netdev);
	else if (link == 0)
		netdev_link_down(netdev);
	else
		netdev_link_err(netdev, linux_net_error(link));
}

static int linux_open(struct net_device *netdev)
{
	struct linux_nic *nic = netdev->priv;

	host_net_drain(&nic->host);
	linux_check_link(netdev);
	return 0;
}

/* Frames go out at once, so each completes before transmit returns. */
static int linux_transmit(struct net_device *netdev, struct io_buffer *iob)
{
	struct linux_nic *nic = netdev->priv;
	int result = host_net_send(&nic->host, iob->data, iob_len(iob));

	if (result != 0)
		return linux_net_error(result);
	netdev_tx_complete(netdev, iob, 0);
	return 0;
}

/* Is the frame in IOB one this NIC's address filter would accept? */
static bool linux_accepts(struct net_device *netdev, struct io_buffer *iob)
{
	const uint8_t *dest = iob->data;

	if (iob_len(iob) < ETH_ALEN)
		return true;
	return is_multicast_ether_addr(dest) ||
	       memcmp(dest, netdev->ll_addr, ETH_ALEN) == 0;
}

static void linux_poll(struct net_device *netdev)
{
	struct linux_nic *nic = netdev->priv;
	struct io_buffer *iob;
	unsigned int flags;
	int len;
	int i;

	if (now_ms() >= nic->next_link_check)
		linux_check_link(netdev);
	for (i = 0; i < LINUX_RX_BATCH; i++) {
		len = host_net_recv(&nic->host, &flags);
		if (len == 0 || len == HOST_NET_AGAIN)
			return;
		if (len < 0) {
			netdev_rx_err(netdev, NULL, linux_net_error(len));
			continue;
		}
		if ((size_t)len > netdev->max_pkt_len &&
		    !(flags & HOST_NET_RX_GSO)) {
			netdev_rx_err(netdev, NULL, ERR(EMSGSIZE));
			continue;
		}
		iob = alloc_iob((size_t)len);
		if (!iob) {
			netdev_rx_err(netdev, NULL, ERR(ENOMEM));
			continue;
		}
		host_net_take(iob_put(iob, (size_t)len), (size_t)len);
		if (linux_accepts(netdev, iob))
			netdev_rx(netdev, iob);
		else
			free_iob(iob);
	}
}

static const struct net_device_operations linux_netdev_operations = {
	.open = linux_open,
	.transmit = linux_transmit,
	.poll = linux_poll,
};

int linux_register_netdev(const struct host_netdev *host)
{
	struct net_device *netdev;
	struct linux_nic *nic;
	int rc;

	netdev = alloc_netdev(sizeof(*nic));
	if (!netdev)
		return ERR(ENOMEM);
	nic = netdev->priv;
	nic->host = *host;
	netdev->op = &linux_netdev_operations;
	if (host->kind == HOST_NET_TAP) {
		netdev->driver_name = "linux-tap";
		netdev->chip = "Linux tap device";
	} else {
		netdev->driver_name = "linux-packet";
		netdev->chip = "Linux AF_PACKET socket";
	}
	snprintf(netdev->location, sizeof(netdev->location), "%s",
		 host->ifname);
	memcpy(netdev->hw_addr, host->mac, sizeof(netdev->hw_addr));
	netdev->mtu = host->mtu;
	netdev->max_pkt_len = host->mtu + ETH_HLEN + VLAN_HLEN;
	rc = register_netdev(netdev);
	if (rc == 0)
		linux_check_link(netdev);
	netdev_put(netdev);
	return rc;
}
