/*
 * ATA over Ethernet initiator (AoE r11): the "aoe" block device.
 *
 * Opening "aoe:e<shelf>.<slot>" makes a device on the most recently opened
 * NIC and broadcasts Query Config until the target answers (the SAN layer
 * bounds how long); its answer gives the target's MAC, its buffer count
 * (frames we may have in flight) and its sectors per frame.  Commands are
 * split into frames of at most that many sectors (and what the MTU
 * carries); each frame has its own tag, is matched on the tag, the
 * response flag, shelf, slot and target MAC, and is sent again when its
 * answer is late.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/aoe.h>
#include <wireboot/blockdev.h>
#include <wireboot/byteorder.h>
#include <wireboot/dhcp.h>
#include <wireboot/ethernet.h>
#include <wireboot/feature.h>
#include <wireboot/iobuf.h>
#include <wireboot/netdevice.h>
#include <wireboot/san.h>
#include <wireboot/time.h>
#include <wireboot/timer.h>
#include <wireboot/uri.h>
#include <wireboot/xfer.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_AOE

DHCP_FEATURE(aoe, "AoE", DHCP_EB_FEATURE_AOE, 1);

/* Frames of one device in flight at most (also capped by the target). */
#define AOE_MAX_WINDOW 16
/* First and longest retransmission timeouts of a frame. */
#define AOE_FRAME_MIN_MS 250
#define AOE_FRAME_MAX_MS 2000
/* How often a command looks for late frames. */
#define AOE_TICK_MS 50
/* Query Config back-off. */
#define AOE_CONFIG_MIN_MS 250
#define AOE_CONFIG_MAX_MS 1000
/* Smallest Ethernet payload (frames are padded up to it). */
#define AOE_MIN_PAYLOAD 46

struct aoe_device {
	struct refcnt refcnt;
	/* In aoe_devices while open. */
	struct list_head list;
	struct net_device *netdev;
	uint16_t major;
	uint8_t minor;
	/* The target's MAC, learnt from its Query Config answer. */
	uint8_t target[ETH_ALEN];
	bool configured;
	/* Sectors per frame and frames in flight. */
	unsigned int max_count;
	unsigned int window;
	unsigned int in_flight;
	/* From IDENTIFY: LBA48 supported. */
	bool lba48;
	/* To the SAN path. */
	struct interface block;
	struct retry_timer config_timer;
	uint32_t config_tag;
	struct list_head commands;
	struct aoe_descriptor abft;
};

/* One frame of a command. */
struct aoe_frame {
	uint64_t lba;
	unsigned int count;
	/* Offset of its data in the command's buffer. */
	size_t offset;
	bool sent;
	bool done;
	/* now_ms() when last sent (32 bits: only differences are used). */
	uint32_t sent_at;
	unsigned long timeout;
};

enum aoe_command_type {
	AOE_IDENTIFY,
	AOE_READ,
	AOE_WRITE,
};

struct aoe_command {
	struct refcnt refcnt;
	/* In the device's list while running. */
	struct list_head list;
	struct aoe_device *aoedev;
	/* To the SAN's command interface. */
	struct interface data;
	enum aoe_command_type type;
	uint8_t *buffer;
	/* IDENTIFY answers into this. */
	uint8_t identify[ATA_SECTOR_SIZE];
	/* Tags are tag_base + frame index. */
	uint32_t tag_base;
	unsigned int num_frames;
	unsigned int next_frame;
	unsigned int done_frames;
	struct timer tick;
	bool finished;
	struct aoe_frame frame[];
};

static LIST_HEAD(aoe_devices);
static uint32_t aoe_next_tag = 0x57420000;

/* Devices opened, newest last: AoE goes out on the last one opened. */
static struct net_device *aoe_last_netdev;
static uint32_t aoe_open_mask;

int aoe_parse_target(const char *opaque, unsigned int *major,
		     unsigned int *minor)
{
	unsigned long shelf, slot;
	char *end;

	if (!opaque || opaque[0] != 'e' || opaque[1] < '0' || opaque[1] > '9')
		return ERR(EINVAL);
	shelf = strtoul(opaque + 1, &end, 10);
	if (*end != '.' || end[1] < '0' || end[1] > '9')
		return ERR(EINVAL);
	slot = strtoul(end + 1, &end, 10);
	if (*end || shelf >= 0xffff || slot >= 0xff)
		return ERR(EINVAL);
	*major = (unsigned int)shelf;
	*minor = (unsigned int)slot;
	return 0;
}

