/*
 * A file being read through the PXE API (TFTP_OPEN/READ, TFTP_READ_FILE,
 * RESTART_TFTP, the FILE extensions): any URI opened with the core's
 * openers, its data kept in order as a byte queue that the API calls take
 * from at their own pace, waiting (running the core) when they must.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/errors.h>
#include <wireboot/iobuf.h>
#include <wireboot/list.h>
#include <wireboot/open.h>
#include <wireboot/platform.h>
#include <wireboot/process.h>
#include <wireboot/xfer.h>
#include <x86/pxe.h>

#define ERR_SUBSYS ESUB_PXE

/* Drop everything still queued, then the object. */
static void pxe_xfer_free(struct refcnt *refcnt)
{
	struct pxe_xfer *px = container_of(refcnt, struct pxe_xfer, refcnt);
	struct io_buffer *iob, *tmp;

	list_for_each_entry_safe(iob, tmp, &px->queue, list) {
		list_del(&iob->list);
		free_iob(iob);
	}
	free(px);
}

/* Data arrived: queue it (the openers deliver in order). */
static int pxe_xfer_deliver(struct pxe_xfer *px, struct io_buffer *iob,
			    const struct xfer_metadata *meta)
{
	if (meta->whence == XFER_SEEK_SET && (uint64_t)meta->offset !=
	    px->received) {
		free_iob(iob);
		return ERR(ESPIPE);
	}
	px->received += iob_len(iob);
	px->queued += iob_len(iob);
	list_add_tail(&iob->list, &px->queue);
	return 0;
}

/* The sender knows the total size. */
static void pxe_xfer_size(struct pxe_xfer *px, uint64_t total)
{
	px->size = total;
	px->size_known = true;
}

/* We always take data. */
static size_t pxe_xfer_window(struct pxe_xfer *px)
{
	return 1 << 20;
}

/* The transfer ended (RC 0: the whole file is in). */
static void pxe_xfer_closed(struct pxe_xfer *px, int rc)
{
	intf_shutdown(&px->xfer, rc);
	px->done = true;
	px->rc = rc;
}

static struct interface_operation pxe_xfer_ops[] = {
	INTF_OP(xfer_deliver, struct pxe_xfer *, pxe_xfer_deliver),
	INTF_OP(xfer_size_hint, struct pxe_xfer *, pxe_xfer_size),
	INTF_OP(xfer_window, struct pxe_xfer *, pxe_xfer_window),
	INTF_OP(intf_close, struct pxe_xfer *, pxe_xfer_closed),
};
static struct interface_descriptor pxe_xfer_desc =
	INTF_DESC(struct pxe_xfer, xfer, pxe_xfer_ops);

int pxe_xfer_open(struct pxe_xfer **out, struct uri *uri, const char *text)
{
	struct pxe_xfer *px = zalloc(sizeof(*px));
	int rc;

	if (!px)
		return ERR(ENOMEM);
	ref_init(&px->refcnt, pxe_xfer_free);
	intf_init(&px->xfer, &pxe_xfer_desc, &px->refcnt);
	INIT_LIST_HEAD(&px->queue);
	rc = uri ? xfer_open_uri(&px->xfer, uri) :
		   xfer_open_uri_string(&px->xfer, text);
	if (rc != 0) {
		intf_shutdown(&px->xfer, rc);
		ref_put(&px->refcnt);
		return rc;
	}
	*out = px;
	return 0;
}

int pxe_xfer_wait(struct pxe_xfer *px, size_t want)
{
	while (!px->done && px->queued < want &&
	       !(want == PXE_XFER_WANT_SIZE && px->size_known)) {
		step();
		platform_idle();
	}
	if (px->done && px->rc != 0 && px->queued == 0)
		return px->rc;
	return 0;
}

bool pxe_xfer_ready(struct pxe_xfer *px, size_t want)
{
	step();
	return px->done || px->queued >= want;
}

size_t pxe_xfer_read(struct pxe_xfer *px, void *buf, size_t len)
{
	struct io_buffer *iob, *tmp;
	uint8_t *dst = buf;
	size_t got = 0, n;

	list_for_each_entry_safe(iob, tmp, &px->queue, list) {
		if (got == len)
			break;
		n = MIN(len - got, iob_len(iob));
		memcpy(dst + got, iob->data, n);
		iob_pull(iob, n);
		got += n;
		if (!iob_len(iob)) {
			list_del(&iob->list);
			free_iob(iob);
		}
	}
	px->queued -= got;
	return got;
}

void pxe_xfer_close(struct pxe_xfer *px)
{
	if (!px)
		return;
	intf_shutdown(&px->xfer, 0);
	ref_put(&px->refcnt);
}

int pxe_xfer_fetch(struct uri *uri, void *dest, size_t max, size_t *len)
{
	struct pxe_xfer *px;
	size_t got = 0;
	int rc;

	*len = 0;
	if ((rc = pxe_xfer_open(&px, uri, NULL)) != 0)
		return rc;
	while (1) {
		if ((rc = pxe_xfer_wait(px, 1)) != 0)
			break;
		if (!px->queued && px->done)
			break;
		if (got + px->queued > max) {
			rc = ERR(ENOSPC);
			break;
		}
		got += pxe_xfer_read(px, (uint8_t *)dest + got, px->queued);
	}
	pxe_xfer_close(px);
	*len = got;
	return rc;
}
