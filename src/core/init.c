/*
 * Runs the init, startup and shutdown hooks registered in linker tables.
 * Tables have no order of their own, so hooks run band by band: every hook
 * of the lowest order first, then the next order up (shutdown: down).
 */
#include <limits.h>
#include <wireboot/init.h>

static bool started;
/* startup() has run before: a later one only redoes what shutdown undid. */
static bool restarting;

/* Holds taken with devices_keep(). */
static unsigned int device_holds;

/* The smallest init order above AFTER, or INT_MAX when there is none. */
static int next_init_order(int after)
{
	struct init_fn *fn;
	int best = INT_MAX;

	for_each_table_entry(fn, init_fns) {
		if (fn->order > after && fn->order < best)
			best = fn->order;
	}
	return best;
}

/* The smallest startup order above AFTER, or INT_MAX when there is none. */
static int next_startup_order(int after)
{
	struct startup_fn *fn;
	int best = INT_MAX;

	for_each_table_entry(fn, startup_fns) {
		if (fn->order > after && fn->order < best)
			best = fn->order;
	}
	return best;
}

/* The largest startup order below BEFORE, or INT_MIN when there is none. */
static int previous_startup_order(int before)
{
	struct startup_fn *fn;
	int best = INT_MIN;

	for_each_table_entry(fn, startup_fns) {
		if (fn->order < before && fn->order > best)
			best = fn->order;
	}
	return best;
}

void initialise(void)
{
	struct init_fn *fn;
	int order = INT_MIN;

	while ((order = next_init_order(order)) != INT_MAX) {
		for_each_table_entry(fn, init_fns) {
			if (fn->order == order)
				fn->init();
		}
	}
}

void startup(void)
{
	struct startup_fn *fn;
	int order = INT_MIN;

	if (started)
		return;
	while ((order = next_startup_order(order)) != INT_MAX) {
		for_each_table_entry(fn, startup_fns) {
			if (fn->order == order && fn->startup &&
			    (!restarting || fn->shutdown))
				fn->startup();
		}
	}
	started = true;
	restarting = true;
}

void shutdown(int flags)
{
	struct startup_fn *fn;
	int order = INT_MAX;

	if (!started)
		return;
	while ((order = previous_startup_order(order)) != INT_MIN) {
		for_each_table_entry(fn, startup_fns) {
			if (fn->order == order && fn->shutdown)
				fn->shutdown(flags);
		}
	}
	started = false;
}

void devices_keep(void)
{
	device_holds++;
}

void devices_unkeep(void)
{
	if (device_holds)
		device_holds--;
}

bool devices_kept(void)
{
	return device_holds != 0;
}
