/*
 * virtio-net over PCI, legacy/transitional (1af4:1000) and modern
 * (1af4:1041), through <wireboot/virtio_pci.h>.
 *
 * Queue 0 receives, queue 1 transmits; everything is polled.  Each frame
 * sent uses two descriptors: a zeroed virtio-net header and the frame.
 *
 * When the device offers mergeable receive buffers, the driver also takes
 * GUEST_CSUM and GUEST_TSO4: the host may then hand over TCP segments of
 * up to 64 KiB.  Each receive buffer then holds a whole segment, so that
 * it goes up the stack without being copied (if memory is short, buffers
 * of 4 KiB are posted instead and a segment spread across several of them,
 * num_buffers in the first one's header, is joined into one frame).  The
 * stack sees ordinary IPv4 packets - only fewer and larger ones.  Without
 * mergeable buffers, each buffer holds one ordinary frame.
 *
 * Closing the device and removing the driver reset it, which stops all
 * DMA.
 */
#include <string.h>
#include <stdlib.h>
#include <wireboot/pci.h>
#include <wireboot/virtio_pci.h>
#include <wireboot/netdevice.h>
#include <wireboot/ethernet.h>
#include <wireboot/iobuf.h>
#include <wireboot/byteorder.h>
#include <wireboot/tcpip.h>
#include <wireboot/time.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_DRIVER

/* virtio-net feature bits. */
#define VIRTIO_NET_F_GUEST_CSUM 1
#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_GUEST_TSO4 7
#define VIRTIO_NET_F_MRG_RXBUF 15
#define VIRTIO_NET_F_STATUS 16

/* Device configuration. */
#define VIRTIO_NET_CFG_MAC 0
#define VIRTIO_NET_CFG_STATUS 6
#define VIRTIO_NET_S_LINK_UP 1

#define VIRTIO_NET_RX_QUEUE 0
#define VIRTIO_NET_TX_QUEUE 1

/* Header flags. */
#define VIRTIO_NET_HDR_F_NEEDS_CSUM 1
#define VIRTIO_NET_HDR_F_DATA_VALID 2

struct virtio_net_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	/* Only with mergeable buffers or VERSION_1 (header of 12 bytes). */
	uint16_t num_buffers;
} __packed;

/* Milliseconds between reads of the link state. */
#define VIRTIO_NET_LINK_INTERVAL_MS 500

/* Header length without the num_buffers field. */
#define VIRTIO_NET_HDR_LEN_LEGACY 10

/* Descriptors asked for on a modern device (legacy ones fix their own). */
#define VIRTIO_NET_RX_MAX 256
#define VIRTIO_NET_TX_MAX 256
/* Receive buffers posted, at most. */
#define VIRTIO_NET_RX_FILL 128
/* Frames in flight, at most (two descriptors each). */
#define VIRTIO_NET_TX_SLOTS 128
/* Size of each mergeable receive buffer when memory is short. */
#define VIRTIO_NET_MRG_BUF_LEN 4096
/* Room for an 802.1Q tag beyond an ordinary frame. */
#define VIRTIO_NET_VLAN_HLEN 4
/* A receive buffer for a whole 64 KiB segment (header, Ethernet, IPv4). */
#define VIRTIO_NET_LARGE_BUF_LEN (sizeof(struct virtio_net_hdr) + ETH_HLEN + \
				  VIRTIO_NET_VLAN_HLEN + 65535)
/* Such buffers posted, at most (2 MiB: more than a TCP window). */
#define VIRTIO_NET_LARGE_FILL 32

struct virtio_net {
	struct virtio_pci_device vdev;
	struct net_device *netdev;
	uint64_t features;
	size_t hdr_len;
	bool mergeable;
	/* Bytes each receive buffer holds (header included). */
	size_t rx_buf_len;

	struct virtqueue rx;
	unsigned int rx_fill;
	/* The buffer behind each receive descriptor (NULL: none posted). */
	struct io_buffer **rx_iob;
	/* A large receive being joined, and how many buffers it still needs. */
	struct io_buffer *rx_join;
	unsigned int rx_join_left;

	struct virtqueue tx;
	unsigned int tx_slots;
	struct virtio_net_hdr *tx_hdr;
	struct io_buffer *tx_iob[VIRTIO_NET_TX_SLOTS];

	/* When the link state is next read. */
	uint64_t next_link_check;
};

/* Read the link state from the device when it reports one. */
static void virtio_net_check_link(struct virtio_net *vn)
{
	uint16_t status;

	vn->next_link_check = now_ms() + VIRTIO_NET_LINK_INTERVAL_MS;
	if (!(vn->features & VIRTIO_BIT(VIRTIO_NET_F_STATUS))) {
		netdev_link_up(vn->netdev);
		return;
	}
	vp_read_config(&vn->vdev, VIRTIO_NET_CFG_STATUS, &status,
		       sizeof(status));
	if (le16_to_cpu(status) & VIRTIO_NET_S_LINK_UP)
		netdev_link_up(vn->netdev);
	else
		netdev_link_down(vn->netdev);
}

/* Post a fresh receive buffer on descriptor I; false when memory ran out. */
static bool virtio_net_post_rx(struct virtio_net *vn, unsigned int i)
{
	struct io_buffer *iob = alloc_iob(vn->rx_buf_len);
	struct vring_desc *desc = &vn->rx.desc[i];

	if (!iob)
		return false;
	vn->rx_iob[i] = iob;
	desc->addr = cpu_to_le64(dma_address(iob->data));
	desc->len = cpu_to_le32((uint32_t)vn->rx_buf_len);
	desc->flags = cpu_to_le16(VRING_DESC_F_WRITE);
	desc->next = 0;
	vq_add(&vn->rx, (uint16_t)i);
	return true;
}

/* Free every buffer and both queues (the device must be reset). */
static void virtio_net_free(struct virtio_net *vn)
{
	unsigned int i;

	if (vn->rx_iob) {
		for (i = 0; i < vn->rx_fill; i++)
			free_iob(vn->rx_iob[i]);
	}
	free(vn->rx_iob);
	vn->rx_iob = NULL;
	free_iob(vn->rx_join);
	vn->rx_join = NULL;
	vn->rx_join_left = 0;
	heap_free(vn->tx_hdr);
	vn->tx_hdr = NULL;
	memset(vn->tx_iob, 0, sizeof(vn->tx_iob));
	vq_free(&vn->rx);
	vq_free(&vn->tx);
}

/* Reset the device (which stops all DMA), then free what it used. */
static void virtio_net_stop(struct virtio_net *vn)
{
	vp_reset(&vn->vdev);
	virtio_net_free(vn);
}

/* Features we take from those the device offers. */
static uint64_t virtio_net_choose(uint64_t offered)
{
	uint64_t wanted = VIRTIO_BIT(VIRTIO_NET_F_MAC) |
			  VIRTIO_BIT(VIRTIO_NET_F_STATUS) |
			  VIRTIO_BIT(VIRTIO_F_ANY_LAYOUT) |
			  VIRTIO_BIT(VIRTIO_F_VERSION_1);
	uint64_t large = VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF) |
			 VIRTIO_BIT(VIRTIO_NET_F_GUEST_CSUM) |
			 VIRTIO_BIT(VIRTIO_NET_F_GUEST_TSO4);

	if (offered & VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF)) {
		wanted |= VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF);
		if ((offered & large) == large)
			wanted |= large;
	}
	return offered & wanted;
}

/*
 * Bring the device up: features, queues, buffers, DRIVER_OK; with LARGE,
 * receive buffers that each hold a whole segment, if the host sends those.
 */
