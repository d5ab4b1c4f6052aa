/*
 * The AoE initiator (net/aoe.c) against frames built here on a test NIC:
 * target URIs, discovery by Query Config, IDENTIFY, reads split into
 * frames with a window, answers out of order, duplicates, wrong tags,
 * truncated and error answers, writes, retransmission, and closing.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/aoe.h>
#include <wireboot/blockdev.h>
#include <wireboot/byteorder.h>
#include <wireboot/ethernet.h>
#include <wireboot/iobuf.h>
#include <wireboot/netdevice.h>
#include <wireboot/time.h>
#include <wireboot/timer.h>
#include <wireboot/uri.h>
#include <wireboot/xfer.h>
#include <wireboot/errors.h>
#include "testnet.h"
#include "unittest.h"

/* What the SAN layer would be: a path and a command interface. */
static struct aoe_client {
	struct interface block;
	struct interface cmd;
	unsigned int windows;
	bool closed;
	int closed_rc;
	bool done;
	int rc;
	struct block_capacity cap;
} client;

static void client_window_changed(struct aoe_client *c)
{
	c->windows++;
}

static void client_block_close(struct aoe_client *c, int rc)
{
	intf_restart(&c->block, rc);
	c->closed = true;
	c->closed_rc = rc;
}

static void client_cmd_close(struct aoe_client *c, int rc)
{
	intf_restart(&c->cmd, rc);
	c->done = true;
	c->rc = rc;
}

static void client_capacity(struct aoe_client *c,
			    const struct block_capacity *cap)
{
	c->cap = *cap;
}

static const struct interface_operation client_block_ops[] = {
	INTF_OP(xfer_window_changed, struct aoe_client *, client_window_changed),
	INTF_OP(intf_close, struct aoe_client *, client_block_close),
};
static const struct interface_descriptor client_block_desc =
	INTF_DESC(struct aoe_client, block, client_block_ops);

static const struct interface_operation client_cmd_ops[] = {
	INTF_OP(intf_close, struct aoe_client *, client_cmd_close),
	INTF_OP(block_capacity, struct aoe_client *, client_capacity),
};
static const struct interface_descriptor client_cmd_desc =
	INTF_DESC(struct aoe_client, cmd, client_cmd_ops);

/* A sent frame, parsed. */
struct sent {
	uint8_t dest[6];
	uint16_t proto;
	struct aoehdr hdr;
	struct aoeata ata;
	uint8_t data[1024];
	size_t len;
};

/* Pop the oldest frame sent; false if there is none. */
static bool pop(struct net_device *netdev, struct sent *sent)
{
	struct io_buffer *iob = testnet_pop(netdev);
	const uint8_t *p;
	size_t len;

	if (!iob)
		return false;
	memset(sent, 0, sizeof(*sent));
	p = iob->data;
	len = iob_len(iob);
	memcpy(sent->dest, p, 6);
	sent->proto = get_be16(p + 12);
	p += ETH_HLEN;
	len -= ETH_HLEN;
	memcpy(&sent->hdr, p, sizeof(sent->hdr));
	p += sizeof(sent->hdr);
	len -= sizeof(sent->hdr);
	if (len >= sizeof(sent->ata)) {
		memcpy(&sent->ata, p, sizeof(sent->ata));
		sent->len = MIN(len - sizeof(sent->ata), sizeof(sent->data));
		memcpy(sent->data, p + sizeof(sent->ata), sent->len);
	}
	free_iob(iob);
	return true;
}

/* Answer REQ from the target: FLAGS on top of the response bit, PAYLOAD. */
static void answer(struct net_device *netdev, const struct sent *req,
		   uint8_t flags, uint8_t error, const void *payload,
		   size_t len)
{
	uint8_t frame[1600];
	struct aoehdr hdr = req->hdr;

	memcpy(frame, netdev->ll_addr, 6);
	memcpy(frame + 6, testnet_peer_mac, 6);
	put_be16(frame + 12, ETH_P_AOE);
	hdr.ver_flags = AOE_VERSION | AOE_FL_RESPONSE | flags;
	hdr.error = error;
	memcpy(frame + ETH_HLEN, &hdr, sizeof(hdr));
	memcpy(frame + ETH_HLEN + sizeof(hdr), payload, len);
	testnet_inject(netdev, frame, ETH_HLEN + sizeof(hdr) + len);
}

