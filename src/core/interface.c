/*
 * Interfaces between objects: plugging, unplugging, finding the handler a
 * call reaches (through pass-through interfaces), and closing.
 */
#include <wireboot/interface.h>

const struct interface_descriptor null_intf_desc = { .offset = 0 };

struct interface null_intf = {
	.dest = &null_intf,
	.refcnt = NULL,
	.desc = &null_intf_desc,
};

INTF_METHOD_DEFINE(intf_close);

void intf_init(struct interface *intf, const struct interface_descriptor *desc,
	       struct refcnt *refcnt)
{
	intf->dest = &null_intf;
	intf->refcnt = refcnt;
	intf->desc = desc;
}

void intf_plug(struct interface *intf, struct interface *dest)
{
	struct interface *old = intf->dest;

	/* The null interface stays pointing at itself whatever happens. */
	if (intf == &null_intf)
		return;
	intf->dest = intf_get(dest);
	intf_put(old);
}

void intf_plug_plug(struct interface *a, struct interface *b)
{
	intf_plug(a, b);
	intf_plug(b, a);
}

void intf_unplug(struct interface *intf)
{
	intf_plug(intf, &null_intf);
}

struct interface *intf_get(struct interface *intf)
{
	ref_get(intf->refcnt);
	return intf;
}

void intf_put(struct interface *intf)
{
	ref_put(intf->refcnt);
}

intf_func_t intf_get_dest_op_untyped(struct interface *intf,
				     const struct intf_method *method,
				     struct interface **dest)
{
	struct interface *target = intf->dest;
	const struct interface_descriptor *desc;
	size_t i;

	for (;;) {
		desc = target->desc;
		for (i = 0; i < desc->num_ops; i++) {
			if (desc->ops[i].method == method) {
				*dest = intf_get(target);
				return desc->ops[i].func;
			}
		}
		if (!desc->passthru)
			break;
		target = ((struct interface *)((char *)target +
					       desc->passthru))->dest;
	}
	*dest = intf_get(intf->dest);
	return NULL;
}

void intf_close(struct interface *intf, int rc)
{
	struct interface *dest;
	intf_op_t(intf_close) op = intf_get_dest_op(intf, intf_close, &dest);

	if (op)
		op(intf_object(dest), rc);
	else
		intf_unplug(dest);
	intf_put(dest);
}

void intf_shutdown(struct interface *intf, int rc)
{
	struct interface peer = INTF_INIT(null_intf_desc);

	/* Calls still arriving at INTF now find no handlers. */
	intf->desc = &null_intf_desc;
	intf_plug(&peer, intf->dest);
	intf_unplug(intf);
	intf_close(&peer, rc);
	intf_unplug(&peer);
}

void intf_restart(struct interface *intf, int rc)
{
	const struct interface_descriptor *desc = intf->desc;
	struct refcnt *refcnt = ref_get(intf->refcnt);

	intf_shutdown(intf, rc);
	intf->desc = desc;
	ref_put(refcnt);
}
