/*
 * Unit tests for the multiboot v1 header search and the address kludge
 * layout (src/image/multiboot_header.c).
 */
#include <string.h>
#include <wireboot/multiboot.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include "unittest.h"

static uint8_t kernel[16384];

/* A header at OFFSET with FLAGS (and kludge fields when asked). */
static void make_header(size_t offset, uint32_t flags)
{
	uint8_t *h = kernel + offset;

	memset(kernel, 0, sizeof(kernel));
	put_le32(h, MB_HEADER_MAGIC);
	put_le32(h + 4, flags);
	put_le32(h + 8, -(MB_HEADER_MAGIC + flags));
	/* Loaded at 0x100000 from file offset 0: header at 0x100000+OFFSET. */
	put_le32(h + 12, 0x100000 + (uint32_t)offset);
	put_le32(h + 16, 0x100000);
	put_le32(h + 20, 0x100000 + 0x1000);
	put_le32(h + 24, 0x100000 + 0x3000);
	put_le32(h + 28, 0x100000 + 0x40);
}

UNIT_TEST(multiboot_find_header)
{
	struct multiboot_header_info hdr;

	make_header(0x40, MB_FLAG_PAGE_ALIGN | MB_FLAG_MEMINFO);
	ok_eq(multiboot_find(kernel, sizeof(kernel), &hdr), 0);
	ok_eq(hdr.offset, 0x40);
	ok_eq(hdr.flags, MB_FLAG_PAGE_ALIGN | MB_FLAG_MEMINFO);
	/* Last 4-byte slot inside the first 8 KiB. */
	make_header(MB_SEARCH_LEN - 12, 0);
	ok_eq(multiboot_find(kernel, sizeof(kernel), &hdr), 0);
	/* Beyond 8 KiB, misaligned, or a bad checksum: not found. */
	make_header(MB_SEARCH_LEN, 0);
	ok(err_is(multiboot_find(kernel, sizeof(kernel), &hdr), ENOEXEC));
	make_header(0x42, 0);
	ok(err_is(multiboot_find(kernel, sizeof(kernel), &hdr), ENOEXEC));
	make_header(0x40, 0);
	kernel[0x48] ^= 1;
	ok(err_is(multiboot_find(kernel, sizeof(kernel), &hdr), ENOEXEC));
	/* A video mode is required but not offered. */
	make_header(0x40, MB_FLAG_VIDEO);
	ok(err_is(multiboot_find(kernel, sizeof(kernel), &hdr), ENOTSUP));
	/* Optional (high) flags are fine. */
	make_header(0x40, 0x00020000);
	ok_eq(multiboot_find(kernel, sizeof(kernel), &hdr), 0);
	/* A kludge header cut short by the end of the image. */
	make_header(0x40, MB_FLAG_KLUDGE);
	ok(err_is(multiboot_find(kernel, 0x40 + 20, &hdr), ENOEXEC));
}

UNIT_TEST(multiboot_kludge_layout)
{
	struct multiboot_header_info hdr;
	struct load_segment seg;
	uint64_t entry;

	make_header(0x40, MB_FLAG_KLUDGE);
	ok_eq(multiboot_find(kernel, sizeof(kernel), &hdr), 0);
	ok_eq(multiboot_kludge(kernel, sizeof(kernel), &hdr, &seg, &entry), 0);
	ok_eq(seg.dest, 0x100000);
	ok_eq(seg.offset, 0);
	ok_eq(seg.filesz, 0x1000);
	ok_eq(seg.memsz, 0x3000);
	ok_eq(entry, 0x100040);
	/* load_end_addr 0: to the end of the file; bss_end_addr 0: no bss. */
	put_le32(kernel + 0x40 + 20, 0);
	put_le32(kernel + 0x40 + 24, 0);
	ok_eq(multiboot_find(kernel, 0x2000, &hdr), 0);
	ok_eq(multiboot_kludge(kernel, 0x2000, &hdr, &seg, &entry), 0);
	ok_eq(seg.filesz, 0x2000);
	ok_eq(seg.memsz, 0x2000);
}

UNIT_TEST(multiboot_kludge_rejects)
{
	struct multiboot_header_info hdr;
	struct load_segment seg;
	uint64_t entry;

	/* The file is shorter than load_end_addr asks for. */
	make_header(0x40, MB_FLAG_KLUDGE);
	ok_eq(multiboot_find(kernel, 0x800, &hdr), 0);
	ok(err_is(multiboot_kludge(kernel, 0x800, &hdr, &seg, &entry),
		  ENOEXEC));
	/* header_addr below load_addr. */
	make_header(0x40, MB_FLAG_KLUDGE);
	put_le32(kernel + 0x40 + 12, 0xff000);
	ok_eq(multiboot_find(kernel, sizeof(kernel), &hdr), 0);
	ok(err_is(multiboot_kludge(kernel, sizeof(kernel), &hdr, &seg, &entry),
		  ENOEXEC));
	/* More bytes before the header in memory than in the file. */
	make_header(0x40, MB_FLAG_KLUDGE);
	put_le32(kernel + 0x40 + 12, 0x100000 + 0x80);
	ok_eq(multiboot_find(kernel, sizeof(kernel), &hdr), 0);
	ok(err_is(multiboot_kludge(kernel, sizeof(kernel), &hdr, &seg, &entry),
		  ENOEXEC));
	/* bss ending before the loaded data does. */
	make_header(0x40, MB_FLAG_KLUDGE);
	put_le32(kernel + 0x40 + 24, 0x100000 + 0x800);
	ok_eq(multiboot_find(kernel, sizeof(kernel), &hdr), 0);
	ok(err_is(multiboot_kludge(kernel, sizeof(kernel), &hdr, &seg, &entry),
		  ENOEXEC));
	/* Entry point outside the image. */
	make_header(0x40, MB_FLAG_KLUDGE);
	put_le32(kernel + 0x40 + 28, 0x200000);
	ok_eq(multiboot_find(kernel, sizeof(kernel), &hdr), 0);
	ok(err_is(multiboot_kludge(kernel, sizeof(kernel), &hdr, &seg, &entry),
		  ENOEXEC));
	/* No kludge flag: the ELF headers must be used instead. */
	make_header(0x40, 0);
	ok_eq(multiboot_find(kernel, sizeof(kernel), &hdr), 0);
	ok(err_is(multiboot_kludge(kernel, sizeof(kernel), &hdr, &seg, &entry),
		  ENOEXEC));
}
