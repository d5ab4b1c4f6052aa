/*
 * Unit tests for interfaces and data transfer (src/core/interface.c,
 * src/core/xfer.c): plugging, delivery, windows, pass-through, closing, and
 * that every object is freed exactly when its last reference goes.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/xfer.h>
#include <wireboot/errors.h>
#include "unittest.h"

/* A test object with one interface (and a second one for pass-through). */
struct tobj {
	struct refcnt refcnt;
	struct interface intf;
	struct interface other;
	size_t bytes;
	int deliveries;
	int closes;
	int close_rc;
	size_t window;
	/* On delivery: shut down and drop the creator's reference. */
	bool vanish_on_deliver;
	/* Objects freed so far, as seen from inside the vanishing handler. */
	int freed_seen;
};

static int tobjs_freed;

static void tobj_free(struct refcnt *refcnt)
{
	tobjs_freed++;
	free(container_of(refcnt, struct tobj, refcnt));
}

static int tobj_deliver(struct tobj *t, struct io_buffer *iob,
			const struct xfer_metadata *meta)
{
	t->deliveries++;
	t->bytes += iob_len(iob);
	free_iob(iob);
	if (t->vanish_on_deliver) {
		intf_shutdown(&t->intf, 0);
		ref_put(&t->refcnt);
		/* Still ours: the call holds a reference until it returns. */
		t->freed_seen = tobjs_freed;
	}
	return 0;
}

static size_t tobj_window(struct tobj *t)
{
	return t->window;
}

static void tobj_close(struct tobj *t, int rc)
{
	t->closes++;
	t->close_rc = rc;
	intf_shutdown(&t->intf, rc);
}

static const struct interface_operation sink_ops[] = {
	INTF_OP(xfer_deliver, struct tobj *, tobj_deliver),
	INTF_OP(xfer_window, struct tobj *, tobj_window),
	INTF_OP(intf_close, struct tobj *, tobj_close),
};
static const struct interface_descriptor sink_desc =
	INTF_DESC(struct tobj, intf, sink_ops);

static const struct interface_descriptor pure_desc =
	INTF_DESC_PURE(struct tobj, intf);

/* A filter answers window queries itself and passes everything else on. */
static const struct interface_operation filter_ops[] = {
	INTF_OP(xfer_window, struct tobj *, tobj_window),
};
static const struct interface_descriptor filter_desc =
	INTF_DESC_PASSTHRU(struct tobj, intf, filter_ops, other);
static const struct interface_descriptor filter_other_desc =
	INTF_DESC_PURE(struct tobj, other);

static struct tobj *new_tobj(const struct interface_descriptor *desc)
{
	struct tobj *t = zalloc(sizeof(*t));

	ok(t != NULL);
	ref_init(&t->refcnt, tobj_free);
	intf_init(&t->intf, desc, &t->refcnt);
	intf_init(&t->other, &filter_other_desc, &t->refcnt);
	return t;
}

UNIT_TEST(interface_deliver_window_close)
{
	int freed = tobjs_freed;
	struct tobj *src = new_tobj(&pure_desc);
	struct tobj *sink = new_tobj(&sink_desc);
	int reset = ERR_IN(ESUB_TCP, ECONNRESET);

	sink->window = 1234;
	intf_plug_plug(&src->intf, &sink->intf);
	ok_eq(src->refcnt.count, 1);
	ok_eq(sink->refcnt.count, 1);
	ok_eq(xfer_deliver_raw(&src->intf, "hello", 5), 0);
	ok_eq(sink->deliveries, 1);
	ok_eq(sink->bytes, 5);
	ok_eq(xfer_window(&src->intf), 1234);
	/* The source handles nothing: defaults apply the other way. */
	ok_eq(xfer_window(&sink->intf), 0);
	ok(err_is(xfer_deliver_raw(&sink->intf, "x", 1), ENOTCONN));
	xfer_window_changed(&sink->intf);

	intf_shutdown(&src->intf, reset);
	ok_eq(sink->closes, 1);
	ok_eq(sink->close_rc, reset);
	ok(src->intf.dest == &null_intf);
	ok(sink->intf.dest == &null_intf);
	ok_eq(src->refcnt.count, 0);
	ok_eq(sink->refcnt.count, 0);
	ref_put(&src->refcnt);
	ref_put(&sink->refcnt);
	ok_eq(tobjs_freed, freed + 2);
}

UNIT_TEST(interface_unplugged_defaults)
{
	int freed = tobjs_freed;
	struct tobj *t = new_tobj(&sink_desc);
	size_t before = heap_free_bytes();

	ok(err_is(xfer_deliver_raw(&t->intf, "data", 4), ENOTCONN));
	ok_eq(heap_free_bytes(), before);
	ok_eq(xfer_window(&t->intf), 0);
	xfer_window_changed(&t->intf);
	intf_close(&t->intf, 0);
	intf_shutdown(&t->intf, 0);
	ok(null_intf.dest == &null_intf);
	ok_eq(t->refcnt.count, 0);
	ref_put(&t->refcnt);
	ok_eq(tobjs_freed, freed + 1);
}

UNIT_TEST(interface_close_default_unplugs)
{
	int freed = tobjs_freed;
	struct tobj *a = new_tobj(&pure_desc);
	struct tobj *b = new_tobj(&pure_desc);

	intf_plug_plug(&a->intf, &b->intf);
	intf_close(&a->intf, 0);
	/* B had no close handler, so it let go of A. */
	ok(b->intf.dest == &null_intf);
	ok_eq(a->refcnt.count, 0);
	ok(a->intf.dest == &b->intf);
	intf_unplug(&a->intf);
	ok_eq(b->refcnt.count, 0);
	ref_put(&a->refcnt);
	ref_put(&b->refcnt);
	ok_eq(tobjs_freed, freed + 2);
}

