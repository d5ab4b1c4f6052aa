/*
 * Unit tests for the SMBIOS structure table walker (src/core/smbios.c):
 * finding structures, strings and the UUID in well-formed tables, and
 * staying inside malformed ones.  Tables under test are copied into heap
 * blocks of exactly their length, so AddressSanitizer reports any read
 * past the end.
 */
#include <string.h>
#include <stdlib.h>
#include <wireboot/smbios.h>
#include <wireboot/uuid.h>
#include <wireboot/errors.h>
#include "unittest.h"

/* System (type 1, SMBIOS 2.4+ length), baseboard, chassis, end of table. */
static const uint8_t smbios_example[] = {
	/* Type 1, length 0x1b, handle 0x0100. */
	0x01, 0x1b, 0x00, 0x01,
	0x01, 0x02, 0x00, 0x03,	/* manufacturer, product, no version, serial */
	0x44, 0x45, 0x4c, 0x4c, 0x38, 0x00, 0x10, 0x46,	/* UUID as stored */
	0x80, 0x50, 0xb4, 0xc0, 0x4f, 0x4d, 0x4e, 0x31,
	0x06, 0x00, 0x00,	/* wake-up type, no SKU, no family */
	'A', 'c', 'm', 'e', 0,
	'R', 'o', 'c', 'k', 'e', 't', ' ', '9', 0,
	'S', 'N', '-', '1', '2', '3', 0,
	0,
	/* Type 2, length 9, handle 0x0200. */
	0x02, 0x09, 0x00, 0x02,
	0x01, 0x02, 0x00, 0x03, 0x00,
	'B', 'o', 'a', 'r', 'd', 'C', 'o', 0,
	'M', 'B', '-', '1', 0,
	'B', 'S', 'N', '-', '7', 0,
	0,
	/* Type 3, length 9, handle 0x0300: chassis type 0x17 at offset 5. */
	0x03, 0x09, 0x00, 0x03,
	0x01, 0x17, 0x00, 0x02, 0x03,
	'C', 'a', 's', 'e', 'C', 'o', 0,
	'C', 'S', 'N', '-', '1', 0,
	'A', 'S', 'S', 'E', 'T', '-', '4', '2', 0,
	0,
	/* End of table, then a structure that must not be seen. */
	0x7f, 0x04, 0xff, 0xff, 0x00, 0x00,
	0x04, 0x04, 0x00, 0x04, 0x00, 0x00,
};

/* A heap copy of exactly LEN bytes of TABLE (caller frees). */
static uint8_t *exact_copy(const void *table, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);

	if (copy)
		memcpy(copy, table, len);
	return copy;
}

UNIT_TEST(smbios_find_structures)
{
	uint8_t *table = exact_copy(smbios_example, sizeof(smbios_example));
	struct smbios_structure s;

	if (!table) {
		ok(0);
		return;
	}
	ok_eq(smbios_find(table, sizeof(smbios_example), 1, 0, &s), 0);
	ok(s.data == table);
	ok_eq(s.len, 0x1b);
	ok_eq(s.strings_len, 5 + 9 + 7 + 1);
	ok_eq(smbios_find(table, sizeof(smbios_example), 2, 0, &s), 0);
	ok_eq(s.data[3], 0x02);
	ok_eq(smbios_find(table, sizeof(smbios_example), 3, 0, &s), 0);
	ok_eq(s.data[5], 0x17);
	ok_eq(smbios_find(table, sizeof(smbios_example), 127, 0, &s), 0);
	/* Nothing after the end-of-table structure counts. */
	ok_eq(smbios_find(table, sizeof(smbios_example), 4, 0, &s),
	      ERR_IN(ESUB_SMBIOS, ENOENT));
	ok_eq(smbios_find(table, sizeof(smbios_example), 1, 1, &s),
	      ERR_IN(ESUB_SMBIOS, ENOENT));
	ok_eq(smbios_find(table, 0, 1, 0, &s), ERR_IN(ESUB_SMBIOS, ENOENT));
	free(table);
}

UNIT_TEST(smbios_strings)
{
	struct smbios_structure s;

	ok_eq(smbios_find(smbios_example, sizeof(smbios_example), 1, 0, &s), 0);
	ok_str(smbios_field_string(&s, 4), "Acme");
	ok_str(smbios_field_string(&s, 5), "Rocket 9");
	ok_str(smbios_field_string(&s, 7), "SN-123");
	/* String number 0 means "no string". */
	ok(smbios_field_string(&s, 6) == NULL);
	ok(smbios_string(&s, 0) == NULL);
	ok_str(smbios_string(&s, 3), "SN-123");
	/* Numbers past the last string. */
	ok(smbios_string(&s, 4) == NULL);
	ok(smbios_string(&s, 255) == NULL);
	/* Offsets past the formatted area. */
	ok(smbios_field_string(&s, 0x1b) == NULL);
	ok(smbios_field_string(&s, 1000) == NULL);
	ok_eq(smbios_find(smbios_example, sizeof(smbios_example), 3, 0, &s), 0);
	ok_str(smbios_field_string(&s, 8), "ASSET-42");
}

