/*
 * PCI configuration space on EFI, through the firmware's PCI Root Bridge
 * I/O protocols (segment 0).  Each root bridge answers for its own range
 * of buses and refuses others, so an access goes to the first bridge that
 * takes it.  Only configuration space is offered: NICs are driven through
 * the firmware's Simple Network Protocol, so the EFI build links no native
 * drivers and needs neither port I/O nor DMA addresses (<wireboot/io.h>).
 */
#include <stdlib.h>
#include <wireboot/pci.h>
#include <wireboot/errors.h>
#include "efi_wireboot.h"

#define ERR_SUBSYS ESUB_EFI

/* Buses one segment can hold. */
#define PCI_MAX_BUSES 256

static EFI_PCI_ROOT_BRIDGE_IO_PROTOCOL **bridges;
static UINTN bridge_count;
static bool bridges_found;

/* Find the segment 0 root bridges (once). */
static void find_bridges(void)
{
	EFI_GUID guid = EFI_PCI_ROOT_BRIDGE_IO_PROTOCOL_GUID;
	EFI_PCI_ROOT_BRIDGE_IO_PROTOCOL *bridge;
	EFI_HANDLE *handles;
	UINTN count, i;

	if (bridges_found || efi_boot_services_gone)
		return;
	bridges_found = true;
	if (efi_bs->LocateHandleBuffer(ByProtocol, &guid, NULL, &count,
				       &handles) != EFI_SUCCESS)
		return;
	bridges = calloc(count, sizeof(*bridges));
	for (i = 0; bridges && i < count; i++) {
		if (efi_bs->HandleProtocol(handles[i], &guid,
					   (void **)&bridge) == EFI_SUCCESS &&
		    bridge->SegmentNumber == 0)
			bridges[bridge_count++] = bridge;
	}
	efi_bs->FreePool(handles);
}

/* Read (WRITE false) or write LEN bytes at WHERE of PCI's space. */
static int config_access(const struct pci_device *pci, unsigned int where,
			 EFI_PCI_ROOT_BRIDGE_IO_PROTOCOL_WIDTH width,
			 bool write, void *value)
{
	UINT64 address = ((UINT64)PCI_BUS(pci->busdevfn) << 24) |
			 ((UINT64)PCI_SLOT(pci->busdevfn) << 16) |
			 ((UINT64)PCI_FUNC(pci->busdevfn) << 8) | (where & 0xff);
	EFI_STATUS status = EFI_NOT_FOUND;
	UINTN i;

	find_bridges();
	if (efi_boot_services_gone)
		return ERR(ENODEV);
	for (i = 0; i < bridge_count; i++) {
		if (write)
			status = bridges[i]->Pci.Write(bridges[i], width,
						       address, 1, value);
		else
			status = bridges[i]->Pci.Read(bridges[i], width,
						      address, 1, value);
		if (status == EFI_SUCCESS)
			return 0;
	}
	return status == EFI_NOT_FOUND ? ERR(ENODEV) : efi_error(status);
}

unsigned int pci_bus_count(void)
{
	find_bridges();
	return bridge_count ? PCI_MAX_BUSES : 0;
}

int pci_read_config_byte(const struct pci_device *pci, unsigned int where,
			 uint8_t *value)
{
	int rc = config_access(pci, where, EfiPciIoWidthUint8, false, value);

	if (rc != 0)
		*value = 0xff;
	return rc;
}

int pci_read_config_word(const struct pci_device *pci, unsigned int where,
			 uint16_t *value)
{
	int rc = config_access(pci, where, EfiPciIoWidthUint16, false, value);

	if (rc != 0)
		*value = 0xffff;
	return rc;
}

int pci_read_config_dword(const struct pci_device *pci, unsigned int where,
			  uint32_t *value)
{
	int rc = config_access(pci, where, EfiPciIoWidthUint32, false, value);

	if (rc != 0)
		*value = 0xffffffff;
	return rc;
}

int pci_write_config_byte(const struct pci_device *pci, unsigned int where,
			  uint8_t value)
{
	return config_access(pci, where, EfiPciIoWidthUint8, true, &value);
}

int pci_write_config_word(const struct pci_device *pci, unsigned int where,
			  uint16_t value)
{
	return config_access(pci, where, EfiPciIoWidthUint16, true, &value);
}

int pci_write_config_dword(const struct pci_device *pci, unsigned int where,
			   uint32_t value)
{
	return config_access(pci, where, EfiPciIoWidthUint32, true, &value);
}
