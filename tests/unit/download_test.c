/*
 * Unit tests for the downloader (src/image/download.c), the job monitor
 * (src/image/monitor.c) and imgdownload() (src/image/imgmgmt.c).  A fake
 * transfer registered as the URI scheme "wbdltest" is driven by the tests:
 * deliveries in and out of order, size hints, zero-length buffers,
 * failures, cancellation, and completion from a timer while the monitor
 * waits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/download.h>
#include <wireboot/monitor.h>
#include <wireboot/imgmgmt.h>
#include <wireboot/image.h>
#include <wireboot/open.h>
#include <wireboot/uri.h>
#include <wireboot/xfer.h>
#include <wireboot/timer.h>
#include <wireboot/process.h>
#include <wireboot/errors.h>
#include "console_capture.h"
#include "unittest.h"

#define ERR_SUBSYS ESUB_IMAGE

/* The fake transfer: the far end of a downloader's data interface. */
struct fake_xfer {
	struct refcnt refcnt;
	struct interface xfer;
	/* Set when the downloader closed us, with its status. */
	bool closed;
	int close_rc;
	/* Timer-driven mode: send CHUNKS of CHUNK_LEN bytes, one per tick. */
	struct timer timer;
	unsigned int chunks;
	size_t chunk_len;
	unsigned long tick_ms;
};

/* The transfer opened last (the test holds a reference), and open()'s script. */
static struct fake_xfer *fake;
static int fake_open_rc;
static const char *fake_instant;	/* deliver this and close inside open() */
static unsigned int fake_chunks;	/* timer-driven mode when nonzero */
static size_t fake_chunk_len;
static unsigned long fake_tick_ms;
static uint64_t fake_hint;

static void fake_close(struct fake_xfer *xfer, int rc)
{
	xfer->closed = true;
	xfer->close_rc = rc;
	timer_stop(&xfer->timer);
	intf_shutdown(&xfer->xfer, rc);
}

static struct interface_operation fake_ops[] = {
	INTF_OP(intf_close, struct fake_xfer *, fake_close),
};

static const struct interface_descriptor fake_desc =
	INTF_DESC(struct fake_xfer, xfer, fake_ops);

/* Deliver LEN bytes at DATA, positioned as WHENCE/OFFSET say. */
static int fake_send(const void *data, size_t len, int whence, int64_t offset)
{
	struct xfer_metadata meta = { .whence = whence, .offset = offset };
	struct io_buffer *iob = alloc_iob(len);

	if (!iob)
		return ERR(ENOMEM);
	memcpy(iob_put(iob, len), data, len);
	return xfer_deliver(&fake->xfer, iob, &meta);
}

/* Byte I of the timer-driven stream. */
static uint8_t pattern(size_t i)
{
	return (uint8_t)(i * 31 + (i >> 8));
}

/* Timer-driven mode: one chunk per tick, then close successfully. */
static void fake_tick(struct timer *timer)
{
	struct fake_xfer *xfer = container_of(timer, struct fake_xfer, timer);
	uint8_t buf[4096];
	size_t base;
	size_t i;

	if (!xfer->chunks) {
		fake_close(xfer, 0);
		return;
	}
	base = (size_t)(fake_chunks - xfer->chunks) * xfer->chunk_len;
	for (i = 0; i < xfer->chunk_len; i++)
		buf[i] = pattern(base + i);
	xfer->chunks--;
	timer_start(&xfer->timer, xfer->tick_ms);
	fake_send(buf, xfer->chunk_len, XFER_SEEK_CUR, 0);
}

static void fake_free(struct refcnt *refcnt)
{
	free(container_of(refcnt, struct fake_xfer, refcnt));
}

