/*
 * The i386-only fast paths of code the pcbios build uses on every received
 * byte or clock read (64-bit division by a 32-bit divisor, word copies,
 * the add-with-carry checksum), built as for a 32-bit process and checked
 * against plain C answers on many random inputs.  Prints TAP lines; run by
 * tests/run.py as the suite "i386".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../chksum_reference.h"

#ifndef __i386__
#error "build with -m32: the paths under test exist only on i386"
#endif

uint64_t udivmod64(uint64_t n, uint64_t d, uint64_t *rem);
uint16_t tcpip_continue_chksum(uint16_t sum, const void *data, size_t len);

#define ROUNDS 200000
#define BUF 4096

static int failures;

static void report(int ok, const char *name)
{
	printf("%s - i386/%s\n", ok ? "ok" : "not ok", name);
	if (!ok)
		failures++;
}

/* A random 64-bit value with a random number of significant bits. */
static uint64_t random_u64(void)
{
	uint64_t v = ((uint64_t)rand() << 42) ^ ((uint64_t)rand() << 21) ^
		     (uint64_t)rand();

	return v >> (rand() % 64);
}

static void check_division(void)
{
	uint64_t n, d, q, rem;
	int i, wrong = 0;

	for (i = 0; i < ROUNDS; i++) {
		n = random_u64();
		d = random_u64();
		if (!d)
			d = 1;
		q = udivmod64(n, d, &rem);
		if (q != n / d || rem != n % d) {
			if (!wrong++)
				printf("# %llu / %llu: got %llu rem %llu\n",
				       (unsigned long long)n,
				       (unsigned long long)d,
				       (unsigned long long)q,
				       (unsigned long long)rem);
		}
	}
	report(!wrong, "udivmod64");
}

static void check_chksum(void)
{
	static uint8_t buf[BUF + 8];
	size_t len, offset, i;
	uint16_t start;
	int round, wrong = 0;

	for (round = 0; round < ROUNDS / 10; round++) {
		len = (size_t)rand() % BUF;
		offset = (size_t)rand() % 8;
		/* Every third round all ones: the carries pile up most. */
		for (i = 0; i < len + offset; i++)
			buf[i] = round % 3 ? (uint8_t)rand() : 0xff;
		start = (uint16_t)rand();
		if (tcpip_continue_chksum(start, buf + offset, len) !=
		    reference_chksum(start, buf + offset, len))
			wrong++;
	}
	report(!wrong, "chksum");
}

/* Copy with memcpy or memmove between random, possibly overlapping places. */
static void check_copy(int overlap)
{
	static uint8_t mem[2 * BUF], want[2 * BUF], before[2 * BUF];
	size_t len, src, dst, i;
	int round, wrong = 0;

	for (round = 0; round < ROUNDS / 10; round++) {
		for (i = 0; i < sizeof(mem); i++)
			mem[i] = want[i] = before[i] = (uint8_t)rand();
		len = (size_t)rand() % BUF;
		src = (size_t)rand() % BUF;
		dst = overlap ? src + (size_t)(rand() % 64) - 32 :
				(size_t)rand() % BUF;
		if (dst > BUF)
			dst = BUF;
		if (!overlap && ((src <= dst && dst < src + len) ||
				 (dst <= src && src < dst + len)))
			continue;
		for (i = 0; i < len; i++)
			want[dst + i] = before[src + i];
		if (overlap)
			memmove(mem + dst, mem + src, len);
		else
			memcpy(mem + dst, mem + src, len);
		if (memcmp(mem, want, sizeof(mem)) != 0)
			wrong++;
	}
	report(!wrong, overlap ? "memmove" : "memcpy");
}

int main(void)
{
	srand(1);
	check_division();
	check_chksum();
	check_copy(0);
	check_copy(1);
	return failures ? 1 : 0;
}
