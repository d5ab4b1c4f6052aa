/*
 * Going back to whoever started us: the BIOS after an option ROM's BEV (or
 * INT 19h), or the PXE ROM after an NBP.  The prefix saved the caller's
 * registers on its stack and left a struct prefix_return (x86/romboot.h);
 * when wireboot exits (nothing booted, or the user left the shell) the
 * last shutdown hook gives the base memory back and resumes the caller, so
 * the BIOS tries its next boot device.  Images started this way also end
 * when their start-up script ends, instead of opening the shell.
 */
#include <wireboot/init.h>
#include <wireboot/platform.h>
#include <x86/pcbios.h>
#include <x86/realmode.h>
#include <x86/romboot.h>

/* BIOS data area: free base memory in KiB. */
#define BDA_FBMS 0x413

unsigned int prefix_type(void)
{
	const struct x86_boot_info *info = rm_ptr(boot_info);

	return info->prefix;
}

struct prefix_return *prefix_return_context(void)
{
	const struct x86_boot_info *info = rm_ptr(boot_info);
	struct prefix_return *ctx;

	switch (info->prefix) {
	case PREFIX_ROM:
	case PREFIX_PXE:
	case PREFIX_KPXE:
	case PREFIX_UNDIONLY:
		break;
	default:
		return NULL;
	}
	ctx = phys_to_virt(info->prefix_data);
	return ctx->magic == PREFIX_RETURN_MAGIC ? ctx : NULL;
}

void prefix_return(int status)
{
	struct prefix_return *ctx = prefix_return_context();
	uint32_t phys;
	struct bios_regs regs = { 0 };

	if (!ctx)
		return;
	/* Base memory is ours again unless something still lives there. */
	if (!rm_entries_in_use())
		*(uint16_t *)phys_to_virt(BDA_FBMS) = ctx->fbm;
	/* No PXE ROM left to return to: ask the BIOS for the next device. */
	if (ctx->flags & PREFIX_RETURN_UNLOADED) {
		realmode_int(0x18, &regs);
		return;
	}
	phys = virt_to_phys(ctx);
	regs.es = (uint16_t)(phys >> 4);
	regs.di = (uint16_t)(phys & 0xf);
	regs.ax = status ? 1 : 0;
	regs.cs = ctx->cs;
	regs.ip = ctx->ip;
	realmode_call(&regs);
}

/*
 * Media with somewhere to return to (an option ROM's BEV, an NBP's PXE ROM)
 * end with their script or autoboot rather than opening the shell, so the
 * BIOS tries its next boot device.  After Ctrl-B at the option ROM's POST
 * prompt, the shell opens at once: no second prompt, no autoboot.
 */
static void romboot_init(void)
{
	struct prefix_return *ctx = prefix_return_context();

	if (!ctx)
		return;
	startup_options.shell_after_script = false;
	startup_options.shell_after_autoboot = false;
	if (ctx->flags & PREFIX_RETURN_SHELL)
		startup_options.shell_first = true;
}

struct init_fn romboot_init_fn __init_fn = {
	.order = INIT_EARLY,
	.init = romboot_init,
};

/* Last of all shutdown hooks: on exit, resume the caller. */
static void romboot_shutdown(int flags)
{
	if (flags & SHUTDOWN_EXIT)
		prefix_return(1);
}

struct startup_fn romboot_startup_fn __startup_fn = {
	.name = "romboot",
	.order = 1,
	.shutdown = romboot_shutdown,
};
