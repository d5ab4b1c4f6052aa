/*
 * Finding a multiboot v1 header and working out the address kludge's load
 * layout (see <wireboot/multiboot.h>).
 */
#include <string.h>
#include <wireboot/multiboot.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_IMAGE

/* Bytes of header: magic, flags, checksum, then five kludge addresses. */
#define MB_HEADER_LEN 12
#define MB_KLUDGE_LEN 32

int multiboot_find(const void *data, size_t len,
		   struct multiboot_header_info *hdr)
{
	const uint8_t *bytes = data;
	size_t limit = MIN(len, (size_t)MB_SEARCH_LEN);
	size_t off;
	uint32_t magic, flags;

	memset(hdr, 0, sizeof(*hdr));
	for (off = 0; off + MB_HEADER_LEN <= limit; off += 4) {
		magic = get_le32(bytes + off);
		flags = get_le32(bytes + off + 4);
		if (magic != MB_HEADER_MAGIC ||
		    magic + flags + get_le32(bytes + off + 8) != 0)
			continue;
		hdr->offset = off;
		hdr->flags = flags;
		if (flags & MB_FLAG_KLUDGE) {
			if (len - off < MB_KLUDGE_LEN)
				return ERR(ENOEXEC);
			hdr->header_addr = get_le32(bytes + off + 12);
			hdr->load_addr = get_le32(bytes + off + 16);
			hdr->load_end_addr = get_le32(bytes + off + 20);
			hdr->bss_end_addr = get_le32(bytes + off + 24);
			hdr->entry_addr = get_le32(bytes + off + 28);
		}
		if (flags & MB_FLAGS_REQUIRED & ~MB_FLAGS_SUPPORTED)
			return ERR(ENOTSUP);
		return 0;
	}
	return ERR(ENOEXEC);
}

int multiboot_kludge(const void *data, size_t len,
		     const struct multiboot_header_info *hdr,
		     struct load_segment *segment, uint64_t *entry)
{
	uint32_t before_header;
	uint64_t filesz, memsz;

	if (!(hdr->flags & MB_FLAG_KLUDGE) || hdr->header_addr < hdr->load_addr)
		return ERR(ENOEXEC);
	/* The file offset of load_addr: the header's less what precedes it. */
	before_header = hdr->header_addr - hdr->load_addr;
	if (before_header > hdr->offset)
		return ERR(ENOEXEC);
	segment->offset = hdr->offset - before_header;
	if (hdr->load_end_addr) {
		if (hdr->load_end_addr < hdr->header_addr)
			return ERR(ENOEXEC);
		filesz = hdr->load_end_addr - hdr->load_addr;
		if (filesz > len - segment->offset)
			return ERR(ENOEXEC);
	} else {
		filesz = len - segment->offset;
	}
	memsz = filesz;
	if (hdr->bss_end_addr) {
		if (hdr->bss_end_addr < hdr->load_addr + filesz)
			return ERR(ENOEXEC);
		memsz = hdr->bss_end_addr - hdr->load_addr;
	}
	if (hdr->entry_addr < hdr->load_addr ||
	    hdr->entry_addr - hdr->load_addr >= memsz)
		return ERR(ENOEXEC);
	segment->dest = hdr->load_addr;
	segment->filesz = (size_t)filesz;
	segment->memsz = memsz;
	*entry = hdr->entry_addr;
	return 0;
}
