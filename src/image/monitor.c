/*
 * The wait loop for jobs (downloads): runs the main loop until the job
 * closes, redraws a one-line progress report in place with '\r' (plain
 * text, so it reads well on a serial console), cancels on Ctrl-C or when
 * no progress is made within the caller's timeout.
 */
#include <stdio.h>
#include <string.h>
#include <wireboot/monitor.h>
#include <wireboot/console.h>
#include <wireboot/platform.h>
#include <wireboot/process.h>
#include <wireboot/time.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_IMAGE

/* With no progress for this long, idle between steps (saves CPU). */
#define MONITOR_QUIET_MS 50
/*
 * Keys, progress and the clock are looked at this often: a BIOS keyboard
 * check is a trip to real mode and back, which an emulated CPU pays for
 * dearly (QEMU flushes its translation caches on each mode switch).
 */
#define MONITOR_POLL_MS 20

INTF_METHOD_DEFINE(job_progress);

void job_progress(struct interface *intf, struct job_progress *progress)
{
	struct interface *dest;
	intf_op_t(job_progress) op = intf_get_dest_op(intf, job_progress, &dest);

	memset(progress, 0, sizeof(*progress));
	if (op)
		op(intf_object(dest), progress);
	intf_put(dest);
}

char *format_bytes(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
	unsigned int shift = 10;	/* the unit is 1 << SHIFT bytes */
	unsigned int unit = 0;
	uint32_t tenths;

	if (bytes < 1024) {
		snprintf(buf, len, "%u B", (unsigned int)bytes);
		return buf;
	}
	while (unit + 1 < ARRAY_SIZE(units) && (bytes >> shift) >= 1024) {
		shift += 10;
		unit++;
	}
	for (;;) {
		tenths = (bytes * 10 + (1ULL << (shift - 1))) >> shift;
		/* Rounding may reach the next unit: 1023.96 KiB shows as 1.0 MiB. */
		if (tenths < 10240 || unit + 1 == ARRAY_SIZE(units))
			break;
		shift += 10;
		unit++;
	}
	snprintf(buf, len, "%u.%u %s", (unsigned int)(tenths / 10),
		 (unsigned int)(tenths % 10), units[unit]);
	return buf;
}

/* Bytes per second for BYTES in MS milliseconds (MS > 0); one copy. */
static __noinline uint64_t rate_of(uint64_t bytes, uint32_t ms)
{
	if (bytes > UINT64_MAX / 1000)
		return bytes / ms * 1000;
	return bytes * 1000 / ms;
}

/*
 * Progress reports are redrawn with a bare '\r', which only works while the
 * line fits the screen: a label longer than MONITOR_LABEL_MAX moves the
 * reports to a line of their own, indented, under "LABEL...".
 */
#define MONITOR_WIDTH 80
#define MONITOR_REPORT_MAX 44	/* "1023.9 MiB / 1023.9 MiB (100%) 1023.9 MiB/s" */
#define MONITOR_LABEL_MAX (MONITOR_WIDTH - 1 - MONITOR_REPORT_MAX - 4)

/* The state of the progress line. */
struct progress_line {
	const char *label;
	/* Reports go on their own line (the label is too long to share). */
	bool own_line;
	/* Characters of report on screen now (to blank leftovers). */
	size_t shown;
	/* Has a progress report been drawn? */
	bool drawn;
};

/* Redraw the report as TEXT, blanking what the old one left. */
static void progress_draw(struct progress_line *line, const char *text)
{
	size_t len = strlen(text);
	size_t i;

	if (line->own_line) {
		if (!line->drawn)
			putchar('\n');
		printf("\r  %s", text);
	} else {
		printf("\r%s... %s", line->label, text);
	}
	for (i = len; i < line->shown; i++)
		putchar(' ');
	line->shown = len;
}

/* Show a progress report: done, total and percentage, recent rate. */
static void progress_report(struct progress_line *line,
			    const struct job_progress *progress,
			    uint64_t rate)
{
	char done[16], total[16], speed[16];
	char text[80];
	unsigned int percent;

	format_bytes(progress->done, done, sizeof(done));
	format_bytes(rate, speed, sizeof(speed));
	if (progress->total) {
		percent = (unsigned int)(progress->done >= progress->total ?
			100 : progress->done * 100 / progress->total);
		snprintf(text, sizeof(text), "%s / %s (%u%%) %s/s", done,
			 format_bytes(progress->total, total, sizeof(total)),
			 percent, speed);
	} else {
		snprintf(text, sizeof(text), "%s %s/s", done, speed);
	}
	progress_draw(line, text);
	line->drawn = true;
}

