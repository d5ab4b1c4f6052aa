/*
 * Menus for "menu", "item" and "choose": named lists of items, and the
 * screen that lets the user pick one.  The unnamed menu has the name "".
 */
#ifndef WIREBOOT_MENU_H
#define WIREBOOT_MENU_H

#include <wireboot/list.h>

struct menu_item {
	struct list_head list;
	/* What "choose" stores; NULL for a gap (a line that cannot be chosen). */
	char *label;
	/* What the user sees ("" for a blank line). */
	char *text;
	/* Shortcut key (a getkey() code), 0 for none. */
	int key;
	bool is_default;
};

struct menu {
	struct list_head list;
	char *name;
	char *title;
	struct list_head items;
};

/*
 * Create the menu NAME with TITLE (both copied), replacing any menu of
 * that name.  Returns NULL if memory runs out.
 */
struct menu *menu_create(const char *name, const char *title);

/* The menu called NAME, or NULL. */
struct menu *menu_find(const char *name);

/* Forget MENU and its items. */
void menu_destroy(struct menu *menu);

/*
 * Add an item to the end of MENU (LABEL NULL for a gap; strings copied).
 * Returns NULL if memory runs out.
 */
struct menu_item *menu_add_item(struct menu *menu, const char *label,
				const char *text, int key, bool is_default);

/* How menu_show() behaves. */
struct menu_show_options {
	/* Item selected first (by label); NULL for the menu's own default. */
	const char *default_label;
	/* Choose the selection after this long without a key (0 = never). */
	unsigned long timeout_ms;
	/* The same after the user's last key (0 = wait for the user). */
	unsigned long retimeout_ms;
};

/*
 * Draw MENU full-screen (ANSI: cursor moves, reverse video for the
 * selection, a countdown line while a timeout runs) and let the user
 * choose: Up/Down, Page Up/Down, Home/End move, Enter chooses, a
 * shortcut key chooses its item, Esc or Ctrl-C cancels.  Returns 0 with
 * *CHOSEN set, ERR(ECANCELED) if cancelled (or input ended with no
 * timeout), or ERR(ENOENT) if the menu has nothing to choose.
 */
int menu_show(struct menu *menu, const struct menu_show_options *opts,
	      struct menu_item **chosen);

#endif
