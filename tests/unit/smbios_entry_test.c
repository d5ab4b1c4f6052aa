/* SMBIOS entry points: valid 2.x and 3.x ones are read, damaged ones refused. */
#include <string.h>
#include <wireboot/smbios.h>
#include "unittest.h"

/* Make the LEN bytes at DATA sum to zero through the byte at CHECKSUM. */
static void fix_checksum(uint8_t *data, size_t len, uint8_t *checksum)
{
	uint8_t sum = 0;

	*checksum = 0;
	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + data[i]);
	*checksum = (uint8_t)-sum;
}

/* A 31-byte "_SM_" entry point for a table at 0x000f1000, 0x1234 bytes, 2.8. */
static void make_entry32(uint8_t ep[31])
{
	memset(ep, 0, 31);
	memcpy(ep, "_SM_", 4);
	ep[5] = 31;
	ep[6] = 2;
	ep[7] = 8;
	memcpy(ep + 16, "_DMI_", 5);
	ep[22] = 0x34;
	ep[23] = 0x12;
	ep[24] = 0x00;
	ep[25] = 0x10;
	ep[26] = 0x0f;
	fix_checksum(ep + 16, 15, ep + 21);
	fix_checksum(ep, 31, ep + 4);
}

UNIT_TEST(smbios_entry32_valid_and_damaged)
{
	struct smbios_location loc;
	uint8_t ep[31];

	make_entry32(ep);
	ok(smbios_entry32(ep, sizeof(ep), &loc));
	ok_eq(loc.addr, 0xf1000);
	ok_eq(loc.len, 0x1234);
	ok_eq(loc.major, 2);
	ok_eq(loc.minor, 8);
	ok(!smbios_entry32(ep, sizeof(ep) - 1, &loc));
	ok(!smbios_entry64(ep, sizeof(ep), &loc));
	ep[10] ^= 1;
	ok(!smbios_entry32(ep, sizeof(ep), &loc));
	ok(!smbios_entry32(NULL, 0, &loc));
}

UNIT_TEST(smbios_entry64_valid_and_damaged)
{
	struct smbios_location loc;
	uint8_t ep[24];

	memset(ep, 0, sizeof(ep));
	memcpy(ep, "_SM3_", 5);
	ep[6] = 24;
	ep[7] = 3;
	ep[8] = 2;
	ep[12] = 0x00;
	ep[13] = 0x20;		/* table_max 0x2000 */
	ep[16] = 0x00;
	ep[17] = 0x00;
	ep[18] = 0x80;
	ep[19] = 0x7f;		/* table at 0x7f800000 */
	fix_checksum(ep, sizeof(ep), ep + 5);
	ok(smbios_entry64(ep, sizeof(ep), &loc));
	ok_eq(loc.addr, 0x7f800000);
	ok_eq(loc.len, 0x2000);
	ok_eq(loc.major, 3);
	ok_eq(loc.minor, 2);
	ep[6] = 40;		/* claims more than there is */
	fix_checksum(ep, sizeof(ep), ep + 5);
	ok(!smbios_entry64(ep, sizeof(ep), &loc));
}
