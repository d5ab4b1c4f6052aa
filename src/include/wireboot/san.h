/*
 * SAN devices: a disk reached over the network through one or more paths
 * (URIs, tried together; the first to become ready is used), with a block
 * size and a capacity, and synchronous reads and writes that survive a
 * target going away: each command has a timeout, and a failed command
 * closes the path, reopens it and tries again, up to ${san-retries} times.
 *
 * The platform makes a registered device usable by an OS loader (pcbios:
 * an INT 13h drive; UEFI: a BlockIo handle) through the san_platforms
 * table, and installs the firmware tables (<wireboot/sanboot_tables.h>).  The hosted build has no
 * platform entry: devices register and can be read, but cannot be booted.
 *
 * Waiting runs the main loop (step()), so the network keeps working while
 * a loader sits in an INT 13h call; nothing here reads the keyboard.
 */
#ifndef WIREBOOT_SAN_H
#define WIREBOOT_SAN_H

#include <wireboot/compiler.h>
#include <wireboot/interface.h>
#include <wireboot/list.h>
#include <wireboot/refcnt.h>
#include <wireboot/tables.h>

struct uri;
struct setting;
struct net_device;
struct block_capacity;
struct san_table;
struct san_descriptor;

/* The drive used when neither --drive nor ${san-drive} says otherwise. */
#define SAN_DEFAULT_DRIVE 0x80
/* Retries of a failed command when ${san-retries} is not set. */
#define SAN_DEFAULT_RETRIES 10
/* How long one attempt at a command may take. */
#define SAN_COMMAND_TIMEOUT_MS 5000
/* How long (re)opening the paths may take before the attempt fails. */
#define SAN_OPEN_TIMEOUT_MS 8000
/* Most blocks in one command to a path. */
#define SAN_MAX_COUNT 128

/* Registration flags. */
#define SAN_NO_DESCRIBE 0x01	/* leave the device out of firmware tables */

struct san_device;

/* One way to reach the device. */
struct san_path {
	struct san_device *sandev;
	struct uri *uri;
	/* To the block device (block_open_uri()). */
	struct interface block;
	/* 0 ready, ERR(EINPROGRESS) opening, else why it is closed. */
	int rc;
};

struct san_device {
	struct refcnt refcnt;
	/* In the list of registered devices. */
	struct list_head list;
	/* BIOS drive number (0x80...). */
	unsigned int drive;
	unsigned int flags;

	/* Capacity in (logical) blocks and the logical block size. */
	uint64_t blocks;
	size_t blksize;
	/* log2(logical / device block size): 2 for an ISO image on a disk. */
	unsigned int blksize_shift;
	/* Most device blocks per command. */
	unsigned int max_count;
	/* The device holds an ISO 9660 image (2048-byte blocks). */
	bool is_cdrom;

	/* The path commands go to, or NULL when none is ready. */
	struct san_path *active;
	/* The command in progress (plugged to the block device's command). */
	struct interface command;
	bool command_busy;
	int command_rc;
	struct block_capacity *command_capacity;
	/* Timeouts (tests shorten them). */
	unsigned long command_timeout_ms;
	unsigned long open_timeout_ms;

	/* Platform data (the INT 13h drive); owned by the platform. */
	void *platform;

	unsigned int num_paths;
	struct san_path path[];
};

/* How sanboot chooses what to boot inside the disk (EFI; NULL = default). */
struct san_boot_config {
	const char *filename;
	const char *extra;
	const char *label;
	const char *uuid;
};

/* What a platform does with SAN devices (one entry at most per build). */
struct san_platform {
	/* Make SANDEV reachable by loaders (INT 13h drive); 0 or an error. */
	int (*hook)(struct san_device *sandev);
	/* Undo hook(). */
	void (*unhook)(struct san_device *sandev);
	/*
	 * Boot from DRIVE (a SAN drive, or a drive of the machine's own);
	 * returns only on failure.
	 */
	int (*boot)(unsigned int drive, const struct san_boot_config *config);
	/* Replace the installed firmware tables with TABLES (COUNT may be 0). */
	int (*install_tables)(const struct san_table *tables, unsigned int count);
};
DECLARE_TABLE(san_platforms, const struct san_platform);
#define __san_platform __table_entry(san_platforms, const struct san_platform)

/* Registered devices, in the order they were registered. */
extern struct list_head san_devices;
#define for_each_sandev(sandev) \
	list_for_each_entry(sandev, &san_devices, list)

/*
 * A new unregistered device with the NUM_URIS paths URIS (references are
 * taken), or NULL if memory runs out.
 */
struct san_device *alloc_sandev(struct uri **uris, unsigned int num_uris);

static inline void sandev_put(struct san_device *sandev)
{
	ref_put_obj(sandev);
}

/*
 * Attach SANDEV as DRIVE: open a path, read the capacity, detect an ISO
 * image, hook it into the platform and update the firmware tables (unless
 * FLAGS has SAN_NO_DESCRIBE).  ERR(EADDRINUSE) if DRIVE is taken.  The
 * list holds its own reference.
 */
int register_sandev(struct san_device *sandev, unsigned int drive,
		    unsigned int flags);

/* Unhook, close and forget SANDEV; the firmware tables are rebuilt. */
void unregister_sandev(struct san_device *sandev);

/* The registered device with DRIVE, or NULL. */
struct san_device *find_sandev(unsigned int drive);

/* ${san-drive}, ${san-retries}, ${san-filename} (DHCP 175.189/187/188). */
extern const struct setting san_drive_setting;
extern const struct setting san_retries_setting;
extern const struct setting san_filename_setting;

/* ${san-drive}, or SAN_DEFAULT_DRIVE. */
unsigned int san_default_drive(void);

/* ${san-retries}, or SAN_DEFAULT_RETRIES. */
unsigned int san_retries(void);

/*
 * Read / write COUNT logical blocks at LBA; BUFFER holds COUNT *
 * sandev->blksize bytes.  Runs the main loop until done; retries and
 * reopens as described above.  0 or the last error.
 */
int san_read(struct san_device *sandev, uint64_t lba, unsigned int count,
	     void *buffer);
int san_write(struct san_device *sandev, uint64_t lba, unsigned int count,
	      const void *buffer);

/* Close every path and open them again (INT 13h reset); 0 or an error. */
int san_reset(struct san_device *sandev);

/* The descriptor of SANDEV's active path for firmware tables, or NULL. */
struct san_descriptor *san_descriptor(struct san_device *sandev);

/* Rebuild and install the firmware tables of every registered device. */
int san_describe(void);

/*
 * The PCI address (bus << 8 | dev << 3 | fn) of NETDEV from its location
 * ("PCI00:03.0"), or -1 when it is not a PCI device.
 */
int san_netdev_busdevfn(struct net_device *netdev);

/* The platform's SAN operations, or NULL (hosted). */
const struct san_platform *san_platform(void);

#endif
