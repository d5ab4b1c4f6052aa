/*
 * The options every DHCP request of ours carries, so that servers see a
 * PXE 2.1 client (60, 93, 94, 97) that is also iPXE-compatible (77 "iPXE",
 * 175 feature list): the recipes that tell a firmware's first request from
 * the chainloaded one match on exactly these bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/builtin_settings.h>
#include <wireboot/dhcp.h>
#include <wireboot/errors.h>
#include <wireboot/feature.h>
#include <wireboot/netdevice.h>
#include <wireboot/smbios.h>
#include <wireboot/uuid.h>

#define ERR_SUBSYS ESUB_DHCP

/* What we ask servers for (option 55), as iPXE does. */
static const uint8_t dhcp_request_list[] = {
	DHCP_NETMASK, DHCP_ROUTERS, DHCP_DNS, DHCP_HOST_NAME,
	DHCP_DOMAIN_NAME, DHCP_ROOT_PATH, 26 /* MTU */, DHCP_VENDOR_ENCAP,
	DHCP_VENDOR_CLASS_ID, DHCP_TFTP_SERVER_NAME, DHCP_BOOTFILE_NAME,
	119 /* domain search */, 121 /* classless routes */,
	128, 129, 130, 131, 132, 133, 134, 135 /* PXE vendor-specific */,
	DHCP_EB_ENCAP, 203 /* iSCSI initiator IQN */,
};

/* The user class sent when ${user-class} is unset. */
static const char default_user_class[] = "iPXE";

void dhcp_client_uuid(struct net_device *netdev, uint8_t uuid[16])
{
	/*
	 * ${uuid} is kept in canonical order; PXE puts the first three fields
	 * little-endian on the wire, as SMBIOS 2.6+ stores them.  Without one,
	 * the GUID RIS/BINL and WDS expect from a machine that has none: ten
	 * zero bytes then the MAC.  Mangling would only swap the zero bytes, so
	 * the derived value reads the same in both orders, e.g.
	 * 00000000-0000-0000-0000-525400123456 (pxelinux prints exactly this).
	 */
	if (fetch_uuid_setting(NULL, &smbios_uuid_setting, uuid) == UUID_LEN) {
		uuid_mangle(uuid);
		return;
	}
	memset(uuid, 0, 10);
	memcpy(uuid + 10, netdev->ll_addr, 6);
}

/* Add option 175: one sub-option per feature this build has, by code. */
static int add_features(struct dhcp_builder *builder)
{
	uint8_t buf[64];
	struct dhcp_builder encap;
	const struct feature *feature;
	unsigned int code;
	const char *text = WIREBOOT_VERSION;
	char *end;
	uint8_t version[3];
	unsigned int i;
	int rc;

	dhcp_build_raw(&encap, buf, sizeof(buf));
	/* Ascending codes, so the option reads the same on every build. */
	for (code = 1; code < DHCP_EB_VERSION; code++) {
		for_each_table_entry(feature, features) {
			if (feature->dhcp_code != code)
				continue;
			rc = dhcp_build_option(&encap, code,
					       &feature->dhcp_version, 1);
			if (rc != 0)
				return rc;
			break;
		}
	}
	/* "MAJOR.MINOR.PATCH" as three bytes. */
	for (i = 0; i < sizeof(version); i++) {
		version[i] = (uint8_t)strtoul(text, &end, 10);
		text = (*end == '.') ? end + 1 : end;
	}
	rc = dhcp_build_option(&encap, DHCP_EB_VERSION, version,
			       sizeof(version));
	if (rc != 0)
		return rc;
	return dhcp_build_option(builder, DHCP_EB_ENCAP, buf, encap.len);
}

int dhcp_build_client_options(struct dhcp_builder *builder,
			      struct net_device *netdev)
{
	char vendor_class[40];
	char user_class[64];
	uint16_t max_size = htons(DHCP_MAX_LEN);
	uint16_t arch = htons(dhcp_arch.arch);
	uint8_t ndi[3] = { 1, dhcp_arch.undi_major, dhcp_arch.undi_minor };
	uint8_t client_id[7];
	uint8_t uuid[17];
	int len;
	int rc;

	snprintf(vendor_class, sizeof(vendor_class),
		 "PXEClient:Arch:%05u:UNDI:%03u%03u", dhcp_arch.arch,
		 dhcp_arch.undi_major, dhcp_arch.undi_minor);
	len = fetch_string_setting(NULL, &user_class_setting, user_class,
				   sizeof(user_class));
	if (len <= 0 || (size_t)len >= sizeof(user_class))
		strcpy(user_class, default_user_class);
	client_id[0] = BOOTP_HTYPE_ETHER;
	memcpy(client_id + 1, netdev->ll_addr, 6);
	uuid[0] = 0;
	dhcp_client_uuid(netdev, uuid + 1);

	if ((rc = dhcp_build_option(builder, DHCP_MAX_MESSAGE_SIZE, &max_size,
				    sizeof(max_size))) != 0 ||
	    (rc = dhcp_build_option(builder, DHCP_PARAMETER_REQUEST,
				    dhcp_request_list,
				    sizeof(dhcp_request_list))) != 0 ||
	    (rc = dhcp_build_option(builder, DHCP_VENDOR_CLASS_ID,
				    vendor_class, strlen(vendor_class))) != 0 ||
	    (rc = dhcp_build_option(builder, DHCP_CLIENT_ID, client_id,
				    sizeof(client_id))) != 0 ||
	    (rc = dhcp_build_option(builder, DHCP_USER_CLASS, user_class,
				    strlen(user_class))) != 0 ||
	    (rc = dhcp_build_option(builder, DHCP_CLIENT_ARCH, &arch,
				    sizeof(arch))) != 0 ||
	    (rc = dhcp_build_option(builder, DHCP_CLIENT_NDI, ndi,
				    sizeof(ndi))) != 0 ||
	    (rc = dhcp_build_option(builder, DHCP_CLIENT_UUID, uuid,
				    sizeof(uuid))) != 0)
		return rc;
	return add_features(builder);
}