UNIT_TEST(smbios_uuid_byte_order)
{
	struct smbios_structure s;
	uint8_t uuid[UUID_LEN];
	char text[UUID_STRLEN + 1];

	ok_eq(smbios_find(smbios_example, sizeof(smbios_example), 1, 0, &s), 0);
	/* 2.6 and later: the first three fields are little-endian. */
	ok_eq(smbios_system_uuid(&s, 2, 6, uuid), 0);
	uuid_format(uuid, text);
	ok_str(text, "4c4c4544-0038-4610-8050-b4c04f4d4e31");
	ok_eq(smbios_system_uuid(&s, 3, 0, uuid), 0);
	uuid_format(uuid, text);
	ok_str(text, "4c4c4544-0038-4610-8050-b4c04f4d4e31");
	/* Before 2.6 the bytes are taken as they are. */
	ok_eq(smbios_system_uuid(&s, 2, 4, uuid), 0);
	uuid_format(uuid, text);
	ok_str(text, "44454c4c-3800-1046-8050-b4c04f4d4e31");
	ok_eq(smbios_system_uuid(&s, 1, 9, uuid), 0);
	uuid_format(uuid, text);
	ok_str(text, "44454c4c-3800-1046-8050-b4c04f4d4e31");
}

UNIT_TEST(smbios_uuid_absent)
{
	uint8_t table[sizeof(smbios_example)];
	struct smbios_structure s;
	uint8_t uuid[UUID_LEN];

	memcpy(table, smbios_example, sizeof(table));
	memset(table + 8, 0x00, UUID_LEN);
	ok_eq(smbios_find(table, sizeof(table), 1, 0, &s), 0);
	ok_eq(smbios_system_uuid(&s, 2, 8, uuid), ERR_IN(ESUB_SMBIOS, ENOENT));
	memset(table + 8, 0xff, UUID_LEN);
	ok_eq(smbios_system_uuid(&s, 2, 8, uuid), ERR_IN(ESUB_SMBIOS, ENOENT));
	/* One byte set is enough to make it a UUID. */
	table[23] = 0xfe;
	ok_eq(smbios_system_uuid(&s, 2, 8, uuid), 0);
}

UNIT_TEST(smbios_short_system_structure)
{
	/* SMBIOS 2.0 type 1: strings only, no UUID. */
	static const uint8_t v20[] = {
		0x01, 0x08, 0x00, 0x01, 0x01, 0x00, 0x00, 0x02,
		'O', 'l', 'd', 0, 'S', '1', 0, 0,
	};
	uint8_t *table = exact_copy(v20, sizeof(v20));
	struct smbios_structure s;
	uint8_t uuid[UUID_LEN];

	if (!table) {
		ok(0);
		return;
	}
	ok_eq(smbios_find(table, sizeof(v20), 1, 0, &s), 0);
	ok_eq(smbios_system_uuid(&s, 2, 0, uuid), ERR_IN(ESUB_SMBIOS, ENOENT));
	ok_str(smbios_field_string(&s, 4), "Old");
	ok(smbios_field_string(&s, 5) == NULL);
	ok_str(smbios_field_string(&s, 7), "S1");
	ok(smbios_field_string(&s, 8) == NULL);
	free(table);
}

UNIT_TEST(smbios_no_strings)
{
	/* A structure without strings ends in two NULs right away. */
	static const uint8_t bare[] = {
		0x02, 0x05, 0x00, 0x02, 0x01, 0x00, 0x00,
		0x01, 0x08, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00,
		'X', 0, 0,
	};
	struct smbios_structure s;

	ok_eq(smbios_find(bare, sizeof(bare), 2, 0, &s), 0);
	ok_eq(s.strings_len, 2);
	ok(smbios_field_string(&s, 4) == NULL);
	ok_eq(smbios_find(bare, sizeof(bare), 1, 0, &s), 0);
	ok_str(smbios_field_string(&s, 4), "X");
}

