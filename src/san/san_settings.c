/*
 * SAN settings, with iPXE's names and DHCP option 175 numbers:
 * ${san-drive} (the default drive), ${san-retries} (retries of a failed
 * command) and ${san-filename} (the loader inside the disk, EFI only).
 */
#include <wireboot/san.h>
#include <wireboot/settings.h>
#include <wireboot/builtin_settings.h>

const struct setting san_retries_setting __setting = {
	.name = "san-retries",	/* SAN retry count */
	.type = &setting_type_int8,
	.tag = DHCP_EB_TAG(187),
};

const struct setting san_filename_setting __setting = {
	.name = "san-filename",	/* SAN filename */
	.type = &setting_type_string,
	.tag = DHCP_EB_TAG(188),
};

const struct setting san_drive_setting __setting = {
	.name = "san-drive",	/* SAN drive number */
	.type = &setting_type_uint8,
	.tag = DHCP_EB_TAG(189),
};

unsigned int san_default_drive(void)
{
	unsigned long drive;

	if (fetch_uint_setting(NULL, &san_drive_setting, &drive) >= 0)
		return (unsigned int)drive;
	return SAN_DEFAULT_DRIVE;
}

unsigned int san_retries(void)
{
	unsigned long retries;

	if (fetch_uint_setting(NULL, &san_retries_setting, &retries) >= 0)
		return (unsigned int)retries;
	return SAN_DEFAULT_RETRIES;
}
