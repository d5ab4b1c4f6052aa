/*
 * Block devices: the methods a SAN path speaks to whatever provides the
 * blocks (an AoE target, later an iSCSI LUN or an HTTP range reader).
 *
 * A block device is opened by URI scheme: each provider registers a
 * block_opener ("aoe", "iscsi", "http"), and block_open_uri() plugs the new
 * device to the caller's interface.  The device says it is ready for
 * commands by opening its window (xfer_window() > 0, announced with
 * xfer_window_changed()), and says it has gone (connection lost, target
 * vanished) by closing the interface with an error; the caller may then
 * open it again.
 *
 * Each command carries its own interface: the caller passes DATA, an
 * interface of its own; the device plugs a command object of its own to
 * it and, when the command finishes, closes DATA with the status (0 for
 * success).  The caller abandons a command by shutting DATA down
 * (intf_restart), which the device must take as "cancel".  Buffers are
 * plain pointers that stay valid until the command finishes.
 */
#ifndef WIREBOOT_BLOCKDEV_H
#define WIREBOOT_BLOCKDEV_H

#include <wireboot/interface.h>
#include <wireboot/tables.h>

struct uri;
struct san_descriptor;

/* What block_capacity() reports. */
struct block_capacity {
	/* Number of blocks. */
	uint64_t blocks;
	/* Bytes per block (512 for disks, 2048 for CD images). */
	size_t blksize;
	/* Most blocks the device takes in one command (0: no limit). */
	unsigned int max_count;
};

/*
 * Read COUNT blocks from LBA into BUFFER (LEN bytes, COUNT blocks long).
 * Handlers: int read(OBJ *dev, struct interface *data, uint64_t lba,
 * unsigned int count, void *buffer, size_t len).  Returns 0 when the
 * command was started (its end comes as intf_close() on DATA) or an error
 * (then DATA is not touched).  Default: ERR(ENOTSUP).
 */
INTF_METHOD_DECLARE(block_read);
#define block_read_TYPE(obj_type)                                           \
	int (*)(obj_type, struct interface *, uint64_t, unsigned int, void *, \
		size_t)
int block_read(struct interface *intf, struct interface *data, uint64_t lba,
	       unsigned int count, void *buffer, size_t len);

/* Write COUNT blocks from BUFFER to LBA; as block_read(). */
INTF_METHOD_DECLARE(block_write);
#define block_write_TYPE(obj_type)                                          \
	int (*)(obj_type, struct interface *, uint64_t, unsigned int,        \
		const void *, size_t)
int block_write(struct interface *intf, struct interface *data, uint64_t lba,
		unsigned int count, const void *buffer, size_t len);

/*
 * Find the size of the device.  The device reports it with
 * block_capacity() on DATA before closing DATA with 0.  Handlers:
 * int read_capacity(OBJ *dev, struct interface *data).
 * Default: ERR(ENOTSUP).
 */
INTF_METHOD_DECLARE(block_read_capacity);
#define block_read_capacity_TYPE(obj_type) int (*)(obj_type, struct interface *)
int block_read_capacity(struct interface *intf, struct interface *data);

/*
 * The answer to block_read_capacity(), sent on the command's interface.
 * Handlers: void capacity(OBJ *cmd, const struct block_capacity *cap).
 * Default: nothing.
 */
INTF_METHOD_DECLARE(block_capacity);
#define block_capacity_TYPE(obj_type) \
	void (*)(obj_type, const struct block_capacity *)
void block_capacity(struct interface *intf, const struct block_capacity *cap);

/*
 * How firmware tables (aBFT, iBFT, the EDD device path) should describe
 * the device: a descriptor owned by the device, valid while it stays open;
 * NULL when the device has no table to appear in.  Handlers:
 * struct san_descriptor *describe(OBJ *dev).  Default: NULL.  See
 * <wireboot/sanboot_tables.h>.
 */
INTF_METHOD_DECLARE(block_describe);
#define block_describe_TYPE(obj_type) struct san_descriptor *(*)(obj_type)
struct san_descriptor *block_describe(struct interface *intf);

/* Opens block devices of one URI scheme. */
struct block_opener {
	/* Scheme, lower case ("aoe"). */
	const char *scheme;
	/* Open URI and plug the device to BLOCK; 0 or an error. */
	int (*open)(struct interface *block, struct uri *uri);
};
DECLARE_TABLE(block_openers, const struct block_opener);
#define __block_opener __table_entry(block_openers, const struct block_opener)

/*
 * Open the block device URI names (absolute) and plug it to BLOCK.
 * ERR(ENOTSUP) for a scheme no block device handles.
 */
int block_open_uri(struct interface *block, struct uri *uri);

#endif
