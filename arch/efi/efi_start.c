/*
 * Entry point of wireboot.efi and snponly.efi.  gnu-efi's crt0 applies our
 * relocations and calls efi_main() with the image handle and system table;
 * we stop the firmware's watchdog (a boot application gets five minutes
 * otherwise), take heap memory, start the clock and run the shared start-up
 * flow, then return its status to the firmware through platform_exit().
 *
 * wireboot runs at TPL_CALLBACK, as the firmware's own event callbacks do:
 * then no timer callback of the firmware's network stack (MNP polls SNP
 * from one) can run in between and take frames meant for us when it still
 * shares a NIC with us.  Console, SNP, memory and Stall() calls are all
 * allowed at this level; platform_exit() lowers it again before Exit().
 */
#include <wireboot/platform.h>
#include <wireboot/shell.h>
#include "efi_wireboot.h"

EFI_HANDLE efi_image_handle;
EFI_SYSTEM_TABLE *efi_systab;
EFI_BOOT_SERVICES *efi_bs;

/* Called by crt0 with the System V convention (not EFIAPI). */
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab);

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	efi_image_handle = image;
	efi_systab = systab;
	efi_bs = systab->BootServices;

	efi_bs->SetWatchdogTimer(0, 0, 0, NULL);
	if (efi_heap_init() != 0) {
		systab->ConOut->OutputString(systab->ConOut,
			(CHAR16 *)L"wireboot: no memory for the heap\r\n");
		return EFI_OUT_OF_RESOURCES;
	}
	efi_timer_calibrate();
	efi_bs->RaiseTPL(TPL_CALLBACK);
	platform_exit(exit_status(wireboot_main()));
}
