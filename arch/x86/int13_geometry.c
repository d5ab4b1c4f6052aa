/*
 * CHS geometry for INT 13h drives: heads and sectors per track from the
 * ends of the MBR's partitions (what the partitioning tool used), else
 * 255 x 63; cylinders from the capacity, at least 1 (a disk smaller than
 * one cylinder must still be readable by CHS) and at most 1024.
 */
#include "include/x86/int13.h"

#define MBR_SIGNATURE_OFFSET 0x1fe
#define MBR_PARTITIONS 0x1be
#define MBR_ENTRY_SIZE 16
#define DEFAULT_HEADS 255
#define DEFAULT_SECTORS 63
#define MAX_CYLINDERS 1024

void int13_geometry(const uint8_t *mbr, uint64_t blocks, unsigned int *cyls,
		    unsigned int *heads, unsigned int *sectors)
{
	unsigned int h = 0, s = 0;
	const uint8_t *entry;
	uint64_t c;
	unsigned int i;

	if (mbr && mbr[MBR_SIGNATURE_OFFSET] == 0x55 &&
	    mbr[MBR_SIGNATURE_OFFSET + 1] == 0xaa) {
		for (i = 0; i < 4; i++) {
			entry = mbr + MBR_PARTITIONS + i * MBR_ENTRY_SIZE;
			if (entry[4] == 0)
				continue;
			if ((unsigned int)entry[5] + 1 > h)
				h = entry[5] + 1U;
			if ((entry[6] & 0x3fU) > s)
				s = entry[6] & 0x3fU;
		}
	}
	if (h == 0 || s == 0) {
		h = DEFAULT_HEADS;
		s = DEFAULT_SECTORS;
	}
	if (h > 255)
		h = 255;
	c = blocks / (h * s);
	if (c > MAX_CYLINDERS)
		c = MAX_CYLINDERS;
	if (c == 0)
		c = 1;
	*cyls = (unsigned int)c;
	*heads = h;
	*sectors = s;
}