static int fake_open(struct interface *xfer, struct uri *uri)
{
	if (fake_open_rc)
		return fake_open_rc;
	fake = zalloc(sizeof(*fake));
	if (!fake)
		return ERR(ENOMEM);
	ref_init(&fake->refcnt, fake_free);
	intf_init(&fake->xfer, &fake_desc, &fake->refcnt);
	timer_init(&fake->timer, fake_tick, &fake->refcnt);
	intf_plug_plug(&fake->xfer, xfer);
	if (fake_hint)
		xfer_size_hint(&fake->xfer, fake_hint);
	if (fake_instant) {
		fake_send(fake_instant, strlen(fake_instant), XFER_SEEK_CUR, 0);
		fake_close(fake, 0);
	}
	if (fake_chunks) {
		fake->chunks = fake_chunks;
		fake->chunk_len = fake_chunk_len;
		fake->tick_ms = fake_tick_ms;
		timer_start(&fake->timer, fake_tick_ms);
	}
	return 0;
}

static struct uri_opener fake_opener __uri_opener = {
	.scheme = "wbdltest",
	.open = fake_open,
};

/* Reset the fake's script. */
static void fake_reset(void)
{
	fake = NULL;
	fake_open_rc = 0;
	fake_instant = NULL;
	fake_chunks = 0;
	fake_hint = 0;
}

/* Drop the test's reference to the last fake transfer. */
static void fake_release(void)
{
	if (fake)
		ref_put(&fake->refcnt);
	fake = NULL;
}

/* Start a downloader for TEXT into a fresh image, plugged to MONITOR. */
static int start(struct monitor *monitor, struct image **image,
		 const char *text)
{
	struct uri *uri = parse_uri(text);
	int rc;

	*image = image_alloc("test", "", 0);
	monitor_init(monitor);
	if (!uri || !*image)
		return ERR(ENOMEM);
	rc = create_downloader(&monitor->job, *image, uri);
	uri_put(uri);
	return rc;
}

UNIT_TEST(download_in_order_unknown_size)
{
	struct monitor monitor;
	struct job_progress progress;
	struct image *image;
	size_t heap_before = heap_free_bytes();

	fake_reset();
	ok_eq(start(&monitor, &image, "wbdltest://host/a"), 0);
	ok(fake != NULL);
	ok_eq(fake_send("hello ", 6, XFER_SEEK_CUR, 0), 0);
	ok_eq(fake_send("wide ", 5, XFER_SEEK_CUR, 0), 0);
	ok_eq(fake_send("world", 5, XFER_SEEK_CUR, 0), 0);
	job_progress(&monitor.job, &progress);
	ok_eq(progress.done, 16);
	ok_eq(progress.total, 0);
	ok(!monitor.done);
	intf_close(&fake->xfer, 0);
	ok(monitor.done);
	ok_eq(monitor.rc, 0);
	ok_eq(monitor.progress.done, 16);
	ok_eq(image->len, 16);
	ok(memcmp(image->data, "hello wide world", 16) == 0);
	ok(monitor.job.dest == &null_intf);
	image_put(image);
	fake_release();
	ok_eq(heap_free_bytes(), heap_before);
}

UNIT_TEST(download_out_of_order_offsets)
{
	struct monitor monitor;
	struct image *image;
	static const char zeros[4];

	fake_reset();
	ok_eq(start(&monitor, &image, "wbdltest://host/b"), 0);
	ok_eq(fake_send("EFGH", 4, XFER_SEEK_SET, 4), 0);
	ok_eq(image->len, 8);
	ok(memcmp(image->data, zeros, 4) == 0);
	ok_eq(fake_send("ABCD", 4, XFER_SEEK_SET, 0), 0);
	/* XFER_SEEK_CUR continues after the previous delivery, not the end. */
	ok_eq(fake_send("xy", 2, XFER_SEEK_CUR, 0), 0);
	ok_eq(fake_send("IJ", 2, XFER_SEEK_SET, 8), 0);
	ok_eq(fake_send("KL", 2, XFER_SEEK_CUR, 2), 0);
	intf_close(&fake->xfer, 0);
	ok_eq(monitor.rc, 0);
	ok_eq(image->len, 14);
	ok(memcmp(image->data, "ABCDxyGHIJ\0\0KL", 14) == 0);
	image_put(image);
	fake_release();
}

