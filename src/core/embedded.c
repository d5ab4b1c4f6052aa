/* Registers the scripts built in with EMBED= as images, in their EMBED= order. */
#include <stdio.h>
#include <wireboot/embedded.h>
#include <wireboot/image.h>
#include <wireboot/init.h>
#include <wireboot/errors.h>

/* Register embedded image number INDEX; false when there is no such image. */
static bool register_embedded(unsigned int index)
{
	const struct embedded_image *embedded;
	struct image *image;
	int rc;

	for_each_table_entry(embedded, embedded_images) {
		if (embedded->index != index)
			continue;
		image = image_wrap(embedded->name, embedded->data,
				   embedded->len);
		if (!image) {
			printf("Could not load embedded image %s: %s\n",
			       embedded->name, errstr(ERR_IN(ESUB_IMAGE, ENOMEM)));
			return true;
		}
		image->flags |= IMAGE_EMBEDDED;
		if ((rc = image_register(image)) != 0)
			printf("Could not register embedded image %s: %s\n",
			       embedded->name, errstr(rc));
		image_put(image);
		return true;
	}
	return false;
}

/* Startup hook: every embedded image, first to last. */
static void embedded_startup(void)
{
	unsigned int index = 0;

	while (register_embedded(index))
		index++;
}

static struct startup_fn embedded_startup_fn __startup_fn = {
	.name = "embedded",
	.order = INIT_NORMAL,
	.startup = embedded_startup,
};
