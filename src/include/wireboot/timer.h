/*
 * Timers, driven by step().  A one-shot timer calls its expired() method once
 * when its timeout has passed; a retry timer adds exponential back-off for
 * protocols that resend until they get an answer.  A running timer holds a
 * reference to its owner (REFCNT), kept until its expired() method returns.
 */
#ifndef WIREBOOT_TIMER_H
#define WIREBOOT_TIMER_H

#include <wireboot/list.h>
#include <wireboot/refcnt.h>

struct timer {
	/* In the list of pending timers while running; empty when stopped. */
	struct list_head list;
	/* When it expires, in now_ms() time. */
	uint64_t expires;
	/* Called once on expiry (the timer is stopped by then). */
	void (*expired)(struct timer *timer);
	/* Lifetime of the owner (may be NULL). */
	struct refcnt *refcnt;
};

/* Set up a stopped timer; must be called before any other timer_*(). */
void timer_init(struct timer *timer, void (*expired)(struct timer *timer),
		struct refcnt *refcnt);

/* (Re)start TIMER to expire TIMEOUT_MS from now. */
void timer_start(struct timer *timer, unsigned long timeout_ms);

/* Stop TIMER if it is running. */
void timer_stop(struct timer *timer);

static inline bool timer_running(const struct timer *timer)
{
	return !list_empty(&timer->list);
}

/*
 * Expire every timer due at NOW (in now_ms() time), earliest first.  step()
 * calls this with the clock; tests may pass a time of their own.  Timers
 * started by the expired() methods wait for the next call.
 */
void timers_expire(uint64_t now);

/* Back-off limits used when retry_init() is given 0. */
#define RETRY_MIN_TIMEOUT 1000
#define RETRY_MAX_TIMEOUT 10000

struct retry_timer {
	struct timer timer;
	/* First and longest timeouts, in ms. */
	unsigned long min_timeout;
	unsigned long max_timeout;
	/* Timeout of the next attempt: doubles on each expiry, up to the max. */
	unsigned long timeout;
	/* Expiries since the timer was set up or last stopped. */
	unsigned int count;
	/*
	 * Called on expiry.  OVER is nonzero when the attempt that just timed
	 * out already had the longest timeout: time to give up.
	 */
	void (*expired)(struct retry_timer *retry, int over);
};

/* Set up a stopped retry timer; MIN_MS/MAX_MS of 0 take the defaults. */
void retry_init(struct retry_timer *retry,
		void (*expired)(struct retry_timer *retry, int over),
		struct refcnt *refcnt, unsigned long min_ms,
		unsigned long max_ms);

/* Start the next attempt's timeout (nothing if already running). */
void retry_start(struct retry_timer *retry);

/* Stop, and reset the back-off to the first timeout. */
void retry_stop(struct retry_timer *retry);

static inline bool retry_running(const struct retry_timer *retry)
{
	return timer_running(&retry->timer);
}

#endif
