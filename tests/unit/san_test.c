/*
 * SAN devices (src/san): attaching through a test block device
 * ("santest:" URIs, a RAM disk whose failures the tests choose), reads and
 * writes split into commands, retries with reopening, timeouts, multipath,
 * ISO detection, the aBFT builder and the PCI location parser.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/aoe.h>
#include <wireboot/blockdev.h>
#include <wireboot/netdevice.h>
#include <wireboot/san.h>
#include <wireboot/sanboot_tables.h>
#include <wireboot/settings.h>
#include <wireboot/uri.h>
#include <wireboot/xfer.h>
#include <wireboot/errors.h>
#include "unittest.h"

#define DISK_BLOCKS 96
#define DISK_BLKSIZE 512

/* The RAM disk and what the next commands do. */
static struct {
	uint8_t data[DISK_BLOCKS * DISK_BLKSIZE];
	unsigned int max_count;
	/* Fail this many commands with EIO, then work. */
	unsigned int fail;
	/* Never answer this many commands. */
	unsigned int hang;
	/* Counters. */
	unsigned int opens;
	unsigned int commands;
	unsigned int cancelled;
	unsigned int largest;
} disk;

struct santest_dev {
	struct refcnt refcnt;
	struct interface block;
};

struct santest_cmd {
	struct refcnt refcnt;
	struct interface data;
};

static void santest_cmd_close(struct santest_cmd *cmd, int rc)
{
	disk.cancelled++;
	intf_shutdown(&cmd->data, rc);
}

static const struct interface_operation santest_cmd_ops[] = {
	INTF_OP(intf_close, struct santest_cmd *, santest_cmd_close),
};
static const struct interface_descriptor santest_cmd_desc =
	INTF_DESC(struct santest_cmd, data, santest_cmd_ops);

/* Run a command: fail, hang (its command object stays plugged), or do it. */
static int santest_command(struct interface *data, uint64_t lba,
			   unsigned int count, void *buffer, bool write,
			   bool capacity)
{
	struct santest_cmd *cmd;
	struct block_capacity cap;
	int rc = 0;

	if (!capacity && lba + count > DISK_BLOCKS)
		return ERR_IN(ESUB_SAN, ERANGE);
	disk.commands++;
	if (count > disk.largest)
		disk.largest = count;
	cmd = zalloc(sizeof(*cmd));
	if (!cmd)
		return ERR_IN(ESUB_SAN, ENOMEM);
	ref_init(&cmd->refcnt, NULL);
	intf_init(&cmd->data, &santest_cmd_desc, &cmd->refcnt);
	intf_plug_plug(&cmd->data, data);
	if (disk.hang) {
		disk.hang--;
		ref_put(&cmd->refcnt);
		return 0;
	}
	if (disk.fail) {
		disk.fail--;
		rc = ERR_IN(ESUB_SAN, EIO);
	} else if (capacity) {
		cap.blocks = DISK_BLOCKS;
		cap.blksize = DISK_BLKSIZE;
		cap.max_count = disk.max_count;
		block_capacity(&cmd->data, &cap);
	} else if (write) {
		memcpy(disk.data + lba * DISK_BLKSIZE, buffer,
		       count * DISK_BLKSIZE);
	} else {
		memcpy(buffer, disk.data + lba * DISK_BLKSIZE,
		       count * DISK_BLKSIZE);
	}
	intf_shutdown(&cmd->data, rc);
	ref_put(&cmd->refcnt);
	return 0;
}

static int santest_read(struct santest_dev *dev, struct interface *data,
			uint64_t lba, unsigned int count, void *buffer,
			size_t len)
{
	return santest_command(data, lba, count, buffer, false, false);
}

static int santest_write(struct santest_dev *dev, struct interface *data,
			 uint64_t lba, unsigned int count, const void *buffer,
			 size_t len)
{
	return santest_command(data, lba, count, (void *)buffer, true, false);
}

static int santest_capacity(struct santest_dev *dev, struct interface *data)
{
	return santest_command(data, 0, 0, NULL, false, true);
}

static size_t santest_window(struct santest_dev *dev)
{
	return 1;
}

static void santest_close(struct santest_dev *dev, int rc)
{
	intf_shutdown(&dev->block, rc);
}

static const struct interface_operation santest_ops[] = {
	INTF_OP(block_read, struct santest_dev *, santest_read),
	INTF_OP(block_write, struct santest_dev *, santest_write),
	INTF_OP(block_read_capacity, struct santest_dev *, santest_capacity),
	INTF_OP(xfer_window, struct santest_dev *, santest_window),
	INTF_OP(intf_close, struct santest_dev *, santest_close),
};
static const struct interface_descriptor santest_desc =
	INTF_DESC(struct santest_dev, block, santest_ops);

