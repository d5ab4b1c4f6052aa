; A 1.44 MB floppy image for the memdisk test: its boot sector prints
; "FLOPPY boot dl=<DL>" to COM1, reads sector 2 through INT 13h and prints
; the text found there, then leaves QEMU through isa-debug-exit (0xf4).
;   nasm -f bin -o floppy.img floppy_boot.asm

	bits	16
	org	0x7c00
COM1	equ	0x3f8
EXIT_PORT equ	0xf4
SECTOR2	equ	0x7e00

start:
	cli
	xor	ax, ax
	mov	ds, ax
	mov	es, ax
	mov	ss, ax
	mov	sp, 0x7c00
	sti
	mov	[drive], dl
	mov	si, s_boot
	call	puts
	mov	al, [drive]
	call	puthex8
	call	newline
	mov	ax, 0x0201		; read one sector
	mov	cx, 0x0002		; cylinder 0, sector 2
	xor	dh, dh
	mov	dl, [drive]
	mov	bx, SECTOR2
	int	0x13
	jc	.failed
	mov	si, s_read
	call	puts
	mov	si, SECTOR2
	call	puts
	jmp	.done
.failed:
	mov	si, s_fail
	call	puts
.done:
	call	newline
	call	newline
	mov	dx, EXIT_PORT
	xor	al, al
	out	dx, al
.halt:
	hlt
	jmp	.halt

puts:
	lodsb
	test	al, al
	jz	.end
	call	putc
	jmp	puts
.end:
	ret

newline:
	mov	al, 13
	call	putc
	mov	al, 10
	jmp	putc

puthex8:
	push	ax
	shr	al, 4
	call	.nibble
	pop	ax
.nibble:
	and	al, 0x0f
	add	al, '0'
	cmp	al, '9'
	jbe	putc
	add	al, 'A' - '9' - 1
putc:
	push	dx
	push	ax
	mov	dx, COM1 + 5
.wait:
	in	al, dx
	test	al, 0x20
	jz	.wait
	pop	ax
	mov	dx, COM1
	out	dx, al
	pop	dx
	ret

drive:	db	0
s_boot:	db	"FLOPPY boot dl=", 0
s_read:	db	"FLOPPY sector2=", 0
s_fail:	db	"FLOPPY read failed", 0

	times	510 - ($ - $$) db 0
	dw	0xaa55
	db	"second-sector-text", 0
	times	1474560 - ($ - $$) db 0
