; Prefix for bin/wireboot.lkrn: a Linux bzImage (boot protocol 2.06) that
; loaders start in real mode (QEMU -kernel, GRUB linux16, pxelinux/syslinux).
; The real-mode "setup" holds this code and the real-mode part; the
; "protected-mode kernel", which the loader puts at 1 MiB (code32_start),
; is the 32-bit part.  We never run the protected-mode entry: the setup
; code hands the loader's header (command line, initrd) to init16.asm.
;
; Assembled with -DRM_BIN="..." -DPM_BIN="..." (see arch/x86/build.mk).

%include "prefix.inc"

	bits	16
	org	0

; ---------------------------------------------------------------------------
; Boot sector: only run if someone boots the file as a disk; says so.
bootsect:
	jmp	0x07c0:.go
.go:
	mov	ax, cs
	mov	ds, ax
	mov	si, not_a_disk - bootsect
.print:
	lodsb
	test	al, al
	jz	.done
	mov	ah, 0x0e
	mov	bx, 0x0007
	int	0x10
	jmp	.print
.done:
	int	0x18
not_a_disk:
	db	"wireboot.lkrn needs a Linux loader (e.g. QEMU -kernel)", 13, 10, 0

	times	0x1f1 - ($ - $$) db 0
setup_sects:	db	(pm_start - $$) / 512 - 1
root_flags:	dw	0
syssize:	dd	(pm_end - pm_start + 15) / 16
ram_size:	dw	0
vid_mode:	dw	0xffff
root_dev:	dw	0
boot_flag:	dw	0xaa55

; ---------------------------------------------------------------------------
; Setup header (offset 0x200); loaders enter at 0x200 with CS = base + 0x20.
	jmp	short setup_start
	db	"HdrS"
	dw	0x0206			; protocol version
realmode_swtch:	dd	0
start_sys_seg:	dw	0x1000
kernel_version:	dw	version_string - 0x200
type_of_loader:	db	0
loadflags:	db	0x01		; LOADED_HIGH: 32-bit part at 1 MiB
setup_move_size: dw	0
code32_start:	dd	0x100000
ramdisk_image:	dd	0
ramdisk_size:	dd	0
bootsect_kludge: dd	0
heap_end_ptr:	dw	0
ext_loader_ver:	db	0
ext_loader_type: db	0
	times	0x228 - ($ - $$) db 0
cmd_line_ptr:	dd	0
initrd_addr_max: dd	0x7fffffff
kernel_alignment: dd	0x1000
relocatable_kernel: db	0
min_alignment:	db	0
xloadflags:	dw	0
cmdline_size:	dd	4095
	times	0x23c - ($ - $$) db 0
	times	($ - $$) - 0x23c db 0

version_string:
	db	"wireboot", 0

; CS = base + 0x20; the loader's header is at base:0.  Jumps here are
; relative, data is reached through DS = base.
setup_start:
	cli
	cld
	mov	ax, cs
	sub	ax, 0x20
	mov	ds, ax
	movzx	esi, ax
	shl	esi, 4
	mov	ebx, [code32_start]
	mov	ecx, PREFIX_LKRN
	xor	edx, edx
	add	ax, (rm_part - $$) / 16
	ENTER_RM_PART ax

; ---------------------------------------------------------------------------
	PAD_TO 16
rm_part:
	incbin	RM_BIN
	PAD_TO 512
pm_start:
	incbin	PM_BIN
pm_end:
	PAD_TO 16
