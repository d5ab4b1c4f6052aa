/*
 * Unit tests for processes and timers (src/core/process.c,
 * src/core/timer.c).  Timers are expired with explicit times through
 * timers_expire(), so no test depends on how fast the machine is.
 */
#include <stdlib.h>
#include <wireboot/process.h>
#include <wireboot/timer.h>
#include <wireboot/time.h>
#include "unittest.h"

/* A process that counts its turns and can meddle with others. */
struct tproc {
	struct refcnt refcnt;
	struct process process;
	int turns;
	/* On its turn: stop VICTIM, start SPAWN, stop itself if asked. */
	struct tproc *victim;
	struct tproc *spawn;
	bool stop_self;
	/* On its turn: drop the creator's reference too. */
	bool drop_self;
};

static int tprocs_freed;

static void tproc_free(struct refcnt *refcnt)
{
	tprocs_freed++;
	free(container_of(refcnt, struct tproc, refcnt));
}

static void tproc_step(struct process *process)
{
	struct tproc *p = container_of(process, struct tproc, process);

	p->turns++;
	if (p->victim)
		process_del(&p->victim->process);
	if (p->spawn)
		process_add(&p->spawn->process);
	if (p->stop_self)
		process_del(&p->process);
	if (p->drop_self)
		ref_put(&p->refcnt);
	/* Still ours: step() holds a reference for the whole turn. */
	p->turns += 10;
}

static const struct process_descriptor tproc_desc = {
	.name = "tproc",
	.step = tproc_step,
};

UNIT_TEST(process_add_remove_during_step)
{
	struct tproc p1 = { .turns = 0 }, p2 = { .turns = 0 };
	struct tproc p3 = { .turns = 0 }, p4 = { .turns = 0 };

	process_init(&p1.process, &tproc_desc, NULL);
	process_init(&p2.process, &tproc_desc, NULL);
	process_init(&p3.process, &tproc_desc, NULL);
	process_init_stopped(&p4.process, &tproc_desc, NULL);
	ok(!process_running(&p4.process));
	p1.victim = &p2;
	p1.spawn = &p4;
	p3.stop_self = true;
	step();
	ok_eq(p1.turns, 11);
	ok_eq(p2.turns, 0);
	ok_eq(p3.turns, 11);
	ok_eq(p4.turns, 0);
	ok(!process_running(&p2.process));
	ok(!process_running(&p3.process));
	ok(process_running(&p4.process));
	p1.victim = NULL;
	p1.spawn = NULL;
	step();
	ok_eq(p1.turns, 22);
	ok_eq(p3.turns, 11);
	ok_eq(p4.turns, 11);
	process_del(&p1.process);
	process_del(&p4.process);
	process_del(&p4.process);
	step();
	ok_eq(p1.turns, 22);
	ok_eq(p4.turns, 11);
}

UNIT_TEST(process_holds_reference)
{
	int freed = tprocs_freed;
	struct tproc *p = zalloc(sizeof(*p));

	ok(p != NULL);
	if (!p)
		return;
	ref_init(&p->refcnt, tproc_free);
	process_init(&p->process, &tproc_desc, &p->refcnt);
	ok_eq(p->refcnt.count, 1);
	/* Its turn stops it and drops the last outside reference. */
	p->stop_self = true;
	p->drop_self = true;
	step();
	ok_eq(tprocs_freed, freed + 1);
}

/* A timer that logs the order of expiries. */
struct ttimer {
	struct refcnt refcnt;
	struct timer timer;
	int id;
	int fired;
	/* Restart once, with no delay, from the callback. */
	bool restart;
};

static int fire_log[8];
static int fire_count;
static int ttimers_freed;

static void ttimer_free(struct refcnt *refcnt)
{
	ttimers_freed++;
	free(container_of(refcnt, struct ttimer, refcnt));
}

static void ttimer_expired(struct timer *timer)
{
	struct ttimer *t = container_of(timer, struct ttimer, timer);

	t->fired++;
	if (fire_count < (int)ARRAY_SIZE(fire_log))
		fire_log[fire_count++] = t->id;
	if (t->restart) {
		t->restart = false;
		timer_start(&t->timer, 0);
	}
}

UNIT_TEST(timer_expiry_order)
{
	struct ttimer t[4] = { { .id = 1 }, { .id = 2 }, { .id = 3 }, { .id = 4 } };
	static const unsigned long timeouts[4] = { 3000, 1000, 2000, 1000 };
	uint64_t before, after;
	int i;

	fire_count = 0;
	before = now_ms();
	for (i = 0; i < 4; i++) {
		timer_init(&t[i].timer, ttimer_expired, NULL);
		ok(!timer_running(&t[i].timer));
		timer_start(&t[i].timer, timeouts[i]);
		ok(timer_running(&t[i].timer));
	}
	after = now_ms();
	timers_expire(before + 999);
	ok_eq(fire_count, 0);
	timers_expire(before + 1999);
	ok(!t[0].fired && !t[2].fired);
	timers_expire(after + 3000);
	ok_eq(fire_count, 4);
	ok_eq(fire_log[0], 2);
	ok_eq(fire_log[1], 4);
	ok_eq(fire_log[2], 3);
	ok_eq(fire_log[3], 1);
	for (i = 0; i < 4; i++) {
		ok_eq(t[i].fired, 1);
		ok(!timer_running(&t[i].timer));
	}
	timers_expire(after + 10000);
	ok_eq(fire_count, 4);
}

