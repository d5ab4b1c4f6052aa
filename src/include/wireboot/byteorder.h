/*
 * Byte order.  x86 is little-endian, so the little-endian conversions are
 * identities and the big-endian (network order) ones swap bytes.  Every
 * conversion is a macro over __builtin_bswap*, so it folds to a constant when
 * given one and may be used in initialisers and case labels.  The unaligned
 * helpers read and write multi-byte fields of packets and firmware tables
 * one byte at a time, whatever the alignment.
 */
#ifndef WIREBOOT_BYTEORDER_H
#define WIREBOOT_BYTEORDER_H

#include <wireboot/compiler.h>

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "wireboot assumes a little-endian CPU"
#endif

#define bswap_16(x) ((uint16_t)__builtin_bswap16((uint16_t)(x)))
#define bswap_32(x) ((uint32_t)__builtin_bswap32((uint32_t)(x)))
#define bswap_64(x) ((uint64_t)__builtin_bswap64((uint64_t)(x)))

#define cpu_to_le16(x) ((uint16_t)(x))
#define cpu_to_le32(x) ((uint32_t)(x))
#define cpu_to_le64(x) ((uint64_t)(x))
#define le16_to_cpu(x) ((uint16_t)(x))
#define le32_to_cpu(x) ((uint32_t)(x))
#define le64_to_cpu(x) ((uint64_t)(x))

#define cpu_to_be16(x) bswap_16(x)
#define cpu_to_be32(x) bswap_32(x)
#define cpu_to_be64(x) bswap_64(x)
#define be16_to_cpu(x) bswap_16(x)
#define be32_to_cpu(x) bswap_32(x)
#define be64_to_cpu(x) bswap_64(x)

#define htons(x) cpu_to_be16(x)
#define ntohs(x) be16_to_cpu(x)
#define htonl(x) cpu_to_be32(x)
#define ntohl(x) be32_to_cpu(x)

/* Read a little-endian 16-bit field at any alignment. */
static inline uint16_t get_le16(const void *p)
{
	const uint8_t *b = p;

	return (uint16_t)(b[0] | (b[1] << 8));
}

/* Read a little-endian 32-bit field at any alignment. */
static inline uint32_t get_le32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] | ((uint32_t)b[1] << 8) |
	       ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
}

/* Read a big-endian 16-bit field at any alignment. */
static inline uint16_t get_be16(const void *p)
{
	const uint8_t *b = p;

	return (uint16_t)((b[0] << 8) | b[1]);
}

/* Read a big-endian 32-bit field at any alignment. */
static inline uint32_t get_be32(const void *p)
{
	const uint8_t *b = p;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
	       ((uint32_t)b[2] << 8) | (uint32_t)b[3];
}

/* Write a little-endian 16-bit field at any alignment. */
static inline void put_le16(void *p, uint16_t value)
{
	uint8_t *b = p;

	b[0] = (uint8_t)value;
	b[1] = (uint8_t)(value >> 8);
}

/* Write a little-endian 32-bit field at any alignment. */
static inline void put_le32(void *p, uint32_t value)
{
	uint8_t *b = p;

	b[0] = (uint8_t)value;
	b[1] = (uint8_t)(value >> 8);
	b[2] = (uint8_t)(value >> 16);
	b[3] = (uint8_t)(value >> 24);
}

/* Write a big-endian 16-bit field at any alignment. */
static inline void put_be16(void *p, uint16_t value)
{
	uint8_t *b = p;

	b[0] = (uint8_t)(value >> 8);
	b[1] = (uint8_t)value;
}

/* Write a big-endian 32-bit field at any alignment. */
static inline void put_be32(void *p, uint32_t value)
{
	uint8_t *b = p;

	b[0] = (uint8_t)(value >> 24);
	b[1] = (uint8_t)(value >> 16);
	b[2] = (uint8_t)(value >> 8);
	b[3] = (uint8_t)value;
}

#endif
