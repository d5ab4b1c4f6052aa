/* Finding ACPI tables left in memory by the BIOS (RSDP, RSDT/XSDT, FADT). */
#ifndef WIREBOOT_X86_ACPI_H
#define WIREBOOT_X86_ACPI_H

#include <wireboot/compiler.h>

/* The header every ACPI table (but the RSDP) starts with. */
struct acpi_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __packed;

/* Does LEN bytes at DATA sum to zero modulo 256? */
bool acpi_checksum_ok(const void *data, size_t len);

/* The RSDP, searched for in the EBDA and E0000-FFFFF; NULL if none. */
const void *acpi_find_rsdp(void);

/* The INDEX'th (from 0) table with SIGNATURE ("FACP", "APIC", ...), or NULL. */
const struct acpi_header *acpi_find_table(const char *signature,
					  unsigned int index);

#endif
