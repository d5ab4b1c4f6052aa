/*
 * The modern virtio PCI transport (virtio 1.0): the common, notify and
 * device structures found through vendor-specific PCI capabilities, each
 * in an I/O or memory BAR; 64 feature bits confirmed with FEATURES_OK,
 * queues of a size we choose.  The 1af4:1041 option ROM only has this.
 */
#include <wireboot/pci.h>
#include <wireboot/virtio_transport.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_PCI

/* The common configuration structure. */
#define VP_DEVICE_FEATURE_SELECT 0x00
#define VP_DEVICE_FEATURE 0x04
#define VP_DRIVER_FEATURE_SELECT 0x08
#define VP_DRIVER_FEATURE 0x0c
#define VP_DEVICE_STATUS 0x14
#define VP_QUEUE_SELECT 0x16
#define VP_QUEUE_SIZE 0x18
#define VP_QUEUE_MSIX_VECTOR 0x1a
#define VP_QUEUE_ENABLE 0x1c
#define VP_QUEUE_NOTIFY_OFF 0x1e
#define VP_QUEUE_DESC 0x20
#define VP_QUEUE_DRIVER 0x28
#define VP_QUEUE_DEVICE 0x30
#define VP_NO_VECTOR 0xffff

/* Vendor-specific capability fields and structure types. */
#define VP_CAP_CFG_TYPE 3
#define VP_CAP_BAR 4
#define VP_CAP_OFFSET 8
#define VP_CAP_LENGTH 12
#define VP_CAP_NOTIFY_MULTIPLIER 16
#define VP_CFG_COMMON 1
#define VP_CFG_NOTIFY 2
#define VP_CFG_DEVICE 4

/* Write a 64-bit field as two 32-bit halves, low first. */
static void vp_write64(const struct vp_region *r, unsigned int off, uint64_t v)
{
	vp_write32(r, off, (uint32_t)v);
	vp_write32(r, off + 4, (uint32_t)(v >> 32));
}

/* Map the structure described by the capability at POS into REGION. */
static int vp_map_cap(struct pci_device *pci, unsigned int pos,
		      struct vp_region *region)
{
	uint8_t bar_index;
	uint32_t offset;
	uint32_t length;
	uint64_t bar;
	bool is_io;

	pci_read_config_byte(pci, pos + VP_CAP_BAR, &bar_index);
	pci_read_config_dword(pci, pos + VP_CAP_OFFSET, &offset);
	pci_read_config_dword(pci, pos + VP_CAP_LENGTH, &length);
	if (bar_index > 5)
		return ERR(ENODEV);
	bar = pci_bar_start(pci, PCI_BAR_0 + 4 * bar_index, &is_io);
	if (!bar)
		return ERR(ENODEV);
	region->is_io = is_io;
	if (is_io)
		region->port = (uint16_t)(bar + offset);
	else
		region->mem = mmio_map((physaddr_t)(bar + offset), length);
	return 0;
}

/* Find the capabilities; ERR(ENODEV) if one of the three is missing. */
static int vp_modern_init(struct virtio_pci_device *vdev)
{
	struct pci_device *pci = vdev->pci;
	unsigned int pos;
	uint8_t type;
	bool common = false, notify = false, device = false;
	int rc;

	for (pos = pci_find_capability(pci, PCI_CAP_ID_VNDR); pos;
	     pos = pci_find_next_cap(pci, pos, PCI_CAP_ID_VNDR)) {
		pci_read_config_byte(pci, pos + VP_CAP_CFG_TYPE, &type);
		if (type == VP_CFG_COMMON && !common) {
			if ((rc = vp_map_cap(pci, pos, &vdev->common)) != 0)
				return rc;
			common = true;
		} else if (type == VP_CFG_NOTIFY && !notify) {
			if ((rc = vp_map_cap(pci, pos, &vdev->notify)) != 0)
				return rc;
			pci_read_config_dword(pci, pos + VP_CAP_NOTIFY_MULTIPLIER,
					      &vdev->notify_multiplier);
			notify = true;
		} else if (type == VP_CFG_DEVICE && !device) {
			if ((rc = vp_map_cap(pci, pos, &vdev->device)) != 0)
				return rc;
			device = true;
		}
	}
	if (!common || !notify || !device)
		return ERR(ENODEV);
	vdev->modern = true;
	vdev->status_offset = VP_DEVICE_STATUS;
	return 0;
}
static uint64_t vp_modern_features(struct virtio_pci_device *vdev)
{
	uint64_t features;

	vp_write32(&vdev->common, VP_DEVICE_FEATURE_SELECT, 0);
	features = vp_read32(&vdev->common, VP_DEVICE_FEATURE);
	vp_write32(&vdev->common, VP_DEVICE_FEATURE_SELECT, 1);
	features |= (uint64_t)vp_read32(&vdev->common, VP_DEVICE_FEATURE) << 32;
	return features;
}

static int vp_modern_set_features(struct virtio_pci_device *vdev,
				  uint64_t features)
{
	vp_write32(&vdev->common, VP_DRIVER_FEATURE_SELECT, 0);
	vp_write32(&vdev->common, VP_DRIVER_FEATURE, (uint32_t)features);
	vp_write32(&vdev->common, VP_DRIVER_FEATURE_SELECT, 1);
	vp_write32(&vdev->common, VP_DRIVER_FEATURE,
		   (uint32_t)(features >> 32));
	vp_add_status(vdev, VIRTIO_STATUS_FEATURES_OK);
	if (!(vp_read8(&vdev->common, VP_DEVICE_STATUS) &
	      VIRTIO_STATUS_FEATURES_OK))
		return ERR(ENOTSUP);
	return 0;
}

static int vp_modern_setup_queue(struct virtio_pci_device *vdev,
				 struct virtqueue *vq, unsigned int max)
{
	const struct vp_region *common = &vdev->common;
	unsigned int num;
	int rc;

	vp_write16(common, VP_QUEUE_SELECT, vq->index);
	num = vp_read16(common, VP_QUEUE_SIZE);
	if (!num)
		return ERR(ENOENT);
	while (num > max)
		num /= 2;
	if ((rc = vring_alloc(vq, num)) != 0)
		return rc;
	vp_write16(common, VP_QUEUE_SIZE, (uint16_t)num);
	vp_write16(common, VP_QUEUE_MSIX_VECTOR, VP_NO_VECTOR);
	vp_write64(common, VP_QUEUE_DESC, dma_address(vq->desc));
	vp_write64(common, VP_QUEUE_DRIVER, dma_address(vq->avail));
	vp_write64(common, VP_QUEUE_DEVICE, dma_address(vq->used));
	vq->notify = vdev->notify;
	vq->notify_offset = vp_read16(common, VP_QUEUE_NOTIFY_OFF) *
			    vdev->notify_multiplier;
	vp_write16(common, VP_QUEUE_ENABLE, 1);
	return 0;
}

const struct vp_transport vp_modern_transport = {
	.init = vp_modern_init,
	.features = vp_modern_features,
	.set_features = vp_modern_set_features,
	.setup_queue = vp_modern_setup_queue,
};
