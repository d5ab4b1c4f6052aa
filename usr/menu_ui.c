/*
 * The screen of "choose" (menu_show() in <wireboot/menu.h>): an 80x25
 * full-screen menu drawn with ANSI sequences (cursor position, erase,
 * reverse video), which serial terminals and the hosted console show as
 * is.  Only the lines that change are redrawn, so a slow serial line keeps
 * up; the countdown line changes once a second.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/menu.h>
#include <wireboot/console.h>
#include <wireboot/keywait.h>
#include <wireboot/time.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

#define SCREEN_COLS 80
#define TITLE_ROW 1
#define FIRST_ITEM_ROW 3
#define ITEM_ROWS 19
#define STATUS_ROW 23
#define ITEM_COL 3
#define ITEM_WIDTH (SCREEN_COLS - 2 * (ITEM_COL - 1))

struct menu_ui {
	struct menu_item **items;
	unsigned int count;
	/* Index of the highlighted item, and of the first one on screen. */
	unsigned int selected;
	unsigned int first;
	/* Seconds the countdown line shows (0: no countdown shown). */
	unsigned long shown_secs;
};

/* Put the cursor at ROW, COL (1-based) and erase that line if ERASE. */
static void move_to(unsigned int row, unsigned int col, bool erase)
{
	printf("\033[%u;%uH%s", row, col, erase ? "\033[K" : "");
}

/* Print TEXT cut to WIDTH columns, padded to WIDTH with spaces if PAD. */
static void print_fixed(const char *text, unsigned int width, bool pad)
{
	unsigned int i;

	for (i = 0; i < width && (*text || pad); i++)
		putchar(*text ? *text++ : ' ');
}

/* Draw screen row number ROW (0-based among the item rows). */
static void draw_row(struct menu_ui *ui, unsigned int row)
{
	unsigned int index = ui->first + row;
	bool selected = index == ui->selected;

	move_to(FIRST_ITEM_ROW + row, 1, true);
	if (index >= ui->count)
		return;
	move_to(FIRST_ITEM_ROW + row, ITEM_COL, false);
	if (selected)
		printf("\033[7m");
	/* The selection is a bar as wide as the menu. */
	print_fixed(ui->items[index]->text, ITEM_WIDTH, selected);
	if (selected)
		printf("\033[0m");
}

/* Draw every item row. */
static void draw_items(struct menu_ui *ui)
{
	unsigned int row;

	for (row = 0; row < ITEM_ROWS; row++)
		draw_row(ui, row);
}

/* Show SECS on the countdown line, or clear it for 0. */
static void draw_countdown(struct menu_ui *ui, unsigned long secs)
{
	if (secs == ui->shown_secs)
		return;
	move_to(STATUS_ROW, 1, true);
	if (secs)
		printf("Automatic selection in %lu s", secs);
	ui->shown_secs = secs;
}

/* Draw the whole screen for MENU. */
static void draw_screen(struct menu_ui *ui, struct menu *menu)
{
	size_t len = strlen(menu->title);
	unsigned int col = len < SCREEN_COLS ?
				   (unsigned int)(SCREEN_COLS - len) / 2 + 1 : 1;

	printf("\033[0m\033[2J");
	move_to(TITLE_ROW, col, false);
	print_fixed(menu->title, SCREEN_COLS, false);
	draw_items(ui);
}

/* Move the highlight to INDEX, scrolling if it is off screen. */
static void select_item(struct menu_ui *ui, unsigned int index)
{
	unsigned int old = ui->selected;

	if (index == old)
		return;
	ui->selected = index;
	if (index < ui->first || index >= ui->first + ITEM_ROWS) {
		ui->first = index < ui->first ? index : index - ITEM_ROWS + 1;
		draw_items(ui);
		return;
	}
	draw_row(ui, old - ui->first);
	draw_row(ui, index - ui->first);
}

/*
 * The selectable item nearest to FROM going in direction STEP (+1/-1),
 * starting at FROM itself; the current selection if there is none.
 */
static unsigned int selectable(struct menu_ui *ui, long from, int step)
{
	long i;

	for (i = from; i >= 0 && i < (long)ui->count; i += step) {
		if (ui->items[i]->label)
			return (unsigned int)i;
	}
	return ui->selected;
}

/*
 * Where a page key lands, aiming at AT, a page away from the selection:
 * the selectable item nearest AT going back towards the selection (STEP)
 * if it is still short of the selection, else the nearest one beyond AT.
 */
