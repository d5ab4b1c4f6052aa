/*
 * Finding and calling the PXE stack of the ROM that loaded us as an NBP.
 * The PXE prefix kept the entry registers: ES:BX -> PXENV+ and the far
 * pointer to !PXE on the caller's stack; failing those, INT 1Ah AX=5650h
 * answers with PXENV+.  Each structure must have its signature and a zero
 * byte sum.  Calls go through the PXENV+ real-mode entry (BX = opcode,
 * ES:DI = parameter block, AX = 0 on success).
 */
#include <string.h>
#include <wireboot/errors.h>
#include <x86/realmode.h>
#include <x86/romboot.h>
#include <x86/undi.h>

#define ERR_SUBSYS ESUB_PXE

/* Does the LEN-byte structure at P sum to zero? */
static bool sums_to_zero(const void *p, size_t len)
{
	const uint8_t *byte = p;
	uint8_t sum = 0;

	while (len--)
		sum = (uint8_t)(sum + *byte++);
	return sum == 0;
}

/* The PXENV+ at SEG:OFF, or NULL if it is not a valid one. */
static struct pxenv_plus *valid_pxenv(uint16_t seg, uint16_t off)
{
	struct pxenv_plus *pxenv;

	if (!seg && !off)
		return NULL;
	pxenv = real_to_virt(seg, off);
	if (memcmp(pxenv->signature, "PXENV+", 6) != 0 ||
	    pxenv->length < sizeof(*pxenv) - sizeof(pxenv->pxe_ptr) ||
	    !sums_to_zero(pxenv, pxenv->length))
		return NULL;
	return pxenv;
}

/* The !PXE at SEG:OFF, or NULL if it is not a valid one. */
static struct pxe_bang *valid_ppxe(uint16_t seg, uint16_t off)
{
	struct pxe_bang *ppxe;

	if (!seg && !off)
		return NULL;
	ppxe = real_to_virt(seg, off);
	if (memcmp(ppxe->signature, "!PXE", 4) != 0 ||
	    /* Only the part up to the status callout is needed. */
	    ppxe->length < offsetof(struct pxe_bang, status_callout) ||
	    !sums_to_zero(ppxe, ppxe->length))
		return NULL;
	return ppxe;
}

int undi_find(struct undi_stack *stack)
{
	struct prefix_return *ctx = prefix_return_context();
	struct bios_regs regs = { 0 };

	memset(stack, 0, sizeof(*stack));
	if (!ctx || prefix_type() == PREFIX_ROM)
		return ERR(ENODEV);
	stack->pxenv = valid_pxenv((uint16_t)(ctx->pxenv >> 16),
				   (uint16_t)ctx->pxenv);
	stack->ppxe = valid_ppxe((uint16_t)(ctx->ppxe >> 16), (uint16_t)ctx->ppxe);
	if (!stack->pxenv) {
		regs.ax = 0x5650;
		if (realmode_int(0x1a, &regs) == 0 && regs.ax == 0x564e)
			stack->pxenv = valid_pxenv(regs.es, regs.bx);
		/* Our own PXE API (if it hooked INT 1Ah already) does not count. */
		if (stack->pxenv && stack->pxenv->rm_entry.seg == rm_seg())
			stack->pxenv = NULL;
	}
	if (!stack->pxenv)
		return ERR(ENODEV);
	if (!stack->ppxe && stack->pxenv->version >= 0x0201)
		stack->ppxe = valid_ppxe(stack->pxenv->pxe_ptr.seg,
					 stack->pxenv->pxe_ptr.off);
	stack->param = basemem_alloc(UNDI_PARAM_MAX, &stack->param_seg);
	if (!stack->param)
		return ERR(ENOMEM);
	return 0;
}

int undi_call(struct undi_stack *stack, unsigned int opcode, void *params,
	      size_t len)
{
	struct bios_regs regs = { 0 };
	struct s_PXENV_STATUS *status = stack->param;

	if (len > UNDI_PARAM_MAX || len < sizeof(*status))
		return ERR(EINVAL);
	memcpy(stack->param, params, len);
	status->status = 1;
	regs.bx = (uint16_t)opcode;
	regs.es = stack->param_seg;
	regs.di = 0;
	regs.cs = stack->pxenv->rm_entry.seg;
	regs.ip = stack->pxenv->rm_entry.off;
	realmode_call(&regs);
	memcpy(params, stack->param, len);
	return regs.ax == 0 ? 0 : ERR(EIO);
}
