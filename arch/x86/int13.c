/*
 * INT 13h drives for SAN devices.  INT 13h is hooked while any SAN drive
 * exists; calls for our drives run here (in protected mode, with the
 * network polled while a command waits), everything else goes on to the
 * BIOS.  A SAN drive takes the number asked for (80h by default); a BIOS
 * disk that had that number moves to the next free one ("natural")
 * number, so no other disk changes number.  The hard disk count at 40:75
 * is put right on every call, because some BIOSes reset it.
 *
 * Here: the hook, drive numbering, and functions 00h-15h (reset, status,
 * CHS read/write, parameters, type); EDD functions are in int13_edd.c,
 * the boot trace of each call in int13_trace.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/san.h>
#include <wireboot/errors.h>
#include <x86/int13.h>
#include <x86/realmode.h>

#define ERR_SUBSYS ESUB_INT13

/* BIOS data area: number of hard disks. */
#define BDA_NUM_DRIVES 0x475

static struct bios_hook int13_hook;
static bool int13_hooked;
/* 40:75 before the first drive was hooked. */
static uint8_t int13_saved_num_drives;

static uint8_t *bda_num_drives(void)
{
	return phys_to_virt(BDA_NUM_DRIVES);
}

/* Make 40:75 count every drive number we use. */
static void int13_check_num_drives(void)
{
	struct san_device *sandev;
	struct int13_drive *d;
	uint8_t *count = bda_num_drives();
	unsigned int needed;

	for_each_sandev(sandev) {
		d = sandev->platform;
		if (!d)
			continue;
		needed = MAX(d->drive, d->natural) - 0x80 + 1;
		if (*count < needed)
			*count = (uint8_t)needed;
	}
}

/* Our drive DRIVE (a SAN device hooked into INT 13h), or NULL. */
static struct int13_drive *int13_find(unsigned int drive)
{
	struct san_device *sandev = find_sandev(drive);

	return sandev ? sandev->platform : NULL;
}

/* The SAN CD drive, for callers that ask with DL = 7Fh or FFh. */
static struct int13_drive *int13_find_cdrom(void)
{
	struct san_device *sandev;

	for_each_sandev(sandev) {
		if (sandev->platform && sandev->is_cdrom)
			return sandev->platform;
	}
	return NULL;
}

/* Read or write by CHS (AH=02h/03h): AL sectors at CH/CL/DH to ES:BX. */
static int int13_rw_chs(struct int13_drive *d, struct bios_regs *regs,
			bool write)
{
	struct san_device *sandev = d->sandev;
	unsigned int cyl = regs->ch | ((regs->cl & 0xc0U) << 2);
	unsigned int sector = regs->cl & 0x3fU;
	unsigned int head = regs->dh;
	unsigned int count = regs->al;
	void *buffer = real_to_virt(regs->es, regs->bx);
	uint32_t lba;
	int rc;

	if (sandev->blksize != 512 || sector == 0 || sector > d->sectors ||
	    head >= d->heads || cyl >= d->cylinders || count == 0)
		return INT13_INVALID;
	/* At most 1024 x 255 x 63 sectors: 32 bits are plenty. */
	lba = (cyl * d->heads + head) * d->sectors + sector - 1;
	rc = write ? san_write(sandev, lba, count, buffer) :
		     san_read(sandev, lba, count, buffer);
	if (rc != 0)
		return write ? INT13_WRITE_ERROR : INT13_READ_ERROR;
	return INT13_OK;
}

/* Drive parameters (AH=08h). */
static int int13_params(struct int13_drive *d, struct bios_regs *regs)
{
	unsigned int maxcyl = d->cylinders - 1;

	if (d->sandev->blksize != 512)
		return INT13_INVALID;
	regs->ch = (uint8_t)maxcyl;
	regs->cl = (uint8_t)(((maxcyl >> 8) << 6) | d->sectors);
	regs->dh = (uint8_t)(d->heads - 1);
	regs->dl = *bda_num_drives();
	regs->bl = 0;
	return INT13_OK;
}

/* Drive type (AH=15h): a hard disk, with its sector count in CX:DX. */
static int int13_type(struct int13_drive *d, struct bios_regs *regs)
{
	uint64_t blocks = d->sandev->blocks;
	uint32_t count = blocks > 0xffffffffULL ? 0xffffffffU : (uint32_t)blocks;

	regs->ah = 0x03;
	regs->flags &= ~BIOS_CF;
	regs->cx = (uint16_t)(count >> 16);
	regs->dx = (uint16_t)count;
	return INT13_AH_SET;
}

/* Report STATUS in AH and the carry flag. */
static void int13_set_status(struct bios_regs *regs, uint8_t status)
{
	regs->ah = status;
	if (status)
		regs->flags |= BIOS_CF;
	else
		regs->flags &= ~BIOS_CF;
}

