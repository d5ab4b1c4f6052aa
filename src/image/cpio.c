/*
 * cpio "newc" headers for initrds given a path (see <wireboot/cpio.h>).
 * Each header is "070701", thirteen 8-digit hex fields and the NUL-ended
 * name, padded to 4 bytes; the file's bytes follow its header.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/cpio.h>
#include <wireboot/image.h>

#define NEWC_MAGIC "070701"
#define NEWC_FIELDS 13
#define NEWC_HEADER_LEN (6 + NEWC_FIELDS * 8)
#define S_IFDIR 0040000
#define S_IFREG 0100000
/* Field indexes. */
#define F_INO 0
#define F_MODE 1
#define F_NLINK 4
#define F_FILESIZE 6
#define F_NAMESIZE 11

/* The path IMAGE's command line names: start and length (0: none). */
static size_t wrap_path(const struct image *image, const char **path)
{
	const char *p = image->cmdline;
	size_t len;

	if (!p)
		return 0;
	while (*p == ' ' || *p == '/')
		p++;
	len = strcspn(p, " ");
	if (memchr(p, '=', len))
		return 0;
	while (len && p[len - 1] == '/')
		len--;
	*path = p;
	return len;
}

/* The permission bits "mode=" gives in IMAGE's command line. */
static unsigned int wrap_mode(const struct image *image)
{
	const char *mode = strstr(image->cmdline, " mode=");

	if (!mode)
		return CPIO_FILE_MODE;
	return (unsigned int)strtoul(mode + 6, NULL, 8) & 07777;
}

/* Bytes of one header for a name of NAME_LEN bytes, padded. */
static size_t header_len(size_t name_len)
{
	return (NEWC_HEADER_LEN + name_len + 1 + 3) & ~(size_t)3;
}

/* Write one header for NAME (NAME_LEN bytes) at BUF; returns its length. */
static size_t write_header(char *buf, unsigned int ino, unsigned int mode,
			   size_t filesize, const char *name, size_t name_len)
{
	uint32_t field[NEWC_FIELDS] = { 0 };
	size_t len = header_len(name_len);
	unsigned int i;

	field[F_INO] = ino;
	field[F_MODE] = mode;
	field[F_NLINK] = 1;
	field[F_FILESIZE] = (uint32_t)filesize;
	field[F_NAMESIZE] = (uint32_t)(name_len + 1);
	memset(buf, 0, len);
	memcpy(buf, NEWC_MAGIC, 6);
	for (i = 0; i < NEWC_FIELDS; i++) {
		char hex[9];

		snprintf(hex, sizeof(hex), "%08X", field[i]);
		memcpy(buf + 6 + i * 8, hex, 8);
	}
	memcpy(buf + NEWC_HEADER_LEN, name, name_len);
	return len;
}

size_t cpio_wrap_len(const struct image *image)
{
	const char *path;
	size_t len = wrap_path(image, &path);
	size_t total = 0;
	size_t i;

	if (!len)
		return 0;
	for (i = 0; i < len; i++) {
		if (path[i] == '/')
			total += header_len(i);
	}
	return total + header_len(len);
}

void cpio_wrap_write(const struct image *image, void *buf)
{
	const char *path;
	size_t len = wrap_path(image, &path);
	char *out = buf;
	unsigned int ino = 1;
	size_t i;

	for (i = 0; i < len; i++) {
		if (path[i] == '/')
			out += write_header(out, ino++, S_IFDIR | CPIO_DIR_MODE,
					    0, path, i);
	}
	write_header(out, ino, S_IFREG | wrap_mode(image), image->len, path,
		     len);
}
