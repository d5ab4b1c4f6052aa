/*
 * Firmware tables for SAN devices: gather the descriptors of every
 * registered drive by table model, build each model's table and hand them
 * all to the platform to install.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/san.h>
#include <wireboot/sanboot_tables.h>
#include <wireboot/netdevice.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_SAN

void san_acpi_header(struct san_acpi_header *hdr, const char *signature,
		     size_t len, uint8_t revision)
{
	memset(hdr, 0, sizeof(*hdr));
	memcpy(hdr->signature, signature, sizeof(hdr->signature));
	hdr->length = (uint32_t)len;
	hdr->revision = revision;
	memcpy(hdr->oem_id, "WIREBT", sizeof(hdr->oem_id));
	memcpy(hdr->oem_table_id, "wireboot", sizeof(hdr->oem_table_id));
	hdr->oem_revision = 1;
	memcpy(hdr->creator_id, "WBOT", sizeof(hdr->creator_id));
	hdr->creator_revision = 1;
}

void san_acpi_checksum(void *data, size_t len)
{
	struct san_acpi_header *hdr = data;
	const uint8_t *bytes = data;
	uint8_t sum = 0;
	size_t i;

	hdr->checksum = 0;
	for (i = 0; i < len; i++)
		sum = (uint8_t)(sum + bytes[i]);
	hdr->checksum = (uint8_t)-sum;
}

/* Collect into DESCS the descriptors of MODEL, in registration order. */
static void san_gather(const struct san_table_model *model,
		       struct list_head *descs)
{
	struct san_descriptor *desc;
	struct san_device *sandev;

	INIT_LIST_HEAD(descs);
	for_each_sandev(sandev) {
		if (sandev->flags & SAN_NO_DESCRIBE)
			continue;
		desc = san_descriptor(sandev);
		if (desc && desc->model == model)
			list_add_tail(&desc->list, descs);
	}
}

int san_describe(void)
{
	const struct san_platform *platform = san_platform();
	size_t num_models = table_count(san_table_models);
	const struct san_table_model *model;
	struct san_table *tables;
	struct list_head descs;
	unsigned int count = 0;
	unsigned int i;
	void *buf;
	int rc = 0;
	int len;

	if (!platform || !platform->install_tables)
		return 0;
	tables = zalloc((num_models + 1) * sizeof(*tables));
	if (!tables)
		return ERR(ENOMEM);
	for_each_table_entry(model, san_table_models) {
		san_gather(model, &descs);
		if (list_empty(&descs))
			continue;
		buf = zalloc(SAN_TABLE_MAX);
		if (!buf) {
			rc = ERR(ENOMEM);
			goto out;
		}
		len = model->build(&descs, buf, SAN_TABLE_MAX);
		if (len < 0) {
			free(buf);
			rc = len;
			goto out;
		}
		tables[count].model = model;
		tables[count].data = buf;
		tables[count].len = (size_t)len;
		count++;
	}
	rc = platform->install_tables(tables, count);
out:
	for (i = 0; i < count; i++)
		free((void *)tables[i].data);
	free(tables);
	return rc;
}

int san_netdev_busdevfn(struct net_device *netdev)
{
	const char *loc = netdev->location;
	unsigned long bus, dev, fn;
	char *end;

	if (strncmp(loc, "PCI", 3) != 0)
		return -1;
	bus = strtoul(loc + 3, &end, 16);
	if (*end != ':')
		return -1;
	dev = strtoul(end + 1, &end, 16);
	if (*end != '.')
		return -1;
	fn = strtoul(end + 1, &end, 16);
	if (*end || bus > 0xff || dev > 0x1f || fn > 7)
		return -1;
	return (int)((bus << 8) | (dev << 3) | fn);
}
