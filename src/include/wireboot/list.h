/* Circular doubly-linked lists embedded in the structures they link. */
#ifndef WIREBOOT_LIST_H
#define WIREBOOT_LIST_H

#include <wireboot/compiler.h>

struct list_head {
	struct list_head *next;
	struct list_head *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

/* Link ITEM in between the neighbours PREV and NEXT (src/core/list.c). */
void list_insert_between(struct list_head *item, struct list_head *prev,
			 struct list_head *next);

/* Insert ITEM at the front of LIST. */
void list_add(struct list_head *item, struct list_head *list);

/* Insert ITEM at the back of LIST. */
void list_add_tail(struct list_head *item, struct list_head *list);

/* Unlink ITEM and leave it pointing at itself, so a second unlink is harmless. */
void list_del(struct list_head *item);

static inline bool list_empty(const struct list_head *list)
{
	return list->next == list;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(list, type, member) \
	list_entry((list)->next, type, member)
#define list_last_entry(list, type, member) \
	list_entry((list)->prev, type, member)

#define list_for_each_entry(pos, list, member)                              \
	for (pos = list_entry((list)->next, __typeof__(*pos), member);      \
	     &pos->member != (list);                                        \
	     pos = list_entry(pos->member.next, __typeof__(*pos), member))

/* Iterate while allowing the current entry to be unlinked. */
#define list_for_each_entry_safe(pos, tmp, list, member)                    \
	for (pos = list_entry((list)->next, __typeof__(*pos), member),      \
	     tmp = list_entry(pos->member.next, __typeof__(*pos), member);  \
	     &pos->member != (list);                                        \
	     pos = tmp,                                                     \
	     tmp = list_entry(tmp->member.next, __typeof__(*pos), member))

#endif
