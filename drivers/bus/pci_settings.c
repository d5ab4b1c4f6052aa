/*
 * The "busdevfn" setting type, as in iPXE: a PCI function's address held
 * as a 16-bit big-endian number (bus << 8 | dev << 3 | fn, what
 * "pciscan <setting>" stores) and shown as "00:03.0".
 */
#include <stdio.h>
#include <stdlib.h>
#include <wireboot/pci.h>
#include <wireboot/settings.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_PCI

/* One hex field of TEXT ending at SEP (or at the end when SEP is 0). */
static int busdevfn_field(const char **text, char sep, unsigned long max,
			  unsigned long *value)
{
	char *end;

	*value = strtoul(*text, &end, 16);
	if (end == *text || *end != sep || *value > max)
		return ERR(EINVAL);
	*text = sep ? end + 1 : end;
	return 0;
}

/* "bb:dd.f" (hex) into two big-endian bytes. */
static int parse_busdevfn(const struct setting_type *type, const char *text,
			  void *raw, size_t len)
{
	unsigned long bus, dev, fn;
	uint16_t busdevfn;
	uint8_t *out = raw;
	int rc;

	if ((rc = busdevfn_field(&text, ':', 0xff, &bus)) != 0 ||
	    (rc = busdevfn_field(&text, '.', 0x1f, &dev)) != 0 ||
	    (rc = busdevfn_field(&text, '\0', 0x7, &fn)) != 0)
		return rc;
	busdevfn = (uint16_t)PCI_BUSDEVFN(bus, dev, fn);
	if (len >= 2) {
		out[0] = (uint8_t)(busdevfn >> 8);
		out[1] = (uint8_t)busdevfn;
	}
	return 2;
}

/* A raw number of one or two bytes as "bb:dd.f". */
static int format_busdevfn(const struct setting_type *type, const void *raw,
			   size_t raw_len, char *buf, size_t len)
{
	const uint8_t *bytes = raw;
	unsigned int busdevfn = 0;
	size_t i;

	if (!raw_len || raw_len > 2)
		return ERR(ERANGE);
	for (i = 0; i < raw_len; i++)
		busdevfn = (busdevfn << 8) | bytes[i];
	return snprintf(buf, len, "%02x:%02x.%x", PCI_BUS(busdevfn),
			PCI_SLOT(busdevfn), PCI_FUNC(busdevfn));
}

const struct setting_type setting_type_busdevfn __setting_type = {
	.name = "busdevfn",
	.parse = parse_busdevfn,
	.format = format_busdevfn,
};
