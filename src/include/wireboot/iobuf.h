/*
 * I/O buffers: a packet or a chunk of a download on its way through the
 * stack.  The buffer runs from HEAD to END; the bytes in use run from DATA
 * to TAIL.  Protocols prepend headers into the headroom (HEAD..DATA) and
 * append into the tailroom (TAIL..END), so data is copied once at most.
 *
 * The editing functions check their bounds: one that would leave the buffer
 * returns NULL and changes nothing.
 */
#ifndef WIREBOOT_IOBUF_H
#define WIREBOOT_IOBUF_H

#include <wireboot/compiler.h>
#include <wireboot/list.h>

/* Headroom alloc_iob() reserves for protocol headers. */
#define IOB_HEADROOM 128
/* Alignment of the buffers alloc_iob() makes (and so of their data). */
#define IOB_ALIGN 16

struct io_buffer {
	/* For queues of buffers (free: the buffer is on none). */
	struct list_head list;
	void *head;
	void *data;
	void *tail;
	void *end;
	/*
	 * The structure and the buffer share one heap block; this is the
	 * block the data moved to if iob_ensure_headroom() had to move them
	 * (else NULL).
	 */
	void *moved;
	/*
	 * The NIC vouched for the transport checksum (its device verified
	 * it, or the packet never crossed a wire): TCP, UDP and ICMP skip
	 * their own check.  False in every new buffer.
	 */
	bool csum_verified;
};

/* A buffer for LEN bytes of data after IOB_HEADROOM of headroom, or NULL. */
struct io_buffer *alloc_iob(size_t len);

/*
 * An empty buffer of LEN bytes whose byte at OFFSET from the head is aligned
 * to ALIGN (a power of two; 0 for the heap's default), or NULL.
 */
struct io_buffer *alloc_iob_raw(size_t len, size_t align, size_t offset);

/* Release IOB (NULL is ignored); it must be on no list. */
void free_iob(struct io_buffer *iob);

/*
 * Make sure IOB has LEN bytes of headroom, moving its contents to a bigger
 * buffer if needed.  Returns 0 or ERR(ENOMEM).
 */
int iob_ensure_headroom(struct io_buffer *iob, size_t len);

static inline size_t iob_len(const struct io_buffer *iob)
{
	return (size_t)((char *)iob->tail - (char *)iob->data);
}

static inline size_t iob_headroom(const struct io_buffer *iob)
{
	return (size_t)((char *)iob->data - (char *)iob->head);
}

static inline size_t iob_tailroom(const struct io_buffer *iob)
{
	return (size_t)((char *)iob->end - (char *)iob->tail);
}

/* Append LEN bytes; returns where they go, or NULL if the tailroom is short. */
void *iob_put(struct io_buffer *iob, size_t len);

/* Drop LEN bytes from the end; returns where they were, or NULL if too few. */
void *iob_unput(struct io_buffer *iob, size_t len);

/* Prepend LEN bytes; returns the new start of data, or NULL if no headroom. */
void *iob_push(struct io_buffer *iob, size_t len);

/*
 * Strip LEN bytes from the front (a header being parsed); returns where they
 * were (the header), or NULL if the buffer holds fewer.
 */
void *iob_pull(struct io_buffer *iob, size_t len);

/*
 * Move the (usually empty) data LEN bytes further from the head, making
 * headroom; returns the new start of data, or NULL if the tailroom is short.
 */
void *iob_reserve(struct io_buffer *iob, size_t len);

#endif
