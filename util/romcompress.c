/*
 * Host tool: compress the option ROM payload into the stream the ROM's
 * decoder (arch/x86/prefix/uncm.c) unpacks: the x86 branch filter
 * (src/include/wireboot/x86_filter.h: calls to one function become
 * identical bytes), then binary arithmetic coding with the probabilities
 * of the context-mixing model (src/include/wireboot/cm_model.h), behind
 * the header of src/include/wireboot/cm_stream.h.
 *   romcompress INPUT OUTPUT
 * The tool checks that undoing the filter gives the input back before it
 * writes anything; the build then runs the ROM's own decoder on the
 * result (util/uncm_check.c).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/cm_model.h>
#include <wireboot/cm_stream.h>
#include <wireboot/x86_filter.h>

/* Read all of PATH into a malloc'd buffer. */
static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, got;

	if (!f)
		return NULL;
	*len = 0;
	do {
		if (*len == cap) {
			cap = cap ? 2 * cap : 65536;
			buf = realloc(buf, cap);
			if (!buf)
				exit(1);
		}
		got = fread(buf + *len, 1, cap - *len, f);
		*len += got;
	} while (got);
	fclose(f);
	return buf;
}

/* Filter BUF in place; fail (nonzero) unless undoing it restores BUF exactly. */
static int filter_x86_checked(uint8_t *buf, size_t len, const char *name)
{
	uint8_t *orig = malloc(len ? len : 1), *back = malloc(len ? len : 1);
	int differs;

	if (!orig || !back)
		exit(1);
	memcpy(orig, buf, len);
	x86_filter(buf, len, true);
	memcpy(back, buf, len);
	x86_filter(back, len, false);
	differs = memcmp(back, orig, len) != 0;
	if (differs)
		fprintf(stderr, "romcompress: %s: undoing the x86 filter does not give the input back\n",
			name);
	free(orig);
	free(back);
	return differs;
}

/* Code the LEN bytes at IN into OUT (room for LEN + LEN / 2 + 16 bytes:
 * the model never does much worse than raw); returns the coded length. */
static size_t encode(const uint8_t *in, size_t len, uint8_t *out)
{
	void *work = malloc(CM_WORK_BYTES);
	uint8_t *seen = malloc(len ? len : 1);
	struct cm_model *m;
	uint32_t lo = 0, hi = 0xffffffffu, mid;
	size_t i, o = 0;
	int b, y;

	if (!work || !seen)
		exit(1);
	m = cm_init(work, seen);
	for (i = 0; i < len; i++) {
		for (b = 7; b >= 0; b--) {
			y = (in[i] >> b) & 1;
			mid = cm_split(lo, hi, (uint32_t)cm_predict(m));
			if (y)
				hi = mid;
			else
				lo = mid + 1;
			cm_update(m, y);
			while (!((lo ^ hi) & 0xff000000u)) {
				out[o++] = (uint8_t)(hi >> 24);
				lo <<= 8;
				hi = hi << 8 | 255;
			}
		}
	}
	/* One byte past LO's top byte lies in [LO, HI], with the zeros the
	 * decoder reads after the end. */
	out[o++] = (uint8_t)((lo >> 24) + 1);
	free(work);
	free(seen);
	return o;
}

int main(int argc, char **argv)
{
	uint8_t *in, *out;
	uint32_t hash;
	size_t in_len, out_len;
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: %s INPUT OUTPUT\n", argv[0]);
		return 2;
	}
	in = read_file(argv[1], &in_len);
	if (!in) {
		perror(argv[1]);
		return 1;
	}
	if (in_len >= 1u << 30) {
		fprintf(stderr, "romcompress: %s: too big for a ROM payload\n", argv[1]);
		return 1;
	}
	out = malloc(CM_HDR_BYTES + in_len + in_len / 2 + 16);
	if (!out)
		return 1;
	hash = cm_fnv1a(in, (uint32_t)in_len);
	if (filter_x86_checked(in, in_len, argv[1]))
		return 1;
	put_le32(out + CM_HDR_SIZE, (uint32_t)in_len);
	put_le32(out + CM_HDR_HASH, hash);
	put_le32(out + CM_HDR_WORK, CM_WORK_BYTES);
	out_len = CM_HDR_BYTES + encode(in, in_len, out + CM_HDR_BYTES);
	f = fopen(argv[2], "wb");
	if (!f || fwrite(out, 1, out_len, f) != out_len || fclose(f)) {
		perror(argv[2]);
		return 1;
	}
	return 0;
}
