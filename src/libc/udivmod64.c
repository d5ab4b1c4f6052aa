/*
 * 64-bit unsigned division without the compiler's runtime library: the
 * pcbios build passes arguments in registers (-mregparm=3 -mrtd), which the
 * prebuilt 32-bit libgcc does not, so its division helpers
 * (arch/x86/libgcc_div.c) are built from this.
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
