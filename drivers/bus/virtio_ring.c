/*
 * Split virtqueues (virtio 1.0 section 2.4), whichever transport set them
 * up: the ring's memory, offering descriptor chains to the device and
 * taking back the ones it has used (<wireboot/virtio_pci.h>).
 */
#include <string.h>
#include <stdlib.h>
#include <wireboot/virtio_transport.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_PCI

/* The device sets this in used->flags when it needs no notification. */
#define VRING_USED_F_NO_NOTIFY 1

/* Legacy rings are 4 KiB-page aligned (a legacy device is given their
 * page number), the used ring on a page of its own. */
#define VP_LEGACY_ALIGN 4096

/* Bytes of the descriptor table and available ring, before alignment. */
static size_t vring_driver_size(unsigned int num)
{
	return num * sizeof(struct vring_desc) + sizeof(struct vring_avail) +
	       num * sizeof(uint16_t) + sizeof(uint16_t);
}

int vring_alloc(struct virtqueue *vq, unsigned int num)
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