UNIT_TEST(timer_stop_and_restart)
{
	struct ttimer a = { .id = 1 }, b = { .id = 2 };
	uint64_t after;

	fire_count = 0;
	timer_init(&a.timer, ttimer_expired, NULL);
	timer_init(&b.timer, ttimer_expired, NULL);
	timer_start(&a.timer, 500);
	timer_start(&b.timer, 600);
	timer_stop(&a.timer);
	timer_stop(&a.timer);
	ok(!timer_running(&a.timer));
	/* Restarting a running timer moves it. */
	timer_start(&b.timer, 5000);
	after = now_ms();
	timers_expire(after + 1000);
	ok_eq(fire_count, 0);
	timers_expire(after + 5000);
	ok_eq(a.fired, 0);
	ok_eq(b.fired, 1);
	/* A timer restarted by its own expiry waits for the next round. */
	b.restart = true;
	timer_start(&b.timer, 0);
	after = now_ms();
	timers_expire(after);
	ok_eq(b.fired, 2);
	ok(timer_running(&b.timer));
	timers_expire(after + 1000);
	ok_eq(b.fired, 3);
	ok(!timer_running(&b.timer));
}

UNIT_TEST(timer_holds_reference)
{
	int freed = ttimers_freed;
	struct ttimer *t = zalloc(sizeof(*t));

	ok(t != NULL);
	if (!t)
		return;
	ref_init(&t->refcnt, ttimer_free);
	timer_init(&t->timer, ttimer_expired, &t->refcnt);
	timer_start(&t->timer, 100);
	ok_eq(t->refcnt.count, 1);
	timer_start(&t->timer, 200);
	ok_eq(t->refcnt.count, 1);
	timer_stop(&t->timer);
	ok_eq(t->refcnt.count, 0);
	timer_start(&t->timer, 100);
	/* The owner lets go; the running timer keeps it alive until expiry. */
	ref_put(&t->refcnt);
	ok_eq(ttimers_freed, freed);
	timers_expire(now_ms() + 100);
	ok_eq(ttimers_freed, freed + 1);
}

UNIT_TEST(timer_driven_by_step)
{
	struct ttimer t = { .id = 9 };

	timer_init(&t.timer, ttimer_expired, NULL);
	timer_start(&t.timer, 0);
	step();
	ok_eq(t.fired, 1);
}

/* A retry timer that records each expiry and retries until told it is over. */
struct tretry {
	struct retry_timer retry;
	int expiries;
	int overs;
	unsigned long timeouts[8];
};

static void tretry_expired(struct retry_timer *retry, int over)
{
	struct tretry *t = container_of(retry, struct tretry, retry);

	if (t->expiries < (int)ARRAY_SIZE(t->timeouts))
		t->timeouts[t->expiries] = retry->timeout;
	t->expiries++;
	if (over)
		t->overs++;
	else
		retry_start(retry);
}

UNIT_TEST(retry_backoff_doubles_to_max)
{
	struct tretry t = { .expiries = 0 };
	unsigned long timeout;
	uint64_t before;
	int round;

	retry_init(&t.retry, tretry_expired, NULL, 100, 400);
	ok_eq(t.retry.timeout, 100);
	retry_start(&t.retry);
	for (round = 0; round < 10 && retry_running(&t.retry); round++) {
		/* Not before its timeout, surely after. */
		timeout = t.retry.timeout;
		before = now_ms() - 1;
		timer_start(&t.retry.timer, timeout);
		timers_expire(before + timeout);
		ok_eq(t.expiries, round);
		timers_expire(now_ms() + timeout);
		ok_eq(t.expiries, round + 1);
	}
	/* Attempts of 100, 200 and 400 ms: the one at the max is over. */
	ok_eq(t.expiries, 3);
	ok_eq(t.overs, 1);
	ok_eq(t.retry.count, 3);
	ok_eq(t.timeouts[0], 200);
	ok_eq(t.timeouts[1], 400);
	ok_eq(t.timeouts[2], 400);
	ok(!retry_running(&t.retry));
	retry_stop(&t.retry);
	ok_eq(t.retry.timeout, 100);
	ok_eq(t.retry.count, 0);
}

UNIT_TEST(retry_defaults_and_stop)
{
	struct tretry t = { .expiries = 0 };

	retry_init(&t.retry, tretry_expired, NULL, 0, 0);
	ok_eq(t.retry.min_timeout, RETRY_MIN_TIMEOUT);
	ok_eq(t.retry.max_timeout, RETRY_MAX_TIMEOUT);
	retry_init(&t.retry, tretry_expired, NULL, 5000, 10);
	ok_eq(t.retry.max_timeout, 5000);
	retry_start(&t.retry);
	ok(retry_running(&t.retry));
	retry_stop(&t.retry);
	ok(!retry_running(&t.retry));
	timers_expire(now_ms() + 10000);
	ok_eq(t.expiries, 0);
}
