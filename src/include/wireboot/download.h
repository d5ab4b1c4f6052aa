/*
 * Downloading into an image.  A downloader is the sink at the top of a
 * data path (image <- http <- tcp <- ...): it gathers what the transfer
 * delivers into the image's own heap buffer, honouring XFER_SEEK_SET
 * offsets, and presizes that buffer when the transfer announces the total
 * (xfer_size_hint()); otherwise the buffer doubles as needed, so each byte
 * is copied once from the network buffer and growth copies O(size) in all.
 * Its control interface (see <wireboot/monitor.h>) reports progress and
 * closes with the transfer's status; closing it cancels the transfer.
 */
#ifndef WIREBOOT_DOWNLOAD_H
#define WIREBOOT_DOWNLOAD_H

struct interface;
struct image;
struct uri;

/*
 * Open URI (absolute) and download it into IMAGE (whose data, a heap
 * block owned by the image, is replaced; image->len becomes the length
 * received).  JOB is plugged to the downloader's control interface; when
 * the transfer ends JOB is closed with its status (0: IMAGE is complete,
 * its buffer trimmed to its length).  The image is not registered: that
 * is the caller's choice.  Returns 0 or an error from opening, in which
 * case JOB is left unplugged.
 */
int create_downloader(struct interface *job, struct image *image,
		      struct uri *uri);

#endif
