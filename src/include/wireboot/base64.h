/*
 * Base64 (RFC 4648) both ways, for the ":base64" setting type and HTTP
 * Basic authentication.
 */
#ifndef WIREBOOT_BASE64_H
#define WIREBOOT_BASE64_H

#include <wireboot/compiler.h>

/*
 * Encode the LEN bytes at RAW, with '=' padding, into BUF (LEN bytes,
 * always NUL-terminated if LEN is not 0).  Returns the length of the whole
 * text, like snprintf.
 */
int base64_encode(const void *raw, size_t raw_len, char *buf, size_t len);

/*
 * Decode TEXT (the '=' padding may be left off) into RAW, writing at most
 * LEN bytes (RAW may be NULL).  Returns the length of the whole value, or
 * ERR(EINVAL) for a character or length that base64 does not allow.
 */
int base64_decode(const char *text, void *raw, size_t len);

#endif
