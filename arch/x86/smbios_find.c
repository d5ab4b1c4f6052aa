/*
 * Finding the SMBIOS tables a PC BIOS provides: an entry point ("_SM3_"
 * for 64-bit, "_SM_" for 32-bit) on a 16-byte boundary in F0000-FFFFF
 * gives the structure table's address, length and version, which go to
 * the core's parser as the "smbios" settings (${uuid}, ${serial}, ...).
 */
#include <stdio.h>
#include <string.h>
#include <wireboot/init.h>
#include <wireboot/errors.h>
#include <wireboot/smbios.h>
#include <x86/acpi.h>
#include <x86/io.h>

#define SMBIOS_AREA 0xf0000
#define SMBIOS_AREA_LEN 0x10000

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

/* Where the table is; false if no valid entry point was found. */
struct smbios_location {
	uint32_t addr;
	uint32_t len;
	unsigned int major, minor;
};

static bool find_entry64(struct smbios_location *loc)
{
	const struct smbios_entry64 *ep;
	uint32_t off;

	for (off = 0; off + sizeof(*ep) <= SMBIOS_AREA_LEN; off += 16) {
		ep = phys_to_virt(SMBIOS_AREA + off);
		if (memcmp(ep->anchor, "_SM3_", 5) != 0 ||
		    ep->length < sizeof(*ep) ||
		    !acpi_checksum_ok(ep, ep->length) ||
		    ep->table_addr >= (1ULL << 32))
			continue;
		loc->addr = (uint32_t)ep->table_addr;
		loc->len = ep->table_max;
		loc->major = ep->major;
		loc->minor = ep->minor;
		return true;
	}
	return false;
}

static bool find_entry32(struct smbios_location *loc)
{
	const struct smbios_entry32 *ep;
	uint32_t off;

	for (off = 0; off + sizeof(*ep) <= SMBIOS_AREA_LEN; off += 16) {
		ep = phys_to_virt(SMBIOS_AREA + off);
		if (memcmp(ep->anchor, "_SM_", 4) != 0 ||
		    ep->length < sizeof(*ep) ||
		    !acpi_checksum_ok(ep, ep->length) ||
		    memcmp(ep->dmi_anchor, "_DMI_", 5) != 0)
			continue;
		loc->addr = ep->table_addr;
		loc->len = ep->table_len;
		loc->major = ep->major;
		loc->minor = ep->minor;
		return true;
	}
	return false;
}

/* Startup hook: publish the SMBIOS identity, if the BIOS has any. */
static void smbios_startup(void)
{
	struct smbios_location loc;
	int rc;

	if (!find_entry64(&loc) && !find_entry32(&loc))
		return;
	rc = smbios_register_settings(phys_to_virt(loc.addr), loc.len,
				      loc.major, loc.minor);
	if (rc != 0)
		printf("SMBIOS: %s\n", errstr(rc));
}

static struct startup_fn smbios_startup_fn __startup_fn = {
	.name = "smbios",
	.order = INIT_NORMAL,
	.startup = smbios_startup,
};
