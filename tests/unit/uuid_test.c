/*
 * Unit tests for UUID text and byte order (src/core/uuid.c).
 */
#include <string.h>
#include <wireboot/uuid.h>
#include <wireboot/errors.h>
#include "unittest.h"

static const uint8_t uuid_example[UUID_LEN] = {
	0x4c, 0x4c, 0x45, 0x44, 0x00, 0x38, 0x46, 0x10,
	0x80, 0x50, 0xb4, 0xc0, 0x4f, 0x4d, 0x4e, 0x31,
};

UNIT_TEST(uuid_format_canonical)
{
	char text[UUID_STRLEN + 1];
	uint8_t ones[UUID_LEN];

	memset(text, 'x', sizeof(text));
	uuid_format(uuid_example, text);
	ok_str(text, "4c4c4544-0038-4610-8050-b4c04f4d4e31");
	memset(ones, 0xff, sizeof(ones));
	uuid_format(ones, text);
	ok_str(text, "ffffffff-ffff-ffff-ffff-ffffffffffff");
}

UNIT_TEST(uuid_parse_valid)
{
	uint8_t uuid[UUID_LEN];

	memset(uuid, 0, sizeof(uuid));
	ok_eq(uuid_parse("4c4c4544-0038-4610-8050-b4c04f4d4e31", uuid), 0);
	ok(memcmp(uuid, uuid_example, UUID_LEN) == 0);
	memset(uuid, 0, sizeof(uuid));
	ok_eq(uuid_parse("4C4C4544-0038-4610-8050-B4C04F4D4E31", uuid), 0);
	ok(memcmp(uuid, uuid_example, UUID_LEN) == 0);
}

UNIT_TEST(uuid_parse_invalid)
{
	static const char *const bad[] = {
		"",
		"4c4c4544",
		"4c4c4544-0038-4610-8050-b4c04f4d4e3",
		"4c4c4544-0038-4610-8050-b4c04f4d4e311",
		"4c4c4544-0038-4610-8050-b4c04f4d4e31 ",
		" 4c4c4544-0038-4610-8050-b4c04f4d4e31",
		"{4c4c4544-0038-4610-8050-b4c04f4d4e31}",
		"4c4c4544003846108050b4c04f4d4e31",
		"4c4c4544-0038-4610-8050_b4c04f4d4e31",
		"4c4c454-40038-4610-8050-b4c04f4d4e31",
		"4c4c4544-0038-4610-8050-b4c04f4d4eg1",
		"4c4c4544-0038-4610-8050-b4c04f4d4e-1",
	};
	uint8_t uuid[UUID_LEN];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(uuid, 0xaa, sizeof(uuid));
		ok_eq(uuid_parse(bad[i], uuid), ERR_IN(ESUB_PARSE, EINVAL));
		ok(uuid[0] == 0xaa && uuid[15] == 0xaa);
	}
}

UNIT_TEST(uuid_mangle_fields)
{
	uint8_t uuid[UUID_LEN];
	char text[UUID_STRLEN + 1];

	memcpy(uuid, uuid_example, UUID_LEN);
	uuid_mangle(uuid);
	uuid_format(uuid, text);
	ok_str(text, "44454c4c-3800-1046-8050-b4c04f4d4e31");
	uuid_mangle(uuid);
	ok(memcmp(uuid, uuid_example, UUID_LEN) == 0);
}

UNIT_TEST(uuid_round_trip)
{
	uint8_t uuid[UUID_LEN];
	uint8_t back[UUID_LEN];
	char text[UUID_STRLEN + 1];
	unsigned int i;

	for (i = 0; i < UUID_LEN; i++)
		uuid[i] = (uint8_t)(i * 17 + 3);
	uuid_format(uuid, text);
	ok_eq(strlen(text), UUID_STRLEN);
	ok_eq(uuid_parse(text, back), 0);
	ok(memcmp(uuid, back, UUID_LEN) == 0);
}
