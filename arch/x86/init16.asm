; The common real-mode start of every pcbios image.  A prefix (lkrn, usb,
; iso) loads the real-mode part anywhere in base memory and the 32-bit part
; anywhere below 4 GiB, then jumps to offset 0 of the real-mode part with:
;   EBX = physical address of the 32-bit part
;   ECX = PREFIX_xxx (x86/pcbios.h)
;   DL  = BIOS drive we were loaded from (usb, iso)
;   ESI = prefix data (lkrn: physical address of the Linux setup header)
; We move the real-mode part to the top of base memory (lowering the free
; base memory count at 40:13 so the OS keeps out), enable A20, fill in the
; GDT and enter 32-bit protected mode at x86_start() (start.c), which
; relocates the 32-bit part to high memory.

%include "rmswitch.inc"

	extern	_rm_filesz, _rm_bsssz, _rm_kb
	extern	_pm_bss_start, _pm_bss_size, _pm_stack_top
	extern	x86_start
	extern	virt_offset, rm_base, rm_cs, rm_sp_save, rm_ss_save
	extern	gdt, gdtr, gdt_code16, gdt_data16, gdt_code32, gdt_data32

	bits	16
	section	.text16.entry progbits alloc exec nowrite align=16

	global	rm_start
rm_start:
	cli
	cld
	; Take the top _rm_kb KiB of base memory.
	xor	ax, ax
	mov	ds, ax
	mov	ax, [0x413]
	sub	ax, _rm_kb
	mov	[0x413], ax
	shl	ax, 6
	mov	es, ax
	; Copy the real-mode part there and clear its .bss16.
	push	cs
	pop	ds
	push	esi
	push	cx
	xor	si, si
	xor	di, di
	mov	cx, _rm_filesz
	rep	movsb
	mov	cx, _rm_bsssz
	xor	al, al
	rep	stosb
	pop	cx
	pop	esi
	push	es
	push	word installed
	retf

installed:
	mov	ax, cs
	mov	ds, ax
	mov	ss, ax
	mov	sp, rm_stack_top
	mov	[rm_cs], ax
	mov	[rm_sp_save], sp
	mov	[rm_ss_save], ss
	mov	[boot_info + 0], ebx
	mov	[boot_info + 4], esi
	mov	[boot_info + 8], cl
	mov	[boot_info + 9], dl
	call	enable_a20

	; GDT bases: 16-bit segments at the real-mode part, 32-bit ones at
	; the 32-bit part.
	movzx	edx, word [rm_cs]
	shl	edx, 4
	mov	eax, edx
	mov	di, gdt_code16
	call	set_base
	mov	eax, edx
	mov	di, gdt_data16
	call	set_base
	mov	eax, ebx
	mov	di, gdt_code32
	call	set_base
	mov	eax, ebx
	mov	di, gdt_data32
	call	set_base
	lea	eax, [edx + gdt]
	mov	[gdtr + 2], eax

	; EBX (32-bit part) and EDX (real-mode part) survive GO_PM.
	GO_PM	pm_start

; Store base EAX into the GDT descriptor at DS:DI.
set_base:
	mov	[di + 2], ax
	shr	eax, 16
	mov	[di + 4], al
	mov	[di + 7], ah
	ret

; Turn on the A20 line if it is off: BIOS first, then port 92h, then the
; keyboard controller.  If all fail we carry on; high memory will alias.
enable_a20:
	call	a20_on
	jnz	.done
	mov	ax, 0x2401
	int	0x15
	call	a20_on
	jnz	.done
	in	al, 0x92
	or	al, 0x02
	and	al, 0xfe
	out	0x92, al
	call	a20_on
	jnz	.done
	call	kbc_wait
	mov	al, 0xd1
	out	0x64, al
	call	kbc_wait
	mov	al, 0xdf
	out	0x60, al
	call	kbc_wait
	mov	cx, 0
.settle:
	call	a20_on
	jnz	.done
	loop	.settle
.done:
	ret

; Wait (a while) for the keyboard controller to accept a byte.
kbc_wait:
	push	cx
	xor	cx, cx
.busy:
	in	al, 0x64
	test	al, 0x02
	loopnz	.busy
	pop	cx
	ret

; ZF clear if A20 is on: a byte at 0000:0500 is not also at FFFF:0510.
; Both bytes are put back (the second may be inside the 32-bit part).
a20_on:
	push	ds
	push	es
	push	bx
	xor	ax, ax
	mov	ds, ax
	dec	ax
	mov	es, ax
	mov	bh, [es:0x510]
	mov	bl, [0x500]
	mov	byte [0x500], 0x00
	mov	byte [es:0x510], 0xff
	cmp	byte [0x500], 0xff
	mov	[es:0x510], bh
	mov	[0x500], bl
	pop	bx
	pop	es
	pop	ds
	ret

; First entry to protected mode: clear .bss (which holds the stack), record
; where the two parts are and call the C start.
	bits	32
	section	.text
pm_start:
	mov	ax, SEL_DATA32
	mov	ds, ax
	mov	es, ax
	mov	fs, ax
	mov	gs, ax
	mov	ss, ax
	mov	edi, _pm_bss_start
	mov	ecx, _pm_bss_size
	xor	eax, eax
	rep	stosb
	mov	[virt_offset], ebx
	mov	[rm_base], edx
	mov	esp, _pm_stack_top
	call	x86_start
.halt:
	hlt
	jmp	.halt

	section	.bss16 nobits alloc noexec write align=16
	global	boot_info
; struct x86_boot_info
boot_info:	resb	16
; The real-mode stack used for BIOS calls.
	alignb	16
		resb	4096
rm_stack_top:
