/*
 * The console layer: fans output out to every enabled console driver and
 * gathers input from all of them, decoding ANSI escape sequences (which every
 * driver uses for special keys) into KEY_* codes.
 */
#include <stdio.h>
#include <string.h>
#include <wireboot/console.h>
#include <wireboot/process.h>
#include <wireboot/platform.h>
#include <wireboot/time.h>

/* How long to wait for the rest of an escape sequence. */
#define ESCAPE_TIMEOUT_MS 100

/* Bytes read from drivers but not yet handed out (e.g. an unknown sequence). */
static unsigned char pending[16];
static unsigned int pending_len;

/* Set once a driver reports KEY_EOF. */
static bool input_ended;

int putchar(int c)
{
	struct console_driver *console;

	for_each_table_entry(console, consoles) {
		if (!console->disabled && console->putchar)
			console->putchar(c & 0xff);
	}
	return c & 0xff;
}

void console_write(const char *buf, size_t len)
{
	while (len--)
		putchar(*buf++);
}

int puts(const char *s)
{
	console_write(s, strlen(s));
	putchar('\n');
	return 0;
}

/* Emit callback for vcprintf(): one character to every console. */
static void console_emit(void *ctx, int c)
{
	putchar(c);
}

int vprintf(const char *fmt, va_list args)
{
	return vcprintf(console_emit, NULL, fmt, args);
}

int printf(const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vprintf(fmt, args);
	va_end(args);
	return len;
}

/* The first console driver with input waiting, or NULL. */
static struct console_driver *console_with_input(void)
{
	struct console_driver *console;

	for_each_table_entry(console, consoles) {
		if (!console->disabled && console->iskey && console->iskey())
			return console;
	}
	return NULL;
}

int iskey(void)
{
	return pending_len || console_with_input() != NULL;
}

/* Take one byte of input (or KEY_EOF) if there is one; -1 if none waits. */
static int take_byte(void)
{
	struct console_driver *console;
	int c;

	if (pending_len) {
		c = pending[0];
		memmove(pending, pending + 1, --pending_len);
		return c;
	}
	console = console_with_input();
	if (!console)
		return -1;
	c = console->getchar();
	if (c == KEY_EOF) {
		input_ended = true;
		return KEY_EOF;
	}
	return c & 0xff;
}

bool console_input_ended(void)
{
	return input_ended;
}

/* Wait up to TIMEOUT_MS (0 = forever) for a byte, running the main loop. */
static int wait_byte(unsigned long timeout_ms)
{
	unsigned long start = now_ms();
	int c;

	while ((c = take_byte()) < 0) {
		if (timeout_ms && ms_since(start) >= timeout_ms)
			return -1;
		step();
		platform_idle();
	}
	return c;
}

int getchar(void)
{
	return wait_byte(0);
}

void console_flush_input(void)
{
	pending_len = 0;
	while (take_byte() >= 0 && !input_ended)
		;
}

/* Key for "ESC [ <number> ~" sequences. */
static int tilde_key(unsigned int number)
{
	switch (number) {
	case 1:
	case 7:
		return KEY_HOME;
	case 2:
		return KEY_INSERT;
	case 3:
		return KEY_DELETE;
	case 4:
	case 8:
		return KEY_END;
	case 5:
		return KEY_PAGE_UP;
	case 6:
		return KEY_PAGE_DOWN;
	case 11 ... 15:		/* F1-F5 */
		return KEY_F1 + (int)(number - 11);
	case 17 ... 21:		/* F6-F10 */
		return KEY_F1 + 5 + (int)(number - 17);
	case 23 ... 24:		/* F11-F12 */
		return KEY_F1 + 10 + (int)(number - 23);
	default:
		return -1;
	}
}

/* Key for a final letter of "ESC [ x" or "ESC O x". */
static int letter_key(int letter)
{
	switch (letter) {
	case 'A':
		return KEY_UP;
	case 'B':
		return KEY_DOWN;
	case 'C':
		return KEY_RIGHT;
	case 'D':
		return KEY_LEFT;
	case 'H':
		return KEY_HOME;
	case 'F':
		return KEY_END;
	case 'P' ... 'S':	/* F1-F4 */
		return KEY_F1 + (letter - 'P');
	default:
		return -1;
	}
}

/*
 * Decode what follows an ESC.  Unknown sequences are swallowed whole so
 * they do not type garbage; a lone ESC is returned as KEY_ESC.
 */
static int decode_escape(void)
{
	unsigned int number = 0;
	int c;

	c = wait_byte(ESCAPE_TIMEOUT_MS);
	if (c < 0)
		return KEY_ESC;
	if (c == 'O') {
		c = wait_byte(ESCAPE_TIMEOUT_MS);
		return c < 0 ? KEY_ESC : letter_key(c);
	}
	if (c != '[') {
		pending[pending_len++] = (unsigned char)c;
		return KEY_ESC;
	}
	while ((c = wait_byte(ESCAPE_TIMEOUT_MS)) >= 0) {
		if (c >= '0' && c <= '9') {
			number = number * 10 + (unsigned int)(c - '0');
		} else if (c == ';') {
			number = 0;
		} else if (c == '~') {
			return tilde_key(number);
		} else {
			return letter_key(c);
		}
	}
	return KEY_ESC;
}

int getkey(unsigned long timeout_ms)
{
	int c;
	int key;

	do {
		c = wait_byte(timeout_ms);
		if (c != KEY_ESC)
			return c;
		key = decode_escape();
	} while (key < 0);
	return key;
}
