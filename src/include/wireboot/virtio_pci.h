/*
 * Virtio over PCI: the legacy transport (I/O BAR 0, "0.9.5", devices
 * 1af4:1000-103f when the modern interface is off) and the modern one
 * (virtio 1.0: common/notify/device regions found through vendor-specific
 * PCI capabilities), behind one set of functions, plus split virtqueues.
 * Each transport is an object of its own (drivers/bus/virtio_legacy.c,
 * virtio_modern.c): an image links both and vp_init() picks one per
 * device, an option ROM only the one its device ID needs.
 *
 * A driver calls vp_init(), vp_reset(), adds ACKNOWLEDGE|DRIVER, picks
 * features from vp_features() and vp_set_features() (which also checks
 * FEATURES_OK on modern devices), sets up its queues with vp_setup_queue(),
 * and adds DRIVER_OK.  Buffers go to the device with vq_add() + vq_kick()
 * and come back, in completion order, through vq_get_used().
 */
#ifndef WIREBOOT_VIRTIO_PCI_H
#define WIREBOOT_VIRTIO_PCI_H

#include <wireboot/compiler.h>
#include <wireboot/io.h>

struct pci_device;

/* Device status bits. */
#define VIRTIO_STATUS_ACKNOWLEDGE 0x01
#define VIRTIO_STATUS_DRIVER 0x02
#define VIRTIO_STATUS_DRIVER_OK 0x04
#define VIRTIO_STATUS_FEATURES_OK 0x08
#define VIRTIO_STATUS_FAILED 0x80

/* Transport feature bits. */
#define VIRTIO_F_ANY_LAYOUT 27
#define VIRTIO_F_VERSION_1 32

#define VIRTIO_BIT(n) (1ULL << (n))

/* Split virtqueue layout (virtio 1.0 section 2.4). */
struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
} __packed;

#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2

struct vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
} __packed;

#define VRING_AVAIL_F_NO_INTERRUPT 1

struct vring_used_elem {
	uint32_t id;
	uint32_t len;
} __packed;

struct vring_used {
	uint16_t flags;
	uint16_t idx;
	struct vring_used_elem ring[];
} __packed;

/* A window onto a device register block: I/O ports or mapped memory. */
struct vp_region {
	bool is_io;
	uint16_t port;
	void *mem;
};

struct virtqueue {
	uint16_t index;
	/* Descriptors in the ring (a power of two). */
	unsigned int num;
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	/* The allocation holding all three. */
	void *mem;
	/* Our copy of avail->idx, and the used entries consumed so far. */
	uint16_t avail_idx;
	uint16_t last_used;
	/* Where to write the queue index to notify the device. */
	struct vp_region notify;
	unsigned int notify_offset;
};

struct vp_transport;

struct virtio_pci_device {
	struct pci_device *pci;
	/* The register layout in use, chosen by vp_init(). */
	const struct vp_transport *transport;
	/* The modern interface is in use (the driver must take VERSION_1). */
	bool modern;
	/* Feature, status and queue registers (legacy: the whole I/O BAR 0),
	 * and where the status byte is in them. */
	struct vp_region common;
	unsigned int status_offset;
	/* Modern: where queues are notified, QUEUE_NOTIFY_OFF times this. */
	struct vp_region notify;
	uint32_t notify_multiplier;
	/* The device-specific configuration. */
	struct vp_region device;
};

/*
 * Find the registers of the virtio device PCI: the modern interface when
 * its capabilities are there (and the image has that transport), else the
 * legacy one.  0 or ERR(ENODEV).
 */
int vp_init(struct virtio_pci_device *vdev, struct pci_device *pci);

/* Forget the mappings made by vp_init(). */
void vp_exit(struct virtio_pci_device *vdev);

/* Reset the device: it stops using every queue (no more DMA). */
void vp_reset(struct virtio_pci_device *vdev);

/* Add BITS to the device status. */
void vp_add_status(struct virtio_pci_device *vdev, uint8_t bits);

/* Features the device offers (only the low 32 on a legacy device). */
uint64_t vp_features(struct virtio_pci_device *vdev);

/*
 * Accept FEATURES.  A modern device must then confirm FEATURES_OK: 0, or
 * ERR(ENOTSUP) when it refuses the combination.
 */
int vp_set_features(struct virtio_pci_device *vdev, uint64_t features);

/* Read LEN bytes of the device-specific configuration at OFFSET. */
void vp_read_config(struct virtio_pci_device *vdev, unsigned int offset,
		    void *buf, size_t len);

/*
 * Set up queue INDEX with at most MAX descriptors (a legacy device fixes
 * its own size), allocated zeroed and handed to the device.  0, ERR(ENOENT)
 * when the device has no such queue, or ERR(ENOMEM).
 */
int vp_setup_queue(struct virtio_pci_device *vdev, unsigned int index,
		   struct virtqueue *vq, unsigned int max);

/* Release a queue's memory (after vp_reset()). */
void vq_free(struct virtqueue *vq);

/*
 * Offer the chain of descriptors starting at HEAD (already filled in) to the
 * device; takes effect for the device at the next vq_kick().
 */
void vq_add(struct virtqueue *vq, uint16_t head);

/* Publish what vq_add() queued and notify the device. */
void vq_kick(struct virtqueue *vq);

/*
 * The next chain the device has finished with: its head descriptor in
 * *ID and the bytes written in *LEN.  false when there is none.
 */
bool vq_get_used(struct virtqueue *vq, uint16_t *id, uint32_t *len);

#endif
