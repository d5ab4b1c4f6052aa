/*
 * Finding the SMBIOS tables a PC BIOS provides: an entry point ("_SM3_"
 * for 64-bit, "_SM_" for 32-bit) on a 16-byte boundary in F0000-FFFFF
 * gives the structure table's address, length and version, which go to
 * the core's parser as the "smbios" settings (${uuid}, ${serial}, ...).
 */
#include <stdio.h>
#include <wireboot/init.h>
#include <wireboot/errors.h>
#include <wireboot/smbios.h>
#include <x86/io.h>

#define SMBIOS_AREA 0xf0000
#define SMBIOS_AREA_LEN 0x10000

/* Scan the BIOS area with CHECK (a 64- or 32-bit entry point reader). */
static bool scan_area(bool (*check)(const void *candidate, size_t avail,
				    struct smbios_location *loc),
		      struct smbios_location *loc)
{
	uint32_t off;

	for (off = 0; off < SMBIOS_AREA_LEN; off += 16) {
		if (check(phys_to_virt(SMBIOS_AREA + off),
			  SMBIOS_AREA_LEN - off, loc))
			return true;
	}
	return false;
}

/* Startup hook: publish the SMBIOS identity, if the BIOS has any. */
static void smbios_startup(void)
{
	struct smbios_location loc;
	int rc;

	if (!scan_area(smbios_entry64, &loc) && !scan_area(smbios_entry32, &loc))
		return;
	if (loc.addr + loc.len > (1ULL << 32))
		return;
	rc = smbios_register_settings(phys_to_virt((physaddr_t)loc.addr),
				      loc.len, loc.major, loc.minor);
	if (rc != 0)
		printf("SMBIOS: %s\n", errstr(rc));
}

static struct startup_fn smbios_startup_fn __startup_fn = {
	.name = "smbios",
	.order = INIT_NORMAL,
	.startup = smbios_startup,
};