static int virtio_net_start(struct virtio_net *vn, bool large)
{
	unsigned int i;
	int rc;

	vp_reset(&vn->vdev);
	vp_add_status(&vn->vdev, VIRTIO_STATUS_ACKNOWLEDGE |
		      VIRTIO_STATUS_DRIVER);
	vn->features = virtio_net_choose(vp_features(&vn->vdev));
	if (vn->vdev.modern &&
	    !(vn->features & VIRTIO_BIT(VIRTIO_F_VERSION_1)))
		return ERR(ENOTSUP);
	if ((rc = vp_set_features(&vn->vdev, vn->features)) != 0)
		return rc;
	vn->mergeable = vn->features & VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF);
	vn->hdr_len = vn->mergeable ||
		      (vn->features & VIRTIO_BIT(VIRTIO_F_VERSION_1)) ?
		      sizeof(struct virtio_net_hdr) : VIRTIO_NET_HDR_LEN_LEGACY;
	large = large && (vn->features & VIRTIO_BIT(VIRTIO_NET_F_GUEST_TSO4));
	if (!vn->mergeable)
		vn->rx_buf_len = vn->hdr_len + vn->netdev->max_pkt_len;
	else if (large)
		vn->rx_buf_len = VIRTIO_NET_LARGE_BUF_LEN;
	else
		vn->rx_buf_len = VIRTIO_NET_MRG_BUF_LEN;

	if ((rc = vp_setup_queue(&vn->vdev, VIRTIO_NET_RX_QUEUE, &vn->rx,
				 VIRTIO_NET_RX_MAX)) != 0 ||
	    (rc = vp_setup_queue(&vn->vdev, VIRTIO_NET_TX_QUEUE, &vn->tx,
				 VIRTIO_NET_TX_MAX)) != 0)
		return rc;
	vn->rx_fill = MIN(vn->rx.num, large ? VIRTIO_NET_LARGE_FILL :
					      VIRTIO_NET_RX_FILL);
	vn->tx_slots = MIN(vn->tx.num / 2, VIRTIO_NET_TX_SLOTS);
	vn->rx_iob = calloc(vn->rx_fill, sizeof(*vn->rx_iob));
	vn->tx_hdr = heap_alloc(vn->tx_slots * sizeof(*vn->tx_hdr), 0);
	if (!vn->rx_iob || !vn->tx_hdr)
		return ERR(ENOMEM);
	memset(vn->tx_hdr, 0, vn->tx_slots * sizeof(*vn->tx_hdr));
	for (i = 0; i < vn->tx_slots; i++) {
		struct vring_desc *desc = &vn->tx.desc[2 * i];

		desc[0].addr = cpu_to_le64(dma_address(&vn->tx_hdr[i]));
		desc[0].len = cpu_to_le32((uint32_t)vn->hdr_len);
		desc[0].flags = cpu_to_le16(VRING_DESC_F_NEXT);
		desc[0].next = cpu_to_le16((uint16_t)(2 * i + 1));
	}
	for (i = 0; i < vn->rx_fill; i++) {
		if (!virtio_net_post_rx(vn, i))
			return ERR(ENOMEM);
	}
	vp_add_status(&vn->vdev, VIRTIO_STATUS_DRIVER_OK);
	vq_kick(&vn->rx);
	return 0;
}

static int virtio_net_open(struct net_device *netdev)
{
	struct virtio_net *vn = netdev->priv;
	int rc;

	/* Whole-segment buffers need 2 MiB; failing that, small ones. */
	if ((rc = virtio_net_start(vn, true)) != 0) {
		virtio_net_stop(vn);
		rc = virtio_net_start(vn, false);
	}
	if (rc != 0) {
		virtio_net_stop(vn);
		return rc;
	}
	virtio_net_check_link(vn);
	return 0;
}

static void virtio_net_close(struct net_device *netdev)
{
	virtio_net_stop(netdev->priv);
}

/* Complete the frames the device has sent. */
static void virtio_net_poll_tx(struct virtio_net *vn)
{
	struct io_buffer *iob;
	uint16_t id;
	uint32_t len;

	while (vq_get_used(&vn->tx, &id, &len)) {
		if (id % 2 || id / 2 >= vn->tx_slots || !vn->tx_iob[id / 2])
			continue;
		iob = vn->tx_iob[id / 2];
		vn->tx_iob[id / 2] = NULL;
		netdev_tx_complete(vn->netdev, iob, 0);
	}
}

/* A transmit slot not in use, or TX_SLOTS when all are. */
static unsigned int virtio_net_free_slot(struct virtio_net *vn)
{
	unsigned int slot;

	for (slot = 0; slot < vn->tx_slots; slot++) {
		if (!vn->tx_iob[slot])
			break;
	}
	return slot;
}

static int virtio_net_transmit(struct net_device *netdev,
			       struct io_buffer *iob)
{
	struct virtio_net *vn = netdev->priv;
	struct vring_desc *desc;
	unsigned int slot;

	slot = virtio_net_free_slot(vn);
	if (slot == vn->tx_slots) {
		/* Full may only mean that finished frames wait to be reaped. */
		virtio_net_poll_tx(vn);
		slot = virtio_net_free_slot(vn);
	}
	if (slot == vn->tx_slots)
		return ERR(ENOBUFS);
	vn->tx_iob[slot] = iob;
	desc = &vn->tx.desc[2 * slot + 1];
	desc->addr = cpu_to_le64(dma_address(iob->data));
	desc->len = cpu_to_le32((uint32_t)iob_len(iob));
	desc->flags = 0;
	vq_add(&vn->tx, (uint16_t)(2 * slot));
	vq_kick(&vn->tx);
	return 0;
}

/*
 * Finish a checksum the host left partial: the field at CSUM_OFFSET past
 * CSUM_START holds the pseudo-header sum; fold in the data from CSUM_START.
 */