/* Track which device was opened last. */
static void aoe_netdev_notify(struct net_device *netdev)
{
	uint32_t bit = netdev->index < 32 ? 1U << netdev->index : 0;

	if (netdev_is_open(netdev)) {
		if (!(aoe_open_mask & bit))
			aoe_last_netdev = netdev;
		aoe_open_mask |= bit;
	} else {
		aoe_open_mask &= ~bit;
		if (aoe_last_netdev == netdev)
			aoe_last_netdev = NULL;
	}
}

static void aoedev_close(struct aoe_device *aoedev, int rc);

/*
 * NETDEV is going away: close its AoE devices.  (It was closed first, so
 * aoe_netdev_notify() has already forgotten it.)
 */
static void aoe_netdev_remove(struct net_device *netdev)
{
	struct aoe_device *aoedev;
	struct aoe_device *tmp;

	list_for_each_entry_safe(aoedev, tmp, &aoe_devices, list) {
		if (aoedev->netdev == netdev)
			aoedev_close(aoedev, ERR(ENODEV));
	}
}

static struct netdev_observer aoe_observer __netdev_observer = {
	.name = "aoe",
	.notify = aoe_netdev_notify,
	.remove = aoe_netdev_remove,
};

/* The device AoE uses: the last opened, else the first open one. */
static struct net_device *aoe_netdev(void)
{
	struct net_device *netdev;

	if (aoe_last_netdev && netdev_is_open(aoe_last_netdev))
		return aoe_last_netdev;
	for_each_netdev(netdev) {
		if (netdev_is_open(netdev))
			return netdev;
	}
	return NULL;
}

/*
 * A zeroed frame for AOEDEV with COMMAND and TAG, PAYLOAD bytes after the
 * header (padded up to the smallest Ethernet payload).
 */
static struct io_buffer *aoe_alloc_frame(struct aoe_device *aoedev,
					 uint8_t command, uint32_t tag,
					 size_t payload)
{
	size_t len = MAX(sizeof(struct aoehdr) + payload,
			 (size_t)AOE_MIN_PAYLOAD);
	struct io_buffer *iob;
	struct aoehdr *hdr;

	iob = alloc_iob(len);
	if (!iob)
		return NULL;
	hdr = iob_put(iob, len);
	memset(hdr, 0, len);
	hdr->ver_flags = AOE_VERSION;
	hdr->major = htons(aoedev->major);
	hdr->minor = aoedev->minor;
	hdr->command = command;
	hdr->tag = htonl(tag);
	return iob;
}

static const struct net_protocol aoe_protocol;

/* Broadcast a Query Config for the device's shelf and slot (same tag each time). */
static void aoedev_send_config(struct aoe_device *aoedev)
{
	struct io_buffer *iob;

	iob = aoe_alloc_frame(aoedev, AOE_CMD_CONFIG, aoedev->config_tag,
			      sizeof(struct aoecfg));
	if (iob)
		net_tx(iob, aoedev->netdev, &aoe_protocol, eth_broadcast);
}

static void aoedev_config_expired(struct retry_timer *retry, int over)
{
	struct aoe_device *aoedev =
		container_of(retry, struct aoe_device, config_timer);

	aoedev_send_config(aoedev);
	retry_start(retry);
}

/* Finish CMD with RC (once). */
static void aoecmd_finish(struct aoe_command *aoecmd, int rc)
{
	struct aoe_device *aoedev = aoecmd->aoedev;
	unsigned int i;

	if (aoecmd->finished)
		return;
	aoecmd->finished = true;
	for (i = 0; i < aoecmd->num_frames; i++) {
		if (aoecmd->frame[i].sent && !aoecmd->frame[i].done)
			aoedev->in_flight--;
	}
	timer_stop(&aoecmd->tick);
	list_del(&aoecmd->list);
	INIT_LIST_HEAD(&aoecmd->list);
	intf_shutdown(&aoecmd->data, rc);
	ref_put(&aoecmd->refcnt);
}

/* The device has gone: fail its commands and let go of everything. */
static void aoedev_close(struct aoe_device *aoedev, int rc)
{
	struct aoe_command *aoecmd;
	struct aoe_command *tmp;

	if (list_empty(&aoedev->list))
		return;
	retry_stop(&aoedev->config_timer);
	list_for_each_entry_safe(aoecmd, tmp, &aoedev->commands, list)
		aoecmd_finish(aoecmd, rc ? rc : ERR(ECANCELED));
	list_del(&aoedev->list);
	INIT_LIST_HEAD(&aoedev->list);
	intf_shutdown(&aoedev->block, rc);
	ref_put(&aoedev->refcnt);
}

