/*
 * Fuzz the iSCSI parsers (net/iscsi_text.c, net/iscsi_pdu.c): the input
 * is a byte stream from a target, cut into PDUs by the framer in chunks
 * whose sizes come from the first byte; every PDU's data segment goes
 * through the text-key parser, each value through the binary decoder and
 * the LUN parser; the input as text is also parsed as a root path.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/iscsi.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every value: decode as binary and as a LUN; check the lengths. */
static int fuzz_key(void *ctx, const char *key, const char *value)
{
	uint8_t buf[64];
	uint8_t lun[8];
	int len;

	len = iscsi_decode_binary(value, buf, sizeof(buf));
	if (len > (int)sizeof(buf))
		__builtin_trap();
	iscsi_parse_lun(value, lun);
	return 0;
}

static int fuzz_pdu(void *ctx, const uint8_t *bhs, const uint8_t *data,
		    size_t dlen)
{
	size_t *count = ctx;

	if (dlen > ISCSI_MAX_RX_DATA || (dlen && !data))
		__builtin_trap();
	(*count)++;
	iscsi_text_foreach((const char *)data, dlen, fuzz_key, NULL);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iscsi_root_path rp;
	struct iscsi_rx rx = { 0 };
	size_t chunk, pos, count = 0;
	char *text;

	fuzz_init();
	if (!size)
		return 0;
	chunk = (size_t)data[0] % 61 + 1;
	for (pos = 1; pos < size; pos += chunk) {
		if (iscsi_rx_feed(&rx, data + pos, MIN(chunk, size - pos),
				  fuzz_pdu, &count) != 0)
			break;
	}
	iscsi_rx_reset(&rx);
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	if (iscsi_parse_root_path(text, &rp) == 0) {
		if (!rp.server || !rp.target || !rp.port)
			__builtin_trap();
		iscsi_root_path_free(&rp);
	}
	free(text);
	return 0;
}
