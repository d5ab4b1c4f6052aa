; A plain ELF test program for tests/e2e/test_boot_linux.py: prints a
; line to COM1 naming the mode it was entered in and leaves QEMU through
; isa-debug-exit (port 0xf4).
;   nasm -f elf32 elf_test.asm; ld -m elf_i386 -N -Ttext 0x200000
;       prints "ELF32 entered cs=<CS> eax=<EAX> cr0=<CR0>"
;   nasm -f elf64 -DELF64 elf_test.asm; ld -m elf_x86_64 -N -Ttext 0x200000
;       prints "ELF64 entered cs=<CS> cr0=<CR0>" (64-bit code)

COM1	equ	0x3f8
EXIT_PORT equ	0xf4

%ifdef ELF64
	bits	64
%define AX_ rax
%define SI_ rsi
%define CX_ rcx
%define DX_ rdx
%else
	bits	32
%define AX_ eax
%define SI_ esi
%define CX_ ecx
%define DX_ edx
%endif

	section	.text
	global	_start
_start:
	mov	ebx, eax
%ifdef ELF64
	lea	rsp, [rel stack_top]
	lea	rsi, [rel s_hello64]
%else
	mov	esp, stack_top
	mov	esi, s_hello32
%endif
	call	puts
	mov	ax, cs
	movzx	eax, ax
	call	puthex
%ifndef ELF64
	mov	esi, s_eax
	call	puts
	mov	eax, ebx
	call	puthex
%endif
%ifdef ELF64
	lea	rsi, [rel s_cr0]
%else
	mov	esi, s_cr0
%endif
	call	puts
	mov	AX_, cr0
	call	puthex
	mov	al, 13
	call	putc
	mov	al, 10
	call	putc
	call	putc
	mov	dx, EXIT_PORT
	mov	al, 0
	out	dx, al
.halt:
	cli
	hlt
	jmp	.halt

; Print the NUL-terminated string at [E|R]SI.
puts:
	lodsb
	test	al, al
	jz	.end
	call	putc
	jmp	puts
.end:
	ret

; Print EAX as eight hex digits.
puthex:
	mov	ecx, 8
.digit:
	rol	eax, 4
	push	AX_
	and	al, 0x0f
	add	al, '0'
	cmp	al, '9'
	jbe	.out
	add	al, 'A' - '9' - 1
.out:
	call	putc
	pop	AX_
	loop	.digit
	ret

; Send AL to COM1 when it is ready.
putc:
	push	DX_
	push	AX_
	mov	dx, COM1 + 5
.wait:
	in	al, dx
	test	al, 0x20
	jz	.wait
	pop	AX_
	mov	dx, COM1
	out	dx, al
	pop	DX_
	ret

s_hello32:	db	"ELF32 entered cs=", 0
s_hello64:	db	"ELF64 entered cs=", 0
s_eax:		db	" eax=", 0
s_cr0:		db	" cr0=", 0

	section	.bss
	alignb	16
	resb	4096
stack_top:
