/*
 * UUIDs (RFC 4122): 16 bytes in canonical (big-endian) order, written as
 * 8-4-4-4-12 hex digits.  SMBIOS 2.6 and later, PXE option 97 and EFI GUIDs
 * store the first three fields little-endian instead; uuid_mangle() turns
 * one order into the other.
 */
#ifndef WIREBOOT_UUID_H
#define WIREBOOT_UUID_H

#include <wireboot/compiler.h>

/* Bytes in a UUID. */
#define UUID_LEN 16

/* Characters in the text form, without the terminating NUL. */
#define UUID_STRLEN 36

/* A UUID as its 16 bytes, in canonical order unless said otherwise. */
struct uuid {
	uint8_t bytes[UUID_LEN];
};

/* Write UUID into BUF as "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", lower case. */
void uuid_format(const uint8_t uuid[UUID_LEN], char buf[UUID_STRLEN + 1]);

/*
 * Parse exactly the 8-4-4-4-12 form (hex digits of either case, nothing
 * before or after) into UUID.  Returns 0 or ERR(EINVAL), leaving UUID
 * untouched on failure.
 */
int uuid_parse(const char *text, uint8_t uuid[UUID_LEN]);

/* Swap the byte order of the first three fields (4, 2, 2 bytes) in place. */
void uuid_mangle(uint8_t uuid[UUID_LEN]);

#endif
