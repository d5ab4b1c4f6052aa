/*
 * The Linux bzImage image type for pcbios (boot protocol 2.02 and later),
 * entered through its 16-bit setup code as a BIOS loader does:
 *
 *   0x10000          boot sector + setup code, then its heap up to +0xe000
 *   0x1e000          the command line (the image's arguments)
 *   0x100000         the 32-bit part (the kernel needs init_size from its
 *                    preferred address when relocatable)
 *   high memory      the initrds: every other loaded image never run, in
 *                    list order, each 4-byte aligned, one after the other
 *                    as high as initrd_addr_max and "mem=" allow; one
 *                    whose arguments name a path is put at that path by
 *                    cpio headers (<wireboot/cpio.h>)
 *
 * The kernel reads the memory map from the BIOS itself.  "vga=" sets the
 * video mode field; without it the kernel's own default (normally the
 * current text mode) stands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/bzimage.h>
#include <wireboot/byteorder.h>
#include <wireboot/cpio.h>
#include <wireboot/errors.h>
#include <wireboot/image.h>
#include <wireboot/init.h>
#include <x86/io.h>
#include <x86/loadmem.h>
#include <x86/realmode.h>

#define ERR_SUBSYS ESUB_IMAGE

#define SETUP_SEG 0x1000
#define SETUP_PHYS (SETUP_SEG * 16)
/* Offset of the end of the setup heap (and of the command line). */
#define SETUP_HEAP_END 0xe000
#define SETUP_SPAN 0x10000
#define KERNEL_PHYS 0x100000
#define BDA_FBMS 0x413
#define INITRD_ALIGN 4
#define ALIGN_INITRD(x) (((x) + INITRD_ALIGN - 1) & ~(size_t)(INITRD_ALIGN - 1))
#define TYPE_OF_LOADER_UNKNOWN 0xff

/* Where the initrds go, one after the other. */
struct initrd_block {
	size_t len;
	uint64_t dest;
};

static int bzimage_probe_type(struct image *image)
{
	return bzimage_probe(image->data, image->len) ? 0 : ERR(ENOEXEC);
}

/* Say why IMAGE cannot be booted (RC from bzimage_parse()). */
static void explain_parse_error(struct image *image, int rc)
{
	if (err_is(rc, ENOTSUP))
		printf("%s: boot protocol before 2.02 or not a bzImage\n",
		       image->name);
	else
		printf("%s: bzImage truncated or corrupt\n", image->name);
}

/* End of the memory the kernel may use while it unpacks itself. */
static uint64_t kernel_reserve_end(const struct bzimage_info *info)
{
	uint64_t base = KERNEL_PHYS;

	if (info->relocatable && info->pref_address > base)
		base = info->pref_address;
	return base + info->init_size;
}

/*
 * Size KERNEL's initrds and choose their place: clear of the kernel's
 * unpacking area and of every initrd's current bytes, so that after
 * shutdown they can be copied there one by one.
 */
static int plan_initrds(struct image *kernel, const struct bzimage_info *info,
			struct initrd_block *block)
{
	uint64_t limit = (uint64_t)info->initrd_addr_max + 1;
	uint64_t mem = bzimage_mem_limit(kernel->cmdline);
	struct load_range *avoid;
	unsigned int count = 1;
	struct image *image;
	int rc;

	memset(block, 0, sizeof(*block));
	for_each_image(image) {
		if (!image_is_extra(image, kernel))
			continue;
		block->len = ALIGN_INITRD(block->len) + cpio_wrap_len(image) +
			     image->len;
		count++;
	}
	if (!block->len)
		return 0;
	if (mem && mem < limit)
		limit = mem;
	avoid = malloc(count * sizeof(*avoid));
	if (!avoid)
		return ERR(ENOMEM);
	avoid[0].start = KERNEL_PHYS;
	avoid[0].end = kernel_reserve_end(info);
	count = 1;
	for_each_image(image) {
		if (!image_is_extra(image, kernel))
			continue;
		avoid[count].start = virt_to_phys(image->data);
		avoid[count++].end = virt_to_phys(image->data) + image->len;
	}
	rc = loadmem_find_top(block->len, limit, avoid, count,
			      loadmem_resident(), &block->dest);
	free(avoid);
	if (rc != 0)
		printf("No room for %zu bytes of initrd below %#llx\n",
		       block->len, (unsigned long long)limit);
	return rc;
}

