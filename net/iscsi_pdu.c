/*
 * iSCSI PDU framing: cut the TCP byte stream into PDUs (48-byte basic
 * header, additional header segments skipped, data segment padded to a
 * multiple of 4 bytes).  No digests are negotiated, so none are expected.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/iscsi.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_ISCSI

void iscsi_rx_reset(struct iscsi_rx *rx)
{
	free(rx->rest);
	memset(rx, 0, sizeof(*rx));
}

/* The header is complete: size (and allocate) the rest of the PDU. */
static int iscsi_rx_header_done(struct iscsi_rx *rx)
{
	const uint8_t *bhs = rx->bhs;
	size_t dlen = ((size_t)bhs[ISCSI_BHS_DSL] << 16) |
		      ((size_t)bhs[ISCSI_BHS_DSL + 1] << 8) |
		      bhs[ISCSI_BHS_DSL + 2];

	if (dlen > ISCSI_MAX_RX_DATA)
		return ERR(EPROTO);
	rx->skip = (size_t)bhs[ISCSI_BHS_AHS_LEN] * 4;
	rx->data_len = dlen;
	rx->rest_len = rx->skip + ((dlen + 3) & ~(size_t)3);
	rx->rest_got = 0;
	if (rx->rest_len) {
		rx->rest = malloc(rx->rest_len);
		if (!rx->rest)
			return ERR(ENOMEM);
	}
	return 0;
}

int iscsi_rx_feed(struct iscsi_rx *rx, const void *bytes, size_t len,
		  int (*pdu)(void *ctx, const uint8_t *bhs,
			     const uint8_t *data, size_t dlen),
		  void *ctx)
{
	const uint8_t *p = bytes;
	uint8_t *rest;
	size_t n;
	int rc;

	while (len) {
		if (rx->bhs_len < ISCSI_BHS_LEN) {
			n = MIN(len, ISCSI_BHS_LEN - rx->bhs_len);
			memcpy(rx->bhs + rx->bhs_len, p, n);
			rx->bhs_len += n;
			if (rx->bhs_len == ISCSI_BHS_LEN &&
			    (rc = iscsi_rx_header_done(rx)) != 0)
				return rc;
		} else {
			n = MIN(len, rx->rest_len - rx->rest_got);
			memcpy(rx->rest + rx->rest_got, p, n);
			rx->rest_got += n;
		}
		p += n;
		len -= n;
		if (rx->bhs_len == ISCSI_BHS_LEN &&
		    rx->rest_got == rx->rest_len) {
			rest = rx->rest;
			rx->rest = NULL;
			rx->bhs_len = 0;
			rc = pdu(ctx, rx->bhs, rest ? rest + rx->skip : NULL,
				 rx->data_len);
			free(rest);
			if (rc != 0)
				return rc;
		}
	}
	return 0;
}
