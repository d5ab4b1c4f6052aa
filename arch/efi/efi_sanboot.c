/*
 * Booting from a SAN drive on EFI: among the file systems the firmware
 * found on the drive's handle (efi_block.c connected its drivers), in the
 * order LocateHandleBuffer() gives them, take the first that has the
 * loader file (--filename or ${san-filename}, else \EFI\BOOT\BOOTX64.EFI)
 * and matches what sanboot asked for:
 *   --label  the volume label (EFI_FILE_SYSTEM_INFO, case ignored);
 *   --uuid   the GPT unique partition GUID in its hard drive node;
 *   --extra  another file that must exist on it.
 * The loader is loaded by the firmware from that file system (LoadImage()
 * with the partition's path and a file path node) and started.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <wireboot/uuid.h>
#include <wireboot/errors.h>
#include "efi_san.h"

#define ERR_SUBSYS ESUB_EFI

#define SANBOOT_DEFAULT_FILENAME "\\EFI\\BOOT\\BOOTX64.EFI"

/* Bytes of a hard drive node (the C struct is padded beyond them). */
#define HD_NODE_LEN (offsetof(HARDDRIVE_DEVICE_PATH, SignatureType) + 1)

static EFI_GUID path_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
static EFI_GUID sfs_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
static EFI_GUID fs_info_guid = EFI_FILE_SYSTEM_INFO_ID;

/* What to look for, parsed once. */
struct sanboot_want {
	const char *filename;
	const char *extra;
	const char *label;
	bool has_uuid;
	/* The partition GUID in EFI (mixed-endian) byte order. */
	uint8_t guid[UUID_LEN];
};

/* Does the file NAME ('/' or '\' separated) exist under ROOT? */
static bool sanboot_file_exists(EFI_FILE_HANDLE root, const char *name)
{
	size_t len = strlen(name);
	EFI_FILE_HANDLE file;
	EFI_STATUS status;
	CHAR16 *wide;

	wide = malloc((len + 1) * sizeof(CHAR16));
	if (!wide)
		return false;
	efi_path_chars(wide, name, len);
	status = root->Open(root, &file, wide, EFI_FILE_MODE_READ, 0);
	free(wide);
	if (status != EFI_SUCCESS)
		return false;
	file->Close(file);
	return true;
}

/* Is ROOT's volume label LABEL (case and trailing spaces ignored)? */
static bool sanboot_label_is(EFI_FILE_HANDLE root, const char *label)
{
	EFI_FILE_SYSTEM_INFO *info = NULL;
	UINTN size = 0;
	EFI_STATUS status;
	size_t len, chars, i;
	bool same = false;

	status = root->GetInfo(root, &fs_info_guid, &size, NULL);
	if (status != EFI_BUFFER_TOO_SMALL || !(info = zalloc(size)))
		return false;
	if (root->GetInfo(root, &fs_info_guid, &size, info) != EFI_SUCCESS ||
	    size < SIZE_OF_EFI_FILE_SYSTEM_INFO)
		goto out;
	chars = (size - SIZE_OF_EFI_FILE_SYSTEM_INFO) / sizeof(CHAR16);
	for (len = 0; len < chars && info->VolumeLabel[len]; len++)
		;
	while (len && info->VolumeLabel[len - 1] == ' ')
		len--;
	if (len != strlen(label))
		goto out;
	for (i = 0; i < len; i++) {
		if (info->VolumeLabel[i] > 0x7f ||
		    tolower(info->VolumeLabel[i]) != tolower((uint8_t)label[i]))
			goto out;
	}
	same = true;
out:
	free(info);
	return same;
}

/* Is a GPT partition with GUID named in PATH after its first SKIP bytes? */
static bool sanboot_path_has_guid(EFI_DEVICE_PATH_PROTOCOL *path, size_t skip,
				  const uint8_t guid[UUID_LEN])
{
	const uint8_t *node = (const uint8_t *)path + skip;
	const HARDDRIVE_DEVICE_PATH *hd;
	size_t len;

	for (; node[0] != END_DEVICE_PATH_TYPE; node += len) {
		len = efi_path_node_len(node);
		if (!len)
			return false;
		if (node[0] != MEDIA_DEVICE_PATH ||
		    node[1] != MEDIA_HARDDRIVE_DP || len < HD_NODE_LEN)
			continue;
		hd = (const HARDDRIVE_DEVICE_PATH *)node;
		if (hd->SignatureType == SIGNATURE_TYPE_GUID &&
		    memcmp(hd->Signature, guid, UUID_LEN) == 0)
			return true;
	}
	return false;
}