/* Answer an ATA request with STATUS and COUNT sectors of DATA. */
static void answer_ata(struct net_device *netdev, const struct sent *req,
		       uint8_t status, const uint8_t *data, size_t data_len)
{
	uint8_t payload[1500];
	struct aoeata ata = req->ata;

	ata.cmd_stat = status;
	memcpy(payload, &ata, sizeof(ata));
	if (data_len)
		memcpy(payload + sizeof(ata), data, data_len);
	answer(netdev, req, 0, 0, payload, sizeof(ata) + data_len);
}

/* The sector pattern the target serves: byte i of sector n = n + i. */
static void fill_sector(uint8_t *buf, uint64_t lba)
{
	unsigned int i;

	for (i = 0; i < 512; i++)
		buf[i] = (uint8_t)(lba + i);
}

/* Answer an ATA read request with the pattern. */
static void answer_read(struct net_device *netdev, const struct sent *req)
{
	uint8_t data[4 * 512];
	uint64_t lba = 0;
	unsigned int i;

	for (i = 0; i < 6; i++)
		lba |= (uint64_t)req->ata.lba[i] << (8 * i);
	for (i = 0; i < req->ata.count; i++)
		fill_sector(data + i * 512, lba + i);
	answer_ata(netdev, req, 0x40, data, req->ata.count * 512U);
}

/* Reset the client and open aoe:e3.7; REQ gets the query it sends first. */
static void open_client(struct net_device *netdev, struct sent *req)
{
	struct uri *uri;

	memset(&client, 0, sizeof(client));
	intf_init(&client.block, &client_block_desc, NULL);
	intf_init(&client.cmd, &client_cmd_desc, NULL);
	uri = parse_uri("aoe:e3.7");
	ok_eq(block_open_uri(&client.block, uri), 0);
	uri_put(uri);
	ok(pop(netdev, req));
}

/* Open aoe:e3.7 on a fresh NIC and complete discovery and IDENTIFY. */
static struct net_device *setup(uint8_t scnt, uint16_t bufcnt, size_t mtu)
{
	struct net_device *netdev = testnet_create(0x31);
	struct aoecfg cfg = { 0 };
	uint8_t identify[512] = { 0 };
	struct sent req;

	if (!netdev)
		return NULL;
	if (mtu)
		netdev->mtu = mtu;
	open_client(netdev, &req);
	cfg.bufcnt = htons(bufcnt);
	cfg.scnt = scnt;
	answer(netdev, &req, 0, 0, &cfg, sizeof(cfg));
	ok(xfer_window(&client.block) > 0);
	ok_eq(block_read_capacity(&client.block, &client.cmd), 0);
	ok(pop(netdev, &req));
	put_le16(identify + 2 * 83, 1U << 10);
	put_le32(identify + 2 * 100, 100000);
	answer_ata(netdev, &req, 0x40, identify, sizeof(identify));
	ok(client.done);
	ok_eq(client.rc, 0);
	client.done = false;
	return netdev;
}

static void teardown(struct net_device *netdev)
{
	intf_restart(&client.block, 0);
	intf_restart(&client.cmd, 0);
	testnet_destroy(netdev);
}

UNIT_TEST(aoe_parse_target_uris)
{
	unsigned int major = 0, minor = 0;

	ok_eq(aoe_parse_target("e3.7", &major, &minor), 0);
	ok_eq(major, 3);
	ok_eq(minor, 7);
	ok_eq(aoe_parse_target("e65534.254", &major, &minor), 0);
	ok_eq(major, 65534);
	ok_eq(minor, 254);
	ok(aoe_parse_target("e65535.0", &major, &minor) < 0);
	ok(aoe_parse_target("e1.255", &major, &minor) < 0);
	ok(aoe_parse_target("e3", &major, &minor) < 0);
	ok(aoe_parse_target("x3.7", &major, &minor) < 0);
	ok(aoe_parse_target("e.7", &major, &minor) < 0);
	ok(aoe_parse_target("e3.", &major, &minor) < 0);
	ok(aoe_parse_target("e3.7x", &major, &minor) < 0);
	ok(aoe_parse_target(NULL, &major, &minor) < 0);
}