/* ATA command of a transfer: [LBA48][write]. */
static const uint8_t aoe_ata_cmd[2][2] = {
	{ ATA_CMD_READ, ATA_CMD_WRITE },
	{ ATA_CMD_READ_EXT, ATA_CMD_WRITE_EXT },
};

/* Send frame INDEX of AOECMD (again, when it is late). */
static void aoecmd_send_frame(struct aoe_command *aoecmd, unsigned int index)
{
	struct aoe_device *aoedev = aoecmd->aoedev;
	struct aoe_frame *frame = &aoecmd->frame[index];
	bool write = aoecmd->type == AOE_WRITE;
	size_t data_len = write ? frame->count * ATA_SECTOR_SIZE : 0;
	struct io_buffer *iob;
	struct aoeata *ata;
	unsigned int i;

	iob = aoe_alloc_frame(aoedev, AOE_CMD_ATA, aoecmd->tag_base + index,
			      sizeof(*ata) + data_len);
	if (!frame->sent) {
		frame->sent = true;
		aoedev->in_flight++;
	}
	frame->sent_at = (uint32_t)now_ms();
	if (!iob)
		return;
	ata = (struct aoeata *)((char *)iob->data + sizeof(struct aoehdr));
	ata->count = (uint8_t)frame->count;
	if (aoecmd->type == AOE_IDENTIFY) {
		ata->cmd_stat = ATA_CMD_IDENTIFY;
	} else {
		ata->aflags = (aoedev->lba48 ? AOE_AFL_EXT : 0) |
			      (write ? AOE_AFL_WRITE : 0);
		ata->cmd_stat = aoe_ata_cmd[aoedev->lba48][write];
		/* LBA28 addresses are below 2^28: bytes 4 and 5 stay 0. */
		for (i = 0; i < 6; i++)
			ata->lba[i] = (uint8_t)(frame->lba >> (8 * i));
		if (!aoedev->lba48)
			ata->lba[3] |= 0xe0;
	}
	if (write)
		memcpy(ata + 1, aoecmd->buffer + frame->offset, data_len);
	net_tx(iob, aoedev->netdev, &aoe_protocol, aoedev->target);
}

/* Send frames not yet sent while the device's window allows. */
static void aoecmd_send_more(struct aoe_command *aoecmd)
{
	struct aoe_device *aoedev = aoecmd->aoedev;

	while (aoecmd->next_frame < aoecmd->num_frames &&
	       aoedev->in_flight < aoedev->window && !aoecmd->finished)
		aoecmd_send_frame(aoecmd, aoecmd->next_frame++);
}

/* Resend frames whose answer is late. */
static void aoecmd_tick(struct timer *timer)
{
	struct aoe_command *aoecmd =
		container_of(timer, struct aoe_command, tick);
	struct aoe_frame *frame;
	uint32_t now = (uint32_t)now_ms();
	unsigned int i;

	for (i = 0; i < aoecmd->next_frame && !aoecmd->finished; i++) {
		frame = &aoecmd->frame[i];
		if (frame->done || now - frame->sent_at < frame->timeout)
			continue;
		frame->timeout = MIN(frame->timeout * 2, AOE_FRAME_MAX_MS);
		aoecmd_send_frame(aoecmd, i);
	}
	if (!aoecmd->finished)
		timer_start(&aoecmd->tick, AOE_TICK_MS);
}

/* The SAN gave up on the command. */
static void aoecmd_close(struct aoe_command *aoecmd, int rc)
{
	aoecmd_finish(aoecmd, rc ? rc : ERR(ECANCELED));
}

static const struct interface_operation aoecmd_ops[] = {
	INTF_OP(intf_close, struct aoe_command *, aoecmd_close),
};
static const struct interface_descriptor aoecmd_desc =
	INTF_DESC(struct aoe_command, data, aoecmd_ops);

static void aoecmd_free(struct refcnt *refcnt)
{
	struct aoe_command *aoecmd =
		container_of(refcnt, struct aoe_command, refcnt);

	ref_put(&aoecmd->aoedev->refcnt);
	free(aoecmd);
}

