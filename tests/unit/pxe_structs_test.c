/*
 * Unit tests for the PXENV+ and !PXE structures (arch/x86/pxe_structs.c,
 * pure, compiled in here): sizes and field offsets as PXE 2.1 lays them
 * out, checksums, and the addresses each field is given.
 */
#include <stddef.h>
#include <string.h>
#include "unittest.h"
#include "../../arch/x86/pxe_structs.c"

/* A layout like the firmware's: real-mode part at 9E00, data at 9C80. */
static void sample_layout(struct pxe_layout *layout)
{
	memset(layout, 0, sizeof(*layout));
	layout->pxenv_entry.seg = 0x9e00;
	layout->pxenv_entry.off = 0x0286;
	layout->bang_entry.seg = 0x9e00;
	layout->bang_entry.off = 0x028c;
	layout->bang.seg = 0x9c80;
	layout->bang.off = 0x0030;
	layout->code_seg = 0x9e00;
	layout->code_size = 0x1c00;
	layout->data_seg = 0x9c80;
	layout->data_size = 0x1554;
	layout->stack_seg = 0x9e00;
	layout->stack_size = 0x1c00;
}

UNIT_TEST(pxe_structs_layout)
{
	ok_eq(sizeof(struct pxenv_plus), 0x2c);
	ok_eq(offsetof(struct pxenv_plus, rm_entry), 0x0a);
	ok_eq(offsetof(struct pxenv_plus, stack_seg), 0x14);
	ok_eq(offsetof(struct pxenv_plus, undi_code_size), 0x26);
	ok_eq(offsetof(struct pxenv_plus, pxe_ptr), 0x28);
	ok_eq(sizeof(struct pxe_bang), 0x58);
	ok_eq(offsetof(struct pxe_bang, entry_sp), 0x10);
	ok_eq(offsetof(struct pxe_bang, status_callout), 0x18);
	ok_eq(offsetof(struct pxe_bang, seg_desc_count), 0x1d);
	ok_eq(offsetof(struct pxe_bang, seg), 0x20);
	ok_eq(sizeof(struct s_PXENV_GET_CACHED_INFO), 12);
	ok_eq(sizeof(struct s_PXENV_TFTP_READ_FILE), 158);
	ok_eq(sizeof(struct s_PXENV_UDP_READ), 20);
	ok_eq(sizeof(struct s_PXENV_FILE_API_CHECK), 20);
}

UNIT_TEST(pxe_structs_checksums)
{
	struct pxenv_plus pxenv;
	struct pxe_bang bang;
	struct pxe_layout layout;

	sample_layout(&layout);
	memset(&pxenv, 0xaa, sizeof(pxenv));
	memset(&bang, 0xaa, sizeof(bang));
	pxe_fill_structs(&pxenv, &bang, &layout);
	ok_eq(pxe_checksum(&pxenv, sizeof(pxenv)), 0);
	ok_eq(pxe_checksum(&bang, sizeof(bang)), 0);
	ok(memcmp(pxenv.signature, "PXENV+", 6) == 0);
	ok(memcmp(bang.signature, "!PXE", 4) == 0);
	ok_eq(pxenv.length, 0x2c);
	ok_eq(bang.length, 0x58);
	/* A changed byte breaks the sum: the checksum covers every byte. */
	bang.reserved2 = 1;
	ok(pxe_checksum(&bang, sizeof(bang)) != 0);
}

UNIT_TEST(pxe_structs_fields)
{
	struct pxenv_plus pxenv;
	struct pxe_bang bang;
	struct pxe_layout layout;

	sample_layout(&layout);
	pxe_fill_structs(&pxenv, &bang, &layout);
	ok_eq(pxenv.version, 0x0201);
	ok_eq(pxenv.rm_entry.seg, 0x9e00);
	ok_eq(pxenv.rm_entry.off, 0x0286);
	ok_eq(pxenv.pxe_ptr.seg, 0x9c80);
	ok_eq(pxenv.pxe_ptr.off, 0x0030);
	ok_eq(pxenv.pm_offset, 0);
	ok_eq(pxenv.undi_code_seg, 0x9e00);
	ok_eq(pxenv.undi_data_size, 0x1554);
	ok_eq(bang.entry_sp.off, 0x028c);
	ok_eq(bang.status_callout.seg, 0xffff);
	ok_eq(bang.status_callout.off, 0xffff);
	ok_eq(bang.revision, 0);
	ok_eq(bang.seg_desc_count, 7);
	ok_eq(bang.seg[PXE_SEG_STACK].seg, 0x9e00);
	ok_eq(bang.seg[PXE_SEG_UNDI_DATA].seg, 0x9c80);
	ok_eq(bang.seg[PXE_SEG_UNDI_DATA].phys, 0x9c800);
	ok_eq(bang.seg[PXE_SEG_UNDI_DATA].size, 0x1554);
	ok_eq(bang.seg[PXE_SEG_BC_CODE].phys, 0x9e000);
	ok_eq(bang.seg[PXE_SEG_BC_CODE_WRITE].size, 0x1c00);
}

UNIT_TEST(pxe_structs_status)
{
	uint8_t block[4] = { 0xff, 0xff, 0x55, 0x55 };

	ok_eq(pxe_exit(block, PXENV_STATUS_SUCCESS), PXENV_EXIT_SUCCESS);
	ok_eq(block[0], 0);
	ok_eq(block[1], 0);
	ok_eq(pxe_exit(block, PXENV_STATUS_KEEP_UNDI), PXENV_EXIT_FAILURE);
	ok_eq(block[0], 4);
	ok_eq(block[2], 0x55);
}
