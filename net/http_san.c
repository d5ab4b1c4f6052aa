/*
 * HTTP disks: the "http" block device, for "sanboot http://server/x.iso".
 * Read-only.  Opening fetches the first byte with a Range request to
 * learn the size (the "/total" of the 206's Content-Range); each read is
 * a Range request for exactly its blocks, on the HTTP layer's kept-alive
 * connection.  512-byte blocks (the SAN layer switches to 2048 for an ISO
 * image); a size that is not a multiple of 512 loses its last partial
 * block.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/blockdev.h>
#include <wireboot/http.h>
#include <wireboot/uri.h>
#include <wireboot/xfer.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_HTTP

#define HTTP_SAN_BLKSIZE 512
/* Blocks one Range request asks for at most (256 KiB). */
#define HTTP_SAN_MAX_COUNT 512
/* Receive window offered while a response comes. */
#define HTTP_SAN_WINDOW (256 * 1024)

struct http_disk {
	struct refcnt refcnt;
	/* To the SAN path, and the size probe. */
	struct interface block;
	struct interface probe;
	struct uri *uri;
	/* Resource size in bytes (0 until known). */
	uint64_t size;
	bool ready;
};

/* One Range request for a read (or the capacity, answered at once). */
struct http_read {
	struct refcnt refcnt;
	struct interface data;
	struct interface xfer;
	struct http_disk *disk;
	uint8_t *buffer;
	uint64_t start;
	size_t len;
	size_t got;
};

static void http_read_finish(struct http_read *rd, int rc)
{
	intf_shutdown(&rd->xfer, rc);
	intf_shutdown(&rd->data, rc);
}

static int http_read_deliver(struct http_read *rd, struct io_buffer *iob,
			     const struct xfer_metadata *meta)
{
	uint64_t offset = rd->start + rd->got;
	size_t len = iob_len(iob);

	if (meta->whence == XFER_SEEK_SET)
		offset = (uint64_t)meta->offset;
	if (offset < rd->start || offset - rd->start > rd->len ||
	    len > rd->len - (offset - rd->start)) {
		free_iob(iob);
		http_read_finish(rd, ERR(EPROTO));
		return ERR(EPROTO);
	}
	memcpy(rd->buffer + (offset - rd->start), iob->data, len);
	rd->got += len;
	free_iob(iob);
	return 0;
}

/* Generous: TCP scales its advertised window, so a tight one would stall. */
static size_t http_read_window(struct http_read *rd)
{
	return HTTP_SAN_WINDOW;
}

/* The request ended: complete only if every byte came. */
static void http_read_xfer_close(struct http_read *rd, int rc)
{
	if (rc == 0 && rd->got != rd->len)
		rc = ERR(EPROTO);
	http_read_finish(rd, rc);
}

/* The SAN gave up on the read. */
static void http_read_data_close(struct http_read *rd, int rc)
{
	http_read_finish(rd, rc ? rc : ERR(ECANCELED));
}

static const struct interface_operation http_read_xfer_ops[] = {
	INTF_OP(xfer_deliver, struct http_read *, http_read_deliver),
	INTF_OP(xfer_window, struct http_read *, http_read_window),
	INTF_OP(intf_close, struct http_read *, http_read_xfer_close),
};
static const struct interface_descriptor http_read_xfer_desc =
	INTF_DESC(struct http_read, xfer, http_read_xfer_ops);

static const struct interface_operation http_read_data_ops[] = {
	INTF_OP(intf_close, struct http_read *, http_read_data_close),
};
static const struct interface_descriptor http_read_data_desc =
	INTF_DESC(struct http_read, data, http_read_data_ops);

static void http_read_free(struct refcnt *refcnt)
{
	struct http_read *rd = container_of(refcnt, struct http_read, refcnt);

	ref_put(&rd->disk->refcnt);
	free(rd);
}

/* A command object that only carries an answer given at once. */
static struct http_read *http_read_alloc(struct http_disk *disk)
{
	struct http_read *rd = zalloc(sizeof(*rd));

	if (!rd)
		return NULL;
	ref_init(&rd->refcnt, http_read_free);
	intf_init(&rd->data, &http_read_data_desc, &rd->refcnt);
	intf_init(&rd->xfer, &http_read_xfer_desc, &rd->refcnt);
	rd->disk = disk;
	ref_get(&disk->refcnt);
	return rd;
}

