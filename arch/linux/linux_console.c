/* The hosted console: standard output and standard input. */
#include <wireboot/console.h>
#include "host.h"

/* Write one byte to standard output. */
static void stdio_putchar(int c)
{
	char byte = (char)c;

	host_write_stdout(&byte, 1);
}

/* Read one waiting byte from standard input; KEY_EOF once it has ended. */
static int stdio_getchar(void)
{
	int c = host_stdin_read();

	return c < 0 ? KEY_EOF : c;
}

struct console_driver stdio_console __console_driver = {
	.name = "stdio",
	.putchar = stdio_putchar,
	.iskey = host_stdin_ready,
	.getchar = stdio_getchar,
};
