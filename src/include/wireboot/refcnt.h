/*
 * Reference counting.  An object that is shared (by interfaces, lists or
 * callers) embeds a struct refcnt; the last ref_put() calls its free method.
 */
#ifndef WIREBOOT_REFCNT_H
#define WIREBOOT_REFCNT_H

#include <wireboot/compiler.h>

struct refcnt {
	/* Number of references beyond the first; -1 means freed. */
	int count;
	/*
	 * Called when the last reference goes.  NULL means free(refcnt): only
	 * right when the refcnt is the first member of a heap-allocated
	 * object; anything else needs an explicit free method.
	 */
	void (*free)(struct refcnt *refcnt);
};

/* Initialise REFCNT holding one reference; FREE_FN may be NULL (see above). */
static inline void ref_init(struct refcnt *refcnt,
			    void (*free_fn)(struct refcnt *refcnt))
{
	refcnt->count = 0;
	refcnt->free = free_fn;
}

/* Take a reference; REFCNT may be NULL for objects that are not counted. */
struct refcnt *ref_get(struct refcnt *refcnt);

/* Drop a reference; REFCNT may be NULL. */
void ref_put(struct refcnt *refcnt);

/* Typed conveniences: take/drop a reference on an object with a refcnt member. */
#define ref_get_obj(obj) ((void)ref_get(&(obj)->refcnt), (obj))
#define ref_put_obj(obj) ref_put((obj) ? &(obj)->refcnt : NULL)

#endif
