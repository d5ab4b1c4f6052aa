/*
 * Unit tests for the ELF reader (src/image/elf_parse.c): 32- and 64-bit
 * executables built in memory, entry points through virtual addresses,
 * and every malformed or truncated case refused.
 */
#include <string.h>
#include <wireboot/elf.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include "unittest.h"

static uint8_t file[4096];

static void put64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

/* An ELF32 executable: two PT_LOAD segments and a PT_NOTE, linked at
 * virtual 0xc0100000 / physical 0x100000. */
static void make_elf32(void)
{
	uint8_t *ph;

	memset(file, 0, sizeof(file));
	memcpy(file, "\177ELF", 4);
	file[4] = 1;
	file[5] = 1;
	file[6] = 1;
	put_le16(file + 16, 2);
	put_le16(file + 18, 3);
	put_le32(file + 24, 0xc0100010);
	put_le32(file + 28, 52);
	put_le16(file + 42, 32);
	put_le16(file + 44, 3);
	ph = file + 52;
	put_le32(ph, 1);
	put_le32(ph + 4, 0x200);
	put_le32(ph + 8, 0xc0100000);
	put_le32(ph + 12, 0x100000);
	put_le32(ph + 16, 0x100);
	put_le32(ph + 20, 0x100);
	ph += 32;
	put_le32(ph, 4);
	ph += 32;
	put_le32(ph, 1);
	put_le32(ph + 4, 0x300);
	put_le32(ph + 8, 0xc0101000);
	put_le32(ph + 12, 0x101000);
	put_le32(ph + 16, 0x80);
	put_le32(ph + 20, 0x2000);
}

/* An ELF64 executable with one segment at 0x200000. */
static void make_elf64(void)
{
	uint8_t *ph;

	memset(file, 0, sizeof(file));
	memcpy(file, "\177ELF", 4);
	file[4] = 2;
	file[5] = 1;
	file[6] = 1;
	put_le16(file + 16, 2);
	put_le16(file + 18, 62);
	put64(file + 24, 0x200040);
	put64(file + 32, 64);
	put_le16(file + 54, 56);
	put_le16(file + 56, 1);
	ph = file + 64;
	put_le32(ph, 1);
	put64(ph + 8, 0x400);
	put64(ph + 16, 0x200000);
	put64(ph + 24, 0x200000);
	put64(ph + 32, 0x100);
	put64(ph + 40, 0x1000);
}

UNIT_TEST(elf_parse_32)
{
	struct elf_info info;

	make_elf32();
	ok(elf_probe(file, sizeof(file)));
	ok_eq(elf_parse(file, sizeof(file), &info), 0);
	ok_eq(info.bits, 32);
	ok_eq(info.count, 2);
	ok_eq(info.segment[0].dest, 0x100000);
	ok_eq(info.segment[0].offset, 0x200);
	ok_eq(info.segment[0].filesz, 0x100);
	ok_eq(info.segment[1].dest, 0x101000);
	ok_eq(info.segment[1].memsz, 0x2000);
	/* The entry point is virtual; the loader gets it physical. */
	ok_eq(info.entry, 0x100010);
	ok_eq(info.low, 0x100000);
	ok_eq(info.high, 0x103000);
}

UNIT_TEST(elf_parse_64)
{
	struct elf_info info;

	make_elf64();
	ok_eq(elf_parse(file, sizeof(file), &info), 0);
	ok_eq(info.bits, 64);
	ok_eq(info.count, 1);
	ok_eq(info.entry, 0x200040);
	ok_eq(info.segment[0].offset, 0x400);
	ok_eq(info.high, 0x201000);
	/* Wrong machine for the class. */
	put_le16(file + 18, 3);
	ok(err_is(elf_parse(file, sizeof(file), &info), ENOEXEC));
}

UNIT_TEST(elf_parse_rejects)
{
	struct elf_info info;
	unsigned int i;

	ok(!elf_probe("\177ELX", 4));
	make_elf32();
	/* Truncated before the program headers end. */
	ok(err_is(elf_parse(file, 52 + 64, &info), ENOEXEC));
	/* Segment data beyond the end of the file. */
	ok(err_is(elf_parse(file, 0x300, &info), ENOEXEC));
	/* filesz larger than memsz. */
	make_elf32();
	put_le32(file + 52 + 16, 0x200);
	ok(err_is(elf_parse(file, sizeof(file), &info), ENOEXEC));
	/* Entry point outside every segment. */
	make_elf32();
	put_le32(file + 24, 0x12345678);
	ok(err_is(elf_parse(file, sizeof(file), &info), ENOEXEC));
	/* Not an executable (a relocatable object). */
	make_elf32();
	put_le16(file + 16, 1);
	ok(err_is(elf_parse(file, sizeof(file), &info), ENOEXEC));
	/* Big-endian. */
	make_elf32();
	file[5] = 2;
	ok(err_is(elf_parse(file, sizeof(file), &info), ENOEXEC));
	/* No loadable segment. */
	make_elf32();
	put_le32(file + 52, 4);
	put_le32(file + 52 + 64, 4);
	ok(err_is(elf_parse(file, sizeof(file), &info), ENOEXEC));
	/* Too many program headers for the file. */
	make_elf32();
	put_le16(file + 44, 0xffff);
	ok(err_is(elf_parse(file, sizeof(file), &info), ENOEXEC));
	/* More segments than a loader keeps. */
	make_elf64();
	put_le16(file + 56, ELF_MAX_SEGMENTS + 1);
	for (i = 1; i <= ELF_MAX_SEGMENTS; i++)
		memcpy(file + 64 + i * 56, file + 64, 56);
	ok(err_is(elf_parse(file, sizeof(file), &info), E2BIG));
}
