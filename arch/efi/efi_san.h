/*
 * SAN drives on EFI, shared by the three files that make up the EFI entry
 * of the san_platforms table: the block device handle (efi_block.c), the
 * boot from its file systems (efi_sanboot.c) and the firmware tables
 * through the ACPI table protocol (efi_acpi.c).
 */
#ifndef ARCH_EFI_SAN_H
#define ARCH_EFI_SAN_H

#include <wireboot/san.h>
#include <wireboot/sanboot_tables.h>
#include "efi_wireboot.h"

/* The handle with BlockIo and the device path of SANDEV, or NULL. */
EFI_HANDLE efi_block_handle(struct san_device *sandev);

/*
 * Start the loader CONFIG chooses on a file system of SAN drive DRIVE;
 * returns only when it could not be started or came back.
 */
int efi_sanboot(unsigned int drive, const struct san_boot_config *config);

/* Replace the ACPI tables installed before with TABLES (COUNT may be 0). */
int efi_acpi_install_tables(const struct san_table *tables,
			    unsigned int count);

#endif
