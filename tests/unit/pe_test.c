/*
 * Unit tests for the PE32+ EFI application check (src/image/pe_header.c)
 * on synthetic headers, including truncated and wrong ones.
 */
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include <wireboot/pe.h>
#include "unittest.h"

#define PE_AT 0x80
#define OPT_AT (PE_AT + 24)

static uint8_t pe_file[512];

/* A minimal PE32+ x86-64 EFI application header. */
static void make_pe(void)
{
	memset(pe_file, 0, sizeof(pe_file));
	pe_file[0] = 'M';
	pe_file[1] = 'Z';
	put_le32(pe_file + 0x3c, PE_AT);
	memcpy(pe_file + PE_AT, "PE\0\0", 4);
	put_le16(pe_file + PE_AT + 4, PE_MACHINE_X86_64);
	put_le16(pe_file + PE_AT + 20, 240);
	put_le16(pe_file + OPT_AT, PE_OPT_MAGIC_PE32PLUS);
	put_le16(pe_file + OPT_AT + 68, PE_SUBSYSTEM_EFI_APPLICATION);
}

UNIT_TEST(pe_accepts_efi_app)
{
	make_pe();
	ok_eq(pe_efi_app_check(pe_file, sizeof(pe_file)), 0);
}

UNIT_TEST(pe_rejects_non_pe)
{
	make_pe();
	pe_file[1] = 'X';
	ok(err_is(pe_efi_app_check(pe_file, sizeof(pe_file)), ENOEXEC));
	make_pe();
	pe_file[PE_AT + 1] = 'X';
	ok(err_is(pe_efi_app_check(pe_file, sizeof(pe_file)), ENOEXEC));
	make_pe();
	put_le32(pe_file + 0x3c, 0xfffffff0);
	ok(err_is(pe_efi_app_check(pe_file, sizeof(pe_file)), ENOEXEC));
	make_pe();
	ok(err_is(pe_efi_app_check(pe_file, 0x3f), ENOEXEC));
}

UNIT_TEST(pe_rejects_truncated)
{
	make_pe();
	ok(err_is(pe_efi_app_check(pe_file, PE_AT + 10), ENOEXEC));
	ok(err_is(pe_efi_app_check(pe_file, OPT_AT + 60), ENOEXEC));
	ok_eq(pe_efi_app_check(pe_file, OPT_AT + 70), 0);
	put_le16(pe_file + PE_AT + 20, 0);
	ok(err_is(pe_efi_app_check(pe_file, sizeof(pe_file)), ENOEXEC));
}

UNIT_TEST(pe_rejects_other_kinds)
{
	make_pe();
	put_le16(pe_file + PE_AT + 4, 0x014c);
	ok(err_is(pe_efi_app_check(pe_file, sizeof(pe_file)), ENOTSUP));
	make_pe();
	put_le16(pe_file + OPT_AT, 0x010b);
	ok(err_is(pe_efi_app_check(pe_file, sizeof(pe_file)), ENOTSUP));
	make_pe();
	put_le16(pe_file + OPT_AT + 68, 11);
	ok(err_is(pe_efi_app_check(pe_file, sizeof(pe_file)), ENOTSUP));
}
