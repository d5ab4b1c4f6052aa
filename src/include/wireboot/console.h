/*
 * The console: several output and input drivers at once (BIOS serial and VGA,
 * hosted stdio).  Drivers register in the "consoles" table; printf() and
 * putchar() reach every enabled output, getchar() takes the first byte any
 * input offers.  Special keys travel as ANSI escape sequences from every
 * driver and getkey() decodes them into KEY_* codes.
 */
#ifndef WIREBOOT_CONSOLE_H
#define WIREBOOT_CONSOLE_H

#include <wireboot/tables.h>

struct console_driver {
	/* Short name, e.g. "serial", "vga", "stdio". */
	const char *name;
	/* Write one byte; '\n' means new line (the driver adds '\r' if needed). */
	void (*putchar)(int c);
	/* Does input wait?  NULL for output-only drivers. */
	int (*iskey)(void);
	/*
	 * Read one waiting byte (only called after iskey() said yes), or
	 * KEY_EOF when the input has ended for good.
	 */
	int (*getchar)(void);
	/* Set to nonzero (e.g. by the platform at start) to silence the driver. */
	int disabled;
};

DECLARE_TABLE(consoles, struct console_driver);
#define __console_driver __table_entry(consoles, struct console_driver)

/* Keys above the byte range, as decoded by getkey(). */
#define KEY_MIN 0x101
#define KEY_UP 0x101
#define KEY_DOWN 0x102
#define KEY_RIGHT 0x103
#define KEY_LEFT 0x104
#define KEY_HOME 0x105
#define KEY_END 0x106
#define KEY_INSERT 0x107
#define KEY_DELETE 0x108
#define KEY_PAGE_UP 0x109
#define KEY_PAGE_DOWN 0x10a
#define KEY_F1 0x111
#define KEY_F12 0x11c
/* Input has ended for good (the hosted build's stdin reached its end). */
#define KEY_EOF 0x1ff

/* Control keys as bytes. */
#define CTRL(letter) ((letter) & 0x1f)
#define KEY_ESC 0x1b
#define KEY_BACKSPACE 0x08
#define KEY_DEL_ASCII 0x7f
#define KEY_ENTER '\r'

/* Is any input waiting? */
int iskey(void);

/*
 * Wait up to TIMEOUT_MS (0 = forever) for a key, running the main loop while
 * waiting.  Returns a byte, a KEY_* code, or -1 on timeout.
 */
int getkey(unsigned long timeout_ms);

/* Has a console reported the end of its input (KEY_EOF)? */
bool console_input_ended(void);

/* Discard pending input. */
void console_flush_input(void);

/* Write LEN bytes of BUF to every console (no formatting). */
void console_write(const char *buf, size_t len);

#endif
