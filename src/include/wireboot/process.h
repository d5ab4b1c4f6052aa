/*
 * Cooperative processes and the main loop.  Nothing runs in the background:
 * step() gives every running process one turn and every timer a chance to
 * expire; anything that waits (getkey, sleep_ms, a download) calls step()
 * until it is done.
 */
#ifndef WIREBOOT_PROCESS_H
#define WIREBOOT_PROCESS_H

#include <wireboot/list.h>
#include <wireboot/refcnt.h>
#include <wireboot/tables.h>

struct process;

struct process_descriptor {
	/* Name for debug output. */
	const char *name;
	/* One turn of work; must not block. */
	void (*step)(struct process *process);
};

struct process {
	struct list_head list;
	const struct process_descriptor *desc;
	/* Lifetime of the object that embeds this process (may be NULL). */
	struct refcnt *refcnt;
};

/* Set up a process that is not yet running. */
void process_init_stopped(struct process *process,
			  const struct process_descriptor *desc,
			  struct refcnt *refcnt);

/* Set up a process and start it. */
void process_init(struct process *process,
		  const struct process_descriptor *desc,
		  struct refcnt *refcnt);

/*
 * Start / stop giving PROCESS turns (harmless if already in that state).  A
 * running process holds a reference to its REFCNT, and step() holds another
 * for the length of each turn, so a turn may stop its process and drop the
 * owner's last reference.
 */
void process_add(struct process *process);
void process_del(struct process *process);
bool process_running(struct process *process);

/*
 * Processes that run for the whole life of wireboot (e.g. polling NICs):
 *   struct permanent_process nic_poller __permanent_process = {
 *           .process = { .desc = &nic_poll_desc },
 *   };
 * An INIT_EARLY hook starts them all.
 */
struct permanent_process {
	struct process process;
};
DECLARE_TABLE(permanent_processes, struct permanent_process);
#define __permanent_process __table_entry(permanent_processes, struct permanent_process)

/*
 * Give every running process one turn, then expire due timers.  Processes
 * may start or stop any process during their turn; ones started wait for the
 * next step().  step() never calls platform_idle(): pollers cannot say
 * whether they found work, so a waiter idles when it knows it may.
 */
void step(void);

#endif
