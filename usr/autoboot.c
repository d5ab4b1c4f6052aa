/*
 * Network boot as a PXE ROM does it, following iPXE's "autoboot": DHCP on
 * each NIC in turn, the PXE menu and boot server discovery when offered,
 * then the boot file and/or the SAN disk the settings name.  The steps
 * run the same commands a script would ("dhcp", "pxebs", "sanhook",
 * "sanboot", "sanunhook"), so they print what those print.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/autoboot.h>
#include <wireboot/builtin_settings.h>
#include <wireboot/command.h>
#include <wireboot/errors.h>
#include <wireboot/image.h>
#include <wireboot/imgmgmt.h>
#include <wireboot/netdevice.h>
#include <wireboot/pxe_menu.h>
#include <wireboot/settings.h>
#include <wireboot/socket.h>
#include <wireboot/uri.h>

#define ERR_SUBSYS ESUB_COMMAND

/*
 * Every build of wireboot carries these bytes (this array); a boot file
 * that holds them is wireboot again.
 */
static const char wireboot_signature[] = "\x7fwireboot-firmware-signature\x7f";

/* Boot files being run by uriboot() calls that have not returned yet. */
#define MAX_NESTED_BOOTS 8
static const char *active_boots[MAX_NESTED_BOOTS];
static unsigned int num_active_boots;

bool image_is_wireboot(const struct image *image)
{
	size_t len = sizeof(wireboot_signature) - 1;
	const char *data = image->data;
	size_t i;

	if (image->len < len)
		return false;
	for (i = 0; i + len <= image->len; i++) {
		if (data[i] == wireboot_signature[0] &&
		    memcmp(&data[i], wireboot_signature, len) == 0)
			return true;
	}
	return false;
}

/* Run command NAME with up to two arguments (NULL ends them). */
static int run(const char *name, const char *arg1, const char *arg2)
{
	char *argv[4] = { (char *)name, (char *)arg1, (char *)arg2, NULL };
	int argc = arg1 ? (arg2 ? 3 : 2) : 1;

	return execv_command(argc, argv);
}

/* Is a uriboot() of FILENAME already running further up? */
static bool boot_is_active(const char *filename)
{
	unsigned int i;

	for (i = 0; i < num_active_boots; i++) {
		if (strcmp(active_boots[i], filename) == 0)
			return true;
	}
	return false;
}

/* Fetch, check and run the boot file FILENAME. */
static int boot_file(const char *filename)
{
	struct image *image;
	int rc;

	if (boot_is_active(filename)) {
		printf("Boot loop: %s is already being booted\n", filename);
		return ERR(ELOOP);
	}
	if (num_active_boots == MAX_NESTED_BOOTS) {
		printf("Boot loop: too many nested boots\n");
		return ERR(ELOOP);
	}
	if ((rc = imgdownload(filename, NULL, NULL, 0, &image)) != 0)
		return rc;
	if (image_is_wireboot(image)) {
		printf("Boot loop: %s is wireboot itself; let the DHCP server "
		       "give user-class iPXE a script instead\n", filename);
		image_unregister(image);
		image_put(image);
		return ERR(ELOOP);
	}
	image->flags |= IMAGE_AUTOFREE;
	active_boots[num_active_boots++] = filename;
	rc = image_exec(image);
	num_active_boots--;
	if (rc != 0 && !err_is(rc, ENOEXIT))
		printf("Could not boot %s: %s\n", image->name, errstr(rc));
	image_put(image);
	return rc;
}

int uriboot(const char *filename, const char *root_path)
{
	unsigned long skip = 0;
	unsigned long keep = 0;
	bool hooked = false;
	int rc = ERR(ENOENT);

	if (root_path) {
		hooked = run("sanhook", root_path, NULL) == 0;
		if (!hooked && !filename)
			return ERR(ENODEV);
	}
	if (filename)
		rc = boot_file(filename);
	if (hooked) {
		fetch_uint_setting(NULL, &skip_san_boot_setting, &skip);
		if (skip) {
			printf("Skipping boot from SAN device (skip-san-boot)\n");
		} else {
			rc = run("sanboot", NULL, NULL);
		}
		fetch_uint_setting(NULL, &keep_san_setting, &keep);
		if (!keep)
			run("sanunhook", NULL, NULL);
	}
	return rc;
}

