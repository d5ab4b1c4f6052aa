/*
 * SCSI block commands: CDB builders, READ CAPACITY / INQUIRY / sense
 * parsers, and the mapping from a status and sense to an error code.
 */
#include <string.h>
#include <wireboot/scsi.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_ISCSI

static void put_be64(uint8_t *p, uint64_t value)
{
	put_be32(p, (uint32_t)(value >> 32));
	put_be32(p + 4, (uint32_t)value);
}

static uint64_t get_be64(const uint8_t *p)
{
	return ((uint64_t)get_be32(p) << 32) | get_be32(p + 4);
}

const struct scsi_cdb scsi_test_unit_ready_cdb = {
	{ SCSI_TEST_UNIT_READY },
};

/* Allocation length: bytes 3-4, big-endian. */
const struct scsi_cdb scsi_inquiry_cdb = {
	{ SCSI_INQUIRY, 0, 0, 0, SCSI_INQUIRY_LEN },
};

const struct scsi_cdb scsi_read_capacity_10_cdb = {
	{ SCSI_READ_CAPACITY_10 },
};

/* Allocation length: bytes 10-13, big-endian. */
const struct scsi_cdb scsi_read_capacity_16_cdb = {
	{ SCSI_SERVICE_ACTION_IN_16, SCSI_SAI_READ_CAPACITY_16,
	  [13] = SCSI_CAPACITY_16_LEN },
};

void scsi_cdb_rw(struct scsi_cdb *cdb, bool write, uint64_t lba,
		 uint32_t count)
{
	memset(cdb, 0, sizeof(*cdb));
	if (lba + count <= 0xffffffffULL && count <= 0xffff) {
		cdb->bytes[0] = write ? SCSI_WRITE_10 : SCSI_READ_10;
		put_be32(&cdb->bytes[2], (uint32_t)lba);
		put_be16(&cdb->bytes[7], (uint16_t)count);
	} else {
		cdb->bytes[0] = write ? SCSI_WRITE_16 : SCSI_READ_16;
		put_be64(&cdb->bytes[2], lba);
		put_be32(&cdb->bytes[10], count);
	}
}

int scsi_parse_capacity_10(const void *data, size_t len,
			   struct scsi_capacity *cap)
{
	const uint8_t *p = data;
	uint32_t last;

	if (len < SCSI_CAPACITY_10_LEN)
		return ERR(EPROTO);
	last = get_be32(p);
	cap->blksize = get_be32(p + 4);
	if (last == 0xffffffffU)
		return 1;
	cap->blocks = (uint64_t)last + 1;
	return 0;
}

int scsi_parse_capacity_16(const void *data, size_t len,
			   struct scsi_capacity *cap)
{
	const uint8_t *p = data;
	uint64_t last;

	if (len < 12)
		return ERR(EPROTO);
	last = get_be64(p);
	if (last == ~0ULL)
		return ERR(ERANGE);
	cap->blocks = last + 1;
	cap->blksize = get_be32(p + 8);
	return 0;
}

int scsi_parse_inquiry(const void *data, size_t len)
{
	const uint8_t *p = data;

	if (len < 1)
		return ERR(EPROTO);
	/* Qualifier 3: no device at this LUN. */
	if ((p[0] >> 5) == 3)
		return ERR(ENODEV);
	return p[0] & 0x1f;
}

int scsi_parse_sense(const void *data, size_t len, struct scsi_sense *sense)
{
	const uint8_t *p = data;
	uint8_t code;

	memset(sense, 0, sizeof(*sense));
	if (len < 1)
		return ERR(EPROTO);
	code = p[0] & 0x7f;
	if (code == 0x70 || code == 0x71) {
		if (len < 3)
			return ERR(EPROTO);
		sense->key = p[2] & 0x0f;
		if (len >= 14) {
			sense->asc = p[12];
			sense->ascq = p[13];
		}
		return 0;
	}
	if (code == 0x72 || code == 0x73) {
		if (len < 4)
			return ERR(EPROTO);
		sense->key = p[1] & 0x0f;
		sense->asc = p[2];
		sense->ascq = p[3];
		return 0;
	}
	return ERR(EPROTO);
}

int scsi_status_rc(uint8_t status, const struct scsi_sense *sense)
{
	switch (status) {
	case SCSI_STATUS_GOOD:
		return 0;
	case SCSI_STATUS_BUSY:
	case SCSI_STATUS_TASK_SET_FULL:
		return ERR(EAGAIN);
	case SCSI_STATUS_RESERVATION_CONFLICT:
		return ERR(EBUSY);
	case SCSI_STATUS_CHECK_CONDITION:
		break;
	default:
		return ERR(EIO);
	}
	if (!sense)
		return ERR(EIO);
	switch (sense->key) {
	case SCSI_SENSE_NO_SENSE:
	case SCSI_SENSE_RECOVERED:
		return 0;
	case SCSI_SENSE_UNIT_ATTENTION:
	case SCSI_SENSE_NOT_READY:
	case SCSI_SENSE_ABORTED_COMMAND:
		return ERR(EAGAIN);
	case SCSI_SENSE_DATA_PROTECT:
		return ERR(EROFS);
	case SCSI_SENSE_ILLEGAL_REQUEST:
		/* 21h: logical block address out of range. */
		return sense->asc == 0x21 ? ERR(ERANGE) : ERR(EINVAL);
	default:
		return ERR(EIO);
	}
}
