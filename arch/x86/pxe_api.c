/*
 * The PXE API while an NBP runs: the PXENV+ and !PXE structures in base
 * memory, their two real-mode entry points (PXENV+: BX = opcode, ES:DI =
 * parameters; !PXE: opcode, offset, segment on the caller's stack), the
 * INT 1Ah AX=5650h discovery hook, dispatch through the pxe_api_calls
 * table, and starting the NBP itself.
 */
#include <string.h>
#include <wireboot/dhcp.h>
#include <wireboot/errors.h>
#include <wireboot/feature.h>
#include <wireboot/image.h>
#include <wireboot/init.h>
#include <wireboot/netdevice.h>
#include <wireboot/process.h>
#include <x86/pxe.h>
#include <x86/realmode.h>

#define ERR_SUBSYS ESUB_PXE

DHCP_FEATURE(pxe, "PXE", DHCP_EB_FEATURE_PXE, 1);

/* Where NBPs are loaded. */
#define NBP_LOAD_ADDR 0x7c00

extern char pxe_nbp_bang[];
extern char pxe_nbp_call[];
extern char pxe_nbp_restart[];
extern char _rm_memsz[];

/* Our base memory block: the structures, then the cached-info buffers. */
struct pxe_base {
	struct pxenv_plus pxenv;
	uint8_t pad1[0x30 - sizeof(struct pxenv_plus)];
	struct pxe_bang bang;
	uint8_t pad2[0x90 - 0x30 - sizeof(struct pxe_bang)];
	uint8_t cached[3][PXE_CACHED_INFO_LEN];
	uint8_t undi_frame[PXE_UNDI_FRAME_LEN];
} __packed;

static struct pxe_base *pxe_base;
static uint16_t pxe_base_seg;

struct net_device *pxe_netdev;
struct image *pxe_image;

static struct rm_entry pxenv_entry;
static struct rm_entry bang_entry;
static struct bios_hook int1a_hook;
static bool int1a_hooked;
static bool entries_allocated;
/* RESTART_TFTP asked for the new NBP to start when this call returns. */
static bool restart_pending;
/* STOP_UNDI took everything down (startup() must run if the NBP returns). */
static bool pxe_stopped;

void *pxe_segoff_ptr(struct segoff ptr)
{
	return real_to_virt(ptr.seg, ptr.off);
}

uint16_t pxe_status_of(int rc)
{
	switch (err_reason(rc)) {
	case ENOENT:
		return PXENV_STATUS_TFTP_FILE_NOT_FOUND;
	case ENOMEM:
	case ENOSPC:
		return PXENV_STATUS_OUT_OF_RESOURCES;
	case ENOTSUP:
		return PXENV_STATUS_UNSUPPORTED;
	case ETIMEDOUT:
		return PXENV_STATUS_TFTP_CANNOT_READ_FROM_CONNECTION;
	default:
		return PXENV_STATUS_FAILURE;
	}
}

void *pxe_undi_frame(struct segoff *addr)
{
	addr->seg = pxe_base_seg;
	addr->off = (uint16_t)offsetof(struct pxe_base, undi_frame);
	return pxe_base->undi_frame;
}

void *pxe_cached_buffer(unsigned int type, struct segoff *addr)
{
	addr->seg = pxe_base_seg;
	addr->off = (uint16_t)offsetof(struct pxe_base, cached[type - 1]);
	return pxe_base->cached[type - 1];
}

/* Run call OPCODE with the parameter block at PARAMS; returns AX. */
static int pxe_dispatch(uint16_t opcode, struct segoff params)
{
	struct pxe_api_call *call;
	uint16_t *status = pxe_segoff_ptr(params);
	int exit;

	/* No parameter block at all: nothing to write a status into. */
	if (!params.seg && !params.off)
		return PXENV_EXIT_FAILURE;
	for_each_table_entry(call, pxe_api_calls) {
		if (call->opcode == opcode)
			break;
	}
	if (call == table_end(pxe_api_calls)) {
		exit = pxe_exit(status, PXENV_STATUS_UNSUPPORTED);
		pxe_trace_call(NULL, opcode, status, exit);
		return exit;
	}
	exit = pxe_exit(status, (uint16_t)call->handler(status));
	pxe_trace_call(call, opcode, status, exit);
	return exit;
}

