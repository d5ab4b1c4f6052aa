/*
 * Multiboot version 1 (the GNU Multiboot Specification 0.6.96): finding
 * and checking a kernel's multiboot header, its "address kludge" load
 * layout, and the information structure a loader builds for the kernel.
 * Platform independent (unit tested); arch/x86/multiboot.c boots.
 */
#ifndef WIREBOOT_MULTIBOOT_H
#define WIREBOOT_MULTIBOOT_H

#include <wireboot/compiler.h>
#include <wireboot/elf.h>

#define MB_HEADER_MAGIC 0x1badb002
/* EAX when the kernel is entered. */
#define MB_BOOT_MAGIC 0x2badb002
/* The header lies 4-byte aligned within the first 8 KiB. */
#define MB_SEARCH_LEN 8192

/* Header flags the kernel asks for. */
#define MB_FLAG_PAGE_ALIGN 0x00000001	/* modules on 4 KiB boundaries */
#define MB_FLAG_MEMINFO 0x00000002	/* mem_* and mmap_* wanted */
#define MB_FLAG_VIDEO 0x00000004	/* a video mode wanted */
#define MB_FLAG_KLUDGE 0x00010000	/* address fields are valid */
/* Low 16 bits are requirements: a loader must refuse ones it lacks. */
#define MB_FLAGS_REQUIRED 0x0000ffff
#define MB_FLAGS_SUPPORTED (MB_FLAG_PAGE_ALIGN | MB_FLAG_MEMINFO)

/* A kernel's multiboot header, as found in its image. */
struct multiboot_header_info {
	/* Offset of the header in the image. */
	size_t offset;
	uint32_t flags;
	/* Valid with MB_FLAG_KLUDGE. */
	uint32_t header_addr, load_addr, load_end_addr, bss_end_addr;
	uint32_t entry_addr;
};

/*
 * Find the multiboot header in DATA (LEN bytes) and check its checksum.
 * ERR(ENOEXEC) if there is none (or a truncated one), ERR(ENOTSUP) if it
 * requires something this loader lacks (a video mode).
 */
int multiboot_find(const void *data, size_t len,
		   struct multiboot_header_info *hdr);

/*
 * The single segment and entry point the address kludge of HDR describes
 * for the image DATA (LEN bytes).  ERR(ENOEXEC) if the addresses do not
 * fit the image.
 */
int multiboot_kludge(const void *data, size_t len,
		     const struct multiboot_header_info *hdr,
		     struct load_segment *segment, uint64_t *entry);

/* Flags in the information structure: which fields are valid. */
#define MBI_MEMORY 0x00000001
#define MBI_CMDLINE 0x00000004
#define MBI_MODS 0x00000008
#define MBI_MMAP 0x00000040
#define MBI_LOADER_NAME 0x00000200

/* The information structure handed over in EBX (physical addresses). */
struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
	uint32_t apm_table;
	uint32_t vbe_control_info, vbe_mode_info;
	uint16_t vbe_mode, vbe_interface_seg, vbe_interface_off,
		vbe_interface_len;
} __packed;

/* One module: where it lies and its string ("name arguments"). */
struct multiboot_module {
	uint32_t start, end;
	uint32_t string;
	uint32_t reserved;
} __packed;

/* One memory map entry; SIZE counts the bytes after itself (20). */
struct multiboot_mmap {
	uint32_t size;
	uint64_t base, length;
	uint32_t type;
} __packed;

#endif
