/*
 * 64-bit unsigned division without the compiler's runtime library: the
 * pcbios build passes arguments in registers (-mregparm=3 -mrtd), which the
 * prebuilt 32-bit libgcc does not, so its division helpers
 * (arch/x86/libgcc_div.c) are built from this.  A divisor that fits in
 * 32 bits (the usual case: clocks, sizes, rates) takes the CPU's own
 * division instruction on i386; anything else long division.
 */
#include <wireboot/udivmod64.h>

uint64_t udivmod64(uint64_t n, uint64_t d, uint64_t *rem)
{
	uint64_t quotient = 0;
	int shift;

	if (!(n >> 32) && !(d >> 32)) {
		uint32_t n32 = n, d32 = d;

		if (rem)
			*rem = n32 % d32;
		return n32 / d32;
	}
#ifdef __i386__
	if (!(d >> 32)) {
		/*
		 * A 32-bit divisor: two of the CPU's 64-by-32 divisions, the
		 * high word first (its remainder, below D, keeps the second
		 * quotient within 32 bits).
		 */
		uint32_t hi = n >> 32, lo = (uint32_t)n, d32 = (uint32_t)d;
		uint32_t q_hi = hi / d32, q_lo, r;

		__asm__("divl %4" : "=a"(q_lo), "=d"(r)
			: "a"(lo), "d"(hi % d32), "rm"(d32));
		if (rem)
			*rem = r;
		return ((uint64_t)q_hi << 32) | q_lo;
	}
#endif
	if (n >= d) {
		/* Binary long division from the divisor aligned under N's top bit. */
		shift = __builtin_clzll(d) - __builtin_clzll(n);
		d <<= shift;
		for (; shift >= 0; shift--) {
			quotient <<= 1;
			if (n >= d) {
				n -= d;
				quotient |= 1;
			}
			d >>= 1;
		}
	}
	if (rem)
		*rem = n;
	return quotient;
}
