/*
 * SCSI block commands (SBC-3, SPC-4) as a SAN transport (iSCSI) needs
 * them: building command descriptor blocks, reading the answers of READ
 * CAPACITY and INQUIRY, and turning a CHECK CONDITION's sense data into
 * an error code.  Pure functions (drivers/block/scsi.c), shared by every
 * transport that carries SCSI.
 */
#ifndef WIREBOOT_SCSI_H
#define WIREBOOT_SCSI_H

#include <wireboot/compiler.h>

/* Operation codes. */
#define SCSI_TEST_UNIT_READY 0x00
#define SCSI_INQUIRY 0x12
#define SCSI_READ_CAPACITY_10 0x25
#define SCSI_READ_10 0x28
#define SCSI_WRITE_10 0x2a
#define SCSI_READ_16 0x88
#define SCSI_WRITE_16 0x8a
#define SCSI_SERVICE_ACTION_IN_16 0x9e
#define SCSI_SAI_READ_CAPACITY_16 0x10

/* Status bytes. */
#define SCSI_STATUS_GOOD 0x00
#define SCSI_STATUS_CHECK_CONDITION 0x02
#define SCSI_STATUS_BUSY 0x08
#define SCSI_STATUS_RESERVATION_CONFLICT 0x18
#define SCSI_STATUS_TASK_SET_FULL 0x28

/* Sense keys. */
#define SCSI_SENSE_NO_SENSE 0x0
#define SCSI_SENSE_RECOVERED 0x1
#define SCSI_SENSE_NOT_READY 0x2
#define SCSI_SENSE_MEDIUM_ERROR 0x3
#define SCSI_SENSE_HARDWARE_ERROR 0x4
#define SCSI_SENSE_ILLEGAL_REQUEST 0x5
#define SCSI_SENSE_UNIT_ATTENTION 0x6
#define SCSI_SENSE_DATA_PROTECT 0x7
#define SCSI_SENSE_ABORTED_COMMAND 0xb

/* A command descriptor block (up to 16 bytes, zero padded). */
struct scsi_cdb {
	uint8_t bytes[16];
};

/* Bytes READ CAPACITY (10) / (16) and a standard INQUIRY answer with. */
#define SCSI_CAPACITY_10_LEN 8
#define SCSI_CAPACITY_16_LEN 32
#define SCSI_INQUIRY_LEN 36

/*
 * The fixed commands that find a device and its size: INQUIRY asks for
 * SCSI_INQUIRY_LEN bytes, READ CAPACITY (16) for SCSI_CAPACITY_16_LEN.
 */
extern const struct scsi_cdb scsi_test_unit_ready_cdb;
extern const struct scsi_cdb scsi_inquiry_cdb;
extern const struct scsi_cdb scsi_read_capacity_10_cdb;
extern const struct scsi_cdb scsi_read_capacity_16_cdb;

/*
 * READ or WRITE of COUNT blocks at LBA: the 10-byte form when LBA + COUNT
 * fits 32 bits and COUNT 16 bits, else the 16-byte form.
 */
void scsi_cdb_rw(struct scsi_cdb *cdb, bool write, uint64_t lba,
		 uint32_t count);

/* What READ CAPACITY said: number of blocks and block size. */
struct scsi_capacity {
	uint64_t blocks;
	uint32_t blksize;
};

/*
 * Parse a READ CAPACITY (10) answer (LEN bytes).  Returns 0, 1 when the
 * device is too large for it (READ CAPACITY (16) is needed), or an error.
 */
int scsi_parse_capacity_10(const void *data, size_t len,
			   struct scsi_capacity *cap);

/* Parse a READ CAPACITY (16) answer; 0 or an error. */
int scsi_parse_capacity_16(const void *data, size_t len,
			   struct scsi_capacity *cap);

/* The peripheral device type of an INQUIRY answer (0 disk, 5 CD), or an error. */
int scsi_parse_inquiry(const void *data, size_t len);

/* What sense data said. */
struct scsi_sense {
	uint8_t key;
	uint8_t asc;
	uint8_t ascq;
};

/* Parse fixed (70h/71h) or descriptor (72h/73h) sense data; 0 or an error. */
int scsi_parse_sense(const void *data, size_t len, struct scsi_sense *sense);

/*
 * The error for a command that ended with STATUS and (for CHECK
 * CONDITION) SENSE (may be NULL): 0 for GOOD, EAGAIN for UNIT ATTENTION,
 * NOT READY and BUSY (worth another try), EROFS for a write-protected
 * device, ERANGE/EINVAL for illegal requests, else EIO.
 */
int scsi_status_rc(uint8_t status, const struct scsi_sense *sense);

#endif