static unsigned int page_target(struct menu_ui *ui, long at, int step)
{
	unsigned int index = selectable(ui, at, step);

	if ((step > 0 && index < ui->selected) ||
	    (step < 0 && index > ui->selected))
		return index;
	return selectable(ui, at, -step);
}

/* Where KEY moves the highlight; the current selection if nowhere. */
static unsigned int moved_selection(struct menu_ui *ui, int key)
{
	long at = ui->selected;

	switch (key) {
	case KEY_UP:
		return selectable(ui, at - 1, -1);
	case KEY_DOWN:
		return selectable(ui, at + 1, 1);
	case KEY_PAGE_UP:
		return page_target(ui, MAX(at - ITEM_ROWS, 0L), 1);
	case KEY_PAGE_DOWN:
		return page_target(ui, MIN(at + ITEM_ROWS,
					   (long)ui->count - 1), -1);
	case KEY_HOME:
		return selectable(ui, 0, 1);
	case KEY_END:
		return selectable(ui, (long)ui->count - 1, -1);
	default:
		return ui->selected;
	}
}

/* The item whose shortcut is KEY, as an index; -1 if none. */
static long shortcut_item(struct menu_ui *ui, int key)
{
	unsigned int i;

	for (i = 0; i < ui->count; i++) {
		if (ui->items[i]->label && ui->items[i]->key &&
		    ui->items[i]->key == key)
			return i;
	}
	return -1;
}

/* Pick the first selection: the asked-for label, the menu's default, the first item. */
static void initial_selection(struct menu_ui *ui, const char *label)
{
	unsigned int i;

	ui->selected = selectable(ui, 0, 1);
	for (i = 0; i < ui->count; i++) {
		if (ui->items[i]->label && ui->items[i]->is_default)
			ui->selected = i;
	}
	for (i = 0; label && i < ui->count; i++) {
		if (ui->items[i]->label &&
		    strcmp(ui->items[i]->label, label) == 0)
			ui->selected = i;
	}
	if (ui->selected >= ITEM_ROWS)
		ui->first = ui->selected - ITEM_ROWS + 1;
}

/*
 * Run the menu until a choice or cancel; returns the chosen index or a
 * negative error.
 */
static long run_menu(struct menu_ui *ui, const struct menu_show_options *opts)
{
	unsigned long timeout = opts->timeout_ms;
	unsigned long start = now_ms();
	unsigned long elapsed;
	unsigned long remaining;
	unsigned long secs;
	unsigned long wait;
	long index;
	int key;

	while (1) {
		wait = 0;
		if (timeout) {
			elapsed = ms_since(start);
			if (elapsed >= timeout)
				return ui->selected;
			remaining = timeout - elapsed;
			secs = (remaining + 999) / 1000;
			draw_countdown(ui, secs);
			wait = remaining - (secs - 1) * 1000;
		}
		key = key_wait(wait);
		if (key < 0)
			continue;
		if (key == KEY_EOF || key == KEY_ESC || key == CTRL('C'))
			return ERR(ECANCELED);
		timeout = opts->retimeout_ms;
		start = now_ms();
		draw_countdown(ui, 0);
		if (key == '\r' || key == '\n')
			return ui->selected;
		index = shortcut_item(ui, key);
		if (index >= 0)
			return index;
		select_item(ui, moved_selection(ui, key));
	}
}

int menu_show(struct menu *menu, const struct menu_show_options *opts,
	      struct menu_item **chosen)
{
	struct menu_ui ui = { .items = NULL };
	struct menu_item *item;
	long index;

	list_for_each_entry(item, &menu->items, list)
		ui.count++;
	ui.items = calloc(ui.count + 1, sizeof(ui.items[0]));
	if (!ui.items)
		return ERR(ENOMEM);
	ui.count = 0;
	list_for_each_entry(item, &menu->items, list)
		ui.items[ui.count++] = item;
	initial_selection(&ui, opts->default_label);
	if (ui.count == 0 || !ui.items[ui.selected]->label) {
		free(ui.items);
		return ERR(ENOENT);
	}
	draw_screen(&ui, menu);
	index = run_menu(&ui, opts);
	printf("\033[0m\033[2J\033[H");
	if (index >= 0)
		*chosen = ui.items[index];
	free(ui.items);
	return index < 0 ? (int)index : 0;
}
