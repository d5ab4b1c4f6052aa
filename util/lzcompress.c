/*
 * Host tool: compress a file into a ".lzma" (LZMA_Alone) stream with the
 * host's liblzma, for the option ROM payload.  lc=3 lp=0 pb=0 suits x86
 * code (byte-aligned, no position structure); the stream carries its
 * uncompressed size, so the ROM's decoder (arch/x86/prefix/unlzma.asm)
 * knows when to stop.
 *   lzcompress [--x86] INPUT OUTPUT
 * --x86 first turns the relative targets of E8/E9 calls and jumps into
 * absolute ones (src/include/wireboot/x86_filter.h, undone by the ROM's
 * decoder): calls to one function then repeat byte for byte and
 * compress about 6 % better.  The tool checks that undoing the filter gives
 * the input back before it writes anything.
 */
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/x86_filter.h>

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

/* Filter BUF in place; fail (nonzero) unless undoing it restores BUF exactly. */
static int filter_x86_checked(unsigned char *buf, size_t len, const char *name)
{
	unsigned char *orig = malloc(len ? len : 1), *back = malloc(len ? len : 1);
	int differs;

	if (!orig || !back)
		exit(1);
	memcpy(orig, buf, len);
	x86_filter(buf, len, true);
	memcpy(back, buf, len);
	x86_filter(back, len, false);
	differs = memcmp(back, orig, len) != 0;
	if (differs)
		fprintf(stderr, "lzcompress: %s: undoing the x86 filter does not give the input back\n",
			name);
	free(orig);
	free(back);
	return differs;
}

int main(int argc, char **argv)
{
	lzma_stream strm = LZMA_STREAM_INIT;
	lzma_options_lzma opts;
	unsigned char *in, *out;
	size_t in_len, out_cap;
	FILE *f;
	int i, x86 = 0;

	if (argc == 4 && !strcmp(argv[1], "--x86")) {
		x86 = 1;
		argv++;
		argc--;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: %s [--x86] INPUT OUTPUT\n", argv[0]);
		return 2;
	}
	in = read_file(argv[1], &in_len);
	if (!in) {
		perror(argv[1]);
		return 1;
	}
	if (x86 && filter_x86_checked(in, in_len, argv[1]))
		return 1;
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
