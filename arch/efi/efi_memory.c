/*
 * The heap on EFI: one block of pages from AllocatePages (below 4 GiB, as
 * <wireboot/io.h> promises devices), as large as the firmware will give up
 * to HEAP_MAX, halving down to HEAP_MIN.  Downloaded images live in the
 * heap, hence the generous size.  The pages go back to the firmware when
 * wireboot exits.
 */
#include <wireboot/malloc.h>
#include <wireboot/errors.h>
#include "efi_wireboot.h"

#define ERR_SUBSYS ESUB_EFI

#define MIB (1024UL * 1024)
#define HEAP_MAX (256 * MIB)
#define HEAP_MIN (4 * MIB)
#define EFI_PAGE 4096
#define BELOW_4G 0xffffffffULL

static EFI_PHYSICAL_ADDRESS heap_base;
static UINTN heap_pages;

int efi_heap_init(void)
{
	EFI_PHYSICAL_ADDRESS base;
	UINTN size;

	for (size = HEAP_MAX; size >= HEAP_MIN; size /= 2) {
		base = BELOW_4G;
		if (efi_bs->AllocatePages(AllocateMaxAddress, EfiLoaderData,
					  size / EFI_PAGE, &base) != EFI_SUCCESS)
			continue;
		heap_base = base;
		heap_pages = size / EFI_PAGE;
		heap_add_region((void *)(uintptr_t)base, size);
		return 0;
	}
	return ERR(ENOMEM);
}

void efi_heap_release(void)
{
	if (!heap_pages || efi_boot_services_gone)
		return;
	efi_bs->FreePages(heap_base, heap_pages);
	heap_pages = 0;
}
