/*
 * Handing a Linux EFI stub its initrd (efi_initrd.c): the images that go
 * along with a kernel, served through the LoadFile2 protocol on a handle
 * whose device path is the vendor media node LINUX_EFI_INITRD_MEDIA_GUID,
 * where the stub (Linux 5.8 and later) looks for it.
 */
#ifndef ARCH_EFI_INITRD_H
#define ARCH_EFI_INITRD_H

struct image;

/*
 * Offer the images that go along with KERNEL (image_is_extra()) as one
 * initrd until efi_initrd_uninstall(); nothing is installed when there
 * are none.  0 or an error.
 */
int efi_initrd_install(struct image *kernel);

/* Take the initrd handle away again (if one was installed). */
void efi_initrd_uninstall(void);

#endif
