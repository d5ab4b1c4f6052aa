/*
 * Host side of the hosted NICs: a tap device (/dev/net/tun, IFF_TAP |
 * IFF_NO_PI) or an AF_PACKET raw socket bound to an existing interface,
 * both non-blocking.  Frames go in and out whole, Ethernet header included.
 *
 * Addresses: a tap's own MAC belongs to the host's end of the link, so
 * wireboot takes a locally administered one derived from the tap's name
 * (stable from run to run).  An AF_PACKET interface (typically one end of
 * a veth pair) is wireboot's own end of the link, so wireboot uses that
 * interface's MAC; the kernel should have no addresses on it.
 *
 * Offloads: both kinds carry a struct virtio_net_hdr in front of each
 * frame (PACKET_VNET_HDR, IFF_VNET_HDR), so the device behaves like a NIC
 * with receive checksum offload and large receive: a frame whose TCP or
 * UDP checksum the kernel left unfinished (VIRTIO_NET_HDR_F_NEEDS_CSUM,
 * as veth and a tap with TUN_F_CSUM hand them over) is finished here, and
 * a TCP super-frame (GSO) is passed on whole as one large segment.  Frames
 * we send carry a zeroed header: nothing left for the kernel to do.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include "../host.h"

/* Room for any frame either kind of device can produce, header included. */
#define HOST_FRAME_MAX (sizeof(struct virtio_net_hdr) + 65536 + 64)

/* Most frames host_net_drain() throws away, so a busy link cannot stall it. */
#define HOST_DRAIN_MAX 4096

/* Frames are read here first (header, then frame) until host_net_take(). */
static unsigned char host_frame[HOST_FRAME_MAX];

/* Fill IFR with NAME for an interface ioctl. */
static void host_ifreq(struct ifreq *ifr, const char *name)
{
	memset(ifr, 0, sizeof(*ifr));
	memcpy(ifr->ifr_name, name, strnlen(name, sizeof(ifr->ifr_name) - 1));
}

/* Run the interface ioctl REQUEST on a throwaway socket; 0 or -errno. */
static int host_if_ioctl(unsigned long request, struct ifreq *ifr)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int err = 0;

	if (fd < 0)
		return -errno;
	if (ioctl(fd, request, ifr) != 0)
		err = -errno;
	close(fd);
	return err;
}

/* A locally administered unicast MAC from NAME (64-bit FNV-1a). */
static void host_tap_mac(const char *name, uint8_t *mac)
{
	uint64_t hash = 0xcbf29ce484222325ULL;
	int i;

	while (*name) {
		hash ^= (unsigned char)*name++;
		hash *= 0x100000001b3ULL;
	}
	mac[0] = 0x02;
	for (i = 1; i < 6; i++)
		mac[i] = (uint8_t)(hash >> (8 * (i - 1)));
}

/* Attach to the tap called NETDEV->ifname (creating it if need be). */
static int host_open_tap(struct host_netdev *netdev)
{
	int hdr_len = sizeof(struct virtio_net_hdr);
	struct ifreq ifr;
	int err;

	netdev->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (netdev->fd < 0)
		return -errno;
	host_ifreq(&ifr, netdev->ifname);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
	if (ioctl(netdev->fd, TUNSETIFF, &ifr) != 0 ||
	    ioctl(netdev->fd, TUNSETVNETHDRSZ, &hdr_len) != 0 ||
	    ioctl(netdev->fd, TUNSETOFFLOAD,
		  (unsigned long)(TUN_F_CSUM | TUN_F_TSO4)) != 0) {
		err = -errno;
		close(netdev->fd);
		return err;
	}
	host_tap_mac(netdev->ifname, netdev->mac);
	return 0;
}

/* Receive buffer of a packet socket: room for a TCP window in flight. */
#define HOST_PACKET_RCVBUF (8 << 20)

/* Bind a raw socket to the interface NETDEV->ifname and take its MAC. */
static int host_open_packet(struct host_netdev *netdev)
{
	struct sockaddr_ll sll;
	struct ifreq ifr;
	int one = 1;
	int rcvbuf = HOST_PACKET_RCVBUF;
	int err;

	netdev->fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
			    htons(ETH_P_ALL));
	if (netdev->fd < 0)
		return -errno;
	/* Every frame in and out carries a struct virtio_net_hdr first. */
	if (setsockopt(netdev->fd, SOL_PACKET, PACKET_VNET_HDR, &one,
		       sizeof(one)) != 0)
		goto fail_errno;
	host_ifreq(&ifr, netdev->ifname);
	if (ioctl(netdev->fd, SIOCGIFINDEX, &ifr) != 0)
		goto fail_errno;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = ifr.ifr_ifindex;
	if (bind(netdev->fd, (struct sockaddr *)&sll, sizeof(sll)) != 0)
		goto fail_errno;
	host_ifreq(&ifr, netdev->ifname);
	if (ioctl(netdev->fd, SIOCGIFHWADDR, &ifr) != 0)
		goto fail_errno;
	if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER) {
		err = -EMEDIUMTYPE;
		goto fail;
	}
	memcpy(netdev->mac, ifr.ifr_hwaddr.sa_data, 6);
	/* Frames the host itself sends on the interface are not for us. */
	setsockopt(netdev->fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
		   sizeof(one));
	/*
	 * A NIC's receive ring, in effect: between two polls a fast sender
	 * fills the default socket buffer and the kernel drops frames.
	 */
	setsockopt(netdev->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		   sizeof(rcvbuf));
	return 0;
fail_errno:
	err = -errno;
fail:
	close(netdev->fd);
	return err;
}