/* Show the outcome and end the line. */
static void progress_finish(struct progress_line *line, int rc,
			    uint64_t done, uint32_t elapsed_ms)
{
	char size[16], speed[16];
	char text[96];

	if (rc != 0) {
		snprintf(text, sizeof(text), "%s", errstr(rc));
	} else if (line->drawn && elapsed_ms) {
		snprintf(text, sizeof(text), "ok %s in %u.%u s (%s/s)",
			 format_bytes(done, size, sizeof(size)),
			 (unsigned int)(elapsed_ms / 1000),
			 (unsigned int)(elapsed_ms % 1000 / 100),
			 format_bytes(rate_of(done, elapsed_ms), speed,
				      sizeof(speed)));
	} else {
		snprintf(text, sizeof(text), "ok");
	}
	/* Nothing drawn yet: the outcome simply follows the label. */
	if (line->drawn)
		progress_draw(line, text);
	else
		printf("%s", text);
	putchar('\n');
}

/* The job has finished: note its status and final progress. */
static void monitor_close(struct monitor *monitor, int rc)
{
	struct job_progress progress;

	job_progress(&monitor->job, &progress);
	if (progress.done > monitor->progress.done)
		monitor->progress = progress;
	monitor->rc = rc;
	monitor->done = true;
	intf_shutdown(&monitor->job, rc);
}

static struct interface_operation monitor_job_ops[] = {
	INTF_OP(intf_close, struct monitor *, monitor_close),
};

static const struct interface_descriptor monitor_job_desc =
	INTF_DESC(struct monitor, job, monitor_job_ops);

void monitor_init(struct monitor *monitor)
{
	memset(monitor, 0, sizeof(*monitor));
	intf_init(&monitor->job, &monitor_job_desc, NULL);
}

/* Stop the job with RC (it will not report back: we stop listening first). */
static void monitor_cancel(struct monitor *monitor, int rc)
{
	monitor->rc = rc;
	monitor->done = true;
	intf_shutdown(&monitor->job, rc);
}

int monitor_wait(struct monitor *monitor, const char *label,
		 unsigned long timeout_ms)
{
	struct progress_line line = {
		.label = label,
		.own_line = label && strlen(label) > MONITOR_LABEL_MAX,
	};
	struct job_progress *progress = &monitor->progress;
	/* now_ms() values: only differences are used (see ms_since()). */
	unsigned long start = now_ms();
	unsigned long now = start;
	unsigned long last_poll = start;
	unsigned long last_draw = start;
	unsigned long last_change = start;
	uint64_t drawn_done = 0;
	uint64_t last_done = 0;

	if (label)
		printf("%s... ", label);
	while (!monitor->done) {
		step();
		if (monitor->done)
			break;
		now = now_ms();
		if (now - last_poll < MONITOR_POLL_MS)
			continue;
		last_poll = now;
		if (iskey() && getkey(1) == CTRL('C')) {
			monitor_cancel(monitor, ERR(ECANCELED));
			break;
		}
		job_progress(&monitor->job, progress);
		if (progress->done != last_done) {
			last_done = progress->done;
			last_change = now;
		} else if (timeout_ms && now - last_change >= timeout_ms) {
			monitor_cancel(monitor, ERR(ETIMEDOUT));
			break;
		}
		/* Nothing to show until data flows (e.g. while connecting). */
		if (label && (progress->done || progress->total) &&
		    now - last_draw >= MONITOR_UPDATE_MS) {
			progress_report(&line, progress,
					rate_of(progress->done - drawn_done,
						now - last_draw));
			last_draw = now;
			drawn_done = progress->done;
		}
		if (now - last_change >= MONITOR_QUIET_MS)
			platform_idle();
	}
	if (label)
		progress_finish(&line, monitor->rc, progress->done,
				ms_since(start));
	return monitor->rc;
}
