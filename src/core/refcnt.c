/*
 * Reference counting: the last ref_put() on an object calls its free method.
 * A count below zero means the object is already gone; touching it again is
 * reported instead of freeing twice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <wireboot/refcnt.h>

struct refcnt *ref_get(struct refcnt *refcnt)
{
	if (!refcnt)
		return NULL;
	if (refcnt->count < 0)
		printf("\n*** REFCNT ERROR: ref_get(%p) on a freed object ***\n",
		       (void *)refcnt);
	else
		refcnt->count++;
	return refcnt;
}

void ref_put(struct refcnt *refcnt)
{
	if (!refcnt)
		return;
	if (refcnt->count < 0) {
		printf("\n*** REFCNT ERROR: ref_put(%p) on a freed object ***\n",
		       (void *)refcnt);
		return;
	}
	if (--refcnt->count >= 0)
		return;
	if (refcnt->free)
		refcnt->free(refcnt);
	else
		free(refcnt);
}
