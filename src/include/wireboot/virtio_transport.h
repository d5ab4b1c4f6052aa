/*
 * Between the virtio PCI core (drivers/bus/virtio_pci.c, virtio_ring.c)
 * and its two register layouts (drivers/bus/virtio_legacy.c and
 * virtio_modern.c): what a transport provides, and the register and ring
 * helpers the transports share.  Drivers use <wireboot/virtio_pci.h>.
 */
#ifndef WIREBOOT_VIRTIO_TRANSPORT_H
#define WIREBOOT_VIRTIO_TRANSPORT_H

#include <wireboot/virtio_pci.h>

struct vp_transport {
	/*
	 * Find this layout's registers on vdev->pci (enabled) and fill in
	 * VDEV's regions: 0, or ERR(ENODEV) when the device lacks them (the
	 * caller then forgets whatever was mapped, with vp_exit()).
	 */
	int (*init)(struct virtio_pci_device *vdev);
	/* vp_features() and vp_set_features(). */
	uint64_t (*features)(struct virtio_pci_device *vdev);
	int (*set_features)(struct virtio_pci_device *vdev, uint64_t features);
	/*
	 * Set up queue VQ->index (VQ otherwise zeroed) with at most MAX
	 * descriptors, its ring from vring_alloc(), and say in VQ where to
	 * notify the device; as vp_setup_queue().
	 */
	int (*setup_queue)(struct virtio_pci_device *vdev, struct virtqueue *vq,
			   unsigned int max);
};

/* drivers/bus/virtio_legacy.c and virtio_modern.c. */
extern const struct vp_transport vp_legacy_transport;
extern const struct vp_transport vp_modern_transport;

/* Register access at offset OFF of a region, whichever space it is in. */
uint8_t vp_read8(const struct vp_region *r, unsigned int off);
uint16_t vp_read16(const struct vp_region *r, unsigned int off);
uint32_t vp_read32(const struct vp_region *r, unsigned int off);
void vp_write8(const struct vp_region *r, unsigned int off, uint8_t v);
void vp_write16(const struct vp_region *r, unsigned int off, uint16_t v);
void vp_write32(const struct vp_region *r, unsigned int off, uint32_t v);

/*
 * Allocate VQ's ring of NUM descriptors, zeroed, in the legacy layout
 * (4 KiB-aligned, the used ring on a 4 KiB boundary; a modern device
 * accepts that too): 0 or ERR(ENOMEM).
 */
int vring_alloc(struct virtqueue *vq, unsigned int num);

#endif
