/*
 * Multiboot v1 kernels on pcbios.  The kernel is loaded from its ELF
 * program headers, or by the header's address kludge when it sets flag
 * 16; every other loaded image never run (so no script) becomes a module,
 * in list order, page-aligned right after the kernel; the information
 * structure (memory sizes, memory map, command line, modules, boot loader
 * name) follows the modules.  Command lines are "<image name>
 * <arguments>", as GRUB gives "<path> <arguments>".  The kernel is entered
 * in flat 32-bit protected mode, paging and interrupts off, with
 * EAX = 0x2BADB002 and EBX = the information structure.
 */
#include <stdio.h>
#include <string.h>
#include <wireboot/multiboot.h>
#include <wireboot/elf.h>
#include <wireboot/errors.h>
#include <wireboot/image.h>
#include <wireboot/init.h>
#include <x86/io.h>
#include <x86/loadmem.h>
#include <x86/memmap.h>

#define ERR_SUBSYS ESUB_IMAGE

#define MIB (1024ULL * 1024)
#define LOWMEM_END 0xa0000
#define PAGE_ALIGN(x) (((x) + LOADMEM_PAGE - 1) & ~(LOADMEM_PAGE - 1))
#define LOADER_NAME "wireboot " WIREBOOT_VERSION

/* Where everything goes. */
struct multiboot_plan {
	struct elf_info kernel;
	unsigned int mods;
	uint64_t mods_start;
	uint64_t info;
	size_t info_len;
};

static int multiboot_probe_type(struct image *image)
{
	struct multiboot_header_info hdr;
	int rc = multiboot_find(image->data, image->len, &hdr);

	/* A header with needs we lack is still ours, to refuse clearly. */
	return err_is(rc, ENOTSUP) ? 0 : rc;
}

/* Length of IMAGE's multiboot string "name args" with its NUL. */
static size_t string_len(const struct image *image)
{
	return strlen(image->name) + 1 +
	       (image->cmdline ? strlen(image->cmdline) + 1 : 0);
}

/* Write IMAGE's multiboot string at TO; returns the bytes written. */
static size_t write_string(char *to, const struct image *image)
{
	strcpy(to, image->name);
	if (image->cmdline) {
		strcat(to, " ");
		strcat(to, image->cmdline);
	}
	return strlen(to) + 1;
}

/* The kernel's segments and entry point into PLAN->kernel. */
static int plan_kernel(struct image *image, struct multiboot_plan *plan)
{
	struct multiboot_header_info hdr;
	struct elf_info *k = &plan->kernel;
	int rc;

	memset(plan, 0, sizeof(*plan));
	rc = multiboot_find(image->data, image->len, &hdr);
	if (err_is(rc, ENOTSUP))
		printf("%s: asks for multiboot features not supported "
		       "(flags %#x)\n", image->name, hdr.flags);
	if (rc != 0)
		return rc;
	if (hdr.flags & MB_FLAG_KLUDGE) {
		rc = multiboot_kludge(image->data, image->len, &hdr,
				      &k->segment[0], &k->entry);
		k->count = 1;
		k->low = k->segment[0].dest;
		k->high = k->low + k->segment[0].memsz;
	} else {
		rc = elf_parse(image->data, image->len, k);
	}
	if (rc != 0) {
		printf("%s: bad multiboot load layout\n", image->name);
		return rc;
	}
	if (k->entry >= (1ULL << 32))
		return ERR(ENOEXEC);
	return loadmem_check_segments(k->segment, k->count);
}

