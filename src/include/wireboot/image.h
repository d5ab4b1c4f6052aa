/*
 * Images: something loaded into memory to be run (a script, an NBP, a
 * kernel, an EFI app).  Image types register in the "image_types" table and
 * are tried in order of their probe() answers.  Images come from downloads,
 * from the build (EMBED=), from the loader that started wireboot (an lkrn's
 * initrd) or from the hosted command line (--script).
 *
 * Running one (image_exec()) makes its URI the working URI while it runs,
 * marks it IMAGE_EXECUTED (so a kernel booted from a script does not take
 * the script as an initrd), drops it from the list first if it is
 * IMAGE_AUTOFREE, and afterwards runs the image it asked to be replaced
 * by, if any (image_replace_current()).  An image type that hands the
 * machine over for good (a kernel) calls shutdown(SHUTDOWN_BOOT) itself,
 * after every check that can fail, just before the jump.
 */
#ifndef WIREBOOT_IMAGE_H
#define WIREBOOT_IMAGE_H

#include <wireboot/list.h>
#include <wireboot/refcnt.h>
#include <wireboot/tables.h>

struct image;

struct image_type {
	const char *name;
	/* Order of probing: lower first. */
	int order;
	/* Is IMAGE of this type?  0 if so, else a negative error. */
	int (*probe)(struct image *image);
	/* Run IMAGE; returns its status when (if) it comes back. */
	int (*exec)(struct image *image);
};
DECLARE_TABLE(image_types, struct image_type);
#define __image_type __table_entry(image_types, struct image_type)

struct image {
	struct refcnt refcnt;
	struct list_head list;
	/* Short name ("embedded", "initrd", a file name). */
	char name[64];
	/* Where it came from (a URI or a description), may be NULL. */
	char *source;
	/* Arguments given by "imgargs" / the kernel command line; may be NULL. */
	char *cmdline;
	/* Contents (owned by the image unless FLAG_EXTERNAL). */
	void *data;
	size_t len;
	const struct image_type *type;
	unsigned int flags;
	/* Set by image_replace_current() while this image runs. */
	struct image *replacement;
};
#define IMAGE_EXTERNAL 0x0001	/* DATA is not ours to free */
#define IMAGE_EMBEDDED 0x0002	/* came from the build */
#define IMAGE_SELECTED 0x0004	/* what "boot" with no argument runs */
#define IMAGE_AUTOFREE 0x0008	/* unregistered as soon as it is run */
#define IMAGE_EXECUTED 0x0010	/* has been run (so it is no initrd) */

/* Make an image holding a copy of LEN bytes at DATA (NULL on no memory). */
struct image *image_alloc(const char *name, const void *data, size_t len);

/* Make an image over memory that stays valid (not copied, not freed). */
struct image *image_wrap(const char *name, const void *data, size_t len);

/* Add IMAGE to the list of loaded images (takes a reference). */
int image_register(struct image *image);
void image_unregister(struct image *image);

/* Loaded images, in the order they were registered. */
extern struct list_head images;
#define for_each_image(image) list_for_each_entry(image, &images, list)

/* Find a loaded image by name. */
struct image *find_image(const char *name);

/* Work out IMAGE's type (sets image->type). */
int image_probe(struct image *image);

/* Probe (if needed) and run IMAGE. */
int image_exec(struct image *image);

/* Make IMAGE the selected image (only one is selected at a time). */
void image_select(struct image *image);

/* The selected image (registered and IMAGE_SELECTED), or NULL. */
struct image *image_selected(void);

/*
 * The innermost image being run by image_exec() (a script running the
 * command that asks), or NULL at the top level.
 */
struct image *image_current(void);

/*
 * Have the innermost running image replaced by REPLACEMENT: once it
 * returns, image_exec() runs REPLACEMENT in its place and returns that
 * status ("chain --replace").  The caller must still make the running
 * image stop (a script: shell_stop(SHELL_STOP_SCRIPT)).  ERR(ENOTTY) when
 * no image is running.
 */
int image_replace_current(struct image *replacement);

/*
 * Is IMAGE one that goes along with KERNEL when it boots (an initrd, a
 * multiboot module)?  Every registered image other than KERNEL that has
 * never been run (unlike the script that said "boot", or scripts it
 * chained).
 */
bool image_is_extra(const struct image *image, const struct image *kernel);

/* Set IMAGE's command line (copied; NULL clears). */
int image_set_cmdline(struct image *image, const char *cmdline);

static inline struct image *image_get(struct image *image)
{
	return ref_get_obj(image);
}
static inline void image_put(struct image *image)
{
	ref_put_obj(image);
}

#endif
