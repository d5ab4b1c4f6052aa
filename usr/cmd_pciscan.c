/*
 * pciscan, as iPXE documents it, plus a listing:
 *
 *   pciscan <setting>   store in SETTING (as uint16) the bus:dev.fn of the
 *                       next PCI function after the one SETTING holds (the
 *                       first if it is empty); fail silently after the last:
 *                           :scan pciscan addr || goto done
 *                           echo found ${addr}
 *                           goto scan
 *   pciscan             list every function found at start-up, one a line:
 *                           00:03.0 8086:100e (020000) e1000 Intel 82540EM
 *                       bus:dev.fn, vendor:device, class code, and the
 *                       driver bound to it with the chip it matched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/settings.h>
#include <wireboot/pci.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

static const struct command_spec pciscan_spec =
	COMMAND_SPEC_NO_OPTIONS(0, 1, "[<setting>]");

/* Print one line per function found at start-up. */
static void pciscan_list(void)
{
	struct pci_device *pci;

	for_each_pci_device(pci) {
		printf("%02x:%02x.%x %04x:%04x (%06x)", PCI_BUS(pci->busdevfn),
		       PCI_SLOT(pci->busdevfn), PCI_FUNC(pci->busdevfn),
		       pci->vendor, pci->device, (unsigned int)pci->class);
		if (pci->driver)
			printf(" %s %s", pci->driver->name,
			       pci->id->description);
		printf("\n");
	}
}

/* Advance the setting NAME to the next function; 0 or an error. */
static int pciscan_next(const char *command, const char *name)
{
	struct settings *settings;
	struct setting setting;
	struct pci_device pci;
	unsigned long value;
	char text[8];
	char *copy;
	int busdevfn = -1;
	int rc;

	copy = strdup(name);
	if (!copy)
		return ERR(ENOMEM);
	rc = parse_setting_name(copy, &settings, &setting);
	if (rc != 0) {
		printf("%s: bad setting name \"%s\": %s\n", command, name,
		       errstr(rc));
		goto out;
	}
	if (!setting.type)
		setting.type = &setting_type_uint16;
	if (fetch_uint_setting(settings, &setting, &value) >= 0)
		busdevfn = (int)(value & 0xffff);
	rc = pci_find_next(&pci, &busdevfn);
	if (rc != 0)
		goto out;
	snprintf(text, sizeof(text), "%u", (unsigned int)busdevfn);
	rc = storef_setting(settings, &setting, text);
	if (rc != 0)
		printf("%s: cannot store \"%s\": %s\n", command, name,
		       errstr(rc));
out:
	free(copy);
	return rc;
}

static int pciscan_exec(int argc, char **argv)
{
	int first;

	first = parse_options(argc, argv, &pciscan_spec, NULL);
	if (first < 0)
		return first;
	if (first == argc) {
		pciscan_list();
		return 0;
	}
	return pciscan_next(argv[0], argv[first]);
}

struct command pciscan_command __command = {
	.name = "pciscan",
	.exec = pciscan_exec,
};
