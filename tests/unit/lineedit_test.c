/* Unit tests for the line editor: editing keys, history, redraw, readline. */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <wireboot/lineedit.h>
#include <wireboot/console.h>
#include "unittest.h"
#include "console_capture.h"

/* Feed the NUL-terminated KEYS (bytes only) to EDITOR; returns the last status. */
static int type_keys(struct line_editor *editor, const char *keys)
{
	int status = LINEEDIT_EDITING;

	while (*keys)
		status = lineedit_key(editor, (unsigned char)*keys++);
	return status;
}

UNIT_TEST(lineedit_insert_in_middle)
{
	struct line_editor editor;

	ok_eq(lineedit_init(&editor, NULL, NULL), 0);
	ok_eq(type_keys(&editor, "helo"), LINEEDIT_EDITING);
	lineedit_key(&editor, KEY_LEFT);
	lineedit_key(&editor, 'l');
	ok_str(editor.buf, "hello");
	ok_eq(editor.len, 5);
	ok_eq(editor.cursor, 4);
	lineedit_key(&editor, CTRL('B'));
	lineedit_key(&editor, CTRL('B'));
	lineedit_key(&editor, CTRL('F'));
	ok_eq(editor.cursor, 3);
	/* Control bytes and keys without a meaning insert nothing. */
	lineedit_key(&editor, '\t');
	lineedit_key(&editor, KEY_F1);
	lineedit_key(&editor, 0x80);
	ok_str(editor.buf, "hello");
	lineedit_fini(&editor);
}

UNIT_TEST(lineedit_delete_and_backspace)
{
	struct line_editor editor;

	lineedit_init(&editor, "abcd", NULL);
	ok_eq(editor.cursor, 4);
	lineedit_key(&editor, KEY_DELETE);
	ok_str(editor.buf, "abcd");
	lineedit_key(&editor, KEY_BACKSPACE);
	ok_str(editor.buf, "abc");
	lineedit_key(&editor, KEY_DEL_ASCII);
	ok_str(editor.buf, "ab");
	ok_eq(editor.cursor, 2);
	lineedit_key(&editor, KEY_HOME);
	lineedit_key(&editor, KEY_BACKSPACE);
	ok_str(editor.buf, "ab");
	ok_eq(editor.cursor, 0);
	lineedit_key(&editor, KEY_DELETE);
	ok_str(editor.buf, "b");
	lineedit_key(&editor, CTRL('D'));
	ok_str(editor.buf, "");
	lineedit_key(&editor, CTRL('D'));
	lineedit_key(&editor, KEY_BACKSPACE);
	ok_str(editor.buf, "");
	ok_eq(editor.len, 0);
	lineedit_fini(&editor);
}

UNIT_TEST(lineedit_home_and_end)
{
	struct line_editor editor;

	lineedit_init(&editor, "middle", NULL);
	lineedit_key(&editor, KEY_HOME);
	lineedit_key(&editor, '[');
	lineedit_key(&editor, KEY_END);
	lineedit_key(&editor, ']');
	ok_str(editor.buf, "[middle]");
	lineedit_key(&editor, CTRL('A'));
	ok_eq(editor.cursor, 0);
	lineedit_key(&editor, CTRL('E'));
	ok_eq(editor.cursor, 8);
	lineedit_key(&editor, KEY_RIGHT);
	ok_eq(editor.cursor, 8);
	lineedit_key(&editor, KEY_HOME);
	lineedit_key(&editor, KEY_LEFT);
	ok_eq(editor.cursor, 0);
	lineedit_fini(&editor);
}

