/*
 * Opening data transfers by name.  Each URI scheme ("http", "tftp", ...)
 * registers a URI opener; xfer_open_uri_string() parses a URI, resolves it
 * against the current working URI if relative, and plugs the new transfer
 * to XFER.  The transfer then delivers the resource's bytes (with
 * XFER_SEEK_SET offsets where it knows them) and closes with a status.
 */
#ifndef WIREBOOT_OPEN_H
#define WIREBOOT_OPEN_H

#include <wireboot/tables.h>

struct interface;
struct uri;

struct uri_opener {
	/* Scheme, lower case, e.g. "http". */
	const char *scheme;
	int (*open)(struct interface *xfer, struct uri *uri);
};
DECLARE_TABLE(uri_openers, const struct uri_opener);
#define __uri_opener __table_entry(uri_openers, struct uri_opener)

/* Open URI (already absolute) and plug it to XFER. */
int xfer_open_uri(struct interface *xfer, struct uri *uri);

/* Parse TEXT, resolve it against the working URI, open it. */
int xfer_open_uri_string(struct interface *xfer, const char *text);

#endif
