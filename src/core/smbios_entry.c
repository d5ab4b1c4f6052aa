/*
 * SMBIOS entry points: the 64-bit "_SM3_" (SMBIOS 3.x) and 32-bit "_SM_"
 * (2.x) structures that say where the structure table is.  Platforms find
 * a candidate (the BIOS by scanning F0000-FFFFF, EFI from its configuration
 * table) and this checks it and reads the table's location.
 */
#include <string.h>
#include <wireboot/smbios.h>

/* The 32-bit entry point (SMBIOS 2.x). */
struct smbios_entry32 {
	char anchor[4];
	uint8_t checksum;
	uint8_t length;
	uint8_t major, minor;
	uint16_t max_structure;
	uint8_t revision;
	uint8_t formatted[5];
	char dmi_anchor[5];
	uint8_t dmi_checksum;
	uint16_t table_len;
	uint32_t table_addr;
	uint16_t count;
	uint8_t bcd_revision;
} __packed;

/* The 64-bit entry point (SMBIOS 3.x). */
struct smbios_entry64 {
	char anchor[5];
	uint8_t checksum;
	uint8_t length;
	uint8_t major, minor, docrev;
	uint8_t revision;
	uint8_t reserved;
	uint32_t table_max;
	uint64_t table_addr;
} __packed;

/* Do the LEN bytes at DATA sum to zero? */
static bool checksum_ok(const void *data, size_t len)
{
	const uint8_t *byte = data;
	uint8_t sum = 0;

	while (len--)
		sum = (uint8_t)(sum + *byte++);
	return sum == 0;
}

bool smbios_entry64(const void *candidate, size_t avail,
		    struct smbios_location *loc)
{
	const struct smbios_entry64 *ep = candidate;

	if (!ep || avail < sizeof(*ep) || memcmp(ep->anchor, "_SM3_", 5) != 0 ||
	    ep->length < sizeof(*ep) || ep->length > avail ||
	    !checksum_ok(ep, ep->length))
		return false;
	loc->addr = ep->table_addr;
	loc->len = ep->table_max;
	loc->major = ep->major;
	loc->minor = ep->minor;
	return true;
}

bool smbios_entry32(const void *candidate, size_t avail,
		    struct smbios_location *loc)
{
	const struct smbios_entry32 *ep = candidate;

	if (!ep || avail < sizeof(*ep) || memcmp(ep->anchor, "_SM_", 4) != 0 ||
	    ep->length < sizeof(*ep) || ep->length > avail ||
	    !checksum_ok(ep, ep->length) ||
	    memcmp(ep->dmi_anchor, "_DMI_", 5) != 0)
		return false;
	loc->addr = ep->table_addr;
	loc->len = ep->table_len;
	loc->major = ep->major;
	loc->minor = ep->minor;
	return true;
}
