/*
 * SMBIOS structure table walker: finds structures by type, their strings
 * and the system UUID, reading only inside the table it is given however
 * the table's own length fields and strings are formed (it is fuzzed).
 */
#include <string.h>
#include <wireboot/smbios.h>
#include <wireboot/uuid.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_SMBIOS

/* Bytes in a structure header: type, length, handle. */
#define SMBIOS_HEADER_LEN 4

/* Where the system UUID lies in a type 1 structure. */
#define SMBIOS_SYSTEM_UUID_OFFSET 8

/*
 * Describe the structure at POS of the LEN-byte TABLE.  Returns false if
 * it does not fit: a length below the header, a formatted area past the
 * end, or no double NUL closing its string set.
 */
static bool structure_at(const uint8_t *table, size_t len, size_t pos,
			 struct smbios_structure *structure)
{
	size_t formatted;
	size_t end;

	if (len - pos < SMBIOS_HEADER_LEN)
		return false;
	formatted = table[pos + 1];
	if (formatted < SMBIOS_HEADER_LEN || formatted > len - pos)
		return false;
	for (end = pos + formatted; end + 1 < len; end++) {
		if (table[end] == 0 && table[end + 1] == 0)
			break;
	}
	if (end + 1 >= len)
		return false;
	structure->data = table + pos;
	structure->len = formatted;
	structure->strings = (const char *)table + pos + formatted;
	structure->strings_len = end + 2 - (pos + formatted);
	return true;
}

int smbios_find(const void *table, size_t len, unsigned int type,
		unsigned int instance, struct smbios_structure *structure)
{
	struct smbios_structure found;
	size_t pos = 0;

	while (structure_at(table, len, pos, &found)) {
		if (found.data[0] == type && instance-- == 0) {
			*structure = found;
			return 0;
		}
		if (found.data[0] == SMBIOS_TYPE_END)
			break;
		pos += found.len + found.strings_len;
	}
	return ERR(ENOENT);
}

const char *smbios_string(const struct smbios_structure *structure,
			  unsigned int index)
{
	const char *s = structure->strings;
	const char *end = s + structure->strings_len;

	if (!index)
		return NULL;
	/* Strings end before the set's final NUL: strlen() stays inside. */
	while (s < end && *s) {
		if (--index == 0)
			return s;
		s += strlen(s) + 1;
	}
	return NULL;
}

const char *smbios_field_string(const struct smbios_structure *structure,
				size_t offset)
{
	if (offset >= structure->len)
		return NULL;
	return smbios_string(structure, structure->data[offset]);
}

/* Is every byte of the LEN bytes at DATA equal to VALUE? */
static bool all_bytes(const uint8_t *data, size_t len, uint8_t value)
{
	while (len--) {
		if (*data++ != value)
			return false;
	}
	return true;
}

int smbios_system_uuid(const struct smbios_structure *structure,
		       unsigned int major, unsigned int minor,
		       uint8_t uuid[UUID_LEN])
{
	const uint8_t *raw = structure->data + SMBIOS_SYSTEM_UUID_OFFSET;

	if (structure->len < SMBIOS_SYSTEM_UUID_OFFSET + UUID_LEN)
		return ERR(ENOENT);
	if (all_bytes(raw, UUID_LEN, 0x00) || all_bytes(raw, UUID_LEN, 0xff))
		return ERR(ENOENT);
	memcpy(uuid, raw, UUID_LEN);
	if (major > 2 || (major == 2 && minor >= 6))
		uuid_mangle(uuid);
	return 0;
}
