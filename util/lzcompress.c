/*
 * Host tool: compress a file into a ".lzma" (LZMA_Alone) stream with the
 * host's liblzma, for the option ROM payload.  lc=3 lp=0 pb=0 suits x86
 * code (byte-aligned, no position structure); the stream carries its
 * uncompressed size, so the decoder (src/core/lzma.c) knows when to stop.
 *   lzcompress [--x86] INPUT OUTPUT
 * --x86 first turns the relative targets of E8/E9 calls and jumps into
 * absolute ones (wireboot's own filter, undone by lzma_decode_x86(); see
 * src/include/wireboot/lzma_x86.h): calls to one function then repeat
 * byte for byte and compress about 6 % better.
 */
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/*
 * The x86 filter: at each E8/E9 whose 32-bit operand has a top byte of
 * 00 or FF, add the offset of the next instruction modulo 2^25 (keeping
 * the top byte 00/FF), then skip the operand.  The decoder finds the
 * same positions because only skipped operand bytes change.
 */
static void x86_filter(unsigned char *buf, size_t len)
{
	size_t i = 0;
	unsigned int v;

	while (i + 5 <= len) {
		if ((buf[i] & 0xfe) != 0xe8 ||
		    (buf[i + 4] != 0x00 && buf[i + 4] != 0xff)) {
			i++;
			continue;
		}
		v = buf[i + 1] | buf[i + 2] << 8 | buf[i + 3] << 16 |
		    (unsigned int)buf[i + 4] << 24;
		v = (v + (unsigned int)(i + 5)) & 0x1ffffff;
		if (v & 0x1000000)
			v |= 0xff000000u;
		buf[i + 1] = v & 0xff;
		buf[i + 2] = (v >> 8) & 0xff;
		buf[i + 3] = (v >> 16) & 0xff;
		buf[i + 4] = v >> 24;
		i += 5;
	}
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
	if (x86)
		x86_filter(in, in_len);
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
