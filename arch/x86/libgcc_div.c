/*
 * The 64-bit division helpers GCC calls on i386, built with the pcbios
 * calling convention (arguments in registers, callee pops) that GCC also
 * uses when it calls them; the prebuilt libgcc uses the stack instead.
 */
#include <wireboot/udivmod64.h>

uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem);
uint64_t __udivdi3(uint64_t n, uint64_t d);
uint64_t __umoddi3(uint64_t n, uint64_t d);
int64_t __divdi3(int64_t n, int64_t d);
int64_t __moddi3(int64_t n, int64_t d);

uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem)
{
	return udivmod64(n, d, rem);
}

uint64_t __udivdi3(uint64_t n, uint64_t d)
{
	return udivmod64(n, d, NULL);
}

uint64_t __umoddi3(uint64_t n, uint64_t d)
{
	uint64_t rem;

	udivmod64(n, d, &rem);
	return rem;
}

/* Magnitude of V as unsigned (also right for INT64_MIN). */
static uint64_t magnitude(int64_t v)
{
	return v < 0 ? -(uint64_t)v : (uint64_t)v;
}

/* Signed division truncates toward zero; the quotient is negative when the signs differ. */
int64_t __divdi3(int64_t n, int64_t d)
{
	uint64_t q = udivmod64(magnitude(n), magnitude(d), NULL);

	return (n < 0) != (d < 0) ? -(int64_t)q : (int64_t)q;
}

/* The remainder takes the sign of the dividend. */
int64_t __moddi3(int64_t n, int64_t d)
{
	uint64_t rem;

	udivmod64(magnitude(n), magnitude(d), &rem);
	return n < 0 ? -(int64_t)rem : (int64_t)rem;
}
