/*
 * El Torito (bootable CD) structures: the boot record volume descriptor
 * at block 17 points to the boot catalog, whose validation entry (header
 * 01h, platform x86, checksum, 55 AAh) is followed by the default entry
 * (bootable 88h, no emulation, load segment, sector count, image block).
 */
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include "include/x86/int13.h"

#define ERR_SUBSYS ESUB_INT13

#define ELTORITO_ID "EL TORITO SPECIFICATION"
#define ELTORITO_DEFAULT_SEGMENT 0x07c0

int eltorito_parse_brvd(const uint8_t *brvd, uint32_t *catalog)
{
	static const uint8_t system_id[32] = ELTORITO_ID;

	if (brvd[0] != 0 || memcmp(brvd + 1, "CD001", 5) != 0 ||
	    brvd[6] != 1 || memcmp(brvd + 7, system_id, 32) != 0)
		return ERR(ENOEXEC);
	*catalog = get_le32(brvd + 0x47);
	return 0;
}

int eltorito_parse_catalog(const uint8_t *catalog, struct eltorito_boot *boot)
{
	const uint8_t *entry = catalog + 32;
	uint16_t sum = 0;
	unsigned int i;

	if (catalog[0] != 0x01 || catalog[1] != 0x00 ||
	    catalog[0x1e] != 0x55 || catalog[0x1f] != 0xaa)
		return ERR(ENOEXEC);
	for (i = 0; i < 32; i += 2)
		sum = (uint16_t)(sum + get_le16(catalog + i));
	if (sum != 0)
		return ERR(ENOEXEC);
	if (entry[0] != 0x88)
		return ERR(ENOEXEC);
	/* Only no-emulation images: floppy and disk emulation are not done. */
	if ((entry[1] & 0x0f) != 0)
		return ERR(ENOTSUP);
	boot->load_segment = get_le16(entry + 2);
	if (boot->load_segment == 0)
		boot->load_segment = ELTORITO_DEFAULT_SEGMENT;
	boot->sector_count = get_le16(entry + 6);
	boot->image_lba = get_le32(entry + 8);
	if (boot->sector_count == 0)
		return ERR(ENOEXEC);
	return 0;
}
