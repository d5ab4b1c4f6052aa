/* TCP options: parsing what a segment carries and building our own (MSS, window scale, SACK, timestamps). */
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include <wireboot/tcp.h>

#define ERR_SUBSYS ESUB_TCP

int tcp_parse_options(const void *data, size_t len, struct tcp_options *opts)
{
	const uint8_t *p = data;
	const uint8_t *end = p + len;

	memset(opts, 0, sizeof(*opts));
	while (p < end) {
		uint8_t kind = p[0];
		uint8_t olen;

		if (kind == TCPOPT_END)
			break;
		if (kind == TCPOPT_NOP) {
			p++;
			continue;
		}
		if (end - p < 2)
			return ERR(EINVAL);
		olen = p[1];
		if (olen < 2 || olen > end - p)
			return ERR(EINVAL);
		switch (kind) {
		case TCPOPT_MSS:
			if (olen != 4)
				return ERR(EINVAL);
			opts->has_mss = true;
			opts->mss = get_be16(p + 2);
			break;
		case TCPOPT_WS:
			if (olen != 3)
				return ERR(EINVAL);
			opts->has_wscale = true;
			opts->wscale = p[2] > TCP_MAX_WSCALE ? TCP_MAX_WSCALE : p[2];
			break;
		case TCPOPT_SACK_PERM:
			if (olen != 2)
				return ERR(EINVAL);
			opts->sack_permitted = true;
			break;
		case TCPOPT_SACK:
			if ((olen - 2) % 8)
				return ERR(EINVAL);
			opts->num_sack = (unsigned int)(olen - 2) / 8;
			break;
		case TCPOPT_TS:
			if (olen != 10)
				return ERR(EINVAL);
			opts->has_ts = true;
			opts->tsval = get_be32(p + 2);
			opts->tsecr = get_be32(p + 6);
			break;
		default:
			break;
		}
		p += olen;
	}
	return 0;
}

size_t tcp_options_len(const struct tcp_tx_options *opts)
{
	size_t len = 0;

	if (opts->syn)
		len += 4 + 4 + (opts->sack_permitted || opts->ts ? 4 : 0);
	if (opts->ts)
		len += opts->syn ? 8 : 12;
	if (!opts->syn && opts->num_sack)
		len += 4 + 8 * opts->num_sack;
	return len;
}

size_t tcp_build_options(const struct tcp_tx_options *opts, void *buf)
{
	uint8_t *p = buf;
	unsigned int i;

	if (opts->syn) {
		/* MSS; NOP + window scale; SACK-permitted + timestamps. */
		*p++ = TCPOPT_MSS;
		*p++ = 4;
		put_be16(p, opts->mss);
		p += 2;
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_WS;
		*p++ = 3;
		*p++ = opts->wscale;
		if (opts->sack_permitted) {
			*p++ = TCPOPT_SACK_PERM;
			*p++ = 2;
		} else if (opts->ts) {
			*p++ = TCPOPT_NOP;
			*p++ = TCPOPT_NOP;
		}
		if (!opts->ts && opts->sack_permitted) {
			*p++ = TCPOPT_NOP;
			*p++ = TCPOPT_NOP;
		}
	} else if (opts->ts) {
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_NOP;
	}
	if (opts->ts) {
		*p++ = TCPOPT_TS;
		*p++ = 10;
		put_be32(p, opts->tsval);
		put_be32(p + 4, opts->tsecr);
		p += 8;
	}
	if (!opts->syn && opts->num_sack) {
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_SACK;
		*p++ = (uint8_t)(2 + 8 * opts->num_sack);
		for (i = 0; i < opts->num_sack; i++) {
			put_be32(p, opts->sack[i].left);
			put_be32(p + 4, opts->sack[i].right);
			p += 8;
		}
	}
	return (size_t)(p - (uint8_t *)buf);
}
