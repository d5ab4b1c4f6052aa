; void relocate_image(uint32_t new_phys): move the running 32-bit image
; (code, data, .bss and the stack we are running on) to NEW_PHYS and
; continue there.  Because the image is linked at virtual address 0 and the
; 32-bit segments have their base at the image, moving it only needs a
; copy and new segment bases: no pointer changes value.

%include "rmswitch.inc"

	extern	_pm_memsz, virt_offset, rm_base
	extern	gdt_code32, gdt_data32

	bits	32
	section	.text
	global	relocate_image
relocate_image:
	push	ebp
	push	ebx
	push	esi
	push	edi
	mov	ebx, [esp + 20]
	mov	esi, [virt_offset]
	mov	[virt_offset], ebx
	; New bases in the GDT (in the real-mode part, reached flat).
	mov	ax, SEL_FLAT
	mov	es, ax
	mov	edi, [rm_base]
	add	edi, gdt_code32
	call	set_base32
	mov	edi, [rm_base]
	add	edi, gdt_data32
	call	set_base32
	; Copy with flat selectors, backwards if the ranges overlap that way.
	; Nothing may touch the stack from here until the segments are
	; reloaded: the copy includes it.
	mov	ds, ax
	mov	edi, ebx
	mov	ecx, _pm_memsz
	add	ecx, 3
	shr	ecx, 2
	cmp	edi, esi
	jbe	.forward
	lea	esi, [esi + ecx * 4 - 4]
	lea	edi, [edi + ecx * 4 - 4]
	std
.forward:
	rep	movsd
	cld
	jmp	SEL_CODE32:.moved
.moved:
	mov	ax, SEL_DATA32
	mov	ds, ax
	mov	es, ax
	mov	fs, ax
	mov	gs, ax
	mov	ss, ax
	pop	edi
	pop	esi
	pop	ebx
	pop	ebp
	ret

; Store base EBX into the descriptor at ES:EDI.
set_base32:
	mov	edx, ebx
	mov	[es:edi + 2], dx
	shr	edx, 16
	mov	[es:edi + 4], dl
	mov	[es:edi + 7], dh
	ret
