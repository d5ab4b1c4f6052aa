/*
 * The line editor (see <wireboot/lineedit.h>): a key-driven state machine
 * over a heap buffer with history, a redraw that needs nothing but
 * backspace and re-printing, and readline_history() joining both to the
 * console.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <wireboot/lineedit.h>
#include <wireboot/console.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_CONSOLE

void history_add(struct line_history *history, const char *line)
{
	char *copy;

	if (!line[0])
		return;
	if (history->count &&
	    strcmp(history->lines[history->count - 1], line) == 0)
		return;
	copy = strdup(line);
	if (!copy)
		return;
	if (history->count == HISTORY_MAX) {
		free(history->lines[0]);
		memmove(&history->lines[0], &history->lines[1],
			(HISTORY_MAX - 1) * sizeof(history->lines[0]));
		history->count--;
	}
	history->lines[history->count++] = copy;
}

void history_free(struct line_history *history)
{
	while (history->count)
		free(history->lines[--history->count]);
}

/* Make room for a line of LEN bytes (plus its NUL). */
static int reserve(struct line_editor *editor, size_t len)
{
	size_t size = editor->size ? editor->size : 32;
	char *buf;

	if (len < editor->size)
		return 0;
	while (size <= len)
		size *= 2;
	buf = realloc(editor->buf, size);
	if (!buf)
		return ERR(ENOMEM);
	editor->buf = buf;
	editor->size = size;
	return 0;
}

/* Note that bytes from AT onwards differ from what the screen shows. */
static void mark_dirty(struct line_editor *editor, size_t at)
{
	if (at < editor->dirty)
		editor->dirty = at;
}

/* Replace the whole line with TEXT, cursor at the end. */
static int replace_text(struct line_editor *editor, const char *text)
{
	size_t len = strlen(text);
	size_t same = 0;
	int rc;

	rc = reserve(editor, len);
	if (rc != 0)
		return rc;
	while (same < len && same < editor->len &&
	       editor->buf[same] == text[same])
		same++;
	mark_dirty(editor, same);
	memcpy(editor->buf, text, len + 1);
	editor->len = len;
	editor->cursor = len;
	return 0;
}

int lineedit_init(struct line_editor *editor, const char *initial,
		  struct line_history *history)
{
	memset(editor, 0, sizeof(*editor));
	editor->history = history;
	if (reserve(editor, 0) != 0)
		return ERR(ENOMEM);
	editor->buf[0] = '\0';
	return replace_text(editor, initial ? initial : "");
}

/* Insert byte C at the cursor. */
static int insert_char(struct line_editor *editor, char c)
{
	int rc;

	rc = reserve(editor, editor->len + 1);
	if (rc != 0)
		return rc;
	memmove(editor->buf + editor->cursor + 1, editor->buf + editor->cursor,
		editor->len - editor->cursor + 1);
	editor->buf[editor->cursor] = c;
	mark_dirty(editor, editor->cursor);
	editor->len++;
	editor->cursor++;
	return 0;
}

/* Delete the bytes from START up to END and leave the cursor at START. */
static void delete_range(struct line_editor *editor, size_t start, size_t end)
{
	if (start >= end)
		return;
	memmove(editor->buf + start, editor->buf + end,
		editor->len - end + 1);
	editor->len -= end - start;
	editor->cursor = start;
	mark_dirty(editor, start);
}

/* Start of the word before the cursor (skipping spaces before it). */
static size_t word_start(const struct line_editor *editor)
{
	size_t pos = editor->cursor;

	while (pos && isspace(editor->buf[pos - 1]))
		pos--;
	while (pos && !isspace(editor->buf[pos - 1]))
		pos--;
	return pos;
}

/* Show the line at history POSITION, keeping the current one's edits. */
static int history_go(struct line_editor *editor, unsigned int position)
{
	struct line_history *history = editor->history;
	unsigned int count = history ? history->count : 0;
	const char *text;
	char *draft;
	int rc;

	if (position > count || position == editor->position)
		return 0;
	draft = strdup(editor->buf);
	if (!draft)
		return ERR(ENOMEM);
	if (editor->drafts[position])
		text = editor->drafts[position];
	else if (position == 0)
		text = "";
	else
		text = history->lines[count - position];
	rc = replace_text(editor, text);
	if (rc != 0) {
		free(draft);
		return rc;
	}
	free(editor->drafts[editor->position]);
	editor->drafts[editor->position] = draft;
	editor->position = position;
	return 0;
}

int lineedit_key(struct line_editor *editor, int key)
{
	switch (key) {
	case KEY_ENTER:
	case '\n':
		return LINEEDIT_DONE;
	case CTRL('C'):
	case KEY_EOF:
		return LINEEDIT_CANCELLED;
	case KEY_LEFT:
	case CTRL('B'):
		if (editor->cursor)
			editor->cursor--;
		break;
	case KEY_RIGHT:
	case CTRL('F'):
		if (editor->cursor < editor->len)
			editor->cursor++;
		break;
	case KEY_HOME:
	case CTRL('A'):
		editor->cursor = 0;
		break;
	case KEY_END:
	case CTRL('E'):
		editor->cursor = editor->len;
		break;
	case KEY_BACKSPACE:
	case KEY_DEL_ASCII:
		if (editor->cursor)
			delete_range(editor, editor->cursor - 1,
				     editor->cursor);
		break;
	case KEY_DELETE:
	case CTRL('D'):
		if (editor->cursor < editor->len)
			delete_range(editor, editor->cursor,
				     editor->cursor + 1);
		break;
	case CTRL('K'):
		delete_range(editor, editor->cursor, editor->len);
		break;
	case CTRL('U'):
		delete_range(editor, 0, editor->cursor);
		break;
	case CTRL('W'):
		delete_range(editor, word_start(editor), editor->cursor);
		break;
	case KEY_UP:
	case CTRL('P'):
		return history_go(editor, editor->position + 1);
	case KEY_DOWN:
	case CTRL('N'):
		if (editor->position)
			return history_go(editor, editor->position - 1);
		break;
	default:
		if (key >= 0 && key < 0x100 && isprint(key))
			return insert_char(editor, (char)key);
		break;
	}
	return LINEEDIT_EDITING;
}

