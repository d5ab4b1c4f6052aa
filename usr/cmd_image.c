/*
 * Commands on the loaded images, as iPXE documents them:
 *   imgstat [<image>...]   list images: "name : 1234 bytes [type] "args""
 *   imgfree [<image>...]   discard the images (all when none is named)
 * (imgfetch and module, which fetch images, are initrd: see cmd_boot.c.)
 */
#include <stdio.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/image.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

static const struct command_spec imglist_spec =
	COMMAND_SPEC_NO_OPTIONS(0, MAX_ARGS, "[<image>...]");

/*
 * Parse an "[<image>...]" command line: the index of the first name, or an
 * error if the line is bad or a name is not a loaded image.
 */
static int parse_image_names(int argc, char **argv)
{
	int first;
	int i;

	first = parse_options(argc, argv, &imglist_spec, NULL);
	if (first < 0)
		return first;
	for (i = first; i < argc; i++) {
		if (!find_image(argv[i])) {
			printf("%s: no such image: %s\n", argv[0], argv[i]);
			return ERR(ENOENT);
		}
	}
	return first;
}

/* Show one image as iPXE does. */
static void imgstat_one(struct image *image)
{
	printf("%s : %zu bytes", image->name, image->len);
	if (image->type)
		printf(" [%s]", image->type->name);
	if (image->cmdline)
		printf(" \"%s\"", image->cmdline);
	printf("\n");
}

static int imgstat_exec(int argc, char **argv)
{
	struct image *image;
	int first;
	int i;

	first = parse_image_names(argc, argv);
	if (first < 0)
		return first;
	if (first == argc) {
		for_each_image(image)
			imgstat_one(image);
	}
	for (i = first; i < argc; i++)
		imgstat_one(find_image(argv[i]));
	return 0;
}

static int imgfree_exec(int argc, char **argv)
{
	struct image *image;
	int first;
	int i;

	first = parse_image_names(argc, argv);
	if (first < 0)
		return first;
	if (first == argc) {
		while (!list_empty(&images)) {
			image = list_first_entry(&images, struct image, list);
			image_unregister(image);
		}
	}
	for (i = first; i < argc; i++) {
		/* A name given twice is gone the second time. */
		if ((image = find_image(argv[i])) != NULL)
			image_unregister(image);
	}
	return 0;
}

struct command imgstat_command __command = {
	.name = "imgstat",
	.exec = imgstat_exec,
};

struct command imgfree_command __command = {
	.name = "imgfree",
	.exec = imgfree_exec,
};