/* Place the modules and the information structure after the kernel. */
static int plan_rest(struct image *image, struct multiboot_plan *plan)
{
	struct image *module;
	uint64_t at = PAGE_ALIGN(plan->kernel.high);
	size_t strings = string_len(image) + sizeof(LOADER_NAME);
	int rc;

	plan->mods_start = at;
	for_each_image(module) {
		if (!image_is_extra(module, image))
			continue;
		if ((rc = loadmem_check(at, at + module->len)) != 0)
			return rc;
		at = PAGE_ALIGN(at + module->len);
		strings += string_len(module);
		plan->mods++;
	}
	plan->info = at;
	plan->info_len = sizeof(struct multiboot_info) +
			 plan->mods * sizeof(struct multiboot_module) +
			 MEMMAP_MAX * sizeof(struct multiboot_mmap) + strings;
	return loadmem_check(plan->info, plan->info + plan->info_len);
}

/* Copy the modules where PLAN put them, filling in their entries. */
static char *load_modules(struct image *image,
			  const struct multiboot_plan *plan,
			  struct multiboot_module *mods, char *strings)
{
	struct image *module;
	uint64_t at = plan->mods_start;

	for_each_image(module) {
		if (!image_is_extra(module, image))
			continue;
		loadmem_copy(at, module->data, module->len, module->len);
		mods->start = (uint32_t)at;
		mods->end = (uint32_t)(at + module->len);
		mods->string = virt_to_phys(strings);
		mods->reserved = 0;
		strings += write_string(strings, module);
		mods++;
		at = PAGE_ALIGN(at + module->len);
	}
	return strings;
}

/* The memory map (as the OS now sees it) and the sizes derived from it. */
static struct multiboot_mmap *fill_memory(struct multiboot_info *info,
					  struct multiboot_mmap *mmap)
{
	static struct memmap map;
	unsigned int i;

	memmap_read(&map);
	info->mmap_addr = virt_to_phys(mmap);
	for (i = 0; i < map.count; i++, mmap++) {
		const struct memmap_region *r = &map.region[i];

		mmap->size = sizeof(*mmap) - sizeof(mmap->size);
		mmap->base = r->start;
		mmap->length = r->end - r->start;
		mmap->type = r->type;
		if (r->type != E820_RAM)
			continue;
		if (r->start == 0)
			info->mem_lower = (uint32_t)(MIN(r->end, LOWMEM_END) /
						     1024);
		if (r->start <= MIB && r->end > MIB)
			info->mem_upper = (uint32_t)(MIN(r->end - MIB,
							 0xffffffffULL * 1024) /
						     1024);
	}
	info->mmap_length = map.count * sizeof(*mmap);
	return mmap;
}

/* Build the information structure at PLAN->info (after shutdown). */
static void build_info(struct image *image, const struct multiboot_plan *plan)
{
	struct multiboot_info *info = phys_to_virt(plan->info);
	struct multiboot_module *mods = (void *)(info + 1);
	char *strings;

	memset(info, 0, sizeof(*info));
	info->flags = MBI_MEMORY | MBI_CMDLINE | MBI_MODS | MBI_MMAP |
		      MBI_LOADER_NAME;
	info->mods_count = plan->mods;
	info->mods_addr = virt_to_phys(mods);
	strings = (char *)fill_memory(info, (void *)(mods + plan->mods));
	strings = load_modules(image, plan, mods, strings);
	info->cmdline = virt_to_phys(strings);
	strings += write_string(strings, image);
	info->boot_loader_name = virt_to_phys(strings);
	strcpy(strings, LOADER_NAME);
}

static int multiboot_exec(struct image *image)
{
	struct multiboot_plan plan;
	int rc;

	if ((rc = plan_kernel(image, &plan)) != 0 ||
	    (rc = plan_rest(image, &plan)) != 0)
		return rc;
	shutdown(SHUTDOWN_BOOT);
	loadmem_load_segments(image->data, plan.kernel.segment,
			      plan.kernel.count);
	build_info(image, &plan);
	boot_jump_flat((uint32_t)plan.kernel.entry, MB_BOOT_MAGIC,
		       (uint32_t)plan.info, 0);
}

static struct image_type multiboot_image_type __image_type = {
	.name = "multiboot",
	.order = 20,
	.probe = multiboot_probe_type,
	.exec = multiboot_exec,
};
