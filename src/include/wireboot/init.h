/*
 * Start-up and shut-down hooks.  INIT_FN entries run once, in order, before
 * anything else (no I/O beyond the console yet); STARTUP entries run next
 * and their shutdown halves run in reverse order before wireboot hands the
 * machine to an OS or exits.
 */
#ifndef WIREBOOT_INIT_H
#define WIREBOOT_INIT_H

#include <wireboot/tables.h>

/* Order bands: lower runs first. */
#define INIT_EARLY 10	/* heap, timers */
#define INIT_CONSOLE 20	/* console drivers */
#define INIT_NORMAL 50	/* everything else */
#define INIT_LATE 90

struct init_fn {
	int order;
	void (*init)(void);
};
DECLARE_TABLE(init_fns, struct init_fn);
#define __init_fn __table_entry(init_fns, struct init_fn)

/* Flags passed to shutdown hooks. */
#define SHUTDOWN_BOOT 0x01	/* an OS or loader is taking over */
#define SHUTDOWN_EXIT 0x02	/* wireboot is exiting to its caller */

struct startup_fn {
	const char *name;
	int order;
	void (*startup)(void);
	void (*shutdown)(int flags);
};
DECLARE_TABLE(startup_fns, struct startup_fn);
#define __startup_fn __table_entry(startup_fns, struct startup_fn)

/*
 * Run the init hooks, then the startup hooks (once).  startup() again
 * after shutdown() (a PXE NBP that unloaded us came back) re-runs only
 * the hooks that have a shutdown half: one-shot start-up work stays done.
 */
void initialise(void);
void startup(void);

/* Run the shutdown hooks in reverse order (once per startup). */
void shutdown(int flags);

/*
 * Keeping devices through a boot: something the booted program still uses
 * through wireboot (a SAN drive read through INT 13h) takes a hold, and
 * while any hold is taken shutdown(SHUTDOWN_BOOT) leaves devices (NICs)
 * running.  SHUTDOWN_EXIT removes them regardless.
 */
void devices_keep(void);
void devices_unkeep(void);
bool devices_kept(void);

#endif
