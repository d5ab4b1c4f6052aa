/*
 * Data transfer: the methods every link of a data path speaks (a download is
 * image <- http <- tcp <- ipv4 <- netdev).  Data moves as I/O buffers with
 * optional metadata; the receiver advertises how much it can take now (its
 * window) and tells the sender when that changes; either end finishes with
 * intf_close() (see interface.h).
 */
#ifndef WIREBOOT_XFER_H
#define WIREBOOT_XFER_H

#include <wireboot/interface.h>
#include <wireboot/iobuf.h>

/* A network address; defined by the network layer, opaque here. */
struct sockaddr;

/* How xfer_metadata.offset is counted. */
#define XFER_SEEK_CUR 0	/* from the end of the previous data (the default) */
#define XFER_SEEK_SET 1	/* from the start of the stream or file */

/* Where delivered data belongs; all-zero means "next in sequence". */
struct xfer_metadata {
	/* XFER_SEEK_CUR or XFER_SEEK_SET. */
	int whence;
	/* Position of the data, counted as WHENCE says. */
	int64_t offset;
	/* Source and destination addresses (datagrams); may be NULL. */
	struct sockaddr *src;
	struct sockaddr *dest;
};

/*
 * Deliver IOB to the far end of INTF.  The receiver owns IOB whatever the
 * result (so it is freed on error).  META may be NULL; handlers always get a
 * valid pointer.  Handlers: int deliver(OBJ *object, struct io_buffer *iob,
 * const struct xfer_metadata *meta).  Default: free IOB, ERR(ENOTCONN).
 */
INTF_METHOD_DECLARE(xfer_deliver);
#define xfer_deliver_TYPE(obj_type) \
	int (*)(obj_type, struct io_buffer *, const struct xfer_metadata *)
int xfer_deliver(struct interface *intf, struct io_buffer *iob,
		 const struct xfer_metadata *meta);

/*
 * How many bytes the far end of INTF can take now; 0 means wait (for
 * xfer_window_changed()).  Handlers: size_t window(OBJ *object).
 * Default: 0.
 */
INTF_METHOD_DECLARE(xfer_window);
#define xfer_window_TYPE(obj_type) size_t (*)(obj_type)
size_t xfer_window(struct interface *intf);

/*
 * Tell the far end of INTF that our window has changed (usually opened).
 * Handlers: void window_changed(OBJ *object).  Default: nothing.
 */
INTF_METHOD_DECLARE(xfer_window_changed);
#define xfer_window_changed_TYPE(obj_type) void (*)(obj_type)
void xfer_window_changed(struct interface *intf);

/*
 * Tell the far end of INTF how large the whole resource is, when the sender
 * knows it in advance (Content-Length, TFTP tsize), so the receiver can size
 * its buffer and show progress.  Handlers: void size(OBJ *object,
 * uint64_t total).  Default: nothing.
 */
INTF_METHOD_DECLARE(xfer_size_hint);
#define xfer_size_hint_TYPE(obj_type) void (*)(obj_type, uint64_t)
void xfer_size_hint(struct interface *intf, uint64_t total);

/* Copy LEN bytes at DATA into a new buffer and deliver it. */
int xfer_deliver_raw(struct interface *intf, const void *data, size_t len);

#endif
