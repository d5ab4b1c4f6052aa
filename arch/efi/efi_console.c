/*
 * The console through the firmware: output by ConOut's OutputString()
 * (bytes widened to CHAR16, '\n' sent as CR LF), with the ANSI subset
 * menus use (<wireboot/ansi_screen.h>) carried out by SetCursorPosition(),
 * ClearScreen() and SetAttribute(), since the firmware's text output drops
 * escape characters; input by ConIn's ReadKeyStroke(), where keys without
 * a character (arrows, Home, F1, ...) come out as the ANSI escape sequences
 * a terminal would send, so the console core decodes every driver's input
 * the same way.  On OVMF the serial port is part of ConOut and ConIn.
 */
#include <string.h>
#include <wireboot/console.h>
#include <wireboot/ansi_screen.h>
#include "efi_wireboot.h"

#define ESC "\033"

/* EFI scan codes of keys without a character, and what they send. */
static const struct {
	uint16_t scancode;
	const char *sequence;
} efi_keys[] = {
	{ SCAN_UP, ESC "[A" },
	{ SCAN_DOWN, ESC "[B" },
	{ SCAN_RIGHT, ESC "[C" },
	{ SCAN_LEFT, ESC "[D" },
	{ SCAN_HOME, ESC "[H" },
	{ SCAN_END, ESC "[F" },
	{ SCAN_INSERT, ESC "[2~" },
	{ SCAN_DELETE, ESC "[3~" },
	{ SCAN_PAGE_UP, ESC "[5~" },
	{ SCAN_PAGE_DOWN, ESC "[6~" },
	{ SCAN_F1, ESC "OP" },
	{ SCAN_F2, ESC "OQ" },
	{ SCAN_F3, ESC "OR" },
	{ SCAN_F4, ESC "OS" },
	{ SCAN_F5, ESC "[15~" },
	{ SCAN_F6, ESC "[17~" },
	{ SCAN_F7, ESC "[18~" },
	{ SCAN_F8, ESC "[19~" },
	{ SCAN_F9, ESC "[20~" },
	{ SCAN_F10, ESC "[21~" },
	{ SCAN_F11, ESC "[23~" },
	{ SCAN_F12, ESC "[24~" },
	{ SCAN_ESC, ESC },
};

/* Bytes of the last key not yet handed to the console core. */
static char key_pending[8];
static size_t key_pending_len, key_pending_pos;

/* Text attributes: light grey on black, and reversed. */
#define ATTR_NORMAL EFI_TEXT_ATTR(EFI_LIGHTGRAY, EFI_BLACK)
#define ATTR_REVERSE EFI_TEXT_ATTR(EFI_BLACK, EFI_LIGHTGRAY)

/* Send LEN characters of TEXT to ConOut. */
static void conout_write(const CHAR16 *text, size_t len)
{
	SIMPLE_TEXT_OUTPUT_INTERFACE *out = efi_systab->ConOut;
	CHAR16 buf[8];

	if (efi_boot_services_gone || !out || len >= ARRAY_SIZE(buf))
		return;
	memcpy(buf, text, len * sizeof(CHAR16));
	buf[len] = 0;
	out->OutputString(out, buf);
}

/* ansi_screen op: a byte of text. */
static void screen_print(void *ctx, int c)
{
	static const CHAR16 newline[] = { '\r', '\n' };
	CHAR16 ch = (CHAR16)(uint8_t)c;

	if (c == '\n')
		conout_write(newline, 2);
	else
		conout_write(&ch, 1);
}

/* The current mode's columns and rows (80x25 if the firmware will not say). */
static void screen_size(UINTN *cols, UINTN *rows)
{
	SIMPLE_TEXT_OUTPUT_INTERFACE *out = efi_systab->ConOut;

	if (out->QueryMode(out, (UINTN)out->Mode->Mode, cols, rows) !=
	    EFI_SUCCESS) {
		*cols = 80;
		*rows = 25;
	}
}

/* ansi_screen op: put the cursor at ROW, COL. */
static void screen_move(void *ctx, unsigned int row, unsigned int col)
{
	SIMPLE_TEXT_OUTPUT_INTERFACE *out = efi_systab->ConOut;
	UINTN cols, rows;

	if (efi_boot_services_gone)
		return;
	screen_size(&cols, &rows);
	out->SetCursorPosition(out, MIN(col, cols - 1), MIN(row, rows - 1));
}

/* ansi_screen op: blank the screen, cursor home. */
static void screen_clear(void *ctx)
{
	SIMPLE_TEXT_OUTPUT_INTERFACE *out = efi_systab->ConOut;

	if (!efi_boot_services_gone)
		out->ClearScreen(out);
}

/* ansi_screen op: blank from the cursor to the end of its line. */
static void screen_erase_line(void *ctx)
{
	SIMPLE_TEXT_OUTPUT_INTERFACE *out = efi_systab->ConOut;
	static const CHAR16 space = ' ';
	UINTN cols, rows, col, row, i;

	if (efi_boot_services_gone)
		return;
	screen_size(&cols, &rows);
	col = (UINTN)out->Mode->CursorColumn;
	row = (UINTN)out->Mode->CursorRow;
	/* Stop short of the last column so the firmware does not wrap. */
	for (i = col; i + 1 < cols; i++)
		conout_write(&space, 1);
	out->SetCursorPosition(out, col, row);
}

/* ansi_screen op: reverse video on or off. */
static void screen_reverse(void *ctx, bool on)
{
	SIMPLE_TEXT_OUTPUT_INTERFACE *out = efi_systab->ConOut;

	if (!efi_boot_services_gone)
		out->SetAttribute(out, on ? ATTR_REVERSE : ATTR_NORMAL);
}

static const struct ansi_screen_ops efi_screen_ops = {
	.print = screen_print,
	.move = screen_move,
	.clear = screen_clear,
	.erase_line = screen_erase_line,
	.reverse = screen_reverse,
};

static struct ansi_screen efi_screen = { .ops = &efi_screen_ops };

static void efi_putchar(int c)
{
	ansi_screen_putchar(&efi_screen, c);
}

/* Queue the bytes for KEY. */
static void efi_translate(const EFI_INPUT_KEY *key)
{
	size_t i;

	key_pending_pos = 0;
	key_pending_len = 0;
	if (key->UnicodeChar) {
		if (key->UnicodeChar < 0x80)
			key_pending[key_pending_len++] = (char)key->UnicodeChar;
		return;
	}
	for (i = 0; i < ARRAY_SIZE(efi_keys); i++) {
		if (efi_keys[i].scancode == key->ScanCode) {
			key_pending_len = strlen(efi_keys[i].sequence);
			memcpy(key_pending, efi_keys[i].sequence,
			       key_pending_len);
			return;
		}
	}
}

/* Is a key waiting?  Keys that send nothing are read and dropped here. */
static int efi_iskey(void)
{
	SIMPLE_INPUT_INTERFACE *in = efi_systab->ConIn;
	EFI_INPUT_KEY key;

	if (efi_boot_services_gone || !in)
		return 0;
	while (key_pending_pos == key_pending_len) {
		if (in->ReadKeyStroke(in, &key) != EFI_SUCCESS)
			return 0;
		efi_translate(&key);
	}
	return 1;
}

static int efi_getchar(void)
{
	if (!efi_iskey())
		return 0;
	return (uint8_t)key_pending[key_pending_pos++];
}

struct console_driver efi_console __console_driver = {
	.name = "efi",
	.putchar = efi_putchar,
	.iskey = efi_iskey,
	.getchar = efi_getchar,
};
