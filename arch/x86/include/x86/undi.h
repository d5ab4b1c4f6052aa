/*
 * wireboot as a PXE client: finding the PXE stack of the ROM that loaded
 * us (PXENV+ and !PXE, from the NBP entry registers or INT 1Ah AX=5650h),
 * calling it, and the UNDI network driver of bin/undionly.kpxe, which
 * sends and receives through the ROM's UNDI API (open, transmit, polled
 * ISR, close) instead of a native driver.  The PXE structures, opcodes
 * and parameter blocks are in x86/pxe_types.h.
 */
#ifndef WIREBOOT_X86_UNDI_H
#define WIREBOOT_X86_UNDI_H

#include <wireboot/compiler.h>
#include "pxe_types.h"

/* Room for any parameter block the client passes (x86/pxe_types.h). */
#define UNDI_PARAM_MAX 128

/* The PXE stack we were loaded by; found by undi_find(). */
struct undi_stack {
	struct pxenv_plus *pxenv;	/* NULL if there is none */
	/* NULL if only PXENV+ was found; valid up to entry_esp only. */
	struct pxe_bang *ppxe;
	/* Where parameter blocks go: UNDI_PARAM_MAX bytes of base memory. */
	void *param;
	uint16_t param_seg;
};

/*
 * Find the PXE stack of the ROM that loaded us (0, or ERR(ENODEV) if we
 * were not started as an NBP or no valid structure was found).
 */
int undi_find(struct undi_stack *stack);

/*
 * Call API function OPCODE with the LEN-byte parameter block PARAMS
 * (copied to base memory and back).  Returns 0, or ERR(EIO) when the
 * call fails (the block's Status word says why).
 */
int undi_call(struct undi_stack *stack, unsigned int opcode, void *params,
	      size_t len);

#endif
