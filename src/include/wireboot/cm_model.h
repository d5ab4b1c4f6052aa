/*
 * The context-mixing model of the option ROM payload's compression, shared
 * by the host tool that compresses (util/romcompress.c) and the ROM's
 * decoder (arch/x86/prefix/uncm.c): both must predict every bit
 * identically, so everything here is integer arithmetic on fixed widths,
 * with no static data (the decoder is a flat position-independent binary).
 *
 * Each bit is predicted from eleven contexts (orders 0-4 and 6, and the
 * sparse contexts "byte -2", "byte -3", "bytes -1 and -3", "bytes -1 and
 * -4" and "bytes -2 and -3", which catch x86 operand and opcode patterns),
 * each giving an adaptive probability and the probability that its recent
 * bit history maps to; a match model (the next bit of the longest earlier
 * repeat of the last 5+ bytes); four mixers weighting those by different
 * small contexts, a final mixer over the four with a weight set per
 * previous byte, and an adaptive probability map on the partial byte and
 * the previous byte's top two bits.  The probabilities are 12-bit
 * (1..4095 for a 1), "stretched" values are ln(p/(1-p)) in 1/256 units,
 * clamped to +-2047.
 *
 * The caller gives cm_init() CM_WORK_BYTES of memory.
 */
#ifndef WIREBOOT_CM_MODEL_H
#define WIREBOOT_CM_MODEL_H

#include <stdint.h>

#define CM_CONTEXTS 11
/* Which of the last four bytes each context hashes, a nibble per context
 * (bit j: byte -1-j): orders 2, 3, 4, 6 (4 and bytes -5 and -6), bytes -1
 * and -3, order 1, byte -2, byte -3, order 0, bytes -1 and -4, bytes -2
 * and -3. */
#define CM_CONTEXT_BYTES 0x6904215ff73ull
#define CM_ORDER6 3
#define CM_BIG_CONTEXTS 5	/* the first five get 1 << CM_BIG_BITS buckets */
#define CM_BIG_BITS 16
#define CM_SMALL_BITS 13
#define CM_INPUTS (2 * CM_CONTEXTS + 2)
#define CM_MIXERS 4
#define CM_MIXER_SETS 1024	/* weight sets per mixer */
#define CM_MATCH_BITS 18
#define CM_MATCH_MIN 5
#define CM_MATCH_MAX 32
#define CM_SLOT_LIMIT 30	/* direct probabilities adapt at >= 1/32 */
#define CM_HISTORY_BITS 4

/* Bytes of table memory: buckets (64 bytes: a tag and the slots of one
 * nibble's 15 partial states), match positions, mixer weights. */
#define CM_BUCKETS (CM_BIG_CONTEXTS * (1u << CM_BIG_BITS) + \
		    (CM_CONTEXTS - CM_BIG_CONTEXTS) * (1u << CM_SMALL_BITS))
#define CM_TABLE_BYTES (CM_BUCKETS * 64 + (4u << CM_MATCH_BITS) + \
			4u * CM_INPUTS * CM_MIXER_SETS * CM_MIXERS)
/* ...and room for struct cm_model itself, placed after the tables. */
#define CM_MODEL_ROOM (256u * 1024)
#define CM_WORK_BYTES (CM_TABLE_BYTES + CM_MODEL_ROOM)

