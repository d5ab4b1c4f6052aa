/*
 * A received DHCP packet as a read-only settings block ("net0.dhcp",
 * "proxydhcp", "pxebs"): fetching a setting looks its tag up in the stored
 * packet, so every option the server sent is readable ("${66}", "${43.8}")
 * and the well-known names map onto them ("${netmask}" is option 1).
 * Header fields answer the settings iPXE numbers for them: "ip" (175.2) is
 * yiaddr, "next-server" (175.3) is siaddr, "filename" (67) falls back to
 * the file field and option 66 to the sname field when those fields do not
 * carry options.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/builtin_settings.h>
#include <wireboot/dhcp.h>
#include <wireboot/errors.h>
#include <wireboot/settings.h>

#define ERR_SUBSYS ESUB_DHCP

struct dhcp_settings {
	struct refcnt refcnt;
	struct settings settings;
	size_t len;
	uint8_t pkt[];
};

static struct dhcp_settings *to_dhcp(struct settings *settings)
{
	return container_of(settings, struct dhcp_settings, settings);
}

/* Copy the LEN bytes at SRC into DATA (of MAX bytes); returns LEN. */
static int give(void *data, size_t max, const void *src, size_t len)
{
	if (data)
		memcpy(data, src, MIN(max, len));
	return (int)len;
}

/* Option 52 of the stored packet (0 when absent). */
static unsigned int overload_of(struct dhcp_settings *dhcp)
{
	const uint8_t *value;

	if (dhcp_find_option(dhcp->pkt, dhcp->len, DHCP_OVERLOAD, &value) < 1)
		return 0;
	return value[0];
}

/* A NUL-padded header field as a string value, or ERR(ENOENT) if empty. */
static int give_field(void *data, size_t max, const char *field,
		      size_t field_len)
{
	size_t len = strnlen(field, field_len);

	if (!len)
		return ERR(ENOENT);
	return give(data, max, field, len);
}

/* Only DHCP-numbered settings can come from a packet. */
static int dhcp_applies(struct settings *settings,
			const struct setting *setting)
{
	return setting->tag && !setting->scope;
}

static int dhcp_fetch(struct settings *settings, struct setting *setting,
		      void *data, size_t len)
{
	struct dhcp_settings *dhcp = to_dhcp(settings);
	const struct dhcphdr *hdr = (const void *)dhcp->pkt;
	const uint8_t *value;
	int optlen;

	if (setting->tag == ip_setting.tag) {
		if (!hdr->yiaddr)
			return ERR(ENOENT);
		return give(data, len, &hdr->yiaddr, sizeof(hdr->yiaddr));
	}
	if (setting->tag == next_server_setting.tag) {
		if (!hdr->siaddr)
			return ERR(ENOENT);
		return give(data, len, &hdr->siaddr, sizeof(hdr->siaddr));
	}
	optlen = dhcp_find_option(dhcp->pkt, dhcp->len, setting->tag, &value);
	if (optlen >= 0)
		return give(data, len, value, (size_t)optlen);
	if (setting->tag == DHCP_BOOTFILE_NAME &&
	    !(overload_of(dhcp) & DHCP_OVERLOAD_FILE))
		return give_field(data, len, hdr->file, sizeof(hdr->file));
	if (setting->tag == DHCP_TFTP_SERVER_NAME &&
	    !(overload_of(dhcp) & DHCP_OVERLOAD_SNAME))
		return give_field(data, len, hdr->sname, sizeof(hdr->sname));
	return ERR(ENOENT);
}

/* The well-known setting with TAG, or a bare tag in TEMP. */
static const struct setting *setting_for_tag(unsigned int tag,
					     struct setting *temp)
{
	const struct setting *setting;

	for_each_table_entry(setting, settings) {
		if (setting->tag == tag && !setting->scope)
			return setting;
	}
	memset(temp, 0, sizeof(*temp));
	temp->tag = tag;
	temp->type = &setting_type_hex;
	return temp;
}

/* List what the packet holds: header-derived values, then each option. */
static void dhcp_enumerate(struct settings *settings,
			   void (*fn)(struct settings *settings,
				      const struct setting *setting,
				      void *ctx),
			   void *ctx)
{
	struct dhcp_settings *dhcp = to_dhcp(settings);
	const struct dhcphdr *hdr = (const void *)dhcp->pkt;
	struct dhcp_option_iter iter;
	struct setting temp;
	struct setting filename = filename_setting;
	const uint8_t *value;
	unsigned int tag;
	size_t optlen;

	if (hdr->yiaddr)
		fn(settings, &ip_setting, ctx);
	if (hdr->siaddr)
		fn(settings, &next_server_setting, ctx);
	dhcp_option_iter_init(&iter, dhcp->pkt, dhcp->len);
	while (dhcp_option_iter_next(&iter, &tag, &value, &optlen)) {
		if (tag == DHCP_OVERLOAD)
			continue;
		fn(settings, setting_for_tag(tag, &temp), ctx);
	}
	if (dhcp_find_option(dhcp->pkt, dhcp->len, DHCP_BOOTFILE_NAME,
			     &value) < 0 &&
	    dhcp_fetch(settings, &filename, NULL, 0) >= 0)
		fn(settings, &filename_setting, ctx);
}

static const struct settings_operations dhcp_settings_operations = {
	.applies = dhcp_applies,
	.fetch = dhcp_fetch,
	.enumerate = dhcp_enumerate,
};

void dhcp_unpublish(struct settings *parent, const char *name)
{
	struct settings *old = find_child_settings(parent, name);

	if (old && old->op == &dhcp_settings_operations)
		unregister_settings(old);
}

int dhcp_publish(struct settings *parent, const char *name, const void *pkt,
		 size_t len)
{
	struct dhcp_settings *dhcp;
	struct settings *old;
	int rc;

	if ((rc = dhcp_packet_check(pkt, len)) != 0)
		return rc;
	dhcp = zalloc(sizeof(*dhcp) + len);
	if (!dhcp)
		return ERR(ENOMEM);
	ref_init(&dhcp->refcnt, NULL);
	settings_init(&dhcp->settings, &dhcp_settings_operations,
		      &dhcp->refcnt, NULL);
	memcpy(dhcp->pkt, pkt, len);
	dhcp->len = len;
	old = find_child_settings(parent, name);
	if (old)
		unregister_settings(old);
	rc = register_settings(&dhcp->settings, parent, name);
	ref_put(&dhcp->refcnt);
	return rc;
}

int dhcp_packet_of(struct settings *parent, const char *name,
		   const void **pkt, size_t *len)
{
	struct settings *settings = find_child_settings(parent, name);
	struct dhcp_settings *dhcp;

	if (!settings || settings->op != &dhcp_settings_operations)
		return ERR(ENOENT);
	dhcp = to_dhcp(settings);
	*pkt = dhcp->pkt;
	*len = dhcp->len;
	return 0;
}