/* Run function AH for our drive D. */
static int int13_call(struct int13_drive *d, struct bios_regs *regs)
{
	switch (regs->ah) {
	case 0x00:
		return san_reset(d->sandev) ? INT13_RESET_FAILED : INT13_OK;
	case 0x01:
		int13_set_status(regs, d->last_status);
		return INT13_AH_SET;
	case 0x02:
		return int13_rw_chs(d, regs, false);
	case 0x03:
		return int13_rw_chs(d, regs, true);
	case 0x08:
		return int13_params(d, regs);
	case 0x15:
		return int13_type(d, regs);
	case 0x41:
	case 0x42:
	case 0x43:
	case 0x44:
	case 0x47:
	case 0x48:
		return int13_edd(d, regs);
	case 0x4b:
		return int13_cdrom_status(d, regs);
	default:
		return INT13_INVALID;
	}
}

/* Pass a call for a drive of the BIOS on, with its number translated. */
static void int13_chain(struct rm_entry *entry, struct bios_regs *regs)
{
	uint8_t dl = regs->dl;
	uint8_t ah = regs->ah;
	struct san_device *sandev;
	struct int13_drive *d;

	for_each_sandev(sandev) {
		d = sandev->platform;
		if (d && dl == d->natural && d->natural != d->drive)
			regs->dl = (uint8_t)d->drive;
	}
	bios_hook_chain(bios_hook_of(entry), regs);
	if (ah == 0x08 && (dl & 0x80) && !(regs->flags & BIOS_CF))
		regs->dl = *bda_num_drives();
	else if (ah != 0x08 && ah != 0x15)
		regs->dl = dl;
}

static void int13_handler(struct rm_entry *entry, struct bios_regs *regs)
{
	struct int13_trace trace;
	struct int13_drive *d;
	uint8_t dl = regs->dl;
	uint8_t fn = regs->ah;
	int status;

	int13_check_num_drives();
	d = int13_find(dl);
	if (!d && fn == 0x4b && (dl == 0x7f || dl == 0xff))
		d = int13_find_cdrom();
	int13_trace_start(&trace, d, regs);
	if (!d) {
		int13_chain(entry, regs);
		int13_trace_end(&trace, regs);
		return;
	}
	status = int13_call(d, regs);
	if (status != INT13_AH_SET) {
		d->last_status = (uint8_t)status;
		int13_set_status(regs, (uint8_t)status);
	} else if (fn != 0x01) {
		d->last_status = INT13_OK;
	}
	/* DL comes back as it went in, but for 08h (count) and 15h (size). */
	if (!(fn == 0x08 && status == INT13_OK) && fn != 0x15)
		regs->dl = dl;
	int13_trace_end(&trace, regs);
}

static int int13_hook_drive(struct san_device *sandev)
{
	unsigned int drive = sandev->drive;
	struct int13_drive *d;
	uint8_t *mbr;
	int rc;

	if (drive < 0x80 || drive > 0xfe)
		return ERR(ENOTSUP);
	d = zalloc(sizeof(*d));
	if (!d)
		return ERR(ENOMEM);
	d->sandev = sandev;
	d->drive = drive;
	if (!int13_hooked) {
		if ((rc = bios_hook_install(&int13_hook, 0x13,
					    int13_handler)) != 0) {
			free(d);
			return rc;
		}
		int13_hooked = true;
		int13_saved_num_drives = *bda_num_drives();
	}
	int13_check_num_drives();
	d->natural = 0x80 | *bda_num_drives();
	if (d->natural < drive)
		d->natural = drive;
	if (sandev->blksize == 512) {
		mbr = malloc(512);
		if (mbr && san_read(sandev, 0, 1, mbr) != 0) {
			free(mbr);
			mbr = NULL;
		}
		int13_geometry(mbr, sandev->blocks, &d->cylinders, &d->heads,
			       &d->sectors);
		free(mbr);
	}
	sandev->platform = d;
	int13_check_num_drives();
	if (sandev->is_cdrom)
		int13_find_boot_entry(d);
	printf("Registered SAN device %#02x\n", drive);
	return 0;
}

static void int13_unhook_drive(struct san_device *sandev)
{
	struct int13_drive *d = sandev->platform;
	struct san_device *other;

	if (!d)
		return;
	free(d);
	sandev->platform = NULL;
	/* INT 13h stays hooked while any other drive is ours. */
	for_each_sandev(other) {
		if (other->platform)
			return;
	}
	if (!int13_hooked)
		return;
	if (bios_hook_remove(&int13_hook) == 0) {
		int13_hooked = false;
		*bda_num_drives() = int13_saved_num_drives;
	}
}

static const struct san_platform int13_platform __san_platform = {
	.hook = int13_hook_drive,
	.unhook = int13_unhook_drive,
	.boot = int13_boot,
	.install_tables = int13_install_tables,
};