struct cm_model {
	/* Per context: buckets of a tag and 15 slots, probability << 16 |
	 * history << 8 | count; a history is 1 << k | the last k bits seen,
	 * 0 for none. */
	uint32_t *table[CM_CONTEXTS];
	uint32_t shift[CM_CONTEXTS];	/* 32 - the table's index bits */
	uint32_t mask[CM_CONTEXTS];	/* the bytes of the last four it sees */
	uint32_t hash[CM_CONTEXTS];	/* per byte */
	uint32_t *bucket[CM_CONTEXTS];	/* per nibble */
	uint32_t *slot[CM_CONTEXTS];	/* per bit */
	uint32_t history_map[CM_CONTEXTS][256];
	int32_t input[CM_INPUTS];
	int32_t *weights;
	int32_t *set[CM_MIXERS];
	int32_t mixed[CM_MIXERS];	/* each mixer's stretched output */
	int32_t mixed_p[CM_MIXERS];
	int32_t final_weights[256][CM_MIXERS];	/* a set per previous byte */
	int32_t *final_set;
	int32_t p_mix;			/* the final mixer's probability */
	/* 33 points per partial byte and top two bits of the previous one */
	uint32_t apm[4 * 256 * 33];
	uint32_t apm_at;
	uint32_t *match_table;
	uint32_t match_ptr, match_len;
	uint32_t match_map[2 * CM_MATCH_MAX];
	uint32_t match_at;		/* 0: no match input this bit */
	uint8_t *out;			/* the bytes so far */
	uint32_t pos;
	uint32_t partial;		/* 1 followed by the byte's bits so far */
	uint32_t nibble;		/* 1 followed by the nibble's bits so far */
	uint32_t bit;			/* 0-7 */
	uint32_t last4;
	int16_t stretch[4096];
	int16_t squash[4096];		/* index: stretched value + 2048 */
};
_Static_assert(sizeof(struct cm_model) <= CM_MODEL_ROOM, "struct cm_model outgrew its room");

/* A 32-bit mix of A and B. */
static inline uint32_t cm_hash(uint32_t a, uint32_t b)
{
	uint32_t h = a * 0x9e3779b1u ^ b * 0x85ebca6bu;

	return h ^ (h >> 15);
}

static inline int32_t cm_squash(const struct cm_model *m, int32_t x)
{
	if (x > 2047)
		x = 2047;
	if (x < -2047)
		x = -2047;
	return m->squash[x + 2048];
}

/* Fill the squash table, 4096 / (1 + e^(-x/256)), from powers of
 * e^(-1/256) in 2.30 fixed point, and the stretch table as its inverse. */
static inline void cm_tables(struct cm_model *m)
{
	uint32_t e = 1u << 30, p;
	int32_t x, i = 0;

	for (x = 0; x < 2048; x++) {
		p = (4096u << 16) / ((1u << 16) + (e >> 14));
		if (p > 4095)
			p = 4095;
		m->squash[2048 + x] = (int16_t)p;
		m->squash[2048 - x] = (int16_t)(4096 - p);
		e = (uint32_t)(((uint64_t)e * 1069555701u) >> 30);
	}
	m->squash[0] = 1;
	for (x = -2047; x <= 2047; x++)
		for (p = (uint32_t)m->squash[x + 2048]; i <= (int32_t)p; i++)
			m->stretch[i] = (int16_t)x;
	for (; i < 4096; i++)
		m->stretch[i] = 2047;
}

/* Set up a model in WORK (CM_WORK_BYTES), coding the bytes into OUT.  The
 * work memory starts zeroed: empty buckets and match positions. */
static inline struct cm_model *cm_init(void *work, uint8_t *out)
{
	uint8_t *w = work;
	struct cm_model *m = (struct cm_model *)(w + CM_TABLE_BYTES);
	uint32_t i, k, n;

	for (i = 0; i < CM_WORK_BYTES / 4; i++)
		((uint32_t *)work)[i] = 0;
	cm_tables(m);
	for (k = 0; k < CM_CONTEXTS; k++) {
		n = k < CM_BIG_CONTEXTS ? CM_BIG_BITS : CM_SMALL_BITS;
		m->shift[k] = 32 - n;
		for (i = 0; i < 4; i++)
			if (CM_CONTEXT_BYTES >> (4 * k + i) & 1)
				m->mask[k] |= 0xffu << (8 * i);
		m->table[k] = (uint32_t *)w;
		w += 64u << n;
		for (i = 0; i < 256; i++)
			m->history_map[k][i] = 1u << 31;
	}
	m->match_table = (uint32_t *)w;
	w += 4u << CM_MATCH_BITS;
	m->weights = (int32_t *)w;
	for (i = 0; i < CM_INPUTS * CM_MIXER_SETS * CM_MIXERS; i++)
		m->weights[i] = 1 << 13;
	for (i = 0; i < 256; i++)
		for (k = 0; k < CM_MIXERS; k++)
			m->final_weights[i][k] = (1 << 16) / CM_MIXERS;
	for (i = 0; i < 2 * CM_MATCH_MAX; i++)
		m->match_map[i] = 1u << 31;
	for (i = 0; i < 4 * 256; i++)
		for (k = 0; k < 33; k++)
			m->apm[i * 33 + k] = (uint32_t)cm_squash(m, ((int32_t)k - 16) * 128) << 20;
	m->out = out;
	m->partial = 1;
	m->nibble = 1;
	return m;
}