UNIT_TEST(aoe_discovery_and_identify)
{
	struct net_device *netdev = testnet_create(0x30);
	struct aoecfg cfg = { 0 };
	uint8_t identify[512] = { 0 };
	struct sent req;

	open_client(netdev, &req);
	ok(is_broadcast_ether_addr(req.dest));
	ok_eq(req.proto, ETH_P_AOE);
	ok_eq(req.hdr.ver_flags, AOE_VERSION);
	ok_eq(ntohs(req.hdr.major), 3);
	ok_eq(req.hdr.minor, 7);
	ok_eq(req.hdr.command, AOE_CMD_CONFIG);
	ok_eq(xfer_window(&client.block), 0);
	/* Not ready before the answer; a wrong tag changes nothing. */
	ok(block_read_capacity(&client.block, &client.cmd) < 0);
	req.hdr.tag ^= htonl(1);
	answer(netdev, &req, 0, 0, &cfg, sizeof(cfg));
	ok_eq(client.windows, 0);
	req.hdr.tag ^= htonl(1);
	cfg.bufcnt = htons(8);
	answer(netdev, &req, 0, 0, &cfg, sizeof(cfg));
	ok_eq(client.windows, 1);
	ok_eq(xfer_window(&client.block), 8);

	ok_eq(block_read_capacity(&client.block, &client.cmd), 0);
	ok(pop(netdev, &req));
	ok(memcmp(req.dest, testnet_peer_mac, 6) == 0);
	ok_eq(req.hdr.command, AOE_CMD_ATA);
	ok_eq(req.ata.cmd_stat, ATA_CMD_IDENTIFY);
	ok_eq(req.ata.count, 1);
	put_le16(identify + 2 * 83, 1U << 10);
	put_le32(identify + 2 * 100, 0x12345);
	put_le32(identify + 2 * 102, 1);
	answer_ata(netdev, &req, 0x40, identify, sizeof(identify));
	ok(client.done);
	ok_eq(client.rc, 0);
	ok_eq(client.cap.blocks, 0x100012345ULL);
	ok_eq(client.cap.blksize, 512);
	teardown(netdev);
}

UNIT_TEST(aoe_read_out_of_order)
{
	struct net_device *netdev = setup(0, 16, 0);
	uint8_t buf[5 * 512];
	uint8_t want[5 * 512];
	struct sent req[3];
	struct sent extra;
	unsigned int i;

	if (!netdev)
		return;
	ok_eq(block_read(&client.block, &client.cmd, 0x123456789ULL, 5, buf,
			 sizeof(buf)), 0);
	for (i = 0; i < 3; i++)
		ok(pop(netdev, &req[i]));
	ok(!pop(netdev, &extra));
	/* MTU 1500 carries 2 sectors a frame: 2 + 2 + 1. */
	ok_eq(req[0].ata.count, 2);
	ok_eq(req[1].ata.count, 2);
	ok_eq(req[2].ata.count, 1);
	ok_eq(req[1].ata.aflags, AOE_AFL_EXT);
	ok_eq(req[1].ata.cmd_stat, ATA_CMD_READ_EXT);
	ok_eq(req[1].ata.lba[0], 0x8b);
	ok_eq(req[1].ata.lba[4], 0x01);
	ok(req[0].hdr.tag != req[1].hdr.tag);
	answer_read(netdev, &req[2]);
	answer_read(netdev, &req[0]);
	answer_read(netdev, &req[0]);
	ok(!client.done);
	/* A truncated answer is dropped; the frame stays outstanding. */
	answer_ata(netdev, &req[1], 0x40, buf, 100);
	ok(!client.done);
	answer_read(netdev, &req[1]);
	ok(client.done);
	ok_eq(client.rc, 0);
	for (i = 0; i < 5; i++)
		fill_sector(want + i * 512, 0x123456789ULL + i);
	ok(memcmp(buf, want, sizeof(buf)) == 0);
	teardown(netdev);
}

UNIT_TEST(aoe_window_and_scnt)
{
	struct net_device *netdev = setup(1, 3, 0);
	uint8_t buf[6 * 512];
	struct sent req;
	unsigned int sent = 0;

	if (!netdev)
		return;
	ok_eq(block_read(&client.block, &client.cmd, 10, 6, buf, sizeof(buf)),
	      0);
	/* The target takes 1 sector a frame and 3 frames at a time. */
	ok_eq(testnet_count(netdev), 3);
	while (pop(netdev, &req)) {
		ok_eq(req.ata.count, 1);
		answer_read(netdev, &req);
		sent++;
	}
	ok_eq(sent, 6);
	ok(client.done);
	ok_eq(client.rc, 0);
	teardown(netdev);
}

UNIT_TEST(aoe_jumbo_frames)
{
	struct net_device *netdev = setup(0, 16, 9000);
	uint8_t *buf = malloc(40 * 512);
	struct sent req;

	if (!netdev || !buf) {
		free(buf);
		return;
	}
	ok_eq(block_read(&client.block, &client.cmd, 0, 40, buf, 40 * 512), 0);
	ok(pop(netdev, &req));
	ok_eq(req.ata.count, 17);
	testnet_flush(netdev);
	teardown(netdev);
	ok(client.done);
	ok(client.rc < 0);
	free(buf);
}