UNIT_TEST(interface_passthru)
{
	int freed = tobjs_freed;
	struct tobj *src = new_tobj(&pure_desc);
	struct tobj *filter = new_tobj(&filter_desc);
	struct tobj *sink = new_tobj(&sink_desc);

	filter->window = 77;
	sink->window = 5000;
	intf_plug_plug(&src->intf, &filter->intf);
	intf_plug_plug(&filter->other, &sink->intf);
	ok_eq(xfer_deliver_raw(&src->intf, "abc", 3), 0);
	ok_eq(sink->bytes, 3);
	ok_eq(filter->deliveries, 0);
	ok_eq(xfer_window(&src->intf), 77);
	ok_eq(xfer_window(&filter->other), 5000);
	/* Closing passes through the filter to the sink. */
	intf_close(&src->intf, 42);
	ok_eq(sink->closes, 1);
	ok_eq(sink->close_rc, 42);
	ok(sink->intf.dest == &null_intf);
	intf_unplug(&src->intf);
	intf_unplug(&filter->intf);
	intf_unplug(&filter->other);
	ok_eq(src->refcnt.count, 0);
	ok_eq(filter->refcnt.count, 0);
	ok_eq(sink->refcnt.count, 0);
	ref_put(&src->refcnt);
	ref_put(&filter->refcnt);
	ref_put(&sink->refcnt);
	ok_eq(tobjs_freed, freed + 3);
}

UNIT_TEST(interface_close_inside_callback)
{
	int freed = tobjs_freed;
	struct tobj *src = new_tobj(&sink_desc);
	struct tobj *victim = new_tobj(&sink_desc);

	victim->vanish_on_deliver = true;
	intf_plug_plug(&src->intf, &victim->intf);
	/* VICTIM shuts down and drops its last reference while being called. */
	ok_eq(xfer_deliver_raw(&src->intf, "bye", 3), 0);
	ok_eq(tobjs_freed, freed + 1);
	ok_eq(src->closes, 1);
	ok(src->intf.dest == &null_intf);
	ok_eq(src->refcnt.count, 0);
	ref_put(&src->refcnt);
	ok_eq(tobjs_freed, freed + 2);
}

/* Checked apart from the test above: VICTIM is gone by the time it ends. */
UNIT_TEST(interface_callback_holds_reference)
{
	int freed = tobjs_freed;
	struct tobj *src = new_tobj(&pure_desc);
	struct tobj *victim = new_tobj(&sink_desc);
	struct tobj *watch;

	victim->vanish_on_deliver = true;
	intf_plug_plug(&src->intf, &victim->intf);
	/* Keep VICTIM alive after the call to read what its handler saw. */
	watch = ref_get_obj(victim);
	ok_eq(xfer_deliver_raw(&src->intf, "bye", 3), 0);
	ok_eq(watch->freed_seen, freed);
	ok_eq(watch->refcnt.count, 0);
	ref_put(&watch->refcnt);
	ok_eq(tobjs_freed, freed + 1);
	ok_eq(src->refcnt.count, 0);
	ref_put(&src->refcnt);
	ok_eq(tobjs_freed, freed + 2);
}

UNIT_TEST(interface_shutdown_ignores_later_calls)
{
	int freed = tobjs_freed;
	struct tobj *a = new_tobj(&sink_desc);
	struct tobj *b = new_tobj(&pure_desc);

	intf_plug_plug(&a->intf, &b->intf);
	intf_shutdown(&a->intf, 0);
	ok(b->intf.dest == &null_intf);
	/* Someone still sending to A after shutdown reaches no handler. */
	intf_plug(&b->intf, &a->intf);
	ok(err_is(xfer_deliver_raw(&b->intf, "late", 4), ENOTCONN));
	ok_eq(a->deliveries, 0);
	ok_eq(xfer_window(&b->intf), 0);
	intf_unplug(&b->intf);
	ok_eq(a->refcnt.count, 0);
	ref_put(&a->refcnt);
	ref_put(&b->refcnt);
	ok_eq(tobjs_freed, freed + 2);
}

UNIT_TEST(interface_restart_keeps_handlers)
{
	int freed = tobjs_freed;
	struct tobj *a = new_tobj(&sink_desc);
	struct tobj *b = new_tobj(&sink_desc);

	intf_plug_plug(&a->intf, &b->intf);
	intf_restart(&a->intf, 7);
	ok_eq(b->closes, 1);
	ok_eq(b->close_rc, 7);
	ok(a->intf.dest == &null_intf);
	ok(a->intf.desc == &sink_desc);
	/* B's close handler shut it down for good; give it its handlers back. */
	ok(b->intf.desc != &sink_desc);
	intf_init(&b->intf, &sink_desc, &b->refcnt);
	intf_plug_plug(&a->intf, &b->intf);
	ok_eq(xfer_deliver_raw(&b->intf, "again", 5), 0);
	ok_eq(a->bytes, 5);
	intf_shutdown(&a->intf, 0);
	ok_eq(b->closes, 2);
	ok_eq(a->refcnt.count, 0);
	ok_eq(b->refcnt.count, 0);
	ref_put(&a->refcnt);
	ref_put(&b->refcnt);
	ok_eq(tobjs_freed, freed + 2);
}
