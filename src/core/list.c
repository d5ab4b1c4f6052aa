/*
 * The list operations of <wireboot/list.h> that store more than a pointer or
 * two: out of line, since they are used in many places.
 */
#include <wireboot/list.h>

void list_insert_between(struct list_head *item, struct list_head *prev,
			 struct list_head *next)
{
	next->prev = item;
	item->next = next;
	item->prev = prev;
	prev->next = item;
}

void list_add(struct list_head *item, struct list_head *list)
{
	list_insert_between(item, list, list->next);
}

void list_add_tail(struct list_head *item, struct list_head *list)
{
	list_insert_between(item, list->prev, list);
}

void list_del(struct list_head *item)
{
	item->next->prev = item->prev;
	item->prev->next = item->next;
	INIT_LIST_HEAD(item);
}
