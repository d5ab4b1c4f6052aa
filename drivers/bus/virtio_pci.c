/*
 * The virtio PCI device (<wireboot/virtio_pci.h>): choosing a transport,
 * and what is the same on both - register regions, reset, status and
 * device configuration - with the rest passed to the transport in use
 * (drivers/bus/virtio_legacy.c, virtio_modern.c).  Everything is polled:
 * the device is asked not to interrupt, and never given an MSI-X vector.
 */
#include <string.h>
#include <wireboot/pci.h>
#include <wireboot/virtio_transport.h>
#include <wireboot/time.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_PCI

/* Longest wait for a device to finish resetting. */
#define VP_RESET_TIMEOUT_MS 100

/* Weak: an option ROM links only the transport its device ID needs
 * (arch/x86/media.mk), and the other one reads as absent. */
extern const struct vp_transport vp_legacy_transport __attribute__((weak));
extern const struct vp_transport vp_modern_transport __attribute__((weak));

uint8_t vp_read8(const struct vp_region *r, unsigned int off)
{
	return r->is_io ? pio_in8((uint16_t)(r->port + off)) :
			  mmio_read8((uint8_t *)r->mem + off);
}

uint16_t vp_read16(const struct vp_region *r, unsigned int off)
{
	return r->is_io ? pio_in16((uint16_t)(r->port + off)) :
			  mmio_read16((uint8_t *)r->mem + off);
}

uint32_t vp_read32(const struct vp_region *r, unsigned int off)
{
	return r->is_io ? pio_in32((uint16_t)(r->port + off)) :
			  mmio_read32((uint8_t *)r->mem + off);
}

void vp_write8(const struct vp_region *r, unsigned int off, uint8_t v)
{
	if (r->is_io)
		pio_out8((uint16_t)(r->port + off), v);
	else
		mmio_write8((uint8_t *)r->mem + off, v);
}

void vp_write16(const struct vp_region *r, unsigned int off, uint16_t v)
{
	if (r->is_io)
		pio_out16((uint16_t)(r->port + off), v);
	else
		mmio_write16((uint8_t *)r->mem + off, v);
}

void vp_write32(const struct vp_region *r, unsigned int off, uint32_t v)
{
	if (r->is_io)
		pio_out32((uint16_t)(r->port + off), v);
	else
		mmio_write32((uint8_t *)r->mem + off, v);
}

int vp_init(struct virtio_pci_device *vdev, struct pci_device *pci)
{
	/* Modern first: a transitional device offers both. */
	static const struct vp_transport *const transports[] = {
		&vp_modern_transport, &vp_legacy_transport,
	};
	unsigned int i;

	pci_enable_device(pci);
	for (i = 0; i < ARRAY_SIZE(transports); i++) {
		if (!transports[i])
			continue;
		memset(vdev, 0, sizeof(*vdev));
		vdev->pci = pci;
		if (transports[i]->init(vdev) == 0) {
			vdev->transport = transports[i];
			return 0;
		}
		vp_exit(vdev);
	}
	return ERR(ENODEV);
}

/* Forget one region's mapping. */
static void vp_unmap(struct vp_region *region)
{
	if (!region->is_io && region->mem)
		mmio_unmap(region->mem);
	region->mem = NULL;
}

void vp_exit(struct virtio_pci_device *vdev)
{
	vp_unmap(&vdev->common);
	vp_unmap(&vdev->notify);
	vp_unmap(&vdev->device);
	memset(vdev, 0, sizeof(*vdev));
}

void vp_reset(struct virtio_pci_device *vdev)
{
	unsigned int ms;

	/* The device has reset once it reads the status back as 0 (a
	 * legacy one at once). */
	vp_write8(&vdev->common, vdev->status_offset, 0);
	for (ms = 0; ms < VP_RESET_TIMEOUT_MS; ms++) {
		if (vp_read8(&vdev->common, vdev->status_offset) == 0)
			return;
		mdelay(1);
	}
}

void vp_add_status(struct virtio_pci_device *vdev, uint8_t bits)
{
	vp_write8(&vdev->common, vdev->status_offset,
		  vp_read8(&vdev->common, vdev->status_offset) | bits);
}

uint64_t vp_features(struct virtio_pci_device *vdev)
{
	return vdev->transport->features(vdev);
}

int vp_set_features(struct virtio_pci_device *vdev, uint64_t features)
{
	return vdev->transport->set_features(vdev, features);
}

void vp_read_config(struct virtio_pci_device *vdev, unsigned int offset,
		    void *buf, size_t len)
{
	uint8_t *out = buf;
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = vp_read8(&vdev->device, offset + i);
}

int vp_setup_queue(struct virtio_pci_device *vdev, unsigned int index,
		   struct virtqueue *vq, unsigned int max)
{
	memset(vq, 0, sizeof(*vq));
	vq->index = (uint16_t)index;
	return vdev->transport->setup_queue(vdev, vq, max);
}
