/*
 * Recognising a PE32+ EFI application for x86-64 (the format of
 * wireboot.efi, GRUB's grubx64.efi and a Linux kernel's EFI stub): the
 * "MZ" stub header, its pointer to the "PE\0\0" signature, the COFF
 * machine type and the optional header's subsystem.  Platform independent
 * so it can be unit tested; arch/efi/efi_image.c starts such images.
 */
#ifndef WIREBOOT_PE_H
#define WIREBOOT_PE_H

#include <wireboot/compiler.h>

#define PE_MACHINE_X86_64 0x8664
#define PE_OPT_MAGIC_PE32PLUS 0x020b
#define PE_SUBSYSTEM_EFI_APPLICATION 10

/*
 * Is the LEN bytes at DATA a PE32+ image for x86-64 with the EFI
 * application subsystem?  0 if so; ERR(ENOEXEC) if it is no PE image at
 * all, ERR(ENOTSUP) if it is one of another machine, format or subsystem.
 */
int pe_efi_app_check(const void *data, size_t len);

#endif
