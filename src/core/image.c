/* The list of loaded images, and probing an image's type to run it. */
#include <stdlib.h>
#include <string.h>
#include <wireboot/image.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_IMAGE

LIST_HEAD(images);

/* Free an image once its last reference goes. */
static void image_free(struct refcnt *refcnt)
{
	struct image *image = container_of(refcnt, struct image, refcnt);

	if (!(image->flags & IMAGE_EXTERNAL))
		free(image->data);
	free(image->source);
	free(image->cmdline);
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

int image_exec(struct image *image)
{
	int rc;

	if (!image->type && (rc = image_probe(image)) != 0)
		return rc;
	image_get(image);
	rc = image->type->exec(image);
	image_put(image);
	return rc;
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
