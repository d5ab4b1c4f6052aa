/*
 * The PC screen and keyboard through the BIOS: output by INT 10h teletype
 * (AH=0Eh, '\n' becomes CR LF), input by INT 16h (enhanced keyboard,
 * AH=11h/10h).  Keys without a character (arrows, Home, F1, ...) come out
 * as the ANSI escape sequences a terminal would send, so the console core
 * decodes every driver's input the same way.
 */
#include <string.h>
#include <wireboot/console.h>
#include <x86/realmode.h>

#define ESC "\033"

/* Scan codes of keys without a character, and what they send. */
static const struct {
	uint8_t scancode;
	const char *sequence;
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

static void bios_tty(uint8_t c)
{
	struct bios_regs regs;

	memset(&regs, 0, sizeof(regs));
	regs.ah = 0x0e;
	regs.al = c;
	regs.bx = 0x0007;
	realmode_int(0x10, &regs);
}

static void bios_putchar(int c)
{
	if (c == '\n')
		bios_tty('\r');
	bios_tty((uint8_t)c);
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
