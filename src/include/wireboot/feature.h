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
};
DECLARE_TABLE(features, const struct feature);
#define __feature __table_entry(features, struct feature)

/* Declare that this build provides feature NAME (a string literal). */
#define FEATURE(id, feature_name)                                           \
	static const struct feature feature_##id __feature = { feature_name }

#endif