static int virtio_net_fill_csum(struct io_buffer *iob,
				const struct virtio_net_hdr *hdr)
{
	size_t start = le16_to_cpu(hdr->csum_start);
	size_t field = start + le16_to_cpu(hdr->csum_offset);
	uint8_t *data = iob->data;
	uint16_t csum;

	if (field + 2 > iob_len(iob))
		return ERR(EINVAL);
	csum = tcpip_continue_chksum(TCPIP_EMPTY_CSUM, data + start,
				     iob_len(iob) - start);
	memcpy(data + field, &csum, sizeof(csum));
	return 0;
}

/*
 * Hand a whole frame (header already removed) up the stack.  The device
 * stays promiscuous (we have no control queue), so unicast frames for
 * other stations are dropped here, as a filtering NIC would.
 *
 * A checksum the host verified (DATA_VALID) or left partial (NEEDS_CSUM:
 * the packet came from the host itself and crossed no wire) is not worth
 * computing: the frame is marked so that the stack skips its check.  Only
 * a frame diverted to a PXE program, which checks for itself, gets a
 * partial checksum completed.
 */
static void virtio_net_deliver(struct virtio_net *vn, struct io_buffer *iob,
			       const struct virtio_net_hdr *hdr)
{
	const uint8_t *dest = iob->data;
	int rc;

	if (iob_len(iob) >= ETH_ALEN && !is_multicast_ether_addr(dest) &&
	    memcmp(dest, vn->netdev->ll_addr, ETH_ALEN) != 0) {
		free_iob(iob);
		return;
	}

	if (!vn->netdev->rx_divert) {
		iob->csum_verified = hdr->flags & (VIRTIO_NET_HDR_F_NEEDS_CSUM |
						   VIRTIO_NET_HDR_F_DATA_VALID);
	} else if ((hdr->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) &&
		   (rc = virtio_net_fill_csum(iob, hdr)) != 0) {
		netdev_rx_err(vn->netdev, iob, rc);
		return;
	}
	netdev_rx(vn->netdev, iob);
}

/* Add the LEN bytes of BUF to the large receive being joined. */
static void virtio_net_join(struct virtio_net *vn, const void *buf, size_t len)
{
	void *dest = iob_put(vn->rx_join, len);

	if (!dest) {
		netdev_rx_err(vn->netdev, vn->rx_join, ERR(EMSGSIZE));
		vn->rx_join = NULL;
		return;
	}
	memcpy(dest, buf, len);
}

/*
 * Take the buffer IOB the device filled with LEN bytes: a whole frame, the
 * start of a large receive, or the next piece of one.
 */
static void virtio_net_rx_buffer(struct virtio_net *vn, struct io_buffer *iob,
				 size_t len)
{
	struct virtio_net_hdr hdr;
	unsigned int count;

	if (vn->rx_join_left) {
		vn->rx_join_left--;
		if (vn->rx_join)
			virtio_net_join(vn, iob->data, len);
		free_iob(iob);
		if (!vn->rx_join_left && vn->rx_join) {
			iob = vn->rx_join;
			vn->rx_join = NULL;
			memcpy(&hdr, iob->data, vn->hdr_len);
			iob_pull(iob, vn->hdr_len);
			virtio_net_deliver(vn, iob, &hdr);
		}
		return;
	}
	if (len < vn->hdr_len) {
		netdev_rx_err(vn->netdev, iob, ERR(EINVAL));
		return;
	}
	memset(&hdr, 0, sizeof(hdr));
	memcpy(&hdr, iob->data, vn->hdr_len);
	count = vn->mergeable ? le16_to_cpu(hdr.num_buffers) : 1;
	if (count <= 1) {
		iob_put(iob, len);
		iob_pull(iob, vn->hdr_len);
		virtio_net_deliver(vn, iob, &hdr);
		return;
	}
	/* Join the pieces, header first, into a buffer big enough for all. */
	vn->rx_join_left = count - 1;
	if (count > vn->rx_fill)
		vn->rx_join = NULL;
	else
		vn->rx_join = alloc_iob(count * vn->rx_buf_len);
	if (!vn->rx_join)
		netdev_rx_err(vn->netdev, NULL, count > vn->rx_fill ?
			      ERR(EMSGSIZE) : ERR(ENOMEM));
	else
		virtio_net_join(vn, iob->data, len);
	free_iob(iob);
}

/*
 * Account for the buffer IOB (LEN bytes filled) whose contents are lost
 * for want of memory, so that the buffers after it are still taken for
 * what they are: losing a piece of a large receive drops the whole
 * receive, and losing its start makes its other pieces be skipped.
 */
