/* Unit tests for the ANSI subset decoder (<wireboot/ansi_screen.h>). */
#include <stdio.h>
#include <string.h>
#include <wireboot/ansi_screen.h>
#include "unittest.h"

/* What the decoder asked for, as text: bytes as they are, operations in []. */
static char actions[512];

/* Append TEXT to ACTIONS. */
static void record(const char *text)
{
	size_t used = strlen(actions);

	strlcpy(actions + used, text, sizeof(actions) - used);
}

static void test_print(void *ctx, int c)
{
	char text[2] = { (char)c, '\0' };

	record(text);
}

static void test_move(void *ctx, unsigned int row, unsigned int col)
{
	char text[32];

	snprintf(text, sizeof(text), "[move %u,%u]", row, col);
	record(text);
}

static void test_clear(void *ctx)
{
	record("[clear]");
}

static void test_erase_line(void *ctx)
{
	record("[eol]");
}

static void test_reverse(void *ctx, bool on)
{
	record(on ? "[rev]" : "[norm]");
}

static const struct ansi_screen_ops test_ops = {
	.print = test_print,
	.move = test_move,
	.clear = test_clear,
	.erase_line = test_erase_line,
	.reverse = test_reverse,
};

/* Decode TEXT from a fresh state; returns what was recorded. */
static const char *decode(const char *text)
{
	struct ansi_screen screen;

	actions[0] = '\0';
	ansi_screen_init(&screen, &test_ops, NULL);
	while (*text)
		ansi_screen_putchar(&screen, (unsigned char)*text++);
	return actions;
}

UNIT_TEST(ansi_screen_sequences)
{
	ok_str(decode("plain\r\n"), "plain\r\n");
	ok_str(decode("\033[3;5Hx"), "[move 2,4]x");
	ok_str(decode("\033[H\033[;7H\033[4H"),
	       "[move 0,0][move 0,6][move 3,0]");
	ok_str(decode("\033[2J\033[K\033[0K"), "[clear][eol][eol]");
	ok_str(decode("\033[7mA\033[0mB\033[mC\033[27m"),
	       "[rev]A[norm]B[norm]C[norm]");
	ok_str(decode("\033[0;7m"), "[norm][rev]");
}

UNIT_TEST(ansi_screen_unknown_swallowed)
{
	ok_str(decode("a\033[?25lb\033[1Jc\033(Bd\033ce"), "abcde");
	ok_str(decode("\033[1;2;3;4;5;6Hx"), "[move 0,1]x");
	/* A huge number wraps but must not upset the decoder. */
	decode("\033[99999999999999999999Hx");
	ok(actions[strlen(actions) - 1] == 'x');
}
