/*
 * NICs through the firmware's Simple Network Protocol.  Every SNP handle
 * this build drives (wireboot.efi: all of them; snponly.efi: the one it was
 * loaded from; see arch/efi/nics/) becomes a network device at start-up.
 *
 * The protocol is opened BY_DRIVER|EXCLUSIVE, which makes the firmware's
 * own network stack (MNP and everything above it) let go of the NIC, so
 * that nothing else polls it and takes our frames; if the firmware refuses,
 * we share it.  At shutdown the NIC is put back in the state we found it
 * and the firmware reconnects its drivers.
 *
 * Transmit hands the frame to Transmit(); the buffer stays on the device's
 * TX queue until GetStatus() gives it back as sent.  Poll reaps those,
 * follows the link (Mode->MediaPresent where the NIC reports it) and takes
 * frames with Receive() into fresh buffers.
 */
#include <stdio.h>
#include <string.h>
#include <wireboot/netdevice.h>
#include <wireboot/iobuf.h>
#include <wireboot/init.h>
#include <wireboot/errors.h>
#include "efi_wireboot.h"

#define ERR_SUBSYS ESUB_EFI

/* Most frames (and TX completions) per poll: no NIC may hog a step. */
#define SNP_BATCH 32

/* Room for an 802.1Q tag beyond the MTU and the media header. */
#define VLAN_HLEN 4

/* Ethernet as SNP names it (Mode->IfType, RFC 1700 hardware type). */
#define SNP_IFTYPE_ETHERNET 1

struct efi_nic {
	/* In the list of NICs we drive. */
	struct list_head list;
	struct net_device *netdev;
	EFI_HANDLE handle;
	EFI_SIMPLE_NETWORK_PROTOCOL *snp;
	/* Opened exclusively (the firmware's drivers must be reconnected). */
	bool exclusive;
	/* The SNP state when we took the NIC, restored at shutdown. */
	UINT32 initial_state;
	/* The link state last reported (once LINK_KNOWN). */
	bool link_known;
	bool link_up;
};

static LIST_HEAD(efi_nics);

static EFI_GUID snp_guid = EFI_SIMPLE_NETWORK_PROTOCOL_GUID;

/* Bring the SNP to Initialized from whatever state it is in. */
static int snp_initialise(EFI_SIMPLE_NETWORK_PROTOCOL *snp)
{
	EFI_STATUS status;

	if (snp->Mode->State == EfiSimpleNetworkStopped) {
		status = snp->Start(snp);
		if (status != EFI_SUCCESS && status != EFI_ALREADY_STARTED)
			return efi_error(status);
	}
	if (snp->Mode->State == EfiSimpleNetworkStarted) {
		status = snp->Initialize(snp, 0, 0);
		if (status != EFI_SUCCESS)
			return efi_error(status);
	}
	return 0;
}

/* Tell the network layer when the cable goes in or out. */
static void snp_check_link(struct net_device *netdev)
{
	struct efi_nic *nic = netdev->priv;
	EFI_SIMPLE_NETWORK_MODE *mode = nic->snp->Mode;
	bool up = !mode->MediaPresentSupported || mode->MediaPresent;

	if (nic->link_known && up == nic->link_up)
		return;
	nic->link_known = true;
	nic->link_up = up;
	if (up)
		netdev_link_up(netdev);
	else
		netdev_link_down(netdev);
}

static int snp_open(struct net_device *netdev)
{
	struct efi_nic *nic = netdev->priv;
	EFI_SIMPLE_NETWORK_PROTOCOL *snp = nic->snp;
	UINT32 wanted, disable;
	EFI_STATUS status;
	int rc;

	if (efi_boot_services_gone)
		return ERR(ENODEV);
	if ((rc = snp_initialise(snp)) != 0)
		return rc;
	wanted = EFI_SIMPLE_NETWORK_RECEIVE_UNICAST |
		 EFI_SIMPLE_NETWORK_RECEIVE_BROADCAST |
		 EFI_SIMPLE_NETWORK_RECEIVE_PROMISCUOUS_MULTICAST;
	wanted &= snp->Mode->ReceiveFilterMask;
	disable = snp->Mode->ReceiveFilterSetting & ~wanted;
	status = snp->ReceiveFilters(snp, wanted, disable, FALSE, 0, NULL);
	if (status != EFI_SUCCESS) {
		rc = efi_error(status);
		snp->Shutdown(snp);
		return rc;
	}
	snp_check_link(netdev);
	return 0;
}

static void snp_close(struct net_device *netdev)
{
	struct efi_nic *nic = netdev->priv;

	if (!efi_boot_services_gone &&
	    nic->snp->Mode->State == EfiSimpleNetworkInitialized)
		nic->snp->Shutdown(nic->snp);
}

