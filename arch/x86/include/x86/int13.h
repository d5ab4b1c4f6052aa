/*
 * INT 13h SAN drives (arch/x86/int13*.c): the drive state shared by the
 * INT 13h handler, the EDD functions, booting and the firmware tables,
 * and the pure helpers (geometry, El Torito) that the hosted unit tests
 * compile on their own.
 */
#ifndef WIREBOOT_X86_INT13_H
#define WIREBOOT_X86_INT13_H

#include <wireboot/compiler.h>
#include <wireboot/list.h>

struct san_device;
struct san_table;
struct san_boot_config;
struct bios_regs;

/* Status codes returned in AH. */
#define INT13_OK 0x00
#define INT13_INVALID 0x01
#define INT13_READ_ERROR 0x04
#define INT13_RESET_FAILED 0x05
#define INT13_WRITE_ERROR 0xcc

/* Sentinel: the function set AH itself (41h, 15h, 01h). */
#define INT13_AH_SET 0x100

/* An El Torito no-emulation boot entry. */
struct eltorito_boot {
	/* Load segment (07C0h when the catalog says 0). */
	uint16_t load_segment;
	/* Virtual 512-byte sectors to load. */
	uint16_t sector_count;
	/* Image start, in 2048-byte blocks. */
	uint32_t image_lba;
};

/* A SAN device's INT 13h drive (its sandev->platform). */
struct int13_drive {
	struct san_device *sandev;
	/* The number callers use, and where the BIOS disk it displaced went. */
	unsigned int drive;
	unsigned int natural;
	/* CHS geometry (512-byte drives). */
	unsigned int cylinders;
	unsigned int heads;
	unsigned int sectors;
	/* Status of the last call, for AH=01h. */
	uint8_t last_status;
	/* CD images: the boot catalog's default entry, when there is one. */
	bool has_boot_entry;
	struct eltorito_boot boot_entry;
};

/*
 * Heads and sectors per track from the partition table of MBR (512 bytes,
 * or NULL when it could not be read), cylinders from BLOCKS: at least 1,
 * at most 1024.
 */
void int13_geometry(const uint8_t *mbr, uint64_t blocks, unsigned int *cyls,
		    unsigned int *heads, unsigned int *sectors);

/* The catalog's block from the boot record volume descriptor (block 17). */
int eltorito_parse_brvd(const uint8_t *brvd, uint32_t *catalog);

/* The default entry of the 2048-byte boot CATALOG (no emulation only). */
int eltorito_parse_catalog(const uint8_t *catalog, struct eltorito_boot *boot);

/* EDD functions 41h-48h for DRIVE (AH in REGS); INT13_* or INT13_AH_SET. */
int int13_edd(struct int13_drive *drive, struct bios_regs *regs);

/* INT 13h AH=4Bh (El Torito status) for DRIVE. */
int int13_cdrom_status(struct int13_drive *drive, struct bios_regs *regs);

/* Read the boot catalog of a CD drive into DRIVE->boot_entry. */
void int13_find_boot_entry(struct int13_drive *drive);

/* Boot DRIVE through INT 13h (MBR, or El Torito for a CD). */
int int13_boot(unsigned int drive, const struct san_boot_config *config);

/* Replace the firmware tables in hidden base memory. */
int int13_install_tables(const struct san_table *tables, unsigned int count);

/* One INT 13h call for the boot trace (int13_trace.c), taken on entry. */
struct int13_trace {
	/* ${pxe-trace} was set: the rest is filled in. */
	bool on;
	/* The drive is ours (else the call went on to the BIOS). */
	bool ours;
	uint8_t fn;
	uint8_t drive;
	enum { INT13_TRACE_NONE, INT13_TRACE_LBA, INT13_TRACE_CHS } kind;
	uint64_t lba;
	unsigned int cyl;
	unsigned int head;
	unsigned int sector;
	uint32_t count;
};

/* Note what call REGS asks of D (NULL: a BIOS drive), if tracing. */
void int13_trace_start(struct int13_trace *trace, const struct int13_drive *d,
		       const struct bios_regs *regs);

/* Log the call with its result in REGS, if tracing. */
void int13_trace_end(const struct int13_trace *trace,
		     const struct bios_regs *regs);

#endif
