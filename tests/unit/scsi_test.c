/*
 * SCSI command building and parsing (drivers/block/scsi.c): the 10- and
 * 16-byte READ/WRITE forms and where they switch, READ CAPACITY (10)
 * saying "too large" and (16), INQUIRY, fixed and descriptor sense data
 * and the errors status and sense map to.
 */
#include <string.h>
#include <wireboot/scsi.h>
#include <wireboot/errors.h>
#include "unittest.h"

UNIT_TEST(scsi_rw_cdbs)
{
	struct scsi_cdb cdb;
	static const uint8_t read10[10] = { 0x28, 0, 0x12, 0x34, 0x56, 0x78,
					    0, 0x00, 0x80, 0 };
	static const uint8_t write16[16] = { 0x8a, 0, 0, 0, 0, 1, 0, 0, 0, 5,
					     0, 0, 0, 2, 0, 0 };

	scsi_cdb_rw(&cdb, false, 0x12345678, 128);
	ok(memcmp(cdb.bytes, read10, sizeof(read10)) == 0);
	scsi_cdb_rw(&cdb, true, 0x100000005ULL, 2);
	ok(memcmp(cdb.bytes, write16, sizeof(write16)) == 0);
	/* The last block below 2^32 still fits READ (10)... */
	scsi_cdb_rw(&cdb, false, 0xfffffffeULL, 1);
	ok_eq(cdb.bytes[0], SCSI_READ_10);
	/* ...one more does not. */
	scsi_cdb_rw(&cdb, false, 0xfffffffeULL, 2);
	ok_eq(cdb.bytes[0], SCSI_READ_16);
	/* Over 65535 blocks needs the 16-byte form too. */
	scsi_cdb_rw(&cdb, false, 0, 0x10000);
	ok_eq(cdb.bytes[0], SCSI_READ_16);
	ok_eq(cdb.bytes[11], 1);
	ok_eq(cdb.bytes[12], 0);
	cdb = scsi_read_capacity_16_cdb;
	ok_eq(cdb.bytes[0], 0x9e);
	ok_eq(cdb.bytes[1], 0x10);
	ok_eq(cdb.bytes[13], 32);
	cdb = scsi_inquiry_cdb;
	ok_eq(cdb.bytes[0], 0x12);
	ok_eq(cdb.bytes[4], 36);
}

UNIT_TEST(scsi_capacity_answers)
{
	static const uint8_t small[8] = { 0, 0, 0x3f, 0xff, 0, 0, 2, 0 };
	static const uint8_t huge[8] = { 0xff, 0xff, 0xff, 0xff, 0, 0, 2, 0 };
	static const uint8_t rc16[32] = { 0, 0, 3, 0, 0, 0, 0, 0xff,
					  0, 0, 0x10, 0 };
	struct scsi_capacity cap;

	ok_eq(scsi_parse_capacity_10(small, sizeof(small), &cap), 0);
	ok_eq(cap.blocks, 16384);
	ok_eq(cap.blksize, 512);
	ok_eq(scsi_parse_capacity_10(huge, sizeof(huge), &cap), 1);
	ok(err_is(scsi_parse_capacity_10(small, 7, &cap), EPROTO));
	ok_eq(scsi_parse_capacity_16(rc16, sizeof(rc16), &cap), 0);
	ok_eq(cap.blocks, 0x30000000100ULL);
	ok_eq(cap.blksize, 4096);
	ok(err_is(scsi_parse_capacity_16(rc16, 11, &cap), EPROTO));
	ok_eq(scsi_parse_inquiry((const uint8_t[]){ 0x05 }, 1), 5);
	ok(err_is(scsi_parse_inquiry((const uint8_t[]){ 0x7f }, 1), ENODEV));
}

UNIT_TEST(scsi_sense_errors)
{
	static const uint8_t fixed[18] = { 0x70, 0, 0x06, 0, 0, 0, 0, 10,
					   0, 0, 0, 0, 0x29, 0x00 };
	static const uint8_t desc[8] = { 0x72, 0x05, 0x21, 0x00 };
	struct scsi_sense sense;

	ok_eq(scsi_parse_sense(fixed, sizeof(fixed), &sense), 0);
	ok_eq(sense.key, SCSI_SENSE_UNIT_ATTENTION);
	ok_eq(sense.asc, 0x29);
	ok(err_is(scsi_status_rc(SCSI_STATUS_CHECK_CONDITION, &sense), EAGAIN));
	ok_eq(scsi_parse_sense(desc, sizeof(desc), &sense), 0);
	ok_eq(sense.key, SCSI_SENSE_ILLEGAL_REQUEST);
	ok(err_is(scsi_status_rc(SCSI_STATUS_CHECK_CONDITION, &sense), ERANGE));
	sense.key = SCSI_SENSE_DATA_PROTECT;
	ok(err_is(scsi_status_rc(SCSI_STATUS_CHECK_CONDITION, &sense), EROFS));
	sense.key = SCSI_SENSE_MEDIUM_ERROR;
	ok(err_is(scsi_status_rc(SCSI_STATUS_CHECK_CONDITION, &sense), EIO));
	ok(err_is(scsi_parse_sense((const uint8_t[]){ 0x12 }, 1, &sense), EPROTO));
	ok_eq(scsi_status_rc(SCSI_STATUS_GOOD, NULL), 0);
	ok(err_is(scsi_status_rc(SCSI_STATUS_BUSY, NULL), EAGAIN));
	ok(err_is(scsi_status_rc(SCSI_STATUS_CHECK_CONDITION, NULL), EIO));
	ok(err_is(scsi_status_rc(SCSI_STATUS_RESERVATION_CONFLICT, NULL), EBUSY));
}
