/*
 * The legacy virtio PCI transport ("0.9.5"): one register block in I/O
 * BAR 0, 32 feature bits, queues whose size the device fixes and whose
 * ring it is given as a page number.  A transitional device offers it
 * beside the modern interface; the 1af4:1000 option ROM only has this.
 */
#include <wireboot/pci.h>
#include <wireboot/virtio_transport.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_PCI

/* The register block (without MSI-X, so the configuration is at 0x14). */
#define VP_LEGACY_HOST_FEATURES 0x00
#define VP_LEGACY_GUEST_FEATURES 0x04
#define VP_LEGACY_QUEUE_PFN 0x08
#define VP_LEGACY_QUEUE_NUM 0x0c
#define VP_LEGACY_QUEUE_SEL 0x0e
#define VP_LEGACY_QUEUE_NOTIFY 0x10
#define VP_LEGACY_STATUS 0x12
#define VP_LEGACY_CONFIG 0x14
#define VP_LEGACY_PAGE_SHIFT 12

static int vp_legacy_init(struct virtio_pci_device *vdev)
{
	uint64_t bar;
	bool is_io;

	bar = pci_bar_start(vdev->pci, PCI_BAR_0, &is_io);
	if (!bar || !is_io)
		return ERR(ENODEV);
	vdev->common.is_io = true;
	vdev->common.port = (uint16_t)bar;
	vdev->status_offset = VP_LEGACY_STATUS;
	vdev->device.is_io = true;
	vdev->device.port = (uint16_t)(bar + VP_LEGACY_CONFIG);
	return 0;
}

static uint64_t vp_legacy_features(struct virtio_pci_device *vdev)
{
	return vp_read32(&vdev->common, VP_LEGACY_HOST_FEATURES);
}

static int vp_legacy_set_features(struct virtio_pci_device *vdev,
				  uint64_t features)
{
	vp_write32(&vdev->common, VP_LEGACY_GUEST_FEATURES, (uint32_t)features);
	return 0;
}

static int vp_legacy_setup_queue(struct virtio_pci_device *vdev,
				 struct virtqueue *vq, unsigned int max)
{
	const struct vp_region *common = &vdev->common;
	unsigned int num;
	int rc;

	vp_write16(common, VP_LEGACY_QUEUE_SEL, vq->index);
	num = vp_read16(common, VP_LEGACY_QUEUE_NUM);
	if (!num || vp_read32(common, VP_LEGACY_QUEUE_PFN))
		return ERR(ENOENT);
	if ((rc = vring_alloc(vq, num)) != 0)
		return rc;
	vp_write32(common, VP_LEGACY_QUEUE_PFN,
		   (uint32_t)(dma_address(vq->mem) >> VP_LEGACY_PAGE_SHIFT));
	vq->notify = *common;
	vq->notify_offset = VP_LEGACY_QUEUE_NOTIFY;
	return 0;
}

const struct vp_transport vp_legacy_transport = {
	.init = vp_legacy_init,
	.features = vp_legacy_features,
	.set_features = vp_legacy_set_features,
	.setup_queue = vp_legacy_setup_queue,
};
