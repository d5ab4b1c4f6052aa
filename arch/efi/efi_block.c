/*
 * SAN drives as EFI block devices.  Hooking a SAN device installs a new
 * handle with EFI_BLOCK_IO_PROTOCOL over san_read() / san_write() and the
 * device path VenHw(<wireboot SAN GUID>, <drive number byte>)/End, then
 * connects the firmware's drivers to it recursively: disk I/O, partitions
 * and file systems appear as child handles, where efi_sanboot.c looks for
 * the loader and where a loader started later (GRUB) finds the disk.
 *
 * A read or write from the firmware runs wireboot's main loop until the
 * SAN layer is done, at TPL_CALLBACK (raised from TPL_APPLICATION when a
 * loader calls in), so no firmware timer callback polls a NIC we share;
 * a call from above TPL_CALLBACK, where the NIC cannot be driven, fails.
 *
 * This file holds the EFI entry of the san_platforms table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <wireboot/errors.h>
#include "efi_san.h"

#define ERR_SUBSYS ESUB_EFI

/* Vendor GUID of the hardware node naming a wireboot SAN drive. */
#define EFI_SAN_VENDOR_GUID \
	{ 0x8561cae1, 0x8c2a, 0x4512, \
	  { 0x96, 0x38, 0x27, 0x16, 0x78, 0x26, 0xe3, 0x78 } }

/* Most blocks handed to the SAN layer in one call. */
#define EFI_BLOCK_CHUNK 0x10000

/* VenHw(GUID, drive)/End. */
struct efi_block_path {
	VENDOR_DEVICE_PATH vendor;
	uint8_t drive;
	EFI_DEVICE_PATH_PROTOCOL end;
} __attribute__((packed));

/* One SAN drive offered to the firmware. */
struct efi_block {
	EFI_BLOCK_IO_PROTOCOL block_io;
	EFI_BLOCK_IO_MEDIA media;
	struct efi_block_path path;
	EFI_HANDLE handle;
	/* NULL once unhooked while the firmware still holds the handle. */
	struct san_device *sandev;
};

static EFI_GUID block_io_guid = EFI_BLOCK_IO_PROTOCOL_GUID;
static EFI_GUID path_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
static const EFI_GUID san_vendor_guid = EFI_SAN_VENDOR_GUID;

EFI_HANDLE efi_block_handle(struct san_device *sandev)
{
	struct efi_block *block = sandev->platform;

	return block ? block->handle : NULL;
}

/* Run COUNT blocks at LBA through the SAN layer, in chunks. */
static int efi_block_transfer(struct san_device *sandev, bool write,
			      uint64_t lba, uint64_t count, uint8_t *buffer)
{
	unsigned int chunk;
	int rc;

	while (count) {
		chunk = count > EFI_BLOCK_CHUNK ? EFI_BLOCK_CHUNK :
						  (unsigned int)count;
		rc = write ? san_write(sandev, lba, chunk, buffer) :
			     san_read(sandev, lba, chunk, buffer);
		if (rc != 0)
			return rc;
		lba += chunk;
		count -= chunk;
		buffer += (size_t)chunk * sandev->blksize;
	}
	return 0;
}

/* ReadBlocks() / WriteBlocks(): check the request, then run it. */
static EFI_STATUS efi_block_rw(EFI_BLOCK_IO_PROTOCOL *this, UINT32 media_id,
			       EFI_LBA lba, UINTN size, void *buffer,
			       bool write)
{
	struct efi_block *block = container_of(this, struct efi_block,
					       block_io);
	struct san_device *sandev = block->sandev;
	uint64_t count;
	EFI_TPL tpl;
	int rc;

	if (!sandev || efi_boot_services_gone)
		return EFI_NO_MEDIA;
	if (media_id != block->media.MediaId)
		return EFI_MEDIA_CHANGED;
	if (write && block->media.ReadOnly)
		return EFI_WRITE_PROTECTED;
	if (size % sandev->blksize)
		return EFI_BAD_BUFFER_SIZE;
	if (!buffer)
		return EFI_INVALID_PARAMETER;
	count = size / sandev->blksize;
	if (lba > sandev->blocks || count > sandev->blocks - lba)
		return EFI_INVALID_PARAMETER;
	tpl = efi_bs->RaiseTPL(TPL_HIGH_LEVEL);
	efi_bs->RestoreTPL(tpl);
	if (tpl > TPL_CALLBACK)
		return EFI_DEVICE_ERROR;
	if (tpl < TPL_CALLBACK)
		efi_bs->RaiseTPL(TPL_CALLBACK);
	rc = efi_block_transfer(sandev, write, lba, count, buffer);
	if (tpl < TPL_CALLBACK)
		efi_bs->RestoreTPL(tpl);
	if (rc == 0)
		return EFI_SUCCESS;
	return err_is(rc, EROFS) ? EFI_WRITE_PROTECTED : EFI_DEVICE_ERROR;
}

