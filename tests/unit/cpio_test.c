/*
 * Unit tests for the cpio "newc" headers that place an initrd at a path
 * (src/image/cpio.c): the directories, the file header's fields, padding,
 * "mode=", and command lines that name no path.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/cpio.h>
#include <wireboot/image.h>
#include "unittest.h"

/* Field INDEX (0-12) of the newc header at HDR, as a number. */
static unsigned long field(const char *hdr, unsigned int index)
{
	char hex[9];

	memcpy(hex, hdr + 6 + index * 8, 8);
	hex[8] = '\0';
	return strtoul(hex, NULL, 16);
}

/* An image of LEN bytes with CMDLINE. */
static struct image *make(const char *cmdline, size_t len)
{
	static char data[64];
	struct image *image = image_alloc("f", data, len);

	if (image)
		image_set_cmdline(image, cmdline);
	return image;
}

UNIT_TEST(cpio_wrap_path)
{
	struct image *image = make("/lib/modules/x.ko mode=755", 10);
	char buf[512];
	char *hdr = buf;
	size_t len;

	ok(image != NULL);
	len = cpio_wrap_len(image);
	/* "lib" (110+4 -> 116), "lib/modules" (110+12 -> 124),
	 * "lib/modules/x.ko" (110+17 -> 128). */
	ok_eq(len, 116 + 124 + 128);
	ok(len <= sizeof(buf));
	memset(buf, 'x', sizeof(buf));
	cpio_wrap_write(image, buf);
	ok(memcmp(hdr, "070701", 6) == 0);
	ok_eq(field(hdr, 1), 0040755);
	ok_eq(field(hdr, 6), 0);
	ok_eq(field(hdr, 11), 4);
	ok_str(hdr + 110, "lib");
	hdr += 116;
	ok(memcmp(hdr, "070701", 6) == 0);
	ok_eq(field(hdr, 1), 0040755);
	ok_str(hdr + 110, "lib/modules");
	hdr += 124;
	ok_eq(field(hdr, 1), 0100755);
	ok_eq(field(hdr, 4), 1);
	ok_eq(field(hdr, 6), 10);
	ok_eq(field(hdr, 11), 17);
	ok_str(hdr + 110, "lib/modules/x.ko");
	/* Padding after the name is zeros, up to the 4-byte boundary. */
	ok_eq(hdr[110 + 16], 0);
	ok_eq(hdr[127], 0);
	image_put(image);
}

UNIT_TEST(cpio_wrap_defaults_and_none)
{
	struct image *image = make("init", 3);
	char buf[256];

	ok_eq(cpio_wrap_len(image), 116);
	cpio_wrap_write(image, buf);
	ok_eq(field(buf, 1), 0100000 | CPIO_FILE_MODE);
	ok_str(buf + 110, "init");
	image_put(image);
	/* No arguments, or arguments that are options: no headers. */
	image = make(NULL, 3);
	ok_eq(cpio_wrap_len(image), 0);
	image_put(image);
	image = make("console=ttyS0", 3);
	ok_eq(cpio_wrap_len(image), 0);
	image_put(image);
	image = make("/", 3);
	ok_eq(cpio_wrap_len(image), 0);
	image_put(image);
}
