/*
 * Image management for commands: fetch a URI into a registered image with
 * a progress line, or find an image by name and fetch it only if no image
 * has that name (what "md5sum <uri|image>" and the boot commands accept).
 */
#ifndef WIREBOOT_IMGMGMT_H
#define WIREBOOT_IMGMGMT_H

#include <wireboot/compiler.h>

struct image;
struct uri;

/*
 * Download URI_TEXT (resolved against the working URI) into a new image
 * named NAME, or after the last segment of the URI's path when NAME is
 * NULL, with CMDLINE (may be NULL) as its arguments.  Shows
 * "<uri>... <progress>" and its result; TIMEOUT_MS (0 = none) gives up
 * when no data arrives for that long.  On success the image replaces any
 * image of the same name in the list of images and *IMAGE (if IMAGE is
 * not NULL) gets a reference to it.  Returns 0 or an error (already shown).
 */
int imgdownload(const char *uri_text, const char *name, const char *cmdline,
		unsigned long timeout_ms, struct image **image);

/*
 * The loaded image called NAME_OR_URI, else the image downloaded from it
 * (as imgdownload() with no name or arguments); "No such image: NAME"
 * when NAME_OR_URI is neither.  *IMAGE gets a reference.
 */
int imgacquire(const char *name_or_uri, unsigned long timeout_ms,
	       struct image **image);

/*
 * The name iPXE gives an image fetched from URI: the last segment of its
 * (decoded) path, "vmlinuz" for http://x/boot/vmlinuz?v=1; "" when the
 * path is absent or ends in '/'.  Written into BUF (LEN bytes,
 * NUL-terminated); returns BUF.
 */
char *image_name_from_uri(const struct uri *uri, char *buf, size_t len);

#endif