/*
 * Setting SETTING of the block FROM (NULL = everywhere) as text with any
 * ${...} in it expanded (a fresh string), or NULL when it is not set or
 * empty.  *ORIGIN (may be NULL) gets the block it came from.
 */
static char *fetch_expanded(struct settings *from, const struct setting *setting,
			    struct settings **origin)
{
	struct settings *found = NULL;
	char *raw = NULL;
	char *expanded;

	if (fetch_setting(from, setting, &found, NULL, NULL, 0) <= 0)
		return NULL;
	if (fetchf_setting_copy(found, setting, &raw) <= 0) {
		free(raw);
		return NULL;
	}
	expanded = expand_settings(raw);
	free(raw);
	if (expanded && !*expanded) {
		free(expanded);
		return NULL;
	}
	if (origin)
		*origin = found;
	return expanded;
}

/*
 * The boot file URI the settings name (from the block FROM, NULL =
 * everywhere): ${filename} as an absolute URI, or on the TFTP server
 * ${next-server} of the same block.  NULL when none.
 */
static char *boot_file_uri(struct settings *from)
{
	struct sockaddr_in server = { .sin_family = AF_INET };
	struct settings *origin = NULL;
	struct uri *uri;
	char *filename;
	char *text = NULL;

	filename = fetch_expanded(from, &filename_setting, &origin);
	if (!filename)
		return NULL;
	if (fetch_ipv4_setting(origin, &next_server_setting,
			       &server.sin_addr) <= 0)
		fetch_ipv4_setting(NULL, &next_server_setting,
				   &server.sin_addr);
	uri = pxe_uri((struct sockaddr *)&server, filename);
	if (uri) {
		text = format_uri_alloc(uri);
		uri_put(uri);
	} else {
		printf("No TFTP server for boot file %s\n", filename);
	}
	free(filename);
	return text;
}

/* Offer the PXE menu and ask the chosen boot server for a file. */
static int pxe_menu_boot(struct net_device *netdev)
{
	struct pxe_menu *menu;
	unsigned int type;
	char type_text[8];
	int rc;

	menu = malloc(sizeof(*menu));
	if (!menu)
		return ERR(ENOMEM);
	rc = pxe_menu_fetch(menu);
	if (rc != 0)
		printf("Bad PXE boot menu: %s\n", errstr(rc));
	else
		rc = pxe_menu_select(menu, &type);
	free(menu);
	if (rc != 0)
		return rc;
	snprintf(type_text, sizeof(type_text), "%u", type);
	return run("pxebs", netdev->name, type_text);
}

/* Close every NIC but NETDEV, so that only it answers. */
static void close_other_netdevs(struct net_device *netdev)
{
	struct net_device *other;

	for_each_netdev(other) {
		if (other != netdev)
			netdev_close(other);
	}
}

int netboot(struct net_device *netdev)
{
	struct settings *from = NULL;
	char *filename = NULL;
	char *root_path = NULL;
	int rc;

	close_other_netdevs(netdev);
	if ((rc = run("dhcp", netdev->name, NULL)) != 0)
		return rc;
	if (pxe_menu_wanted()) {
		if ((rc = pxe_menu_boot(netdev)) != 0)
			return rc;
		from = find_settings("pxebs");
	}
	filename = boot_file_uri(from);
	root_path = fetch_expanded(NULL, &root_path_setting, NULL);
	if (!filename && !root_path) {
		printf("No filename or root path specified for %s\n",
		       netdev->name);
		rc = ERR(ENOENT);
	} else {
		rc = uriboot(filename, root_path);
	}
	free(filename);
	free(root_path);
	return rc;
}

int autoboot(struct net_device **netdevs, unsigned int count)
{
	struct net_device *netdev;
	unsigned int i;
	int rc = ERR(ENODEV);

	if (count) {
		for (i = 0; i < count; i++) {
			rc = netboot(netdevs[i]);
			if (rc == 0 || err_is(rc, ECANCELED))
				return rc;
		}
	} else {
		for_each_netdev(netdev) {
			rc = netboot(netdev);
			if (rc == 0 || err_is(rc, ECANCELED))
				return rc;
		}
	}
	printf("No more network devices\n");
	return rc;
}
