/*
 * The small ANSI subset that wireboot's full-screen output uses (menus),
 * decoded for consoles that are not terminals, such as the BIOS VGA text
 * screen: feed every output byte to ansi_screen_putchar() and it calls
 * back with plain bytes and screen operations.
 *
 *   ESC [ row ; col H   move (1-based; missing numbers are 1)
 *   ESC [ 2 J           clear the screen (cursor home)
 *   ESC [ K             erase from the cursor to the end of the line
 *   ESC [ 7 m           reverse video on; ESC [ m, ESC [ 0 m, ESC [ 27 m off
 *
 * Other sequences are swallowed whole, so they never show as garbage.
 */
#ifndef WIREBOOT_ANSI_SCREEN_H
#define WIREBOOT_ANSI_SCREEN_H

#include <wireboot/compiler.h>

struct ansi_screen_ops {
	/* A byte to show as usual (printable, '\n', '\r', '\b', ...). */
	void (*print)(void *ctx, int c);
	/* Put the cursor at ROW, COL (0-based). */
	void (*move)(void *ctx, unsigned int row, unsigned int col);
	/* Blank the screen and put the cursor at the top left. */
	void (*clear)(void *ctx);
	/* Blank from the cursor to the end of its line (cursor stays). */
	void (*erase_line)(void *ctx);
	/* Show what follows in reverse video (ON) or normally. */
	void (*reverse)(void *ctx, bool on);
};

/* Most numbers in one sequence. */
#define ANSI_PARAMS_MAX 4

struct ansi_screen {
	const struct ansi_screen_ops *ops;
	void *ctx;
	/* Where in a sequence the decoder is (plain text, after ESC, ...). */
	int state;
	unsigned int params[ANSI_PARAMS_MAX];
	unsigned int count;
};

/* Start decoding for OPS with CTX. */
void ansi_screen_init(struct ansi_screen *screen,
		      const struct ansi_screen_ops *ops, void *ctx);

/* Decode one output byte C. */
void ansi_screen_putchar(struct ansi_screen *screen, int c);

#endif