UNIT_TEST(lineedit_kill_keys)
{
	struct line_editor editor;
	int i;

	lineedit_init(&editor, "chain http://server/boot.ipxe", NULL);
	for (i = 0; i < 9; i++)
		lineedit_key(&editor, KEY_LEFT);
	lineedit_key(&editor, CTRL('K'));
	ok_str(editor.buf, "chain http://server/");
	ok_eq(editor.cursor, 20);

	lineedit_key(&editor, CTRL('W'));
	ok_str(editor.buf, "chain ");
	ok_eq(editor.cursor, 6);
	/* Ctrl-W skips the spaces before the word it removes. */
	lineedit_key(&editor, CTRL('W'));
	ok_str(editor.buf, "");

	type_keys(&editor, "set foo bar");
	for (i = 0; i < 3; i++)
		lineedit_key(&editor, KEY_LEFT);
	lineedit_key(&editor, CTRL('U'));
	ok_str(editor.buf, "bar");
	ok_eq(editor.cursor, 0);
	lineedit_key(&editor, CTRL('U'));
	ok_str(editor.buf, "bar");
	lineedit_fini(&editor);
}

UNIT_TEST(lineedit_enter_and_cancel)
{
	struct line_editor editor;
	char *line;

	lineedit_init(&editor, NULL, NULL);
	ok_eq(type_keys(&editor, "echo hi"), LINEEDIT_EDITING);
	ok_eq(lineedit_key(&editor, KEY_ENTER), LINEEDIT_DONE);
	ok_eq(lineedit_key(&editor, '\n'), LINEEDIT_DONE);
	ok_eq(lineedit_key(&editor, CTRL('C')), LINEEDIT_CANCELLED);
	line = lineedit_take(&editor);
	ok_str(line, "echo hi");
	ok(editor.buf == NULL);
	free(line);
}

UNIT_TEST(lineedit_history_walk_keeps_edits)
{
	struct line_history history = { .count = 0 };
	struct line_editor editor;

	history_add(&history, "one");
	history_add(&history, "two");
	lineedit_init(&editor, NULL, &history);
	type_keys(&editor, "draft");

	lineedit_key(&editor, KEY_UP);
	ok_str(editor.buf, "two");
	ok_eq(editor.cursor, 3);
	lineedit_key(&editor, 'X');
	lineedit_key(&editor, CTRL('P'));
	ok_str(editor.buf, "one");
	/* Past the oldest line nothing changes. */
	lineedit_key(&editor, KEY_UP);
	ok_str(editor.buf, "one");

	lineedit_key(&editor, KEY_DOWN);
	ok_str(editor.buf, "twoX");
	lineedit_key(&editor, CTRL('N'));
	ok_str(editor.buf, "draft");
	lineedit_key(&editor, KEY_DOWN);
	ok_str(editor.buf, "draft");

	/* The history itself is untouched by the edits. */
	lineedit_fini(&editor);
	ok_eq(history.count, 2);
	ok_str(history.lines[0], "one");
	ok_str(history.lines[1], "two");
	history_free(&history);
	ok_eq(history.count, 0);
}

UNIT_TEST(lineedit_history_limits)
{
	struct line_history history = { .count = 0 };
	char line[8];
	int i;

	history_add(&history, "");
	ok_eq(history.count, 0);
	for (i = 0; i < HISTORY_MAX + 4; i++) {
		line[0] = 'a' + (char)i;
		line[1] = '\0';
		history_add(&history, line);
		history_add(&history, line);
	}
	ok_eq(history.count, HISTORY_MAX);
	ok_str(history.lines[0], "e");
	ok_str(history.lines[HISTORY_MAX - 1], "t");
	history_free(&history);
}

UNIT_TEST(lineedit_no_history)
{
	struct line_editor editor;

	lineedit_init(&editor, "x", NULL);
	ok_eq(lineedit_key(&editor, KEY_UP), LINEEDIT_EDITING);
	ok_eq(lineedit_key(&editor, KEY_DOWN), LINEEDIT_EDITING);
	ok_str(editor.buf, "x");
	lineedit_fini(&editor);
}

/* A one-line terminal that understands printable bytes and '\b' only. */
struct fake_terminal {
	char screen[256];
	size_t col;
	size_t width;
	int bad_bytes;
};