/* Start a command of TYPE for COUNT sectors at LBA, plugged to DATA. */
static int aoecmd_start(struct aoe_device *aoedev, struct interface *data,
			enum aoe_command_type type, uint64_t lba,
			unsigned int count, void *buffer, size_t len)
{
	struct aoe_command *aoecmd;
	struct aoe_frame *frame;
	unsigned int num_frames;
	size_t offset = 0;
	unsigned int i;

	if (!aoedev->configured)
		return ERR(ENOTCONN);
	if (type != AOE_IDENTIFY) {
		if (count == 0 || len < (size_t)count * ATA_SECTOR_SIZE)
			return ERR(EINVAL);
		if (lba + count > (aoedev->lba48 ? 1ULL << 48 : 1ULL << 28))
			return ERR(ERANGE);
	}
	num_frames = (count + aoedev->max_count - 1) / aoedev->max_count;
	aoecmd = zalloc(sizeof(*aoecmd) + num_frames * sizeof(aoecmd->frame[0]));
	if (!aoecmd)
		return ERR(ENOMEM);
	ref_init(&aoecmd->refcnt, aoecmd_free);
	aoecmd->aoedev = aoedev;
	ref_get(&aoedev->refcnt);
	intf_init(&aoecmd->data, &aoecmd_desc, &aoecmd->refcnt);
	timer_init(&aoecmd->tick, aoecmd_tick, &aoecmd->refcnt);
	aoecmd->type = type;
	aoecmd->buffer = type == AOE_IDENTIFY ? aoecmd->identify : buffer;
	aoecmd->num_frames = num_frames;
	aoecmd->tag_base = aoe_next_tag;
	aoe_next_tag += num_frames;
	for (i = 0; i < num_frames; i++) {
		frame = &aoecmd->frame[i];
		frame->lba = lba;
		frame->count = MIN(aoedev->max_count, count);
		frame->offset = offset;
		frame->timeout = AOE_FRAME_MIN_MS;
		lba += frame->count;
		count -= frame->count;
		offset += frame->count * ATA_SECTOR_SIZE;
	}
	list_add_tail(&aoecmd->list, &aoedev->commands);
	intf_plug_plug(&aoecmd->data, data);
	timer_start(&aoecmd->tick, AOE_TICK_MS);
	aoecmd_send_more(aoecmd);
	return 0;
}

static int aoedev_read(struct aoe_device *aoedev, struct interface *data,
		       uint64_t lba, unsigned int count, void *buffer,
		       size_t len)
{
	return aoecmd_start(aoedev, data, AOE_READ, lba, count, buffer, len);
}

static int aoedev_write(struct aoe_device *aoedev, struct interface *data,
			uint64_t lba, unsigned int count, const void *buffer,
			size_t len)
{
	return aoecmd_start(aoedev, data, AOE_WRITE, lba, count,
			    (void *)buffer, len);
}

/* IDENTIFY: one frame of one sector. */
static int aoedev_read_capacity(struct aoe_device *aoedev,
				struct interface *data)
{
	return aoecmd_start(aoedev, data, AOE_IDENTIFY, 0, 1, NULL, 0);
}

/* Ready for commands once the target has answered Query Config. */
static size_t aoedev_window(struct aoe_device *aoedev)
{
	return aoedev->configured ? aoedev->window : 0;
}

static struct san_descriptor *aoedev_describe(struct aoe_device *aoedev)
{
	return aoedev->configured ? &aoedev->abft.desc : NULL;
}

static const struct interface_operation aoedev_ops[] = {
	INTF_OP(block_read, struct aoe_device *, aoedev_read),
	INTF_OP(block_write, struct aoe_device *, aoedev_write),
	INTF_OP(block_read_capacity, struct aoe_device *, aoedev_read_capacity),
	INTF_OP(block_describe, struct aoe_device *, aoedev_describe),
	INTF_OP(xfer_window, struct aoe_device *, aoedev_window),
	INTF_OP(intf_close, struct aoe_device *, aoedev_close),
};
static const struct interface_descriptor aoedev_desc =
	INTF_DESC(struct aoe_device, block, aoedev_ops);

static void aoedev_free(struct refcnt *refcnt)
{
	struct aoe_device *aoedev =
		container_of(refcnt, struct aoe_device, refcnt);

	netdev_put(aoedev->netdev);
	free(aoedev);
}

/* Sectors one frame carries on NETDEV. */
static unsigned int aoe_mtu_sectors(struct net_device *netdev)
{
	size_t room = netdev->mtu - sizeof(struct aoehdr) -
		      sizeof(struct aoeata);

	if (netdev->mtu < sizeof(struct aoehdr) + sizeof(struct aoeata))
		return 0;
	return (unsigned int)MIN(room / ATA_SECTOR_SIZE, 255U);
}

