; INT 13h probe for a SAN disk larger than 2 TiB (tests/e2e/test_san_iscsi.py).
; Sector 0 loads the probe (2 sectors from LBA 1) to 0000:7E00 with AH=42h.
; The probe prints on COM1, one line per call and only after the call
; returned (so wireboot's INT 13h trace lines never split a line):
;   TYPE   15h: AH and the sector count in CX:DX
;   EDD48  48h: the 64-bit sector count and the bytes per sector
;   READ   42h with a 64-bit LBA: at HIGH_LBA (2 sectors, above 2^32), at
;          the last sector (count - 1 from 48h) and one past the end; each
;          with CF, AH, the first 16 bytes read and the dword sum of all
;   WRITE  43h of one sector at HIGH_LBA + 2 (dword o = 5A000000h + o)
; then SANBIG DONE.  Build: nasm -f bin -o san_big.bin san_big.asm.

bits 16
org 0x7c00

STAGE2_SECTORS	equ 2
HIGH_LBA_LO	equ 0x23456789		; HIGH_LBA = 1_2345_6789h
HIGH_LBA_HI	equ 0x1
BUF_SEG		equ 0x2000		; read buffer
WBUF_SEG	equ 0x3000		; write buffer
PARAMS		equ 0x0600		; 48h result buffer

loader:
	cli
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov sp, 0x7c00
	sti
	mov [drive], dl
	mov si, load_dap
	mov ah, 0x42
	int 0x13
	jc .fail
	jmp 0:stage2
.fail:	mov al, '!'
	call putc
.halt:	hlt
	jmp .halt

; Print AL on COM1.
putc:	push dx
	push ax
	mov dx, 0x3fd
.wait:	in al, dx
	test al, 0x20
	jz .wait
	pop ax
	mov dx, 0x3f8
	out dx, al
	pop dx
	ret

load_dap:
	db 0x10, 0, STAGE2_SECTORS, 0
	dw 0x7e00, 0
	dq 1
drive:	db 0

	times 510 - ($ - $$) db 0
	dw 0xaa55

; ---------------------------------------------------------------- stage 2

%macro PRINT 1
	jmp %%skip
%%str:	db %1, 0
%%skip:
	mov si, %%str
	call puts
%endmacro

stage2:
	PRINT `SANBIG START DL=`
	mov al, [drive]
	call hex8
	call newline

	; 15h: type and 32-bit sector count
	mov ah, 0x15
	mov dl, [drive]
	int 0x13
	call save_cf
	mov [r_ax], ax
	mov [r_cx], cx
	mov [r_dx], dx
	PRINT `TYPE CF=`
	call print_cf
	PRINT ` AH=`
	mov al, [r_ax + 1]
	call hex8
	PRINT ` SIZE=`
	mov ax, [r_cx]
	call hex16
	mov ax, [r_dx]
	call hex16
	call newline

	; 48h: parameters (the 26-byte result)
	mov word [PARAMS], 0x1a
	mov si, PARAMS
	mov ah, 0x48
	mov dl, [drive]
	int 0x13
	call save_cf
	mov [r_ax], ax
	PRINT `EDD48 CF=`
	call print_cf
	PRINT ` AH=`
	mov al, [r_ax + 1]
	call hex8
	PRINT ` SECTORS=`
	mov eax, [PARAMS + 0x14]
	call hex32
	mov eax, [PARAMS + 0x10]
	call hex32
	PRINT ` BPS=`
	mov ax, [PARAMS + 0x18]
	call hex16
	call newline

	; 42h: two sectors above 2^32
	mov eax, HIGH_LBA_LO
	mov edx, HIGH_LBA_HI
	mov cl, 2
	call read_dump

	; 42h: the last sector
	mov eax, [PARAMS + 0x10]
	mov edx, [PARAMS + 0x14]
	sub eax, 1
	sbb edx, 0
	mov cl, 1
	call read_dump

	; 42h: one past the end, which must fail
	mov eax, [PARAMS + 0x10]
	mov edx, [PARAMS + 0x14]
	mov cl, 1
	call read_dump

	; 43h: one sector at HIGH_LBA + 2
	mov ax, WBUF_SEG
	mov es, ax
	xor di, di
	mov eax, 0x5a000000
	mov cx, 128
.fill:	stosd
	inc eax
	loop .fill
	mov dword [dap + 8], HIGH_LBA_LO + 2
	mov dword [dap + 12], HIGH_LBA_HI
	mov byte [dap + 2], 1
	mov word [dap + 6], WBUF_SEG
	mov si, dap
	mov ax, 0x4300
	mov dl, [drive]
	int 0x13
	call save_cf
	mov [r_ax], ax
	PRINT `WRITE LBA=`
	call print_lba
	PRINT ` CF=`
	call print_cf
	PRINT ` AH=`
	mov al, [r_ax + 1]
	call hex8
	call newline

	PRINT `SANBIG DONE`
	call newline
	PRINT `END`
	call newline
.halt:	cli
	hlt
	jmp .halt

; Read CL sectors at LBA EDX:EAX into a zeroed BUF_SEG with 42h; print
; the LBA, count, CF, AH, the first 16 bytes and the dword sum of the data.
read_dump:
	mov [dap + 8], eax
	mov [dap + 12], edx
	mov [dap + 2], cl
	mov [count], cl
	mov word [dap + 6], BUF_SEG
	mov ax, BUF_SEG
	mov es, ax
	xor di, di
	xor eax, eax
	mov cx, 2 * 128
	rep stosd
	mov si, dap
	mov ah, 0x42
	mov dl, [drive]
	int 0x13
	call save_cf
	mov [r_ax], ax
	PRINT `READ LBA=`
	call print_lba
	PRINT ` N=`
	mov al, [count]
	call hex8
	PRINT ` CF=`
	call print_cf
	PRINT ` AH=`
	mov al, [r_ax + 1]
	call hex8
	PRINT ` HEAD=`
	mov ax, BUF_SEG
	mov es, ax
	xor di, di
	mov cx, 16
.head:	mov al, [es:di]
	call hex8
	inc di
	loop .head
	PRINT ` SUM=`
	xor edx, edx
	xor di, di
	mov cx, 2 * 128
.sum:	add edx, [es:di]
	add di, 4
	loop .sum
	mov eax, edx
	call hex32
	call newline
	ret

; Print the DAP's 64-bit LBA.
print_lba:
	mov eax, [dap + 12]
	call hex32
	mov eax, [dap + 8]
	jmp hex32

save_cf:
	setc byte [r_cf]
	ret

print_cf:
	mov al, [r_cf]
	add al, '0'
	jmp putc

puts:	lodsb
	test al, al
	jz .end
	call putc
	jmp puts
.end:	ret

newline:
	mov al, 13
	call putc
	mov al, 10
	jmp putc

hex32:	push eax
	shr eax, 16
	call hex16
	pop eax
hex16:	push ax
	mov al, ah
	call hex8
	pop ax
hex8:	push ax
	shr al, 4
	call .digit
	pop ax
.digit:	push ax
	and al, 0x0f
	add al, '0'
	cmp al, '9'
	jbe .out
	add al, 'A' - '9' - 1
.out:	call putc
	pop ax
	ret

dap:	db 0x10, 0, 1, 0
	dw 0, BUF_SEG
	dq 0
count:	db 0
r_ax:	dw 0
r_cx:	dw 0
r_dx:	dw 0
r_cf:	db 0

	times 512 + STAGE2_SECTORS * 512 - ($ - $$) db 0
