/*
 * Reading ELF executables (32- and 64-bit, little-endian x86) into the list
 * of segments a loader copies to physical memory.  Platform independent
 * (unit tested); arch/x86/elf_loader.c and multiboot.c place and run them.
 */
#ifndef WIREBOOT_ELF_H
#define WIREBOOT_ELF_H

#include <wireboot/compiler.h>

/* A piece of an image to copy to physical memory, zero-filled after FILESZ. */
struct load_segment {
	/* Physical destination. */
	uint64_t dest;
	/* Where its bytes start in the image, and how many there are. */
	size_t offset;
	size_t filesz;
	/* Bytes of memory it takes (at least FILESZ). */
	uint64_t memsz;
};

#define ELF_MAX_SEGMENTS 16

/* An executable's loadable segments and entry point. */
struct elf_info {
	/* 32 or 64. */
	unsigned int bits;
	/* Physical address of the entry point. */
	uint64_t entry;
	unsigned int count;
	struct load_segment segment[ELF_MAX_SEGMENTS];
	/* Lowest start and highest end of the segments in memory. */
	uint64_t low, high;
};

/* Does DATA (LEN bytes) start with the ELF magic? */
bool elf_probe(const void *data, size_t len);

/*
 * Read the executable at DATA into INFO: its PT_LOAD segments (at their
 * physical addresses, p_paddr) and its entry point (e_entry, turned into a
 * physical address through the segment holding it).  ERR(ENOEXEC) for
 * anything that is not a well-formed x86 or x86-64 ELF executable,
 * ERR(E2BIG) for more than ELF_MAX_SEGMENTS segments.
 */
int elf_parse(const void *data, size_t len, struct elf_info *info);

#endif
