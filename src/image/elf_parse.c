/*
 * Parsing ELF32/ELF64 executables (see <wireboot/elf.h>): the file header,
 * the program headers and their PT_LOAD segments, all bounds-checked
 * against the image, so a truncated or hostile file is refused here.
 */
#include <string.h>
#include <wireboot/elf.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_IMAGE

#define EI_CLASS 4
#define EI_DATA 5
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define EM_386 3
#define EM_X86_64 62
#define PT_LOAD 1

/* Field offsets and sizes that differ between the two classes. */
struct elf_layout {
	size_t ehdr_size;
	size_t e_entry, e_phoff, e_phentsize, e_phnum;
	size_t phdr_size;
	size_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz;
	unsigned int machine;
};

static const struct elf_layout layout32 = {
	.ehdr_size = 52, .e_entry = 24, .e_phoff = 28, .e_phentsize = 42,
	.e_phnum = 44, .phdr_size = 32, .p_offset = 4, .p_vaddr = 8,
	.p_paddr = 12, .p_filesz = 16, .p_memsz = 20, .machine = EM_386,
};

static const struct elf_layout layout64 = {
	.ehdr_size = 64, .e_entry = 24, .e_phoff = 32, .e_phentsize = 54,
	.e_phnum = 56, .phdr_size = 56, .p_offset = 8, .p_vaddr = 16,
	.p_paddr = 24, .p_filesz = 32, .p_memsz = 40, .machine = EM_X86_64,
};

/* A 32- or 64-bit field at P, as the class says. */
static uint64_t field(const uint8_t *p, unsigned int bits)
{
	if (bits == 32)
		return get_le32(p);
	return get_le32(p) | ((uint64_t)get_le32(p + 4) << 32);
}

bool elf_probe(const void *data, size_t len)
{
	return len >= 4 && memcmp(data, "\177ELF", 4) == 0;
}

/* Add the program header at PH to INFO if it is a PT_LOAD segment. */
static int add_segment(const uint8_t *ph, const struct elf_layout *l,
		       size_t len, struct elf_info *info, uint64_t *vaddr)
{
	struct load_segment *seg;
	uint64_t offset = field(ph + l->p_offset, info->bits);
	uint64_t filesz = field(ph + l->p_filesz, info->bits);
	uint64_t memsz = field(ph + l->p_memsz, info->bits);
	uint64_t paddr = field(ph + l->p_paddr, info->bits);

	if (get_le32(ph) != PT_LOAD)
		return 0;
	if (offset > len || filesz > len - offset || filesz > memsz ||
	    paddr + memsz < paddr)
		return ERR(ENOEXEC);
	if (info->count == ELF_MAX_SEGMENTS)
		return ERR(E2BIG);
	*vaddr = field(ph + l->p_vaddr, info->bits);
	seg = &info->segment[info->count++];
	seg->dest = paddr;
	seg->offset = (size_t)offset;
	seg->filesz = (size_t)filesz;
	seg->memsz = memsz;
	if (info->count == 1 || paddr < info->low)
		info->low = paddr;
	if (paddr + memsz > info->high)
		info->high = paddr + memsz;
	return 0;
}

int elf_parse(const void *data, size_t len, struct elf_info *info)
{
	const uint8_t *bytes = data;
	const struct elf_layout *l;
	uint64_t entry, phoff, vaddr;
	unsigned int phentsize, phnum, i, found = 0;
	int rc;

	memset(info, 0, sizeof(*info));
	if (!elf_probe(data, len) || len < 16 || bytes[EI_DATA] != ELFDATA2LSB)
		return ERR(ENOEXEC);
	if (bytes[EI_CLASS] == ELFCLASS32)
		l = &layout32;
	else if (bytes[EI_CLASS] == ELFCLASS64)
		l = &layout64;
	else
		return ERR(ENOEXEC);
	info->bits = (l == &layout32) ? 32 : 64;
	if (len < l->ehdr_size || get_le16(bytes + 16) != ET_EXEC ||
	    get_le16(bytes + 18) != l->machine)
		return ERR(ENOEXEC);
	entry = field(bytes + l->e_entry, info->bits);
	phoff = field(bytes + l->e_phoff, info->bits);
	phentsize = get_le16(bytes + l->e_phentsize);
	phnum = get_le16(bytes + l->e_phnum);
	if (phentsize < l->phdr_size || phoff > len ||
	    (uint64_t)phentsize * phnum > len - phoff)
		return ERR(ENOEXEC);
	for (i = 0; i < phnum; i++) {
		const uint8_t *ph = bytes + phoff + (size_t)i * phentsize;
		unsigned int before = info->count;
		uint64_t memsz;

		if ((rc = add_segment(ph, l, len, info, &vaddr)) != 0)
			return rc;
		if (info->count == before)
			continue;
		memsz = info->segment[before].memsz;
		if (!found && entry >= vaddr && entry - vaddr < memsz) {
			info->entry = info->segment[before].dest + (entry - vaddr);
			found = 1;
		}
	}
	if (!info->count || !found)
		return ERR(ENOEXEC);
	return 0;
}