int host_net_open(struct host_netdev *netdev)
{
	struct ifreq ifr;
	int err;

	switch (netdev->kind) {
	case HOST_NET_TAP:
		err = host_open_tap(netdev);
		break;
	case HOST_NET_PACKET:
		err = host_open_packet(netdev);
		break;
	default:
		return -EINVAL;
	}
	if (err)
		return err;
	host_ifreq(&ifr, netdev->ifname);
	if ((err = host_if_ioctl(SIOCGIFMTU, &ifr)) != 0) {
		close(netdev->fd);
		return err;
	}
	netdev->mtu = (unsigned int)ifr.ifr_mtu;
	host_net_drain(netdev);
	return 0;
}

/* The HOST_NET_* result for a failed call's ERRNO. */
static int host_net_result(int err)
{
	switch (err) {
	case EAGAIN:
	case ENOBUFS:
		return HOST_NET_AGAIN;
	case EMSGSIZE:
		return HOST_NET_TOOBIG;
	case ENETDOWN:
	case ENXIO:
	case ENODEV:
	case EIO:
		return HOST_NET_DOWN;
	default:
		return HOST_NET_FAILED;
	}
}

int host_net_send(const struct host_netdev *netdev, const void *data,
		  size_t len)
{
	struct virtio_net_hdr hdr;
	struct iovec iov[2] = {
		{ .iov_base = &hdr, .iov_len = sizeof(hdr) },
		{ .iov_base = (void *)data, .iov_len = len },
	};
	ssize_t sent;

	memset(&hdr, 0, sizeof(hdr));
	do {
		sent = writev(netdev->fd, iov, 2);
	} while (sent < 0 && errno == EINTR);
	if (sent < 0)
		return host_net_result(errno);
	return (size_t)sent == sizeof(hdr) + len ? 0 : HOST_NET_FAILED;
}

/* Read one header and frame into host_frame; the length read or HOST_NET_*. */
static ssize_t host_net_read(const struct host_netdev *netdev)
{
	struct sockaddr_ll sll;
	socklen_t sll_len;
	ssize_t got;

	for (;;) {
		if (netdev->kind == HOST_NET_TAP) {
			got = read(netdev->fd, host_frame, sizeof(host_frame));
		} else {
			sll_len = sizeof(sll);
			got = recvfrom(netdev->fd, host_frame,
				       sizeof(host_frame), MSG_TRUNC,
				       (struct sockaddr *)&sll, &sll_len);
			/* Older kernels ignore PACKET_IGNORE_OUTGOING. */
			if (got >= 0 && sll.sll_pkttype == PACKET_OUTGOING)
				continue;
		}
		if (got >= 0)
			return got;
		if (errno != EINTR)
			return host_net_result(errno);
	}
}

/*
 * Finish the checksum the kernel left to "hardware": the field at
 * START + OFFSET holds the pseudo-header sum; the ones' complement sum
 * from START to the end of the LEN-byte FRAME replaces it.  Returns 0,
 * or HOST_NET_BADFRAME when the header points outside the frame.
 */
static int host_finish_csum(unsigned char *frame, size_t len, size_t start,
			    size_t offset)
{
	uint32_t sum = 0;
	uint16_t csum;
	size_t i;

	if (start >= len || offset + 2 > len - start)
		return HOST_NET_BADFRAME;
	for (i = start; i + 1 < len; i += 2)
		sum += (uint32_t)(frame[i] << 8 | frame[i + 1]);
	if (i < len)
		sum += (uint32_t)frame[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	csum = (uint16_t)~sum;
	frame[start + offset] = (unsigned char)(csum >> 8);
	frame[start + offset + 1] = (unsigned char)csum;
	return 0;
}

int host_net_recv(const struct host_netdev *netdev, unsigned int *flags)
{
	struct virtio_net_hdr hdr;
	ssize_t got = host_net_read(netdev);
	unsigned char *frame = host_frame + sizeof(hdr);
	size_t len;
	int err;

	*flags = 0;
	if (got < 0)
		return (int)got;
	if ((size_t)got > sizeof(host_frame))
		return HOST_NET_TOOBIG;
	if ((size_t)got < sizeof(hdr))
		return HOST_NET_BADFRAME;
	memcpy(&hdr, host_frame, sizeof(hdr));
	len = (size_t)got - sizeof(hdr);
	switch (hdr.gso_type & ~VIRTIO_NET_HDR_GSO_ECN) {
	case VIRTIO_NET_HDR_GSO_NONE:
		break;
	case VIRTIO_NET_HDR_GSO_TCPV4:
	case VIRTIO_NET_HDR_GSO_TCPV6:
		*flags |= HOST_NET_RX_GSO;
		break;
	default:
		/* Several datagrams in one frame: nothing we could deliver. */
		return HOST_NET_UNSUPPORTED;
	}
	if (hdr.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
		err = host_finish_csum(frame, len, hdr.csum_start,
				       hdr.csum_offset);
		if (err)
			return err;
	}
	return (int)len;
}

void host_net_take(void *buf, size_t len)
{
	memcpy(buf, host_frame + sizeof(struct virtio_net_hdr), len);
}

void host_net_drain(const struct host_netdev *netdev)
{
	int i;

	for (i = 0; i < HOST_DRAIN_MAX; i++) {
		if (host_net_read(netdev) < 0)
			break;
	}
}

int host_net_link(const struct host_netdev *netdev)
{
	struct ifreq ifr;
	int err;

	host_ifreq(&ifr, netdev->ifname);
	err = host_if_ioctl(SIOCGIFFLAGS, &ifr);
	if (err)
		return host_net_result(-err);
	return (ifr.ifr_flags & IFF_UP) && (ifr.ifr_flags & IFF_RUNNING);
}
