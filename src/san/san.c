/*
 * SAN devices: opening paths, synchronous commands with timeouts, retries
 * and reopening, capacity and ISO 9660 detection, registration.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/san.h>
#include <wireboot/blockdev.h>
#include <wireboot/sanboot_tables.h>
#include <wireboot/xfer.h>
#include <wireboot/uri.h>
#include <wireboot/process.h>
#include <wireboot/time.h>
#include <wireboot/init.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_SAN

/* ISO 9660: the primary volume descriptor is 2048-byte block 16. */
#define ISO_BLKSIZE 2048
#define ISO_PVD_OFFSET (16 * ISO_BLKSIZE)

LIST_HEAD(san_devices);

const struct san_platform *san_platform(void)
{
	return table_count(san_platforms) ? table_start(san_platforms) : NULL;
}

static void sandev_free(struct refcnt *refcnt)
{
	struct san_device *sandev =
		container_of(refcnt, struct san_device, refcnt);
	unsigned int i;

	for (i = 0; i < sandev->num_paths; i++)
		uri_put(sandev->path[i].uri);
	free(sandev);
}

/* The block device of PATH became ready (or changed its window). */
static void sanpath_window_changed(struct san_path *path)
{
	struct san_device *sandev = path->sandev;

	if (xfer_window(&path->block) == 0)
		return;
	path->rc = 0;
	if (!sandev->active)
		sandev->active = path;
}

/* The block device of PATH went away. */
static void sanpath_close(struct san_path *path, int rc)
{
	struct san_device *sandev = path->sandev;

	intf_restart(&path->block, rc);
	path->rc = rc ? rc : ERR(ENOTCONN);
	if (sandev->active != path)
		return;
	sandev->active = NULL;
	if (sandev->command_busy) {
		intf_restart(&sandev->command, path->rc);
		sandev->command_rc = path->rc;
		sandev->command_busy = false;
	}
}

static const struct interface_operation sanpath_ops[] = {
	INTF_OP(xfer_window_changed, struct san_path *, sanpath_window_changed),
	INTF_OP(intf_close, struct san_path *, sanpath_close),
};
static const struct interface_descriptor sanpath_desc =
	INTF_DESC(struct san_path, block, sanpath_ops);

/* The command finished. */
static void sandev_command_close(struct san_device *sandev, int rc)
{
	intf_restart(&sandev->command, rc);
	sandev->command_rc = rc;
	sandev->command_busy = false;
}

/* The answer to a capacity command. */
static void sandev_command_capacity(struct san_device *sandev,
				    const struct block_capacity *cap)
{
	if (sandev->command_capacity)
		*sandev->command_capacity = *cap;
}

static const struct interface_operation sandev_command_ops[] = {
	INTF_OP(intf_close, struct san_device *, sandev_command_close),
	INTF_OP(block_capacity, struct san_device *, sandev_command_capacity),
};
static const struct interface_descriptor sandev_command_desc =
	INTF_DESC(struct san_device, command, sandev_command_ops);

struct san_device *alloc_sandev(struct uri **uris, unsigned int num_uris)
{
	struct san_device *sandev;
	struct san_path *path;
	unsigned int i;

	sandev = zalloc(sizeof(*sandev) + num_uris * sizeof(sandev->path[0]));
	if (!sandev)
		return NULL;
	ref_init(&sandev->refcnt, sandev_free);
	INIT_LIST_HEAD(&sandev->list);
	intf_init(&sandev->command, &sandev_command_desc, &sandev->refcnt);
	sandev->command_timeout_ms = SAN_COMMAND_TIMEOUT_MS;
	sandev->open_timeout_ms = SAN_OPEN_TIMEOUT_MS;
	sandev->num_paths = num_uris;
	for (i = 0; i < num_uris; i++) {
		path = &sandev->path[i];
		path->sandev = sandev;
		path->uri = uri_get(uris[i]);
		path->rc = ERR(ENOTCONN);
		intf_init(&path->block, &sanpath_desc, &sandev->refcnt);
	}
	return sandev;
}

/* Close every path (and any command in progress) with RC. */
static void sandev_close_paths(struct san_device *sandev, int rc)
{
	struct san_path *path;
	unsigned int i;

	if (sandev->command_busy)
		sandev_command_close(sandev, rc);
	for (i = 0; i < sandev->num_paths; i++) {
		path = &sandev->path[i];
		intf_restart(&path->block, rc);
		path->rc = rc;
	}
	sandev->active = NULL;
}

/* Is any path still trying to open? */
static bool sandev_opening(struct san_device *sandev)
{
	unsigned int i;

	for (i = 0; i < sandev->num_paths; i++) {
		if (err_is(sandev->path[i].rc, EINPROGRESS))
			return true;
	}
	return false;
}

