/*
 * Device path helpers shared by the EFI files that hand paths to the
 * firmware: the length of a path and of its nodes, its end node, file
 * names widened to UCS-2, and a new path made of a
 * device's path followed by a file path node (what LoadImage() takes to
 * find an image on a file system, or to name one given as bytes).
 */
#include <stdlib.h>
#include <string.h>
#include "efi_wireboot.h"

size_t efi_path_node_len(const uint8_t *node)
{
	size_t len = node[2] | (node[3] << 8);

	return len < sizeof(EFI_DEVICE_PATH_PROTOCOL) ? 0 : len;
}

size_t efi_path_len(const EFI_DEVICE_PATH_PROTOCOL *path)
{
	const uint8_t *node = (const uint8_t *)path;
	size_t len = 0, node_len;

	for (;;) {
		if (node[len] == END_DEVICE_PATH_TYPE)
			return len;
		node_len = efi_path_node_len(node + len);
		if (!node_len)
			return len;
		len += node_len;
	}
}

void efi_path_chars(CHAR16 *out, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = name[i] == '/' ? '\\' : (uint8_t)name[i];
	out[len] = 0;
}

void efi_path_end(EFI_DEVICE_PATH_PROTOCOL *end)
{
	end->Type = END_DEVICE_PATH_TYPE;
	end->SubType = END_ENTIRE_DEVICE_PATH_SUBTYPE;
	end->Length[0] = sizeof(*end);
	end->Length[1] = 0;
}

EFI_DEVICE_PATH_PROTOCOL *efi_path_file(const EFI_DEVICE_PATH_PROTOCOL *device,
					const char *name)
{
	size_t prefix = device ? efi_path_len(device) : 0;
	size_t name_len = strlen(name);
	bool rooted = name[0] == '\\' || name[0] == '/';
	size_t chars_len = name_len + (rooted ? 0 : 1) + 1;
	size_t file_len = SIZE_OF_FILEPATH_DEVICE_PATH +
			  chars_len * sizeof(CHAR16);
	EFI_DEVICE_PATH_PROTOCOL *file;
	CHAR16 *chars;
	uint8_t *path;

	if (file_len > 0xffff)
		return NULL;
	path = malloc(prefix + file_len + sizeof(EFI_DEVICE_PATH_PROTOCOL));
	if (!path)
		return NULL;
	if (prefix)
		memcpy(path, device, prefix);
	file = (EFI_DEVICE_PATH_PROTOCOL *)(path + prefix);
	file->Type = MEDIA_DEVICE_PATH;
	file->SubType = MEDIA_FILEPATH_DP;
	file->Length[0] = file_len & 0xff;
	file->Length[1] = file_len >> 8;
	chars = (CHAR16 *)(path + prefix + SIZE_OF_FILEPATH_DEVICE_PATH);
	if (!rooted)
		*chars++ = '\\';
	efi_path_chars(chars, name, name_len);
	efi_path_end((EFI_DEVICE_PATH_PROTOCOL *)(path + prefix + file_len));
	return (EFI_DEVICE_PATH_PROTOCOL *)path;
}
