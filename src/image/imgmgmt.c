/*
 * Image management used by the commands: fetching a URI into a registered
 * image with a progress line, and finding an image by name or fetching it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/imgmgmt.h>
#include <wireboot/download.h>
#include <wireboot/monitor.h>
#include <wireboot/image.h>
#include <wireboot/uri.h>
#include <wireboot/malloc.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_IMAGE

char *image_name_from_uri(const struct uri *uri, char *buf, size_t len)
{
	const char *name = uri->path ? uri->path : "";
	const char *slash = strrchr(name, '/');

	strlcpy(buf, slash ? slash + 1 : name, len);
	return buf;
}

/* URI as text for the user to see: without its password. */
static char *uri_for_display(const struct uri *uri)
{
	struct uri shown = *uri;

	shown.password = NULL;
	return format_uri_alloc(&shown);
}

/* Make IMAGE the one image of its name in the list. */
static int image_replace(struct image *image)
{
	struct image *old = find_image(image->name);

	if (old)
		image_unregister(old);
	return image_register(image);
}

/* Parse TEXT and resolve it against the working URI (NULL: no memory). */
static struct uri *parse_resolved_uri(const char *text)
{
	struct uri *relative = parse_uri(text);
	struct uri *uri = NULL;

	if (relative)
		uri = resolve_uri(cwuri, relative);
	uri_put(relative);
	return uri;
}

/* imgdownload() of an absolute URI. */
static int imgdownload_uri(struct uri *uri, const char *name,
			   const char *cmdline, unsigned long timeout_ms,
			   struct image **image)
{
	struct monitor monitor;
	struct image *new = NULL;
	char default_name[sizeof(new->name)];
	char *label;
	int rc;

	label = uri_for_display(uri);
	if (!label) {
		rc = ERR(ENOMEM);
		printf("Could not fetch: %s\n", errstr(rc));
		return rc;
	}
	if (!name)
		name = image_name_from_uri(uri, default_name,
					   sizeof(default_name));
	new = image_alloc(name, "", 0);
	if (!new || !(new->source = strdup(label)) ||
	    image_set_cmdline(new, cmdline) != 0) {
		rc = ERR(ENOMEM);
		printf("%s... %s\n", label, errstr(rc));
		goto out;
	}
	monitor_init(&monitor);
	if ((rc = create_downloader(&monitor.job, new, uri)) != 0) {
		printf("%s... %s\n", label, errstr(rc));
		goto out;
	}
	rc = monitor_wait(&monitor, label, timeout_ms);
	if (err_is(rc, ENOMEM))
		heap_report();
	if (rc != 0)
		goto out;
	/* An image of no known type is still an image (a data file). */
	image_probe(new);
	if ((rc = image_replace(new)) != 0) {
		printf("Could not register %s: %s\n", new->name, errstr(rc));
		goto out;
	}
	if (image)
		*image = image_get(new);
out:
	image_put(new);
	free(label);
	return rc;
}

int imgdownload(const char *uri_text, const char *name, const char *cmdline,
		unsigned long timeout_ms, struct image **image)
{
	struct uri *uri = parse_resolved_uri(uri_text);
	int rc;

	if (!uri)
		return print_error(uri_text, ERR(ENOMEM));
	rc = imgdownload_uri(uri, name, cmdline, timeout_ms, image);
	uri_put(uri);
	return rc;
}

int imgacquire(const char *name_or_uri, unsigned long timeout_ms,
	       struct image **image)
{
	struct image *found = find_image(name_or_uri);
	struct uri *uri;
	int rc;

	if (found) {
		*image = image_get(found);
		return 0;
	}
	uri = parse_resolved_uri(name_or_uri);
	if (!uri)
		return print_error(name_or_uri, ERR(ENOMEM));
	if (uri->scheme) {
		rc = imgdownload_uri(uri, NULL, NULL, timeout_ms, image);
	} else {
		/* Not a URI even relative to the working URI: a typo'd name. */
		rc = ERR(ENOENT);
		printf("No such image: %s\n", name_or_uri);
	}
	uri_put(uri);
	return rc;
}
