/*
 * SAN commands, as iPXE documents them:
 *   sanhook [--drive <drive>] [--no-describe] <uri> [<uri>...]
 *   sanboot [--drive <drive>] [--filename <filename>] [--extra <filename>]
 *           [--label <label>] [--uuid <uuid>] [--no-describe] [--keep]
 *           [<uri>...]
 *   sanunhook [--drive <drive>]
 * The drive defaults to ${san-drive}, else 0x80.  Several URIs are paths
 * to one multipath device.  sanboot attaches its URIs (if any), boots the
 * drive, and detaches what it attached if the boot fails, unless --keep or
 * ${keep-san} says otherwise.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/san.h>
#include <wireboot/settings.h>
#include <wireboot/builtin_settings.h>
#include <wireboot/uri.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

/* No --drive given. */
#define DRIVE_UNSET ULONG_MAX

struct san_options {
	unsigned long drive;
	bool no_describe;
	bool keep;
	const char *filename;
	const char *extra;
	const char *label;
	const char *uuid;
};

static const struct option_spec sanhook_opts[] = {
	OPTION("drive", 'd', OPT_REQUIRED_ARG, struct san_options, drive,
	       parse_ulong),
	OPTION("no-describe", 'n', OPT_NO_ARG, struct san_options,
	       no_describe, parse_flag),
};

static const struct option_spec sanboot_opts[] = {
	OPTION("drive", 'd', OPT_REQUIRED_ARG, struct san_options, drive,
	       parse_ulong),
	OPTION("filename", 'f', OPT_REQUIRED_ARG, struct san_options, filename,
	       parse_string),
	OPTION("extra", 'e', OPT_REQUIRED_ARG, struct san_options, extra,
	       parse_string),
	OPTION("label", 'l', OPT_REQUIRED_ARG, struct san_options, label,
	       parse_string),
	OPTION("uuid", 'u', OPT_REQUIRED_ARG, struct san_options, uuid,
	       parse_string),
	OPTION("no-describe", 'n', OPT_NO_ARG, struct san_options,
	       no_describe, parse_flag),
	OPTION("keep", 'k', OPT_NO_ARG, struct san_options, keep, parse_flag),
};

static const struct option_spec sanunhook_opts[] = {
	OPTION("drive", 'd', OPT_REQUIRED_ARG, struct san_options, drive,
	       parse_ulong),
};

static const struct command_spec sanhook_spec =
	COMMAND_SPEC(sanhook_opts, 1, MAX_ARGS,
		     "[--drive <drive>] [--no-describe] <uri> [<uri>...]");
static const struct command_spec sanboot_spec =
	COMMAND_SPEC(sanboot_opts, 0, MAX_ARGS,
		     "[--drive <drive>] [--filename <filename>] "
		     "[--extra <filename>] [--label <label>] [--uuid <uuid>] "
		     "[--no-describe] [--keep] [<uri>...]");
static const struct command_spec sanunhook_spec =
	COMMAND_SPEC(sanunhook_opts, 0, 0, "[--drive <drive>]");

/* Parse the options; the drive defaults to ${san-drive}. */
static int san_parse(int argc, char **argv, const struct command_spec *spec,
		     struct san_options *opts)
{
	int first;

	opts->drive = DRIVE_UNSET;
	first = parse_options(argc, argv, spec, opts);
	if (first < 0)
		return first;
	if (opts->drive == DRIVE_UNSET) {
		opts->drive = san_default_drive();
	} else if (opts->drive > 0xff) {
		printf("%s: bad drive number %#lx\n", argv[0], opts->drive);
		return ERR(EINVAL);
	}
	return first;
}

/* Say that COMMAND could not do WHAT with DRIVE, and why. */
static void san_failed(const char *command, const char *what,
		       unsigned int drive, int rc)
{
	printf("%s: could not %s SAN drive %#02x: %s\n", command, what, drive,
	       errstr(rc));
}

