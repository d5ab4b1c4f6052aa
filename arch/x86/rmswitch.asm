; Switching between 32-bit protected mode (where the C code runs) and real
; mode (where the BIOS runs), in both directions:
;  - rm_call_asm: C calls a real-mode routine or interrupt with registers
;    from rm_callblk (used by realmode_int/realmode_call in realmode.c);
;  - entry stubs: real-mode code enters a stub (by INT or far call), which
;    saves the caller's registers on its stack, switches to protected mode
;    and calls rm_entry_dispatch() in C, then returns with the registers C
;    left in the frame.
; Every real->protected switch saves the real-mode stack pointer and every
; protected->real switch saves the protected-mode one, so calls nest: C may
; call the BIOS from inside a handler entered from real mode.

%include "rmswitch.inc"

	bits	16
	section	.data16 progbits alloc noexec write align=16

; GDT; init16.asm and relocate.asm fill in the bases.
	global	gdt, gdt_code32, gdt_data32, gdt_code16, gdt_data16
	align	16
gdt:
	dq	0
gdt_code32:			; SEL_CODE32
	dw	0xffff, 0
	db	0, 0x9a, 0xcf, 0
gdt_data32:			; SEL_DATA32
	dw	0xffff, 0
	db	0, 0x92, 0xcf, 0
gdt_code16:			; SEL_CODE16
	dw	0xffff, 0
	db	0, 0x9a, 0x00, 0
gdt_data16:			; SEL_DATA16
	dw	0xffff, 0
	db	0, 0x92, 0x00, 0
				; SEL_FLAT
	dw	0xffff, 0
	db	0, 0x92, 0xcf, 0
gdt_end:

	global	gdtr
gdtr:
	dw	gdt_end - gdt - 1
	dd	0		; linear address of gdt, set by init16.asm

	section	.bss16 nobits alloc noexec write align=16

	global	rm_cs, rm_sp_save, rm_ss_save, rm_callblk, rm_buffer
; Our real-mode code segment.
rm_cs:		resw	1
; Real-mode stack pointer saved by the last real->protected switch (offset
; first, for LSS).
rm_sp_save:	resw	1
rm_ss_save:	resw	1
		alignb	4
; Registers for rm_call_asm (struct bios_regs + CALL_IS_INT).
rm_callblk:	resb	REGS_SIZE + 2
		alignb	16
; Scratch buffer for BIOS calls that take a far pointer (RM_BUFFER_SIZE).
rm_buffer:	resb	2048
; A few words of stack used only while far-returning into real mode.
	global	switch_stack_top
		resw	8
switch_stack_top:

	bits	32
	section	.data progbits alloc noexec write align=4

	global	pm_esp, virt_offset, rm_base
; Protected-mode stack pointer saved by the last protected->real switch.
pm_esp:		dd	0
; Physical address of virtual address 0.
virt_offset:	dd	0
; Physical address of the real-mode part.
rm_base:	dd	0

; ---------------------------------------------------------------------------
; void rm_call_asm(void): far-call rm_callblk.cs:ip in real mode, first
; pushing FLAGS if rm_callblk[CALL_IS_INT] is set (an emulated INT), with
; the registers in rm_callblk, which receives them back.
	section	.text progbits alloc exec nowrite align=16
	global	rm_call_asm
rm_call_asm:
	push	ebp
	push	ebx
	push	esi
	push	edi
	GO_RM	rm_call16

	bits	16
	section	.text16 progbits alloc exec nowrite align=16
rm_call16:
	RM_ENTERED
	mov	eax, [rm_callblk + REGS_EAX]
	mov	ebx, [rm_callblk + REGS_EBX]
	mov	ecx, [rm_callblk + REGS_ECX]
	mov	edx, [rm_callblk + REGS_EDX]
	mov	esi, [rm_callblk + REGS_ESI]
	mov	edi, [rm_callblk + REGS_EDI]
	mov	ebp, [rm_callblk + REGS_EBP]
	mov	es, [rm_callblk + REGS_ES]
	mov	fs, [rm_callblk + REGS_FS]
	mov	gs, [rm_callblk + REGS_GS]
	push	word [rm_callblk + REGS_FLAGS]
	cmp	byte [rm_callblk + CALL_IS_INT], 0
	mov	ds, [cs:rm_callblk + REGS_DS]
	je	.far
	popf
	pushf
	call	far [cs:rm_callblk + REGS_IP]
	jmp	.back
.far:
	popf
	call	far [cs:rm_callblk + REGS_IP]
.back:
	pushf
	cli
	mov	[cs:rm_callblk + REGS_EAX], eax
	mov	[cs:rm_callblk + REGS_EBX], ebx
	mov	[cs:rm_callblk + REGS_ECX], ecx
	mov	[cs:rm_callblk + REGS_EDX], edx
	mov	[cs:rm_callblk + REGS_ESI], esi
	mov	[cs:rm_callblk + REGS_EDI], edi
	mov	[cs:rm_callblk + REGS_EBP], ebp
	mov	[cs:rm_callblk + REGS_DS], ds
	mov	[cs:rm_callblk + REGS_ES], es
	mov	[cs:rm_callblk + REGS_FS], fs
	mov	[cs:rm_callblk + REGS_GS], gs
	pop	word [cs:rm_callblk + REGS_FLAGS]
	cld
	GO_PM	rm_call_done

	bits	32
	section	.text
rm_call_done:
	PM_ENTERED
	pop	edi
	pop	esi
	pop	ebx
	pop	ebp
	ret

; ---------------------------------------------------------------------------
; Let pending hardware interrupts run (far-called by platform_idle()).
	bits	16
	section	.text16
	global	rm_idle
rm_idle:
	sti
	nop
	nop
	cli
	retf

; ---------------------------------------------------------------------------
; Entry stubs.  Stub N pushes N and joins rm_entry_common, which builds
; this frame on the caller's stack (lowest address first):
;   gs fs es ds | edi esi ebp esp ebx edx ecx eax (PUSHAD) | flags | N |
;   ip cs (the caller's return address) | [flags, if entered by INT]
; rm_entry_dispatch() reads it through rm_sp_save/rm_ss_save and writes
; back a frame of the same form without N (and without the INT's flags),
; ending where the original ended, moving rm_sp_save up to it; the exit
; path pops it and returns with RETF, having loaded FLAGS with POPF.
RM_ENTRY_SLOTS	equ 16
RM_STUB_SIZE	equ 6

; One stub: exactly RM_STUB_SIZE bytes (assembly fails otherwise).
%macro ENTRY_STUB 1
%%start:
	push	strict word %1
	jmp	near rm_entry_common
%%end:
	times	RM_STUB_SIZE - (%%end - %%start) db 0
	times	(%%end - %%start) - RM_STUB_SIZE db 0
%endmacro

	global	rm_entry_stubs
	align	16
rm_entry_stubs:
%assign slot 0
%rep RM_ENTRY_SLOTS
	ENTRY_STUB slot
%assign slot slot + 1
%endrep

rm_entry_common:
	pushf
	pushad
	push	ds
	push	es
	push	fs
	push	gs
	cld
	GO_PM	rm_entry32

	bits	32
	section	.text
	extern	rm_entry_dispatch
rm_entry32:
	PM_ENTERED
	call	rm_entry_dispatch
	GO_RM	rm_entry_exit16

	bits	16
	section	.text16
rm_entry_exit16:
	RM_ENTERED
	pop	gs
	pop	fs
	pop	es
	pop	ds
	popad
	popf
	retf