/* Registers the NBP starts with (or a restarted one). */
static void nbp_entry_regs(struct bios_regs *regs)
{
	regs->eax = 0;
	regs->es = pxe_base_seg;
	regs->ebx = offsetof(struct pxe_base, pxenv);
	regs->edx = ((uint32_t)pxe_base_seg << 4) +
		    offsetof(struct pxe_base, pxenv);
	regs->flags |= BIOS_IF;
}

/* Finish an entry: AX, carry, and a restart if one was asked for. */
static void pxe_return(struct bios_regs *regs, int exit)
{
	regs->ax = (uint16_t)exit;
	if (exit == PXENV_EXIT_SUCCESS)
		regs->flags &= (uint16_t)~BIOS_CF;
	else
		regs->flags |= BIOS_CF;
	if (restart_pending) {
		restart_pending = false;
		nbp_entry_regs(regs);
		regs->cs = rm_seg();
		regs->ip = (uint16_t)(uintptr_t)pxe_nbp_restart;
	}
}

/* PXENV+ entry: BX = opcode, ES:DI = parameters. */
static void pxenv_entry_handler(struct rm_entry *entry, struct bios_regs *regs)
{
	struct segoff params = { .off = regs->di, .seg = regs->es };

	pxe_return(regs, pxe_dispatch(regs->bx, params));
}

/* !PXE entry: opcode, parameter offset and segment on the caller's stack. */
static void bang_entry_handler(struct rm_entry *entry, struct bios_regs *regs)
{
	const uint16_t *args = real_to_virt(regs->ss, regs->sp);
	struct segoff params = { .off = args[1], .seg = args[2] };

	pxe_return(regs, pxe_dispatch(args[0], params));
}

/* INT 1Ah: AX=5650h finds PXENV+; everything else goes to the BIOS. */
static void int1a_handler(struct rm_entry *entry, struct bios_regs *regs)
{
	if (regs->ax != 0x5650) {
		bios_hook_chain(bios_hook_of(entry), regs);
		return;
	}
	regs->ax = 0x564e;
	regs->es = pxe_base_seg;
	regs->bx = offsetof(struct pxe_base, pxenv);
	regs->edx = ((uint32_t)pxe_base_seg << 4) +
		    offsetof(struct pxe_base, pxenv);
	regs->flags &= (uint16_t)~BIOS_CF;
}

/* Take the base memory and fill in the structures (once). */
static int pxe_base_init(void)
{
	struct pxe_layout layout;

	if (!pxe_base) {
		pxe_base = basemem_alloc(sizeof(*pxe_base), &pxe_base_seg);
		if (!pxe_base)
			return ERR(ENOMEM);
	}
	memset(&layout, 0, sizeof(layout));
	layout.pxenv_entry.seg = pxenv_entry.seg;
	layout.pxenv_entry.off = pxenv_entry.off;
	layout.bang_entry.seg = bang_entry.seg;
	layout.bang_entry.off = bang_entry.off;
	layout.bang.seg = pxe_base_seg;
	layout.bang.off = offsetof(struct pxe_base, bang);
	layout.code_seg = rm_seg();
	layout.code_size = (uint16_t)(uintptr_t)_rm_memsz;
	layout.data_seg = pxe_base_seg;
	layout.data_size = sizeof(*pxe_base);
	layout.stack_seg = rm_seg();
	layout.stack_size = (uint16_t)(uintptr_t)_rm_memsz;
	pxe_fill_structs(&pxe_base->pxenv, &pxe_base->bang, &layout);
	return 0;
}