/* The error of the first path that failed, for reporting. */
static int sandev_paths_rc(struct san_device *sandev)
{
	unsigned int i;

	for (i = 0; i < sandev->num_paths; i++) {
		if (sandev->path[i].rc && !err_is(sandev->path[i].rc, EINPROGRESS))
			return sandev->path[i].rc;
	}
	return ERR(ENOTCONN);
}

/*
 * Close and open every path, then run the main loop until one is ready
 * (the others are closed), all have failed, or the open timeout passes.
 */
static int sandev_reopen(struct san_device *sandev)
{
	struct san_path *path;
	unsigned long start;
	unsigned int i;
	int rc;

	sandev_close_paths(sandev, ERR(ECONNRESET));
	for (i = 0; i < sandev->num_paths; i++) {
		path = &sandev->path[i];
		path->rc = ERR(EINPROGRESS);
		if ((rc = block_open_uri(&path->block, path->uri)) != 0) {
			path->rc = rc;
			continue;
		}
		sanpath_window_changed(path);
	}
	start = now_ms();
	while (!sandev->active) {
		if (!sandev_opening(sandev)) {
			rc = sandev_paths_rc(sandev);
			sandev_close_paths(sandev, rc);
			return rc;
		}
		if (ms_since(start) >= sandev->open_timeout_ms) {
			sandev_close_paths(sandev, ERR(ETIMEDOUT));
			return ERR(ETIMEDOUT);
		}
		step();
	}
	for (i = 0; i < sandev->num_paths; i++) {
		path = &sandev->path[i];
		if (path != sandev->active &&
		    (path->rc == 0 || err_is(path->rc, EINPROGRESS))) {
			intf_restart(&path->block, ERR(ECANCELED));
			path->rc = ERR(ECANCELED);
		}
	}
	return 0;
}

int san_reset(struct san_device *sandev)
{
	if (sandev->command_busy)
		return ERR(EBUSY);
	return sandev_reopen(sandev);
}

/* What one command does, given the path to send it to. */
struct san_op {
	bool write;
	bool capacity;
	uint64_t lba;
	unsigned int count;
	void *buffer;
	size_t len;
};

/* Start OP on the active path. */
static int sandev_issue(struct san_device *sandev, const struct san_op *op)
{
	struct interface *block = &sandev->active->block;

	if (op->capacity)
		return block_read_capacity(block, &sandev->command);
	if (op->write)
		return block_write(block, &sandev->command, op->lba, op->count,
				   op->buffer, op->len);
	return block_read(block, &sandev->command, op->lba, op->count,
			  op->buffer, op->len);
}

/* One attempt at OP: (re)open if needed, send, wait with the timeout. */
static int sandev_attempt(struct san_device *sandev, const struct san_op *op)
{
	unsigned long start;
	int rc;

	if (!sandev->active && (rc = sandev_reopen(sandev)) != 0)
		return rc;
	sandev->command_busy = true;
	sandev->command_rc = 0;
	if ((rc = sandev_issue(sandev, op)) != 0) {
		sandev_command_close(sandev, rc);
		return rc;
	}
	start = now_ms();
	while (sandev->command_busy) {
		if (ms_since(start) >= sandev->command_timeout_ms) {
			sandev_command_close(sandev, ERR(ETIMEDOUT));
			break;
		}
		step();
	}
	return sandev->command_rc;
}

/* OP with retries: a failed attempt drops the paths so the next reopens. */
static int sandev_command(struct san_device *sandev, const struct san_op *op)
{
	unsigned int retries = san_retries();
	unsigned int attempt;
	int rc = 0;

	if (sandev->command_busy)
		return ERR(EBUSY);
	for (attempt = 0; attempt <= retries; attempt++) {
		if ((rc = sandev_attempt(sandev, op)) == 0)
			return 0;
		sandev_close_paths(sandev, rc);
	}
	return rc;
}

/* Read or write COUNT logical blocks in commands of at most max_count. */
static int sandev_rw(struct san_device *sandev, bool write, uint64_t lba,
		     unsigned int count, void *buffer)
{
	unsigned int shift = sandev->blksize_shift;
	unsigned int per_cmd = (sandev->max_count ? sandev->max_count :
				SAN_MAX_COUNT) >> shift;
	struct san_op op = { .write = write };
	unsigned int chunk;
	int rc;

	if (lba > sandev->blocks || count > sandev->blocks - lba)
		return ERR(ERANGE);
	if (!per_cmd)
		per_cmd = 1;
	while (count) {
		chunk = MIN(count, per_cmd);
		op.lba = lba << shift;
		op.count = chunk << shift;
		op.buffer = buffer;
		op.len = (size_t)chunk * sandev->blksize;
		if ((rc = sandev_command(sandev, &op)) != 0)
			return rc;
		lba += chunk;
		count -= chunk;
		buffer = (char *)buffer + op.len;
	}
	return 0;
}

