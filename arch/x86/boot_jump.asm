; Handing the machine to an operating system, for the OS loaders:
;  - boot_jump_flat: from our 32-bit code (segment base = virt_offset) to
;    a kernel entry point in flat 32-bit protected mode (multiboot, ELF),
;    or on into 64-bit long mode through identity-mapping page tables;
;  - boot_enter_setup: in real mode, into a Linux bzImage's setup code
;    with its segments and stack set as the boot protocol asks.

	bits	32
	section	.data progbits alloc noexec write align=16

; Flat descriptors: 0x08 32-bit code, 0x10 data, 0x18 64-bit code.
	align	16
flat_gdt:
	dq	0
	dw	0xffff, 0
	db	0, 0x9a, 0xcf, 0
	dw	0xffff, 0
	db	0, 0x92, 0xcf, 0
	dw	0, 0
	db	0, 0x9a, 0x20, 0
flat_gdt_end:
flat_gdtr:
	dw	flat_gdt_end - flat_gdt - 1
	dd	0		; linear address of flat_gdt, set below

FLAT_CODE32	equ	0x08
FLAT_DATA	equ	0x10
FLAT_CODE64	equ	0x18
CR4_PAE		equ	0x00000020
CR0_PG		equ	0x80000000
MSR_EFER	equ	0xc0000080
EFER_LME	equ	0x00000100

	extern	virt_offset

; void boot_jump_flat(uint32_t entry, uint32_t eax, uint32_t ebx, uint32_t cr3)
	section	.text
	global	boot_jump_flat
boot_jump_flat:
	cli
	mov	esi, [esp + 4]
	mov	edi, [esp + 8]
	mov	ebx, [esp + 12]
	mov	ebp, [esp + 16]
	mov	ecx, [virt_offset]
	lea	edx, [ecx + flat_gdt]
	mov	[flat_gdtr + 2], edx
	lgdt	[flat_gdtr]
	; Far return to .flat by its linear address, through the flat selector.
	lea	edx, [ecx + .flat]
	push	dword FLAT_CODE32
	push	edx
	retf
.flat:
	mov	dx, FLAT_DATA
	mov	ds, dx
	mov	es, dx
	mov	fs, dx
	mov	gs, dx
	mov	ss, dx
	add	esp, ecx	; the same stack, now by its linear address
	test	ebp, ebp
	jnz	.long
	mov	eax, edi
	jmp	esi
.long:
	lea	edx, [ecx + .long64]
	push	dword FLAT_CODE64
	push	edx
	mov	eax, cr4
	or	eax, CR4_PAE
	mov	cr4, eax
	mov	cr3, ebp
	mov	ecx, MSR_EFER
	rdmsr
	or	eax, EFER_LME
	wrmsr
	mov	eax, cr0
	or	eax, CR0_PG
	mov	cr0, eax
	retf
	bits	64
.long64:
	mov	esi, esi	; clear the upper halves
	mov	eax, edi
	mov	ebx, ebx
	jmp	rsi

	bits	16
	section	.text16 progbits alloc exec nowrite align=16
	global	boot_enter_setup
boot_enter_setup:
	cli
	mov	ss, ax
	mov	sp, bx
	mov	ds, ax
	mov	es, ax
	mov	fs, ax
	mov	gs, ax
	add	ax, 0x20
	push	ax
	push	word 0
	retf
