/*
 * The PC screen and keyboard through the BIOS: output by INT 10h teletype
 * (AH=0Eh, '\n' becomes CR LF), with the small ANSI subset menus use
 * (<wireboot/ansi_screen.h>) carried out by INT 10h cursor, scroll and
 * attribute calls; input by INT 16h (enhanced keyboard, AH=11h/10h).  Keys without a character (arrows, Home, F1, ...) come out
 * as the ANSI escape sequences a terminal would send, so the console core
 * decodes every driver's input the same way.
 */
#include <string.h>
#include <wireboot/console.h>
#include <wireboot/ansi_screen.h>
#include <x86/realmode.h>

#define ESC "\033"

/* Scan codes of keys without a character, and what they send. */
static const struct {
	uint8_t scancode;
	char sequence[6];
} bios_keys[] = {
	{ 0x48, ESC "[A" },	/* Up */
	{ 0x50, ESC "[B" },	/* Down */
	{ 0x4d, ESC "[C" },	/* Right */
	{ 0x4b, ESC "[D" },	/* Left */
	{ 0x47, ESC "[H" },	/* Home */
	{ 0x4f, ESC "[F" },	/* End */
	{ 0x52, ESC "[2~" },	/* Insert */
	{ 0x53, ESC "[3~" },	/* Delete */
	{ 0x49, ESC "[5~" },	/* Page Up */
	{ 0x51, ESC "[6~" },	/* Page Down */
	{ 0x3b, ESC "OP" },	/* F1 */
	{ 0x3c, ESC "OQ" },	/* F2 */
	{ 0x3d, ESC "OR" },	/* F3 */
	{ 0x3e, ESC "OS" },	/* F4 */
	{ 0x3f, ESC "[15~" },	/* F5 */
	{ 0x40, ESC "[17~" },	/* F6 */
	{ 0x41, ESC "[18~" },	/* F7 */
	{ 0x42, ESC "[19~" },	/* F8 */
	{ 0x43, ESC "[20~" },	/* F9 */
	{ 0x44, ESC "[21~" },	/* F10 */
	{ 0x85, ESC "[23~" },	/* F11 */
	{ 0x86, ESC "[24~" },	/* F12 */
};

/* Bytes of the last key not yet handed to the console core. */
static char kbd_pending[8];
static size_t kbd_pending_len, kbd_pending_pos;

/* Text screen geometry and attributes (light grey on black, and reversed). */
#define SCREEN_COLS 80
#define SCREEN_ROWS 25
#define ATTR_NORMAL 0x07
#define ATTR_REVERSE 0x70

/* Are characters being shown in reverse video? */
static bool reverse_video;

/* Call INT 10h with AH=FUNCTION and the other registers from REGS. */
static void video_call(uint8_t function, struct bios_regs *regs)
{
	regs->ah = function;
	realmode_int(0x10, regs);
}

static void bios_tty(uint8_t c)
{
	struct bios_regs regs;

	memset(&regs, 0, sizeof(regs));
	regs.al = c;
	regs.bx = ATTR_NORMAL;
	video_call(0x0e, &regs);
}

/* Where the cursor is (page 0). */
static void cursor_get(unsigned int *row, unsigned int *col)
{
	struct bios_regs regs;

	memset(&regs, 0, sizeof(regs));
	video_call(0x03, &regs);
	*row = regs.dh;
	*col = regs.dl;
}

/* ansi_screen op: put the cursor at ROW, COL (page 0). */
static void screen_move(void *ctx, unsigned int row, unsigned int col)
{
	struct bios_regs regs;

	memset(&regs, 0, sizeof(regs));
	regs.dh = (uint8_t)MIN(row, SCREEN_ROWS - 1);
	regs.dl = (uint8_t)MIN(col, SCREEN_COLS - 1);
	video_call(0x02, &regs);
}

/* Write COUNT copies of C with ATTR at the cursor, which stays put. */
static void screen_fill(uint8_t c, uint8_t attr, unsigned int count)
{
	struct bios_regs regs;

	memset(&regs, 0, sizeof(regs));
	regs.al = c;
	regs.bl = attr;
	regs.cx = (uint16_t)count;
	video_call(0x09, &regs);
}

/* ansi_screen op: a byte of text, in reverse video when that is on. */
static void screen_print(void *ctx, int c)
{
	unsigned int row, col;

	if (c == '\n') {
		bios_tty('\r');
		bios_tty('\n');
	} else if (reverse_video && c >= ' ') {
		cursor_get(&row, &col);
		screen_fill((uint8_t)c, ATTR_REVERSE, 1);
		if (col + 1 < SCREEN_COLS)
			screen_move(ctx, row, col + 1);
	} else {
		bios_tty((uint8_t)c);
	}
}

/* ansi_screen op: blank the screen by scrolling it all away, cursor home. */
static void screen_clear(void *ctx)
{
	struct bios_regs regs;

	memset(&regs, 0, sizeof(regs));
	regs.bh = ATTR_NORMAL;
	regs.dh = SCREEN_ROWS - 1;
	regs.dl = SCREEN_COLS - 1;
	video_call(0x06, &regs);
	screen_move(ctx, 0, 0);
}

/* ansi_screen op: blank from the cursor to the end of its line. */
static void screen_erase_line(void *ctx)
{
	unsigned int row, col;

	cursor_get(&row, &col);
	screen_fill(' ', ATTR_NORMAL, SCREEN_COLS - col);
}

/* ansi_screen op: reverse video on or off. */
static void screen_reverse(void *ctx, bool on)
{
	reverse_video = on;
}

static const struct ansi_screen_ops bios_screen_ops = {
	.print = screen_print,
	.move = screen_move,
	.clear = screen_clear,
	.erase_line = screen_erase_line,
	.reverse = screen_reverse,
};

static struct ansi_screen bios_screen = { .ops = &bios_screen_ops };

static void bios_putchar(int c)
{
	ansi_screen_putchar(&bios_screen, c);
}

/* Queue the bytes for a key read with INT 16h (AL = character, AH = scan). */
static void bios_translate(uint8_t ascii, uint8_t scancode)
{
	size_t i;

	kbd_pending_pos = 0;
	kbd_pending_len = 0;
	if (ascii && !(ascii == 0xe0 && scancode)) {
		kbd_pending[kbd_pending_len++] = (char)ascii;
		return;
	}
	for (i = 0; i < ARRAY_SIZE(bios_keys); i++) {
		if (bios_keys[i].scancode == scancode) {
			kbd_pending_len = strlen(bios_keys[i].sequence);
			memcpy(kbd_pending, bios_keys[i].sequence,
			       kbd_pending_len);
			return;
		}
	}
}

/* Is a key waiting?  Keys that send nothing are read and dropped here. */
static int bios_iskey(void)
{
	struct bios_regs regs;

	while (kbd_pending_pos == kbd_pending_len) {
		memset(&regs, 0, sizeof(regs));
		regs.ah = 0x11;
		realmode_int(0x16, &regs);
		if (regs.flags & BIOS_ZF)
			return 0;
		memset(&regs, 0, sizeof(regs));
		regs.ah = 0x10;
		realmode_int(0x16, &regs);
		bios_translate(regs.al, regs.ah);
	}
	return 1;
}

static int bios_getchar(void)
{
	if (!bios_iskey())
		return 0;
	return (uint8_t)kbd_pending[kbd_pending_pos++];
}

struct console_driver bios_console __console_driver = {
	.name = "bios",
	.putchar = bios_putchar,
	.iskey = bios_iskey,
	.getchar = bios_getchar,
};