/* Copy KERNEL's initrds (with any cpio headers) to BLOCK->dest. */
static void load_initrds(struct image *kernel, const struct initrd_block *block)
{
	uint8_t *to = phys_to_virt((physaddr_t)block->dest);
	struct image *image;
	size_t offset = 0;

	for_each_image(image) {
		if (!image_is_extra(image, kernel))
			continue;
		memset(to + offset, 0, ALIGN_INITRD(offset) - offset);
		offset = ALIGN_INITRD(offset);
		cpio_wrap_write(image, to + offset);
		offset += cpio_wrap_len(image);
		memcpy(to + offset, image->data, image->len);
		offset += image->len;
	}
}

/* Copy IMAGE's setup code and command line low and fill in its header. */
static void place_setup(struct image *image, const struct bzimage_info *info,
			const char *cmdline, const struct initrd_block *block)
{
	uint8_t *setup = phys_to_virt(SETUP_PHYS);

	memcpy(setup, image->data, info->setup_len);
	setup[BZI_TYPE_OF_LOADER] = TYPE_OF_LOADER_UNKNOWN;
	setup[BZI_LOADFLAGS] |= BZI_CAN_USE_HEAP;
	put_le16(setup + BZI_HEAP_END_PTR, SETUP_HEAP_END - 0x200);
	put_le16(setup + BZI_VID_MODE,
		 bzimage_vga_mode(cmdline, info->vid_mode));
	put_le32(setup + BZI_CODE32_START, KERNEL_PHYS);
	put_le32(setup + BZI_CMD_LINE_PTR, SETUP_PHYS + SETUP_HEAP_END);
	put_le32(setup + BZI_RAMDISK_IMAGE, (uint32_t)block->dest);
	put_le32(setup + BZI_RAMDISK_SIZE, (uint32_t)block->len);
	strcpy((char *)setup + SETUP_HEAP_END, cmdline);
}

static int bzimage_exec(struct image *image)
{
	struct bzimage_info info;
	struct initrd_block block;
	const char *cmdline = image->cmdline ? image->cmdline : "";
	uint32_t fbms = *(uint16_t *)phys_to_virt(BDA_FBMS) * 1024U;
	struct bios_regs regs = { 0 };
	int rc;

	if ((rc = bzimage_parse(image->data, image->len, &info)) != 0) {
		explain_parse_error(image, rc);
		return rc;
	}
	if (strlen(cmdline) > info.cmdline_size ||
	    strlen(cmdline) >= SETUP_SPAN - SETUP_HEAP_END) {
		printf("%s: command line longer than %u bytes\n", image->name,
		       info.cmdline_size);
		return ERR(E2BIG);
	}
	if (info.setup_len > SETUP_HEAP_END - 0x1000 ||
	    SETUP_PHYS + SETUP_SPAN > fbms) {
		printf("%s: no room for the setup code in base memory\n",
		       image->name);
		return ERR(ENOSPC);
	}
	if ((rc = loadmem_check(KERNEL_PHYS, KERNEL_PHYS + info.pm_len)) != 0)
		return rc;
	if ((rc = plan_initrds(image, &info, &block)) != 0)
		return rc;

	place_setup(image, &info, cmdline, &block);
	loadmem_copy(KERNEL_PHYS, (uint8_t *)image->data + info.setup_len,
		     info.pm_len, info.pm_len);
	shutdown(SHUTDOWN_BOOT);
	/* Only now may the initrds land on the (dead) heap. */
	load_initrds(image, &block);
	regs.cs = rm_seg();
	regs.ip = (uint16_t)(uintptr_t)boot_enter_setup;
	regs.ax = SETUP_SEG;
	regs.bx = SETUP_HEAP_END;
	realmode_call(&regs);
	/* The kernel never returns here. */
	for (;;)
		__asm__ volatile("cli; hlt");
}

static struct image_type bzimage_image_type __image_type = {
	.name = "bzImage",
	.order = 20,
	.probe = bzimage_probe_type,
	.exec = bzimage_exec,
};
