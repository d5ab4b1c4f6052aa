/*
 * INT 13h extensions (EDD 3.0) for SAN drives: 41h (check), 42h/43h
 * (read/write by LBA through a disk address packet), 44h (verify), 47h
 * (seek), 48h (parameters with the device path information that Linux's
 * edd.ko and Windows read), and 4Bh (El Torito status) for CD images.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/san.h>
#include <wireboot/sanboot_tables.h>
#include <wireboot/byteorder.h>
#include <x86/int13.h>
#include <x86/realmode.h>

/* 41h: CX bits - 42h-44h/47h/48h, EDD (48h with DPI), 64-bit addresses. */
#define EDD_EXT_LINEAR 0x0001
#define EDD_EXT_EDD 0x0004
#define EDD_EXT_64BIT 0x0008
#define EDD_VERSION_3 0x30

/* 48h result buffer sizes. */
#define EDD_PARAMS_BASIC 0x1a
#define EDD_PARAMS_DPTE 0x1e
#define EDD_PARAMS_DPI 0x4a
#define EDD_FLAG_DMA 0x0001
#define EDD_FLAG_CHS_VALID 0x0002
#define EDD_CHS_LIMIT 15482880U

/* 44h reads into a scratch buffer this many blocks at a time. */
#define EDD_VERIFY_CHUNK 16

/* The disk address packet at DS:SI. */
struct edd_dap {
	uint8_t size;
	uint8_t reserved;
	uint8_t count;
	uint8_t reserved2;
	uint16_t offset;
	uint16_t segment;
	uint64_t lba;
	uint64_t flat;
	uint32_t long_count;
} __packed;

/* 48h result. */
struct edd_params {
	uint16_t size;
	uint16_t flags;
	uint32_t cylinders;
	uint32_t heads;
	uint32_t sectors;
	uint64_t total;
	uint16_t bytes_per_sector;
	uint16_t dpte_offset;
	uint16_t dpte_segment;
	uint16_t key;
	uint8_t dpi_length;
	uint8_t reserved[3];
	char host_bus[4];
	char interface_type[8];
	uint8_t interface_path[8];
	uint8_t device_path[16];
	uint8_t reserved2;
	uint8_t checksum;
} __packed;

static int edd_check(struct bios_regs *regs)
{
	if (regs->bx != 0x55aa)
		return INT13_INVALID;
	regs->bx = 0xaa55;
	regs->ah = EDD_VERSION_3;
	regs->cx = EDD_EXT_LINEAR | EDD_EXT_EDD | EDD_EXT_64BIT;
	regs->flags &= ~BIOS_CF;
	return INT13_AH_SET;
}

/* The count and buffer a DAP asks for; INT13_INVALID if it is malformed. */
static int edd_parse_dap(struct edd_dap *dap, unsigned int *count,
			 void **buffer)
{
	if (dap->size < 0x10 || dap->reserved != 0)
		return INT13_INVALID;
	*count = dap->count;
	if (dap->count == 0xff && dap->size >= 0x1c)
		*count = dap->long_count;
	else if (dap->count > 127)
		return INT13_INVALID;
	if (dap->segment == 0xffff && dap->offset == 0xffff) {
		if (dap->size < 0x18 || dap->flat >= 0x100000000ULL)
			return INT13_INVALID;
		*buffer = phys_to_virt((physaddr_t)dap->flat);
	} else {
		*buffer = real_to_virt(dap->segment, dap->offset);
	}
	return INT13_OK;
}

/* 42h/43h/44h/47h. */
static int edd_rw(struct int13_drive *d, struct bios_regs *regs)
{
	struct edd_dap *dap = real_to_virt(regs->ds, regs->si);
	struct san_device *sandev = d->sandev;
	unsigned int count;
	unsigned int chunk;
	uint64_t lba;
	void *buffer;
	void *scratch;
	int status;
	int rc = 0;

	if ((status = edd_parse_dap(dap, &count, &buffer)) != INT13_OK)
		goto fail;
	lba = dap->lba;
	if (lba > sandev->blocks || count > sandev->blocks - lba) {
		status = INT13_INVALID;
		goto fail;
	}
	switch (regs->ah) {
	case 0x42:
		rc = count ? san_read(sandev, lba, count, buffer) : 0;
		status = rc ? INT13_READ_ERROR : INT13_OK;
		break;
	case 0x43:
		if (regs->al > 2) {
			status = INT13_INVALID;
			break;
		}
		rc = count ? san_write(sandev, lba, count, buffer) : 0;
		status = rc ? INT13_WRITE_ERROR : INT13_OK;
		break;
	case 0x44:
		scratch = malloc(EDD_VERIFY_CHUNK * sandev->blksize);
		if (!scratch) {
			status = INT13_READ_ERROR;
			break;
		}
		for (; count && rc == 0; count -= chunk, lba += chunk) {
			chunk = MIN(count, (unsigned int)EDD_VERIFY_CHUNK);
			rc = san_read(sandev, lba, chunk, scratch);
		}
		free(scratch);
		status = rc ? INT13_READ_ERROR : INT13_OK;
		break;
	default:
		status = INT13_OK;
		break;
	}
	if (status == INT13_OK)
		return INT13_OK;
fail:
	dap->count = 0;
	return status;
}

