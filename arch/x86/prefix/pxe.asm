; Prefix for the PXE network boot programs bin/wireboot.pxe,
; bin/wireboot.kpxe and bin/undionly.kpxe: a PXE ROM loads the file at
; 0000:7C00 and far-calls it with ES:BX -> PXENV+ and SS:[SP+4] -> !PXE.
;
; We save the caller's registers on its stack and keep a return context
; (and a copy of the routine that resumes the caller) in 1 KiB of base
; memory taken from 40:13, then hand over to the real-mode part (run in
; place; init16.asm copies it to the top of base memory) with the 32-bit
; part where it was loaded, just after it.  The C side (arch/x86/undi*.c)
; finds the PXE stack through the context and, by prefix type, unloads it
; (.pxe), keeps it (.kpxe) or drives the NIC through it (undionly.kpxe);
; arch/x86/romboot.c resumes the PXE ROM when wireboot exits.
;
; Assembled with -DRM_BIN, -DPM_BIN and -DPXE_PREFIX_TYPE (PREFIX_PXE,
; PREFIX_KPXE or PREFIX_UNDIONLY).

%include "prefix.inc"
%include "media.inc"

LOAD_SEG	equ 0x07c0

	bits	16
	org	0

start:
	jmp	LOAD_SEG:.go		; some ROMs call 0000:7C00, others 07C0:0000
.go:
	SAVE_CALLER
	cld
	mov	bp, sp
	; 1 KiB of base memory: the context and the resume routine.
	xor	ax, ax
	mov	ds, ax
	mov	dx, [0x413]
	mov	ax, dx
	dec	ax
	mov	[0x413], ax
	shl	ax, 6
	mov	es, ax
	xor	di, di
	mov	cx, 512
	xor	ax, ax
	rep	stosw
	mov	dword [es:RET_MAGIC], RET_MAGIC_VALUE
	mov	[es:RET_SP], bp
	mov	[es:RET_SS], ss
	mov	[es:RET_FBM], dx
	mov	word [es:RET_IP], RET_SIZE
	mov	[es:RET_CS], es
	mov	[es:RET_PXENV], bx
	mov	ax, [bp + 4]		; the caller's ES (PXENV+ segment)
	mov	[es:RET_PXENV + 2], ax
	; The !PXE pointer above the caller's return address (segments,
	; PUSHAD and EFLAGS lie below that).
	mov	eax, [bp + 8 + 32 + 4 + 4]
	mov	[es:RET_PPXE], eax
	; The resume routine, copied next to the context.
	push	cs
	pop	ds
	mov	si, resume_caller
	mov	di, RET_SIZE
	mov	cx, resume_end - resume_caller
	rep	movsb

	movzx	esi, word [es:RET_CS]
	shl	esi, 4
	mov	ebx, LOAD_SEG * 16 + (pm_part - $$)
	mov	ecx, PXE_PREFIX_TYPE
	xor	edx, edx
	ENTER_RM_PART LOAD_SEG + (rm_part - $$) / 16

	RESUME_CALLER_ROUTINE
resume_end:

	PAD_TO 16
rm_part:
	incbin	RM_BIN
	PAD_TO 16
pm_part:
	incbin	PM_BIN
