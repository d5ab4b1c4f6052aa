/*
 * The Linux x86 boot protocol (Documentation/arch/x86/boot.rst): reading a
 * bzImage's setup header, and the command-line options a loader acts on
 * ("vga=", "mem=").  Platform independent, so it can be unit tested; the
 * pcbios loader (arch/x86/bzimage.c) does the placing and the jump.
 */
#ifndef WIREBOOT_BZIMAGE_H
#define WIREBOOT_BZIMAGE_H

#include <wireboot/compiler.h>

/* Offsets of setup header fields from the start of the image. */
#define BZI_SETUP_SECTS 0x1f1
#define BZI_SYSSIZE 0x1f4
#define BZI_VID_MODE 0x1fa
#define BZI_BOOT_FLAG 0x1fe
#define BZI_HEADER 0x202
#define BZI_VERSION 0x206
#define BZI_TYPE_OF_LOADER 0x210
#define BZI_LOADFLAGS 0x211
#define BZI_CODE32_START 0x214
#define BZI_RAMDISK_IMAGE 0x218
#define BZI_RAMDISK_SIZE 0x21c
#define BZI_HEAP_END_PTR 0x224
#define BZI_CMD_LINE_PTR 0x228
#define BZI_INITRD_ADDR_MAX 0x22c
#define BZI_KERNEL_ALIGNMENT 0x230
#define BZI_RELOCATABLE 0x234
#define BZI_CMDLINE_SIZE 0x238
#define BZI_PREF_ADDRESS 0x258
#define BZI_INIT_SIZE 0x260

/* loadflags bits. */
#define BZI_LOADED_HIGH 0x01
#define BZI_CAN_USE_HEAP 0x80

/* vid_mode values. */
#define BZI_VGA_NORMAL 0xffff
#define BZI_VGA_EXTENDED 0xfffe
#define BZI_VGA_ASK 0xfffd

/* What a loader needs to know about a bzImage. */
struct bzimage_info {
	/* Boot protocol version (0x20f for 2.15). */
	uint16_t version;
	/* Bytes of real-mode code (boot sector + setup) at the start. */
	size_t setup_len;
	/* The 32-bit part: the rest of the file. */
	size_t pm_len;
	/* Bytes of memory the kernel needs from its load address. */
	uint32_t init_size;
	/* Highest address an initrd may end at (inclusive). */
	uint32_t initrd_addr_max;
	/* Longest command line the kernel takes (without the NUL). */
	uint32_t cmdline_size;
	/* Where a relocatable kernel would rather be loaded (0: not given). */
	uint64_t pref_address;
	bool relocatable;
	uint16_t vid_mode;
};

/* Does DATA (LEN bytes) look like a bzImage ("HdrS", boot flag)? */
bool bzimage_probe(const void *data, size_t len);

/*
 * Read the setup header of the bzImage at DATA into INFO.  ERR(ENOEXEC)
 * if it is not one or is truncated, ERR(ENOTSUP) for a zImage or a boot
 * protocol older than 2.02.
 */
int bzimage_parse(const void *data, size_t len, struct bzimage_info *info);

/*
 * The video mode the command line CMDLINE asks for with "vga=" (normal,
 * ext, ask or a number), else DEFAULT_MODE.
 */
uint16_t bzimage_vga_mode(const char *cmdline, uint16_t default_mode);

/*
 * The memory limit set by "mem=<size>[KMG]" in CMDLINE, in bytes, or 0
 * when there is none.
 */
uint64_t bzimage_mem_limit(const char *cmdline);

#endif
