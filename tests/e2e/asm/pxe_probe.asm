; A test NBP (T1d): checks what a PXE 2.1 stack gives an NBP and reports
; on COM1, one "PXEPROBE <what> <ok|FAIL> ..." line per check, then
; "PXEPROBE END", and returns to the firmware with AX = 0: after STOP_UNDI
; (which succeeds, or answers KEEP_UNDI while a SAN drive is hooked) the
; firmware must find its network again.
; Build: nasm -f bin -o pxe_probe.0 pxe_probe.asm

	bits	16
	org	0x7c00

start:
	mov	[entry_sp], sp
	mov	[entry_ss], ss
	mov	[pxenv_off], bx
	mov	[pxenv_seg], es
	mov	[entry_edx], edx
	push	cs
	pop	ds
	mov	bp, sp
	mov	ax, [bp + 4]
	mov	[bang_off], ax
	mov	ax, [bp + 6]
	mov	[bang_seg], ax
	sti
	cld

	; PXENV+: signature, checksum, version, EDX = its physical address.
	les	di, [pxenv_off]
	mov	si, sig_pxenv
	mov	cx, 6
	call	cmp_es_di
	jne	.pxenv_bad
	les	di, [pxenv_off]
	mov	cx, 0x2c
	call	sum_es_di
	jnz	.pxenv_bad
	les	di, [pxenv_off]
	cmp	word [es:di + 6], 0x0201
	jne	.pxenv_bad
	movzx	eax, word [pxenv_seg]
	shl	eax, 4
	movzx	ecx, word [pxenv_off]
	add	eax, ecx
	cmp	eax, [entry_edx]
	jne	.pxenv_bad
	; Its PXEPtr must be the !PXE we were given on the stack.
	mov	ax, [es:di + 0x28]
	cmp	ax, [bang_off]
	jne	.pxenv_bad
	mov	ax, [es:di + 0x2a]
	cmp	ax, [bang_seg]
	jne	.pxenv_bad
	mov	ax, [es:di + 0x0a]
	mov	[rm_entry_off], ax
	mov	ax, [es:di + 0x0c]
	mov	[rm_entry_seg], ax
	mov	si, msg_pxenv_ok
	jmp	.pxenv_done
.pxenv_bad:
	mov	si, msg_pxenv_fail
.pxenv_done:
	call	puts

	; !PXE: signature, checksum (88 bytes), 7 segment descriptors.
	les	di, [bang_off]
	mov	si, sig_bang
	mov	cx, 4
	call	cmp_es_di
	jne	.bang_bad
	les	di, [bang_off]
	movzx	cx, byte [es:di + 4]
	cmp	cx, 0x58
	jne	.bang_bad
	call	sum_es_di
	jnz	.bang_bad
	les	di, [bang_off]
	cmp	byte [es:di + 0x1d], 7
	jne	.bang_bad
	mov	ax, [es:di + 0x10]
	mov	[api_off], ax
	mov	ax, [es:di + 0x12]
	mov	[api_seg], ax
	mov	si, msg_bang_ok
	jmp	.bang_done
.bang_bad:
	mov	si, msg_bang_fail
.bang_done:
	call	puts

	; INT 1Ah AX=5650h.
	mov	ax, 0x5650
	xor	bx, bx
	mov	es, bx
	xor	edx, edx
	stc
	int	0x1a
	jc	.int1a_bad
	cmp	ax, 0x564e
	jne	.int1a_bad
	cmp	bx, [pxenv_off]
	jne	.int1a_bad
	mov	ax, es
	cmp	ax, [pxenv_seg]
	jne	.int1a_bad
	cmp	edx, [entry_edx]
	jne	.int1a_bad
	mov	si, msg_int1a_ok
	jmp	.int1a_done
.int1a_bad:
	mov	si, msg_int1a_fail
.int1a_done:
	call	puts

	; GET_CACHED_INFO type 0 and 4: AX=1, Status 3.
	mov	word [ci_type], 0
	call	cached_info
	call	expect_unsupported
	mov	si, msg_ci0
	call	report
	mov	word [ci_type], 4
	call	cached_info
	call	expect_unsupported
	mov	si, msg_ci4
	call	report

	; Type 2 into the stack's own buffer (BufferSize 0): 1260 bytes of
	; a BOOTREPLY.
	mov	word [ci_type], 2
	mov	word [ci_size], 0
	call	cached_info
	mov	al, 1
	cmp	word [ret_ax], 0
	jne	.ci2_done
	cmp	word [ci_status], 0
	jne	.ci2_done
	cmp	word [ci_size], 1260
	jne	.ci2_done
	les	di, [ci_buf]
	mov	eax, [es:di + 20]
	mov	[server_ip], eax
	mov	al, 1
	cmp	byte [es:di], 2
	jne	.ci2_done
	mov	al, 0
