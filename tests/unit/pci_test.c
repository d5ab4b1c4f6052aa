/*
 * PCI core, driver table and virtqueue bookkeeping, as far as a process can
 * check them: the hosted build has no bus, so nothing is found; every
 * driver's ID table covers the NICs QEMU emulates, with no ID claimed twice;
 * locations print as "PCI00:03.0"; the busdevfn setting type reads and
 * shows "bb:dd.f"; and a split virtqueue hands out and
 * takes back descriptor chains in order across the 16-bit index wrap.
 */
#include <string.h>
#include <stdlib.h>
#include <wireboot/pci.h>
#include <wireboot/virtio_pci.h>
#include <wireboot/settings.h>
#include <wireboot/errors.h>
#include "unittest.h"

UNIT_TEST(pci_hosted_has_no_bus)
{
	struct pci_device pci;
	int busdevfn = -1;

	ok_eq(pci_bus_count(), 0);
	ok_eq(pci_find_next(&pci, &busdevfn), ERR_IN(ESUB_PCI, ENODEV));
	ok(list_empty(&pci_devices));
}

UNIT_TEST(pci_location_format)
{
	struct pci_device pci = { .busdevfn = PCI_BUSDEVFN(0x1a, 0x1f, 7) };
	char buf[16];

	pci_location(&pci, buf, sizeof(buf));
	ok_str(buf, "PCI1a:1f.7");
	ok_eq(PCI_BUS(pci.busdevfn), 0x1a);
	ok_eq(PCI_SLOT(pci.busdevfn), 0x1f);
	ok_eq(PCI_FUNC(pci.busdevfn), 7);
}

/* The driver claiming VENDOR:DEVICE, or NULL; counts claims in *CLAIMS. */
static const struct pci_driver *pci_test_claim(uint16_t vendor,
					       uint16_t device,
					       unsigned int *claims)
{
	const struct pci_driver *driver;
	const struct pci_driver *found = NULL;
	unsigned int i;

	*claims = 0;
	for_each_table_entry(driver, pci_drivers) {
		for (i = 0; i < driver->id_count; i++) {
			if (driver->ids[i].vendor == vendor &&
			    driver->ids[i].device == device) {
				found = driver;
				(*claims)++;
			}
		}
	}
	return found;
}

UNIT_TEST(pci_driver_table_covers_qemu_nics)
{
	static const struct {
		uint16_t vendor;
		uint16_t device;
		const char *driver;
	} nics[] = {
		{ 0x8086, 0x100e, "e1000" },
		{ 0x8086, 0x100c, "e1000" },
		{ 0x8086, 0x100f, "e1000" },
		{ 0x8086, 0x10d3, "e1000" },
		{ 0x10ec, 0x8139, "rtl8139" },
		{ 0x1af4, 0x1000, "virtio-net" },
		{ 0x1af4, 0x1041, "virtio-net" },
	};
	const struct pci_driver *driver;
	unsigned int claims;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(nics); i++) {
		driver = pci_test_claim(nics[i].vendor, nics[i].device, &claims);
		ok(driver != NULL);
		ok_eq(claims, 1);
		if (driver)
			ok_str(driver->name, nics[i].driver);
	}
	for_each_table_entry(driver, pci_drivers) {
		ok(driver->id_count > 0);
		ok(driver->probe != NULL);
		ok(driver->remove != NULL);
		for (i = 0; i < driver->id_count; i++) {
			pci_test_claim(driver->ids[i].vendor,
				       driver->ids[i].device, &claims);
			ok_eq(claims, 1);
			ok(driver->ids[i].description != NULL);
		}
	}
}

UNIT_TEST(pci_virtqueue_used_ring_order_and_wrap)
{
	enum { NUM = 8 };
	struct virtqueue vq;
	struct vring_avail *avail;
	struct vring_used *used;
	uint16_t id;
	uint32_t len;
	unsigned int round;

	avail = calloc(1, sizeof(*avail) + NUM * sizeof(uint16_t));
	used = calloc(1, sizeof(*used) + NUM * sizeof(struct vring_used_elem));
	memset(&vq, 0, sizeof(vq));
	vq.num = NUM;
	vq.avail = avail;
	vq.used = used;
	/* Start just below the wrap of the free-running 16-bit indices. */
	vq.avail_idx = 0xfffe;
	vq.last_used = 0xfffe;
	used->idx = 0xfffe;

	ok(!vq_get_used(&vq, &id, &len));
	for (round = 0; round < 4; round++) {
		vq_add(&vq, (uint16_t)(10 + round));
		ok_eq(avail->ring[(uint16_t)(0xfffe + round) % NUM], 10 + round);
		/* The device finishes the chain: one used entry. */
		used->ring[used->idx % NUM].id = 10 + round;
		used->ring[used->idx % NUM].len = 100 * round;
		used->idx++;
		ok(vq_get_used(&vq, &id, &len));
		ok_eq(id, 10 + round);
		ok_eq(len, 100 * round);
		ok(!vq_get_used(&vq, &id, &len));
	}
	ok_eq(vq.avail_idx, 2);
	ok_eq(vq.last_used, 2);
	free(avail);
	free(used);
}

UNIT_TEST(pci_busdevfn_setting_type)
{
	const struct setting_type *type = find_setting_type("busdevfn");
	uint8_t raw[2] = { 0, 0 };
	uint8_t one = 0x18;
	char buf[16];

	ok(type == &setting_type_busdevfn);
	if (!type)
		return;
	ok_eq(type->parse(type, "1a:1f.7", raw, sizeof(raw)), 2);
	ok_eq(raw[0], 0x1a);
	ok_eq(raw[1], 0xff);
	ok_eq(type->format(type, raw, sizeof(raw), buf, sizeof(buf)), 7);
	ok_str(buf, "1a:1f.7");
	/* What pciscan stores for 00:03.0, one byte wide or two. */
	ok_eq(type->format(type, &one, 1, buf, sizeof(buf)), 7);
	ok_str(buf, "00:03.0");
	ok(type->parse(type, "00:20.0", raw, sizeof(raw)) < 0);
	ok(type->parse(type, "00:03.8", raw, sizeof(raw)) < 0);
	ok(type->parse(type, "100:03.0", raw, sizeof(raw)) < 0);
	ok(type->parse(type, "00:03", raw, sizeof(raw)) < 0);
	ok(type->parse(type, "00:03.0x", raw, sizeof(raw)) < 0);
}
