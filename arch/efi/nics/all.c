/*
 * Which NICs wireboot.efi drives: every handle that offers the Simple
 * Network Protocol, in the firmware's order.  Firmware that boots fast
 * connects drivers only to the devices on its boot path (OVMF does so when
 * QEMU gives a boot order), so first every PCI network controller is
 * connected, recursively, for its driver to install SNP.
 */
#include "../efi_wireboot.h"

/* PCI class code register (revision, prog-if, subclass, class) and class. */
#define PCI_CLASS_REVISION 0x08
#define PCI_CLASS_NETWORK 0x02

/* Connect the firmware's drivers to every PCI network controller. */
static void connect_pci_nics(void)
{
	EFI_GUID pci_guid = EFI_PCI_IO_PROTOCOL_GUID;
	EFI_PCI_IO_PROTOCOL *pci;
	EFI_HANDLE *handles;
	UINTN count, i;
	UINT32 class;

	if (efi_bs->LocateHandleBuffer(ByProtocol, &pci_guid, NULL, &count,
				       &handles) != EFI_SUCCESS)
		return;
	for (i = 0; i < count; i++) {
		if (efi_bs->HandleProtocol(handles[i], &pci_guid,
					   (void **)&pci) != EFI_SUCCESS ||
		    pci->Pci.Read(pci, EfiPciIoWidthUint32, PCI_CLASS_REVISION,
				  1, &class) != EFI_SUCCESS ||
		    (class >> 24) != PCI_CLASS_NETWORK)
			continue;
		efi_bs->ConnectController(handles[i], NULL, NULL, TRUE);
	}
	efi_bs->FreePool(handles);
}

int efi_snp_handles(EFI_HANDLE **handles, UINTN *count)
{
	EFI_GUID guid = EFI_SIMPLE_NETWORK_PROTOCOL_GUID;

	connect_pci_nics();
	return efi_error(efi_bs->LocateHandleBuffer(ByProtocol, &guid, NULL,
						    count, handles));
}
