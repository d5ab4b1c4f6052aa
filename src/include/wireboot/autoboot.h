/*
 * Booting from the network the way a PXE ROM (and iPXE's "autoboot")
 * does: for each NIC, DHCP, the PXE boot menu and boot server discovery
 * when the server offers them, then the boot file ${filename} (a bare
 * name meaning tftp://${next-server}/name) and/or the SAN disk
 * ${root-path}.  Our DHCP requests carry user-class "iPXE" (option 77)
 * so that servers can answer us with a script instead of an NBP; a boot
 * file that is wireboot itself (a server not making that distinction) or
 * a URI that is already being booted is refused as a boot loop.
 */
#ifndef WIREBOOT_AUTOBOOT_H
#define WIREBOOT_AUTOBOOT_H

#include <wireboot/compiler.h>

struct net_device;
struct image;

/*
 * Boot from FILENAME (an absolute URI, or NULL) and/or ROOT_PATH (a SAN
 * URI, or NULL), as iPXE does: the SAN disk is attached first (so the
 * boot file can use it), the boot file is fetched and run, then unless
 * ${skip-san-boot} is set the SAN disk is booted; the disk is detached
 * again afterwards unless ${keep-san} is set.  Returns only when nothing
 * took the machine over: 0 if the boot file ran and came back with
 * success (and no SAN boot was tried), else the error (already shown).
 */
int uriboot(const char *filename, const char *root_path);

/*
 * Boot from NETDEV: open it (closing every other NIC), configure it by
 * DHCP, go through the PXE menu and "pxebs" when offered, and boot what
 * the settings name (uriboot()).  ERR(ENOENT) with a message when DHCP
 * named nothing to boot.
 */
int netboot(struct net_device *netdev);

/*
 * Try netboot() on each of the COUNT devices at NETDEVS (every device,
 * in order, when COUNT is 0) until one boots.  Ctrl-C during DHCP or at
 * the PXE prompt stops the whole attempt.  Prints "No more network
 * devices" when every device failed and returns the last error.
 */
int autoboot(struct net_device **netdevs, unsigned int count);

/*
 * Is IMAGE a build of wireboot (it carries the signature every build
 * has)?  Chaining one from autoboot would boot the same way again.
 */
bool image_is_wireboot(const struct image *image);

#endif
