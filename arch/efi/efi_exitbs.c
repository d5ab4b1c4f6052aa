/*
 * The ExitBootServices() path.  wireboot starts loaders with the firmware
 * still in charge; the loader or OS then calls ExitBootServices(), after
 * which no boot service (console, SNP, memory) may be called.  While
 * wireboot is running, an EVT_SIGNAL_EXIT_BOOT_SERVICES event records that
 * moment in efi_boot_services_gone, which every EFI file checks before
 * touching the firmware; the SNP drivers stop their own DMA on the same
 * signal, as the specification requires of them.  The event is closed by
 * the shutdown hook, once everything else has been shut down.
 */
#include <stdio.h>
#include <wireboot/init.h>
#include <wireboot/errors.h>
#include "efi_wireboot.h"

bool efi_boot_services_gone;

static EFI_EVENT exitbs_event;

/* Notification: the firmware is handing the machine over. */
static void EFIAPI efi_exitbs_notify(EFI_EVENT event, void *ctx)
{
	efi_boot_services_gone = true;
}

static void efi_exitbs_startup(void)
{
	EFI_STATUS status;

	status = efi_bs->CreateEvent(EVT_SIGNAL_EXIT_BOOT_SERVICES, TPL_NOTIFY,
				     efi_exitbs_notify, NULL, &exitbs_event);
	if (status != EFI_SUCCESS) {
		exitbs_event = NULL;
		printf("EFI: cannot watch for ExitBootServices: %s\n",
		       errstr(efi_error(status)));
	}
}

static void efi_exitbs_shutdown(int flags)
{
	if (exitbs_event && !efi_boot_services_gone)
		efi_bs->CloseEvent(exitbs_event);
	exitbs_event = NULL;
}

static struct startup_fn efi_exitbs_startup_fn __startup_fn = {
	.name = "efi-exitbs",
	.order = INIT_EARLY,
	.startup = efi_exitbs_startup,
	.shutdown = efi_exitbs_shutdown,
};
