; Starting an NBP as PXE 2.1 section 4.4.5 says: far-called at 0000:7C00
; with the !PXE structure's address at SS:[SP+4] (the registers come from
; realmode_call()), and starting a new one in its place (RESTART_TFTP) on
; the same stack, so that it returns to wherever the first would have.

	bits	16
	section	.data16 progbits alloc noexec write align=4

	global	pxe_nbp_bang
; The !PXE structure's address (offset, segment), set before the call.
pxe_nbp_bang:	dw	0, 0
; SS:SP the NBP was started with (offset first, for LSS).
pxe_nbp_stack:	dw	0, 0
; Where NBPs start.
pxe_nbp_entry:	dw	0x7c00, 0

	section	.text16 progbits alloc exec nowrite align=16

; Far-called by realmode_call() with the NBP's entry registers loaded.
	global	pxe_nbp_call
pxe_nbp_call:
	push	word [cs:pxe_nbp_bang + 2]
	push	word [cs:pxe_nbp_bang]
	mov	[cs:pxe_nbp_stack], sp
	sub	word [cs:pxe_nbp_stack], 4
	mov	[cs:pxe_nbp_stack + 2], ss
	call	far [cs:pxe_nbp_entry]
	add	sp, 4
	retf

; Where an API call returns to after RESTART_TFTP: back onto the first
; NBP's starting stack, then into the new NBP (registers already set).
	global	pxe_nbp_restart
pxe_nbp_restart:
	lss	sp, [cs:pxe_nbp_stack]
	jmp	far [cs:pxe_nbp_entry]
