/*
 * EFI platform basics: the name, idling, restarting and powering off
 * through the runtime services' ResetSystem(), and leaving: the shutdown
 * hooks run (NICs go back to the firmware's own network stack), the heap
 * is returned, the TPL lowered to TPL_APPLICATION (efi_start.c raised it)
 * and Exit() hands STATUS to whoever started us (the boot
 * manager or a shell): EFI_SUCCESS for exit status 0, else EFI_ABORTED.
 */
#include <wireboot/platform.h>
#include <wireboot/init.h>
#include <wireboot/errors.h>
#include "efi_wireboot.h"

#define ERR_SUBSYS ESUB_EFI

const char platform_name[] = "efi";

/*
 * Nothing to wait for: the firmware's own timer interrupts run behind us,
 * and NICs are polled, so only give the CPU a spin-wait hint.
 */
void platform_idle(void)
{
	__asm__ volatile("pause");
}

void platform_reboot(bool warm)
{
	efi_systab->RuntimeServices->ResetSystem(warm ? EfiResetWarm :
						 EfiResetCold,
						 EFI_SUCCESS, 0, NULL);
	for (;;)
		__asm__ volatile("hlt");
}

int platform_poweroff(void)
{
	efi_systab->RuntimeServices->ResetSystem(EfiResetShutdown, EFI_SUCCESS,
						 0, NULL);
	return ERR(ENOTSUP);
}

void platform_exit(int status)
{
	shutdown(SHUTDOWN_EXIT);
	efi_heap_release();
	efi_bs->RestoreTPL(TPL_APPLICATION);
	efi_bs->Exit(efi_image_handle,
		     status ? EFI_ABORTED : EFI_SUCCESS, 0, NULL);
	for (;;)
		__asm__ volatile("hlt");
}