UNIT_TEST(download_size_hint_presizes)
{
	struct monitor monitor;
	struct job_progress progress;
	struct image *image;
	uint8_t chunk[1000];
	void *buffer;
	unsigned int moves = 0;
	unsigned int i;

	fake_reset();
	memset(chunk, 0x5a, sizeof(chunk));
	ok_eq(start(&monitor, &image, "wbdltest://host/c"), 0);
	xfer_size_hint(&fake->xfer, 100000);
	buffer = image->data;
	ok(buffer != NULL);
	job_progress(&monitor.job, &progress);
	ok_eq(progress.total, 100000);
	for (i = 0; i < 100; i++) {
		ok_eq(fake_send(chunk, sizeof(chunk), XFER_SEEK_CUR, 0), 0);
		if (image->data != buffer)
			moves++;
	}
	intf_close(&fake->xfer, 0);
	ok_eq(moves, 0);
	ok(image->data == buffer);
	ok_eq(image->len, 100000);
	ok_eq(monitor.progress.done, 100000);
	ok_eq(monitor.progress.total, 100000);
	image_put(image);
	fake_release();
}

UNIT_TEST(download_unknown_size_doubles)
{
	struct monitor monitor;
	struct image *image;
	static uint8_t chunk[1460];
	void *buffer = NULL;
	unsigned int moves = 0;
	size_t sent = 0;
	size_t i;
	bool same = true;

	fake_reset();
	ok_eq(start(&monitor, &image, "wbdltest://host/d"), 0);
	while (sent < 4 * 1024 * 1024) {
		for (i = 0; i < sizeof(chunk); i++)
			chunk[i] = pattern(sent + i);
		ok_eq(fake_send(chunk, sizeof(chunk), XFER_SEEK_CUR, 0), 0);
		sent += sizeof(chunk);
		if (image->data != buffer) {
			moves++;
			buffer = image->data;
		}
	}
	intf_close(&fake->xfer, 0);
	ok_eq(monitor.rc, 0);
	ok_eq(image->len, sent);
	for (i = 0; i < sent; i++)
		same = same && ((uint8_t *)image->data)[i] == pattern(i);
	ok(same);
	/* 64 KiB doubling to 4 MiB: at most seven buffers, however it grows. */
	ok(moves <= 7);
	image_put(image);
	fake_release();
}

UNIT_TEST(download_zero_length)
{
	struct monitor monitor;
	struct image *image;

	fake_reset();
	ok_eq(start(&monitor, &image, "wbdltest://host/e"), 0);
	ok_eq(fake_send("", 0, XFER_SEEK_CUR, 0), 0);
	ok_eq(image->len, 0);
	/* An empty delivery moves the position without adding data. */
	ok_eq(fake_send("", 0, XFER_SEEK_SET, 5), 0);
	ok_eq(image->len, 0);
	ok_eq(fake_send("abc", 3, XFER_SEEK_CUR, 0), 0);
	intf_close(&fake->xfer, 0);
	ok_eq(monitor.rc, 0);
	ok_eq(image->len, 8);
	ok(memcmp(image->data, "\0\0\0\0\0abc", 8) == 0);
	image_put(image);
	fake_release();
}

UNIT_TEST(download_empty_resource)
{
	struct monitor monitor;
	struct image *image;

	fake_reset();
	ok_eq(start(&monitor, &image, "wbdltest://host/empty"), 0);
	intf_close(&fake->xfer, 0);
	ok(monitor.done);
	ok_eq(monitor.rc, 0);
	ok_eq(image->len, 0);
	ok(image->data != NULL);
	image_put(image);
	fake_release();
}

UNIT_TEST(download_transfer_fails)
{
	struct monitor monitor;
	struct image *image;
	size_t heap_before = heap_free_bytes();

	fake_reset();
	ok_eq(start(&monitor, &image, "wbdltest://host/f"), 0);
	ok_eq(fake_send("part", 4, XFER_SEEK_CUR, 0), 0);
	intf_close(&fake->xfer, ERR_IN(ESUB_TFTP, ENOENT));
	ok(monitor.done);
	ok_eq(monitor.rc, ERR_IN(ESUB_TFTP, ENOENT));
	ok_eq(monitor.progress.done, 4);
	/* Nothing is delivered any more. */
	ok(fake_send("more", 4, XFER_SEEK_CUR, 0) != 0);
	ok_eq(image->len, 4);
	image_put(image);
	fake_release();
	ok_eq(heap_free_bytes(), heap_before);
}

