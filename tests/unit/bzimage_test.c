/*
 * Unit tests for the bzImage setup header reader and the "vga=" / "mem="
 * options (src/image/bzimage_header.c), on synthetic headers.
 */
#include <string.h>
#include <wireboot/bzimage.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include "unittest.h"

#define SETUP_SECTS 3
#define PM_LEN 4096

static uint8_t kernel[(SETUP_SECTS + 1) * 512 + PM_LEN];

/* A protocol VERSION bzImage header with a PM_LEN-byte 32-bit part. */
static void make_kernel(uint16_t version)
{
	memset(kernel, 0, sizeof(kernel));
	kernel[BZI_SETUP_SECTS] = SETUP_SECTS;
	put_le32(kernel + BZI_SYSSIZE, PM_LEN / 16);
	put_le16(kernel + BZI_VID_MODE, BZI_VGA_NORMAL);
	put_le16(kernel + 0x1fe, 0xaa55);
	memcpy(kernel + BZI_HEADER, "HdrS", 4);
	put_le16(kernel + BZI_VERSION, version);
	kernel[BZI_LOADFLAGS] = BZI_LOADED_HIGH;
	put_le32(kernel + BZI_INITRD_ADDR_MAX, 0x7fffffff);
	kernel[BZI_RELOCATABLE] = 1;
	put_le32(kernel + BZI_CMDLINE_SIZE, 2047);
	put_le32(kernel + BZI_PREF_ADDRESS, 0x1000000);
	put_le32(kernel + BZI_INIT_SIZE, 0x3f98000);
}

UNIT_TEST(bzimage_parse_modern)
{
	struct bzimage_info info;

	make_kernel(0x20f);
	ok(bzimage_probe(kernel, sizeof(kernel)));
	ok_eq(bzimage_parse(kernel, sizeof(kernel), &info), 0);
	ok_eq(info.version, 0x20f);
	ok_eq(info.setup_len, (SETUP_SECTS + 1) * 512);
	ok_eq(info.pm_len, PM_LEN);
	ok_eq(info.initrd_addr_max, 0x7fffffff);
	ok_eq(info.cmdline_size, 2047);
	ok(info.relocatable);
	ok_eq(info.pref_address, 0x1000000);
	ok_eq(info.init_size, 0x3f98000);
	ok_eq(info.vid_mode, BZI_VGA_NORMAL);
}

UNIT_TEST(bzimage_parse_old_protocols)
{
	struct bzimage_info info;

	/* 2.02: fixed initrd limit and command line size; no init_size. */
	make_kernel(0x202);
	ok_eq(bzimage_parse(kernel, sizeof(kernel), &info), 0);
	ok_eq(info.initrd_addr_max, 0x37ffffff);
	ok_eq(info.cmdline_size, 255);
	ok(!info.relocatable);
	ok_eq(info.init_size, PM_LEN);
	/* setup_sects 0 means 4. */
	kernel[BZI_SETUP_SECTS] = 0;
	ok_eq(bzimage_parse(kernel, sizeof(kernel), &info), 0);
	ok_eq(info.setup_len, 5 * 512);
	/* 2.01 and zImages are refused as unsupported. */
	make_kernel(0x201);
	ok(err_is(bzimage_parse(kernel, sizeof(kernel), &info), ENOTSUP));
	make_kernel(0x20f);
	kernel[BZI_LOADFLAGS] = 0;
	ok(err_is(bzimage_parse(kernel, sizeof(kernel), &info), ENOTSUP));
}

UNIT_TEST(bzimage_parse_rejects)
{
	struct bzimage_info info;

	make_kernel(0x20f);
	/* Truncated: the 32-bit part is shorter than syssize says. */
	ok(err_is(bzimage_parse(kernel, sizeof(kernel) - 1, &info), ENOEXEC));
	/* Nothing after the setup code. */
	ok(err_is(bzimage_parse(kernel, (SETUP_SECTS + 1) * 512, &info),
		  ENOEXEC));
	/* Too short for a header at all. */
	ok(!bzimage_probe(kernel, 0x200));
	ok(err_is(bzimage_parse(kernel, 0x200, &info), ENOEXEC));
	/* No "HdrS" or boot flag. */
	kernel[BZI_HEADER] = 'X';
	ok(!bzimage_probe(kernel, sizeof(kernel)));
	make_kernel(0x20f);
	kernel[0x1fe] = 0;
	ok(!bzimage_probe(kernel, sizeof(kernel)));
}

UNIT_TEST(bzimage_vga_option)
{
	ok_eq(bzimage_vga_mode(NULL, 0x1234), 0x1234);
	ok_eq(bzimage_vga_mode("console=ttyS0", 0x1234), 0x1234);
	ok_eq(bzimage_vga_mode("vga=normal", 0), BZI_VGA_NORMAL);
	ok_eq(bzimage_vga_mode("quiet vga=ext x", 0), BZI_VGA_EXTENDED);
	ok_eq(bzimage_vga_mode("vga=ask", 0), BZI_VGA_ASK);
	ok_eq(bzimage_vga_mode("vga=788", 0), 788);
	ok_eq(bzimage_vga_mode("vga=0x318 vga=791", 0), 791);
	/* Only whole words count; junk leaves the default. */
	ok_eq(bzimage_vga_mode("xvga=788", 7), 7);
	ok_eq(bzimage_vga_mode("vga=788x", 7), 7);
	ok_eq(bzimage_vga_mode("vga=normalx", 7), 7);
	ok_eq(bzimage_vga_mode("vga=70000", 7), 7);
}

UNIT_TEST(bzimage_mem_option)
{
	ok_eq(bzimage_mem_limit(NULL), 0);
	ok_eq(bzimage_mem_limit("quiet"), 0);
	ok_eq(bzimage_mem_limit("mem=512M"), 512ULL << 20);
	ok_eq(bzimage_mem_limit("a mem=2G b"), 2ULL << 30);
	ok_eq(bzimage_mem_limit("mem=64k"), 64ULL << 10);
	ok_eq(bzimage_mem_limit("mem=0x100000"), 0x100000);
	ok_eq(bzimage_mem_limit("nomem=1G"), 0);
	ok_eq(bzimage_mem_limit("mem=x"), 0);
}
