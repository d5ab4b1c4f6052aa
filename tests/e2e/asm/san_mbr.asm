; INT 13h conformance probe for SAN boot tests (tests/e2e/test_san_aoe.py).
; Sector 0 is a small loader: it reads the probe proper (8 sectors from
; LBA 32) with INT 13h AH=42h to 0000:7E00 and jumps there.  The probe
; prints on COM1 what INT 13h reports (41h, 08h, 15h, 48h with the EDD
; device path), reads the test pattern (dword o of sector n = n << 8 | o)
; with 02h and 42h across frame boundaries, writes sectors 100-102 with
; 43h and reads them back, checks a few error cases, reads the MBR of
; drive 81h (a BIOS disk moved aside by the SAN drive), pauses so the test
; can take the target away, reads again, finds the aBFT below 640 KiB,
; and prints DONE.  Build: nasm -f bin -o san_mbr.bin san_mbr.asm.

bits 16
org 0x7c00

STAGE2_LBA	equ 32
STAGE2_SECTORS	equ 8
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
.fail:
	mov dx, 0x3fd
.wait:	in al, dx
	test al, 0x20
	jz .wait
	mov dx, 0x3f8
	mov al, '!'
	out dx, al
.halt:	hlt
	jmp .halt

load_dap:
	db 0x10, 0, STAGE2_SECTORS, 0
	dw 0x7e00, 0
	dq STAGE2_LBA
drive:	db 0

	times 0x1be - ($ - $$) db 0
; One partition: start CHS 0/1/1, end CHS 31/15/32 (16 heads, 32 sectors).
	db 0x80, 1, 1, 0, 0x83, 15, 32, 31
	dd 32, 16384 - 32
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
	PRINT `SANMBR START DL=`
	mov al, [drive]
	call hex8
	call newline

	; 41h: extensions present?
	mov ah, 0x41
	mov bx, 0x55aa
	mov dl, [drive]
	int 0x13
	call save_cf
	mov [r_ax], ax
	mov [r_bx], bx
	mov [r_cx], cx
	PRINT `EDD41 CF=`
	call print_cf
	PRINT ` AH=`
	mov al, [r_ax + 1]
	call hex8
	PRINT ` BX=`
	mov ax, [r_bx]
	call hex16
	PRINT ` CX=`
	mov ax, [r_cx]
	call hex16
	call newline

	; 08h: geometry
	mov ah, 0x08
	mov dl, [drive]
	int 0x13
	call save_cf
	mov [r_cx], cx
	mov [r_dx], dx
	PRINT `GEO CF=`
	call print_cf
	PRINT ` MAXCYL=`
	mov ax, [r_cx]
	mov al, ah
	mov ah, [r_cx]
	shr ah, 6
	call hex16
	PRINT ` HEADS=`
	mov al, [r_dx + 1]
	call hex8
	PRINT ` SPT=`
	mov al, [r_cx]
	and al, 0x3f
	call hex8
	PRINT ` NDRV=`
	mov al, [r_dx]
	call hex8
	PRINT ` BDA=`
	mov al, [0x475]
	call hex8
	call newline

	; 15h: type and size
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

	; 48h: parameters with device path information
	mov word [PARAMS], 0x4a
	mov si, PARAMS
	mov ah, 0x48
	mov dl, [drive]
	int 0x13
	call save_cf
	PRINT `EDD48 CF=`
	call print_cf
	PRINT ` SIZE=`
	mov ax, [PARAMS]
	call hex16
	PRINT ` FLAGS=`
	mov ax, [PARAMS + 2]
	call hex16
	PRINT ` SECTORS=`
	mov eax, [PARAMS + 0x10]
	mov [total], eax
	call hex32
	PRINT ` BPS=`
	mov ax, [PARAMS + 0x18]
	call hex16
	PRINT ` KEY=`
	mov ax, [PARAMS + 0x1e]
	call hex16
	PRINT ` DPILEN=`
	mov al, [PARAMS + 0x20]
	call hex8
	PRINT ` BUS=`
	mov si, PARAMS + 0x24
	mov cx, 4
	call putn
	PRINT ` IF=`
	mov si, PARAMS + 0x28
	mov cx, 8
	call putn
	PRINT ` PCI=`
	mov al, [PARAMS + 0x30]
	call hex8
	mov al, [PARAMS + 0x31]
	call hex8
	mov al, [PARAMS + 0x32]
	call hex8
	PRINT ` SUM=`
	mov si, PARAMS + 0x1e
	mov cx, 0x4a - 0x1e
	call sum8
	call hex8
	call newline

	; 02h: CHS read of LBA 581-585 (C=1 H=2 S=6 with 16 heads, 32 sectors)
	call clear_buf
	mov ax, BUF_SEG
	mov es, ax
	xor bx, bx
	mov ax, 0x0205
	mov cx, 0x0106
	mov dh, 2
	mov dl, [drive]
	int 0x13
	call save_cf
	PRINT `CHSREAD CF=`
	call print_cf
	PRINT ` DATA=`
	mov edx, 581
	mov cx, 5
	call check_pattern
	call newline

	; 42h: LBA 5-7, LBA 1000-1039 (many frames in flight), the last 3
	mov dword [dap + 8], 5
	mov byte [dap + 2], 3
	call edd_read_check
	mov dword [dap + 8], 1000
	mov byte [dap + 2], 40
	call edd_read_check
	mov eax, [total]
	sub eax, 3
	mov [dap + 8], eax
	mov byte [dap + 2], 3
	call edd_read_check

	; 43h: write LBA 100-102 (dword i = 57000000h + i), read back
	mov ax, WBUF_SEG
	mov es, ax
	xor di, di
	mov eax, 0x57000000
	mov cx, 384
