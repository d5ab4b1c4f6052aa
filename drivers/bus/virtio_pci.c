/*
 * Virtio PCI transport, legacy and modern (virtio 1.0), and split
 * virtqueues (<wireboot/virtio_pci.h>).  Everything is polled: the device
 * is asked not to interrupt, and never given an MSI-X vector.
 */
#include <string.h>
#include <stdlib.h>
#include <wireboot/pci.h>
#include <wireboot/virtio_pci.h>
#include <wireboot/byteorder.h>
#include <wireboot/time.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_PCI

/* Legacy register block (I/O BAR 0), device configuration without MSI-X. */
#define VP_LEGACY_HOST_FEATURES 0x00
#define VP_LEGACY_GUEST_FEATURES 0x04
#define VP_LEGACY_QUEUE_PFN 0x08
#define VP_LEGACY_QUEUE_NUM 0x0c
#define VP_LEGACY_QUEUE_SEL 0x0e
#define VP_LEGACY_QUEUE_NOTIFY 0x10
#define VP_LEGACY_STATUS 0x12
#define VP_LEGACY_CONFIG 0x14
/* Legacy queues are 4 KiB-page aligned, their address given as a page number. */
#define VP_LEGACY_ALIGN 4096
#define VP_LEGACY_PAGE_SHIFT 12

/* Modern common configuration structure. */
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

/* Longest wait for a modern device to finish resetting. */
#define VP_RESET_TIMEOUT_MS 100

/* The device sets this in used->flags when it needs no notification. */
#define VRING_USED_F_NO_NOTIFY 1

static uint8_t vp_read8(const struct vp_region *r, unsigned int off)
{
	return r->is_io ? pio_in8((uint16_t)(r->port + off)) :
			  mmio_read8((uint8_t *)r->mem + off);
}

static uint16_t vp_read16(const struct vp_region *r, unsigned int off)
{
	return r->is_io ? pio_in16((uint16_t)(r->port + off)) :
			  mmio_read16((uint8_t *)r->mem + off);
}

static uint32_t vp_read32(const struct vp_region *r, unsigned int off)
{
	return r->is_io ? pio_in32((uint16_t)(r->port + off)) :
			  mmio_read32((uint8_t *)r->mem + off);
}

static void vp_write8(const struct vp_region *r, unsigned int off, uint8_t v)
{
	if (r->is_io)
		pio_out8((uint16_t)(r->port + off), v);
	else
		mmio_write8((uint8_t *)r->mem + off, v);
}

static void vp_write16(const struct vp_region *r, unsigned int off, uint16_t v)
{
	if (r->is_io)
		pio_out16((uint16_t)(r->port + off), v);
	else
		mmio_write16((uint8_t *)r->mem + off, v);
}

static void vp_write32(const struct vp_region *r, unsigned int off, uint32_t v)
{
	if (r->is_io)
		pio_out32((uint16_t)(r->port + off), v);
	else
		mmio_write32((uint8_t *)r->mem + off, v);
}

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

/* Find the modern interface's capabilities; ERR(ENODEV) if incomplete. */
static int vp_init_modern(struct virtio_pci_device *vdev)
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
	return common && notify && device ? 0 : ERR(ENODEV);
}

int vp_init(struct virtio_pci_device *vdev, struct pci_device *pci)
{
	uint64_t bar;
	bool is_io;

	memset(vdev, 0, sizeof(*vdev));
	vdev->pci = pci;
	pci_enable_device(pci);
	if (vp_init_modern(vdev) == 0) {
		vdev->modern = true;
		return 0;
	}
	vp_exit(vdev);
	vdev->pci = pci;
	bar = pci_bar_start(pci, PCI_BAR_0, &is_io);
	if (!bar || !is_io)
		return ERR(ENODEV);
	vdev->legacy.is_io = true;
	vdev->legacy.port = (uint16_t)bar;
	return 0;
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

	if (!vdev->modern) {
		vp_write8(&vdev->legacy, VP_LEGACY_STATUS, 0);
		vp_read8(&vdev->legacy, VP_LEGACY_STATUS);
		return;
	}
	/* A modern device has reset once it reads the status back as 0. */
	vp_write8(&vdev->common, VP_DEVICE_STATUS, 0);
	for (ms = 0; ms < VP_RESET_TIMEOUT_MS; ms++) {
		if (vp_read8(&vdev->common, VP_DEVICE_STATUS) == 0)
			return;
		mdelay(1);
	}
}

void vp_add_status(struct virtio_pci_device *vdev, uint8_t bits)
{
	const struct vp_region *r = vdev->modern ? &vdev->common : &vdev->legacy;
	unsigned int off = vdev->modern ? VP_DEVICE_STATUS : VP_LEGACY_STATUS;

	vp_write8(r, off, vp_read8(r, off) | bits);
}

