/* The menus that "menu" and "item" build and "choose" shows (<wireboot/menu.h>). */
#include <stdlib.h>
#include <string.h>
#include <wireboot/menu.h>

/* Every menu, oldest first. */
static LIST_HEAD(menus);

struct menu *menu_find(const char *name)
{
	struct menu *menu;

	list_for_each_entry(menu, &menus, list) {
		if (strcmp(menu->name, name) == 0)
			return menu;
	}
	return NULL;
}

void menu_destroy(struct menu *menu)
{
	struct menu_item *item;
	struct menu_item *tmp;

	list_for_each_entry_safe(item, tmp, &menu->items, list) {
		list_del(&item->list);
		free(item->label);
		free(item->text);
		free(item);
	}
	list_del(&menu->list);
	free(menu->name);
	free(menu->title);
	free(menu);
}

struct menu *menu_create(const char *name, const char *title)
{
	struct menu *menu;
	struct menu *old;

	menu = calloc(1, sizeof(*menu));
	if (!menu)
		return NULL;
	menu->name = strdup(name);
	menu->title = strdup(title);
	if (!menu->name || !menu->title) {
		free(menu->name);
		free(menu->title);
		free(menu);
		return NULL;
	}
	INIT_LIST_HEAD(&menu->items);
	old = menu_find(name);
	if (old)
		menu_destroy(old);
	list_add_tail(&menu->list, &menus);
	return menu;
}

struct menu_item *menu_add_item(struct menu *menu, const char *label,
				const char *text, int key, bool is_default)
{
	struct menu_item *item;

	item = calloc(1, sizeof(*item));
	if (!item)
		return NULL;
	item->label = label ? strdup(label) : NULL;
	item->text = strdup(text);
	if ((label && !item->label) || !item->text) {
		free(item->label);
		free(item->text);
		free(item);
		return NULL;
	}
	item->key = key;
	item->is_default = is_default;
	list_add_tail(&item->list, &menu->items);
	return item;
}
