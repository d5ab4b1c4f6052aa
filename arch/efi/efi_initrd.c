/*
 * The initrd for a Linux EFI stub.  Since Linux 5.8 the stub asks for its
 * initrd by locating the LoadFile2 protocol on the device path
 * VenMedia(LINUX_EFI_INITRD_MEDIA_GUID)/End and calling LoadFile() twice:
 * once for the size (EFI_BUFFER_TOO_SMALL), once into memory it allocated.
 * We answer with every image that goes along with the kernel, in list
 * order, each 4-byte aligned and preceded by the cpio headers that place
 * it at the path its arguments name (as on BIOS, arch/x86/bzimage.c); the
 * kernel unpacks the concatenation as one initramfs.  The bytes are copied
 * straight from the images when asked, so nothing is duplicated.
 */
#include <string.h>
#include <wireboot/cpio.h>
#include <wireboot/errors.h>
#include <wireboot/image.h>
#include "efi_wireboot.h"
#include "efi_initrd.h"

#define ERR_SUBSYS ESUB_EFI

#define LINUX_EFI_INITRD_MEDIA_GUID \
	{ 0x5568e427, 0x68fc, 0x4f3d, \
	  { 0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68 } }
#define EFI_LOAD_FILE2_PROTOCOL_GUID \
	{ 0x4006c0c1, 0xfcb3, 0x403e, \
	  { 0x99, 0x6d, 0x4a, 0x6c, 0x87, 0x24, 0xe0, 0x6d } }

#define INITRD_ALIGN 4

/* The device path the stub looks for: one vendor media node, then End. */
struct initrd_path {
	VENDOR_DEVICE_PATH vendor;
	EFI_DEVICE_PATH_PROTOCOL end;
} __attribute__((packed));

static struct initrd_path initrd_path = {
	.vendor = {
		.Header = { MEDIA_DEVICE_PATH, MEDIA_VENDOR_DP,
			    { sizeof(VENDOR_DEVICE_PATH), 0 } },
		.Guid = LINUX_EFI_INITRD_MEDIA_GUID,
	},
	.end = { END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE,
		 { sizeof(EFI_DEVICE_PATH_PROTOCOL), 0 } },
};

static EFI_GUID load_file2_guid = EFI_LOAD_FILE2_PROTOCOL_GUID;
static EFI_GUID path_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;

/* The kernel whose initrd we serve, and the handle it is served on. */
static struct image *initrd_kernel;
static EFI_HANDLE initrd_handle;

/* Bytes the initrd of KERNEL takes: padding, cpio headers and images. */
static size_t initrd_len(struct image *kernel)
{
	struct image *image;
	size_t len = 0;

	for_each_image(image) {
		if (!image_is_extra(image, kernel))
			continue;
		len = (len + INITRD_ALIGN - 1) & ~(size_t)(INITRD_ALIGN - 1);
		len += cpio_wrap_len(image) + image->len;
	}
	return len;
}

/* Write the initrd of KERNEL (initrd_len() bytes) to BUF. */
static void initrd_write(struct image *kernel, uint8_t *buf)
{
	struct image *image;
	size_t offset = 0, aligned;

	for_each_image(image) {
		if (!image_is_extra(image, kernel))
			continue;
		aligned = (offset + INITRD_ALIGN - 1) &
			  ~(size_t)(INITRD_ALIGN - 1);
		memset(buf + offset, 0, aligned - offset);
		offset = aligned;
		cpio_wrap_write(image, buf + offset);
		offset += cpio_wrap_len(image);
		memcpy(buf + offset, image->data, image->len);
		offset += image->len;
	}
}

/* LoadFile2.LoadFile(): the size, or the initrd itself into BUFFER. */
static EFI_STATUS EFIAPI initrd_load_file(EFI_LOAD_FILE_PROTOCOL *this,
					  EFI_DEVICE_PATH *path,
					  BOOLEAN boot_policy, UINTN *size,
					  VOID *buffer)
{
	size_t len;

	if (boot_policy)
		return EFI_UNSUPPORTED;
	if (!size || !initrd_kernel)
		return EFI_INVALID_PARAMETER;
	len = initrd_len(initrd_kernel);
	if (!buffer || *size < len) {
		*size = len;
		return EFI_BUFFER_TOO_SMALL;
	}
	initrd_write(initrd_kernel, buffer);
	*size = len;
	return EFI_SUCCESS;
}

static EFI_LOAD_FILE_PROTOCOL initrd_load_file2 = {
	.LoadFile = initrd_load_file,
};

int efi_initrd_install(struct image *kernel)
{
	EFI_STATUS status;

	if (!initrd_len(kernel))
		return 0;
	initrd_kernel = kernel;
	initrd_handle = NULL;
	status = efi_bs->InstallMultipleProtocolInterfaces(&initrd_handle,
			&path_guid, &initrd_path,
			&load_file2_guid, &initrd_load_file2, NULL);
	if (status != EFI_SUCCESS) {
		initrd_kernel = NULL;
		initrd_handle = NULL;
		return efi_error(status);
	}
	return 0;
}

void efi_initrd_uninstall(void)
{
	if (!initrd_handle)
		return;
	if (!efi_boot_services_gone)
		efi_bs->UninstallMultipleProtocolInterfaces(initrd_handle,
			&path_guid, &initrd_path,
			&load_file2_guid, &initrd_load_file2, NULL);
	initrd_handle = NULL;
	initrd_kernel = NULL;
}
