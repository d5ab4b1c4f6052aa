/*
 * Unit tests for the boot commands (usr/cmd_boot.c) and the image running
 * rules behind them (src/core/image.c), with scripts as the images:
 * selecting and booting, nesting, --replace, --autofree, imgargs, which
 * images go along with a kernel, and the error messages.
 */
#include <string.h>
#include <wireboot/image.h>
#include <wireboot/command.h>
#include <wireboot/shell.h>
#include <wireboot/errors.h>
#include "unittest.h"
#include "console_capture.h"

/* Register TEXT as image NAME. */
static void add_image(const char *name, const char *text)
{
	struct image *image = image_alloc(name, text, strlen(text));

	if (image) {
		image_register(image);
		image_put(image);
	}
}

/* Drop every image the tests registered. */
static void free_images(void)
{
	while (!list_empty(&images))
		image_unregister(list_first_entry(&images, struct image, list));
}

/* Run LINE as a command line, output captured into *OUTPUT. */
static int run(const char *line, const char **output)
{
	int rc;

	capture_start(NULL, 0);
	rc = run_command_line(line);
	*output = capture_stop();
	return rc;
}

/* Run the registered image NAME, output captured into *OUTPUT. */
static int exec_image(const char *name, const char **output)
{
	int rc;

	capture_start(NULL, 0);
	rc = image_exec(find_image(name));
	*output = capture_stop();
	return rc;
}

UNIT_TEST(bootcmd_select_and_boot)
{
	const char *out;

	free_images();
	ok(err_is(run("boot", &out), ENOENT));
	ok_str(out, "boot: no image selected\n");
	add_image("k.ipxe", "#!ipxe\necho booted [${x}]\n");
	add_image("data.bin", "just data");
	ok_eq(run("set x 1", &out), 0);
	ok_eq(run("imgselect k.ipxe", &out), 0);
	ok(image_selected() == find_image("k.ipxe"));
	ok_eq(run("boot", &out), 0);
	ok_str(out, "booted [1]\n");
	/* Data is no kernel: it is refused and the selection stays. */
	ok(err_is(run("kernel data.bin", &out), ENOEXEC));
	ok_str(out, "Could not select data.bin: Exec format error (image)\n");
	ok(image_selected() == find_image("k.ipxe"));
	ok(err_is(run("chain data.bin", &out), ENOEXEC));
	ok_str(out, "Could not boot data.bin: Exec format error (image)\n");
	ok(err_is(run("chain nosuch", &out), ENOENT));
	ok_str(out, "No such image: nosuch\n");
	run("clear x", &out);
	free_images();
}

UNIT_TEST(bootcmd_nested_and_replace)
{
	const char *out;
	int rc;

	free_images();
	add_image("outer.ipxe", "#!ipxe\necho o1\nchain inner.ipxe\n"
				"echo o2 ${v}\nchain --replace last.ipxe\n"
				"echo NOT-REACHED\n");
	add_image("inner.ipxe", "#!ipxe\necho i1\nset v from-inner\n");
	add_image("last.ipxe", "#!ipxe\necho l1\nexit 3\n");
	rc = exec_image("outer.ipxe", &out);
	ok_str(out, "o1\ni1\no2 from-inner\nl1\n");
	/* The caller ends with the replacement's status. */
	ok(err_is(rc, ENOEXIT));
	ok_eq(exit_status(rc), 3);
	/* Scripts that ran never go along with a kernel; fresh images do. */
	add_image("initrd.img", "data");
	ok(!image_is_extra(find_image("inner.ipxe"), NULL));
	ok(!image_is_extra(find_image("last.ipxe"), NULL));
	ok(image_is_extra(find_image("initrd.img"), NULL));
	ok(!image_is_extra(find_image("initrd.img"), find_image("initrd.img")));
	run("clear v", &out);
	free_images();
}

UNIT_TEST(bootcmd_autofree_and_args)
{
	const char *out;

	free_images();
	add_image("a.ipxe", "#!ipxe\necho a-ran\nimgstat a.ipxe || echo gone\n");
	ok_eq(run("chain --autofree a.ipxe", &out), 0);
	ok_str(out, "a-ran\nimgstat: no such image: a.ipxe\ngone\n");
	ok(find_image("a.ipxe") == NULL);
	add_image("v", "#!ipxe\n");
	ok_eq(run("imgargs v console=ttyS0 quiet", &out), 0);
	ok_str(find_image("v")->cmdline, "console=ttyS0 quiet");
	ok_eq(run("imgargs v", &out), 0);
	ok(find_image("v")->cmdline == NULL);
	/* Arguments given to kernel/chain replace the image's. */
	ok_eq(run("kernel v one two", &out), 0);
	ok_str(find_image("v")->cmdline, "one two");
	ok(err_is(run("imgargs", &out), EINVAL));
	free_images();
}
