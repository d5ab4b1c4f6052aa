/*
 * The downloader: receives a transfer into an image's heap buffer.  The
 * buffer is sized to the total when the transfer announces it and doubles
 * otherwise; on success it is trimmed (in place) to the length received.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/download.h>
#include <wireboot/monitor.h>
#include <wireboot/image.h>
#include <wireboot/open.h>
#include <wireboot/xfer.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_IMAGE

/* The first allocation when the size is unknown. */
#define DOWNLOAD_MIN_ALLOC 65536

struct downloader {
	struct refcnt refcnt;
	/* Control interface: progress, completion, cancellation. */
	struct interface job;
	/* The data transfer. */
	struct interface xfer;
	/* The image being filled; DATA is its buffer, ALLOC its size. */
	struct image *image;
	size_t alloc;
	/* Where the next XFER_SEEK_CUR delivery goes. */
	uint64_t pos;
	/* Bytes delivered so far, and the announced total (0: unknown). */
	uint64_t received;
	uint64_t total;
	/* Set once finishing has begun (closing the job calls back). */
	bool finished;
};

static void downloader_free(struct refcnt *refcnt)
{
	struct downloader *dl = container_of(refcnt, struct downloader, refcnt);

	image_put(dl->image);
	free(dl);
}

/*
 * Finish with status RC: trim the buffer on success and close both ends,
 * the job with intf_close() first so that it can still ask for progress.
 */
static void downloader_finish(struct downloader *dl, int rc)
{
	struct image *image = dl->image;
	size_t keep = image->len ? image->len : 1;
	void *data;

	if (dl->finished)
		return;
	dl->finished = true;
	if (rc == 0 && dl->alloc != keep) {
		/* Shrinking stays in place; an empty download gets one byte. */
		data = realloc(image->data, keep);
		if (data) {
			image->data = data;
			dl->alloc = keep;
		} else if (!dl->alloc) {
			rc = ERR(ENOMEM);
		}
	}
	intf_shutdown(&dl->xfer, rc);
	intf_close(&dl->job, rc);
	intf_shutdown(&dl->job, rc);
}

/*
 * Make the buffer hold at least NEED bytes: the announced total if that is
 * enough, else double (falling back to exactly NEED when memory is short).
 */
static int downloader_reserve(struct downloader *dl, size_t need)
{
	struct image *image = dl->image;
	size_t size;
	void *data;

	if (need <= dl->alloc)
		return 0;
	if (dl->total >= need && dl->total <= (size_t)-1)
		size = (size_t)dl->total;
	else if (dl->alloc > ((size_t)-1) / 2)
		size = need;
	else
		size = MAX(need, MAX(2 * dl->alloc, (size_t)DOWNLOAD_MIN_ALLOC));
	data = realloc(image->data, size);
	if (!data && size > need) {
		size = need;
		data = realloc(image->data, size);
	}
	if (!data)
		return ERR(ENOMEM);
	image->data = data;
	dl->alloc = size;
	return 0;
}

/* xfer_size_hint: the transfer knows the total, so size the buffer once. */
static void downloader_size_hint(struct downloader *dl, uint64_t total)
{
	int rc;

	dl->total = total;
	if (total > (size_t)-1) {
		downloader_finish(dl, ERR(EFBIG));
		return;
	}
	if ((rc = downloader_reserve(dl, (size_t)total)) != 0)
		downloader_finish(dl, rc);
}

/* xfer_deliver: copy the data into place. */
static int downloader_deliver(struct downloader *dl, struct io_buffer *iob,
			      const struct xfer_metadata *meta)
{
	struct image *image = dl->image;
	size_t len = iob_len(iob);
	int64_t pos = meta->offset;
	uint64_t end;
	int rc;

	if (meta->whence != XFER_SEEK_SET &&
	    __builtin_add_overflow(pos, (int64_t)dl->pos, &pos)) {
		rc = ERR(EFBIG);
		goto fail;
	}
	if (pos < 0) {
		rc = ERR(EINVAL);
		goto fail;
	}
	end = (uint64_t)pos + len;
	if (end > (size_t)-1 || end < (uint64_t)pos) {
		rc = ERR(EFBIG);
		goto fail;
	}
	dl->pos = end;
	if (len) {
		if ((rc = downloader_reserve(dl, (size_t)end)) != 0)
			goto fail;
		if ((uint64_t)pos > image->len)
			memset((char *)image->data + image->len, 0,
			       (size_t)pos - image->len);
		memcpy((char *)image->data + pos, iob->data, len);
		if (end > image->len)
			image->len = (size_t)end;
		dl->received += len;
	}
	free_iob(iob);
	return 0;

fail:
	free_iob(iob);
	downloader_finish(dl, rc);
	return rc;
}

/* xfer_window: memory is the only limit on what can be taken. */
static size_t downloader_window(struct downloader *dl)
{
	size_t room = dl->alloc - (size_t)MIN((uint64_t)dl->alloc, dl->pos);

	return MAX(room, heap_largest_free());
}

/* job_progress: bytes received and the announced total. */
static void downloader_progress(struct downloader *dl,
				struct job_progress *progress)
{
	progress->done = dl->received;
	progress->total = dl->total;
}

static struct interface_operation downloader_xfer_ops[] = {
	INTF_OP(xfer_deliver, struct downloader *, downloader_deliver),
	INTF_OP(xfer_window, struct downloader *, downloader_window),
	INTF_OP(xfer_size_hint, struct downloader *, downloader_size_hint),
	INTF_OP(intf_close, struct downloader *, downloader_finish),
};

static struct interface_operation downloader_job_ops[] = {
	INTF_OP(job_progress, struct downloader *, downloader_progress),
	INTF_OP(intf_close, struct downloader *, downloader_finish),
};

static const struct interface_descriptor downloader_xfer_desc =
	INTF_DESC(struct downloader, xfer, downloader_xfer_ops);
static const struct interface_descriptor downloader_job_desc =
	INTF_DESC(struct downloader, job, downloader_job_ops);

int create_downloader(struct interface *job, struct image *image,
		      struct uri *uri)
{
	struct downloader *dl = zalloc(sizeof(*dl));
	int rc;

	if (!dl)
		return ERR(ENOMEM);
	ref_init(&dl->refcnt, downloader_free);
	intf_init(&dl->job, &downloader_job_desc, &dl->refcnt);
	intf_init(&dl->xfer, &downloader_xfer_desc, &dl->refcnt);
	dl->image = image_get(image);
	if (!(image->flags & IMAGE_EXTERNAL))
		free(image->data);
	image->data = NULL;
	image->len = 0;
	image->flags &= ~IMAGE_EXTERNAL;
	intf_plug_plug(&dl->job, job);
	if ((rc = xfer_open_uri(&dl->xfer, uri)) != 0) {
		intf_shutdown(&dl->xfer, rc);
		intf_unplug(&dl->job);
		intf_unplug(job);
		ref_put(&dl->refcnt);
		return rc;
	}
	ref_put(&dl->refcnt);
	return 0;
}
