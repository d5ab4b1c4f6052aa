/*
 * Boot commands, named and used as iPXE documents them:
 *   kernel | imgselect | imgload [--name <name>] [--timeout <ms>]
 *          <uri|image> [<arguments>...]      fetch (or find) and select
 *   initrd | imgfetch | module [--name <name>] [--timeout <ms>] <uri>
 *          [<arguments>...]                  fetch
 *   imgargs <uri|image> [<arguments>...]     replace an image's arguments
 *   chain | imgexec | boot [--name <name>] [--timeout <ms>] [--autofree]
 *          [--replace] [<uri|image>] [<arguments>...]
 *                                            fetch (or find) and run; with
 *                                            no image, run the selected one
 * A name that is not a loaded image is taken as a URI, relative to the
 * script being run.  A fetched image is named after the last segment of
 * the URI's path unless --name says otherwise, and replaces any image of
 * the same name.  "--autofree" drops the image from the list when it
 * starts; "--replace" ends the running script and runs the image in its
 * place (the script ends with that image's status).
 */
#include <stdio.h>
#include <stdlib.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/image.h>
#include <wireboot/imgmgmt.h>
#include <wireboot/shell.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

struct boot_options {
	const char *name;
	unsigned long timeout;
	bool autofree;
	bool replace;
};

static const struct option_spec fetch_opts[] = {
	OPTION("name", 'n', OPT_REQUIRED_ARG, struct boot_options, name,
	       parse_string),
	OPTION("timeout", 't', OPT_REQUIRED_ARG, struct boot_options, timeout,
	       parse_ulong),
};

static const struct option_spec exec_opts[] = {
	OPTION("name", 'n', OPT_REQUIRED_ARG, struct boot_options, name,
	       parse_string),
	OPTION("timeout", 't', OPT_REQUIRED_ARG, struct boot_options, timeout,
	       parse_ulong),
	OPTION("autofree", 'a', OPT_NO_ARG, struct boot_options, autofree,
	       parse_flag),
	OPTION("replace", 'r', OPT_NO_ARG, struct boot_options, replace,
	       parse_flag),
};

static const struct command_spec select_spec =
	COMMAND_SPEC(fetch_opts, 1, MAX_ARGS,
		     "[--name <name>] [--timeout <timeout>] <uri|image> "
		     "[<arguments>...]");
static const struct command_spec initrd_spec =
	COMMAND_SPEC(fetch_opts, 1, MAX_ARGS,
		     "[--name <name>] [--timeout <timeout>] <uri> "
		     "[<arguments>...]");
static const struct command_spec imgargs_spec =
	COMMAND_SPEC_NO_OPTIONS(1, MAX_ARGS, "<uri|image> [<arguments>...]");
static const struct command_spec exec_spec =
	COMMAND_SPEC(exec_opts, 0, MAX_ARGS,
		     "[--name <name>] [--timeout <timeout>] [--autofree] "
		     "[--replace] [<uri|image>] [<arguments>...]");

/*
 * The arguments after ARGV[FIRST] joined by spaces into *CMDLINE (NULL
 * when there are none).  Reports a failure as "COMMAND: error".
 */
static int join_arguments(int argc, char **argv, int first, char **cmdline)
{
	*cmdline = NULL;
	if (argc <= first + 1)
		return 0;
	*cmdline = concat_words(argv + first + 1, argc - first - 1);
	if (!*cmdline)
		return print_error(argv[0], ERR(ENOMEM));
	return 0;
}

/*
 * The image ARGV[FIRST] names (a loaded image, else a URI to fetch, named
 * as OPTS says), with the arguments after it as its command line when
 * there are any.  *IMAGE gets a reference.  Errors are reported.
 */
static int acquire(int argc, char **argv, int first,
		   const struct boot_options *opts, struct image **image)
{
	char *cmdline;
	int rc;

	if ((rc = join_arguments(argc, argv, first, &cmdline)) != 0)
		return rc;
	if (opts->name && !find_image(argv[first]))
		rc = imgdownload(argv[first], opts->name, NULL, opts->timeout,
				 image);
	else
		rc = imgacquire(argv[first], opts->timeout, image);
	if (rc == 0 && cmdline && (rc = image_set_cmdline(*image, cmdline))) {
		print_error(argv[0], rc);
		image_put(*image);
	}
	free(cmdline);
	return rc;
}