static void terminal_emit(void *ctx, int c)
{
	struct fake_terminal *term = ctx;

	if (c == '\b') {
		if (term->col)
			term->col--;
		return;
	}
	if (c < 0x20 || c > 0x7e || term->col >= sizeof(term->screen)) {
		term->bad_bytes++;
		return;
	}
	term->screen[term->col++] = (char)c;
	if (term->col > term->width)
		term->width = term->col;
}

/* Does TERM show exactly EDITOR's line (then blanks), cursor in place? */
static int terminal_matches(const struct fake_terminal *term,
			    const struct line_editor *editor)
{
	size_t i;

	if (term->bad_bytes || term->col != editor->cursor ||
	    term->width < editor->len ||
	    memcmp(term->screen, editor->buf, editor->len) != 0)
		return 0;
	for (i = editor->len; i < term->width; i++) {
		if (term->screen[i] != ' ')
			return 0;
	}
	return 1;
}

UNIT_TEST(lineedit_redraw_tracks_every_edit)
{
	static const int keys[] = {
		'e', 'c', 'h', 'o', ' ', 'h', 'i', KEY_LEFT, KEY_LEFT, 'X',
		KEY_HOME, 'Y', KEY_END, KEY_BACKSPACE, KEY_LEFT, KEY_LEFT,
		KEY_DELETE, CTRL('W'), KEY_UP, KEY_LEFT, 'Z', KEY_DOWN,
		CTRL('A'), CTRL('K'), 'a', 'b', KEY_UP, KEY_UP, CTRL('E'),
		CTRL('U'), 'q',
	};
	struct line_history history = { .count = 0 };
	struct fake_terminal term = { .col = 0 };
	struct line_editor editor;
	unsigned int i;
	int all_match = 1;

	history_add(&history, "a much longer line from history");
	history_add(&history, "short");
	lineedit_init(&editor, "start", &history);
	lineedit_redraw(&editor, terminal_emit, &term);
	ok(terminal_matches(&term, &editor));
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		lineedit_key(&editor, keys[i]);
		lineedit_redraw(&editor, terminal_emit, &term);
		if (!terminal_matches(&term, &editor)) {
			all_match = 0;
			ok_eq(i, ARRAY_SIZE(keys));
		}
	}
	ok(all_match);
	ok_str(editor.buf, "q");
	lineedit_fini(&editor);
	history_free(&history);
}

UNIT_TEST(lineedit_redraw_moves_cursor_cheaply)
{
	struct fake_terminal term = { .col = 0 };
	struct line_editor editor;

	lineedit_init(&editor, "0123456789", NULL);
	lineedit_redraw(&editor, terminal_emit, &term);
	/* One step left costs one backspace and nothing else. */
	term.width = 0;
	lineedit_key(&editor, KEY_LEFT);
	lineedit_redraw(&editor, terminal_emit, &term);
	ok_eq(term.col, 9);
	ok_eq(term.width, 0);
	/* One step right re-prints just the byte passed over. */
	lineedit_key(&editor, KEY_RIGHT);
	lineedit_redraw(&editor, terminal_emit, &term);
	ok_eq(term.col, 10);
	ok_eq(term.width, 10);
	lineedit_fini(&editor);
}

UNIT_TEST(lineedit_readline_from_console)
{
	static const char keys[] = "ehox\x7f\x1b[D\x1b[Dc\x05 world\r";
	struct line_history history = { .count = 0 };
	const char *output;
	char *line;

	capture_start(keys, sizeof(keys) - 1);
	line = readline_history("test> ", &history);
	output = capture_stop();
	ok_str(line, "echo world");
	ok(strncmp(output, "test> ", 6) == 0);
	ok(output[strlen(output) - 1] == '\n');
	ok_eq(history.count, 1);
	ok_str(history.lines[0], "echo world");
	free(line);

	capture_start("abc\x03", 4);
	line = readline_history("test> ", &history);
	capture_stop();
	ok(line == NULL);
	ok_eq(history.count, 1);

	capture_start("\x10\r", 2);
	line = readline_history("test> ", &history);
	capture_stop();
	ok_str(line, "echo world");
	free(line);
	history_free(&history);
}
