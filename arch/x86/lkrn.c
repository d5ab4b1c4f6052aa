/*
 * What a Linux-style loader hands an lkrn image (QEMU -kernel, GRUB
 * linux16, pxelinux): the kernel command line becomes the string setting
 * ${cmdline}, and an initrd becomes the image "initrd" (a script there runs
 * at start, unless an embedded one comes first).  The loader's memory is
 * not reserved, so the command line is copied before anything else runs
 * and the initrd's range is kept out of the heap until it is copied.
 */
#include <stdio.h>
#include <string.h>
#include <wireboot/errors.h>
#include <wireboot/image.h>
#include <wireboot/init.h>
#include <wireboot/settings.h>
#include <x86/io.h>
#include <x86/pcbios.h>

/* Linux boot protocol setup header fields (offsets in the boot sector). */
#define LH_VERSION 0x206
#define LH_RAMDISK_IMAGE 0x218
#define LH_RAMDISK_SIZE 0x21c
#define LH_CMD_LINE_PTR 0x228
#define LH_CMDLINE_SIZE 4096

static char lkrn_cmdline[LH_CMDLINE_SIZE];
static uint32_t lkrn_initrd_phys, lkrn_initrd_len;

static const struct setting cmdline_setting = {
	.name = "cmdline",	/* Command line from the loader */
	.type = &setting_type_string,
};

static uint32_t header32(const uint8_t *header, size_t offset)
{
	uint32_t v;

	memcpy(&v, header + offset, sizeof(v));
	return v;
}

/* Copy the command line; keep the initrd's place as memory to leave alone. */
static void lkrn_probe(struct x86_handover *handover,
		       const struct x86_boot_info *info)
{
	const uint8_t *header;
	uint32_t cmdline;
	uint16_t version;

	if (info->prefix != PREFIX_LKRN || !info->prefix_data)
		return;
	header = phys_to_virt(info->prefix_data);
	memcpy(&version, header + LH_VERSION, sizeof(version));
	if (version < 0x202)
		return;
	cmdline = header32(header, LH_CMD_LINE_PTR);
	if (cmdline)
		strlcpy(lkrn_cmdline, phys_to_virt(cmdline),
			sizeof(lkrn_cmdline));
	lkrn_initrd_phys = header32(header, LH_RAMDISK_IMAGE);
	lkrn_initrd_len = header32(header, LH_RAMDISK_SIZE);
	if (!lkrn_initrd_phys)
		lkrn_initrd_len = 0;
	handover->keep = lkrn_initrd_phys;
	handover->keep_len = lkrn_initrd_len;
}

static struct x86_handover lkrn_handover __x86_handover = {
	.probe = lkrn_probe,
};

/* Startup hook: publish ${cmdline} and register the initrd. */
static void lkrn_startup(void)
{
	struct image *image;
	int rc;

	if (lkrn_cmdline[0] &&
	    (rc = storef_setting(NULL, &cmdline_setting, lkrn_cmdline)) != 0)
		printf("Could not store the command line: %s\n", errstr(rc));
	if (!lkrn_initrd_len)
		return;
	image = image_alloc("initrd", phys_to_virt(lkrn_initrd_phys),
			    lkrn_initrd_len);
	if (!image) {
		printf("Could not load the initrd: %s\n",
		       errstr(ERR_IN(ESUB_IMAGE, ENOMEM)));
		return;
	}
	if ((rc = image_register(image)) != 0)
		printf("Could not register the initrd: %s\n", errstr(rc));
	image_put(image);
	lkrn_initrd_len = 0;
}

static struct startup_fn lkrn_startup_fn __startup_fn = {
	.name = "lkrn",
	.order = INIT_LATE,
	.startup = lkrn_startup,
};