/* Complete the buffers the NIC has finished sending. */
static void snp_reap_tx(struct net_device *netdev)
{
	struct efi_nic *nic = netdev->priv;
	struct io_buffer *iob, *tmp;
	UINT32 irq;
	void *sent;
	int i;

	for (i = 0; i < SNP_BATCH; i++) {
		sent = NULL;
		if (nic->snp->GetStatus(nic->snp, &irq, &sent) != EFI_SUCCESS ||
		    !sent)
			return;
		list_for_each_entry_safe(iob, tmp, &netdev->tx_queue, list) {
			if (iob->data == sent) {
				netdev_tx_complete(netdev, iob, 0);
				break;
			}
		}
	}
}

static int snp_transmit(struct net_device *netdev, struct io_buffer *iob)
{
	struct efi_nic *nic = netdev->priv;
	EFI_STATUS status;

	if (efi_boot_services_gone)
		return ERR(ENODEV);
	status = nic->snp->Transmit(nic->snp, 0, iob_len(iob), iob->data,
				    NULL, NULL, NULL);
	if (status == EFI_NOT_READY) {
		/* The transmit ring is full: make room and try once more. */
		snp_reap_tx(netdev);
		status = nic->snp->Transmit(nic->snp, 0, iob_len(iob),
					    iob->data, NULL, NULL, NULL);
	}
	if (status == EFI_NOT_READY)
		return ERR(ENOBUFS);
	return efi_error(status);
}

static void snp_poll(struct net_device *netdev)
{
	struct efi_nic *nic = netdev->priv;
	struct io_buffer *iob;
	EFI_STATUS status;
	UINTN len;
	int i;

	if (efi_boot_services_gone)
		return;
	snp_reap_tx(netdev);
	snp_check_link(netdev);
	for (i = 0; i < SNP_BATCH; i++) {
		iob = alloc_iob(netdev->max_pkt_len);
		if (!iob) {
			netdev_rx_err(netdev, NULL, ERR(ENOMEM));
			return;
		}
		len = iob_tailroom(iob);
		status = nic->snp->Receive(nic->snp, NULL, &len, iob->data,
					   NULL, NULL, NULL);
		if (status == EFI_NOT_READY) {
			free_iob(iob);
			return;
		}
		if (status != EFI_SUCCESS) {
			netdev_rx_err(netdev, iob, efi_error(status));
			continue;
		}
		iob_put(iob, len);
		netdev_rx(netdev, iob);
	}
}

static const struct net_device_operations snp_operations = {
	.open = snp_open,
	.close = snp_close,
	.transmit = snp_transmit,
	.poll = snp_poll,
};

/* "PCIbb:dd.f" for the PCI function behind HANDLE, if there is one. */
static void snp_location(EFI_HANDLE handle, char *buf, size_t size)
{
	EFI_GUID path_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
	EFI_GUID pci_guid = EFI_PCI_IO_PROTOCOL_GUID;
	EFI_DEVICE_PATH *path;
	EFI_PCI_IO_PROTOCOL *pci;
	EFI_HANDLE pci_handle;
	UINTN seg, bus, dev, fn;

	snprintf(buf, size, "SNP");
	if (efi_bs->HandleProtocol(handle, &path_guid,
				   (void **)&path) != EFI_SUCCESS ||
	    efi_bs->LocateDevicePath(&pci_guid, &path,
				     &pci_handle) != EFI_SUCCESS ||
	    efi_bs->HandleProtocol(pci_handle, &pci_guid,
				   (void **)&pci) != EFI_SUCCESS ||
	    pci->GetLocation(pci, &seg, &bus, &dev, &fn) != EFI_SUCCESS)
		return;
	snprintf(buf, size, "PCI%02x:%02x.%x", (unsigned int)bus,
		 (unsigned int)dev, (unsigned int)fn);
}

/*
 * Take the SNP on HANDLE, exclusively if the firmware lets us.  A handle
 * that no longer offers SNP gives ERR(ENOENT): taking an earlier NIC
 * disconnects the firmware's network stack from it, and children that
 * stack had made with SNP of their own disappear with it.
 */
static int snp_take(EFI_HANDLE handle, EFI_SIMPLE_NETWORK_PROTOCOL **snp,
		    bool *exclusive)
{
	EFI_STATUS status;

	if (efi_bs->HandleProtocol(handle, &snp_guid,
				   (void **)snp) != EFI_SUCCESS)
		return ERR(ENOENT);
	status = efi_bs->OpenProtocol(handle, &snp_guid, (void **)snp,
				      efi_image_handle, handle,
				      EFI_OPEN_PROTOCOL_BY_DRIVER |
				      EFI_OPEN_PROTOCOL_EXCLUSIVE);
	*exclusive = status == EFI_SUCCESS;
	if (!*exclusive)
		status = efi_bs->OpenProtocol(handle, &snp_guid, (void **)snp,
					      efi_image_handle, NULL,
					      EFI_OPEN_PROTOCOL_GET_PROTOCOL);
	return efi_error(status);
}

