/*
 * Finding ACPI tables: the RSDP by its signature in the first KiB of the
 * EBDA or in E0000-FFFFF, then the RSDT (32-bit entries) or XSDT (64-bit).
 * Only tables below 4 GiB are reachable.
 */
#include <string.h>
#include <x86/acpi.h>
#include <x86/io.h>

#define BDA_EBDA_SEG 0x40e

/* The RSDP (ACPI 1.0 part, then the 2.0 extension). */
struct acpi_rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length;
	uint64_t xsdt;
	uint8_t ext_checksum;
	uint8_t reserved[3];
} __packed;

bool acpi_checksum_ok(const void *data, size_t len)
{
	const uint8_t *bytes = data;
	uint8_t sum = 0;

	while (len--)
		sum = (uint8_t)(sum + *bytes++);
	return sum == 0;
}

/* Search [START, START + LEN) on 16-byte boundaries for a valid RSDP. */
static const struct acpi_rsdp *scan_rsdp(uint32_t start, uint32_t len)
{
	const struct acpi_rsdp *rsdp;
	uint32_t off;

	for (off = 0; off + 20 <= len; off += 16) {
		rsdp = phys_to_virt(start + off);
		if (memcmp(rsdp->signature, "RSD PTR ", 8) == 0 &&
		    acpi_checksum_ok(rsdp, 20))
			return rsdp;
	}
	return NULL;
}

const void *acpi_find_rsdp(void)
{
	uint16_t ebda = *(uint16_t *)phys_to_virt(BDA_EBDA_SEG);
	const struct acpi_rsdp *rsdp = NULL;

	if (ebda)
		rsdp = scan_rsdp((uint32_t)ebda << 4, 1024);
	if (!rsdp)
		rsdp = scan_rsdp(0xe0000, 0x20000);
	return rsdp;
}

/* The table at PHYS if it is sane and named SIGNATURE. */
static const struct acpi_header *table_at(uint64_t phys, const char *signature)
{
	const struct acpi_header *table;

	if (!phys || phys >= (1ULL << 32))
		return NULL;
	table = phys_to_virt((uint32_t)phys);
	if (memcmp(table->signature, signature, 4) != 0 ||
	    table->length < sizeof(*table) ||
	    !acpi_checksum_ok(table, table->length))
		return NULL;
	return table;
}

const struct acpi_header *acpi_find_table(const char *signature,
					  unsigned int index)
{
	const struct acpi_rsdp *rsdp = acpi_find_rsdp();
	const struct acpi_header *root, *table;
	const uint8_t *entries;
	size_t entry_size, count, i;
	uint64_t phys;

	if (!rsdp)
		return NULL;
	if ((root = table_at(rsdp->rsdt, "RSDT")) != NULL) {
		entry_size = 4;
	} else if (rsdp->revision >= 2 &&
		   (root = table_at(rsdp->xsdt, "XSDT")) != NULL) {
		entry_size = 8;
	} else {
		return NULL;
	}
	entries = (const uint8_t *)(root + 1);
	count = (root->length - sizeof(*root)) / entry_size;
	for (i = 0; i < count; i++) {
		phys = 0;
		memcpy(&phys, entries + i * entry_size, entry_size);
		table = table_at(phys, signature);
		if (table && index-- == 0)
			return table;
	}
	return NULL;
}
