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

int efi_start_image(EFI_DEVICE_PATH_PROTOCOL *path, const void *data,
		    size_t len, CHAR16 *options, UINT32 options_size)
{
	EFI_LOADED_IMAGE *loaded;
	EFI_HANDLE handle = NULL;
	CHAR16 *exit_data = NULL;
	UINTN exit_size = 0;
	EFI_STATUS status;

	efi_bs->RestoreTPL(TPL_APPLICATION);
	status = efi_bs->LoadImage(FALSE, efi_image_handle, path, (void *)data,
				   len, &handle);
	if (status != EFI_SUCCESS) {
		/* A refused signature still leaves the image loaded. */
		if (status == EFI_SECURITY_VIOLATION && handle)
			efi_bs->UnloadImage(handle);
		goto out;
	}
	if (options) {
		status = efi_bs->HandleProtocol(handle, &loaded_image_guid,
						(void **)&loaded);
		if (status != EFI_SUCCESS) {
			efi_bs->UnloadImage(handle);
			goto out;
		}
		loaded->LoadOptions = options;
		loaded->LoadOptionsSize = options_size;
	}
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

	path = efi_path_file(our_device_path(), image->name);
	options = image_load_options(image, &options_size);
	if (!path || !options) {
		rc = ERR(ENOMEM);
		goto out;
	}
	rc = efi_initrd_install(image);
	if (rc != 0)
		goto out;
	rc = efi_start_image(path, image->data, image->len, options,
			     options_size);
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
