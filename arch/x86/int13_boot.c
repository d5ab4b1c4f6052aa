/*
 * Booting from an INT 13h drive, the way a BIOS does: read the MBR to
 * 0000:7C00 through INT 13h (so our own hook serves a SAN drive, and a
 * drive of the machine's own works too), check its 55AAh signature and
 * jump to it with DL = drive.  A SAN CD image boots through its El Torito
 * no-emulation entry instead: the image is loaded at its load segment and
 * entered at offset 0.  Nothing is shut down: the NIC, the network stack
 * and the INT 13h hook stay alive for as long as the loader needs them.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/san.h>
#include <wireboot/errors.h>
#include <x86/int13.h>
#include <x86/realmode.h>

#define ERR_SUBSYS ESUB_INT13

#define BOOT_SEGMENT 0x0000
#define BOOT_OFFSET 0x7c00
#define ELTORITO_VSECTOR 512

/* Read the MBR of DRIVE to 0000:7C00 and check it. */
static int int13_load_mbr(unsigned int drive)
{
	struct bios_regs regs = { 0 };
	uint8_t *sector = real_to_virt(BOOT_SEGMENT, BOOT_OFFSET);

	regs.ah = 0x02;
	regs.al = 1;
	regs.cx = 0x0001;
	regs.dh = 0;
	regs.dl = (uint8_t)drive;
	regs.es = BOOT_SEGMENT;
	regs.bx = BOOT_OFFSET;
	if (realmode_int(0x13, &regs) != 0)
		return ERR(EIO);
	if (sector[510] != 0x55 || sector[511] != 0xaa)
		return ERR(ENOEXEC);
	return 0;
}

/* Load the El Torito boot image of the SAN CD D; its entry in *SEG. */
static int int13_load_eltorito(struct int13_drive *d, uint16_t *seg)
{
	struct san_device *sandev = d->sandev;
	const struct eltorito_boot *boot = &d->boot_entry;
	size_t len = (size_t)boot->sector_count * ELTORITO_VSECTOR;
	unsigned int blocks = (unsigned int)((len + sandev->blksize - 1) /
					     sandev->blksize);
	void *buffer;
	int rc;

	if (!d->has_boot_entry)
		return ERR(ENOEXEC);
	buffer = malloc((size_t)blocks * sandev->blksize);
	if (!buffer)
		return ERR(ENOMEM);
	rc = san_read(sandev, boot->image_lba, blocks, buffer);
	if (rc == 0)
		memcpy(real_to_virt(boot->load_segment, 0), buffer, len);
	free(buffer);
	*seg = boot->load_segment;
	return rc;
}

int int13_boot(unsigned int drive, const struct san_boot_config *config)
{
	struct san_device *sandev = find_sandev(drive);
	struct bios_regs regs = { 0 };
	uint16_t seg = BOOT_SEGMENT;
	uint16_t off = BOOT_OFFSET;
	int rc;

	if (config->filename || config->extra || config->label || config->uuid)
		return ERR(ENOTSUP);
	if (sandev && sandev->is_cdrom) {
		rc = int13_load_eltorito(sandev->platform, &seg);
		off = 0;
	} else {
		rc = int13_load_mbr(drive);
	}
	if (rc != 0)
		return rc;
	regs.cs = seg;
	regs.ip = off;
	regs.dl = (uint8_t)drive;
	regs.flags = BIOS_IF;
	realmode_call(&regs);
	/* The boot sector came back: it did not boot. */
	return ERR(ECANCELED);
}
