/*
 * Cooperative processes and the main-loop step.  step() never idles: the
 * run list normally holds pollers (NICs, consoles) that cannot say whether
 * they found work, so only a waiter that knows it has nothing to do (sleep,
 * getkey) calls platform_idle() between steps.
 */
#include <wireboot/process.h>
#include <wireboot/timer.h>
#include <wireboot/time.h>
#include <wireboot/init.h>

/* Running processes, in turn order. */
static LIST_HEAD(run_list);

void process_init_stopped(struct process *process,
			  const struct process_descriptor *desc,
			  struct refcnt *refcnt)
{
	INIT_LIST_HEAD(&process->list);
	process->desc = desc;
	process->refcnt = refcnt;
}

void process_init(struct process *process,
		  const struct process_descriptor *desc,
		  struct refcnt *refcnt)
{
	process_init_stopped(process, desc, refcnt);
	process_add(process);
}

bool process_running(struct process *process)
{
	return !list_empty(&process->list);
}

/* A running process holds a reference to its owner. */
void process_add(struct process *process)
{
	if (process_running(process))
		return;
	ref_get(process->refcnt);
	list_add_tail(&process->list, &run_list);
}

void process_del(struct process *process)
{
	if (!process_running(process))
		return;
	list_del(&process->list);
	ref_put(process->refcnt);
}

/*
 * A marker (a process with no descriptor) goes at the back of the run list;
 * each process ahead of it moves behind it and gets its turn, so processes
 * may add or remove themselves or others: anything added during the step
 * waits for the next one.  The marker of an outer step() met by a nested
 * one is moved along like a process.
 */
void step(void)
{
	struct process marker = { .desc = NULL };
	struct process *process;
	struct refcnt *refcnt;

	list_add_tail(&marker.list, &run_list);
	while ((process = list_first_entry(&run_list, struct process, list)) !=
	       &marker) {
		list_del(&process->list);
		list_add_tail(&process->list, &run_list);
		if (!process->desc)
			continue;
		refcnt = ref_get(process->refcnt);
		process->desc->step(process);
		ref_put(refcnt);
	}
	list_del(&marker.list);
	timers_expire(now_ms());
}

/* Init hook: start every permanent process. */
static void start_permanent_processes(void)
{
	struct permanent_process *permanent;

	for_each_table_entry(permanent, permanent_processes)
		process_init(&permanent->process, permanent->process.desc,
			     permanent->process.refcnt);
}

static struct init_fn permanent_processes_init_fn __init_fn = {
	.order = INIT_EARLY,
	.init = start_permanent_processes,
};