static EFI_STATUS EFIAPI efi_block_read(EFI_BLOCK_IO_PROTOCOL *this,
					UINT32 media_id, EFI_LBA lba,
					UINTN size, VOID *buffer)
{
	return efi_block_rw(this, media_id, lba, size, buffer, false);
}

static EFI_STATUS EFIAPI efi_block_write(EFI_BLOCK_IO_PROTOCOL *this,
					 UINT32 media_id, EFI_LBA lba,
					 UINTN size, VOID *buffer)
{
	return efi_block_rw(this, media_id, lba, size, buffer, true);
}

/* Reset(): close the paths and open them again, as INT 13h 00h does. */
static EFI_STATUS EFIAPI efi_block_reset(EFI_BLOCK_IO_PROTOCOL *this,
					 BOOLEAN extended)
{
	struct efi_block *block = container_of(this, struct efi_block,
					       block_io);

	if (!block->sandev || efi_boot_services_gone)
		return EFI_NO_MEDIA;
	return san_reset(block->sandev) == 0 ? EFI_SUCCESS : EFI_DEVICE_ERROR;
}

/* FlushBlocks(): every write has reached the target when it returns. */
static EFI_STATUS EFIAPI efi_block_flush(EFI_BLOCK_IO_PROTOCOL *this)
{
	struct efi_block *block = container_of(this, struct efi_block,
					       block_io);

	return block->sandev ? EFI_SUCCESS : EFI_NO_MEDIA;
}

/* Fill BLOCK's protocol, media and device path for SANDEV. */
static void efi_block_init(struct efi_block *block, struct san_device *sandev)
{
	block->sandev = sandev;
	block->media.MediaPresent = TRUE;
	block->media.ReadOnly = sandev->is_cdrom;
	block->media.BlockSize = (UINT32)sandev->blksize;
	block->media.LastBlock = sandev->blocks - 1;
	block->media.LogicalBlocksPerPhysicalBlock = 1;
	block->block_io.Revision = EFI_BLOCK_IO_PROTOCOL_REVISION3;
	block->block_io.Media = &block->media;
	block->block_io.Reset = efi_block_reset;
	block->block_io.ReadBlocks = efi_block_read;
	block->block_io.WriteBlocks = efi_block_write;
	block->block_io.FlushBlocks = efi_block_flush;
	block->path.vendor.Header.Type = HARDWARE_DEVICE_PATH;
	block->path.vendor.Header.SubType = HW_VENDOR_DP;
	block->path.vendor.Header.Length[0] = sizeof(VENDOR_DEVICE_PATH) + 1;
	block->path.vendor.Guid = san_vendor_guid;
	block->path.drive = (uint8_t)sandev->drive;
	efi_path_end(&block->path.end);
}

static int efi_block_hook(struct san_device *sandev)
{
	struct efi_block *block;
	EFI_STATUS status;

	if (sandev->drive > 0xff || sandev->blksize > 0xffffffffUL)
		return ERR(ERANGE);
	block = zalloc(sizeof(*block));
	if (!block)
		return ERR(ENOMEM);
	efi_block_init(block, sandev);
	status = efi_bs->InstallMultipleProtocolInterfaces(&block->handle,
			&block_io_guid, &block->block_io,
			&path_guid, &block->path, NULL);
	if (status != EFI_SUCCESS) {
		free(block);
		return efi_error(status);
	}
	sandev->platform = block;
	printf("Registered SAN device %#02x\n", sandev->drive);
	/* A disk with nothing the firmware recognises stays usable raw. */
	efi_bs->ConnectController(block->handle, NULL, NULL, TRUE);
	return 0;
}

static void efi_block_unhook(struct san_device *sandev)
{
	struct efi_block *block = sandev->platform;
	EFI_STATUS status;

	if (!block)
		return;
	sandev->platform = NULL;
	if (efi_boot_services_gone) {
		block->sandev = NULL;
		return;
	}
	efi_bs->DisconnectController(block->handle, NULL, NULL);
	status = efi_bs->UninstallMultipleProtocolInterfaces(block->handle,
			&block_io_guid, &block->block_io,
			&path_guid, &block->path, NULL);
	if (status != EFI_SUCCESS) {
		/* Someone still holds it: leave it, answering "no media". */
		block->sandev = NULL;
		printf("SAN device %#02x: the firmware keeps its handle: %s\n",
		       sandev->drive, errstr(efi_error(status)));
		return;
	}
	free(block);
}

static const struct san_platform efi_san_platform __san_platform = {
	.hook = efi_block_hook,
	.unhook = efi_block_unhook,
	.boot = efi_sanboot,
	.install_tables = efi_acpi_install_tables,
};
