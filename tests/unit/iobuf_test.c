/* Unit tests for I/O buffers (src/core/iobuf.c, wireboot/iobuf.h). */
#include <string.h>
#include <wireboot/iobuf.h>
#include <wireboot/errors.h>
#include "unittest.h"

UNIT_TEST(iobuf_alloc_headroom)
{
	struct io_buffer *iob = alloc_iob(1500);

	ok(iob != NULL);
	if (!iob)
		return;
	ok_eq(iob_headroom(iob), IOB_HEADROOM);
	ok_eq(iob_len(iob), 0);
	ok(iob_tailroom(iob) >= 1500);
	ok_eq((uintptr_t)iob->head & (IOB_ALIGN - 1), 0);
	ok_eq((uintptr_t)iob->data & (IOB_ALIGN - 1), 0);
	ok(list_empty(&iob->list));
	free_iob(iob);
	free_iob(NULL);
}

UNIT_TEST(iobuf_put_push_pull_bounds)
{
	struct io_buffer *iob = alloc_iob_raw(100, 0, 0);
	uint8_t *p;

	ok(iob != NULL);
	if (!iob)
		return;
	ok_eq(iob_tailroom(iob), 100);
	ok(iob_reserve(iob, 20) == (uint8_t *)iob->head + 20);
	p = iob_put(iob, 50);
	ok(p == (uint8_t *)iob->head + 20);
	memset(p, 'x', 50);
	ok_eq(iob_len(iob), 50);
	ok_eq(iob_tailroom(iob), 30);
	/* Too much: refused, nothing changed. */
	ok(iob_put(iob, 31) == NULL);
	ok(iob_push(iob, 21) == NULL);
	ok(iob_pull(iob, 51) == NULL);
	ok(iob_unput(iob, 51) == NULL);
	ok(iob_reserve(iob, 31) == NULL);
	ok_eq(iob_len(iob), 50);
	ok_eq(iob_headroom(iob), 20);
	/* Exactly enough works. */
	p = iob_push(iob, 20);
	ok(p == iob->head);
	memset(p, 'h', 20);
	ok(iob_put(iob, 30) != NULL);
	ok_eq(iob_tailroom(iob), 0);
	ok_eq(iob_len(iob), 100);
	/* Pull hands back the header it strips; unput the trailer it drops. */
	p = iob_pull(iob, 20);
	ok(p == iob->head);
	ok_eq(p[0], 'h');
	ok_eq(*(uint8_t *)iob->data, 'x');
	p = iob_unput(iob, 30);
	ok(p == iob->tail);
	ok_eq(iob_len(iob), 50);
	ok(iob_pull(iob, 50) != NULL);
	ok_eq(iob_len(iob), 0);
	free_iob(iob);
}

UNIT_TEST(iobuf_raw_alignment_offset)
{
	static const size_t offsets[] = { 0, 1, 14, 100, 4095, 4096, 5000 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(offsets); i++) {
		struct io_buffer *iob = alloc_iob_raw(2048, 4096, offsets[i]);

		ok(iob != NULL);
		if (!iob)
			continue;
		ok_eq(((uintptr_t)iob->head + offsets[i]) & 4095, 0);
		ok_eq(iob_tailroom(iob), 2048);
		ok_eq(iob_headroom(iob), 0);
		memset(iob_put(iob, 2048), 0x5a, 2048);
		free_iob(iob);
	}
}

UNIT_TEST(iobuf_ensure_headroom)
{
	struct io_buffer *iob = alloc_iob_raw(64, 0, 0);
	const char *msg = "payload!";
	void *old_head;

	ok(iob != NULL);
	if (!iob)
		return;
	memcpy(iob_put(iob, 8), msg, 8);
	old_head = iob->head;
	ok_eq(iob_ensure_headroom(iob, 0), 0);
	ok(iob->head == old_head);
	ok_eq(iob_ensure_headroom(iob, 40), 0);
	ok(iob_headroom(iob) >= 40);
	ok_eq(iob_len(iob), 8);
	ok_eq(iob_tailroom(iob), 56);
	ok(memcmp(iob->data, msg, 8) == 0);
	memcpy(iob_push(iob, 40), "0123456789012345678901234567890123456789", 40);
	ok_eq(iob_len(iob), 48);
	ok(memcmp((char *)iob->data + 40, msg, 8) == 0);
	free_iob(iob);
}
