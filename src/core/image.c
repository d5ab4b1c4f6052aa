/*
 * The list of loaded images, the selected image, and running an image:
 * probing its type, its working URI, autofree and replacement.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/image.h>
#include <wireboot/uri.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_IMAGE

LIST_HEAD(images);

/* The innermost image being run by image_exec(). */
static struct image *current_image;

/* Free an image once its last reference goes. */
static void image_free(struct refcnt *refcnt)
{
	struct image *image = container_of(refcnt, struct image, refcnt);

	if (!(image->flags & IMAGE_EXTERNAL))
		free(image->data);
	free(image->source);
	free(image->cmdline);
	if (image->replacement)
		image_put(image->replacement);
	free(image);
}

/* A new image with no data yet. */
static struct image *image_new(const char *name)
{
	struct image *image = zalloc(sizeof(*image));

	if (!image)
		return NULL;
	ref_init(&image->refcnt, image_free);
	INIT_LIST_HEAD(&image->list);
	strlcpy(image->name, name, sizeof(image->name));
	return image;
}

struct image *image_alloc(const char *name, const void *data, size_t len)
{
	struct image *image = image_new(name);

	if (!image)
		return NULL;
	image->data = malloc(len ? len : 1);
	if (!image->data) {
		image_put(image);
		return NULL;
	}
	memcpy(image->data, data, len);
	image->len = len;
	return image;
}

struct image *image_wrap(const char *name, const void *data, size_t len)
{
	struct image *image = image_new(name);

	if (!image)
		return NULL;
	image->data = (void *)data;
	image->len = len;
	image->flags |= IMAGE_EXTERNAL;
	return image;
}

int image_register(struct image *image)
{
	if (find_image(image->name))
		return ERR(EEXIST);
	list_add_tail(&image->list, &images);
	image_get(image);
	return 0;
}

void image_unregister(struct image *image)
{
	if (list_empty(&image->list))
		return;
	list_del(&image->list);
	image_put(image);
}

struct image *find_image(const char *name)
{
	struct image *image;

	for_each_image(image) {
		if (strcmp(image->name, name) == 0)
			return image;
	}
	return NULL;
}

int image_probe(struct image *image)
{
	const struct image_type *type;
	const struct image_type *best = NULL;

	for_each_table_entry(type, image_types) {
		if ((!best || type->order < best->order) &&
		    type->probe(image) == 0)
			best = type;
	}
	if (!best)
		return ERR(ENOEXEC);
	image->type = best;
	return 0;
}

/* The URI IMAGE came from, if its source is an absolute URI; else NULL. */
static struct uri *image_uri(const struct image *image)
{
	struct uri *uri;

	if (!image->source)
		return NULL;
	uri = parse_uri(image->source);
	if (uri && !uri_is_absolute(uri)) {
		uri_put(uri);
		uri = NULL;
	}
	return uri;
}

/*
 * Run IMAGE once (the caller holds a reference); returns its status and
 * sets *NEXT to the image it asked to be replaced by (a reference) or NULL.
 */
static int image_exec_once(struct image *image, struct image **next)
{
	struct image *outer = current_image;
	struct uri *saved_cwuri = uri_get(cwuri);
	struct uri *uri;
	int rc;

	*next = NULL;
	if (!image->type && (rc = image_probe(image)) != 0)
		goto out;
	if (image->flags & IMAGE_AUTOFREE)
		image_unregister(image);
	if ((uri = image_uri(image)) != NULL) {
		churi(uri);
		uri_put(uri);
	}
	image->flags |= IMAGE_EXECUTED;
	current_image = image;
	rc = image->type->exec(image);
	current_image = outer;
	*next = image->replacement;
	image->replacement = NULL;
out:
	uri_put(cwuri);
	cwuri = saved_cwuri;
	return rc;
}

int image_exec(struct image *image)
{
	struct image *next;
	int rc;

	image_get(image);
	do {
		rc = image_exec_once(image, &next);
		image_put(image);
		image = next;
	} while (image);
	return rc;
}

void image_select(struct image *selected)
{
	struct image *image;

	for_each_image(image)
		image->flags &= ~IMAGE_SELECTED;
	selected->flags |= IMAGE_SELECTED;
}

struct image *image_selected(void)
{
	struct image *image;

	for_each_image(image) {
		if (image->flags & IMAGE_SELECTED)
			return image;
	}
	return NULL;
}

struct image *image_current(void)
{
	return current_image;
}

int image_replace_current(struct image *replacement)
{
	if (!current_image)
		return ERR(ENOTTY);
	if (current_image->replacement)
		image_put(current_image->replacement);
	current_image->replacement = image_get(replacement);
	return 0;
}

bool image_is_extra(const struct image *image, const struct image *kernel)
{
	return image != kernel && !list_empty(&image->list) &&
	       !(image->flags & IMAGE_EXECUTED);
}

int image_set_cmdline(struct image *image, const char *cmdline)
{
	char *copy = NULL;

	if (cmdline && !(copy = strdup(cmdline)))
		return ERR(ENOMEM);
	free(image->cmdline);
	image->cmdline = copy;
	return 0;
}
