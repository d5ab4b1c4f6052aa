/*
 * SMBIOS (DMTF DSP0134): the platform finds the entry point and hands the
 * structure table to smbios_register_settings(), which publishes what
 * identifies the machine as the "smbios" settings block: ${uuid},
 * ${manufacturer}, ${product}, ${serial}, ${asset}, ${board-serial}, ...
 *
 * The walker trusts nothing in the table: it never reads outside the
 * LEN bytes it is given, whatever the length fields and strings say.
 */
#ifndef WIREBOOT_SMBIOS_H
#define WIREBOOT_SMBIOS_H

#include <wireboot/compiler.h>
#include <wireboot/settings.h>

/* Structure types read here. */
#define SMBIOS_TYPE_SYSTEM 1
#define SMBIOS_TYPE_BASEBOARD 2
#define SMBIOS_TYPE_CHASSIS 3
#define SMBIOS_TYPE_END 127

/* One structure of a table, as found by smbios_find(). */
struct smbios_structure {
	/* The formatted area, header included (type, length, handle). */
	const uint8_t *data;
	/* Its length (the header's length field, at least 4). */
	size_t len;
	/* The string set: NUL-terminated strings, then one more NUL. */
	const char *strings;
	/* Bytes in the string set, both final NULs included. */
	size_t strings_len;
};

/*
 * Find the INSTANCE'th (from 0) structure of TYPE in the LEN-byte TABLE.
 * The walk stops at the end-of-table structure (type 127) or at the first
 * structure that does not fit (a length field below 4 or past the end, or
 * a string set without its double NUL).  Returns 0 or ERR(ENOENT).
 */
int smbios_find(const void *table, size_t len, unsigned int type,
		unsigned int instance, struct smbios_structure *structure);

/* String number INDEX (from 1) of STRUCTURE, or NULL (0 means "none"). */
const char *smbios_string(const struct smbios_structure *structure,
			  unsigned int index);

/*
 * The string whose number is the byte at OFFSET of the formatted area, or
 * NULL if the structure is too short to have that field or names no string.
 */
const char *smbios_field_string(const struct smbios_structure *structure,
				size_t offset);

/*
 * Read the system UUID of a type 1 structure in canonical byte order (an
 * SMBIOS MAJOR.MINOR of 2.6 or later stores its first three fields
 * little-endian).  Returns 0, or ERR(ENOENT) if the structure is too short
 * or the UUID is all zeros or all ones ("not present" / "not set").
 */
int smbios_system_uuid(const struct smbios_structure *structure,
		       unsigned int major, unsigned int minor,
		       uint8_t uuid[16]);

/* Where an entry point says the structure table is. */
struct smbios_location {
	uint64_t addr;
	size_t len;
	unsigned int major, minor;
};

/*
 * Check a candidate SMBIOS 3.x ("_SM3_") or 2.x ("_SM_") entry point at
 * CANDIDATE (AVAIL bytes readable there; NULL allowed) and read where its
 * structure table is.  False if it is not a valid entry point.
 */
bool smbios_entry64(const void *candidate, size_t avail,
		    struct smbios_location *loc);
bool smbios_entry32(const void *candidate, size_t avail,
		    struct smbios_location *loc);

/*
 * Publish the identity found in TABLE (LEN bytes, SMBIOS version
 * MAJOR.MINOR) as the "smbios" block below the settings root.  Calling it
 * again replaces the values.  Returns 0 or an error from the settings code.
 */
int smbios_register_settings(const void *table, size_t len,
			     unsigned int major, unsigned int minor);

/* Remove the "smbios" block (if registered) and its values. */
void smbios_unregister_settings(void);

/* The settings the block may hold. */
extern const struct setting smbios_uuid_setting;
extern const struct setting smbios_manufacturer_setting;
extern const struct setting smbios_product_setting;
extern const struct setting smbios_system_version_setting;
extern const struct setting smbios_serial_setting;
extern const struct setting smbios_board_manufacturer_setting;
extern const struct setting smbios_board_product_setting;
extern const struct setting smbios_board_serial_setting;
extern const struct setting smbios_chassis_serial_setting;
extern const struct setting smbios_asset_setting;

#endif
