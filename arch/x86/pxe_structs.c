/*
 * The PXENV+ and !PXE structures NBPs look for: filled in from where the
 * API entry, the code, the data and the stack are, with their checksums.
 * Pure (no BIOS calls), so the hosted unit tests compile it too.
 */
#include <string.h>
#include "include/x86/pxe.h"

uint8_t pxe_checksum(const void *data, size_t len)
{
	const uint8_t *bytes = data;
	uint8_t sum = 0;

	while (len--)
		sum = (uint8_t)(sum + *bytes++);
	return sum;
}

/* Descriptor for the real-mode segment SEG of SIZE bytes. */
static void set_segdesc(struct pxe_segdesc *desc, uint16_t seg, uint16_t size)
{
	desc->seg = seg;
	desc->phys = (uint32_t)seg << 4;
	desc->size = size;
}

void pxe_fill_structs(struct pxenv_plus *pxenv, struct pxe_bang *bang,
		      const struct pxe_layout *layout)
{
	memset(pxenv, 0, sizeof(*pxenv));
	memcpy(pxenv->signature, "PXENV+", 6);
	pxenv->version = 0x0201;
	pxenv->length = sizeof(*pxenv);
	pxenv->rm_entry = layout->pxenv_entry;
	pxenv->stack_seg = layout->stack_seg;
	pxenv->stack_size = layout->stack_size;
	pxenv->bc_code_seg = layout->code_seg;
	pxenv->bc_code_size = layout->code_size;
	pxenv->bc_data_seg = layout->data_seg;
	pxenv->bc_data_size = layout->data_size;
	pxenv->undi_code_seg = layout->code_seg;
	pxenv->undi_code_size = layout->code_size;
	pxenv->undi_data_seg = layout->data_seg;
	pxenv->undi_data_size = layout->data_size;
	pxenv->pxe_ptr = layout->bang;
	pxenv->checksum = (uint8_t)-pxe_checksum(pxenv, sizeof(*pxenv));

	memset(bang, 0, sizeof(*bang));
	memcpy(bang->signature, "!PXE", 4);
	bang->length = sizeof(*bang);
	bang->entry_sp = layout->bang_entry;
	bang->status_callout.off = 0xffff;
	bang->status_callout.seg = 0xffff;
	bang->seg_desc_count = PXE_SEG_COUNT;
	set_segdesc(&bang->seg[PXE_SEG_STACK], layout->stack_seg,
		    layout->stack_size);
	set_segdesc(&bang->seg[PXE_SEG_UNDI_DATA], layout->data_seg,
		    layout->data_size);
	set_segdesc(&bang->seg[PXE_SEG_UNDI_CODE], layout->code_seg,
		    layout->code_size);
	set_segdesc(&bang->seg[PXE_SEG_UNDI_CODE_WRITE], layout->code_seg,
		    layout->code_size);
	set_segdesc(&bang->seg[PXE_SEG_BC_DATA], layout->data_seg,
		    layout->data_size);
	set_segdesc(&bang->seg[PXE_SEG_BC_CODE], layout->code_seg,
		    layout->code_size);
	set_segdesc(&bang->seg[PXE_SEG_BC_CODE_WRITE], layout->code_seg,
		    layout->code_size);
	bang->checksum = (uint8_t)-pxe_checksum(bang, sizeof(*bang));
}