.ci2_done:
	mov	si, msg_ci2
	call	report

	; Type 1 into our buffer: a BOOTREQUEST with a UUID option (97).
	mov	word [ci_type], 1
	mov	word [ci_size], 1260
	mov	word [ci_buf], buffer
	mov	[ci_buf + 2], cs
	call	cached_info
	mov	al, 1
	cmp	word [ret_ax], 0
	jne	.ci1_done
	cmp	word [ci_size], 1260
	jne	.ci1_done
	cmp	byte [buffer], 1
	jne	.ci1_done
	mov	al, 0
.ci1_done:
	mov	si, msg_ci1
	call	report

	; An unknown opcode through both entry points: AX=1, Status 3.
	mov	word [ci_status], 0xffff
	mov	bx, 0x1234
	mov	di, ci_status
	call	call_bang
	call	expect_unsupported
	mov	si, msg_bad_bang
	call	report
	mov	word [ci_status], 0xffff
	mov	bx, 0x1234
	push	cs
	pop	es
	mov	di, ci_status
	call	far [rm_entry_off]
	push	cs
	pop	ds
	mov	[ret_ax], ax
	call	expect_unsupported
	mov	si, msg_bad_pxenv
	call	report

	; UDP_OPEN, UDP_READ with nothing queued (fails at once), UDP_CLOSE.
	mov	dword [udp_block + 2], 0
	mov	bx, 0x0030
	mov	di, udp_block
	call	call_bang
	mov	al, [ret_ax]
	or	al, [udp_block]
	mov	si, msg_udp_open
	call	report
	mov	dword [udp_block + 2], 0
	mov	dword [udp_block + 6], 0
	mov	word [udp_block + 10], 0
	mov	word [udp_block + 12], 0x3412
	mov	word [udp_block + 14], 512
	mov	word [udp_block + 16], buffer
	mov	[udp_block + 18], cs
	mov	bx, 0x0032
	mov	di, udp_block
	call	call_bang
	mov	al, 1
	cmp	word [ret_ax], 1
	jne	.udp_read_done
	mov	al, 0
