/*
 * Reading a Linux bzImage's setup header and the "vga=" / "mem=" kernel
 * options, for the bzImage loader (see <wireboot/bzimage.h>).
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/bzimage.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_IMAGE

#define BOOT_FLAG 0xaa55
#define HDRS "HdrS"
/* What protocols before 2.03 / 2.06 imply. */
#define OLD_INITRD_ADDR_MAX 0x37ffffff
#define OLD_CMDLINE_SIZE 255

bool bzimage_probe(const void *data, size_t len)
{
	const uint8_t *bytes = data;

	return len >= BZI_VERSION + 2 &&
	       get_le16(bytes + BZI_BOOT_FLAG) == BOOT_FLAG &&
	       memcmp(bytes + BZI_HEADER, HDRS, 4) == 0;
}

int bzimage_parse(const void *data, size_t len, struct bzimage_info *info)
{
	const uint8_t *bytes = data;
	unsigned int sects;
	uint64_t syssize;

	memset(info, 0, sizeof(*info));
	if (!bzimage_probe(data, len))
		return ERR(ENOEXEC);
	info->version = get_le16(bytes + BZI_VERSION);
	if (info->version < 0x202 || !(bytes[BZI_LOADFLAGS] & BZI_LOADED_HIGH))
		return ERR(ENOTSUP);
	sects = bytes[BZI_SETUP_SECTS] ? bytes[BZI_SETUP_SECTS] : 4;
	info->setup_len = (sects + 1) * 512;
	if (len <= info->setup_len)
		return ERR(ENOEXEC);
	info->pm_len = len - info->setup_len;
	/* syssize counts 16-byte units of the 32-bit part. */
	syssize = (uint64_t)get_le32(bytes + BZI_SYSSIZE) * 16;
	if (info->version >= 0x204 && info->pm_len < syssize)
		return ERR(ENOEXEC);
	info->initrd_addr_max = OLD_INITRD_ADDR_MAX;
	info->cmdline_size = OLD_CMDLINE_SIZE;
	info->vid_mode = get_le16(bytes + BZI_VID_MODE);
	if (info->version >= 0x203 && len > BZI_INITRD_ADDR_MAX + 4)
		info->initrd_addr_max = get_le32(bytes + BZI_INITRD_ADDR_MAX);
	if (info->version >= 0x205 && len > BZI_RELOCATABLE)
		info->relocatable = bytes[BZI_RELOCATABLE] != 0;
	if (info->version >= 0x206 && len > BZI_CMDLINE_SIZE + 4)
		info->cmdline_size = get_le32(bytes + BZI_CMDLINE_SIZE);
	if (info->version >= 0x20a && len > BZI_INIT_SIZE + 4) {
		info->pref_address =
			get_le32(bytes + BZI_PREF_ADDRESS) |
			((uint64_t)get_le32(bytes + BZI_PREF_ADDRESS + 4) << 32);
		info->init_size = get_le32(bytes + BZI_INIT_SIZE);
	}
	if (info->init_size < info->pm_len)
		info->init_size = (uint32_t)info->pm_len;
	return 0;
}

/*
 * The value of option NAME ("vga=") in CMDLINE: a pointer just after the
 * '=' of its last occurrence as a whole word, or NULL.
 */
static const char *find_option(const char *cmdline, const char *name)
{
	size_t name_len = strlen(name);
	const char *found = NULL;
	const char *p = cmdline;

	if (!cmdline)
		return NULL;
	while ((p = strstr(p, name)) != NULL) {
		if (p == cmdline || p[-1] == ' ')
			found = p + name_len;
		p += name_len;
	}
	return found;
}

/* Does the word at VALUE equal WORD (ending at a space or the end)? */
static bool word_is(const char *value, const char *word)
{
	size_t len = strlen(word);

	return strncmp(value, word, len) == 0 &&
	       (value[len] == '\0' || value[len] == ' ');
}

uint16_t bzimage_vga_mode(const char *cmdline, uint16_t default_mode)
{
	const char *value = find_option(cmdline, "vga=");
	unsigned long mode;
	char *end;

	if (!value)
		return default_mode;
	if (word_is(value, "normal"))
		return BZI_VGA_NORMAL;
	if (word_is(value, "ext"))
		return BZI_VGA_EXTENDED;
	if (word_is(value, "ask"))
		return BZI_VGA_ASK;
	mode = strtoul(value, &end, 0);
	if (end == value || (*end && *end != ' ') || mode > 0xffff)
		return default_mode;
	return (uint16_t)mode;
}

uint64_t bzimage_mem_limit(const char *cmdline)
{
	const char *value = find_option(cmdline, "mem=");
	unsigned long long bytes;
	char *end;

	if (!value)
		return 0;
	bytes = strtoull(value, &end, 0);
	if (end == value)
		return 0;
	switch (*end) {
	case 'G':
	case 'g':
		bytes <<= 10;
		/* fall through */
	case 'M':
	case 'm':
		bytes <<= 10;
		/* fall through */
	case 'K':
	case 'k':
		bytes <<= 10;
		break;
	default:
		break;
	}
	return bytes;
}
