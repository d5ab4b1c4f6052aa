/*
 * Unit tests for the "smbios" settings block (src/core/smbios_settings.c):
 * values as ${uuid}, ${serial}, ... show them, for both UUID byte orders
 * and for tables that hold less.
 */
#include <string.h>
#include <wireboot/smbios.h>
#include <wireboot/settings.h>
#include <wireboot/errors.h>
#include "unittest.h"

/* System, baseboard and chassis structures, then the end of the table. */
static const uint8_t smbios_settings_table[] = {
	0x01, 0x19, 0x00, 0x01,
	0x01, 0x02, 0x00, 0x03,
	0x22, 0xca, 0x8b, 0xb7, 0xa4, 0x4e, 0x0c, 0x4d,
	0x9e, 0xfd, 0xe3, 0xc9, 0xa2, 0x10, 0xac, 0x79,
	0x06,
	'Q', 'E', 'M', 'U', 0,
	'S', 't', 'a', 'n', 'd', 'a', 'r', 'd', ' ', 'P', 'C', 0,
	'S', 'N', '1', 0,
	0,
	0x02, 0x09, 0x00, 0x02,
	0x01, 0x02, 0x00, 0x03, 0x00,
	'B', 'o', 'a', 'r', 'd', 'C', 'o', 0,
	'M', 'B', '-', '1', 0,
	'B', 'S', 'N', '-', '7', 0,
	0,
	0x03, 0x09, 0x00, 0x03,
	0x00, 0x01, 0x00, 0x01, 0x02,
	'C', 'S', 'N', '-', '1', 0,
	'A', 'S', 'S', 'E', 'T', '-', '4', '2', 0,
	0,
	0x7f, 0x04, 0xff, 0xff, 0x00, 0x00,
};

/* Fetch SETTING from the "smbios" block as text into BUF. */
static int smbios_text(const struct setting *setting, char *buf, size_t len)
{
	struct settings *block = find_settings("smbios");

	buf[0] = '\0';
	if (!block)
		return ERR_IN(ESUB_SMBIOS, ENOENT);
	return fetchf_setting(block, setting, buf, len);
}

UNIT_TEST(smbios_settings_values)
{
	char buf[64];

	ok_eq(smbios_register_settings(smbios_settings_table,
				       sizeof(smbios_settings_table), 2, 8), 0);
	ok(find_settings("smbios") != NULL);
	ok_eq(smbios_text(&smbios_uuid_setting, buf, sizeof(buf)), 36);
	ok_str(buf, "b78bca22-4ea4-4d0c-9efd-e3c9a210ac79");
	ok_eq(smbios_text(&smbios_manufacturer_setting, buf, sizeof(buf)), 4);
	ok_str(buf, "QEMU");
	smbios_text(&smbios_product_setting, buf, sizeof(buf));
	ok_str(buf, "Standard PC");
	smbios_text(&smbios_serial_setting, buf, sizeof(buf));
	ok_str(buf, "SN1");
	smbios_text(&smbios_board_manufacturer_setting, buf, sizeof(buf));
	ok_str(buf, "BoardCo");
	smbios_text(&smbios_board_product_setting, buf, sizeof(buf));
	ok_str(buf, "MB-1");
	smbios_text(&smbios_board_serial_setting, buf, sizeof(buf));
	ok_str(buf, "BSN-7");
	smbios_text(&smbios_chassis_serial_setting, buf, sizeof(buf));
	ok_str(buf, "CSN-1");
	smbios_text(&smbios_asset_setting, buf, sizeof(buf));
	ok_str(buf, "ASSET-42");
	/* String number 0: no value at all. */
	ok(smbios_text(&smbios_system_version_setting, buf, sizeof(buf)) < 0);
	smbios_unregister_settings();
	ok(find_settings("smbios") == NULL);
}

UNIT_TEST(smbios_settings_by_name)
{
	char name[] = "smbios/uuid";
	struct settings *block = NULL;
	struct setting setting;
	char buf[64];

	ok_eq(smbios_register_settings(smbios_settings_table,
				       sizeof(smbios_settings_table), 2, 4), 0);
	memset(&setting, 0, sizeof(setting));
	ok_eq(parse_setting_name(name, &block, &setting), 0);
	ok(block == find_settings("smbios"));
	ok(setting.type == &setting_type_uuid);
	/* Before SMBIOS 2.6 the stored bytes are already canonical. */
	ok_eq(fetchf_setting(block, &setting, buf, sizeof(buf)), 36);
	ok_str(buf, "22ca8bb7-a44e-0c4d-9efd-e3c9a210ac79");
	smbios_unregister_settings();
}

UNIT_TEST(smbios_settings_replaced)
{
	static const uint8_t serial_only[] = {
		0x01, 0x08, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
		'N', 'E', 'W', 0, 0,
	};
	char buf[64];

	ok_eq(smbios_register_settings(smbios_settings_table,
				       sizeof(smbios_settings_table), 2, 8), 0);
	ok_eq(smbios_register_settings(serial_only, sizeof(serial_only), 2, 0),
	      0);
	smbios_text(&smbios_serial_setting, buf, sizeof(buf));
	ok_str(buf, "NEW");
	ok(smbios_text(&smbios_uuid_setting, buf, sizeof(buf)) < 0);
	ok(smbios_text(&smbios_asset_setting, buf, sizeof(buf)) < 0);
	/* A table too broken to read leaves an empty block. */
	ok_eq(smbios_register_settings(serial_only, 5, 2, 0), 0);
	ok(smbios_text(&smbios_serial_setting, buf, sizeof(buf)) < 0);
	smbios_unregister_settings();
}
