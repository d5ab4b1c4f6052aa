/*
 * Plain ELF executables on pcbios: the PT_LOAD segments are copied to
 * their physical addresses (which must be free RAM above 1 MiB) and the
 * entry point runs in flat protected mode with paging and interrupts off:
 * 32-bit for an ELF32 file; for an ELF64 file, 64-bit long mode with the
 * first 4 GiB identity-mapped (2 MiB pages).  Nothing is passed in
 * registers (EAX = EBX = 0).  Multiboot kernels in ELF form are the
 * multiboot image type's (it is probed first).
 */
#include <string.h>
#include <wireboot/elf.h>
#include <wireboot/errors.h>
#include <wireboot/image.h>
#include <wireboot/init.h>
#include <wireboot/malloc.h>
#include <x86/io.h>
#include <x86/loadmem.h>

#define ERR_SUBSYS ESUB_IMAGE

#define PAGE 4096
#define PT_ENTRIES 512
#define PTE_PRESENT 0x001ULL
#define PTE_WRITE 0x002ULL
#define PTE_LARGE 0x080ULL
#define LARGE_PAGE (2ULL * 1024 * 1024)
/* Page directories for 4 GiB of 2 MiB pages. */
#define PD_COUNT 4

static int elf_probe_type(struct image *image)
{
	struct elf_info info;

	return elf_parse(image->data, image->len, &info);
}

/*
 * Page tables identity-mapping the first 4 GiB for long mode: a PML4, a
 * PDPT and four page directories in one aligned heap block.  Returns the
 * PML4's physical address, or 0 without memory.
 */
static uint32_t identity_page_tables(void)
{
	uint64_t *pml4 = heap_alloc((2 + PD_COUNT) * PAGE, PAGE);
	uint64_t *pdpt, *pd;
	unsigned int i;

	if (!pml4)
		return 0;
	memset(pml4, 0, (2 + PD_COUNT) * PAGE);
	pdpt = pml4 + PT_ENTRIES;
	pd = pdpt + PT_ENTRIES;
	pml4[0] = virt_to_phys(pdpt) | PTE_PRESENT | PTE_WRITE;
	for (i = 0; i < PD_COUNT; i++)
		pdpt[i] = virt_to_phys(pd + i * PT_ENTRIES) | PTE_PRESENT |
			  PTE_WRITE;
	for (i = 0; i < PD_COUNT * PT_ENTRIES; i++)
		pd[i] = (i * LARGE_PAGE) | PTE_PRESENT | PTE_WRITE | PTE_LARGE;
	return virt_to_phys(pml4);
}

static int elf_exec(struct image *image)
{
	struct elf_info info;
	uint32_t cr3 = 0;
	int rc;

	if ((rc = elf_parse(image->data, image->len, &info)) != 0)
		return rc;
	if ((rc = loadmem_check_segments(info.segment, info.count)) != 0)
		return rc;
	if (info.bits == 64 && !(cr3 = identity_page_tables()))
		return ERR(ENOMEM);
	shutdown(SHUTDOWN_BOOT);
	loadmem_load_segments(image->data, info.segment, info.count);
	boot_jump_flat((uint32_t)info.entry, 0, 0, cr3);
}

static struct image_type elf_image_type __image_type = {
	.name = "ELF",
	.order = 30,
	.probe = elf_probe_type,
	.exec = elf_exec,
};