/* The bit history after bit Y: the last CM_HISTORY_BITS bits, marked. */
static inline uint8_t cm_history_next(uint8_t s, int y)
{
	if (!s)
		return (uint8_t)(2 | y);
	if (s < 1 << CM_HISTORY_BITS)
		return (uint8_t)(s * 2 + y);
	return (uint8_t)(((s * 2 + y) & ((1 << CM_HISTORY_BITS) - 1)) | 1 << CM_HISTORY_BITS);
}

/* Move the adaptive probability in *S (probability << 10 | count) towards
 * bit Y, faster while the count is small. */
static inline void cm_adapt(uint32_t *s, int y, uint32_t limit)
{
	uint32_t n = *s & 1023, p = *s >> 10;

	p += ((int32_t)(y << 22) - (int32_t)p) / (int32_t)(n + 2);
	if (n < limit)
		n++;
	*s = p << 10 | n;
}

/* The same for a slot (probability << 16 | history << 8 | count), and
 * the history moves on by bit Y. */
static inline void cm_adapt_slot(uint32_t *s, int y, uint32_t limit)
{
	uint32_t n = *s & 255, p = *s >> 16, h = *s >> 8 & 255;

	p += ((int32_t)(y << 16) - (int32_t)p) / (int32_t)(n + 2);
	if (p > 65535)
		p = 65535;
	if (n < limit)
		n++;
	*s = p << 16 | (uint32_t)cm_history_next((uint8_t)h, y) << 8 | n;
}

/* A dot product of the inputs and W, as a clamped stretched value. */
static inline int32_t cm_dot(const int32_t *in, const int32_t *w, int n)
{
	int32_t d = 0;
	int i;

	for (i = 0; i < n; i++)
		d += (in[i] * w[i]) >> 8;
	d >>= 8;
	return d > 2047 ? 2047 : d < -2047 ? -2047 : d;
}

/* Train W on the inputs towards bit Y, given the prediction P. */
static inline void cm_train(const int32_t *in, int32_t *w, int n, int y, int32_t p, int rate)
{
	int32_t err = ((y << 12) - p) * rate;
	int i;

	for (i = 0; i < n; i++)
		w[i] += (in[i] * err) >> 14;
}

