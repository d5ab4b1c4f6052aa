/*
 * Well-known settings: names scripts use ("${ip}", "${filename}", ...) with
 * the types and DHCP option numbers iPXE documents for them, so that a value
 * set by name is found by its option number and the other way round.
 */
#include <wireboot/builtin_settings.h>

const struct setting mac_setting __setting = {
	.name = "mac",	/* MAC address */
	.type = &setting_type_hex,
};

const struct setting ip_setting __setting = {
	.name = "ip",	/* IP address */
	.type = &setting_type_ipv4,
	.tag = DHCP_EB_TAG(2),
};

const struct setting netmask_setting __setting = {
	.name = "netmask",	/* Subnet mask */
	.type = &setting_type_ipv4,
	.tag = 1,
};

const struct setting gateway_setting __setting = {
	.name = "gateway",	/* Default gateway */
	.type = &setting_type_ipv4,
	.tag = 3,
};

const struct setting dns_setting __setting = {
	.name = "dns",	/* DNS server */
	.type = &setting_type_ipv4,
	.tag = 6,
};

const struct setting hostname_setting __setting = {
	.name = "hostname",	/* Host name */
	.type = &setting_type_string,
	.tag = 12,
};

const struct setting domain_setting __setting = {
	.name = "domain",	/* DNS domain */
	.type = &setting_type_string,
	.tag = 15,
};

const struct setting root_path_setting __setting = {
	.name = "root-path",	/* SAN root path */
	.type = &setting_type_string,
	.tag = 17,
};

const struct setting filename_setting __setting = {
	.name = "filename",	/* Boot filename */
	.type = &setting_type_string,
	.tag = 67,
};

const struct setting user_class_setting __setting = {
	.name = "user-class",	/* DHCP user class */
	.type = &setting_type_string,
	.tag = 77,
};

const struct setting next_server_setting __setting = {
	.name = "next-server",	/* TFTP server */
	.type = &setting_type_ipv4,
	.tag = DHCP_EB_TAG(3),
};

const struct setting keep_san_setting __setting = {
	.name = "keep-san",	/* Preserve SAN connection */
	.type = &setting_type_int8,
	.tag = DHCP_EB_TAG(8),
};

const struct setting skip_san_boot_setting __setting = {
	.name = "skip-san-boot",	/* Do not boot from SAN device */
	.type = &setting_type_int8,
	.tag = DHCP_EB_TAG(9),
};

const struct setting username_setting __setting = {
	.name = "username",	/* User name */
	.type = &setting_type_string,
	.tag = DHCP_EB_TAG(190),
};

const struct setting password_setting __setting = {
	.name = "password",	/* Password */
	.type = &setting_type_string,
	.tag = DHCP_EB_TAG(191),
};

const struct setting reverse_username_setting __setting = {
	.name = "reverse-username",	/* Reverse user name */
	.type = &setting_type_string,
	.tag = DHCP_EB_TAG(192),
};

const struct setting reverse_password_setting __setting = {
	.name = "reverse-password",	/* Reverse password */
	.type = &setting_type_string,
	.tag = DHCP_EB_TAG(193),
};

const struct setting initiator_iqn_setting __setting = {
	.name = "initiator-iqn",	/* iSCSI initiator name */
	.type = &setting_type_string,
	.tag = 203,
};
