/*
 * Waiting for a job (a download, and anything else that reports progress)
 * while keeping the user informed.  A job object exposes a control
 * interface: it answers job_progress() and, when it finishes, closes the
 * interface with its status using intf_close() (still answering
 * job_progress() during that call, so the final count is seen) before
 * shutting it down; closing the interface from the other side cancels the
 * job.  monitor_wait() runs the main loop until then, showing
 *
 *     http://x/big.bin... 12.5 MiB / 256.0 MiB (4%) 98.2 MiB/s
 *
 * updated in place ('\r', at most every MONITOR_UPDATE_MS) and finished as
 *
 *     http://x/big.bin... ok 256.0 MiB in 2.6 s (98.5 MiB/s)
 *
 * (just "ok" when no progress was shown), or with the error's words.
 * Ctrl-C cancels the job with ERR(ECANCELED).
 */
#ifndef WIREBOOT_MONITOR_H
#define WIREBOOT_MONITOR_H

#include <wireboot/interface.h>

/* How far a job has got. */
struct job_progress {
	/* Bytes (or units) done so far. */
	uint64_t done;
	/* Bytes expected in all, or 0 when unknown. */
	uint64_t total;
};

/*
 * Ask the job at the far end of INTF how far it has got (*PROGRESS is
 * zeroed first).  Handlers: void progress(OBJ *object,
 * struct job_progress *progress).  Default: leave it zero.
 */
INTF_METHOD_DECLARE(job_progress);
#define job_progress_TYPE(obj_type) void (*)(obj_type, struct job_progress *)
void job_progress(struct interface *intf, struct job_progress *progress);

/* Minimum interval between two updates of the progress line, in ms. */
#define MONITOR_UPDATE_MS 200

/*
 * A monitor, usually on the caller's stack: plug MONITOR->job to the job's
 * control interface after monitor_init().
 */
struct monitor {
	struct interface job;
	/* Set when the job has closed; RC is then its status. */
	bool done;
	int rc;
	/* The latest progress seen (the final count once DONE). */
	struct job_progress progress;
};

/* Set up MONITOR with an unplugged job interface. */
void monitor_init(struct monitor *monitor);

/*
 * Run the main loop until the job finishes, showing progress after
 * "LABEL... " (LABEL NULL: no output at all).  TIMEOUT_MS, if nonzero,
 * cancels the job with ERR(ETIMEDOUT) when it makes no progress for that
 * long.  Returns the job's status, or ERR(ECANCELED) after Ctrl-C; the job
 * interface is unplugged either way.
 */
int monitor_wait(struct monitor *monitor, const char *label,
		 unsigned long timeout_ms);

/*
 * Write a byte count as "512 B", "12.5 KiB", "3.0 MiB", "1.2 GiB" into BUF
 * (at least 16 bytes); returns BUF.
 */
char *format_bytes(uint64_t bytes, char *buf, size_t len);

#endif
