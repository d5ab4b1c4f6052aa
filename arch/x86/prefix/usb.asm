; Prefix for bin/wireboot.usb: a raw disk image for USB sticks and hard
; disks.  Sector 0 is our MBR (one active partition entry covering the rest,
; so picky BIOSes accept it); sectors from 1 hold the real-mode part, then
; the 32-bit part, then zeros up to a whole (255 x 63) cylinder.  The MBR code reads them with INT 13h extended reads, or
; CHS reads if those fail, puts the real-mode part at 1000:0000 and the
; 32-bit part at 1 MiB, and hands over to init16.asm.
;
; Assembled with -DRM_BIN="..." -DPM_BIN="..." (see arch/x86/build.mk).

%include "prefix.inc"

SECTOR_SIZE	equ 512
%define WITH_CHS
PREFIX_TYPE	equ PREFIX_USB

	bits	16
	org	0x7c00

mbr:
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
	call	read_geometry
	mov	eax, 1
	; Falls into load_image (diskload.inc) with EAX = the real-mode part's LBA.

%include "diskload.inc"

disk_error_msg:	db	"wireboot: disk read error", 13, 10, 0
drive:		db	0
sectors:	dw	63
heads:		dw	255

	times	440 - ($ - $$) db 0
disk_signature:	dd	0x57424f54
		dw	0
; Partition 1: active, type DAh (non-filesystem data), LBA 1 to the end;
; CHS fields say "beyond CHS".
	db	0x80, 0xfe, 0xff, 0xff, 0xda, 0xfe, 0xff, 0xff
	dd	1
	dd	(image_end - rm_part) / SECTOR_SIZE
	times	510 - ($ - $$) db 0
	dw	0xaa55

rm_part:
	incbin	RM_BIN
	PAD_TO SECTOR_SIZE
pm_start:
	incbin	PM_BIN
	PAD_TO SECTOR_SIZE
pm_end:
; Whole cylinders of 255 heads x 63 sectors: BIOSes that make up a geometry
; for small disks (virtio, AHCI, USB in SeaBIOS) give a smaller disk zero
; cylinders, and then cannot even read the MBR with CHS.
	PAD_TO 255 * 63 * SECTOR_SIZE
image_end:
