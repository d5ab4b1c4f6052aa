/*
 * What the EFI platform files share: the firmware's tables and our image
 * handle (saved by efi_main), and the translation of EFI_STATUS values into
 * wireboot errors.  Only arch/efi includes this (and through it gnu-efi's
 * headers); the core never sees EFI types.
 */
#ifndef ARCH_EFI_WIREBOOT_H
#define ARCH_EFI_WIREBOOT_H

#include <efi.h>
#include <wireboot/compiler.h>

extern EFI_HANDLE efi_image_handle;
extern EFI_SYSTEM_TABLE *efi_systab;
extern EFI_BOOT_SERVICES *efi_bs;

/* Set once the OS has called ExitBootServices: no boot service may run. */
extern bool efi_boot_services_gone;

/* The wireboot error (in subsystem ESUB_EFI) for a failed EFI_STATUS. */
int efi_error(EFI_STATUS status);

/*
 * The SNP handles this build drives (arch/efi/nics/ has one answer per
 * image), in a pool buffer the caller frees: 0 or an error.
 */
int efi_snp_handles(EFI_HANDLE **handles, UINTN *count);

/* The clock: measure the TSC against the firmware's Stall(). */
void efi_timer_calibrate(void);

/* Heap memory from the firmware (efi_memory.c): given back on exit. */
int efi_heap_init(void);
void efi_heap_release(void);

/* Bytes of the path node at NODE, or 0 if it is too short to be one. */
size_t efi_path_node_len(const uint8_t *node);

/* Bytes of the device path PATH, without its end node. */
size_t efi_path_len(const EFI_DEVICE_PATH_PROTOCOL *path);

/* NAME's LEN characters widened into OUT, each '/' a backslash, then 0. */
void efi_path_chars(CHAR16 *out, const char *name, size_t len);

/* Write an end-of-path node at END. */
void efi_path_end(EFI_DEVICE_PATH_PROTOCOL *end);

/*
 * A new device path (freed by the caller), or NULL: DEVICE's path (may be
 * NULL), a file path node for NAME (each '/' turned into a backslash,
 * one added in front when missing), the end node.
 */
EFI_DEVICE_PATH_PROTOCOL *efi_path_file(const EFI_DEVICE_PATH_PROTOCOL *device,
					const char *name);

/*
 * LoadImage() (from DATA, LEN bytes, or when DATA is NULL from whatever
 * file system PATH names) and StartImage(), with the TPL lowered to
 * TPL_APPLICATION meanwhile; OPTIONS (OPTIONS_SIZE bytes, may be NULL)
 * become its LoadOptions.  0 when the image returned EFI_SUCCESS, else
 * why it failed or could not be started.
 */
int efi_start_image(EFI_DEVICE_PATH_PROTOCOL *path, const void *data,
		    size_t len, CHAR16 *options, UINT32 options_size);

#endif