uint64_t vp_features(struct virtio_pci_device *vdev)
{
	uint64_t features;

	if (!vdev->modern)
		return vp_read32(&vdev->legacy, VP_LEGACY_HOST_FEATURES);
	vp_write32(&vdev->common, VP_DEVICE_FEATURE_SELECT, 0);
	features = vp_read32(&vdev->common, VP_DEVICE_FEATURE);
	vp_write32(&vdev->common, VP_DEVICE_FEATURE_SELECT, 1);
	features |= (uint64_t)vp_read32(&vdev->common, VP_DEVICE_FEATURE) << 32;
	return features;
}

int vp_set_features(struct virtio_pci_device *vdev, uint64_t features)
{
	if (!vdev->modern) {
		vp_write32(&vdev->legacy, VP_LEGACY_GUEST_FEATURES,
			   (uint32_t)features);
		return 0;
	}
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

void vp_read_config(struct virtio_pci_device *vdev, unsigned int offset,
		    void *buf, size_t len)
{
	uint8_t *out = buf;
	size_t i;

	for (i = 0; i < len; i++) {
		out[i] = vdev->modern ?
			 vp_read8(&vdev->device, offset + i) :
			 vp_read8(&vdev->legacy, VP_LEGACY_CONFIG + offset + i);
	}
}

/* Bytes of the descriptor table and available ring, before alignment. */
static size_t vring_driver_size(unsigned int num)
{
	return num * sizeof(struct vring_desc) + sizeof(struct vring_avail) +
	       num * sizeof(uint16_t) + sizeof(uint16_t);
}

/* Lay out and allocate a zeroed ring of NUM descriptors (legacy layout). */
static int vring_alloc(struct virtqueue *vq, unsigned int num)
{
	size_t used_at = (vring_driver_size(num) + VP_LEGACY_ALIGN - 1) &
			 ~(size_t)(VP_LEGACY_ALIGN - 1);
	size_t size = used_at + sizeof(struct vring_used) +
		      num * sizeof(struct vring_used_elem) + sizeof(uint16_t);

	vq->mem = heap_alloc(size, VP_LEGACY_ALIGN);
	if (!vq->mem)
		return ERR(ENOMEM);
	memset(vq->mem, 0, size);
	vq->num = num;
	vq->desc = vq->mem;
	vq->avail = (void *)((uint8_t *)vq->mem + num * sizeof(struct vring_desc));
	vq->used = (void *)((uint8_t *)vq->mem + used_at);
	vq->avail->flags = cpu_to_le16(VRING_AVAIL_F_NO_INTERRUPT);
	vq->avail_idx = 0;
	vq->last_used = 0;
	return 0;
}

int vp_setup_queue(struct virtio_pci_device *vdev, unsigned int index,
		   struct virtqueue *vq, unsigned int max)
{
	const struct vp_region *common = &vdev->common;
	unsigned int num;
	int rc;

	memset(vq, 0, sizeof(*vq));
	vq->index = (uint16_t)index;
	if (!vdev->modern) {
		vp_write16(&vdev->legacy, VP_LEGACY_QUEUE_SEL, (uint16_t)index);
		num = vp_read16(&vdev->legacy, VP_LEGACY_QUEUE_NUM);
		if (!num || vp_read32(&vdev->legacy, VP_LEGACY_QUEUE_PFN))
			return ERR(ENOENT);
		if ((rc = vring_alloc(vq, num)) != 0)
			return rc;
		vp_write32(&vdev->legacy, VP_LEGACY_QUEUE_PFN,
			   (uint32_t)(dma_address(vq->mem) >>
				      VP_LEGACY_PAGE_SHIFT));
		vq->notify = vdev->legacy;
		vq->notify_offset = VP_LEGACY_QUEUE_NOTIFY;
		return 0;
	}
	vp_write16(common, VP_QUEUE_SELECT, (uint16_t)index);
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

void vq_free(struct virtqueue *vq)
{
	heap_free(vq->mem);
	vq->mem = NULL;
}

void vq_add(struct virtqueue *vq, uint16_t head)
{
	vq->avail->ring[vq->avail_idx % vq->num] = cpu_to_le16(head);
	vq->avail_idx++;
}

void vq_kick(struct virtqueue *vq)
{
	dma_barrier();
	*(volatile uint16_t *)&vq->avail->idx = cpu_to_le16(vq->avail_idx);
	dma_barrier();
	if (le16_to_cpu(*(volatile uint16_t *)&vq->used->flags) &
	    VRING_USED_F_NO_NOTIFY)
		return;
	vp_write16(&vq->notify, vq->notify_offset, vq->index);
}

bool vq_get_used(struct virtqueue *vq, uint16_t *id, uint32_t *len)
{
	struct vring_used_elem *elem;

	if (le16_to_cpu(*(volatile uint16_t *)&vq->used->idx) == vq->last_used)
		return false;
	dma_barrier();
	elem = &vq->used->ring[vq->last_used % vq->num];
	*id = (uint16_t)le32_to_cpu(elem->id);
	*len = le32_to_cpu(elem->len);
	vq->last_used++;
	return true;
}