int san_read(struct san_device *sandev, uint64_t lba, unsigned int count,
	     void *buffer)
{
	return sandev_rw(sandev, false, lba, count, buffer);
}

int san_write(struct san_device *sandev, uint64_t lba, unsigned int count,
	      const void *buffer)
{
	return sandev_rw(sandev, true, lba, count, (void *)buffer);
}

/* Ask the device for its size. */
static int sandev_read_capacity(struct san_device *sandev)
{
	struct block_capacity cap = { 0 };
	struct san_op op = { .capacity = true };
	int rc;

	sandev->command_capacity = &cap;
	rc = sandev_command(sandev, &op);
	sandev->command_capacity = NULL;
	if (rc != 0)
		return rc;
	if (cap.blksize < 512 || (cap.blksize & (cap.blksize - 1)) ||
	    cap.blocks == 0)
		return ERR(EPROTO);
	sandev->blocks = cap.blocks;
	sandev->blksize = cap.blksize;
	sandev->max_count = cap.max_count;
	sandev->blksize_shift = 0;
	return 0;
}

/* Switch to 2048-byte blocks if the device holds an ISO 9660 image. */
static int sandev_detect_iso(struct san_device *sandev)
{
	unsigned int shift = 0;
	uint8_t *pvd;
	int rc;

	if (sandev->blksize > ISO_BLKSIZE)
		return 0;
	while ((sandev->blksize << shift) < ISO_BLKSIZE)
		shift++;
	if (sandev->blocks < ((uint64_t)(ISO_PVD_OFFSET + ISO_BLKSIZE) >>
			      (11 - shift)))
		return 0;
	pvd = malloc(ISO_BLKSIZE);
	if (!pvd)
		return ERR(ENOMEM);
	rc = san_read(sandev, ISO_PVD_OFFSET / sandev->blksize,
		      ISO_BLKSIZE / sandev->blksize, pvd);
	if (rc == 0 && pvd[0] == 1 && memcmp(pvd + 1, "CD001", 5) == 0) {
		sandev->is_cdrom = true;
		sandev->blksize_shift = shift;
		sandev->blksize = ISO_BLKSIZE;
		sandev->blocks >>= shift;
	}
	free(pvd);
	return rc;
}

struct san_device *find_sandev(unsigned int drive)
{
	struct san_device *sandev;

	for_each_sandev(sandev) {
		if (sandev->drive == drive)
			return sandev;
	}
	return NULL;
}

int register_sandev(struct san_device *sandev, unsigned int drive,
		    unsigned int flags)
{
	const struct san_platform *platform = san_platform();
	int rc;

	if (find_sandev(drive))
		return ERR(EADDRINUSE);
	sandev->drive = drive;
	sandev->flags = flags;
	if ((rc = sandev_reopen(sandev)) != 0 ||
	    (rc = sandev_read_capacity(sandev)) != 0 ||
	    (rc = sandev_detect_iso(sandev)) != 0)
		goto err_open;
	list_add_tail(&sandev->list, &san_devices);
	ref_get(&sandev->refcnt);
	devices_keep();
	if (platform && platform->hook && (rc = platform->hook(sandev)) != 0)
		goto err_hook;
	if (!(flags & SAN_NO_DESCRIBE) && (rc = san_describe()) != 0)
		goto err_describe;
	return 0;

err_describe:
	if (platform->unhook)
		platform->unhook(sandev);
err_hook:
	devices_unkeep();
	list_del(&sandev->list);
	ref_put(&sandev->refcnt);
err_open:
	sandev_close_paths(sandev, rc);
	return rc;
}

void unregister_sandev(struct san_device *sandev)
{
	const struct san_platform *platform = san_platform();

	if (list_empty(&sandev->list))
		return;
	if (platform && platform->unhook)
		platform->unhook(sandev);
	list_del(&sandev->list);
	devices_unkeep();
	sandev_close_paths(sandev, ERR(ECANCELED));
	san_describe();
	ref_put(&sandev->refcnt);
}

struct san_descriptor *san_descriptor(struct san_device *sandev)
{
	if (!sandev->active)
		return NULL;
	return block_describe(&sandev->active->block);
}

/* Leaving wireboot (not booting): detach every drive, unhooking INT 13h. */
static void san_shutdown(int flags)
{
	struct san_device *sandev;

	if (flags & SHUTDOWN_BOOT)
		return;
	while (!list_empty(&san_devices)) {
		sandev = list_first_entry(&san_devices, struct san_device, list);
		unregister_sandev(sandev);
	}
}

static struct startup_fn san_startup_fn __startup_fn = {
	.name = "san",
	.order = INIT_LATE,
	.shutdown = san_shutdown,
};
