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
#include <wireboot/pci.h>
#include <wireboot/settings.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_SAN

void san_acpi_finish(void *table, const char *signature, size_t len,
		     uint8_t revision)
{
	static const struct san_acpi_header wireboot = {
		.oem_id = "WIREBT",
		.oem_table_id = "wireboot",
		.oem_revision = 1,
		.creator_id = "WBOT",
		.creator_revision = 1,
	};
	struct san_acpi_header *hdr = table;
	const uint8_t *bytes = table;
	uint8_t sum = 0;
	size_t i;

	*hdr = wireboot;
	memcpy(hdr->signature, signature, sizeof(hdr->signature));
	hdr->length = (uint32_t)len;
	hdr->revision = revision;
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
	uint8_t *buf;
	int rc;
	int len;

	if (!platform || !platform->install_tables)
		return 0;
	/* One block: the list of tables, then room to build each one. */
	tables = zalloc(num_models * (sizeof(*tables) + SAN_TABLE_MAX));
	if (!tables)
		return ERR(ENOMEM);
	buf = (uint8_t *)(tables + num_models);
	for_each_table_entry(model, san_table_models) {
		san_gather(model, &descs);
		if (list_empty(&descs))
			continue;
		len = model->build(&descs, buf, SAN_TABLE_MAX);
		if (len < 0) {
			rc = len;
			goto out;
		}
		tables[count].model = model;
		tables[count].data = buf;
		tables[count].len = (size_t)len;
		count++;
		buf += SAN_TABLE_MAX;
	}
	rc = platform->install_tables(tables, count);
out:
	free(tables);
	return rc;
}

int san_netdev_busdevfn(struct net_device *netdev)
{
	const char *loc = netdev->location;
	uint8_t raw[2];

	if (strncmp(loc, "PCI", 3) != 0 ||
	    setting_type_busdevfn.parse(&setting_type_busdevfn, loc + 3, raw,
					sizeof(raw)) < 0)
		return -1;
	return raw[0] << 8 | raw[1];
}