/* Hand HANDLE back to the firmware's drivers. */
static void snp_give_back(EFI_HANDLE handle, bool exclusive)
{
	if (!exclusive)
		return;
	efi_bs->CloseProtocol(handle, &snp_guid, efi_image_handle, handle);
	efi_bs->ConnectController(handle, NULL, NULL, TRUE);
}

/* Make a network device of the SNP on HANDLE. */
static int snp_probe(EFI_HANDLE handle)
{
	EFI_SIMPLE_NETWORK_PROTOCOL *snp;
	struct net_device *netdev;
	struct efi_nic *nic;
	bool exclusive;
	int rc;

	if ((rc = snp_take(handle, &snp, &exclusive)) != 0)
		return rc;
	if (snp->Mode->IfType != SNP_IFTYPE_ETHERNET ||
	    snp->Mode->HwAddressSize != NETDEV_ADDR_LEN) {
		rc = ERR(ENOTSUP);
		goto fail;
	}
	netdev = alloc_netdev(sizeof(*nic));
	if (!netdev) {
		rc = ERR(ENOMEM);
		goto fail;
	}
	nic = netdev->priv;
	nic->netdev = netdev;
	nic->handle = handle;
	nic->snp = snp;
	nic->exclusive = exclusive;
	nic->initial_state = snp->Mode->State;
	netdev->op = &snp_operations;
	netdev->driver_name = "snp";
	netdev->chip = "UEFI Simple Network Protocol";
	snp_location(handle, netdev->location, sizeof(netdev->location));
	memcpy(netdev->hw_addr, &snp->Mode->PermanentAddress, NETDEV_ADDR_LEN);
	memcpy(netdev->ll_addr, &snp->Mode->CurrentAddress, NETDEV_ADDR_LEN);
	netdev->mtu = snp->Mode->MaxPacketSize;
	netdev->max_pkt_len = snp->Mode->MaxPacketSize +
			      snp->Mode->MediaHeaderSize + VLAN_HLEN;
	list_add_tail(&nic->list, &efi_nics);
	rc = register_netdev(netdev);
	if (rc != 0) {
		list_del(&nic->list);
		netdev_put(netdev);
		goto fail;
	}
	snp_check_link(netdev);
	netdev_put(netdev);
	return 0;
fail:
	snp_give_back(handle, exclusive);
	return rc;
}

/* Startup hook: a network device for each SNP this build drives. */
static void efi_snp_startup(void)
{
	EFI_HANDLE *handles;
	UINTN count, i;
	int rc;

	rc = efi_snp_handles(&handles, &count);
	if (rc != 0) {
		if (!err_is(rc, ENOENT))
			printf("SNP: %s\n", errstr(rc));
		return;
	}
	for (i = 0; i < count; i++) {
		rc = snp_probe(handles[i]);
		if (rc != 0 && !err_is(rc, ENOTSUP) && !err_is(rc, ENOENT))
			printf("SNP: NIC %u: %s\n", (unsigned int)i,
			       errstr(rc));
	}
	efi_bs->FreePool(handles);
}

/* Shutdown hook: remove the devices and return the NICs as we found them. */
static void efi_snp_shutdown(int flags)
{
	EFI_SIMPLE_NETWORK_PROTOCOL *snp;
	struct efi_nic *nic;
	EFI_HANDLE handle;
	UINT32 initial;
	bool exclusive;

	while (!list_empty(&efi_nics)) {
		nic = list_first_entry(&efi_nics, struct efi_nic, list);
		list_del(&nic->list);
		handle = nic->handle;
		snp = nic->snp;
		exclusive = nic->exclusive;
		initial = nic->initial_state;
		unregister_netdev(nic->netdev);
		if (efi_boot_services_gone)
			continue;
		if (initial == EfiSimpleNetworkInitialized)
			snp_initialise(snp);
		else if (initial == EfiSimpleNetworkStopped &&
			 snp->Mode->State == EfiSimpleNetworkStarted)
			snp->Stop(snp);
		snp_give_back(handle, exclusive);
	}
}

static struct startup_fn efi_snp_startup_fn __startup_fn = {
	.name = "snp",
	.order = INIT_NORMAL,
	.startup = efi_snp_startup,
	.shutdown = efi_snp_shutdown,
};