static int http_disk_read(struct http_disk *disk, struct interface *data,
			  uint64_t lba, unsigned int count, void *buffer,
			  size_t len)
{
	uint64_t start = lba * HTTP_SAN_BLKSIZE;
	struct http_read *rd;
	int rc;

	if (!disk->ready)
		return ERR(ENOTCONN);
	if (!count || len < (size_t)count * HTTP_SAN_BLKSIZE ||
	    start + (uint64_t)count * HTTP_SAN_BLKSIZE > disk->size)
		return ERR(ERANGE);
	rd = http_read_alloc(disk);
	if (!rd)
		return ERR(ENOMEM);
	rd->buffer = buffer;
	rd->start = start;
	rd->len = (size_t)count * HTTP_SAN_BLKSIZE;
	if ((rc = http_open_range(&rd->xfer, disk->uri, start, rd->len)) != 0) {
		ref_put(&rd->refcnt);
		return rc;
	}
	intf_plug_plug(&rd->data, data);
	ref_put(&rd->refcnt);
	return 0;
}

static int http_disk_write(struct http_disk *disk, struct interface *data,
			   uint64_t lba, unsigned int count,
			   const void *buffer, size_t len)
{
	return ERR(EROFS);
}

/* The size is known already: answer at once. */
static int http_disk_capacity(struct http_disk *disk, struct interface *data)
{
	struct block_capacity cap = {
		.blocks = disk->size / HTTP_SAN_BLKSIZE,
		.blksize = HTTP_SAN_BLKSIZE,
		.max_count = HTTP_SAN_MAX_COUNT,
	};
	struct http_read *rd;

	if (!disk->ready)
		return ERR(ENOTCONN);
	rd = http_read_alloc(disk);
	if (!rd)
		return ERR(ENOMEM);
	intf_plug_plug(&rd->data, data);
	block_capacity(&rd->data, &cap);
	intf_shutdown(&rd->data, 0);
	ref_put(&rd->refcnt);
	return 0;
}

static size_t http_disk_window(struct http_disk *disk)
{
	return disk->ready ? 1 : 0;
}

static void http_disk_close(struct http_disk *disk, int rc)
{
	disk->ready = false;
	intf_shutdown(&disk->probe, rc);
	intf_shutdown(&disk->block, rc);
}

static const struct interface_operation http_disk_block_ops[] = {
	INTF_OP(block_read, struct http_disk *, http_disk_read),
	INTF_OP(block_write, struct http_disk *, http_disk_write),
	INTF_OP(block_read_capacity, struct http_disk *, http_disk_capacity),
	INTF_OP(xfer_window, struct http_disk *, http_disk_window),
	INTF_OP(intf_close, struct http_disk *, http_disk_close),
};
static const struct interface_descriptor http_disk_block_desc =
	INTF_DESC(struct http_disk, block, http_disk_block_ops);

/* The probe's byte is not needed. */
static int http_probe_deliver(struct http_disk *disk, struct io_buffer *iob,
			      const struct xfer_metadata *meta)
{
	free_iob(iob);
	return 0;
}

static size_t http_probe_window(struct http_disk *disk)
{
	return HTTP_SAN_WINDOW;
}

static void http_probe_size(struct http_disk *disk, uint64_t total)
{
	disk->size = total;
}

/* The probe ended: ready once the size is known. */
static void http_probe_close(struct http_disk *disk, int rc)
{
	intf_restart(&disk->probe, rc);
	if (rc == 0 && disk->size < HTTP_SAN_BLKSIZE)
		rc = ERR(ENOTSUP);
	if (rc != 0) {
		http_disk_close(disk, rc);
		return;
	}
	disk->ready = true;
	xfer_window_changed(&disk->block);
}

static const struct interface_operation http_probe_ops[] = {
	INTF_OP(xfer_deliver, struct http_disk *, http_probe_deliver),
	INTF_OP(xfer_window, struct http_disk *, http_probe_window),
	INTF_OP(xfer_size_hint, struct http_disk *, http_probe_size),
	INTF_OP(intf_close, struct http_disk *, http_probe_close),
};
static const struct interface_descriptor http_probe_desc =
	INTF_DESC(struct http_disk, probe, http_probe_ops);

static void http_disk_free(struct refcnt *refcnt)
{
	struct http_disk *disk =
		container_of(refcnt, struct http_disk, refcnt);

	uri_put(disk->uri);
	free(disk);
}

static int http_disk_open(struct interface *block, struct uri *uri)
{
	struct http_disk *disk;
	int rc;

	disk = zalloc(sizeof(*disk));
	if (!disk)
		return ERR(ENOMEM);
	ref_init(&disk->refcnt, http_disk_free);
	intf_init(&disk->block, &http_disk_block_desc, &disk->refcnt);
	intf_init(&disk->probe, &http_probe_desc, &disk->refcnt);
	disk->uri = uri_get(uri);
	if ((rc = http_open_range(&disk->probe, uri, 0, 1)) != 0) {
		ref_put(&disk->refcnt);
		return rc;
	}
	intf_plug_plug(&disk->block, block);
	ref_put(&disk->refcnt);
	return 0;
}

static const struct block_opener http_disk_opener __block_opener = {
	.scheme = "http",
	.open = http_disk_open,
};
