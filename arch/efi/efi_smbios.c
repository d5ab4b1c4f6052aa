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

/* Startup hook: publish the SMBIOS identity, if the firmware has any. */
static void efi_smbios_startup(void)
{
	struct smbios_location loc;
	int rc;

	/* The firmware's table is in memory we can read whole. */
	if (!smbios_entry64(efi_config_table((EFI_GUID)SMBIOS3_TABLE_GUID),
			    SIZE_MAX, &loc) &&
	    !smbios_entry32(efi_config_table((EFI_GUID)SMBIOS_TABLE_GUID),
			    SIZE_MAX, &loc))
		return;
	rc = smbios_register_settings((const void *)(uintptr_t)loc.addr,
				      loc.len, loc.major, loc.minor);
	if (rc != 0)
		printf("SMBIOS: %s\n", errstr(rc));
}

static struct startup_fn efi_smbios_startup_fn __startup_fn = {
	.name = "smbios",
	.order = INIT_NORMAL,
	.startup = efi_smbios_startup,
};