static int santest_open(struct interface *block, struct uri *uri)
{
	struct santest_dev *dev = zalloc(sizeof(*dev));

	if (!dev)
		return ERR_IN(ESUB_SAN, ENOMEM);
	disk.opens++;
	ref_init(&dev->refcnt, NULL);
	intf_init(&dev->block, &santest_desc, &dev->refcnt);
	intf_plug_plug(&dev->block, block);
	ref_put(&dev->refcnt);
	return 0;
}

static const struct block_opener santest_opener __block_opener = {
	.scheme = "santest",
	.open = santest_open,
};

/* A fresh disk holding the byte pattern (block n, byte i) = n * 7 + i. */
static void disk_reset(void)
{
	size_t i;

	memset(&disk, 0, sizeof(disk));
	for (i = 0; i < sizeof(disk.data); i++)
		disk.data[i] = (uint8_t)((i / DISK_BLKSIZE) * 7 + i);
}

/* A device with the given URIs, registered as DRIVE (NULL on failure). */
static struct san_device *attach(const char *const *texts, unsigned int count,
				 unsigned int drive, int *rc)
{
	struct uri *uris[4];
	struct san_device *sandev;
	unsigned int i;

	for (i = 0; i < count; i++)
		uris[i] = parse_uri(texts[i]);
	sandev = alloc_sandev(uris, count);
	for (i = 0; i < count; i++)
		uri_put(uris[i]);
	sandev->command_timeout_ms = 30;
	sandev->open_timeout_ms = 30;
	*rc = register_sandev(sandev, drive, 0);
	if (*rc != 0) {
		sandev_put(sandev);
		return NULL;
	}
	sandev_put(sandev);
	return sandev;
}

static struct san_device *attach_one(int *rc)
{
	static const char *const uri[] = { "santest:disk" };

	return attach(uri, 1, 0x80, rc);
}

UNIT_TEST(san_register_capacity)
{
	static const char *const uri[] = { "santest:other" };
	struct san_device *sandev;
	int rc;

	disk_reset();
	sandev = attach_one(&rc);
	ok_eq(rc, 0);
	ok(sandev != NULL);
	if (!sandev)
		return;
	ok_eq(sandev->blocks, DISK_BLOCKS);
	ok_eq(sandev->blksize, DISK_BLKSIZE);
	ok(!sandev->is_cdrom);
	ok(find_sandev(0x80) == sandev);
	ok(find_sandev(0x81) == NULL);
	ok(attach(uri, 1, 0x80, &rc) == NULL);
	ok(err_is(rc, EADDRINUSE));
	unregister_sandev(sandev);
	ok(find_sandev(0x80) == NULL);
}

UNIT_TEST(san_read_write_split)
{
	uint8_t buf[8 * DISK_BLKSIZE];
	uint8_t want[8 * DISK_BLKSIZE];
	struct san_device *sandev;
	int rc;

	disk_reset();
	disk.max_count = 3;
	sandev = attach_one(&rc);
	if (!sandev) {
		ok(0);
		return;
	}
	disk.commands = 0;
	ok_eq(san_read(sandev, 10, 8, buf), 0);
	ok(memcmp(buf, disk.data + 10 * DISK_BLKSIZE, sizeof(buf)) == 0);
	/* 8 blocks at most 3 per command: 3 commands. */
	ok_eq(disk.commands, 3);
	ok_eq(disk.largest, 3);
	memset(want, 0xa5, sizeof(want));
	ok_eq(san_write(sandev, 90, 6, want), 0);
	ok(memcmp(disk.data + 90 * DISK_BLKSIZE, want, 6 * DISK_BLKSIZE) == 0);
	ok(err_is(san_read(sandev, 95, 2, buf), ERANGE));
	ok(err_is(san_read(sandev, DISK_BLOCKS + 1, 0, buf), ERANGE));
	unregister_sandev(sandev);
}

UNIT_TEST(san_retry_reopens)
{
	uint8_t buf[DISK_BLKSIZE];
	struct san_device *sandev;
	unsigned int opens;
	int rc;

	disk_reset();
	sandev = attach_one(&rc);
	if (!sandev) {
		ok(0);
		return;
	}
	opens = disk.opens;
	disk.fail = 2;
	ok_eq(san_read(sandev, 4, 1, buf), 0);
	ok(memcmp(buf, disk.data + 4 * DISK_BLKSIZE, DISK_BLKSIZE) == 0);
	/* Each failure closed the path; each retry opened it again. */
	ok_eq(disk.opens, opens + 2);

	/* One retry is not enough for three failures. */
	ok_eq(storef_setting(NULL, &san_retries_setting, "1"), 0);
	disk.fail = 3;
	rc = san_read(sandev, 4, 1, buf);
	ok(err_is(rc, EIO));
	ok_eq(disk.fail, 1);
	delete_setting(NULL, &san_retries_setting);
	unregister_sandev(sandev);
}

