/*
 * Well-known settings that scripts and protocols share by name ("${ip}",
 * "${filename}", ...), with the types and DHCP option numbers iPXE gives
 * them (src/core/builtin_settings.c).  Encapsulated options under 175 are
 * tagged (175 << 8) | n.
 */
#ifndef WIREBOOT_BUILTIN_SETTINGS_H
#define WIREBOOT_BUILTIN_SETTINGS_H

#include <wireboot/settings.h>

/* DHCP option 175 (iPXE encapsulated options) sub-option N as a tag. */
#define DHCP_EB_TAG(n) ((175U << 8) | (n))

extern const struct setting mac_setting;		/* hex, no tag */
extern const struct setting ip_setting;			/* ipv4, 175.2 (yiaddr) */
extern const struct setting netmask_setting;		/* ipv4, 1 */
extern const struct setting gateway_setting;		/* ipv4, 3 */
extern const struct setting dns_setting;		/* ipv4, 6 */
extern const struct setting hostname_setting;		/* string, 12 */
extern const struct setting domain_setting;		/* string, 15 */
extern const struct setting root_path_setting;		/* string, 17 */
extern const struct setting filename_setting;		/* string, 67 */
extern const struct setting user_class_setting;		/* string, 77 */
extern const struct setting next_server_setting;	/* ipv4, 175.3 (siaddr) */
extern const struct setting keep_san_setting;		/* int8, 175.8 */
extern const struct setting skip_san_boot_setting;	/* int8, 175.9 */
extern const struct setting username_setting;		/* string, 175.190 */
extern const struct setting password_setting;		/* string, 175.191 */
extern const struct setting reverse_username_setting;	/* string, 175.192 */
extern const struct setting reverse_password_setting;	/* string, 175.193 */
extern const struct setting initiator_iqn_setting;	/* string, 203 */

#endif
