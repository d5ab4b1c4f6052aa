/*
 * ATA over Ethernet (AoE r11) initiator: "aoe:e<shelf>.<slot>" opens a
 * block device on the most recently opened network device.  The target
 * is found by a broadcast Query Config; its capacity comes from ATA
 * IDENTIFY; reads and writes are ATA READ/WRITE SECTORS (EXT for LBA48),
 * split into frames of as many sectors as the MTU and the target allow,
 * several in flight, each retransmitted on timeout under its own tag.
 */
#ifndef WIREBOOT_AOE_H
#define WIREBOOT_AOE_H

#include <wireboot/compiler.h>
#include <wireboot/sanboot_tables.h>

#define ETH_P_AOE 0x88a2

/* Common header: ver/flags, error, major (shelf), minor (slot), command, tag. */
struct aoehdr {
	uint8_t ver_flags;
	uint8_t error;
	uint16_t major;		/* big-endian */
	uint8_t minor;
	uint8_t command;
	uint32_t tag;		/* big-endian */
} __packed;

#define AOE_VERSION 0x10
#define AOE_VERSION_MASK 0xf0
#define AOE_FL_RESPONSE 0x08
#define AOE_FL_ERROR 0x04

#define AOE_CMD_ATA 0
#define AOE_CMD_CONFIG 1

/* Error codes (with AOE_FL_ERROR). */
#define AOE_ERR_BAD_COMMAND 1
#define AOE_ERR_BAD_ARG 2
#define AOE_ERR_UNAVAILABLE 3
#define AOE_ERR_CONFIG_PRESENT 4
#define AOE_ERR_VERSION 5

/* ATA command argument; sector data follows. */
struct aoeata {
	uint8_t aflags;
	uint8_t err_feat;
	uint8_t count;
	uint8_t cmd_stat;
	uint8_t lba[6];		/* little-endian byte order */
	uint8_t reserved[2];
} __packed;

#define AOE_AFL_EXT 0x40
#define AOE_AFL_DEV 0x10
#define AOE_AFL_ASYNC 0x02
#define AOE_AFL_WRITE 0x01

#define ATA_CMD_READ 0x20
#define ATA_CMD_WRITE 0x30
#define ATA_CMD_READ_EXT 0x24
#define ATA_CMD_WRITE_EXT 0x34
#define ATA_CMD_IDENTIFY 0xec
#define ATA_STAT_ERR 0x01
#define ATA_SECTOR_SIZE 512

/* Query Config argument; the config string follows. */
struct aoecfg {
	uint16_t bufcnt;	/* big-endian */
	uint16_t fwver;		/* big-endian */
	uint8_t scnt;
	uint8_t ver_ccmd;
	uint16_t cfglen;	/* big-endian */
} __packed;

#define AOE_CCMD_READ 0

/* Parse "e<shelf>.<slot>" (decimal); 0 or ERR(EINVAL). */
int aoe_parse_target(const char *opaque, unsigned int *major,
		     unsigned int *minor);

/* What the aBFT says about an AoE boot disk. */
struct aoe_descriptor {
	struct san_descriptor desc;
	uint16_t major;
	uint8_t minor;
	uint8_t mac[6];
};

/* The aBFT model (src/san/abft.c). */
extern const struct san_table_model abft_model;

/* aBFT layout (46 bytes). */
struct abft_table {
	struct san_acpi_header header;
	uint16_t shelf;		/* little-endian */
	uint8_t slot;
	uint8_t reserved;
	uint8_t mac[6];
} __packed;

#endif