UNIT_TEST(san_timeout_cancels)
{
	uint8_t buf[DISK_BLKSIZE];
	struct san_device *sandev;
	int rc;

	disk_reset();
	sandev = attach_one(&rc);
	if (!sandev) {
		ok(0);
		return;
	}
	/* Two commands hang and time out; the third attempt works. */
	disk.hang = 2;
	ok_eq(san_read(sandev, 1, 1, buf), 0);
	ok_eq(disk.cancelled, 2);
	ok(memcmp(buf, disk.data + DISK_BLKSIZE, DISK_BLKSIZE) == 0);
	ok_eq(storef_setting(NULL, &san_retries_setting, "0"), 0);
	disk.hang = 1;
	ok(err_is(san_read(sandev, 1, 1, buf), ETIMEDOUT));
	delete_setting(NULL, &san_retries_setting);
	unregister_sandev(sandev);
}

UNIT_TEST(san_multipath)
{
	static const char *const uris[] = { "nosuchscheme:x", "santest:b" };
	static const char *const bad[] = { "nosuchscheme:x" };
	struct san_device *sandev;
	int rc;

	disk_reset();
	sandev = attach(uris, 2, 0x82, &rc);
	ok_eq(rc, 0);
	if (!sandev)
		return;
	ok(sandev->active == &sandev->path[1]);
	ok(err_is(sandev->path[0].rc, ENOTSUP));
	unregister_sandev(sandev);
	ok(attach(bad, 1, 0x82, &rc) == NULL);
	ok(err_is(rc, ENOTSUP));
}

UNIT_TEST(san_detects_iso)
{
	uint8_t buf[2048];
	struct san_device *sandev;
	int rc;

	disk_reset();
	memcpy(disk.data + 32768, "\001CD001\001", 7);
	sandev = attach_one(&rc);
	if (!sandev) {
		ok(0);
		return;
	}
	ok(sandev->is_cdrom);
	ok_eq(sandev->blksize, 2048);
	ok_eq(sandev->blocks, DISK_BLOCKS / 4);
	ok_eq(san_read(sandev, 16, 1, buf), 0);
	ok(memcmp(buf, "\001CD001", 6) == 0);
	ok(memcmp(buf + 8, disk.data + 32768 + 8, sizeof(buf) - 8) == 0);
	unregister_sandev(sandev);
}

UNIT_TEST(san_default_settings)
{
	ok_eq(san_default_drive(), 0x80);
	ok_eq(san_retries(), SAN_DEFAULT_RETRIES);
	ok_eq(storef_setting(NULL, &san_drive_setting, "0x81"), 0);
	ok_eq(san_default_drive(), 0x81);
	delete_setting(NULL, &san_drive_setting);
	ok_eq(san_default_drive(), 0x80);
}

UNIT_TEST(san_abft_build)
{
	struct aoe_descriptor aoe = {
		.desc = { .model = &abft_model },
		.major = 0x1234,
		.minor = 7,
		.mac = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
	};
	uint8_t buf[SAN_TABLE_MAX];
	struct list_head descs;
	uint8_t sum = 0;
	int len;
	int i;

	INIT_LIST_HEAD(&descs);
	list_add_tail(&aoe.desc.list, &descs);
	len = abft_model.build(&descs, buf, sizeof(buf));
	ok_eq(len, 46);
	ok(memcmp(buf, "aBFT", 4) == 0);
	ok_eq(buf[4], 46);
	ok_eq(buf[8], 1);
	for (i = 0; i < len; i++)
		sum = (uint8_t)(sum + buf[i]);
	ok_eq(sum, 0);
	ok_eq(buf[0x24], 0x34);
	ok_eq(buf[0x25], 0x12);
	ok_eq(buf[0x26], 7);
	ok(memcmp(buf + 0x28, aoe.mac, 6) == 0);
	ok(abft_model.build(&descs, buf, 40) < 0);
}

UNIT_TEST(san_netdev_pci_location)
{
	static struct net_device netdev;

	strcpy(netdev.location, "PCI00:03.0");
	ok_eq(san_netdev_busdevfn(&netdev), 0x18);
	strcpy(netdev.location, "PCI02:1f.7");
	ok_eq(san_netdev_busdevfn(&netdev), 0x2ff);
	strcpy(netdev.location, "tap:tap0");
	ok_eq(san_netdev_busdevfn(&netdev), -1);
	strcpy(netdev.location, "PCI00:03");
	ok_eq(san_netdev_busdevfn(&netdev), -1);
}
