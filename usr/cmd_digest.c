/*
 * Digest commands, as iPXE documents them:
 *   md5sum [--set <setting>] <uri|image>...   (and sha1sum, sha256sum)
 * print "<hex digest>  <image name>" for each image (fetching a URI that
 * names no loaded image first), or with --set store the digest of the
 * last one in a setting (type hexraw unless the name gives another).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/crypto.h>
#include <wireboot/image.h>
#include <wireboot/imgmgmt.h>
#include <wireboot/settings.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

struct digest_options {
	const char *set;
};

static const struct option_spec digest_opts[] = {
	OPTION("set", 's', OPT_REQUIRED_ARG, struct digest_options, set,
	       parse_string),
};

static const struct command_spec digest_spec =
	COMMAND_SPEC(digest_opts, 1, MAX_ARGS,
		     "[--set <setting>] <uri|image>...");

/* Store DIGEST (LEN bytes) in the setting named NAME. */
static int digest_store(const char *command, const char *name,
			const uint8_t *digest, size_t len)
{
	struct settings *settings;
	struct setting setting;
	char *text = strdup(name);
	int rc;

	if (!text)
		return print_error(command, ERR(ENOMEM));
	rc = parse_setting_name(text, &settings, &setting);
	if (rc != 0) {
		printf("%s: bad setting name \"%s\": %s\n", command, name,
		       errstr(rc));
		goto out;
	}
	if (!setting.type)
		setting.type = &setting_type_hexraw;
	rc = store_setting(settings, &setting, digest, len);
	if (rc != 0)
		printf("%s: could not store %s: %s\n", command, name,
		       errstr(rc));
out:
	free(text);
	return rc;
}

/* Run the digest command ARGV with algorithm DIGEST. */
static int digest_exec(const struct digest_algorithm *digest, int argc,
		       char **argv)
{
	struct digest_options opts = { NULL };
	uint8_t out[DIGEST_MAX_SIZE];
	char hex[2 * DIGEST_MAX_SIZE + 1];
	struct image *image;
	int first;
	int rc;
	int i;

	first = parse_options(argc, argv, &digest_spec, &opts);
	if (first < 0)
		return first;
	for (i = first; i < argc; i++) {
		if ((rc = imgacquire(argv[i], 0, &image)) != 0)
			return rc;
		digest_buffer(digest, image->data, image->len, out);
		if (opts.set) {
			rc = digest_store(argv[0], opts.set, out,
					  digest->digestsize);
		} else {
			printf("%s  %s\n",
			       digest_hex(out, digest->digestsize, hex),
			       image->name);
		}
		image_put(image);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int md5sum_exec(int argc, char **argv)
{
	return digest_exec(&md5_algorithm, argc, argv);
}

static int sha1sum_exec(int argc, char **argv)
{
	return digest_exec(&sha1_algorithm, argc, argv);
}

static int sha256sum_exec(int argc, char **argv)
{
	return digest_exec(&sha256_algorithm, argc, argv);
}

struct command md5sum_command __command = {
	.name = "md5sum",
	.exec = md5sum_exec,
};

struct command sha1sum_command __command = {
	.name = "sha1sum",
	.exec = sha1sum_exec,
};

struct command sha256sum_command __command = {
	.name = "sha256sum",
	.exec = sha256sum_exec,
};
