/* Images built into the binary with EMBED=a.ipxe[,b.ipxe] (see util/embed.sh). */
#ifndef WIREBOOT_EMBEDDED_H
#define WIREBOOT_EMBEDDED_H

#include <wireboot/tables.h>

struct embedded_image {
	/* Position in the EMBED= list; the first one runs at start. */
	unsigned int index;
	const char *name;
	const void *data;
	size_t len;
};
DECLARE_TABLE(embedded_images, const struct embedded_image);
#define __embedded_image __table_entry(embedded_images, struct embedded_image)

#endif
