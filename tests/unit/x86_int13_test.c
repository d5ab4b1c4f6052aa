/*
 * The pure parts of the INT 13h drives (arch/x86/int13_geometry.c and
 * int13_eltorito.c make no BIOS calls, so they are compiled into the
 * hosted tests here): CHS geometry from the MBR, including disks smaller
 * than one 255 x 63 cylinder, and El Torito boot catalogs.
 */
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include "unittest.h"
#include "../../arch/x86/int13_geometry.c"
#include "../../arch/x86/int13_eltorito.c"

/* An MBR with one partition ending at head END_HEAD, sector END_SECTOR. */
static void make_mbr(uint8_t *mbr, uint8_t end_head, uint8_t end_sector)
{
	memset(mbr, 0, 512);
	mbr[0x1be + 4] = 0x83;
	mbr[0x1be + 5] = end_head;
	mbr[0x1be + 6] = end_sector;
	mbr[510] = 0x55;
	mbr[511] = 0xaa;
}

UNIT_TEST(x86_int13_geometry_from_partitions)
{
	unsigned int c, h, s;
	uint8_t mbr[512];

	make_mbr(mbr, 15, 32 | 0xc0);
	int13_geometry(mbr, 16384, &c, &h, &s);
	ok_eq(h, 16);
	ok_eq(s, 32);
	ok_eq(c, 32);
	/* No signature: the partition table is not believed. */
	mbr[511] = 0;
	int13_geometry(mbr, 16384, &c, &h, &s);
	ok_eq(h, 255);
	ok_eq(s, 63);
}

UNIT_TEST(x86_int13_geometry_small_and_large)
{
	unsigned int c, h, s;

	/* Smaller than one cylinder: still one cylinder, so CHS reads work. */
	int13_geometry(NULL, 2048, &c, &h, &s);
	ok_eq(c, 1);
	ok_eq(h, 255);
	ok_eq(s, 63);
	int13_geometry(NULL, 1ULL << 32, &c, &h, &s);
	ok_eq(c, 1024);
	int13_geometry(NULL, 255 * 63 * 10 + 5, &c, &h, &s);
	ok_eq(c, 10);
}

/* A boot record volume descriptor pointing at catalog block 20. */
static void make_brvd(uint8_t *brvd)
{
	memset(brvd, 0, 2048);
	memcpy(brvd + 1, "CD001", 5);
	brvd[6] = 1;
	memcpy(brvd + 7, "EL TORITO SPECIFICATION", 23);
	put_le32(brvd + 0x47, 20);
}

/* A catalog whose default entry loads 4 sectors from block 30. */
static void make_catalog(uint8_t *cat, uint8_t media, uint16_t segment)
{
	uint16_t sum = 0;
	unsigned int i;

	memset(cat, 0, 2048);
	cat[0] = 0x01;
	cat[0x1e] = 0x55;
	cat[0x1f] = 0xaa;
	for (i = 0; i < 32; i += 2)
		sum = (uint16_t)(sum + get_le16(cat + i));
	put_le16(cat + 0x1c, (uint16_t)-sum);
	cat[32] = 0x88;
	cat[33] = media;
	put_le16(cat + 34, segment);
	put_le16(cat + 38, 4);
	put_le32(cat + 40, 30);
}

UNIT_TEST(x86_int13_eltorito)
{
	struct eltorito_boot boot;
	uint8_t block[2048];
	uint32_t catalog = 0;

	make_brvd(block);
	ok_eq(eltorito_parse_brvd(block, &catalog), 0);
	ok_eq(catalog, 20);
	block[6] = 2;
	ok(eltorito_parse_brvd(block, &catalog) < 0);

	make_catalog(block, 0, 0);
	ok_eq(eltorito_parse_catalog(block, &boot), 0);
	ok_eq(boot.load_segment, 0x07c0);
	ok_eq(boot.sector_count, 4);
	ok_eq(boot.image_lba, 30);
	make_catalog(block, 0, 0x2000);
	ok_eq(eltorito_parse_catalog(block, &boot), 0);
	ok_eq(boot.load_segment, 0x2000);
	/* Bad checksum, not bootable, floppy emulation. */
	make_catalog(block, 0, 0);
	block[0x1c] ^= 1;
	ok(eltorito_parse_catalog(block, &boot) < 0);
	make_catalog(block, 0, 0);
	block[32] = 0;
	ok(eltorito_parse_catalog(block, &boot) < 0);
	make_catalog(block, 2, 0);
	ok(err_is(eltorito_parse_catalog(block, &boot), ENOTSUP));
}
