/*
 * The aBFT (AoE Boot Firmware Table): shelf, slot and the client NIC's MAC
 * of the AoE boot disk, behind an ACPI-style header (revision 1), so that
 * an OS driver (WinAoE/WinVBlock) can find the disk it was booted from.
 * One table describes one disk: the first AoE drive registered.
 */
#include <string.h>
#include <wireboot/aoe.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_SAN

static int abft_build(struct list_head *descs, void *buf, size_t len)
{
	struct aoe_descriptor *aoe =
		container_of(list_first_entry(descs, struct san_descriptor,
					      list),
			     struct aoe_descriptor, desc);
	struct abft_table *abft = buf;

	if (len < sizeof(*abft))
		return ERR(ENOSPC);
	memset(abft, 0, sizeof(*abft));
	abft->shelf = cpu_to_le16(aoe->major);
	abft->slot = aoe->minor;
	memcpy(abft->mac, aoe->mac, sizeof(abft->mac));
	san_acpi_finish(abft, "aBFT", sizeof(*abft), 1);
	return sizeof(*abft);
}

const struct san_table_model abft_model __san_table_model = {
	.name = "aBFT",
	.build = abft_build,
};