static int select_exec(int argc, char **argv)
{
	struct boot_options opts = { NULL, 0, false, false };
	struct image *image;
	int first;
	int rc;

	first = parse_options(argc, argv, &select_spec, &opts);
	if (first < 0)
		return first;
	if ((rc = acquire(argc, argv, first, &opts, &image)) != 0)
		return rc;
	if (!image->type && (rc = image_probe(image)) != 0)
		printf("Could not select %s: %s\n", image->name, errstr(rc));
	else
		image_select(image);
	image_put(image);
	return rc;
}

static int initrd_exec(int argc, char **argv)
{
	struct boot_options opts = { NULL, 0, false, false };
	char *cmdline;
	int first;
	int rc;

	first = parse_options(argc, argv, &initrd_spec, &opts);
	if (first < 0)
		return first;
	if ((rc = join_arguments(argc, argv, first, &cmdline)) != 0)
		return rc;
	rc = imgdownload(argv[first], opts.name, cmdline, opts.timeout, NULL);
	free(cmdline);
	return rc;
}

static int imgargs_exec(int argc, char **argv)
{
	struct image *image;
	char *cmdline;
	int first;
	int rc;

	first = parse_options(argc, argv, &imgargs_spec, NULL);
	if (first < 0)
		return first;
	if ((rc = imgacquire(argv[first], 0, &image)) != 0)
		return rc;
	if ((rc = join_arguments(argc, argv, first, &cmdline)) == 0) {
		if ((rc = image_set_cmdline(image, cmdline)) != 0)
			print_error(argv[0], rc);
		free(cmdline);
	}
	image_put(image);
	return rc;
}

/* Run IMAGE for "chain" with OPTS; reports a failure. */
static int run_image(struct image *image, const struct boot_options *opts)
{
	int rc;

	if (opts->autofree)
		image->flags |= IMAGE_AUTOFREE;
	if (opts->replace && image_current()) {
		/* The running script stops; image_exec() then runs IMAGE. */
		if ((rc = image_replace_current(image)) == 0)
			shell_stop(SHELL_STOP_SCRIPT);
		return rc;
	}
	rc = image_exec(image);
	if (rc != 0 && !err_is(rc, ENOEXIT))
		printf("Could not boot %s: %s\n", image->name, errstr(rc));
	return rc;
}

static int exec_exec(int argc, char **argv)
{
	struct boot_options opts = { NULL, 0, false, false };
	struct image *image;
	int first;
	int rc;

	first = parse_options(argc, argv, &exec_spec, &opts);
	if (first < 0)
		return first;
	if (first < argc) {
		if ((rc = acquire(argc, argv, first, &opts, &image)) != 0)
			return rc;
	} else if ((image = image_selected()) != NULL) {
		image_get(image);
	} else {
		printf("%s: no image selected\n", argv[0]);
		return ERR(ENOENT);
	}
	rc = run_image(image, &opts);
	image_put(image);
	return rc;
}

struct command kernel_command __command = {
	.name = "kernel",
	.exec = select_exec,
};

struct command imgselect_command __command = {
	.name = "imgselect",
	.exec = select_exec,
};

struct command imgload_command __command = {
	.name = "imgload",
	.exec = select_exec,
};

struct command initrd_command __command = {
	.name = "initrd",
	.exec = initrd_exec,
};

struct command imgfetch_command __command = {
	.name = "imgfetch",
	.exec = initrd_exec,
};

struct command module_command __command = {
	.name = "module",
	.exec = initrd_exec,
};

struct command imgargs_command __command = {
	.name = "imgargs",
	.exec = imgargs_exec,
};

struct command chain_command __command = {
	.name = "chain",
	.exec = exec_exec,
};

struct command imgexec_command __command = {
	.name = "imgexec",
	.exec = exec_exec,
};

struct command boot_command __command = {
	.name = "boot",
	.exec = exec_exec,
};
