/*
 * Firmware tables (aBFT, iBFT) for the OS: placed 16-byte aligned in one
 * block of base memory taken from the top of the free base memory count
 * (40:13), so they lie below 640 KiB where both the Linux iBFT scan
 * (from 512 KiB) and WinAoE's aBFT scan (from 0) look, and the OS keeps
 * away from them.  Each install replaces the previous tables.
 */
#include <string.h>
#include <wireboot/sanboot_tables.h>
#include <wireboot/errors.h>
#include <x86/int13.h>
#include <x86/realmode.h>

#define ERR_SUBSYS ESUB_INT13

#define TABLES_AREA_SIZE 1024
#define TABLE_ALIGN 16

static uint8_t *tables_area;

int int13_install_tables(const struct san_table *tables, unsigned int count)
{
	size_t offset = 0;
	uint16_t seg;
	unsigned int i;

	if (!tables_area) {
		if (!count)
			return 0;
		tables_area = basemem_alloc(TABLES_AREA_SIZE, &seg);
		if (!tables_area)
			return ERR(ENOMEM);
	}
	memset(tables_area, 0, TABLES_AREA_SIZE);
	for (i = 0; i < count; i++) {
		offset = (offset + TABLE_ALIGN - 1) & ~(size_t)(TABLE_ALIGN - 1);
		if (tables[i].len > TABLES_AREA_SIZE - offset)
			return ERR(ENOSPC);
		memcpy(tables_area + offset, tables[i].data, tables[i].len);
		offset += tables[i].len;
	}
	return 0;
}