static void virtio_net_rx_lost(struct virtio_net *vn,
			       const struct io_buffer *iob, size_t len)
{
	struct virtio_net_hdr hdr;
	unsigned int count;

	if (vn->rx_join_left) {
		vn->rx_join_left--;
		if (vn->rx_join)
			netdev_rx_err(vn->netdev, vn->rx_join, ERR(ENOMEM));
		vn->rx_join = NULL;
		return;
	}
	netdev_rx_err(vn->netdev, NULL, ERR(ENOMEM));
	if (!vn->mergeable || len < vn->hdr_len)
		return;
	memcpy(&hdr, iob->data, vn->hdr_len);
	count = le16_to_cpu(hdr.num_buffers);
	if (count > 1)
		vn->rx_join_left = count - 1;
}

/* Pass received frames up and post new buffers in place of the used ones. */
static void virtio_net_poll_rx(struct virtio_net *vn)
{
	struct io_buffer *iob;
	bool posted = false;
	uint16_t id;
	uint32_t len;

	while (vq_get_used(&vn->rx, &id, &len)) {
		if (id >= vn->rx_fill || !vn->rx_iob[id])
			continue;
		iob = vn->rx_iob[id];
		vn->rx_iob[id] = NULL;
		if (len > vn->rx_buf_len)
			len = (uint32_t)vn->rx_buf_len;
		if (!virtio_net_post_rx(vn, id)) {
			/* Keep the old buffer posted; what it held is lost. */
			virtio_net_rx_lost(vn, iob, len);
			vn->rx_iob[id] = iob;
			vq_add(&vn->rx, id);
		} else {
			virtio_net_rx_buffer(vn, iob, len);
		}
		posted = true;
	}
	if (posted)
		vq_kick(&vn->rx);
}

static void virtio_net_poll(struct net_device *netdev)
{
	struct virtio_net *vn = netdev->priv;

	if (now_ms() >= vn->next_link_check)
		virtio_net_check_link(vn);
	virtio_net_poll_tx(vn);
	virtio_net_poll_rx(vn);
}

static const struct net_device_operations virtio_net_operations = {
	.open = virtio_net_open,
	.close = virtio_net_close,
	.transmit = virtio_net_transmit,
	.poll = virtio_net_poll,
};

static int virtio_net_probe(struct pci_device *pci)
{
	struct net_device *netdev;
	struct virtio_net *vn;
	int rc;

	netdev = alloc_netdev(sizeof(*vn));
	if (!netdev)
		return ERR(ENOMEM);
	vn = netdev->priv;
	vn->netdev = netdev;
	if ((rc = vp_init(&vn->vdev, pci)) != 0)
		goto err_init;
	vp_reset(&vn->vdev);
	vp_add_status(&vn->vdev, VIRTIO_STATUS_ACKNOWLEDGE);
	vn->features = vp_features(&vn->vdev);
	if (!(vn->features & VIRTIO_BIT(VIRTIO_NET_F_MAC))) {
		rc = ERR(EADDRNOTAVAIL);
		goto err_mac;
	}
	vp_read_config(&vn->vdev, VIRTIO_NET_CFG_MAC, netdev->hw_addr,
		       ETH_ALEN);
	vp_reset(&vn->vdev);
	netdev->op = &virtio_net_operations;
	netdev->driver_name = "virtio-net";
	netdev->chip = pci->id->description;
	netdev->max_pkt_len = ETH_HLEN + 1500 + VIRTIO_NET_VLAN_HLEN;
	netdev->mtu = 1500;
	pci_location(pci, netdev->location, sizeof(netdev->location));
	if ((rc = register_netdev(netdev)) != 0)
		goto err_mac;
	/* The configuration (and so the link state) reads even when reset. */
	virtio_net_check_link(vn);
	pci->priv = netdev;
	return 0;

err_mac:
	vp_reset(&vn->vdev);
	vp_exit(&vn->vdev);
err_init:
	pci_clear_bus_master(pci);
	netdev_put(netdev);
	return rc;
}

static void virtio_net_remove(struct pci_device *pci)
{
	struct net_device *netdev = pci->priv;
	struct virtio_net *vn = netdev->priv;

	unregister_netdev(netdev);
	vp_reset(&vn->vdev);
	pci_clear_bus_master(pci);
	vp_exit(&vn->vdev);
	netdev_put(netdev);
}

static const struct pci_device_id virtio_net_ids[] = {
	PCI_ID(0x1af4, 0x1000, "virtio-net", "Virtio network device (transitional)"),
	PCI_ID(0x1af4, 0x1041, "virtio-net", "Virtio network device"),
};

struct pci_driver virtio_net_driver __pci_driver = {
	.name = "virtio-net",
	.ids = virtio_net_ids,
	.id_count = ARRAY_SIZE(virtio_net_ids),
	.probe = virtio_net_probe,
	.remove = virtio_net_remove,
};
