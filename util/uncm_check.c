/*
 * Host check of the option ROM's decoder (arch/x86/prefix/uncm.c, as the
 * flat binary the ROM holds, loaded at an address of mmap's choosing),
 * built with -m32 and run by the ROM build on each payload:
 *   uncm_check UNCM.BIN STREAM.CM EXPECTED
 * The decoder must turn STREAM into EXPECTED (x86 filter undone); refuse
 * an output buffer one byte short; and fail (-1) on truncated copies of
 * STREAM or copies with a damaged byte (the payload's hash catches it)
 * unless the bytes cut or changed did not matter (then give EXPECTED).
 * Never may it write outside the output or read past the end of the input
 * (which ends at a page nobody may read).  Each run decodes the whole payload, so the
 * damaged copies are a handful, spread over the stream.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <wireboot/cm_stream.h>

#define GUARD 4096
#define GUARD_BYTE 0xa5

typedef long (*decode_fn)(const void *src, size_t src_len, void *dst, size_t dst_len,
			  void *work);

static decode_fn decode;
static uint8_t *out;		/* GUARD bytes, the output, GUARD bytes */
static uint8_t *expected;
static size_t expected_len;
static uint8_t *in_page;	/* readable pages, then one that is not */
static size_t in_room;
static void *work;
static int failures;

/* Read all of PATH into a malloc'd buffer. */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long size;

	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		perror(path);
		exit(1);
	}
	buf = malloc((size_t)size + 1);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
		perror(path);
		exit(1);
	}
	fclose(f);
	*len = (size_t)size;
	return buf;
}

/* Map LEN bytes readable, writable and executable. */
static void *map_rwx(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

/* Decode STREAM (LEN bytes, placed to end where the readable pages end)
 * into a DST_LEN-byte output; check the guards; return the result. */
static long run(const uint8_t *stream, size_t len, size_t dst_len, const char *what)
{
	uint8_t *src = in_page + in_room - len;
	size_t i;
	long ret;

	memcpy(src, stream, len);
	memset(out, GUARD_BYTE, GUARD + expected_len + GUARD);
	ret = decode(src, len, out + GUARD, dst_len, work);
	for (i = 0; i < GUARD; i++) {
		if (out[i] != GUARD_BYTE ||
		    out[GUARD + expected_len + i] != GUARD_BYTE) {
			fprintf(stderr, "uncm_check: %s: wrote outside the output\n", what);
			failures++;
			break;
		}
	}
	return ret;
}

/* A cut or damaged stream must fail or give EXPECTED (the last bytes have
 * slack: the coder's final range is wide). */
static void expect_fail_or_right(long ret, const char *what)
{
	if (ret == -1)
		return;
	if (ret != (long)expected_len || memcmp(out + GUARD, expected, expected_len)) {
		fprintf(stderr, "uncm_check: %s: returned %ld, not -1 or the right output\n",
			what, ret);
		failures++;
	}
}

int main(int argc, char **argv)
{
	uint8_t *code, *stream, *copy;
	size_t code_len, len, cut, pos;
	long page = sysconf(_SC_PAGESIZE), ret;
	char what[64];
	int i;

	if (argc != 4) {
		fprintf(stderr, "usage: %s UNCM.BIN STREAM.CM EXPECTED\n", argv[0]);
		return 2;
	}
	code = slurp(argv[1], &code_len);
	stream = slurp(argv[2], &len);
	expected = slurp(argv[3], &expected_len);
	decode = (decode_fn)map_rwx(code_len);
	memcpy((void *)decode, code, code_len);
	out = map_rwx(GUARD + expected_len + GUARD);
	in_room = (len + (size_t)page - 1) / (size_t)page * (size_t)page;
	in_page = map_rwx(in_room + (size_t)page);
	mprotect(in_page + in_room, (size_t)page, PROT_NONE);
	copy = malloc(len);
	if (!copy || len < CM_HDR_BYTES + 1)
		return 1;
	work = malloc(get_le32(stream + CM_HDR_WORK));
	if (!work)
		return 1;

	ret = run(stream, len, expected_len, "intact");
	if (ret != (long)expected_len || memcmp(out + GUARD, expected, expected_len)) {
		fprintf(stderr, "uncm_check: %s does not decode to %s (returned %ld)\n",
			argv[2], argv[3], ret);
		failures++;
	}
	if (run(stream, len, expected_len - 1, "short output") != -1) {
		fprintf(stderr, "uncm_check: an output one byte short was accepted\n");
		failures++;
	}
	for (i = 0; i < 4; i++) {
		cut = i < 2 ? (size_t)i + 1 : (len - CM_HDR_BYTES) / (size_t)(5 - i);
		snprintf(what, sizeof(what), "cut to %zu bytes", len - cut);
		expect_fail_or_right(run(stream, len - cut, expected_len, what), what);
	}
	for (i = 0; i < 6; i++) {
		pos = i == 0 ? CM_HDR_SIZE : i == 1 ? CM_HDR_HASH + 1 :
			CM_HDR_BYTES + (len - CM_HDR_BYTES - 1) * (size_t)(i - 2) / 3;
		memcpy(copy, stream, len);
		copy[pos] ^= (uint8_t)(0x55 + i);
		snprintf(what, sizeof(what), "byte %zu changed", pos);
		expect_fail_or_right(run(copy, len, expected_len, what), what);
	}
	return failures ? 1 : 0;
}
