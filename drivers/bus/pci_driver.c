/*
 * PCI drivers: at start-up every function on the bus is recorded in
 * pci_devices and offered to the pci_drivers table (matched by
 * vendor:device); at shutdown each bound driver removes its device, in the
 * reverse order, so that nothing does DMA into memory handed to an OS or
 * another loader.
 */
#include <stdio.h>
#include <stdlib.h>
#include <wireboot/pci.h>
#include <wireboot/init.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_PCI

LIST_HEAD(pci_devices);

/* The entry of DRIVER's ID table matching PCI, or NULL. */
static const struct pci_device_id *pci_match(const struct pci_driver *driver,
					     const struct pci_device *pci)
{
	unsigned int i;

	for (i = 0; i < driver->id_count; i++) {
		if (driver->ids[i].vendor == pci->vendor &&
		    driver->ids[i].device == pci->device)
			return &driver->ids[i];
	}
	return NULL;
}

/* Offer PCI to every driver until one takes it. */
static void pci_probe_device(struct pci_device *pci)
{
	const struct pci_driver *driver;
	const struct pci_device_id *id;
	char loc[16];
	int rc;

	for_each_table_entry(driver, pci_drivers) {
		id = pci_match(driver, pci);
		if (!id)
			continue;
		pci->driver = driver;
		pci->id = id;
		rc = driver->probe(pci);
		if (rc == 0)
			return;
		pci_location(pci, loc, sizeof(loc));
		printf("%s: %s %04x:%04x: %s\n", loc, driver->name,
		       pci->vendor, pci->device, errstr(rc));
		pci->driver = NULL;
		pci->id = NULL;
		pci->priv = NULL;
	}
}

/* Record every function on the bus and bind drivers to them. */
static void pci_startup(void)
{
	struct pci_device found;
	struct pci_device *pci;
	int busdevfn = -1;

	while (pci_find_next(&found, &busdevfn) == 0) {
		pci = zalloc(sizeof(*pci));
		if (!pci) {
			printf("PCI: out of memory\n");
			return;
		}
		pci->busdevfn = found.busdevfn;
		pci->vendor = found.vendor;
		pci->device = found.device;
		pci->class = found.class;
		pci->revision = found.revision;
		pci->irq = found.irq;
		list_add_tail(&pci->list, &pci_devices);
		pci_probe_device(pci);
	}
}

/*
 * Remove every bound driver, newest first, and forget the devices; unless
 * a boot is handing over to something that still needs them.
 */
static void pci_shutdown(int flags)
{
	struct pci_device *pci;

	if ((flags & SHUTDOWN_BOOT) && devices_kept())
		return;
	while (!list_empty(&pci_devices)) {
		pci = list_last_entry(&pci_devices, struct pci_device, list);
		if (pci->driver)
			pci->driver->remove(pci);
		list_del(&pci->list);
		free(pci);
	}
}

static struct startup_fn pci_startup_fn __startup_fn = {
	.name = "pci",
	.order = INIT_NORMAL,
	.startup = pci_startup,
	.shutdown = pci_shutdown,
};
