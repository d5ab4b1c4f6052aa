/*
 * Host tool: compress a file into a ".lzma" (LZMA_Alone) stream with the
 * host's liblzma, for the option ROM payload.  lc=3 lp=0 pb=0 suits x86
 * code (byte-aligned, no position structure); the stream carries its
 * uncompressed size, so the decoder (src/core/lzma.c) knows when to stop.
 *   lzcompress INPUT OUTPUT
 */
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>

/* Read all of PATH into a malloc'd buffer. */
static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
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

int main(int argc, char **argv)
{
	lzma_stream strm = LZMA_STREAM_INIT;
	lzma_options_lzma opts;
	unsigned char *in, *out;
	size_t in_len, out_cap;
	FILE *f;
	int i;

	if (argc != 3) {
		fprintf(stderr, "usage: %s INPUT OUTPUT\n", argv[0]);
		return 2;
	}
	in = read_file(argv[1], &in_len);
	if (!in) {
		perror(argv[1]);
		return 1;
	}
	if (lzma_lzma_preset(&opts, 9 | LZMA_PRESET_EXTREME))
		return 1;
	opts.lc = 3;
	opts.lp = 0;
	opts.pb = 0;
	if (opts.dict_size > (1u << 20))
		opts.dict_size = 1u << 20;
	if (lzma_alone_encoder(&strm, &opts) != LZMA_OK) {
		fprintf(stderr, "lzcompress: encoder setup failed\n");
		return 1;
	}
	out_cap = in_len + in_len / 2 + 4096;
	out = malloc(out_cap);
	if (!out)
		return 1;
	strm.next_in = in;
	strm.avail_in = in_len;
	strm.next_out = out;
	strm.avail_out = out_cap;
	if (lzma_code(&strm, LZMA_FINISH) != LZMA_STREAM_END) {
		fprintf(stderr, "lzcompress: compression failed\n");
		return 1;
	}
	/* The alone encoder writes "size unknown"; record the real size. */
	for (i = 0; i < 8; i++)
		out[5 + i] = (unsigned char)((unsigned long long)in_len >> (8 * i));
	f = fopen(argv[2], "wb");
	if (!f || fwrite(out, 1, strm.total_out, f) != strm.total_out ||
	    fclose(f)) {
		perror(argv[2]);
		return 1;
	}
	lzma_end(&strm);
	return 0;
}