.udp_read_done:
	mov	si, msg_udp_read
	call	report
	mov	bx, 0x0031
	mov	di, udp_block
	call	call_bang

	; TFTP_GET_FSIZE of probe.0 (server = the ACK's siaddr).
	call	tb_clear
	mov	eax, [server_ip]
	mov	[tb + 2], eax
	mov	si, name_probe
	mov	di, tb + 10
	call	strcpy
	mov	bx, 0x0025
	mov	di, tb
	call	call_bang
	mov	si, msg_fsize
	call	puts
	mov	ax, [tb]
	mov	edx, [tb + 138]
	call	status_size

	; TFTP_OPEN (PacketSize 100: raised to 512), TFTP_READ to the end.
	call	tb_clear
	mov	eax, [server_ip]
	mov	[tb + 2], eax
	mov	si, name_probe
	mov	di, tb + 10
	call	strcpy
	mov	word [tb + 138], 0x4500
	mov	word [tb + 140], 100
	mov	bx, 0x0020
	mov	di, tb
	call	call_bang
	mov	si, msg_topen
	call	puts
	mov	ax, [tb]
	movzx	edx, word [tb + 140]
	call	status_size
	mov	dword [total], 0
	mov	word [seq], 0
	mov	byte [seq_bad], 0
.tread:
	mov	word [rb], 0xffff
	mov	word [rb + 4], 0
	mov	word [rb + 6], buffer
	mov	[rb + 8], cs
	mov	bx, 0x0022
	mov	di, rb
	call	call_bang
	cmp	word [ret_ax], 0
	jne	.tread_done
	inc	word [seq]
	mov	ax, [seq]
	cmp	ax, [rb + 2]
	je	.seq_ok
	mov	byte [seq_bad], 1
.seq_ok:
	movzx	eax, word [rb + 4]
	add	[total], eax
	cmp	ax, 512
	je	.tread
.tread_done:
	mov	si, msg_tread
	call	puts
	movzx	ax, byte [seq_bad]
	mov	edx, [total]
	call	status_size
	mov	bx, 0x0021
	mov	di, rb
	call	call_bang

	; TFTP_READ_FILE of "probe.0dir\probe.0" to 2 MiB: the previous name glued
	; in front and a backslash, as Windows 2000 loaders send (needs
	; ${pxe-winpaths} unless the server copes).
	call	tb_clear
	mov	si, name_win
	mov	di, tb + 2
	call	strcpy
	mov	dword [tb + 130], 0x100000
	mov	dword [tb + 134], 0x200000
	mov	eax, [server_ip]
	mov	[tb + 138], eax
	mov	word [tb + 152], 0x4500
	mov	bx, 0x0023
	mov	di, tb
	call	call_bang
	mov	si, msg_treadfile
	call	puts
	mov	ax, [tb]
	mov	edx, [tb + 130]
	call	status_size

	; STOP_UNDI: report the status (4 while a SAN drive is hooked).
	mov	word [ci_status], 0xffff
	mov	bx, 0x0015
	mov	di, ci_status
	call	call_bang
	mov	si, msg_stop
	call	puts
	mov	ax, [ci_status]
	call	puthex
	mov	si, msg_ax
	call	puts
	mov	ax, [ret_ax]
	call	puthex
	mov	si, msg_nl
	call	puts
	mov	si, msg_end
	call	puts
	xor	ax, ax
	retf

; Print "status=AX size=EDX" and a newline.
status_size:
	push	edx
	push	ax
	mov	si, msg_status
	call	puts
	pop	ax
	call	puthex
	mov	si, msg_size
	call	puts
	pop	edx
	mov	eax, edx
	shr	eax, 16
	call	puthex
	mov	ax, dx
	call	puthex
	mov	si, msg_nl
	jmp	puts

; Zero the TFTP parameter block.
tb_clear:
	push	cs
	pop	es
	mov	di, tb
	mov	cx, 160
	xor	al, al
	rep	stosb
	ret

; Copy the NUL-terminated string at DS:SI to DS:DI.
strcpy:
	lodsb
	mov	[di], al
	inc	di
	test	al, al
	jnz	strcpy
	ret

; GET_CACHED_INFO with ci_type (ci_size/ci_buf as set), via !PXE.
cached_info:
	mov	word [ci_status], 0xffff
	mov	word [ci_limit], 0
	mov	bx, 0x0071
	mov	di, ci_status
	jmp	call_bang

; AL = 0 if the last call gave AX=1 and Status 3, else 1.
expect_unsupported:
	mov	al, 1
	cmp	word [ret_ax], 1
	jne	.out
	cmp	word [ci_status], 3
	jne	.out
	mov	al, 0
.out:
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

; Print the name at SI, then " ok" (AL = 0) or " FAIL" and a newline.
report:
	push	ax
	call	puts
	pop	ax
	mov	si, msg_ok
	test	al, al
	jz	.print
	mov	si, msg_fail
.print:
	jmp	puts

; Compare CX bytes at DS:SI with ES:DI (ZF set if equal).
cmp_es_di:
	repe	cmpsb
	ret

; Sum CX bytes at ES:DI (ZF set if the sum is 0).
sum_es_di:
	xor	al, al
.loop:
	add	al, [es:di]
	inc	di
	loop	.loop
	test	al, al
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

sig_pxenv:	db	"PXENV+"
sig_bang:	db	"!PXE"
msg_pxenv_ok:	db	"PXEPROBE pxenv ok", 13, 10, 0
msg_pxenv_fail:	db	"PXEPROBE pxenv FAIL", 13, 10, 0
msg_bang_ok:	db	"PXEPROBE bang ok", 13, 10, 0
msg_bang_fail:	db	"PXEPROBE bang FAIL", 13, 10, 0
msg_int1a_ok:	db	"PXEPROBE int1a ok", 13, 10, 0
msg_int1a_fail:	db	"PXEPROBE int1a FAIL", 13, 10, 0
msg_ci0:	db	"PXEPROBE cached0", 0
msg_ci4:	db	"PXEPROBE cached4", 0
msg_ci2:	db	"PXEPROBE cached2", 0
msg_ci1:	db	"PXEPROBE cached1", 0
msg_bad_bang:	db	"PXEPROBE badop-bang", 0
msg_bad_pxenv:	db	"PXEPROBE badop-pxenv", 0
msg_udp_open:	db	"PXEPROBE udp-open", 0
msg_udp_read:	db	"PXEPROBE udp-read-empty", 0
msg_stop:	db	"PXEPROBE stop-undi status=", 0
msg_ax:		db	" ax=", 0
msg_fsize:	db	"PXEPROBE tftp-fsize ", 0
msg_topen:	db	"PXEPROBE tftp-open ", 0
msg_tread:	db	"PXEPROBE tftp-read ", 0
msg_treadfile:	db	"PXEPROBE tftp-read-file ", 0
msg_status:	db	"status=", 0
msg_size:	db	" size=", 0
name_probe:	db	"probe.0", 0
name_win:	db	"probe.0dir\probe.0", 0
msg_ok:		db	" ok", 13, 10, 0
msg_fail:	db	" FAIL", 13, 10, 0
msg_nl:		db	13, 10, 0
msg_end:	db	"PXEPROBE END", 13, 10, 0

	align	4
entry_sp:	dw	0
entry_ss:	dw	0
entry_edx:	dd	0
pxenv_off:	dw	0
pxenv_seg:	dw	0
bang_off:	dw	0
bang_seg:	dw	0
api_off:	dw	0
api_seg:	dw	0
rm_entry_off:	dw	0
rm_entry_seg:	dw	0
ret_ax:		dw	0
server_ip:	dd	0
total:		dd	0
seq:		dw	0
seq_bad:	db	0
; GET_CACHED_INFO parameter block (also used as a bare status word).
ci_status:	dw	0
ci_type:	dw	0
ci_size:	dw	0
ci_buf:		dw	0, 0
ci_limit:	dw	0
; UDP_OPEN / UDP_READ / UDP_CLOSE parameter block.
udp_block:	times	24 db 0
; TFTP parameter blocks.
tb:		times	160 db 0
rb:		times	10 db 0
buffer:		times	1260 db 0
