/*
 * Features: what this build can do, listed in the start-up banner (and, by
 * the DHCP issue, in option 175).  A module that provides a feature says so
 * with an entry in the "features" table.
 */
#ifndef WIREBOOT_FEATURE_H
#define WIREBOOT_FEATURE_H

#include <wireboot/tables.h>

struct feature {
	/* Name shown in the banner, e.g. "HTTP". */
	const char *name;
	/* Its DHCP option 175 sub-option (DHCP_EB_FEATURE_*), 0 if none. */
	uint8_t dhcp_code;
	/* The value sent in that sub-option (the feature's version, >= 1). */
	uint8_t dhcp_version;
};
DECLARE_TABLE(features, const struct feature);
#define __feature __table_entry(features, struct feature)

/* Declare that this build provides feature NAME (a string literal). */
#define FEATURE(id, feature_name)                                           \
	static const struct feature feature_##id __feature = { feature_name }

/*
 * As FEATURE(), and announce it to DHCP servers as option 175 sub-option
 * CODE (a DHCP_EB_FEATURE_* from <wireboot/dhcp.h>) with value VERSION.
 */
#define DHCP_FEATURE(id, feature_name, code, version)                       \
	static const struct feature feature_##id __feature =                \
		{ feature_name, code, version }

#endif
