/*
 * The "smbios" settings block: what the SMBIOS table says identifies this
 * machine (system UUID, manufacturer, product, serial numbers, asset tag),
 * under iPXE's setting names where iPXE has one.  The UUID is stored in
 * canonical byte order whatever the SMBIOS version.
 */
#include <string.h>
#include <wireboot/smbios.h>
#include <wireboot/settings.h>
#include <wireboot/feature.h>
#include <wireboot/uuid.h>

FEATURE(smbios, "SMBIOS");

const struct setting smbios_uuid_setting __setting = {
	.name = "uuid",	/* System UUID */
	.type = &setting_type_uuid,
};
const struct setting smbios_manufacturer_setting __setting = {
	.name = "manufacturer",	/* System manufacturer */
	.type = &setting_type_string,
};
const struct setting smbios_product_setting __setting = {
	.name = "product",	/* System product name */
	.type = &setting_type_string,
};
const struct setting smbios_system_version_setting __setting = {
	.name = "system-version",	/* System version */
	.type = &setting_type_string,
};
const struct setting smbios_serial_setting __setting = {
	.name = "serial",	/* System serial number */
	.type = &setting_type_string,
};
const struct setting smbios_board_manufacturer_setting __setting = {
	.name = "board-manufacturer",	/* Baseboard manufacturer */
	.type = &setting_type_string,
};
const struct setting smbios_board_product_setting __setting = {
	.name = "board-product",	/* Baseboard product name */
	.type = &setting_type_string,
};
const struct setting smbios_board_serial_setting __setting = {
	.name = "board-serial",	/* Baseboard serial number */
	.type = &setting_type_string,
};
const struct setting smbios_chassis_serial_setting __setting = {
	.name = "chassis-serial",	/* Chassis serial number */
	.type = &setting_type_string,
};
const struct setting smbios_asset_setting __setting = {
	.name = "asset",	/* Chassis asset tag */
	.type = &setting_type_string,
};

/* A string field of some structure type, and the setting it becomes. */
struct smbios_string_field {
	uint8_t type;
	uint8_t offset;
	const struct setting *setting;
};

static const struct smbios_string_field smbios_string_fields[] = {
	{ SMBIOS_TYPE_SYSTEM, 0x04, &smbios_manufacturer_setting },
	{ SMBIOS_TYPE_SYSTEM, 0x05, &smbios_product_setting },
	{ SMBIOS_TYPE_SYSTEM, 0x06, &smbios_system_version_setting },
	{ SMBIOS_TYPE_SYSTEM, 0x07, &smbios_serial_setting },
	{ SMBIOS_TYPE_BASEBOARD, 0x04, &smbios_board_manufacturer_setting },
	{ SMBIOS_TYPE_BASEBOARD, 0x05, &smbios_board_product_setting },
	{ SMBIOS_TYPE_BASEBOARD, 0x07, &smbios_board_serial_setting },
	{ SMBIOS_TYPE_CHASSIS, 0x07, &smbios_chassis_serial_setting },
	{ SMBIOS_TYPE_CHASSIS, 0x08, &smbios_asset_setting },
};

static struct generic_settings smbios_settings;
static bool smbios_registered;

/* Store every value TABLE holds into the block. */
static int smbios_store_all(const void *table, size_t len, unsigned int major,
			    unsigned int minor)
{
	const struct smbios_string_field *field;
	struct smbios_structure structure;
	uint8_t uuid[UUID_LEN];
	const char *text;
	int rc;

	if (smbios_find(table, len, SMBIOS_TYPE_SYSTEM, 0, &structure) == 0 &&
	    smbios_system_uuid(&structure, major, minor, uuid) == 0) {
		rc = store_setting(&smbios_settings.settings,
				   &smbios_uuid_setting, uuid, sizeof(uuid));
		if (rc < 0)
			return rc;
	}
	for (field = smbios_string_fields;
	     field < smbios_string_fields + ARRAY_SIZE(smbios_string_fields);
	     field++) {
		if (smbios_find(table, len, field->type, 0, &structure) < 0)
			continue;
		text = smbios_field_string(&structure, field->offset);
		if (!text)
			continue;
		rc = store_setting(&smbios_settings.settings, field->setting,
				   text, strlen(text));
		if (rc < 0)
			return rc;
	}
	return 0;
}

int smbios_register_settings(const void *table, size_t len,
			     unsigned int major, unsigned int minor)
{
	int rc;

	if (smbios_registered) {
		clear_settings(&smbios_settings.settings);
	} else {
		generic_settings_init(&smbios_settings, NULL);
		rc = register_settings(&smbios_settings.settings, NULL,
				       "smbios");
		if (rc < 0)
			return rc;
		smbios_registered = true;
	}
	return smbios_store_all(table, len, major, minor);
}

void smbios_unregister_settings(void)
{
	if (!smbios_registered)
		return;
	clear_settings(&smbios_settings.settings);
	unregister_settings(&smbios_settings.settings);
	smbios_registered = false;
}