/* The probability (1..4095) that the next bit is a 1. */
static inline int32_t cm_predict(struct cm_model *m)
{
	uint32_t i, k, h, sel[CM_MIXERS], len_bucket;
	int32_t expect, s, lo, wt, p;
	const uint32_t *a;

	for (k = 0; k < CM_CONTEXTS; k++) {
		if (m->nibble == 1) {
			h = m->hash[k] + m->partial * 0x2f0b4ad3u;
			m->bucket[k] = m->table[k] + 16 * (h >> m->shift[k]);
			if (m->bucket[k][0] != h) {
				m->bucket[k][0] = h;
				for (i = 1; i < 16; i++)
					m->bucket[k][i] = 1u << 31;
			}
		}
		m->slot[k] = m->bucket[k] + m->nibble;
		h = *m->slot[k];
		m->input[2 * k] = (h & 255) ? m->stretch[h >> 20] : 0;
		m->input[2 * k + 1] = m->stretch[m->history_map[k][h >> 8 & 255] >> 20];
	}
	m->match_at = 0;
	m->input[2 * CM_CONTEXTS] = 0;
	if (m->match_len) {
		expect = (m->out[m->match_ptr] + 256) >> (7 - m->bit);
		if ((uint32_t)(expect >> 1) == m->partial) {
			m->match_at = (m->match_len < CM_MATCH_MAX ? m->match_len :
				       CM_MATCH_MAX - 1) * 2 + (expect & 1);
			m->input[2 * CM_CONTEXTS] = m->stretch[m->match_map[m->match_at] >> 20];
		} else {
			m->match_len = 0;
		}
	}
	m->input[2 * CM_CONTEXTS + 1] = 256;

	len_bucket = !m->match_len ? 0 : m->match_len < 16 ? 1 : m->match_len < 32 ? 2 : 3;
	sel[0] = len_bucket * 256 + m->partial;
	/* The last byte, and whether this is the first, second, third or a
	 * later bit of the byte being coded. */
	sel[1] = (m->last4 & 255) | (m->bit < 3 ? m->bit : 3) << 8;
	sel[2] = m->last4 >> 8 & 255;
	sel[3] = m->last4 >> 16 & 255;
	for (k = 0; k < CM_MIXERS; k++) {
		m->set[k] = m->weights + (k * CM_MIXER_SETS + sel[k]) * CM_INPUTS;
		m->mixed[k] = cm_dot(m->input, m->set[k], CM_INPUTS);
		m->mixed_p[k] = cm_squash(m, m->mixed[k]);
	}
	m->final_set = m->final_weights[m->last4 & 255];
	s = cm_dot(m->mixed, m->final_set, CM_MIXERS);
	m->p_mix = cm_squash(m, s);

	s += 2048;
	lo = s >> 7;
	wt = s & 127;
	m->apm_at = ((m->last4 & 0xc0) << 2 | m->partial) * 33 + (uint32_t)lo;
	a = m->apm + m->apm_at;
	p = (int32_t)(((a[0] >> 20) * (uint32_t)(128 - wt) + (a[1] >> 20) * (uint32_t)wt) >> 7);
	m->apm_at += (uint32_t)wt >> 6;
	p = (m->p_mix + 3 * p) >> 2;
	return p < 1 ? 1 : p > 4095 ? 4095 : p;
}

/* Learn from bit Y (after cm_predict), and at a byte's end take the next
 * byte's contexts and match. */
static inline void cm_update(struct cm_model *m, int y)
{
	uint32_t k, c4, h, p, len;

	for (k = 0; k < CM_CONTEXTS; k++) {
		cm_adapt(&m->history_map[k][*m->slot[k] >> 8 & 255], y, 1023);
		cm_adapt_slot(m->slot[k], y, CM_SLOT_LIMIT);
	}
	if (m->match_at)
		cm_adapt(&m->match_map[m->match_at], y, 1023);
	for (k = 0; k < CM_MIXERS; k++)
		cm_train(m->input, m->set[k], CM_INPUTS, y, m->mixed_p[k], 16);
	cm_train(m->mixed, m->final_set, CM_MIXERS, y, m->p_mix, 2);
	m->apm[m->apm_at] += (uint32_t)(((y << 16) - (int32_t)(m->apm[m->apm_at] >> 16)) >> 6) << 16;

	m->partial = m->partial * 2 + (uint32_t)y;
	m->nibble = m->nibble * 2 + (uint32_t)y;
	if (m->nibble >= 16)
		m->nibble = 1;
	if (++m->bit < 8)
		return;
	m->out[m->pos++] = (uint8_t)m->partial;
	c4 = m->last4 = m->last4 << 8 | (m->partial & 255);
	m->partial = 1;
	m->bit = 0;
	h = m->pos >= 6 ? (uint32_t)(m->out[m->pos - 5] | m->out[m->pos - 6] << 8) : 0;
	for (k = 0; k < CM_CONTEXTS; k++)
		m->hash[k] = cm_hash(c4 & m->mask[k], k == CM_ORDER6 ? h << 4 | k : k);

	if (m->match_len && m->out[m->match_ptr] == (uint8_t)c4) {
		m->match_len++;
		m->match_ptr++;
	} else {
		m->match_len = 0;
	}
	if (m->pos < CM_MATCH_MIN)
		return;
	h = cm_hash(c4, m->out[m->pos - 5]) >> (32 - CM_MATCH_BITS);
	p = m->match_table[h];
	if (!m->match_len && p) {
		for (len = 0; len < CM_MATCH_MAX && len < p &&
		     m->out[p - 1 - len] == m->out[m->pos - 1 - len]; len++)
			;
		if (len >= CM_MATCH_MIN) {
			m->match_len = len;
			m->match_ptr = p;
		}
	}
	m->match_table[h] = m->pos;
}

#endif