UNIT_TEST(aoe_errors)
{
	struct net_device *netdev = setup(0, 16, 0);
	uint8_t buf[512];
	struct sent req;

	if (!netdev)
		return;
	ok_eq(block_read(&client.block, &client.cmd, 1, 1, buf, sizeof(buf)), 0);
	ok(pop(netdev, &req));
	answer(netdev, &req, AOE_FL_ERROR, AOE_ERR_BAD_ARG, &req.ata,
	       sizeof(req.ata));
	ok(client.done);
	ok(err_is(client.rc, EINVAL));
	client.done = false;
	ok_eq(block_read(&client.block, &client.cmd, 1, 1, buf, sizeof(buf)), 0);
	ok(pop(netdev, &req));
	answer_ata(netdev, &req, 0x41, NULL, 0);
	ok(client.done);
	ok(err_is(client.rc, EIO));
	/* Too short a buffer, and beyond LBA48. */
	ok(block_read(&client.block, &client.cmd, 1, 2, buf, sizeof(buf)) < 0);
	ok(block_read(&client.block, &client.cmd, 1ULL << 48, 1, buf,
		      sizeof(buf)) < 0);
	teardown(netdev);
}

UNIT_TEST(aoe_write_frames)
{
	struct net_device *netdev = setup(0, 16, 0);
	uint8_t data[3 * 512];
	struct sent req[2];
	unsigned int i;

	if (!netdev)
		return;
	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 3);
	ok_eq(block_write(&client.block, &client.cmd, 100, 3, data,
			  sizeof(data)), 0);
	ok(pop(netdev, &req[0]));
	ok(pop(netdev, &req[1]));
	ok_eq(req[0].ata.aflags, AOE_AFL_EXT | AOE_AFL_WRITE);
	ok_eq(req[0].ata.cmd_stat, ATA_CMD_WRITE_EXT);
	ok_eq(req[0].len, 1024);
	ok(memcmp(req[0].data, data, 1024) == 0);
	ok_eq(req[1].ata.lba[0], 102);
	ok(memcmp(req[1].data, data + 1024, 512) == 0);
	answer_ata(netdev, &req[0], 0x40, NULL, 0);
	ok(!client.done);
	answer_ata(netdev, &req[1], 0x40, NULL, 0);
	ok(client.done);
	ok_eq(client.rc, 0);
	teardown(netdev);
}

UNIT_TEST(aoe_retransmits_and_closes)
{
	struct net_device *netdev = setup(0, 16, 0);
	uint8_t buf[512];
	struct sent first;
	struct sent again;

	if (!netdev)
		return;
	ok_eq(block_read(&client.block, &client.cmd, 7, 1, buf, sizeof(buf)), 0);
	ok(pop(netdev, &first));
	mdelay(300);
	timers_expire(now_ms());
	ok(pop(netdev, &again));
	ok(again.hdr.tag == first.hdr.tag);
	ok_eq(again.ata.lba[0], 7);
	/* Closing the device fails the command in progress. */
	intf_restart(&client.block, 0);
	ok(client.done);
	ok(client.rc < 0);
	testnet_destroy(netdev);
}

UNIT_TEST(aoe_lba28_without_lba48)
{
	struct net_device *netdev = testnet_create(0x32);
	struct aoecfg cfg = { 0 };
	uint8_t identify[512] = { 0 };
	uint8_t buf[512];
	struct sent req;

	open_client(netdev, &req);
	answer(netdev, &req, 0, 0, &cfg, sizeof(cfg));
	/* A target without LBA48: capacity from words 60-61. */
	ok_eq(block_read_capacity(&client.block, &client.cmd), 0);
	ok(pop(netdev, &req));
	put_le32(identify + 2 * 60, 5000);
	put_le32(identify + 2 * 100, 99999);
	answer_ata(netdev, &req, 0x40, identify, sizeof(identify));
	ok_eq(client.cap.blocks, 5000);
	client.done = false;
	ok_eq(block_read(&client.block, &client.cmd, 0x3456789, 1, buf,
			 sizeof(buf)), 0);
	ok(pop(netdev, &req));
	ok_eq(req.ata.aflags, 0);
	ok_eq(req.ata.cmd_stat, ATA_CMD_READ);
	ok_eq(req.ata.lba[0], 0x89);
	ok_eq(req.ata.lba[2], 0x45);
	ok_eq(req.ata.lba[3], 0xe3);
	ok(block_read(&client.block, &client.cmd, 1ULL << 28, 1, buf,
		      sizeof(buf)) < 0);
	teardown(netdev);
}
