/*
 * LZMA decoder for ".lzma" (LZMA_Alone) streams, written from the format
 * description: a binary range coder with adaptive 11-bit probabilities,
 * literals coded with the previous byte as context (and the byte at the
 * last match distance after a match), match lengths from a two-level
 * choice tree, distances from a slot tree plus direct and reverse-coded
 * bits, and four remembered distances for repeats.  The output buffer is
 * the dictionary.  No globals, no library calls: the option ROM prefix
 * links this file alone into a position-independent blob and enters it at
 * lzma_decode_x86(), which also undoes util/lzcompress's x86 filter.
 */
#include <wireboot/errors.h>
#include <wireboot/lzma.h>
#include <wireboot/lzma_x86.h>
#include <wireboot/x86_filter.h>

#define ERR_SUBSYS ESUB_CORE

#define PROB_BITS 11
#define PROB_ONE (1u << PROB_BITS)
#define MOVE_BITS 5
#define TOP (1u << 24)

#define STATES 12
#define POS_STATES_MAX 16
#define LEN_LOW 8
#define LEN_MID 8
#define LEN_HIGH 256
#define DIST_STATES 4
#define DIST_SLOTS 64
#define END_SLOT_INDEX 14
#define FULL_DISTANCES 128
#define ALIGN_BITS 4
#define MIN_MATCH 2
#define LITERAL_SIZE 0x300

struct lzma_len_probs {
	uint16_t choice;
	uint16_t choice2;
	uint16_t low[POS_STATES_MAX][LEN_LOW];
	uint16_t mid[POS_STATES_MAX][LEN_MID];
	uint16_t high[LEN_HIGH];
};

/* Every adaptive probability of the model. */
struct lzma_probs {
	uint16_t is_match[STATES][POS_STATES_MAX];
	uint16_t is_rep[STATES];
	uint16_t is_rep0[STATES];
	uint16_t is_rep1[STATES];
	uint16_t is_rep2[STATES];
	uint16_t is_rep0_long[STATES][POS_STATES_MAX];
	uint16_t dist_slot[DIST_STATES][DIST_SLOTS];
	uint16_t dist_special[FULL_DISTANCES - END_SLOT_INDEX];
	uint16_t dist_align[1 << ALIGN_BITS];
	struct lzma_len_probs len;
	struct lzma_len_probs rep_len;
	uint16_t literal[LITERAL_SIZE << LZMA_MAX_LCLP];
};

struct range_decoder {
	const uint8_t *in;
	const uint8_t *end;
	uint32_t range;
	uint32_t code;
	/* Set when the input ran out. */
	int overrun;
};

/* Shift in one more input byte when the range has become too small. */
static inline void rc_normalize(struct range_decoder *rc)
{
	if (rc->range < TOP) {
		rc->range <<= 8;
		rc->code <<= 8;
		if (rc->in < rc->end)
			rc->code |= *rc->in++;
		else
			rc->overrun = 1;
	}
}

/* Decode one bit with adaptive probability *PROB. */
static inline unsigned int rc_bit(struct range_decoder *rc, uint16_t *prob)
{
	uint32_t bound;

	rc_normalize(rc);
	bound = (rc->range >> PROB_BITS) * *prob;
	if (rc->code < bound) {
		rc->range = bound;
		*prob = (uint16_t)(*prob + ((PROB_ONE - *prob) >> MOVE_BITS));
		return 0;
	}
	rc->range -= bound;
	rc->code -= bound;
	*prob = (uint16_t)(*prob - (*prob >> MOVE_BITS));
	return 1;
}

/* Decode COUNT bits of fixed probability one half, most significant first. */
static uint32_t rc_direct(struct range_decoder *rc, unsigned int count)
{
	uint32_t value = 0;

	while (count--) {
		rc_normalize(rc);
		rc->range >>= 1;
		value <<= 1;
		if (rc->code >= rc->range) {
			rc->code -= rc->range;
			value |= 1;
		}
	}
	return value;
}

/* Decode a BITS-bit symbol from the tree PROBS, most significant bit first. */
static unsigned int rc_tree(struct range_decoder *rc, uint16_t *probs,
			    unsigned int bits)
{
	unsigned int sym = 1;

	while (bits--)
		sym = (sym << 1) | rc_bit(rc, &probs[sym]);
	return sym;
}

/* Decode a BITS-bit symbol from the tree PROBS, least significant bit first. */
static unsigned int rc_reverse(struct range_decoder *rc, uint16_t *probs,
			       unsigned int bits)
{
	unsigned int sym = 1, value = 0, i;
	unsigned int bit;

	for (i = 0; i < bits; i++) {
		bit = rc_bit(rc, &probs[sym]);
		sym = (sym << 1) | bit;
		value |= bit << i;
	}
	return value;
}

/* A match length minus MIN_MATCH, from length model LEN. */
static unsigned int decode_len(struct range_decoder *rc,
			       struct lzma_len_probs *len,
			       unsigned int pos_state)
{
	if (!rc_bit(rc, &len->choice))
		return rc_tree(rc, len->low[pos_state], 3) - LEN_LOW;
	if (!rc_bit(rc, &len->choice2))
		return LEN_LOW + rc_tree(rc, len->mid[pos_state], 3) - LEN_MID;
	return LEN_LOW + LEN_MID + rc_tree(rc, len->high, 8) - LEN_HIGH;
}

