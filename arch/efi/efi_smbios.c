/*
 * SMBIOS on EFI: the firmware lists the entry point in its configuration
 * table, under the SMBIOS 3.x GUID (64-bit "_SM3_" entry point) and/or the
 * SMBIOS 2.x GUID ("_SM_" entry point); the newer is preferred.  The
 * structure table it names goes to the core's parser as the "smbios"
 * settings (${uuid}, ${serial}, ...).
 */
#include <stdio.h>
#include <string.h>
#include <wireboot/init.h>
#include <wireboot/errors.h>
#include <wireboot/smbios.h>
#include "efi_wireboot.h"

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

/* Where the structure table is. */
struct smbios_location {
	uintptr_t addr;
	size_t len;
	unsigned int major, minor;
};

/* Do the LEN bytes at DATA sum to zero? */
static bool checksum_ok(const void *data, size_t len)
{
	const uint8_t *byte = data;
	uint8_t sum = 0;

	while (len--)
		sum = (uint8_t)(sum + *byte++);
	return sum == 0;
}

/* The configuration table entry for GUID, or NULL. */
static const void *efi_config_table(EFI_GUID guid)
{
	UINTN i;

	for (i = 0; i < efi_systab->NumberOfTableEntries; i++) {
		if (memcmp(&efi_systab->ConfigurationTable[i].VendorGuid, &guid,
			   sizeof(guid)) == 0)
			return efi_systab->ConfigurationTable[i].VendorTable;
	}
	return NULL;
}

static bool read_entry64(const struct smbios_entry64 *ep,
			 struct smbios_location *loc)
{
	if (!ep || memcmp(ep->anchor, "_SM3_", 5) != 0 ||
	    ep->length < sizeof(*ep) || !checksum_ok(ep, ep->length))
		return false;
	loc->addr = (uintptr_t)ep->table_addr;
	loc->len = ep->table_max;
	loc->major = ep->major;
	loc->minor = ep->minor;
	return true;
}

static bool read_entry32(const struct smbios_entry32 *ep,
			 struct smbios_location *loc)
{
	if (!ep || memcmp(ep->anchor, "_SM_", 4) != 0 ||
	    ep->length < sizeof(*ep) || !checksum_ok(ep, ep->length) ||
	    memcmp(ep->dmi_anchor, "_DMI_", 5) != 0)
		return false;
	loc->addr = ep->table_addr;
	loc->len = ep->table_len;
	loc->major = ep->major;
	loc->minor = ep->minor;
	return true;
}

/* Startup hook: publish the SMBIOS identity, if the firmware has any. */
static void efi_smbios_startup(void)
{
	struct smbios_location loc;
	int rc;

	if (!read_entry64(efi_config_table((EFI_GUID)SMBIOS3_TABLE_GUID), &loc) &&
	    !read_entry32(efi_config_table((EFI_GUID)SMBIOS_TABLE_GUID), &loc))
		return;
	rc = smbios_register_settings((const void *)loc.addr, loc.len,
				      loc.major, loc.minor);
	if (rc != 0)
		printf("SMBIOS: %s\n", errstr(rc));
}

static struct startup_fn efi_smbios_startup_fn __startup_fn = {
	.name = "smbios",
	.order = INIT_NORMAL,
	.startup = efi_smbios_startup,
};
