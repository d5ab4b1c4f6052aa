; A test NBP for ${pxe-winpaths}: asks the DHCP next-server, through the
; PXE API, for "\boot\startrom.n12" with TFTP_OPEN/TFTP_READ, then for
; "\boot\startrom.n12\boot\ntldr" (the previous name glued in front, as
; Windows 2000 loaders ask) with TFTP_READ_FILE to 2000:0000.  For each it
; prints on COM1 "WINPATH <open|read-file> status=SSSS size=NNNNNNNN
; sum=XXXXXXXX" (sum: the bytes added up), then "WINPATH END", and returns
; to the firmware with AX = 0.
; Build: nasm -f bin -o winpath.0 pxe_winpath.asm

	bits	16
	org	0x7c00

start:
	push	cs
	pop	ds
	mov	bp, sp
	mov	ax, [bp + 4]
	mov	[bang_off], ax
	mov	ax, [bp + 6]
	mov	[bang_seg], ax
	sti
	cld
	les	di, [bang_off]
	mov	ax, [es:di + 0x10]
	mov	[api_off], ax
	mov	ax, [es:di + 0x12]
	mov	[api_seg], ax

	; GET_CACHED_INFO type 2 into the stack's buffer: siaddr.
	mov	word [ci + 2], 2
	mov	bx, 0x0071
	mov	di, ci
	call	call_bang
	les	di, [ci + 6]
	mov	eax, [es:di + 20]
	mov	[server_ip], eax

	; TFTP_OPEN (PacketSize 512), TFTP_READ to the short packet, TFTP_CLOSE.
	mov	eax, [server_ip]
	mov	[tb + 2], eax
	mov	si, name_open
	mov	di, tb + 10
	call	strcpy
	mov	word [tb + 138], 0x4500
	mov	word [tb + 140], 512
	mov	bx, 0x0020
	mov	di, tb
	call	call_bang
	mov	ax, [tb]
	mov	[status], ax
	cmp	word [ret_ax], 0
	jne	.open_report
.read:
	mov	word [rb + 4], 0
	mov	word [rb + 6], buffer
	mov	[rb + 8], cs
	mov	bx, 0x0022
	mov	di, rb
	call	call_bang
	cmp	word [ret_ax], 0
	je	.got
	mov	ax, [rb]
	mov	[status], ax
	jmp	.close
.got:
	movzx	ecx, word [rb + 4]
	add	[total], ecx
	push	cs
	pop	es
	mov	di, buffer
	call	sum_bytes
	cmp	word [rb + 4], 512
	je	.read
.close:
	mov	bx, 0x0021
	mov	di, rb
	call	call_bang
.open_report:
	mov	si, msg_open
	call	report

	; TFTP_READ_FILE of the glued name to 0x20000 (at most 64 KiB).
	mov	dword [total], 0
	mov	dword [sum], 0
	mov	si, name_glued
	mov	di, fb + 2
	call	strcpy
	mov	dword [fb + 130], 0x10000
	mov	dword [fb + 134], 0x20000
	mov	eax, [server_ip]
	mov	[fb + 138], eax
	mov	word [fb + 152], 0x4500
	mov	bx, 0x0023
	mov	di, fb
	call	call_bang
	mov	ax, [fb]
	mov	[status], ax
	cmp	word [ret_ax], 0
	jne	.file_report
	mov	ecx, [fb + 130]
	mov	[total], ecx
	mov	ax, 0x2000
	mov	es, ax
	xor	di, di
	call	sum_bytes
.file_report:
	mov	si, msg_file
	call	report
	mov	si, msg_end
	call	puts
	xor	ax, ax
	retf

; Add CX bytes at ES:DI to sum.
sum_bytes:
	jcxz	.done
.loop:
	movzx	eax, byte [es:di]
	add	[sum], eax
	inc	di
	loop	.loop
.done:
	ret

; Print the name at SI, then " status=... size=... sum=..." and a newline.
report:
	call	puts
	mov	si, msg_status
	call	puts
	mov	ax, [status]
	call	puthex
	mov	si, msg_size
	call	puts
	mov	eax, [total]
	call	puthex32
	mov	si, msg_sum
	call	puts
	mov	eax, [sum]
	call	puthex32
	mov	si, msg_nl
	jmp	puts

; Copy the NUL-terminated string at DS:SI to DS:DI.
strcpy:
	lodsb
	mov	[di], al
	inc	di
	test	al, al
	jnz	strcpy
	ret

; Call !PXE with opcode BX and parameters CS:DI; AX saved in ret_ax.
call_bang:
	push	cs
	push	di
	push	bx
	call	far [api_off]
	add	sp, 6
	push	cs
	pop	ds
	mov	[ret_ax], ax
	ret

; Print the NUL-terminated string at DS:SI on COM1.
puts:
	lodsb
	test	al, al
	jz	.done
	call	putc
	jmp	puts
.done:
	ret

; Print EAX as eight hex digits.
puthex32:
	push	eax
	shr	eax, 16
	call	puthex
	pop	eax
	jmp	puthex

; Print AX as four hex digits.
puthex:
	mov	cx, 4
.digit:
	rol	ax, 4
	push	ax
	and	al, 0x0f
	add	al, '0'
	cmp	al, '9'
	jbe	.put
	add	al, 'a' - '9' - 1
.put:
	call	putc
	pop	ax
	loop	.digit
	ret

; Send AL to COM1 once the transmitter is ready.
putc:
	push	dx
	push	ax
	mov	dx, 0x3fd
.wait:
	in	al, dx
	test	al, 0x20
	jz	.wait
	pop	ax
	mov	dx, 0x3f8
	out	dx, al
	pop	dx
	ret

name_open:	db	"\boot\startrom.n12", 0
name_glued:	db	"\boot\startrom.n12\boot\ntldr", 0
msg_open:	db	"WINPATH open", 0
msg_file:	db	"WINPATH read-file", 0
msg_status:	db	" status=", 0
msg_size:	db	" size=", 0
msg_sum:	db	" sum=", 0
msg_nl:		db	13, 10, 0
msg_end:	db	"WINPATH END", 13, 10, 0

	align	4
bang_off:	dw	0
bang_seg:	dw	0
api_off:	dw	0
api_seg:	dw	0
ret_ax:		dw	0
status:		dw	0
server_ip:	dd	0
total:		dd	0
sum:		dd	0
; GET_CACHED_INFO: Status, PacketType, BufferSize 0, Buffer, BufferLimit.
ci:		times	12 db 0
; TFTP_OPEN, TFTP_READ (also TFTP_CLOSE's Status), TFTP_READ_FILE.
tb:		times	142 db 0
rb:		times	10 db 0
fb:		times	158 db 0
buffer:		times	1432 db 0
