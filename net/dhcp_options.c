/*
 * DHCP options: finding options in a received packet (with option 52
 * overload into the file and sname fields and encapsulated options such as
 * 43.8) and building packets.  Pure functions on byte buffers, so that the
 * fuzzer can drive them directly: nothing here reads outside the buffer it
 * is given, whatever the length bytes say.
 */
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include <wireboot/dhcp.h>

#define ERR_SUBSYS ESUB_DHCP

/* BOOTP relays and old servers expect requests of at least this size. */
#define BOOTP_MIN_LEN 300

int dhcp_packet_check(const void *pkt, size_t len)
{
	const struct dhcphdr *hdr = pkt;

	if (len < DHCP_HDR_LEN || hdr->magic != htonl(DHCP_MAGIC))
		return ERR(EBADMSG);
	return 0;
}

/* Point ITER at the bytes of REGION (0 options, 1 file, 2 sname). */
static void iter_region(struct dhcp_option_iter *iter, unsigned int region)
{
	iter->region = region;
	switch (region) {
	case 0:
		iter->pos = DHCP_HDR_LEN;
		iter->end = iter->len;
		break;
	case 1:
		iter->pos = offsetof(struct dhcphdr, file);
		iter->end = iter->pos + sizeof(((struct dhcphdr *)0)->file);
		break;
	case 2:
		iter->pos = offsetof(struct dhcphdr, sname);
		iter->end = iter->pos + sizeof(((struct dhcphdr *)0)->sname);
		break;
	default:
		iter->pos = iter->end = 0;
		break;
	}
}

void dhcp_option_iter_init(struct dhcp_option_iter *iter, const void *pkt,
			   size_t len)
{
	iter->pkt = pkt;
	iter->len = len;
	iter->overload = 0;
	iter_region(iter, dhcp_packet_check(pkt, len) == 0 ? 0 : 3);
}

/* Move ITER to the next region that option 52 says carries options. */
static void iter_next_region(struct dhcp_option_iter *iter)
{
	unsigned int region = iter->region + 1;

	if (region == 1 && !(iter->overload & DHCP_OVERLOAD_FILE))
		region++;
	if (region == 2 && !(iter->overload & DHCP_OVERLOAD_SNAME))
		region++;
	iter_region(iter, region);
}

/*
 * The code of the option at *POS in BUF (options end at END), skipping
 * pads, with its value in *DATA and *LEN; *POS moves past it.  0 at the
 * end option, at the end of the bytes or at an option that runs past them.
 */
static unsigned int next_option(const uint8_t *buf, size_t *pos, size_t end,
				const uint8_t **data, size_t *len)
{
	unsigned int code;

	while (*pos < end && buf[*pos] == DHCP_PAD)
		(*pos)++;
	if (*pos + 2 > end || buf[*pos] == DHCP_END ||
	    *pos + 2 + buf[*pos + 1] > end)
		return 0;
	code = buf[*pos];
	*len = buf[*pos + 1];
	*data = &buf[*pos + 2];
	*pos += 2 + *len;
	return code;
}

int dhcp_option_iter_next(struct dhcp_option_iter *iter, unsigned int *tag,
			  const uint8_t **data, size_t *len)
{
	while (iter->region < 3) {
		*tag = next_option(iter->pkt, &iter->pos, iter->end, data, len);
		if (!*tag) {
			iter_next_region(iter);
			continue;
		}
		/* Only option 52 in the options field itself counts. */
		if (*tag == DHCP_OVERLOAD && iter->region == 0 && *len >= 1 &&
		    !iter->overload)
			iter->overload = (*data)[0] & (DHCP_OVERLOAD_FILE |
						       DHCP_OVERLOAD_SNAME);
		return 1;
	}
	return 0;
}

int dhcp_find_encap(const uint8_t *encap, size_t len, unsigned int tag,
		    const uint8_t **data)
{
	const uint8_t *value;
	size_t pos = 0;
	size_t optlen;
	unsigned int code;

	while ((code = next_option(encap, &pos, len, &value, &optlen)) != 0) {
		if (code == tag) {
			*data = value;
			return (int)optlen;
		}
	}
	return ERR(ENOENT);
}

int dhcp_find_option(const void *pkt, size_t len, unsigned int tag,
		     const uint8_t **data)
{
	struct dhcp_option_iter iter;
	unsigned int outer = tag > 0xff ? (tag >> 8) : tag;
	unsigned int code;
	const uint8_t *value;
	size_t optlen;

	if (tag > 0xffff || outer == DHCP_PAD || outer >= DHCP_END)
		return ERR(ENOENT);
	dhcp_option_iter_init(&iter, pkt, len);
	while (dhcp_option_iter_next(&iter, &code, &value, &optlen)) {
		if (code != outer)
			continue;
		if (tag > 0xff)
			return dhcp_find_encap(value, optlen, tag & 0xff, data);
		*data = value;
		return (int)optlen;
	}
	return ERR(ENOENT);
}

unsigned int dhcp_message_type(const void *pkt, size_t len)
{
	const uint8_t *data;

	/* Anything but one byte is not a message type. */
	if (dhcp_find_option(pkt, len, DHCP_MESSAGE_TYPE, &data) != 1)
		return 0;
	return data[0];
}

int dhcp_build_request(struct dhcp_builder *builder, void *buf, size_t max,
		       unsigned int msgtype, uint32_t xid,
		       const uint8_t *chaddr)
{
	struct dhcphdr *hdr = buf;
	uint8_t type = (uint8_t)msgtype;

	builder->buf = buf;
	builder->max = max;
	builder->len = 0;
	if (max < DHCP_HDR_LEN)
		return ERR(ENOSPC);
	memset(hdr, 0, DHCP_HDR_LEN);
	hdr->op = BOOTP_REQUEST;
	hdr->htype = BOOTP_HTYPE_ETHER;
	hdr->hlen = 6;
	hdr->xid = xid;
	hdr->flags = htons(BOOTP_FL_BROADCAST);
	memcpy(hdr->chaddr, chaddr, 6);
	hdr->magic = htonl(DHCP_MAGIC);
	builder->len = DHCP_HDR_LEN;
	return dhcp_build_option(builder, DHCP_MESSAGE_TYPE, &type, 1);
}

void dhcp_build_raw(struct dhcp_builder *builder, void *buf, size_t max)
{
	builder->buf = buf;
	builder->max = max;
	builder->len = 0;
}

int dhcp_build_option(struct dhcp_builder *builder, unsigned int tag,
		      const void *data, size_t len)
{
	if (tag == DHCP_PAD || tag >= DHCP_END || len > 0xff)
		return ERR(EINVAL);
	if (builder->max - builder->len < len + 2)
		return ERR(ENOSPC);
	builder->buf[builder->len++] = (uint8_t)tag;
	builder->buf[builder->len++] = (uint8_t)len;
	if (len)
		memcpy(&builder->buf[builder->len], data, len);
	builder->len += len;
	return 0;
}

int dhcp_build_end(struct dhcp_builder *builder)
{
	if (builder->len >= builder->max)
		return ERR(ENOSPC);
	builder->buf[builder->len++] = DHCP_END;
	if (builder->len < BOOTP_MIN_LEN && builder->max >= BOOTP_MIN_LEN) {
		memset(&builder->buf[builder->len], 0,
		       BOOTP_MIN_LEN - builder->len);
		builder->len = BOOTP_MIN_LEN;
	}
	return (int)builder->len;
}
