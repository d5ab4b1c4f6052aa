/*
 * The "memmap" command (EFI): the firmware's memory map as GetMemoryMap()
 * gives it now, one range a line with its EFI memory type, as an OS loader
 * would see it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/errors.h>
#include "efi_wireboot.h"

#define ERR_SUBSYS ESUB_EFI

#define EFI_PAGE 4096

static const struct command_spec memmap_spec =
	COMMAND_SPEC_NO_OPTIONS(0, 0, NULL);

/* Names of the EFI memory types, by number. */
static const char *const memory_types[] = {
	"reserved", "loader-code", "loader-data", "bs-code", "bs-data",
	"rt-code", "rt-data", "free", "unusable", "acpi-reclaim",
	"acpi-nvs", "mmio", "mmio-port", "pal-code", "persistent",
};

/* Read the current memory map into a fresh allocation. */
static int read_memory_map(EFI_MEMORY_DESCRIPTOR **map, UINTN *size,
			   UINTN *desc_size)
{
	UINTN key;
	UINT32 version;
	EFI_STATUS status;

	*map = NULL;
	*size = 0;
	do {
		free(*map);
		/* Room for the entries the allocation itself may add. */
		*size += 8 * sizeof(EFI_MEMORY_DESCRIPTOR);
		*map = malloc(*size);
		if (!*map)
			return ERR(ENOMEM);
		status = efi_bs->GetMemoryMap(size, *map, &key, desc_size,
					      &version);
	} while (status == EFI_BUFFER_TOO_SMALL);
	if (status != EFI_SUCCESS) {
		free(*map);
		*map = NULL;
		return efi_error(status);
	}
	return 0;
}

static int memmap_exec(int argc, char **argv)
{
	EFI_MEMORY_DESCRIPTOR *map, *desc;
	UINTN size, desc_size, off;
	uint64_t end;
	int rc;

	if ((rc = parse_options(argc, argv, &memmap_spec, NULL)) < 0)
		return rc;
	if ((rc = read_memory_map(&map, &size, &desc_size)) != 0) {
		printf("memmap: %s\n", errstr(rc));
		return rc;
	}
	printf("EFI memory map:\n");
	for (off = 0; off + desc_size <= size; off += desc_size) {
		desc = (EFI_MEMORY_DESCRIPTOR *)((char *)map + off);
		end = desc->PhysicalStart + desc->NumberOfPages * EFI_PAGE;
		printf("  %016llx-%016llx %s\n",
		       (unsigned long long)desc->PhysicalStart,
		       (unsigned long long)end,
		       desc->Type < ARRAY_SIZE(memory_types) ?
		       memory_types[desc->Type] : "other");
	}
	free(map);
	return 0;
}

struct command memmap_command __command = {
	.name = "memmap",
	.exec = memmap_exec,
};
