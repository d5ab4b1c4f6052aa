/*
 * What wireboot.pxe and wireboot.kpxe (native drivers, started by a PXE
 * ROM) do with the PXE stack that loaded them, before the NIC drivers
 * probe: .pxe shuts the NIC down and unloads the whole stack (UNDI_SHUTDOWN,
 * UNLOAD_STACK, STOP_UNDI), so there is no PXE ROM left to return to and
 * exiting boots the next BIOS device (INT 18h); .kpxe only closes the NIC
 * (UNDI_CLOSE) and keeps the stack loaded, so exiting returns to it.
 */
#include <stdio.h>
#include <wireboot/errors.h>
#include <wireboot/init.h>
#include <x86/romboot.h>
#include <x86/undi.h>

static void undi_unload_startup(void)
{
	struct prefix_return *ctx = prefix_return_context();
	struct undi_stack stack;
	struct s_PXENV_STATUS status = { 0 };
	struct s_PXENV_UNLOAD_STACK unload = { 0 };
	unsigned int type = prefix_type();

	if (type != PREFIX_PXE && type != PREFIX_KPXE)
		return;
	if (undi_find(&stack) != 0) {
		printf("No PXE stack found\n");
		return;
	}
	if (type == PREFIX_KPXE) {
		undi_call(&stack, PXENV_UNDI_CLOSE, &status, sizeof(status));
		return;
	}
	undi_call(&stack, PXENV_UNDI_SHUTDOWN, &status, sizeof(status));
	if (undi_call(&stack, PXENV_UNLOAD_STACK, &unload, sizeof(unload)) != 0) {
		printf("PXE stack refused to unload (status %#x)\n", unload.status);
		return;
	}
	status.status = 0;
	undi_call(&stack, PXENV_STOP_UNDI, &status, sizeof(status));
	ctx->flags |= PREFIX_RETURN_UNLOADED;
	printf("PXE stack unloaded\n");
}

/* Before "pci" (INIT_NORMAL) binds the native drivers. */
struct startup_fn undi_unload_startup_fn __startup_fn = {
	.name = "undi-unload",
	.order = INIT_NORMAL - 1,
	.startup = undi_unload_startup,
};
