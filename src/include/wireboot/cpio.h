/*
 * Placing a downloaded file into a Linux initramfs, as iPXE does: an
 * initrd whose arguments name a path ("initrd init.sh /bin/init mode=755")
 * is preceded by cpio "newc" headers that create that path's parent
 * directories and the file itself, so the kernel finds it there.
 */
#ifndef WIREBOOT_CPIO_H
#define WIREBOOT_CPIO_H

#include <wireboot/compiler.h>

struct image;

/* Default permission bits of a placed file, and of its directories. */
#define CPIO_FILE_MODE 0644
#define CPIO_DIR_MODE 0755

/*
 * Bytes of the headers that put IMAGE at the path its command line names
 * (the first word; "mode=<octal>" after it sets the permissions), a
 * multiple of 4; 0 when its command line names no path.
 */
size_t cpio_wrap_len(const struct image *image);

/* Write those headers (cpio_wrap_len() bytes) to BUF. */
void cpio_wrap_write(const struct image *image, void *buf);

#endif