/* Attach the COUNT URIs at URIS as DRIVE. */
static int san_attach(const char *command, char **uris, int count,
		      unsigned int drive, unsigned int flags)
{
	struct uri **parsed;
	struct san_device *sandev = NULL;
	int rc = 0;
	int i;

	parsed = calloc((size_t)count, sizeof(*parsed));
	if (!parsed)
		return ERR(ENOMEM);
	for (i = 0; i < count; i++) {
		parsed[i] = parse_uri(uris[i]);
		if (!parsed[i]) {
			rc = ERR(ENOMEM);
			goto out;
		}
		if (!uri_is_absolute(parsed[i])) {
			printf("%s: not a SAN URI: %s\n", command, uris[i]);
			rc = ERR(EINVAL);
			goto out;
		}
	}
	sandev = alloc_sandev(parsed, (unsigned int)count);
	if (!sandev) {
		rc = ERR(ENOMEM);
		goto out;
	}
	if ((rc = register_sandev(sandev, drive, flags)) != 0) {
		san_failed(command, "attach", drive, rc);
		goto out;
	}
	printf("SAN drive %#02x: %llu blocks of %zu bytes (%llu MiB)%s\n",
	       drive, (unsigned long long)sandev->blocks, sandev->blksize,
	       (unsigned long long)((sandev->blocks * sandev->blksize) >> 20),
	       sandev->is_cdrom ? ", CD image" : "");
out:
	sandev_put(sandev);
	for (i = 0; i < count; i++)
		uri_put(parsed[i]);
	free(parsed);
	return rc;
}

static int sanhook_exec(int argc, char **argv)
{
	struct san_options opts = { 0 };
	int first;

	if ((first = san_parse(argc, argv, &sanhook_spec, &opts)) < 0)
		return first;
	return san_attach(argv[0], &argv[first], argc - first,
			  (unsigned int)opts.drive,
			  opts.no_describe ? SAN_NO_DESCRIBE : 0);
}

static int sanboot_exec(int argc, char **argv)
{
	const struct san_platform *platform = san_platform();
	struct san_options opts = { 0 };
	struct san_boot_config config;
	struct san_device *sandev;
	char *filename = NULL;
	unsigned long keep = 0;
	unsigned int drive;
	int first;
	int rc;

	if ((first = san_parse(argc, argv, &sanboot_spec, &opts)) < 0)
		return first;
	drive = (unsigned int)opts.drive;
	if (!platform || !platform->boot) {
		printf("%s: cannot boot from SAN on this platform\n", argv[0]);
		return ERR(ENOTSUP);
	}
	if (first < argc &&
	    (rc = san_attach(argv[0], &argv[first], argc - first, drive,
			     opts.no_describe ? SAN_NO_DESCRIBE : 0)) != 0)
		return rc;
	sandev = find_sandev(drive);
	if (sandev && !(sandev->flags & SAN_NO_DESCRIBE) &&
	    (rc = san_describe()) != 0) {
		san_failed(argv[0], "describe", drive, rc);
		goto out;
	}
	config.filename = opts.filename;
	if (!config.filename &&
	    fetchf_setting_copy(NULL, &san_filename_setting, &filename) > 0)
		config.filename = filename;
	config.extra = opts.extra;
	config.label = opts.label;
	config.uuid = opts.uuid;
	rc = platform->boot(drive, &config);
	san_failed(argv[0], "boot from", drive, rc);
out:
	free(filename);
	fetch_uint_setting(NULL, &keep_san_setting, &keep);
	if (first < argc && !opts.keep && !keep) {
		sandev = find_sandev(drive);
		if (sandev)
			unregister_sandev(sandev);
	}
	return rc;
}

static int sanunhook_exec(int argc, char **argv)
{
	struct san_options opts = { 0 };
	struct san_device *sandev;
	int first;

	if ((first = san_parse(argc, argv, &sanunhook_spec, &opts)) < 0)
		return first;
	sandev = find_sandev((unsigned int)opts.drive);
	if (!sandev) {
		printf("%s: no SAN drive %#02lx\n", argv[0], opts.drive);
		return ERR(ENODEV);
	}
	unregister_sandev(sandev);
	return 0;
}

static struct command sanhook_command __command = {
	.name = "sanhook",
	.exec = sanhook_exec,
};

static struct command sanboot_command __command = {
	.name = "sanboot",
	.exec = sanboot_exec,
};

static struct command sanunhook_command __command = {
	.name = "sanunhook",
	.exec = sanunhook_exec,
};
