/*
 * random()/srandom() of <stdlib.h>: a 64-bit linear congruential generator
 * whose top 31 bits are returned, seeded from the platform clock at start-up
 * so that DHCP transaction IDs, port numbers and TCP sequence numbers differ
 * between boots.  Not cryptographic.
 */
#include <stdlib.h>
#include <stdint.h>
#include <wireboot/init.h>
#include <wireboot/time.h>

/* Knuth's MMIX multiplier and increment. */
#define RANDOM_MULTIPLIER 6364136223846793005ULL
#define RANDOM_INCREMENT 1442695040888963407ULL

/* Generator state; the value srandom(1) gives, as C requires by default. */
static uint64_t random_state = 1;

void srandom(unsigned int seed)
{
	random_state = seed;
}

long random(void)
{
	random_state = random_state * RANDOM_MULTIPLIER + RANDOM_INCREMENT;
	return (long)(random_state >> 33);
}

/* Seed from the clock, mixing in the high bits of a long uptime. */
static void random_init(void)
{
	uint64_t now = platform_now_us();

	srandom((unsigned int)(now ^ (now >> 32)));
}

static const struct init_fn random_init_fn __init_fn = {
	.order = INIT_NORMAL,
	.init = random_init,
};
