/*
 * The PXE NBP image type: anything no other type claimed that fits in base
 * memory from 0000:7C00 and is not an EFI binary ("MZ").  It runs with the
 * PXE API on the device DHCP configured; if it returns, its status is the
 * image's (AX = 0: success) and wireboot carries on.
 */
#include <string.h>
#include <wireboot/errors.h>
#include <wireboot/image.h>
#include <wireboot/netdevice.h>
#include <x86/io.h>
#include <x86/pxe.h>

#define ERR_SUBSYS ESUB_PXE

#define NBP_LOAD_ADDR 0x7c00
#define BASEMEM_END 0xa0000

/* An NBP: not empty, not "MZ", no larger than base memory allows. */
static int pxe_image_probe(struct image *image)
{
	const uint8_t *data = image->data;

	if (image->len == 0 || image->len > BASEMEM_END - NBP_LOAD_ADDR)
		return ERR(ENOEXEC);
	if (image->len >= 2 && data[0] == 'M' && data[1] == 'Z')
		return ERR(ENOEXEC);
	return 0;
}

/* The device to run on: the first one DHCP configured, else the first open. */
static struct net_device *pxe_pick_netdev(void)
{
	struct net_device *netdev;

	for_each_netdev(netdev) {
		if (netdev_is_open(netdev) &&
		    find_child_settings(&netdev->settings.settings, "dhcp"))
			return netdev;
	}
	for_each_netdev(netdev) {
		if (netdev_is_open(netdev))
			return netdev;
	}
	return NULL;
}

/* Run the NBP; its status when it returns. */
static int pxe_image_exec(struct image *image)
{
	struct net_device *netdev = pxe_pick_netdev();

	if (!netdev)
		return ERR(ENODEV);
	return pxe_run_nbp(image, netdev);
}

static struct image_type pxe_image_type __image_type = {
	.name = "PXE",
	.order = 90,
	.probe = pxe_image_probe,
	.exec = pxe_image_exec,
};
