/*
 * Core-side start of the hosted platform: gives the heap its memory, turns
 * the command-line options into what firmware would have found (a script
 * image, SMBIOS values, NICs as net0, net1, ... in the order given) and
 * runs the shared start-up flow.
 */
#include <stdio.h>
#include <string.h>
#include <wireboot/platform.h>
#include <wireboot/malloc.h>
#include <wireboot/image.h>
#include <wireboot/init.h>
#include <wireboot/shell.h>
#include <wireboot/errors.h>
#include <wireboot/smbios.h>
#include <wireboot/uuid.h>
#include "host.h"

#define ERR_SUBSYS ESUB_LINUX

/* Heap size: room for large downloads; pages are only used when touched. */
#define HOSTED_HEAP_SIZE (1024UL * 1024 * 1024)

/* Load FILE as the image the start-up flow runs first. */
static int load_script(const char *file)
{
	struct image *image;
	const char *base = strrchr(file, '/');
	void *data;
	size_t len;
	int err;
	int rc;

	err = host_read_file(file, &data, &len);
	if (err) {
		printf("Could not read %s: %s\n", file, host_strerror(err));
		return ERR(ENOENT);
	}
	image = image_alloc(base ? base + 1 : file, data, len);
	host_free(data);
	if (!image)
		return ERR(ENOMEM);
	image->source = strdup(file);
	rc = image_register(image);
	image_put(image);
	return rc;
}

/* Append string STR to the string set at *END, returning its index (0 if none). */
static uint8_t add_smbios_string(char **end, const char *str, uint8_t *count)
{
	size_t len;

	if (!str || !*str)
		return 0;
	len = strlen(str) + 1;
	memcpy(*end, str, len);
	*end += len;
	return ++*count;
}

/* The SMBIOS table synthesised from the options, if any. */
static char smbios_table[1024];
static size_t smbios_table_len;

/*
 * Build an SMBIOS 2.8 table with a type 1 (System Information) structure
 * from the --smbios-* options, for the same parser firmware uses.
 */
static int synthesise_smbios(const struct host_options *options)
{
	char *table = smbios_table;
	char *end;
	uint8_t count = 0;
	uint8_t uuid[16];
	int rc;

	if (!options->smbios_uuid && !options->smbios_manufacturer &&
	    !options->smbios_product && !options->smbios_serial)
		return 0;
	if (strlen(options->smbios_manufacturer ? options->smbios_manufacturer : "") +
	    strlen(options->smbios_product ? options->smbios_product : "") +
	    strlen(options->smbios_serial ? options->smbios_serial : "") >
	    sizeof(smbios_table) - 64)
		return ERR(E2BIG);
	memset(table, 0, sizeof(smbios_table));
	memset(uuid, 0, sizeof(uuid));
	if (options->smbios_uuid) {
		if ((rc = uuid_parse(options->smbios_uuid, uuid)) != 0) {
			printf("Invalid --smbios-uuid '%s': %s\n",
			       options->smbios_uuid, errstr(rc));
			return rc;
		}
		/* SMBIOS 2.6 and later store the first three fields little-endian. */
		uuid_mangle(uuid);
	}
	table[0] = 1;		/* type: System Information */
	table[1] = 0x1b;	/* length of the formatted area */
	table[2] = 0x00;	/* handle */
	table[3] = 0x01;
	end = table + 0x1b;
	table[4] = (char)add_smbios_string(&end, options->smbios_manufacturer, &count);
	table[5] = (char)add_smbios_string(&end, options->smbios_product, &count);
	table[7] = (char)add_smbios_string(&end, options->smbios_serial, &count);
	memcpy(table + 8, uuid, sizeof(uuid));
	table[0x18] = 0x06;	/* wake-up type: power switch */
	if (!count)
		*end++ = '\0';
	*end++ = '\0';
	end[0] = 127;		/* type: End of Table */
	end[1] = 4;
	end[2] = 0x01;
	end[3] = 0x01;
	end += 6;		/* formatted area and an empty string set */
	smbios_table_len = (size_t)(end - table);
	return 0;
}

/* Init hook: publish the synthesised SMBIOS values as settings. */
static void hosted_smbios_init(void)
{
	int rc;

	if (!smbios_table_len)
		return;
	rc = smbios_register_settings(smbios_table, smbios_table_len, 2, 8);
	if (rc != 0)
		printf("Could not use the SMBIOS values: %s\n", errstr(rc));
}

static struct init_fn hosted_smbios_init_fn __init_fn = {
	.order = INIT_NORMAL,
	.init = hosted_smbios_init,
};

int linux_start(const struct host_options *options)
{
	void *heap = host_heap_memory(HOSTED_HEAP_SIZE);
	unsigned int i;
	int rc;

	if (!heap) {
		host_write_stdout("wireboot: no memory for the heap\n", 33);
		return 1;
	}
	heap_add_region(heap, HOSTED_HEAP_SIZE);
	if ((rc = synthesise_smbios(options)) != 0)
		return 2;
	for (i = 0; i < options->num_netdevs; i++) {
		if ((rc = linux_register_netdev(&options->netdevs[i])) != 0) {
			printf("Could not add --netdev %s: %s\n",
			       options->netdevs[i].ifname, errstr(rc));
			return 2;
		}
	}
	/* A process opens its shell; "autoboot" at the prompt boots. */
	startup_options.autoboot = false;
	if (options->script) {
		startup_options.banner = false;
		startup_options.shell_after_script = false;
		if ((rc = load_script(options->script)) != 0)
			return 2;
	}
	return exit_status(wireboot_main());
}