UNIT_TEST(download_cancelled_by_job)
{
	struct monitor monitor;
	struct image *image;
	size_t heap_before = heap_free_bytes();

	fake_reset();
	ok_eq(start(&monitor, &image, "wbdltest://host/g"), 0);
	ok_eq(fake_send("abc", 3, XFER_SEEK_CUR, 0), 0);
	intf_shutdown(&monitor.job, ERR(ECANCELED));
	ok(fake->closed);
	ok_eq(fake->close_rc, ERR(ECANCELED));
	ok(fake->xfer.dest == &null_intf);
	image_put(image);
	fake_release();
	ok_eq(heap_free_bytes(), heap_before);
}

UNIT_TEST(download_bad_offsets)
{
	struct monitor monitor;
	struct image *image;

	fake_reset();
	ok_eq(start(&monitor, &image, "wbdltest://host/h"), 0);
	ok_eq(fake_send("x", 1, XFER_SEEK_SET, -1), ERR(EINVAL));
	ok(fake->closed);
	ok_eq(fake->close_rc, ERR(EINVAL));
	ok_eq(monitor.rc, ERR(EINVAL));
	image_put(image);
	fake_release();

	ok_eq(start(&monitor, &image, "wbdltest://host/i"), 0);
	ok_eq(fake_send("x", 1, XFER_SEEK_CUR, 0), 0);
	ok_eq(fake_send("x", 1, XFER_SEEK_CUR, INT64_MAX), ERR(EFBIG));
	ok_eq(monitor.rc, ERR(EFBIG));
	image_put(image);
	fake_release();
}

UNIT_TEST(download_hint_beyond_memory)
{
	struct monitor monitor;
	struct image *image;
	size_t heap_before = heap_free_bytes();

	fake_reset();
	ok_eq(start(&monitor, &image, "wbdltest://host/huge"), 0);
	xfer_size_hint(&fake->xfer, (uint64_t)heap_largest_free() + 4096);
	ok(fake->closed);
	ok_eq(fake->close_rc, ERR(ENOMEM));
	ok(monitor.done);
	ok_eq(monitor.rc, ERR(ENOMEM));
	image_put(image);
	fake_release();
	ok_eq(heap_free_bytes(), heap_before);
}

UNIT_TEST(download_open_fails)
{
	struct monitor monitor;
	struct image *image;
	size_t heap_before = heap_free_bytes();

	fake_reset();
	fake_open_rc = ERR_IN(ESUB_TFTP, EACCES);
	ok_eq(start(&monitor, &image, "wbdltest://host/j"), ERR_IN(ESUB_TFTP, EACCES));
	ok(monitor.job.dest == &null_intf);
	ok(!monitor.done);
	image_put(image);
	fake_reset();
	ok_eq(start(&monitor, &image, "nosuchscheme://host/j"), ERR_IN(ESUB_URI, ENOTSUP));
	ok(monitor.job.dest == &null_intf);
	image_put(image);
	ok_eq(heap_free_bytes(), heap_before);
}

UNIT_TEST(download_window_is_open)
{
	struct monitor monitor;
	struct image *image;

	fake_reset();
	ok_eq(start(&monitor, &image, "wbdltest://host/k"), 0);
	ok(xfer_window(&fake->xfer) >= 65536);
	intf_close(&fake->xfer, 0);
	image_put(image);
	fake_release();
}

UNIT_TEST(monitor_format_bytes)
{
	char buf[16];

	ok_str(format_bytes(0, buf, sizeof(buf)), "0 B");
	ok_str(format_bytes(1023, buf, sizeof(buf)), "1023 B");
	ok_str(format_bytes(1024, buf, sizeof(buf)), "1.0 KiB");
	ok_str(format_bytes(1536, buf, sizeof(buf)), "1.5 KiB");
	ok_str(format_bytes(13107200, buf, sizeof(buf)), "12.5 MiB");
	ok_str(format_bytes(1048575, buf, sizeof(buf)), "1.0 MiB");
	ok_str(format_bytes(268435456, buf, sizeof(buf)), "256.0 MiB");
	ok_str(format_bytes(3ULL << 30, buf, sizeof(buf)), "3.0 GiB");
}

UNIT_TEST(monitor_ctrl_c_cancels)
{
	struct monitor monitor;
	struct image *image;
	const char *output;
	int rc;
	size_t heap_before = heap_free_bytes();

	fake_reset();
	ok_eq(start(&monitor, &image, "wbdltest://host/l"), 0);
	capture_start("\x03", 1);
	rc = monitor_wait(&monitor, "wbdltest://host/l", 0);
	output = capture_stop();
	ok_eq(rc, ERR(ECANCELED));
	ok_str(output, "wbdltest://host/l... Operation canceled (image)\n");
	ok(fake->closed);
	ok_eq(fake->close_rc, ERR(ECANCELED));
	ok(monitor.job.dest == &null_intf);
	image_put(image);
	fake_release();
	ok_eq(heap_free_bytes(), heap_before);
}

UNIT_TEST(monitor_timeout_without_progress)
{
	struct monitor monitor;
	struct image *image;
	int rc;

	fake_reset();
	ok_eq(start(&monitor, &image, "wbdltest://host/m"), 0);
	ok_eq(fake_send("x", 1, XFER_SEEK_CUR, 0), 0);
	rc = monitor_wait(&monitor, NULL, 30);
	ok_eq(rc, ERR(ETIMEDOUT));
	ok(fake->closed);
	ok_eq(fake->close_rc, ERR(ETIMEDOUT));
	image_put(image);
	fake_release();
}

UNIT_TEST(monitor_shows_progress)
{
	struct monitor monitor;
	struct image *image;
	const char *output;
	const char *last;
	bool same = true;
	size_t i;
	int rc;

	/* 8 chunks of 4000 bytes, one every 80 ms: several redraws. */
	fake_reset();
	fake_chunks = 8;
	fake_chunk_len = 4000;
	fake_tick_ms = 80;
	fake_hint = 32000;
	ok_eq(start(&monitor, &image, "wbdltest://host/n"), 0);
	capture_start(NULL, 0);
	rc = monitor_wait(&monitor, "wbdltest://host/n", 0);
	output = capture_stop();
	ok_eq(rc, 0);
	ok_eq(image->len, 32000);
	for (i = 0; i < 32000; i++)
		same = same && ((uint8_t *)image->data)[i] == pattern(i);
	ok(same);
	ok(strncmp(output, "wbdltest://host/n... \rwbdltest://host/n... ",
		   43) == 0);
	ok(strstr(output, " / 31.3 KiB (") != NULL);
	ok(strstr(output, "%) ") != NULL);
	ok(strstr(output, "/s") != NULL);
	last = strrchr(output, '\r');
	ok(last && strncmp(last, "\rwbdltest://host/n... ok 31.3 KiB in ",
			   37) == 0);
	ok(strchr(output, '\n') == output + strlen(output) - 1);
	image_put(image);
	fake_release();
}

/* How many loaded images are called NAME. */
static unsigned int count_named(const char *name)
{
	struct image *image;
	unsigned int count = 0;

	for_each_image(image)
		count += strcmp(image->name, name) == 0;
	return count;
}

UNIT_TEST(imgdownload_registers_and_replaces)
{
	struct image *image = NULL;
	struct image *again = NULL;
	const char *output;
	int rc;

	fake_reset();
	fake_instant = "#!ipxe\necho hi\n";
	capture_start(NULL, 0);
	rc = imgdownload("wbdltest://user:secret@host/dir/boot.ipxe?x=1",
			 NULL, "a b", 0, &image);
	output = capture_stop();
	ok_eq(rc, 0);
	ok_str(output, "wbdltest://user@host/dir/boot.ipxe?x=1... ok\n");
	ok(image != NULL);
	if (!image)
		return;
	ok_str(image->name, "boot.ipxe");
	ok_str(image->cmdline, "a b");
	ok_str(image->source, "wbdltest://user@host/dir/boot.ipxe?x=1");
	ok(find_image("boot.ipxe") == image);
	ok(image->type != NULL);
	fake_release();

	/* The same name again replaces the first image. */
	fake_instant = "second";
	capture_start(NULL, 0);
	rc = imgdownload("wbdltest://host/other/boot.ipxe", NULL, NULL, 0,
			 &again);
	capture_stop();
	ok_eq(rc, 0);
	ok(find_image("boot.ipxe") == again);
	ok(again != image);
	ok_eq(again->len, 6);
	ok_eq(count_named("boot.ipxe"), 1);
	image_unregister(again);
	image_put(again);
	image_put(image);
	fake_release();
}

UNIT_TEST(imgdownload_named_and_failing)
{
	struct image *image = NULL;
	const char *output;
	int rc;

	fake_reset();
	fake_instant = "data";
	capture_start(NULL, 0);
	rc = imgdownload("wbdltest://host/x/y.bin", "custom", NULL, 0, &image);
	capture_stop();
	ok_eq(rc, 0);
	ok(image && find_image("custom") == image);
	ok(find_image("y.bin") == NULL);
	if (image) {
		image_unregister(image);
		image_put(image);
	}
	fake_release();

	fake_reset();
	fake_open_rc = ERR_IN(ESUB_TFTP, ENOENT);
	capture_start(NULL, 0);
	rc = imgdownload("wbdltest://host/missing", NULL, NULL, 0, NULL);
	output = capture_stop();
	ok_eq(rc, ERR_IN(ESUB_TFTP, ENOENT));
	ok_str(output, "wbdltest://host/missing... "
		       "No such file or directory (tftp)\n");
	ok(find_image("missing") == NULL);
	fake_reset();
}

UNIT_TEST(imgdownload_image_name_from_uri)
{
	char buf[16];
	struct uri *uri;

	uri = parse_uri("http://h/boot/vmlinuz?v=1#f");
	ok_str(image_name_from_uri(uri, buf, sizeof(buf)), "vmlinuz");
	uri_put(uri);
	uri = parse_uri("tftp://h/a%20b.img");
	ok_str(image_name_from_uri(uri, buf, sizeof(buf)), "a b.img");
	uri_put(uri);
	uri = parse_uri("http://h/dir/");
	ok_str(image_name_from_uri(uri, buf, sizeof(buf)), "");
	uri_put(uri);
	uri = parse_uri("http://h");
	ok_str(image_name_from_uri(uri, buf, sizeof(buf)), "");
	uri_put(uri);
	uri = parse_uri("http://h/a-very-long-file-name.bin");
	ok_str(image_name_from_uri(uri, buf, sizeof(buf)), "a-very-long-fil");
	uri_put(uri);
}

UNIT_TEST(monitor_long_label_own_line)
{
	static const char label[] =
		"wbdltest://a-rather-long-host-name.example/some/dir/file.bin";
	struct monitor monitor;
	struct image *image;
	const char *output;
	const char *report;
	const char *last;
	int rc;

	/* Reports redrawn under a label too long to share an 80-column line. */
	fake_reset();
	fake_chunks = 4;
	fake_chunk_len = 4096;
	fake_tick_ms = 120;
	ok_eq(start(&monitor, &image, label), 0);
	capture_start(NULL, 0);
	rc = monitor_wait(&monitor, label, 0);
	output = capture_stop();
	ok_eq(rc, 0);
	ok(strncmp(output, label, strlen(label)) == 0);
	ok(strncmp(output + strlen(label), "... \n\r  ", 8) == 0);
	report = strstr(output, "\r  ");
	ok(report && report[3] >= '1' && report[3] <= '9');
	ok(strstr(output, " KiB/s") != NULL);
	last = strrchr(output, '\r');
	ok(last && strncmp(last, "\r  ok 16.0 KiB in ", 18) == 0);
	ok_eq(strchr(output, '\n') - output, (long)strlen(label) + 4);
	image_put(image);
	fake_release();
}