static int aoe_open(struct interface *block, struct uri *uri)
{
	struct aoe_device *aoedev;
	struct net_device *netdev;
	unsigned int major, minor;
	int rc;

	if ((rc = aoe_parse_target(uri->opaque, &major, &minor)) != 0)
		return rc;
	netdev = aoe_netdev();
	if (!netdev)
		return ERR(ENETUNREACH);
	if (aoe_mtu_sectors(netdev) == 0)
		return ERR(EMSGSIZE);
	aoedev = zalloc(sizeof(*aoedev));
	if (!aoedev)
		return ERR(ENOMEM);
	ref_init(&aoedev->refcnt, aoedev_free);
	intf_init(&aoedev->block, &aoedev_desc, &aoedev->refcnt);
	retry_init(&aoedev->config_timer, aoedev_config_expired,
		   &aoedev->refcnt, AOE_CONFIG_MIN_MS, AOE_CONFIG_MAX_MS);
	INIT_LIST_HEAD(&aoedev->commands);
	aoedev->netdev = netdev_get(netdev);
	aoedev->major = (uint16_t)major;
	aoedev->minor = (uint8_t)minor;
	memcpy(aoedev->target, eth_broadcast, ETH_ALEN);
	aoedev->abft.desc.model = &abft_model;
	memcpy(aoedev->abft.desc.edd.interface_type, "ATA     ", 8);
	aoedev->abft.desc.edd.busdevfn = san_netdev_busdevfn(netdev);
	aoedev->abft.major = (uint16_t)major;
	aoedev->abft.minor = (uint8_t)minor;
	memcpy(aoedev->abft.mac, netdev->ll_addr, ETH_ALEN);
	aoedev->config_tag = aoe_next_tag++;
	list_add_tail(&aoedev->list, &aoe_devices);
	intf_plug_plug(&aoedev->block, block);
	aoedev_send_config(aoedev);
	retry_start(&aoedev->config_timer);
	return 0;
}

static const struct block_opener aoe_opener __block_opener = {
	.scheme = "aoe",
	.open = aoe_open,
};

/* An AoE error code as a wireboot error. */
static int aoe_error(uint8_t error)
{
	switch (error) {
	case AOE_ERR_BAD_COMMAND:
	case AOE_ERR_VERSION:
		return ERR(ENOTSUP);
	case AOE_ERR_BAD_ARG:
		return ERR(EINVAL);
	case AOE_ERR_UNAVAILABLE:
		return ERR(ENODEV);
	default:
		return ERR(EIO);
	}
}

/* A Query Config answer for AOEDEV from SOURCE. */
static int aoedev_rx_config(struct aoe_device *aoedev,
			    const struct aoehdr *hdr, const void *payload,
			    size_t len, const uint8_t *source)
{
	const struct aoecfg *cfg = payload;
	unsigned int max_count = aoe_mtu_sectors(aoedev->netdev);
	unsigned int bufcnt;

	if (len < sizeof(*cfg))
		return ERR(EINVAL);
	if (hdr->ver_flags & AOE_FL_ERROR) {
		aoedev_close(aoedev, aoe_error(hdr->error));
		return 0;
	}
	if (aoedev->configured)
		return 0;
	if (cfg->scnt)
		max_count = MIN(max_count, (unsigned int)cfg->scnt);
	bufcnt = ntohs(cfg->bufcnt);
	memcpy(aoedev->target, source, ETH_ALEN);
	aoedev->max_count = max_count;
	aoedev->window = bufcnt ? MIN(bufcnt, (unsigned int)AOE_MAX_WINDOW) : 1;
	aoedev->configured = true;
	retry_stop(&aoedev->config_timer);
	xfer_window_changed(&aoedev->block);
	return 0;
}

/* The capacity from IDENTIFY data (words 60-61, or 100-103 for LBA48). */
static void aoecmd_identified(struct aoe_command *aoecmd)
{
	const uint8_t *id = aoecmd->identify;
	struct aoe_device *aoedev = aoecmd->aoedev;
	struct block_capacity cap = { .blksize = ATA_SECTOR_SIZE };

	aoedev->lba48 = (get_le16(id + 2 * 83) & (1U << 10)) != 0;
	if (aoedev->lba48)
		cap.blocks = get_le32(id + 2 * 100) |
			     ((uint64_t)get_le32(id + 2 * 102) << 32);
	else
		cap.blocks = get_le32(id + 2 * 60);
	block_capacity(&aoecmd->data, &cap);
}

