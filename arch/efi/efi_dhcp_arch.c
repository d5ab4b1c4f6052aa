/*
 * What the EFI build tells DHCP servers it is (options 60, 93, 94): an x64
 * UEFI client (RFC 4578 architecture 7) with a UNDI 3.10 network interface,
 * so servers send it EFI boot files: "PXEClient:Arch:00007:UNDI:003010".
 */
#include <wireboot/dhcp.h>

const struct dhcp_arch dhcp_arch = {
	.arch = 7,
	.undi_major = 3,
	.undi_minor = 10,
};
