/*
 * Image commands, as iPXE documents them:
 *   imgfetch [--name <name>] [--timeout <ms>] <uri> [<arguments>...]
 *   module   (the same as imgfetch)
 *   imgstat [<image>...]   list images: "name : 1234 bytes [type] "args""
 *   imgfree [<image>...]   discard the images (all when none is named)
 * A fetched image is named after the last segment of the URI's path unless
 * --name says otherwise, and replaces any image of the same name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/image.h>
#include <wireboot/imgmgmt.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

struct imgfetch_options {
	const char *name;
	unsigned long timeout;
};

static const struct option_spec imgfetch_opts[] = {
	OPTION("name", 'n', OPT_REQUIRED_ARG, struct imgfetch_options, name,
	       parse_string),
	OPTION("timeout", 't', OPT_REQUIRED_ARG, struct imgfetch_options,
	       timeout, parse_ulong),
};

static const struct command_spec imgfetch_spec =
	COMMAND_SPEC(imgfetch_opts, 1, MAX_ARGS,
		     "[--name <name>] [--timeout <timeout>] <uri> "
		     "[<arguments>...]");

/* The COUNT words at ARGS joined by spaces (heap; caller frees), or NULL. */
static char *join_args(char **args, int count)
{
	size_t len = 1;
	char *text;
	int i;

	for (i = 0; i < count; i++)
		len += strlen(args[i]) + 1;
	text = malloc(len);
	if (!text)
		return NULL;
	text[0] = '\0';
	for (i = 0; i < count; i++) {
		if (i)
			strcat(text, " ");
		strcat(text, args[i]);
	}
	return text;
}

static int imgfetch_exec(int argc, char **argv)
{
	struct imgfetch_options opts = { NULL, 0 };
	char *cmdline = NULL;
	int first;
	int rc;

	first = parse_options(argc, argv, &imgfetch_spec, &opts);
	if (first < 0)
		return first;
	if (argc > first + 1) {
		cmdline = join_args(argv + first + 1, argc - first - 1);
		if (!cmdline)
			return print_error(argv[0], ERR(ENOMEM));
	}
	rc = imgdownload(argv[first], opts.name, cmdline, opts.timeout, NULL);
	free(cmdline);
	return rc;
}

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

struct command imgfetch_command __command = {
	.name = "imgfetch",
	.exec = imgfetch_exec,
};

struct command module_command __command = {
	.name = "module",
	.exec = imgfetch_exec,
};

struct command imgstat_command __command = {
	.name = "imgstat",
	.exec = imgstat_exec,
};

struct command imgfree_command __command = {
	.name = "imgfree",
	.exec = imgfree_exec,
};