/* Make the API reachable: entry points, structures, INT 1Ah. */
static int pxe_api_start(void)
{
	int rc;

	pxenv_entry.handler = pxenv_entry_handler;
	pxenv_entry.is_interrupt = 0;
	bang_entry.handler = bang_entry_handler;
	bang_entry.is_interrupt = 0;
	if ((rc = rm_entry_alloc(&pxenv_entry)) != 0)
		return rc;
	if ((rc = rm_entry_alloc(&bang_entry)) != 0)
		goto err_bang;
	entries_allocated = true;
	if ((rc = pxe_base_init()) != 0)
		goto err_base;
	if ((rc = bios_hook_install(&int1a_hook, 0x1a, int1a_handler)) != 0)
		goto err_base;
	int1a_hooked = true;
	return 0;

err_base:
	entries_allocated = false;
	rm_entry_free(&bang_entry);
err_bang:
	rm_entry_free(&pxenv_entry);
	return rc;
}

/* Unhook INT 1Ah; 0 or ERR(EBUSY) if someone hooked it after us. */
static int pxe_unhook(void)
{
	int rc;

	if (!int1a_hooked)
		return 0;
	if ((rc = bios_hook_remove(&int1a_hook)) != 0)
		return rc;
	int1a_hooked = false;
	return 0;
}

/* Drop the entry points. */
static void pxe_free_entries(void)
{
	if (!entries_allocated)
		return;
	rm_entry_free(&pxenv_entry);
	rm_entry_free(&bang_entry);
	entries_allocated = false;
}

int pxe_api_stop(void)
{
	int rc;

	if ((rc = pxe_unhook()) != 0)
		return rc;
	pxe_tftp_reset();
	pxe_udp_reset();
	pxe_file_reset();
	/* Hooks other than hidemem's INT 15h (a SAN drive): keep UNDI. */
	if (rm_entries_in_use() > (entries_allocated ? 3U : 1U))
		return ERR(EBUSY);
	pxe_undi_reset();
	pxe_free_entries();
	pxe_stopped = true;
	shutdown(SHUTDOWN_BOOT);
	return 0;
}

void pxe_restart_nbp(void)
{
	restart_pending = true;
}

int pxe_run_nbp(struct image *image, struct net_device *netdev)
{
	uint16_t *fbms = phys_to_virt(0x413);
	struct bios_regs regs;
	struct segoff *bang_ptr;
	int rc;

	if ((rc = pxe_api_start()) != 0)
		return rc;
	/* Base memory as it is now that our own block is taken. */
	if (NBP_LOAD_ADDR + image->len > (uint32_t)*fbms * 1024) {
		rc = ERR(EFBIG);
		goto out;
	}
	memcpy(phys_to_virt(NBP_LOAD_ADDR), image->data, image->len);
	pxe_netdev = netdev_get(netdev);
	pxe_image = image;
	pxe_stopped = false;
	bang_ptr = rm_ptr(pxe_nbp_bang);
	bang_ptr->seg = pxe_base_seg;
	bang_ptr->off = offsetof(struct pxe_base, bang);

	memset(&regs, 0, sizeof(regs));
	nbp_entry_regs(&regs);
	regs.cs = rm_seg();
	regs.ip = (uint16_t)(uintptr_t)pxe_nbp_call;
	realmode_call(&regs);
	rc = regs.ax == PXENV_EXIT_SUCCESS ? 0 : ERR(ECANCELED);

	pxe_tftp_reset();
	pxe_udp_reset();
	pxe_file_reset();
	pxe_undi_reset();
	/*
	 * It may have closed the NIC: reopen it.  After STOP_UNDI everything
	 * was shut down: start again (the NICs are probed afresh, so NETDEV is
	 * gone and its successor needs DHCP again).
	 */
	if (pxe_stopped) {
		pxe_stopped = false;
		startup();
	} else if (!netdev_is_open(netdev)) {
		netdev_open(netdev);
	}
	netdev_put(pxe_netdev);
	pxe_netdev = NULL;
	pxe_image = NULL;
out:
	pxe_unhook();
	pxe_free_entries();
	return rc;
}
