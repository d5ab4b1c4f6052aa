/*
 * Fuzz the AoE initiator's response parsing (net/aoe.c): each input opens
 * "aoe:e3.7" on a harness NIC that remembers the tags of the frames the
 * initiator sends, then plays records:
 *   byte kind, two-byte length (big-endian), that many bytes.
 *   kind & 3 == 0: an AoE frame from the target (the bytes are the AoE
 *     header and payload); with kind & 4 its tag is replaced by a tag the
 *     initiator sent (chosen by the tag's low byte), so the fuzzer reaches
 *     the matching code; with kind & 8 it comes from a second MAC.
 *   kind & 3 == 1: start a command when none runs (first byte: 0 IDENTIFY,
 *     1 read, 2 write; then a byte of count 1-8 and a byte of LBA).
 *   kind & 3 == 2: let timers run 300 ms.
 * At the end the device is closed and every timer expires.
 */
#include <string.h>
#include <wireboot/aoe.h>
#include <wireboot/blockdev.h>
#include <wireboot/byteorder.h>
#include <wireboot/ethernet.h>
#include <wireboot/netdevice.h>
#include <wireboot/uri.h>
#include <wireboot/xfer.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_TAGS 64

static uint32_t tags[MAX_TAGS];
static unsigned int num_tags;
static struct net_device *nic;
static uint8_t buffer[8 * 512];

static const uint8_t target_mac[ETH_ALEN] = { 2, 0, 0, 0, 0, 0xfe };
static const uint8_t other_mac[ETH_ALEN] = { 2, 0, 0, 0, 0, 0xfd };

/* The SAN layer's side: a path and a command. */
static struct harness {
	struct interface block;
	struct interface cmd;
	bool busy;
} client;

static void client_cmd_close(struct harness *h, int rc)
{
	intf_restart(&h->cmd, rc);
	h->busy = false;
}

static const struct interface_operation client_cmd_ops[] = {
	INTF_OP(intf_close, struct harness *, client_cmd_close),
};
static const struct interface_descriptor client_cmd_desc =
	INTF_DESC(struct harness, cmd, client_cmd_ops);
static const struct interface_descriptor client_block_desc =
	INTF_DESC_PURE(struct harness, block);

/* Remember the tag of every AoE frame the initiator sends. */
static void remember_tag(const void *frame, size_t len)
{
	const uint8_t *bytes = frame;

	if (len >= ETH_HLEN + sizeof(struct aoehdr) && num_tags < MAX_TAGS)
		tags[num_tags++] = get_be32(bytes + ETH_HLEN + 6);
}

/* The harness NIC (the only one, so AoE uses it), watched for tags. */
static struct net_device *harness_nic(void)
{
	if (nic)
		return nic;
	nic = fuzz_netdev();
	fuzz_netdev_watch(remember_tag);
	intf_init(&client.block, &client_block_desc, NULL);
	intf_init(&client.cmd, &client_cmd_desc, NULL);
	return nic;
}

/* Deliver LEN bytes of AoE as a frame from the target. */
static void deliver(uint8_t kind, const uint8_t *aoe, size_t len)
{
	uint8_t frame[ETH_HLEN + 1600];

	if (len > sizeof(frame) - ETH_HLEN)
		len = sizeof(frame) - ETH_HLEN;
	memcpy(frame, nic->ll_addr, ETH_ALEN);
	memcpy(frame + ETH_ALEN, (kind & 8) ? other_mac : target_mac, ETH_ALEN);
	put_be16(frame + 12, ETH_P_AOE);
	memcpy(frame + ETH_HLEN, aoe, len);
	if ((kind & 4) && num_tags && len >= sizeof(struct aoehdr))
		put_be32(frame + ETH_HLEN + 6, tags[aoe[9] % num_tags]);
	fuzz_rx(nic, frame, ETH_HLEN + len);
}

/* Start a command as the record asks, if the device can take one. */
static void command(const uint8_t *rec, size_t len)
{
	unsigned int count;
	uint64_t lba;

	if (client.busy || len < 3 || xfer_window(&client.block) == 0)
		return;
	count = rec[1] % 8 + 1;
	lba = rec[2];
	client.busy = true;
	switch (rec[0] % 3) {
	case 0:
		if (block_read_capacity(&client.block, &client.cmd) != 0)
			client.busy = false;
		break;
	case 1:
		if (block_read(&client.block, &client.cmd, lba, count, buffer,
			       sizeof(buffer)) != 0)
			client.busy = false;
		break;
	default:
		if (block_write(&client.block, &client.cmd, lba, count, buffer,
				sizeof(buffer)) != 0)
			client.busy = false;
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct uri *uri;
	uint8_t kind;
	size_t len;

	harness_nic();
	num_tags = 0;
	client.busy = false;
	uri = parse_uri("aoe:e3.7");
	if (!uri || block_open_uri(&client.block, uri) != 0) {
		uri_put(uri);
		return 0;
	}
	uri_put(uri);
	while (size >= 3) {
		kind = data[0];
		len = get_be16(data + 1);
		data += 3;
		size -= 3;
		if (len > size)
			len = size;
		switch (kind & 3) {
		case 0:
			deliver(kind, data, len);
			break;
		case 1:
			command(data, len);
			break;
		case 2:
			fuzz_advance(300);
			break;
		default:
			break;
		}
		data += len;
		size -= len;
	}
	intf_restart(&client.cmd, 0);
	intf_restart(&client.block, 0);
	fuzz_advance(60000);
	return 0;
}
