/*
 * Firmware tables that describe SAN devices to the operating system: the
 * aBFT for AoE, the iBFT for iSCSI (a later session).  A protocol does not
 * build tables itself; its block device answers block_describe() with a
 * san_descriptor naming a table model, and san_describe() gathers the
 * descriptors of every registered SAN drive (not --no-describe), asks each
 * model to build its table from the descriptors that name it, and hands
 * the finished tables to the platform to install (pcbios: hidden base
 * memory below 640 KiB, 16-byte aligned; EFI: the ACPI table protocol).
 *
 * Adding the iBFT: embed a san_descriptor (model = &ibft_model) in the
 * iSCSI session with whatever the table needs next to it, answer
 * block_describe() with it, and register ibft_model with __san_table_model
 * whose build() walks the list and container_of()s each descriptor.
 */
#ifndef WIREBOOT_SANBOOT_TABLES_H
#define WIREBOOT_SANBOOT_TABLES_H

#include <wireboot/list.h>
#include <wireboot/tables.h>

struct san_table_model;

/* What INT 13h AH=48h reports as the device path (EDD 3.0). */
struct block_edd {
	/* Interface type, space-padded: "ATA     " (AoE), "SCSI    " (iSCSI). */
	char interface_type[8];
	/* Device path (ATA: byte 0 = 0 master / 1 slave; SCSI: id, LUN). */
	uint8_t device_path[16];
	/* PCI address of the NIC (bus << 8 | dev << 3 | fn), or -1. */
	int busdevfn;
};

/* How one SAN device appears in a firmware table; embedded in the device. */
struct san_descriptor {
	const struct san_table_model *model;
	/* Used by san_describe() while gathering (in drive order). */
	struct list_head list;
	/* Its EDD device path (pcbios INT 13h AH=48h). */
	struct block_edd edd;
};

/* One kind of firmware table. */
struct san_table_model {
	/* Signature, e.g. "aBFT". */
	const char *name;
	/*
	 * Build the table for DESCS (a non-empty list of descriptors of this
	 * model, first = boot drive) into BUF of LEN bytes, checksum
	 * included.  Returns the table's length or a negative error.
	 */
	int (*build)(struct list_head *descs, void *buf, size_t len);
};
DECLARE_TABLE(san_table_models, const struct san_table_model);
#define __san_table_model \
	__table_entry(san_table_models, const struct san_table_model)

/* A built table, handed to the platform. */
struct san_table {
	const struct san_table_model *model;
	const void *data;
	size_t len;
};

/* Most bytes one table may take. */
#define SAN_TABLE_MAX 1024

/* The ACPI-style header every table starts with (36 bytes). */
struct san_acpi_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	char creator_id[4];
	uint32_t creator_revision;
} __packed;

/*
 * Finish the LEN-byte TABLE (its body filled in): write its header for
 * SIGNATURE and REVISION with wireboot's OEM identity, and the checksum
 * that makes all its bytes sum to 0.
 */
void san_acpi_finish(void *table, const char *signature, size_t len,
		     uint8_t revision);

#endif