/* A match distance minus one (0xffffffff is the end marker). */
static uint32_t decode_dist(struct range_decoder *rc, struct lzma_probs *p,
			    unsigned int len)
{
	unsigned int dist_state = len < DIST_STATES - 1 ? len : DIST_STATES - 1;
	unsigned int slot, direct;
	uint32_t dist;

	slot = rc_tree(rc, p->dist_slot[dist_state], 6) - DIST_SLOTS;
	if (slot < 4)
		return slot;
	direct = (slot >> 1) - 1;
	dist = (2 | (slot & 1)) << direct;
	if (slot < END_SLOT_INDEX)
		return dist + rc_reverse(rc, p->dist_special + dist - slot - 1,
					 direct);
	dist += rc_direct(rc, direct - ALIGN_BITS) << ALIGN_BITS;
	return dist + rc_reverse(rc, p->dist_align, ALIGN_BITS);
}

/* Literal with the byte at the last match distance steering the tree. */
static unsigned int decode_matched(struct range_decoder *rc, uint16_t *probs,
				   unsigned int match_byte)
{
	unsigned int sym = 1, match_bit, bit;

	while (sym < 0x100) {
		match_bit = (match_byte >> 7) & 1;
		match_byte <<= 1;
		bit = rc_bit(rc, &probs[0x100 + (match_bit << 8) + sym]);
		sym = (sym << 1) | bit;
		if (bit != match_bit)
			break;
	}
	while (sym < 0x100)
		sym = (sym << 1) | rc_bit(rc, &probs[sym]);
	return sym & 0xff;
}

long lzma_decode(const void *src, size_t src_len, void *dst, size_t dst_len)
{
	struct lzma_probs probs;
	struct range_decoder rc;
	const uint8_t *in = src;
	uint8_t *out = dst;
	uint16_t *prob = (uint16_t *)&probs;
	size_t count = sizeof(probs) / sizeof(*prob);
	uint64_t size = 0;
	uint32_t rep0 = 0, rep1 = 0, rep2 = 0, rep3 = 0, dist;
	unsigned int props, lc, lp, pb, state = 0, pos_state, len, i;
	unsigned int prev;
	size_t pos = 0, limit;

	if (src_len < LZMA_HEADER_LEN || in[0] >= 9 * 5 * 5)
		return ERR(EINVAL);
	props = in[0];
	lc = props % 9;
	lp = (props / 9) % 5;
	pb = props / 45;
	if (lc + lp > LZMA_MAX_LCLP)
		return ERR(EINVAL);
	for (i = 0; i < 8; i++)
		size |= (uint64_t)in[5 + i] << (8 * i);
	if (size != ~(uint64_t)0 && size > dst_len)
		return ERR(ENOSPC);
	limit = size == ~(uint64_t)0 ? dst_len : (size_t)size;
	while (count--)
		*prob++ = PROB_ONE / 2;

	rc.in = in + LZMA_HEADER_LEN;
	rc.end = in + src_len;
	rc.overrun = 0;
	rc.range = 0xffffffff;
	rc.code = 0;
	if (rc.end - rc.in < 5 || *rc.in != 0)
		return ERR(EPROTO);
	for (i = 0; i < 5; i++)
		rc.code = (rc.code << 8) | *rc.in++;

	while (pos < limit || size == ~(uint64_t)0) {
		if (rc.overrun)
			return ERR(EPROTO);
		pos_state = pos & ((1u << pb) - 1);
		if (!rc_bit(&rc, &probs.is_match[state][pos_state])) {
			if (pos >= limit)
				return ERR(ENOSPC);
			prev = pos ? out[pos - 1] : 0;
			prob = probs.literal + LITERAL_SIZE *
				(((pos & ((1u << lp) - 1)) << lc) + (prev >> (8 - lc)));
			if (state < 7)
				out[pos] = (uint8_t)(rc_tree(&rc, prob, 8) & 0xff);
			else
				out[pos] = (uint8_t)decode_matched(&rc, prob,
								   out[pos - rep0 - 1]);
			pos++;
			state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
			continue;
		}
		if (!rc_bit(&rc, &probs.is_rep[state])) {
			rep3 = rep2;
			rep2 = rep1;
			rep1 = rep0;
			len = decode_len(&rc, &probs.len, pos_state);
			state = state < 7 ? 7 : 10;
			dist = decode_dist(&rc, &probs, len);
			if (dist == 0xffffffff)
				break;
			rep0 = dist;
		} else {
			if (!pos)
				return ERR(EPROTO);
			if (!rc_bit(&rc, &probs.is_rep0[state])) {
				if (!rc_bit(&rc, &probs.is_rep0_long[state][pos_state])) {
					if (pos >= limit)
						return ERR(ENOSPC);
					state = state < 7 ? 9 : 11;
					out[pos] = out[pos - rep0 - 1];
					pos++;
					continue;
				}
			} else {
				if (!rc_bit(&rc, &probs.is_rep1[state])) {
					dist = rep1;
				} else {
					if (!rc_bit(&rc, &probs.is_rep2[state])) {
						dist = rep2;
					} else {
						dist = rep3;
						rep3 = rep2;
					}
					rep2 = rep1;
				}
				rep1 = rep0;
				rep0 = dist;
			}
			len = decode_len(&rc, &probs.rep_len, pos_state);
			state = state < 7 ? 8 : 11;
		}
		if (rep0 >= pos)
			return ERR(EPROTO);
		len += MIN_MATCH;
		if (len > limit - pos)
			return ERR(ENOSPC);
		while (len--) {
			out[pos] = out[pos - rep0 - 1];
			pos++;
		}
	}
	if (rc.overrun)
		return ERR(EPROTO);
	if (size != ~(uint64_t)0 && pos != size)
		return ERR(EPROTO);
	return (long)pos;
}

long __asmcall lzma_decode_x86(const void *src, size_t src_len, void *dst, size_t dst_len)
{
	long len = lzma_decode(src, src_len, dst, dst_len);

	if (len > 0)
		x86_filter(dst, (size_t)len, false);
	return len;
}
