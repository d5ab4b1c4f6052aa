/*
 * What the BIOS firmware tells DHCP servers it is (options 60, 93, 94): an
 * x86 BIOS PXE client (architecture 0) with a PXE 2.1 UNDI, so servers send
 * it BIOS boot files: "PXEClient:Arch:00000:UNDI:002001".
 */
#include <wireboot/dhcp.h>

const struct dhcp_arch dhcp_arch = {
	.arch = 0,
	.undi_major = 2,
	.undi_minor = 1,
};
