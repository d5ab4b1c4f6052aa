/*
 * Firmware tables for SAN drives (iBFT, aBFT) on EFI: handed to the
 * firmware's EFI_ACPI_TABLE_PROTOCOL, which copies each into ACPI memory
 * and lists it in the RSDT/XSDT, where the OS finds it
 * (/sys/firmware/acpi/tables/iBFT on Linux, whose iscsi_ibft looks there
 * on EFI machines rather than scanning base memory).  Each install first
 * takes out the tables installed before, so the set always matches the
 * registered drives; leaving wireboot unregisters them and so removes them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <wireboot/errors.h>
#include "efi_san.h"

#define ERR_SUBSYS ESUB_EFI

#define EFI_ACPI_TABLE_PROTOCOL_GUID \
	{ 0xffe06bdd, 0x6107, 0x46a6, \
	  { 0x7b, 0xb2, 0x5a, 0x9c, 0x7e, 0xc5, 0x27, 0x5c } }

/* The ACPI table protocol (gnu-efi has no definition of it). */
struct efi_acpi_table_protocol {
	EFI_STATUS (EFIAPI *InstallAcpiTable)(
		struct efi_acpi_table_protocol *this, VOID *table,
		UINTN size, UINTN *key);
	EFI_STATUS (EFIAPI *UninstallAcpiTable)(
		struct efi_acpi_table_protocol *this, UINTN key);
};

static EFI_GUID acpi_table_guid = EFI_ACPI_TABLE_PROTOCOL_GUID;

/* Keys of the tables we installed last time. */
static UINTN *installed_keys;
static unsigned int installed_count;

/* Take out the tables installed last time. */
static void efi_acpi_uninstall(struct efi_acpi_table_protocol *acpi)
{
	unsigned int i;

	for (i = 0; i < installed_count; i++)
		acpi->UninstallAcpiTable(acpi, installed_keys[i]);
	free(installed_keys);
	installed_keys = NULL;
	installed_count = 0;
}

int efi_acpi_install_tables(const struct san_table *tables,
			    unsigned int count)
{
	struct efi_acpi_table_protocol *acpi;
	EFI_STATUS status;
	UINTN *keys;
	unsigned int i;

	if (efi_boot_services_gone || (!count && !installed_count))
		return 0;
	status = efi_bs->LocateProtocol(&acpi_table_guid, NULL,
					(void **)&acpi);
	if (status != EFI_SUCCESS) {
		printf("EFI: no ACPI table protocol for the SAN tables\n");
		return ERR(ENOTSUP);
	}
	efi_acpi_uninstall(acpi);
	if (!count)
		return 0;
	keys = calloc(count, sizeof(*keys));
	if (!keys)
		return ERR(ENOMEM);
	installed_keys = keys;
	for (i = 0; i < count; i++) {
		status = acpi->InstallAcpiTable(acpi, (VOID *)tables[i].data,
						tables[i].len, &keys[i]);
		if (status != EFI_SUCCESS) {
			printf("EFI: cannot install the %s: %s\n",
			       tables[i].model->name,
			       errstr(efi_error(status)));
			efi_acpi_uninstall(acpi);
			return efi_error(status);
		}
		installed_count = i + 1;
	}
	return 0;
}
