/*
 * Unit tests for error codes and their words (src/core/errors.c).
 */
#include <string.h>
#include <limits.h>
#include <wireboot/errors.h>
#include "unittest.h"

#define ERR_SUBSYS ESUB_TCP

UNIT_TEST(errors_words)
{
	ok_str(errstr(ERR(ETIMEDOUT)), "Connection timed out (tcp)");
	ok_str(errstr(ERR_IN(ESUB_DHCP, ENOENT)),
	       "No such file or directory (dhcp)");
	ok_str(errstr(ERR_IN(ESUB_CORE, EUNKNOWN)), "Unknown error (core)");
	ok_str(errstr(ERR_IN(ESUB_EFI, ENOEXIT)), "Exited with status (efi)");
	ok_str(err_reason_str(ENOMEM), "Not enough memory");
	ok_str(err_subsys_str(ESUB_SMBIOS), "smbios");
	ok_str(err_subsys_str(ESUB_INT13), "int13");
}

UNIT_TEST(errors_not_errors)
{
	ok_str(errstr(0), "No error");
	ok_str(errstr(1), "No error");
	ok_str(errstr(INT_MAX), "No error");
}

UNIT_TEST(errors_unknown)
{
	/* A reason without words: the whole code in hex. */
	ok_str(errstr(ERR(200)), "Error 0x17c8 (tcp)");
	ok_str(errstr(-0x1700), "Error 0x1700 (tcp)");
	/* A subsystem without a name: its number. */
	ok_str(errstr(ERR_IN(99, ETIMEDOUT)),
	       "Connection timed out (subsystem 99)");
	ok_str(errstr(ERR_IN(99, 250)), "Error 0x63fa");
	ok_str(errstr(INT_MIN), "Error 0x80000000");
	ok(err_reason_str(0) == NULL);
	ok(err_reason_str(ERR_REASON_MAX) == NULL);
	ok(err_reason_str(-1) == NULL);
	ok(err_subsys_str(ERR_SUBSYS_MAX) == NULL);
	ok(err_subsys_str(-1) == NULL);
}

UNIT_TEST(errors_every_code_has_words)
{
	int reason, subsys;
	int all_reasons = 1, all_subsystems = 1;

	for (reason = 1; reason < ERR_REASON_MAX; reason++) {
		const char *words = err_reason_str(reason);

		if (!words || !*words)
			all_reasons = 0;
	}
	for (subsys = 0; subsys < ERR_SUBSYS_MAX; subsys++) {
		const char *name = err_subsys_str(subsys);

		if (!name || !*name)
			all_subsystems = 0;
	}
	ok(all_reasons);
	ok(all_subsystems);
}

UNIT_TEST(errors_code_parts)
{
	int rc = ERR_IN(ESUB_HTTP, ECONNRESET);

	ok(rc < 0);
	ok_eq(err_reason(rc), ECONNRESET);
	ok_eq(err_subsys(rc), ESUB_HTTP);
	ok(err_is(rc, ECONNRESET));
	ok(!err_is(rc, ETIMEDOUT));
	ok_eq(err_reason(0), 0);
	ok_eq(err_reason(12), 0);
}
