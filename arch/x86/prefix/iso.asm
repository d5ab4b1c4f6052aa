; Prefix for bin/wireboot.iso: the El Torito no-emulation boot image.  The
; BIOS loads our first 2048 bytes (boot-load-size 4) at 0000:7C00; xorriso
; writes the boot information table at offset 8 (-boot-info-table), which
; tells us the CD sector where this file starts.  We read the real-mode
; part (the next sectors) to 1000:0000 and the 32-bit part to 1 MiB with
; INT 13h extended reads of 2048-byte sectors, then hand over to init16.asm.
;
; Assembled with -DRM_BIN="..." -DPM_BIN="..." (see arch/x86/build.mk).

%include "prefix.inc"

SECTOR_SIZE	equ 2048
PREFIX_TYPE	equ PREFIX_ISO

	bits	16
	org	0x7c00

boot:
	jmp	short start
	nop
	times	8 - ($ - $$) db 0
; El Torito boot information table (filled in by xorriso).
bi_pvd:		dd	0
bi_file:	dd	0
bi_length:	dd	0
bi_checksum:	dd	0
bi_reserved:	times	40 db 0

start:
	cli
	xor	ax, ax
	mov	ss, ax
	mov	sp, 0x7c00
	mov	ds, ax
	mov	es, ax
	sti
	cld
	jmp	0:.go
.go:
	mov	[drive], dl
	mov	eax, [bi_file]
	inc	eax
	; Falls into load_image (diskload.inc) with EAX = the real-mode part's LBA.

%include "diskload.inc"

disk_error_msg:	db	"wireboot: CD read error", 13, 10, 0
drive:		db	0

	PAD_TO SECTOR_SIZE
rm_part:
	incbin	RM_BIN
	PAD_TO SECTOR_SIZE
pm_start:
	incbin	PM_BIN
	PAD_TO SECTOR_SIZE
pm_end:
