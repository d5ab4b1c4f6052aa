/*
 * A console for unit tests of code that talks to the user: between
 * capture_start() and capture_stop() it is the only enabled console, keeps
 * everything printed, and types the keys queued with capture_start().
 * Each test file that includes this header gets its own (normally
 * disabled) console driver.
 */
#ifndef WIREBOOT_TEST_CONSOLE_CAPTURE_H
#define WIREBOOT_TEST_CONSOLE_CAPTURE_H

#include <string.h>
#include <wireboot/console.h>

#define CAPTURE_MAX 8192
#define CAPTURE_CONSOLES_MAX 32

static struct {
	char output[CAPTURE_MAX];
	size_t output_len;
	const char *input;
	size_t input_len;
	unsigned char saved_disabled[CAPTURE_CONSOLES_MAX];
} capture;

/* Keep one printed byte (silently dropping any beyond CAPTURE_MAX). */
static void capture_putchar(int c)
{
	if (capture.output_len < CAPTURE_MAX - 1) {
		capture.output[capture.output_len++] = (char)c;
		capture.output[capture.output_len] = '\0';
	}
}

static int capture_iskey(void)
{
	return capture.input_len != 0;
}

static int capture_getchar(void)
{
	capture.input_len--;
	return (unsigned char)*capture.input++;
}

static struct console_driver capture_console __console_driver = {
	.name = "capture",
	.putchar = capture_putchar,
	.iskey = capture_iskey,
	.getchar = capture_getchar,
	.disabled = 1,
};

/* Silence every other console and start capturing; INPUT_LEN bytes are typed. */
static inline void capture_start(const char *input, size_t input_len)
{
	struct console_driver *console;
	size_t i = 0;

	for_each_table_entry(console, consoles) {
		if (i < CAPTURE_CONSOLES_MAX)
			capture.saved_disabled[i++] = (unsigned char)console->disabled;
		console->disabled = 1;
	}
	capture.output[0] = '\0';
	capture.output_len = 0;
	capture.input = input;
	capture.input_len = input_len;
	capture_console.disabled = 0;
}

/* Give the other consoles back; returns everything printed since the start. */
static inline const char *capture_stop(void)
{
	struct console_driver *console;
	size_t i = 0;

	for_each_table_entry(console, consoles) {
		if (i < CAPTURE_CONSOLES_MAX)
			console->disabled = capture.saved_disabled[i++];
	}
	capture.input_len = 0;
	return capture.output;
}

#endif