/* An ATA answer for frame INDEX of AOECMD. */
static int aoecmd_rx(struct aoe_command *aoecmd, unsigned int index,
		     const struct aoehdr *hdr, const void *payload, size_t len)
{
	struct aoe_device *aoedev = aoecmd->aoedev;
	struct aoe_frame *frame = &aoecmd->frame[index];
	const struct aoeata *ata = payload;
	size_t data_len;

	if (!frame->sent || frame->done)
		return 0;
	if (len < sizeof(*ata))
		return ERR(EINVAL);
	if (hdr->ver_flags & AOE_FL_ERROR) {
		aoecmd_finish(aoecmd, aoe_error(hdr->error));
		return 0;
	}
	if (ata->cmd_stat & ATA_STAT_ERR) {
		aoecmd_finish(aoecmd, ERR(EIO));
		return 0;
	}
	if (aoecmd->type != AOE_WRITE) {
		data_len = (size_t)frame->count * ATA_SECTOR_SIZE;
		if (len - sizeof(*ata) < data_len)
			return ERR(EINVAL);
		memcpy(aoecmd->buffer + frame->offset, ata + 1, data_len);
	}
	frame->done = true;
	aoedev->in_flight--;
	aoecmd->done_frames++;
	if (aoecmd->done_frames < aoecmd->num_frames) {
		aoecmd_send_more(aoecmd);
		return 0;
	}
	if (aoecmd->type == AOE_IDENTIFY)
		aoecmd_identified(aoecmd);
	aoecmd_finish(aoecmd, 0);
	return 0;
}

/* The device for a frame from NETDEV about HDR's shelf and slot, or NULL. */
static struct aoe_device *aoe_find_device(struct net_device *netdev,
					  const struct aoehdr *hdr)
{
	struct aoe_device *aoedev;

	list_for_each_entry(aoedev, &aoe_devices, list) {
		if (aoedev->netdev == netdev &&
		    aoedev->major == ntohs(hdr->major) &&
		    aoedev->minor == hdr->minor)
			return aoedev;
	}
	return NULL;
}

/* Dispatch one AoE frame's contents (header at DATA, LEN bytes). */
static int aoe_rx_frame(struct net_device *netdev, const uint8_t *source,
			const void *data, size_t len)
{
	const struct aoehdr *hdr = data;
	struct aoe_command *aoecmd;
	struct aoe_device *aoedev;
	const void *payload;
	uint32_t tag;
	int rc = ERR(ENOENT);

	if (len < sizeof(*hdr))
		return ERR(EINVAL);
	if ((hdr->ver_flags & AOE_VERSION_MASK) != AOE_VERSION)
		return ERR(EPROTO);
	/* Requests from other initiators are not for us. */
	if (!(hdr->ver_flags & AOE_FL_RESPONSE))
		return 0;
	aoedev = aoe_find_device(netdev, hdr);
	if (!aoedev)
		return ERR(ENOENT);
	payload = (const uint8_t *)data + sizeof(*hdr);
	len -= sizeof(*hdr);
	tag = ntohl(hdr->tag);
	ref_get(&aoedev->refcnt);
	if (hdr->command == AOE_CMD_CONFIG) {
		if (tag == aoedev->config_tag)
			rc = aoedev_rx_config(aoedev, hdr, payload, len, source);
	} else if (hdr->command == AOE_CMD_ATA && aoedev->configured &&
		   memcmp(source, aoedev->target, ETH_ALEN) == 0) {
		list_for_each_entry(aoecmd, &aoedev->commands, list) {
			if (tag - aoecmd->tag_base < aoecmd->num_frames) {
				rc = aoecmd_rx(aoecmd, tag - aoecmd->tag_base,
					       hdr, payload, len);
				break;
			}
		}
	}
	ref_put(&aoedev->refcnt);
	return rc;
}

static int aoe_rx(struct io_buffer *iob, struct net_device *netdev,
		  const uint8_t *ll_dest, const uint8_t *ll_source,
		  unsigned int flags)
{
	int rc = aoe_rx_frame(netdev, ll_source, iob->data, iob_len(iob));

	free_iob(iob);
	return rc;
}

static const struct net_protocol aoe_protocol __net_protocol = {
	.name = "AoE",
	.ethertype = ETH_P_AOE,
	.rx = aoe_rx,
};
