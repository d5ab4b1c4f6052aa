/*
 * What the hosted build tells DHCP servers it is (options 60, 93, 94).  It
 * has no firmware of its own, so it presents itself exactly as the BIOS
 * build does (architecture 0, UNDI 2.1): the tests that check the bytes of
 * these options against a real server then check what BIOS machines send.
 */
#include <wireboot/dhcp.h>

const struct dhcp_arch dhcp_arch = {
	.arch = 0,
	.undi_major = 2,
	.undi_minor = 1,
};
