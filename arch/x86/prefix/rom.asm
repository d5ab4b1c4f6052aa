; Prefix for PCI expansion ROMs (bin/VVVVDDDD.rom, bin/wireboot.rom).
;
; Layout: the ROM header (55AA, size, init jump), a PCI data structure
; (PCIR) and a PnP expansion header ($PnP) with a boot entry vector (BEV);
; the BEV code and the payload decoder (uncm.c, position-independent
; 32-bit code); that much is resident.  Then the init code, which only runs
; during POST, and the payload: the 32-bit part followed by the real-mode
; part, compressed together (src/include/wireboot/cm_stream.h).
; util/romfinal.py sets the PCI IDs, sizes and checksums.
;
; Init (far-called during POST with AX = PCI bus:dev.fn): if the BIOS
; offers PMM, take extended-memory blocks for the decoder's work memory,
; the unpacked 32-bit part and a copy of the compressed payload, copy it
; there and shrink the ROM to its resident part; offer Ctrl-B for the shell for 2 seconds;
; then report "IPL device attached".  Without a PnP BIOS, hook INT 19h
; instead.
; BEV (far-called when the BIOS boots us): save the caller, take scratch
; base memory (and without PMM the unpack target there, and the decoder's
; work memory at 2 MiB if there is that much), unpack the payload in
; a brief 32-bit protected mode, copying its real-mode part down into the
; scratch memory, and start wireboot there (init16.asm, which moves it to
; the top of base memory) with a
; return context, through which wireboot far-returns to the BIOS when
; booting fails or the user exits (arch/x86/romboot.c).
;
; Assembled with -DPZ_BIN (the compressed payload), -DPM_FILESZ and
; -DPM_MEMSZ (the 32-bit part's size in the file and in memory),
; -DRM_FILESZ (the real-mode part's), -DUNCM_BIN (the decoder), and optionally
; -DWIREBOOT_VERSION (a quoted string, shown at POST) (arch/x86/media.mk).

%include "prefix.inc"
%include "media.inc"

	bits	16
	org	0

SCRATCH_BYTES	equ 0x6000	; context, GDT, real-mode part, decoder stack
SCR_CTX		equ 0x00	; struct prefix_return
SCR_GDT		equ 0x40	; 5 descriptors
SCR_GDTR	equ 0x68
SCR_PM32	equ 0x70	; far pointer (32:16) to the 32-bit code
SCR_REAL	equ 0x78	; far pointer (16:16) back to real mode
SCR_RM		equ 0x80	; the real-mode part (paragraph-aligned)
; The decoder's 16 KiB of stack stays clear of the real-mode part.
%if SCR_RM + RM_FILESZ > SCRATCH_BYTES - 0x4000
%error "the real-mode part does not fit in the ROM's scratch memory"
%endif
; The unpack target (PM_MEMSZ bytes) holds the whole payload.
%if PM_FILESZ + RM_FILESZ > PM_MEMSZ
%error "the payload is bigger than the 32-bit part in memory"
%endif
PMM_EXTENDED	equ 0x0002
; PMM handles: "WT"/"WP" and a hash of the image ([pmm_tag]), so a second
; copy of this same ROM (another NIC) finds the blocks the first one took
; instead of claiming new ones, and a different build does not.
HANDLE_TARGET	equ 0x57540000
HANDLE_PAYLOAD	equ 0x57500000
HANDLE_WORK	equ 0x57570000
; The decoder's work memory without PMM: extended memory from 2 MiB.
WORK_NO_PMM	equ 0x200000
CM_HDR_WORK	equ 8		; src/include/wireboot/cm_stream.h

rom_start:
	dw	0xaa55
rom_blocks:
	db	0			; romfinal.py
	jmp	near init
rom_checksum:
	db	0			; romfinal.py: the whole image sums to 0
	db	0
pmm_tag:
	dw	0			; romfinal.py: hash of the image, for PMM handles
	times	0x18 - ($ - $$) db 0
	dw	pcir
	dw	pnp

	align	4, db 0
pcir:
	db	"PCIR"
pcir_vendor:
	dw	0xffff			; romfinal.py
pcir_device:
	dw	0xffff			; romfinal.py
	dw	0			; device list
	dw	0x1c			; structure length
	db	3			; PCI firmware 3.0
	db	0x00, 0x00, 0x02	; class: Ethernet controller
pcir_blocks:
	dw	0			; romfinal.py: image length
	dw	0x0001			; code revision
	db	0			; code type: x86 BIOS
	db	0x80			; last image
pcir_runtime:
	dw	0			; romfinal.py: maximum runtime length
	dw	0			; configuration utility
	dw	0			; DMTF CLP

	align	16, db 0
pnp:
	db	"$PnP"
	db	1			; revision
	db	2			; length / 16
	dw	0			; next header
	db	0
pnp_checksum:
	db	0			; romfinal.py
	dd	0			; device ID
	dw	manufacturer
	dw	product
	db	0x02, 0x00, 0x00	; type: network, Ethernet
	db	0xf4			; DDIM, shadowable, cacheable, boot only, IPL
	dw	0			; BCV
	dw	0			; DV
	dw	bev			; BEV
	dw	0
	dw	0			; static resource information

manufacturer:	db	"wireboot project", 0
product:	db	"wireboot", 0

; Set by init (the shadow copy is writable during POST).
payload_phys:	dd	0		; PMM copy of the payload, 0 = in this ROM
target_phys:	dd	0		; PMM block for the 32-bit part, 0 = none
work_phys:	dd	0		; PMM block for the decoder, 0 = none
pci_bdf:	dw	0
pmm_entry:	dd	0
old_int19:	dd	0
return_flags:	db	0		; PREFIX_RETURN_SHELL after Ctrl-B at POST
resident_blocks: db	(resident_end - rom_start + 511) / 512

; ---------------------------------------------------------------------------
; INT 19h on a BIOS without PnP: boot wireboot like a BEV, then the old
; bootstrap handler.
int19:
	push	cs
	call	bev
	push	cs
	pop	ds
	xor	ax, ax
	mov	es, ax
	mov	eax, [old_int19]
	mov	[es:0x19 * 4], eax
	int	0x19

; ---------------------------------------------------------------------------
; BEV entry: far-called by the BIOS to boot from this device.  A far return
; tells the BIOS to try the next boot device.
bev:
	SAVE_CALLER
	cld
	mov	bp, sp

	; Scratch base memory: context, GDT, decoder stack.
	xor	ax, ax
	mov	ds, ax
	mov	dx, [0x413]		; free base memory before us (KiB)
	mov	ax, dx
	sub	ax, SCRATCH_BYTES / 1024
	mov	[0x413], ax
	shl	ax, 6
	mov	es, ax			; ES = scratch segment
	xor	di, di
	mov	cx, SCRATCH_BYTES / 2
	xor	ax, ax
	rep	stosw
	mov	dword [es:SCR_CTX + RET_MAGIC], RET_MAGIC_VALUE
	mov	[es:SCR_CTX + RET_SP], bp
	mov	[es:SCR_CTX + RET_SS], ss
	mov	[es:SCR_CTX + RET_FBM], dx
	mov	word [es:SCR_CTX + RET_IP], resume_caller
	mov	[es:SCR_CTX + RET_CS], cs
	mov	ax, [cs:pci_bdf]
	mov	[es:SCR_CTX + RET_BDF], ax
	mov	al, [cs:return_flags]
	mov	[es:SCR_CTX + RET_FLAGS], al

	; The unpack target: the PMM block, or more base memory.
	mov	edi, [cs:target_phys]
	test	edi, edi
	jnz	.have_target
	xor	ax, ax
	mov	ds, ax
	mov	ax, [0x413]
	sub	ax, (PM_MEMSZ + 1023) / 1024
	jc	.no_memory
	cmp	ax, 64			; keep the first 64 KiB
	jb	.no_memory
	mov	[0x413], ax
	movzx	edi, ax
	shl	edi, 10
.have_target:
	; The payload: the PMM copy, or in this ROM.
	mov	esi, [cs:payload_phys]
	test	esi, esi
	jnz	.have_payload
	mov	esi, cs
	shl	esi, 4
	add	esi, payload
.have_payload:
	; The decoder's work memory: the PMM block, or from 2 MiB up if INT
	; 15h AH=88h says the extended memory reaches that far.
	mov	ebp, [cs:work_phys]
	test	ebp, ebp
	jnz	.have_work
	mov	ah, 0x88
	int	0x15
	jc	.no_memory
	mov	ebp, [cs:payload + CM_HDR_WORK]
	shr	ebp, 10
	add	ebp, (WORK_NO_PMM >> 10) - 1024 + 1
	cmp	ax, bp
	jb	.no_memory
	mov	ebp, WORK_NO_PMM
.have_work:
	mov	ax, 0x2401		; A20 on (the BIOS's own way)
	int	0x15
	; Our own stack at the top of scratch (the BIOS's is in the context).
	push	es
	pop	ds			; DS = scratch
	mov	ax, ds
	mov	ss, ax
	mov	sp, SCRATCH_BYTES
	call	unpack
	cmp	eax, PM_FILESZ + RM_FILESZ
	jne	.corrupt
	; Start wireboot: init16.asm with the hand-over registers.
	mov	ebx, edi
	mov	ecx, PREFIX_ROM
	mov	esi, ds
	shl	esi, 4
	xor	edx, edx
	mov	ax, ds
	add	ax, SCR_RM / 16
	ENTER_RM_PART ax

.corrupt:
	mov	si, msg_corrupt
	jmp	.fail
.no_memory:
	mov	si, msg_memory
.fail:
	push	cs
	pop	ds
	call	print
	; Give the base memory back and let the BIOS try the next device.
	xor	ax, ax
	mov	ds, ax
	mov	ax, [es:SCR_CTX + RET_FBM]
	mov	[0x413], ax
	mov	di, SCR_CTX
	xor	ax, ax
	push	cs
	call	resume_caller

; Print the string at DS:SI on the screen and COM1.
print:
	lodsb
	test	al, al
	jz	.done
	call	print_char
	jmp	print
.done:
	ret

; Print AL on the screen (INT 10h) and on COM1 (INT 14h: SeaBIOS and
; many BIOSes show INT 10h output only on the screen).
print_char:
	pusha
	mov	ah, 0x0e
	mov	bx, 0x0007
	int	0x10
	popa
	pusha
	mov	ah, 0x01
	xor	dx, dx
	int	0x14
	popa
	ret

msg_corrupt:	db	"wireboot: ROM payload is corrupt", 13, 10, 0
msg_memory:	db	"wireboot: not enough base memory", 13, 10, 0

	RESUME_CALLER_ROUTINE

; Unpack the payload at linear ESI into linear EDI, with work memory at
; linear EBP, in 32-bit protected mode with flat segments, and if it is
; whole copy its real-mode part to SCR_RM.  DS = SS = scratch segment.
; Returns the decoder's result in EAX; keeps ESI, EDI.
unpack:
	push	esi
	push	edi
	mov	ebx, ds
	shl	ebx, 4			; EBX = scratch linear
	mov	edx, cs
	shl	edx, 4			; EDX = ROM linear
	; GDT: null, flat code32, flat data32, code16 at the ROM, data16 at
	; the scratch segment.
	mov	dword [SCR_GDT + 0x08], 0x0000ffff
	mov	dword [SCR_GDT + 0x0c], 0x00cf9b00
	mov	dword [SCR_GDT + 0x10], 0x0000ffff
	mov	dword [SCR_GDT + 0x14], 0x00cf9300
	mov	eax, edx
	mov	di, SCR_GDT + 0x18
	mov	cl, 0x9b
	call	descriptor16
	mov	eax, ebx
	mov	di, SCR_GDT + 0x20
	mov	cl, 0x93
	call	descriptor16
	mov	word [SCR_GDTR], 0x27
	lea	eax, [ebx + SCR_GDT]
	mov	[SCR_GDTR + 2], eax
	lea	eax, [edx + .pm32]
	mov	[SCR_PM32], eax
	mov	word [SCR_PM32 + 4], 0x08
	mov	word [SCR_REAL], .real
	mov	[SCR_REAL + 2], cs
	; Decoder arguments (cdecl): src, src_len, dst, dst_len, work.
	pop	edi
	pop	esi
	push	esi
	push	edi
	push	ebp
	movzx	ebp, sp
	add	ebp, ebx		; flat ESP once in protected mode
	lea	ecx, [edx + uncm]
	cli
	o32 lgdt [SCR_GDTR]
	mov	eax, cr0
	or	al, 1
	mov	cr0, eax
	o32 jmp far [SCR_PM32]

	bits	32
.pm32:
	mov	ax, 0x10
	mov	ds, ax
	mov	es, ax
	mov	ss, ax
	mov	esp, ebp
	push	dword PM_MEMSZ
	push	edi
	push	dword payload_end - payload
	push	esi
	call	ecx
	add	esp, 20
	cmp	eax, PM_FILESZ + RM_FILESZ
	jne	.leave
	lea	esi, [edi + PM_FILESZ]
	lea	edi, [ebx + SCR_RM]
	mov	ecx, RM_FILESZ
	rep	movsb
.leave:
	sub	esp, ebx		; back to an offset in the scratch segment
	jmp	0x18:.pm16
	bits	16
.pm16:
	mov	cx, 0x20
	mov	ds, cx
	mov	es, cx
	mov	ss, cx
	mov	ecx, cr0
	and	cl, 0xfe
	mov	cr0, ecx
	jmp	far [SCR_REAL]
.real:
	shr	ebx, 4
	mov	ds, bx
	mov	es, bx
	mov	ss, bx
	pop	edi
	pop	esi
	ret

; Fill the 16-bit descriptor at DS:DI: base EAX, 64 KiB, access byte CL.
descriptor16:
	mov	word [di], 0xffff
	mov	[di + 2], ax
	shr	eax, 16
	mov	[di + 4], al
	mov	[di + 5], cl
	mov	byte [di + 6], 0
	mov	[di + 7], ah
	ret

; ---------------------------------------------------------------------------
uncm:
	incbin	UNCM_BIN
resident_end:

; ---------------------------------------------------------------------------
; Init entry, far-called by the BIOS during POST.
init:
	pushad
	push	ds
	push	es
	cld
	push	cs
	pop	ds
	mov	[pci_bdf], ax
	cmp	dword [es:di], '$PnP'
	je	.pnp
	call	hook_int19
.pnp:
	call	find_pmm
	jc	.offer
	call	pmm_setup
.offer:
	call	offer_shell
	call	fix_checksum
	pop	es
	pop	ds
	popad
	mov	ax, 0x0020		; IPL device attached
	retf

; A BIOS without PnP calls no BEV: take over INT 19h (bootstrap) instead.
hook_int19:
	push	es
	xor	ax, ax
	mov	es, ax
	mov	eax, [es:0x19 * 4]
	mov	[old_int19], eax
	mov	word [es:0x19 * 4], int19
	mov	[es:0x19 * 4 + 2], cs
	pop	es
	ret

; Look for the PMM structure in E0000-FFFFF; CF clear and [pmm_entry]
; set if found.
find_pmm:
	push	es
	mov	bx, 0xe000
.next:
	mov	es, bx
	cmp	dword [es:0], '$PMM'
	jne	.skip
	movzx	cx, byte [es:5]
	cmp	cx, 16
	jae	.bytes
	shl	cx, 4			; some BIOSes count paragraphs
.bytes:
	xor	si, si
	xor	al, al
.sum:
	add	al, [es:si]
	inc	si
	loop	.sum
	test	al, al
	jnz	.skip
	mov	eax, [es:7]
	mov	[pmm_entry], eax
	pop	es
	clc
	ret
.skip:
	inc	bx
	jnz	.next
	pop	es
	stc
	ret

; pmmFind(EBX) or else pmmAllocate(ECX paragraphs, EBX, extended).
; Returns the linear address in EAX (0 if none), CF set if it was found
; (already ours from an earlier copy of this ROM).
pmm_get:
	push	ecx
	push	ebx
	push	ebx
	push	word 1
	call	far [pmm_entry]
	add	sp, 6
	pop	ebx
	pop	ecx
	shl	edx, 16
	mov	dx, ax
	test	edx, edx
	jz	.alloc
	cmp	edx, 0xffffffff
	je	.alloc
	mov	eax, edx
	stc
	ret
.alloc:
	push	word PMM_EXTENDED
	push	ebx
	push	ecx
	push	word 0
	call	far [pmm_entry]
	add	sp, 12
	shl	edx, 16
	mov	dx, ax
	mov	eax, edx
	cmp	eax, 0xffffffff
	jne	.ok
	xor	eax, eax
.ok:
	clc
	ret

; Take the PMM blocks (4 KiB multiples: some PMMs misbehave otherwise),
; copy the payload into one and shrink the ROM to its resident part.
pmm_setup:
	mov	ebx, HANDLE_WORK
	mov	bx, [pmm_tag]
	mov	ecx, [payload + CM_HDR_WORK]
	add	ecx, 4095
	shr	ecx, 12
	shl	ecx, 8			; paragraphs
	call	pmm_get
	mov	[work_phys], eax
	test	eax, eax
	jz	.done
	mov	ebx, HANDLE_TARGET
	mov	bx, [pmm_tag]
	mov	ecx, ((PM_MEMSZ + 4095) & ~4095) / 16
	call	pmm_get
	mov	[target_phys], eax
	test	eax, eax
	jz	.done
	mov	ebx, HANDLE_PAYLOAD
	mov	bx, [pmm_tag]
	mov	ecx, ((payload_end - payload + 4095) & ~4095) / 16
	call	pmm_get
	test	eax, eax
	jz	.done
	mov	[payload_phys], eax
	jc	.copied
	mov	edi, eax
	call	copy_payload
	jc	.failed
.copied:
	call	shrink
.done:
	ret
.failed:
	mov	dword [payload_phys], 0
	ret

; Copy the payload from this ROM to linear EDI, 32 KiB at a time, with
; INT 15h AH=87h (descriptor table on our stack).  CF set on failure.
copy_payload:
	push	es
	mov	esi, cs
	shl	esi, 4
	add	esi, payload
	mov	edx, payload_end - payload
.chunk:
	mov	ecx, 0x8000
	cmp	edx, ecx
	jae	.full
	mov	ecx, edx
	inc	ecx			; whole words
.full:
	pushad
	sub	sp, 48
	mov	bp, sp
	push	ss
	pop	es
	mov	di, bp
	push	cx
	mov	cx, 24
	xor	ax, ax
	rep	stosw
	pop	cx
	mov	eax, esi
	lea	di, [bp + 16]
	call	.descriptor
	mov	eax, [bp + 48]		; EDI saved by PUSHAD: the destination
	lea	di, [bp + 24]
	call	.descriptor
	shr	cx, 1
	mov	si, bp
	mov	ah, 0x87
	int	0x15
	lea	sp, [bp + 48]
	popad
	jc	.done
	add	esi, ecx
	add	edi, ecx
	sub	edx, ecx
	ja	.chunk
	clc
.done:
	pop	es
	ret
; The descriptor at SS:DI for base EAX: 64 KiB of writable data.
.descriptor:
	mov	word [ss:di], 0xffff
	mov	[ss:di + 2], eax
	mov	byte [ss:di + 5], 0x93
	shr	eax, 24
	mov	[ss:di + 7], al
	ret

; Make the image end at the resident part.
shrink:
	mov	al, [resident_blocks]
	mov	[rom_blocks], al
	ret

; Make the image (as long as the size byte says, which may exceed 64 KiB)
; sum to zero again after init changed it: SeaBIOS checks once more.
fix_checksum:
	push	es
	mov	byte [rom_checksum], 0
	movzx	dx, byte [rom_blocks]
	mov	bx, cs
	xor	al, al
.block:
	mov	es, bx
	xor	si, si
	mov	cx, 512
.sum:
	sub	al, [es:si]
	inc	si
	loop	.sum
	add	bx, 512 / 16
	dec	dx
	jnz	.block
	mov	[rom_checksum], al
	pop	es
	ret

; Say who we are and offer Ctrl-B for the shell for about 2 seconds (the
; BIOS tick count at 40:6Ch), on the keyboard (INT 16h) and on COM1 (INT
; 14h: SeaBIOS does not pass serial input to the keyboard).  Ctrl-B sets
; PREFIX_RETURN_SHELL in [return_flags] for the BEV; other keys are eaten.
offer_shell:
	mov	si, msg_offer
	call	print
	mov	al, [pci_bdf + 1]
	call	print_hex
	mov	al, ':'
	call	print_char
	mov	al, [pci_bdf]
	shr	al, 3
	call	print_hex
	mov	al, '.'
	call	print_char
	mov	al, [pci_bdf]
	and	al, 7
	call	print_digit
	mov	si, msg_ctrl_b
	call	print
	sti
	xor	ax, ax
	mov	es, ax
	mov	bx, [es:0x46c]
.poll:
	mov	ah, 0x01
	int	0x16
	jz	.serial
	xor	ah, ah
	int	0x16
	jmp	.key
.serial:
	mov	ax, 0x0300		; COM1 status: AH bit 0 = data ready
	xor	dx, dx
	int	0x14
	test	ah, 0x01
	jz	.tick
	mov	ah, 0x02
	int	0x14
.key:
	cmp	al, 0x02
	jne	.tick
	mov	byte [return_flags], PREFIX_RETURN_SHELL
	jmp	.done
.tick:
	mov	ax, [es:0x46c]
	sub	ax, bx
	cmp	ax, 37			; 18.2 ticks a second
	jb	.poll
.done:
	mov	si, msg_newline
	jmp	print

; Print AL as two lower-case hex digits.
print_hex:
	push	ax
	shr	al, 4
	call	print_digit
	pop	ax
	and	al, 0x0f
; Print the hex digit AL (0-15).
print_digit:
	add	al, '0'
	cmp	al, '9'
	jbe	.out
	add	al, 'a' - '9' - 1
.out:
	jmp	print_char

%ifdef WIREBOOT_VERSION
msg_offer:	db	13, 10, "wireboot ", WIREBOOT_VERSION, " (PCI ", 0
%else
msg_offer:	db	13, 10, "wireboot (PCI ", 0
%endif
msg_ctrl_b:	db	"): press Ctrl-B for the wireboot shell", 0
msg_newline:	db	13, 10, 0

	PAD_TO 16
payload:
	incbin	PZ_BIN
payload_end:
