; A multiboot v1 test kernel for tests/e2e/test_boot_linux.py: prints what
; the loader handed it to COM1 and leaves QEMU through isa-debug-exit
; (port 0xf4).  Built two ways:
;   nasm -f elf32 multiboot_test.asm; ld -m elf_i386 -Ttext 0x100000
;       (an ELF kernel: the loader reads the program headers)
;   nasm -f bin -DKLUDGE multiboot_test.asm
;       (a flat binary using the header's address kludge)
; Output lines, all starting "MB ":
;   MB magic=<eax> flags=<flags> lower=<mem_lower> upper=<mem_upper>
;   MB cmdline=<string>
;   MB loader=<string>
;   MB mods=<count>
;   MB mod <i> <start> <end> string=<string> data=<first 16 bytes>
;   MB mmap <base> <length> <type>
;   MB done

	bits	32
MAGIC	equ	0x1badb002
%ifdef KLUDGE
FLAGS	equ	0x00010003
	org	0x100000
%else
FLAGS	equ	0x00000003
	section	.text
	global	_start
%endif
COM1	equ	0x3f8
EXIT_PORT equ	0xf4

load_start:
	jmp	_start
	align	4
header:
	dd	MAGIC, FLAGS, -(MAGIC + FLAGS)
%ifdef KLUDGE
	dd	header, load_start, load_end, bss_end, _start
%endif

_start:
	mov	esp, stack_top
	mov	[saved_eax], eax
	mov	[saved_ebx], ebx
	mov	esi, s_magic
	call	puts
	mov	eax, [saved_eax]
	call	puthex
	mov	esi, s_flags
	call	puts
	mov	ebx, [saved_ebx]
	mov	eax, [ebx]
	call	puthex
	mov	esi, s_lower
	call	puts
	mov	eax, [ebx + 4]
	call	puthex
	mov	esi, s_upper
	call	puts
	mov	eax, [ebx + 8]
	call	puthex
	call	newline

	mov	esi, s_cmdline
	call	puts
	mov	esi, [ebx + 16]
	call	puts
	call	newline

	mov	esi, s_loader
	call	puts
	mov	esi, [ebx + 64]
	call	puts
	call	newline

	mov	esi, s_mods
	call	puts
	mov	eax, [ebx + 20]
	call	puthex
	call	newline
	mov	ecx, [ebx + 20]
	mov	edi, [ebx + 24]
	xor	edx, edx
.mod:
	test	ecx, ecx
	jz	.mods_done
	push	ecx
	mov	esi, s_mod
	call	puts
	mov	eax, edx
	call	puthex
	call	space
	mov	eax, [edi]
	call	puthex
	call	space
	mov	eax, [edi + 4]
	call	puthex
	mov	esi, s_string
	call	puts
	mov	esi, [edi + 8]
	call	puts
	mov	esi, s_data
	call	puts
	mov	esi, [edi]
	mov	ecx, 16
.byte:
	lodsb
	cmp	al, 0x20
	jb	.dot
	cmp	al, 0x7e
	jbe	.print
.dot:
	mov	al, '.'
.print:
	call	putc
	loop	.byte
	call	newline
	pop	ecx
	add	edi, 16
	inc	edx
	dec	ecx
	jmp	.mod
.mods_done:

	mov	edi, [ebx + 48]		; mmap_addr
	mov	ebp, edi
	add	ebp, [ebx + 44]		; + mmap_length
.mmap:
	cmp	edi, ebp
	jae	.mmap_done
	mov	esi, s_mmap
	call	puts
	mov	eax, [edi + 8]
	call	puthex
	mov	eax, [edi + 4]
	call	puthex
	call	space
	mov	eax, [edi + 16]
	call	puthex
	mov	eax, [edi + 12]
	call	puthex
	call	space
	mov	eax, [edi + 20]
	call	puthex
	call	newline
	add	edi, [edi]
	add	edi, 4
	jmp	.mmap
.mmap_done:
	mov	esi, s_done
	call	puts
	call	newline
	call	newline
	mov	dx, EXIT_PORT
	mov	al, 0
	out	dx, al
.halt:
	cli
	hlt
	jmp	.halt

; Print the NUL-terminated string at ESI.
puts:
	push	eax
.next:
	lodsb
	test	al, al
	jz	.end
	call	putc
	jmp	.next
.end:
	pop	eax
	ret

space:
	push	eax
	mov	al, ' '
	call	putc
	pop	eax
	ret

newline:
	push	eax
	mov	al, 13
	call	putc
	mov	al, 10
	call	putc
	pop	eax
	ret

; Print EAX as eight hex digits.
puthex:
	push	ecx
	push	eax
	mov	ecx, 8
.digit:
	rol	eax, 4
	push	eax
	and	al, 0x0f
	add	al, '0'
	cmp	al, '9'
	jbe	.out
	add	al, 'A' - '9' - 1
.out:
	call	putc
	pop	eax
	loop	.digit
	pop	eax
	pop	ecx
	ret

; Send AL to COM1 when it is ready.
putc:
	push	edx
	push	eax
	mov	dx, COM1 + 5
.wait:
	in	al, dx
	test	al, 0x20
	jz	.wait
	pop	eax
	mov	dx, COM1
	out	dx, al
	pop	edx
	ret

s_magic:	db	"MB magic=", 0
s_flags:	db	" flags=", 0
s_lower:	db	" lower=", 0
s_upper:	db	" upper=", 0
s_cmdline:	db	"MB cmdline=", 0
s_loader:	db	"MB loader=", 0
s_mods:		db	"MB mods=", 0
s_mod:		db	"MB mod ", 0
s_string:	db	" string=", 0
s_data:		db	" data=", 0
s_mmap:		db	"MB mmap ", 0
s_done:		db	"MB done", 0

%ifdef KLUDGE
load_end:
	alignb	4
saved_eax	equ	load_end
saved_ebx	equ	load_end + 4
stack_top	equ	load_end + 4096 + 8
bss_end		equ	stack_top
%else
	section	.bss
saved_eax:	resd	1
saved_ebx:	resd	1
	resb	4096
stack_top:
%endif