UNIT_TEST(smbios_truncated_tables)
{
	/* The type 1 structure ends at byte 0x1b + 22 = 49. */
	const size_t system_end = 0x1b + 5 + 9 + 7 + 1;
	struct smbios_structure s;
	uint8_t *table;
	size_t len;
	int good = 1;
	int rc;

	for (len = 0; len <= sizeof(smbios_example); len++) {
		table = exact_copy(smbios_example, len);
		if (!table) {
			ok(0);
			return;
		}
		rc = smbios_find(table, len, 1, 0, &s);
		if ((rc == 0) != (len >= system_end))
			good = 0;
		if (rc == 0 && (!smbios_field_string(&s, 7) ||
				(size_t)(s.strings + s.strings_len -
					 (const char *)table) > len))
			good = 0;
		smbios_find(table, len, 3, 0, &s);
		smbios_find(table, len, 200, 0, &s);
		free(table);
	}
	ok(good);
}

UNIT_TEST(smbios_bad_lengths)
{
	/* A length field pointing past the end of the table. */
	static const uint8_t too_long[] = {
		0x01, 0xff, 0x00, 0x01, 0x01, 0x02, 0x03, 0x04, 'A', 0, 0,
	};
	/* A length below the header size: the walk stops there. */
	static const uint8_t too_short[] = {
		0x02, 0x02, 0x00, 0x00, 0x00, 0x00,
		0x01, 0x08, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 'A', 0, 0,
	};
	/* A string set with no double NUL before the end. */
	static const uint8_t unterminated[] = {
		0x01, 0x08, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00,
		'A', 'c', 'm', 'e', 0, 'B',
	};
	/* Only one NUL where the empty string set needs two. */
	static const uint8_t single_nul[] = {
		0x01, 0x08, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	struct smbios_structure s;
	uint8_t *table;

	table = exact_copy(too_long, sizeof(too_long));
	ok_eq(smbios_find(table, sizeof(too_long), 1, 0, &s),
	      ERR_IN(ESUB_SMBIOS, ENOENT));
	free(table);
	table = exact_copy(too_short, sizeof(too_short));
	ok_eq(smbios_find(table, sizeof(too_short), 1, 0, &s),
	      ERR_IN(ESUB_SMBIOS, ENOENT));
	free(table);
	table = exact_copy(unterminated, sizeof(unterminated));
	ok_eq(smbios_find(table, sizeof(unterminated), 1, 0, &s),
	      ERR_IN(ESUB_SMBIOS, ENOENT));
	free(table);
	table = exact_copy(single_nul, sizeof(single_nul));
	ok_eq(smbios_find(table, sizeof(single_nul), 1, 0, &s),
	      ERR_IN(ESUB_SMBIOS, ENOENT));
	free(table);
}

UNIT_TEST(smbios_second_instance)
{
	static const uint8_t two_boards[] = {
		0x02, 0x08, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 'F', 0, 0,
		0x02, 0x08, 0x01, 0x02, 0x00, 0x00, 0x00, 0x01, 'S', 0, 0,
	};
	struct smbios_structure s;

	ok_eq(smbios_find(two_boards, sizeof(two_boards), 2, 0, &s), 0);
	ok_str(smbios_field_string(&s, 7), "F");
	ok_eq(smbios_find(two_boards, sizeof(two_boards), 2, 1, &s), 0);
	ok_str(smbios_field_string(&s, 7), "S");
	ok_eq(smbios_find(two_boards, sizeof(two_boards), 2, 2, &s),
	      ERR_IN(ESUB_SMBIOS, ENOENT));
}

UNIT_TEST(smbios_mutated_tables)
{
	uint8_t *table;
	struct smbios_structure s;
	uint8_t uuid[UUID_LEN];
	unsigned int round, i, type;
	size_t len;
	const char *text;
	int good = 1;

	srandom(2024);
	for (round = 0; round < 3000; round++) {
		len = (size_t)random() % (sizeof(smbios_example) + 1);
		table = exact_copy(smbios_example, len);
		if (!table) {
			ok(0);
			return;
		}
		for (i = 0; len && i < 1 + round % 6; i++)
			table[(size_t)random() % len] = (uint8_t)random();
		for (type = 0; type < 5; type++) {
			if (smbios_find(table, len, type, 0, &s) < 0)
				continue;
			if (s.data < table || s.strings + s.strings_len >
					      (const char *)table + len)
				good = 0;
			for (i = 0; i < 40; i++) {
				text = smbios_field_string(&s, i);
				if (text && strlen(text) >= len)
					good = 0;
			}
			smbios_system_uuid(&s, 2, 6, uuid);
		}
		free(table);
	}
	ok(good);
}
