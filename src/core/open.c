/*
 * Opening data transfers by URI: find the opener registered for the
 * scheme and hand it the URI, resolved against the working URI.
 */
#include <string.h>
#include <wireboot/open.h>
#include <wireboot/uri.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_URI

int xfer_open_uri(struct interface *xfer, struct uri *uri)
{
	const struct uri_opener *opener;
	struct uri *resolved;
	int rc = ERR(ENOTSUP);

	resolved = resolve_uri(cwuri, uri);
	if (!resolved)
		return ERR(ENOMEM);
	if (resolved->scheme) {
		for_each_table_entry(opener, uri_openers) {
			if (strcasecmp(opener->scheme, resolved->scheme) == 0) {
				rc = opener->open(xfer, resolved);
				break;
			}
		}
	}
	uri_put(resolved);
	return rc;
}

int xfer_open_uri_string(struct interface *xfer, const char *text)
{
	struct uri *uri = parse_uri(text);
	int rc;

	if (!uri)
		return ERR(ENOMEM);
	rc = xfer_open_uri(xfer, uri);
	uri_put(uri);
	return rc;
}
