/*
 * Unit tests for the Windows-style TFTP name mangling (src/core/pxe_paths.c).
 */
#include <string.h>
#include <wireboot/pxe_paths.h>
#include "unittest.h"

UNIT_TEST(pxe_paths_backslashes)
{
	char out[64];

	ok_eq(pxe_path_mangle(NULL, "\\Boot\\x86\\ntldr", out, sizeof(out)), 15);
	ok_str(out, "/Boot/x86/ntldr");
	ok_eq(pxe_path_mangle("", "plain/name", out, sizeof(out)), 10);
	ok_str(out, "plain/name");
}

UNIT_TEST(pxe_paths_previous_prefix)
{
	char out[64];

	/* The previous file's name glued in front is dropped... */
	ok_eq(pxe_path_mangle("boot/startrom.com", "boot\\startrom.comntldr",
			      out, sizeof(out)), 5);
	ok_str(out, "ntldr");
	/* ...but a name that only starts like it, or equals it, stays. */
	ok_eq(pxe_path_mangle("boot/startrom.com", "boot/startrom.com", out,
			      sizeof(out)), 17);
	ok_str(out, "boot/startrom.com");
	ok_eq(pxe_path_mangle("boot/x", "boot/y", out, sizeof(out)), 6);
	ok_str(out, "boot/y");
}

UNIT_TEST(pxe_paths_too_long)
{
	char out[6];

	ok_eq(pxe_path_mangle(NULL, "abcdef", out, sizeof(out)), -1);
	ok_eq(pxe_path_mangle(NULL, "abcde", out, sizeof(out)), 5);
	ok_str(out, "abcde");
	ok_eq(pxe_path_mangle(NULL, "", out, 0), -1);
}
