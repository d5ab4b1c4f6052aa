/*
 * Timers: a list of running timers sorted by expiry time, expired from
 * step(); and retry timers with exponential back-off on top.
 */
#include <wireboot/timer.h>
#include <wireboot/time.h>

/* Running timers, earliest first; equal times keep the order they started. */
static LIST_HEAD(pending_timers);

void timer_init(struct timer *timer, void (*expired)(struct timer *timer),
		struct refcnt *refcnt)
{
	INIT_LIST_HEAD(&timer->list);
	timer->expires = 0;
	timer->expired = expired;
	timer->refcnt = refcnt;
}

void timer_start(struct timer *timer, unsigned long timeout_ms)
{
	struct list_head *pos;

	if (timer_running(timer))
		list_del(&timer->list);
	else
		ref_get(timer->refcnt);
	timer->expires = now_ms() + timeout_ms;
	/* Later timers are usually started last, so search from the back. */
	for (pos = pending_timers.prev; pos != &pending_timers; pos = pos->prev) {
		if (list_entry(pos, struct timer, list)->expires <=
		    timer->expires)
			break;
	}
	list_add(&timer->list, pos);
}

void timer_stop(struct timer *timer)
{
	if (!timer_running(timer))
		return;
	list_del(&timer->list);
	ref_put(timer->refcnt);
}

void timers_expire(uint64_t now)
{
	LIST_HEAD(due);
	struct timer *timer;
	struct refcnt *refcnt;

	while (!list_empty(&pending_timers)) {
		timer = list_first_entry(&pending_timers, struct timer, list);
		if (timer->expires > now)
			break;
		list_del(&timer->list);
		list_add_tail(&timer->list, &due);
	}
	/* Each expiry may stop or restart any timer still in DUE. */
	while (!list_empty(&due)) {
		timer = list_first_entry(&due, struct timer, list);
		list_del(&timer->list);
		refcnt = timer->refcnt;
		timer->expired(timer);
		ref_put(refcnt);
	}
}

/* A retry timer ran out: back off and tell the owner. */
static void retry_expired(struct timer *timer)
{
	struct retry_timer *retry = container_of(timer, struct retry_timer,
						 timer);
	int over = retry->timeout >= retry->max_timeout;

	retry->count++;
	if (retry->timeout > retry->max_timeout / 2)
		retry->timeout = retry->max_timeout;
	else
		retry->timeout *= 2;
	retry->expired(retry, over);
}

void retry_init(struct retry_timer *retry,
		void (*expired)(struct retry_timer *retry, int over),
		struct refcnt *refcnt, unsigned long min_ms,
		unsigned long max_ms)
{
	timer_init(&retry->timer, retry_expired, refcnt);
	retry->min_timeout = min_ms ? min_ms : RETRY_MIN_TIMEOUT;
	retry->max_timeout = max_ms ? max_ms : RETRY_MAX_TIMEOUT;
	if (retry->max_timeout < retry->min_timeout)
		retry->max_timeout = retry->min_timeout;
	retry->timeout = retry->min_timeout;
	retry->count = 0;
	retry->expired = expired;
}

void retry_start(struct retry_timer *retry)
{
	if (!retry_running(retry))
		timer_start(&retry->timer, retry->timeout);
}

void retry_stop(struct retry_timer *retry)
{
	timer_stop(&retry->timer);
	retry->timeout = retry->min_timeout;
	retry->count = 0;
}
