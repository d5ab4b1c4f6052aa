"""A 1 MiB disk whose boot sector prints a marker on COM1 and halts: the
"next boot device" that tests of returning media (option ROM BEVs, NBPs)
expect the BIOS to reach."""
import os
import subprocess

# 16-bit nasm: print the NUL-terminated string at DS:SI on COM1, then halt.
PRINT_AND_HALT = """print_stop:
	lodsb
	test al, al
	jz stop
	mov bl, al
	mov dx, 0x3fd
busy:	in al, dx
	test al, 0x20
	jz busy
	mov al, bl
	mov dx, 0x3f8
	out dx, al
	jmp print_stop
stop:	cli
	hlt
	jmp stop
"""

BOOT_SECTOR = """	bits 16
	org 0x7c00
	xor ax, ax
	mov ds, ax
	mov si, msg
""" + PRINT_AND_HALT + """msg:	db "{marker}", 13, 10, 0
	times 510 - ($ - $$) db 0
	dw 0xaa55
"""


def marker_disk(tmp, marker):
    """Build the disk in directory TMP (nasm); returns its path."""
    src = os.path.join(tmp, "bs.asm")
    img = os.path.join(tmp, "bs.img")
    with open(src, "w") as f:
        f.write(BOOT_SECTOR.format(marker=marker))
    subprocess.run(["nasm", "-f", "bin", "-o", img, src], check=True)
    with open(img, "r+b") as f:
        f.truncate(1 << 20)
    return img