/* Does the file system on HANDLE (path PATH, DISK_LEN bytes of it the
 * drive's own) hold what WANT asks for? */
static bool sanboot_match(EFI_HANDLE handle, EFI_DEVICE_PATH_PROTOCOL *path,
			  size_t disk_len, const struct sanboot_want *want)
{
	EFI_FILE_IO_INTERFACE *fs;
	EFI_FILE_HANDLE root;
	bool match;

	if (want->has_uuid && !sanboot_path_has_guid(path, disk_len, want->guid))
		return false;
	if (efi_bs->HandleProtocol(handle, &sfs_guid, (void **)&fs) !=
		    EFI_SUCCESS ||
	    fs->OpenVolume(fs, &root) != EFI_SUCCESS)
		return false;
	match = sanboot_file_exists(root, want->filename) &&
		(!want->extra || sanboot_file_exists(root, want->extra)) &&
		(!want->label || sanboot_label_is(root, want->label));
	root->Close(root);
	return match;
}

/* Load and start WANT's file from the file system at PATH. */
static int sanboot_start(EFI_DEVICE_PATH_PROTOCOL *path,
			 const struct sanboot_want *want, unsigned int drive)
{
	EFI_DEVICE_PATH_PROTOCOL *file_path;
	int rc;

	file_path = efi_path_file(path, want->filename);
	if (!file_path)
		return ERR(ENOMEM);
	printf("Booting %s from SAN drive %#02x\n", want->filename, drive);
	rc = efi_start_image(file_path, NULL, 0, NULL, 0);
	free(file_path);
	/* An image that returns success has still not booted anything. */
	return rc ? rc : ERR(ECANCELED);
}

int efi_sanboot(unsigned int drive, const struct san_boot_config *config)
{
	struct sanboot_want want = { 0 };
	EFI_DEVICE_PATH_PROTOCOL *disk, *path;
	struct san_device *sandev;
	EFI_HANDLE *handles = NULL;
	EFI_HANDLE disk_handle;
	EFI_STATUS status;
	UINTN count = 0, i;
	size_t disk_len;
	int rc;

	sandev = find_sandev(drive);
	disk_handle = sandev ? efi_block_handle(sandev) : NULL;
	if (!disk_handle)
		return ERR(ENODEV);
	want.filename = config->filename ? config->filename :
					   SANBOOT_DEFAULT_FILENAME;
	want.extra = config->extra;
	want.label = config->label;
	if (config->uuid) {
		if ((rc = uuid_parse(config->uuid, want.guid)) != 0)
			return rc;
		uuid_mangle(want.guid);
		want.has_uuid = true;
	}
	status = efi_bs->HandleProtocol(disk_handle, &path_guid,
					(void **)&disk);
	if (status != EFI_SUCCESS)
		return efi_error(status);
	disk_len = efi_path_len(disk);
	status = efi_bs->LocateHandleBuffer(ByProtocol, &sfs_guid, NULL,
					    &count, &handles);
	if (status != EFI_SUCCESS)
		return status == EFI_NOT_FOUND ? ERR(ENOENT) : efi_error(status);
	rc = ERR(ENOENT);
	for (i = 0; i < count; i++) {
		if (efi_bs->HandleProtocol(handles[i], &path_guid,
					   (void **)&path) != EFI_SUCCESS ||
		    efi_path_len(path) < disk_len ||
		    memcmp(path, disk, disk_len) != 0 ||
		    !sanboot_match(handles[i], path, disk_len, &want))
			continue;
		rc = sanboot_start(path, &want, drive);
		break;
	}
	if (!efi_boot_services_gone)
		efi_bs->FreePool(handles);
	return rc;
}