/* 48h: parameters, with the device path when the caller has room. */
static int edd_params(struct int13_drive *d, struct bios_regs *regs)
{
	struct edd_params *out = real_to_virt(regs->ds, regs->si);
	struct san_device *sandev = d->sandev;
	struct edd_params params;
	struct san_descriptor *desc = san_descriptor(sandev);
	const struct block_edd *edd;
	size_t size = out->size;
	const uint8_t *bytes;
	uint8_t sum = 0;
	unsigned int i;

	if (size < EDD_PARAMS_BASIC)
		return INT13_INVALID;
	memset(&params, 0, sizeof(params));
	params.flags = EDD_FLAG_DMA;
	if (sandev->blksize == 512) {
		params.cylinders = d->cylinders;
		params.heads = d->heads;
		params.sectors = d->sectors;
		if (d->cylinders < 1024 &&
		    d->cylinders * d->heads * d->sectors <= EDD_CHS_LIMIT)
			params.flags |= EDD_FLAG_CHS_VALID;
	}
	params.total = sandev->blocks;
	params.bytes_per_sector = (uint16_t)sandev->blksize;
	params.dpte_offset = 0xffff;
	params.dpte_segment = 0xffff;
	params.size = size >= EDD_PARAMS_DPTE ? EDD_PARAMS_DPTE :
					       EDD_PARAMS_BASIC;
	if (size >= EDD_PARAMS_DPI && desc && desc->edd.busdevfn >= 0) {
		edd = &desc->edd;
		params.size = EDD_PARAMS_DPI;
		params.key = 0xbedd;
		params.dpi_length = EDD_PARAMS_DPI - EDD_PARAMS_DPTE;
		memcpy(params.host_bus, "PCI ", 4);
		memcpy(params.interface_type, edd->interface_type, 8);
		params.interface_path[0] = (uint8_t)(edd->busdevfn >> 8);
		params.interface_path[1] =
			(uint8_t)((edd->busdevfn >> 3) & 0x1f);
		params.interface_path[2] = (uint8_t)(edd->busdevfn & 0x07);
		params.interface_path[3] = 0xff;
		memcpy(params.device_path, edd->device_path, 16);
		bytes = (const uint8_t *)&params;
		for (i = EDD_PARAMS_DPTE; i < EDD_PARAMS_DPI; i++)
			sum = (uint8_t)(sum + bytes[i]);
		params.checksum = (uint8_t)-sum;
	}
	memcpy(out, &params, params.size);
	return INT13_OK;
}

int int13_edd(struct int13_drive *d, struct bios_regs *regs)
{
	switch (regs->ah) {
	case 0x41:
		return edd_check(regs);
	case 0x48:
		return edd_params(d, regs);
	default:
		return edd_rw(d, regs);
	}
}

int int13_cdrom_status(struct int13_drive *d, struct bios_regs *regs)
{
	uint8_t *spec = real_to_virt(regs->ds, regs->si);

	if (!d->sandev->is_cdrom || regs->al > 1)
		return INT13_INVALID;
	memset(spec, 0, 0x13);
	spec[0] = 0x13;
	spec[2] = (uint8_t)d->drive;
	if (d->has_boot_entry) {
		put_le32(spec + 4, d->boot_entry.image_lba);
		put_le16(spec + 0x0c, d->boot_entry.load_segment);
		put_le16(spec + 0x0e, d->boot_entry.sector_count);
	}
	return INT13_OK;
}

void int13_find_boot_entry(struct int13_drive *d)
{
	struct san_device *sandev = d->sandev;
	uint8_t *block = malloc(sandev->blksize);
	uint32_t catalog;

	if (!block)
		return;
	if (san_read(sandev, 17, 1, block) == 0 &&
	    eltorito_parse_brvd(block, &catalog) == 0 &&
	    san_read(sandev, catalog, 1, block) == 0 &&
	    eltorito_parse_catalog(block, &d->boot_entry) == 0)
		d->has_boot_entry = true;
	free(block);
}