.fill:	mov [es:di], eax
	add di, 4
	inc eax
	loop .fill
	mov word [dap + 6], WBUF_SEG
	mov dword [dap + 8], 100
	mov byte [dap + 2], 3
	mov si, dap
	mov ax, 0x4300
	mov dl, [drive]
	int 0x13
	call save_cf
	PRINT `EDDWRITE CF=`
	call print_cf
	call clear_buf
	mov word [dap + 6], BUF_SEG
	mov si, dap
	mov ah, 0x42
	mov dl, [drive]
	int 0x13
	PRINT ` READBACK=`
	mov ax, BUF_SEG
	mov es, ax
	xor di, di
	mov eax, 0x57000000
	mov cx, 384
.cmp:	cmp [es:di], eax
	jne .bad
	add di, 4
	inc eax
	loop .cmp
	PRINT `OK`
	jmp .wdone
.bad:	PRINT `BAD`
.wdone:	call newline

	; Errors: 02h with sector 0, 4B01h on a hard disk, a DAP of size 8
	mov ax, BUF_SEG
	mov es, ax
	xor bx, bx
	mov ax, 0x0201
	mov cx, 0x0000
	xor dh, dh
	mov dl, [drive]
	int 0x13
	call save_cf
	mov [r_ax], ax
	PRINT `NEG S0 CF=`
	call print_cf
	PRINT ` AH=`
	mov al, [r_ax + 1]
	call hex8
	mov ax, 0x4b01
	mov si, PARAMS
	mov dl, [drive]
	int 0x13
	call save_cf
	PRINT ` 4B01 CF=`
	call print_cf
	mov byte [dap], 8
	mov si, dap
	mov ah, 0x42
	mov dl, [drive]
	int 0x13
	call save_cf
	mov [r_ax], ax
	mov byte [dap], 0x10
	PRINT ` DAP8 CF=`
	call print_cf
	PRINT ` AH=`
	mov al, [r_ax + 1]
	call hex8
	call newline

	; Drive 81h: the BIOS disk our drive displaced, if there is one
	call clear_buf
	mov word [dap + 6], BUF_SEG
	mov dword [dap + 8], 0
	mov byte [dap + 2], 1
	mov si, dap
	mov ah, 0x42
	mov dl, 0x81
	int 0x13
	call save_cf
	PRINT `DRIVE81 CF=`
	call print_cf
	PRINT ` SIG=`
	mov ax, BUF_SEG
	mov es, ax
	mov eax, [es:0x1b8]
	call hex32
	call newline

	; Pause about a second (the test takes the target away), then read
	PRINT `PAUSE`
	call newline
	mov eax, [0x46c]
	add eax, 18
