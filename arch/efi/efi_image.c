/*
 * The EFI application image type: PE32+ x86-64 images with the EFI
 * application subsystem (GRUB's grubx64.efi, a Linux kernel's EFI stub,
 * another wireboot.efi) are handed to the firmware's LoadImage() and
 * StartImage().  Before starting one we
 *   - give it a device path: our own device's path followed by a file
 *     path node "\<image name>" (LoadImage() copies it);
 *   - set its LoadOptions to the image's arguments in UCS-2 (for a Linux
 *     stub, the kernel command line);
 *   - offer the images that go along with it as the Linux initrd
 *     (efi_initrd.c);
 *   - lower the TPL to TPL_APPLICATION (wireboot runs at TPL_CALLBACK,
 *     and ExitBootServices() or a loader's own event waits need it low).
 * Nothing is shut down: the image may come back, and then its status is
 * the command's and wireboot goes on with the NICs as they were.  An OS
 * that takes over calls ExitBootServices(), which every EFI file here
 * notices (efi_exitbs.c).  Our exclusive hold on the SNP NICs stays while
 * the image runs, so an image that wants the firmware's network stack on
 * them will not find it.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/errors.h>
#include <wireboot/image.h>
#include <wireboot/pe.h>
#include "efi_wireboot.h"
#include "efi_initrd.h"

#define ERR_SUBSYS ESUB_EFI

static EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
static EFI_GUID device_path_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;

static int efi_image_probe(struct image *image)
{
	return pe_efi_app_check(image->data, image->len);
}

/* Bytes of the device path at PATH, without its end node. */
static size_t device_path_len(const EFI_DEVICE_PATH_PROTOCOL *path)
{
	const uint8_t *node = (const uint8_t *)path;
	size_t len = 0, node_len;

	for (;;) {
		if (node[len] == END_DEVICE_PATH_TYPE)
			return len;
		node_len = node[len + 2] | (node[len + 3] << 8);
		if (node_len < sizeof(EFI_DEVICE_PATH_PROTOCOL))
			return len;
		len += node_len;
	}
}

/* The device path of the device wireboot was loaded from, or NULL. */
static EFI_DEVICE_PATH_PROTOCOL *our_device_path(void)
{
	EFI_LOADED_IMAGE *loaded;
	void *path;

	if (efi_bs->HandleProtocol(efi_image_handle, &loaded_image_guid,
				   (void **)&loaded) != EFI_SUCCESS ||
	    !loaded->DeviceHandle ||
	    efi_bs->HandleProtocol(loaded->DeviceHandle, &device_path_guid,
				   &path) != EFI_SUCCESS)
		return NULL;
	return path;
}

/*
 * A device path for IMAGE (freed by the caller): our device's path, a
 * file path node "\<name>", the end node.
 */
static EFI_DEVICE_PATH_PROTOCOL *image_device_path(struct image *image)
{
	EFI_DEVICE_PATH_PROTOCOL *device = our_device_path();
	size_t prefix = device ? device_path_len(device) : 0;
	size_t name_len = strlen(image->name);
	size_t file_len = SIZE_OF_FILEPATH_DEVICE_PATH +
			  (name_len + 2) * sizeof(CHAR16);
	EFI_DEVICE_PATH_PROTOCOL *file, *end;
	CHAR16 *chars;
	uint8_t *path;
	size_t i;

	path = malloc(prefix + file_len + sizeof(*end));
	if (!path)
		return NULL;
	if (prefix)
		memcpy(path, device, prefix);
	file = (EFI_DEVICE_PATH_PROTOCOL *)(path + prefix);
	file->Type = MEDIA_DEVICE_PATH;
	file->SubType = MEDIA_FILEPATH_DP;
	file->Length[0] = file_len & 0xff;
	file->Length[1] = file_len >> 8;
	chars = (CHAR16 *)(path + prefix + SIZE_OF_FILEPATH_DEVICE_PATH);
	chars[0] = '\\';
	for (i = 0; i < name_len; i++)
		chars[i + 1] = (uint8_t)image->name[i];
	chars[name_len + 1] = 0;
	end = (EFI_DEVICE_PATH_PROTOCOL *)(path + prefix + file_len);
	end->Type = END_DEVICE_PATH_TYPE;
	end->SubType = END_ENTIRE_DEVICE_PATH_SUBTYPE;
	end->Length[0] = sizeof(*end);
	end->Length[1] = 0;
	return (EFI_DEVICE_PATH_PROTOCOL *)path;
}

/* IMAGE's arguments in UCS-2 (freed by the caller), *SIZE in bytes. */
static CHAR16 *image_load_options(struct image *image, UINT32 *size)
{
	const char *cmdline = image->cmdline ? image->cmdline : "";
	size_t len = strlen(cmdline), i;
	CHAR16 *options;

	options = malloc((len + 1) * sizeof(CHAR16));
	if (!options)
		return NULL;
	for (i = 0; i <= len; i++)
		options[i] = (uint8_t)cmdline[i];
	*size = (len + 1) * sizeof(CHAR16);
	return options;
}

/*
 * LoadImage() and StartImage() with the TPL lowered: the image's status
 * when it returns, or why it could not be started.
 */
static int efi_image_start(struct image *image, EFI_DEVICE_PATH *path,
			   CHAR16 *options, UINT32 options_size)
{
	EFI_LOADED_IMAGE *loaded;
	EFI_HANDLE handle = NULL;
	CHAR16 *exit_data = NULL;
	UINTN exit_size = 0;
	EFI_STATUS status;

	efi_bs->RestoreTPL(TPL_APPLICATION);
	status = efi_bs->LoadImage(FALSE, efi_image_handle, path, image->data,
				   image->len, &handle);
	if (status != EFI_SUCCESS) {
		/* A refused signature still leaves the image loaded. */
		if (status == EFI_SECURITY_VIOLATION && handle)
			efi_bs->UnloadImage(handle);
		goto out;
	}
	status = efi_bs->HandleProtocol(handle, &loaded_image_guid,
					(void **)&loaded);
	if (status != EFI_SUCCESS) {
		efi_bs->UnloadImage(handle);
		goto out;
	}
	loaded->LoadOptions = options;
	loaded->LoadOptionsSize = options_size;
	status = efi_bs->StartImage(handle, &exit_size, &exit_data);
	if (exit_data && !efi_boot_services_gone)
		efi_bs->FreePool(exit_data);
out:
	if (!efi_boot_services_gone)
		efi_bs->RaiseTPL(TPL_CALLBACK);
	return efi_error(status);
}

static int efi_image_exec(struct image *image)
{
	EFI_DEVICE_PATH_PROTOCOL *path;
	UINT32 options_size = 0;
	CHAR16 *options;
	int rc;

	path = image_device_path(image);
	options = image_load_options(image, &options_size);
	if (!path || !options) {
		rc = ERR(ENOMEM);
		goto out;
	}
	rc = efi_initrd_install(image);
	if (rc != 0)
		goto out;
	rc = efi_image_start(image, path, options, options_size);
	efi_initrd_uninstall();
out:
	free(options);
	free(path);
	return rc;
}

static struct image_type efi_image_type __image_type = {
	.name = "EFI",
	.order = 20,
	.probe = efi_image_probe,
	.exec = efi_image_exec,
};
