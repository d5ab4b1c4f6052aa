/* Allocation of I/O buffers, and the helpers that move their boundaries. */
#include <stdlib.h>
#include <string.h>
#include <wireboot/iobuf.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_IOBUF

/*
 * One heap block per buffer: the structure first, then the buffer, so that
 * running off its end meets the heap's slack (which AddressSanitizer
 * watches in the hosted build) rather than the structure.
 */
struct io_buffer *alloc_iob_raw(size_t len, size_t align, size_t offset)
{
	struct io_buffer *iob;
	size_t at;

	if (align < HEAP_MIN_ALIGN)
		align = HEAP_MIN_ALIGN;
	/* The buffer starts at AT, where HEAD + OFFSET is aligned. */
	at = sizeof(*iob) + ((align - ((sizeof(*iob) + offset) & (align - 1))) &
			     (align - 1));
	if (len > (size_t)-1 / 2 - at)
		return NULL;
	iob = heap_alloc(at + len, align);
	if (!iob)
		return NULL;
	INIT_LIST_HEAD(&iob->list);
	iob->moved = NULL;
	iob->head = (char *)iob + at;
	iob->data = iob->head;
	iob->tail = iob->head;
	iob->end = (char *)iob->head + len;
	iob->csum_verified = false;
	return iob;
}

struct io_buffer *alloc_iob(size_t len)
{
	struct io_buffer *iob;

	if (len > (size_t)-1 - IOB_HEADROOM)
		return NULL;
	iob = alloc_iob_raw(IOB_HEADROOM + len, IOB_ALIGN, 0);
	if (iob)
		iob_reserve(iob, IOB_HEADROOM);
	return iob;
}

void free_iob(struct io_buffer *iob)
{
	if (!iob)
		return;
	free(iob->moved);
	free(iob);
}

int iob_ensure_headroom(struct io_buffer *iob, size_t len)
{
	size_t used = iob_len(iob);
	size_t tailroom = iob_tailroom(iob);
	void *mem;

	if (iob_headroom(iob) >= len)
		return 0;
	if (len > (size_t)-1 - used - tailroom)
		return ERR(ENOMEM);
	mem = heap_alloc(len + used + tailroom, IOB_ALIGN);
	if (!mem)
		return ERR(ENOMEM);
	memcpy((char *)mem + len, iob->data, used);
	free(iob->moved);
	iob->moved = mem;
	iob->head = mem;
	iob->data = (char *)mem + len;
	iob->tail = (char *)iob->data + used;
	iob->end = (char *)iob->tail + tailroom;
	return 0;
}

void *iob_put(struct io_buffer *iob, size_t len)
{
	void *old = iob->tail;

	if (len > iob_tailroom(iob))
		return NULL;
	iob->tail = (char *)iob->tail + len;
	return old;
}

void *iob_unput(struct io_buffer *iob, size_t len)
{
	if (len > iob_len(iob))
		return NULL;
	iob->tail = (char *)iob->tail - len;
	return iob->tail;
}

void *iob_push(struct io_buffer *iob, size_t len)
{
	if (len > iob_headroom(iob))
		return NULL;
	iob->data = (char *)iob->data - len;
	return iob->data;
}

void *iob_pull(struct io_buffer *iob, size_t len)
{
	void *old = iob->data;

	if (len > iob_len(iob))
		return NULL;
	iob->data = (char *)iob->data + len;
	return old;
}

void *iob_reserve(struct io_buffer *iob, size_t len)
{
	if (len > iob_tailroom(iob))
		return NULL;
	iob->data = (char *)iob->data + len;
	iob->tail = (char *)iob->tail + len;
	return iob->data;
}