.tick:	sti
	hlt
	cmp eax, [0x46c]
	ja .tick
	mov dword [dap + 8], 2000
	mov byte [dap + 2], 16
	call edd_read_check

	; Find the aBFT in 0-9FFFFh (16-byte steps)
	xor bx, bx
.scan:	mov es, bx
	cmp word [es:0], 'aB'
	jne .next
	cmp word [es:2], 'FT'
	je .found
.next:	inc bx
	cmp bx, 0xa000
	jb .scan
	PRINT `ABFT NONE`
	jmp .adone
.found:	mov [abft_seg], bx
	PRINT `ABFT AT=`
	mov ax, [abft_seg]
	call hex16
	PRINT `0 LEN=`
	mov es, [abft_seg]
	mov eax, [es:4]
	call hex32
	PRINT ` REV=`
	mov es, [abft_seg]
	mov al, [es:8]
	call hex8
	PRINT ` SHELF=`
	mov es, [abft_seg]
	mov ax, [es:0x24]
	call hex16
	PRINT ` SLOT=`
	mov es, [abft_seg]
	mov al, [es:0x26]
	call hex8
	PRINT ` MAC=`
	mov si, 0x28
	mov cx, 6
.mac:	mov es, [abft_seg]
	mov al, [es:si]
	call hex8
	inc si
	loop .mac
	PRINT ` SUM=`
	push ds
	mov es, [abft_seg]
	mov cx, [es:4]
	mov ds, [abft_seg]
	xor si, si
	call sum8
	pop ds
	call hex8
.adone:	call newline

	PRINT `DONE`
	call newline
	PRINT `END`
	call newline
.halt:	cli
	hlt
	jmp .halt

; Read with the DAP into BUF_SEG and check the pattern; prints one line.
edd_read_check:
	call clear_buf
	mov word [dap + 6], BUF_SEG
	mov si, dap
	mov ah, 0x42
	mov dl, [drive]
	int 0x13
	call save_cf
	PRINT `EDDREAD LBA=`
	mov eax, [dap + 8]
	call hex32
	PRINT ` N=`
	mov al, [dap + 2]
	call hex8
	PRINT ` CF=`
	call print_cf
	PRINT ` DATA=`
	mov edx, [dap + 8]
	movzx cx, byte [dap + 2]
	call check_pattern
	call newline
	ret

; Zero 48 sectors of the read buffer.
clear_buf:
	push es
	mov ax, BUF_SEG
	mov es, ax
	xor di, di
	xor eax, eax
	mov cx, 48 * 128
	rep stosd
	pop es
	ret

; Check CX sectors at BUF_SEG:0 against the pattern from LBA EDX; prints OK/BAD.
check_pattern:
	mov ax, BUF_SEG
	mov es, ax
	xor di, di
.sector:
	xor bx, bx
.dword:	mov eax, edx
	shl eax, 8
	or al, bl
	cmp [es:di], eax
	jne .bad
	add di, 4
	inc bx
	cmp bx, 128
	jb .dword
	inc edx
	loop .sector
	PRINT `OK`
	ret
.bad:	PRINT `BAD`
	ret

save_cf:
	setc byte [r_cf]
	ret

print_cf:
	mov al, [r_cf]
	add al, '0'
	jmp putc

; Sum of CX bytes at DS:SI into AL.
sum8:	xor al, al
.loop:	add al, [si]
	inc si
	loop .loop
	ret

; Print CX characters at SI.
putn:	lodsb
	call putc
	loop putn
	ret

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
total:	dd 0
abft_seg: dw 0
r_ax:	dw 0
r_bx:	dw 0
r_cx:	dw 0
r_dx:	dw 0
r_cf:	db 0

	times 512 + STAGE2_SECTORS * 512 - ($ - $$) db 0