/* Emit COUNT copies of C. */
static void emit_repeat(void (*emit)(void *ctx, int c), void *ctx, int c,
			size_t count)
{
	while (count--)
		emit(ctx, c);
}

/* Emit the bytes of TEXT from START up to END. */
static void emit_span(void (*emit)(void *ctx, int c), void *ctx,
		      const char *text, size_t start, size_t end)
{
	for (; start < end; start++)
		emit(ctx, (unsigned char)text[start]);
}

/*
 * Move the cursor on screen from FROM to TO: backspaces to go left,
 * re-printing the bytes it passes over (unchanged ones) to go right.
 */
static void move_cursor(const struct line_editor *editor, size_t from,
			size_t to, void (*emit)(void *ctx, int c), void *ctx)
{
	if (to < from)
		emit_repeat(emit, ctx, '\b', from - to);
	else
		emit_span(emit, ctx, editor->buf, from, to);
}

void lineedit_redraw(struct line_editor *editor,
		     void (*emit)(void *ctx, int c), void *ctx)
{
	size_t dirty = MIN(editor->dirty, editor->len);

	if (dirty == editor->len && editor->len == editor->shown_len) {
		/* Only the cursor moved. */
		move_cursor(editor, editor->shown_cursor, editor->cursor,
			    emit, ctx);
	} else {
		dirty = MIN(dirty, editor->shown_len);
		move_cursor(editor, editor->shown_cursor, dirty, emit, ctx);
		emit_span(emit, ctx, editor->buf, dirty, editor->len);
		if (editor->shown_len > editor->len) {
			emit_repeat(emit, ctx, ' ',
				    editor->shown_len - editor->len);
			emit_repeat(emit, ctx, '\b',
				    editor->shown_len - editor->len);
		}
		move_cursor(editor, editor->len, editor->cursor, emit, ctx);
	}
	editor->shown_len = editor->len;
	editor->shown_cursor = editor->cursor;
	editor->dirty = editor->len;
}

/* Free the drafts kept while walking the history. */
static void free_drafts(struct line_editor *editor)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(editor->drafts); i++) {
		free(editor->drafts[i]);
		editor->drafts[i] = NULL;
	}
}

char *lineedit_take(struct line_editor *editor)
{
	char *line = editor->buf;

	editor->buf = NULL;
	lineedit_fini(editor);
	return line;
}

void lineedit_fini(struct line_editor *editor)
{
	free_drafts(editor);
	free(editor->buf);
	editor->buf = NULL;
	editor->len = 0;
	editor->size = 0;
	editor->cursor = 0;
}

/* Emit callback for lineedit_redraw(): straight to the console. */
static void console_emit(void *ctx, int c)
{
	putchar(c);
}

/*
 * Emit callback for a hidden line: '*' in place of each character.  The
 * redraw erases with spaces, so a space typed in a hidden line shows as
 * a space.
 */
static void hidden_emit(void *ctx, int c)
{
	putchar(c == '\b' || c == ' ' ? c : '*');
}

int readline_edit(const char *prompt, const struct readline_options *opts,
		  char **line)
{
	void (*emit)(void *ctx, int c) = opts->hidden ? hidden_emit :
							console_emit;
	unsigned long timeout_ms = opts->timeout_ms;
	struct line_editor editor;
	int status;
	int key;

	*line = NULL;
	printf("%s", prompt);
	if (lineedit_init(&editor, opts->initial, opts->history) != 0) {
		printf("\n");
		return ERR(ENOMEM);
	}
	lineedit_redraw(&editor, emit, NULL);
	do {
		key = getkey(timeout_ms);
		if (key < 0) {
			lineedit_fini(&editor);
			printf("\n");
			return ERR(ETIMEDOUT);
		}
		/* Once the user has typed, wait as long as they like. */
		timeout_ms = 0;
		if (key == KEY_ESC && opts->escape_cancels)
			key = CTRL('C');
		status = lineedit_key(&editor, key);
		if (status < 0)
			continue;
		lineedit_redraw(&editor, emit, NULL);
	} while (status != LINEEDIT_DONE && status != LINEEDIT_CANCELLED);
	printf("\n");
	if (status != LINEEDIT_DONE) {
		lineedit_fini(&editor);
		return ERR(ECANCELED);
	}
	*line = lineedit_take(&editor);
	return 0;
}

char *readline_history(const char *prompt, struct line_history *history)
{
	struct readline_options opts = { .history = history };
	char *line;

	if (readline_edit(prompt, &opts, &line) != 0)
		return NULL;
	if (history)
		history_add(history, line);
	return line;
}
