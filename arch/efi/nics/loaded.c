/*
 * Which NIC snponly.efi drives: only the one it was loaded from.  That is
 * the loaded image's device handle when it offers the Simple Network
 * Protocol itself; otherwise (the firmware's PXE client loads from a child
 * such as .../MAC(...)/IPv4(...)) the handle with SNP whose device path is
 * the longest prefix of the device's path.
 */
#include <wireboot/errors.h>
#include "../efi_wireboot.h"

#define ERR_SUBSYS ESUB_EFI

int efi_snp_handles(EFI_HANDLE **handles, UINTN *count)
{
	EFI_GUID image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_GUID path_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
	EFI_GUID snp_guid = EFI_SIMPLE_NETWORK_PROTOCOL_GUID;
	EFI_LOADED_IMAGE_PROTOCOL *image;
	EFI_DEVICE_PATH *path;
	EFI_HANDLE handle;
	void *snp;
	EFI_STATUS status;

	status = efi_bs->HandleProtocol(efi_image_handle, &image_guid,
					(void **)&image);
	if (status != EFI_SUCCESS)
		return efi_error(status);
	handle = image->DeviceHandle;
	if (!handle)
		return ERR(ENODEV);
	if (efi_bs->HandleProtocol(handle, &snp_guid, &snp) != EFI_SUCCESS) {
		if (efi_bs->HandleProtocol(handle, &path_guid,
					   (void **)&path) != EFI_SUCCESS ||
		    efi_bs->LocateDevicePath(&snp_guid, &path,
					     &handle) != EFI_SUCCESS)
			return ERR(ENODEV);
	}
	status = efi_bs->AllocatePool(EfiLoaderData, sizeof(**handles),
				      (void **)handles);
	if (status != EFI_SUCCESS)
		return efi_error(status);
	(*handles)[0] = handle;
	*count = 1;
	return 0;
}
