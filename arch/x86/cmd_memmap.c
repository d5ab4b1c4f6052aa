/*
 * The "memmap" command (pcbios): the memory map an OS would get from
 * INT 15h E820 now, read through the interrupt vector like any loader does
 * (so it shows wireboot's own memory as reserved while it is resident),
 * and where wireboot lives.
 */
#include <stdio.h>
#include <string.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <x86/memmap.h>
#include <x86/realmode.h>

#define SMAP 0x534d4150
#define BDA_FBMS 0x413

static const struct command_spec memmap_spec =
	COMMAND_SPEC_NO_OPTIONS(0, 0, NULL);

static int memmap_exec(int argc, char **argv)
{
	struct {
		uint64_t start, len;
		uint32_t type, attr;
	} __packed *record = rm_ptr(rm_buffer);
	struct bios_regs regs;
	uint32_t next = 0;
	unsigned int count = 0;
	int rc;

	if ((rc = parse_options(argc, argv, &memmap_spec, NULL)) < 0)
		return rc;
	do {
		memset(&regs, 0, sizeof(regs));
		memset(record, 0, sizeof(*record));
		regs.eax = 0xe820;
		regs.edx = SMAP;
		regs.ebx = next;
		regs.ecx = 20;
		regs.es = rm_seg();
		regs.di = (uint16_t)(uintptr_t)rm_buffer;
		if (realmode_int(0x15, &regs) != 0 || regs.eax != SMAP)
			break;
		printf("  %016llx-%016llx %s\n",
		       (unsigned long long)record->start,
		       (unsigned long long)(record->start + record->len - 1),
		       memmap_type_name(record->type));
		count++;
		next = regs.ebx;
	} while (next && count < MEMMAP_MAX);
	if (!count)
		printf("  (no E820 map)\n");
	printf("wireboot: %08x-%08x, base memory below %05x\n",
	       (unsigned int)wireboot_mem_start,
	       (unsigned int)(wireboot_mem_end - 1),
	       (unsigned int)(*(uint16_t *)phys_to_virt(BDA_FBMS) * 1024U));
	return 0;
}

struct command memmap_command __command = {
	.name = "memmap",
	.exec = memmap_exec,
};
