/*
 * Physical memory for the OS loaders (bzImage, multiboot, ELF): checking
 * that a kernel's fixed addresses are free RAM, finding room high up for
 * initrds, copying, and the hand-over to the kernel (boot_jump.asm).
 */
#ifndef WIREBOOT_X86_LOADMEM_H
#define WIREBOOT_X86_LOADMEM_H

#include <wireboot/compiler.h>

#define LOADMEM_PAGE 4096ULL

/*
 * Is [START, END) usable RAM in the BIOS map, at or above 1 MiB, below
 * 4 GiB and clear of wireboot's own memory?  0, or ERR(ERANGE) after
 * printing which range is not free.
 */
int loadmem_check(uint64_t start, uint64_t end);

/*
 * Will wireboot stay resident when it boots an OS (an INT 13h drive or
 * the PXE API keep real-mode entries)?  Then its heap must survive too.
 */
bool loadmem_resident(void);

/* A range of physical memory [START, END). */
struct load_range {
	uint64_t start, end;
};

/*
 * The highest page-aligned START with LEN bytes of usable RAM that end
 * at or below LIMIT, above 1 MiB, outside the COUNT ranges at AVOID and
 * outside wireboot's image (all of its memory when HEAP_BUSY, else the
 * code, data and stack only: the heap is dead once the OS is entered).
 * ERR(ENOSPC) if there is no such place.
 */
int loadmem_find_top(uint64_t len, uint64_t limit,
		     const struct load_range *avoid, unsigned int count,
		     bool heap_busy, uint64_t *start);

/* Copy LEN bytes from SRC to physical DEST and zero the rest up to MEMSZ. */
void loadmem_copy(uint64_t dest, const void *src, size_t len, uint64_t memsz);

struct load_segment;

/* loadmem_check() each of the COUNT segments at SEGMENT. */
int loadmem_check_segments(const struct load_segment *segment,
			   unsigned int count);

/* Copy the COUNT segments at SEGMENT out of the image bytes DATA. */
void loadmem_load_segments(const void *data,
			   const struct load_segment *segment,
			   unsigned int count);

/*
 * Enter ENTRY (physical) in flat 32-bit protected mode, paging off,
 * interrupts off, with EAX and EBX as given; with a nonzero CR3 (a page
 * table identity-mapping low memory) enter it in 64-bit long mode
 * instead.  Never returns.
 */
void __noreturn __asmcall boot_jump_flat(uint32_t entry, uint32_t eax, uint32_t ebx,
			       uint32_t cr3);

/*
 * Far-called in real mode (realmode_call()) with AX = a Linux setup
 * segment and BX = its stack pointer: loads every segment register with
 * AX and jumps to AX+0x20:0000.  Never returns.
 */
extern char boot_enter_setup[];

#endif
