/* The data-transfer methods and their defaults for ends that lack a handler. */
#include <string.h>
#include <wireboot/xfer.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_INTERFACE

INTF_METHOD_DEFINE(xfer_deliver);
INTF_METHOD_DEFINE(xfer_window);
INTF_METHOD_DEFINE(xfer_window_changed);
INTF_METHOD_DEFINE(xfer_size_hint);

static const struct xfer_metadata no_metadata;

int xfer_deliver(struct interface *intf, struct io_buffer *iob,
		 const struct xfer_metadata *meta)
{
	struct interface *dest;
	intf_op_t(xfer_deliver) op = intf_get_dest_op(intf, xfer_deliver, &dest);
	int rc;

	if (op) {
		rc = op(intf_object(dest), iob, meta ? meta : &no_metadata);
	} else {
		free_iob(iob);
		rc = ERR(ENOTCONN);
	}
	intf_put(dest);
	return rc;
}

size_t xfer_window(struct interface *intf)
{
	struct interface *dest;
	intf_op_t(xfer_window) op = intf_get_dest_op(intf, xfer_window, &dest);
	size_t window = 0;

	if (op)
		window = op(intf_object(dest));
	intf_put(dest);
	return window;
}

void xfer_window_changed(struct interface *intf)
{
	struct interface *dest;
	intf_op_t(xfer_window_changed) op =
		intf_get_dest_op(intf, xfer_window_changed, &dest);

	if (op)
		op(intf_object(dest));
	intf_put(dest);
}

int xfer_deliver_raw(struct interface *intf, const void *data, size_t len)
{
	struct io_buffer *iob = alloc_iob(len);

	if (!iob)
		return ERR_IN(ESUB_IOBUF, ENOMEM);
	memcpy(iob_put(iob, len), data, len);
	return xfer_deliver(intf, iob, NULL);
}

void xfer_size_hint(struct interface *intf, uint64_t total)
{
	struct interface *dest;
	intf_op_t(xfer_size_hint) op =
		intf_get_dest_op(intf, xfer_size_hint, &dest);

	if (op)
		op(intf_object(dest), total);
	intf_put(dest);
}
