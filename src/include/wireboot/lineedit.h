/*
 * Line editing with history, for the shell and anything else that reads a
 * line from the user.
 *
 * The editor itself is a pure state machine: feed it keys (bytes and the
 * KEY_* codes of <wireboot/console.h>) with lineedit_key() and read back the
 * buffer and cursor.  readline_history() drives it from the console and
 * redraws the line with plain backspaces, spaces and re-printing (no ANSI
 * cursor sequences), so it works on a serial terminal and on the BIOS
 * teletype alike.
 *
 * Keys: printable bytes insert; Left/Right (Ctrl-B/F), Home/End (Ctrl-A/E)
 * move; Backspace (0x08, 0x7f) and Delete (Ctrl-D) delete; Ctrl-K kills to
 * the end, Ctrl-U to the start, Ctrl-W the word before the cursor; Up/Down
 * (Ctrl-P/N) walk the history; Enter (CR or LF) accepts; Ctrl-C cancels.
 */
#ifndef WIREBOOT_LINEEDIT_H
#define WIREBOOT_LINEEDIT_H

#include <wireboot/compiler.h>

/* Lines a history keeps; older ones are forgotten. */
#define HISTORY_MAX 16

/* Lines entered earlier, most recent last.  Zero-initialise before use. */
struct line_history {
	char *lines[HISTORY_MAX];
	unsigned int count;
};

/* Remember LINE (copied) unless it is empty or repeats the last line. */
void history_add(struct line_history *history, const char *line);

/* Forget every line. */
void history_free(struct line_history *history);

/* What lineedit_key() asks of its caller. */
enum lineedit_status {
	LINEEDIT_EDITING = 0,	/* keep feeding keys */
	LINEEDIT_DONE,		/* Enter: the buffer is the line */
	LINEEDIT_CANCELLED,	/* Ctrl-C */
};

struct line_editor {
	/* The line being edited (NUL-terminated, heap). */
	char *buf;
	size_t len;
	size_t size;
	/* Insertion point: 0 ... len. */
	size_t cursor;
	/* History to walk with Up/Down; may be NULL. */
	struct line_history *history;
	/*
	 * Which line is shown: 0 is the new line, N the Nth most recent
	 * history line.  Edits made to a line are kept in DRAFTS while the
	 * user walks away from it, and dropped when editing ends; the
	 * history itself never changes.
	 */
	unsigned int position;
	char *drafts[HISTORY_MAX + 1];
	/*
	 * What the terminal shows, as of the last lineedit_redraw(): the
	 * length of the text and the cursor, and the first byte that has
	 * changed since (bytes before it are still on the screen).
	 */
	size_t shown_len;
	size_t shown_cursor;
	size_t dirty;
};

/*
 * Start editing INITIAL (may be NULL), cursor at the end, nothing shown
 * yet.  Returns 0 or ERR(ENOMEM).
 */
int lineedit_init(struct line_editor *editor, const char *initial,
		  struct line_history *history);

/*
 * Apply KEY.  Returns an enum lineedit_status, or ERR(ENOMEM) if the key
 * could not be applied (the line is unchanged).
 */
int lineedit_key(struct line_editor *editor, int key);

/*
 * Bring the terminal up to date with the editor: emit through EMIT the
 * bytes (printable ones, spaces and '\b' only) that turn what was last
 * shown into the current text with the cursor in place.
 */
void lineedit_redraw(struct line_editor *editor,
		     void (*emit)(void *ctx, int c), void *ctx);

/* Hand over the buffer (caller frees) and end editing. */
char *lineedit_take(struct line_editor *editor);

/* End editing, freeing everything. */
void lineedit_fini(struct line_editor *editor);

/* How readline_edit() reads a line. */
struct readline_options {
	/* Text to start with (may be NULL). */
	const char *initial;
	/* History to walk and add to (may be NULL). */
	struct line_history *history;
	/* Give up if no key comes within this many ms (0 = wait forever). */
	unsigned long timeout_ms;
	/* Show '*' for every character (passwords). */
	bool hidden;
	/* Let Esc cancel as Ctrl-C does. */
	bool escape_cancels;
};

/*
 * Print PROMPT and read a line from the console as OPTS say.  Returns 0
 * with the line in *LINE (heap, caller frees; not added to any history),
 * ERR(ECANCELED) for Ctrl-C or the end of input, ERR(ETIMEDOUT) if no key
 * came in time, or ERR(ENOMEM).  *LINE is NULL on failure.
 */
int readline_edit(const char *prompt, const struct readline_options *opts,
		  char **line);

/*
 * Print PROMPT and read a line from the console with editing and HISTORY
 * (may be NULL).  Returns the line (heap, caller frees; recorded in
 * HISTORY if not empty) or NULL if the user pressed Ctrl-C or memory ran out.
 */
char *readline_history(const char *prompt, struct line_history *history);

#endif
