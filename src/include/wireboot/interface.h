/*
 * Objects joined by asynchronous interfaces.  An object (a TCP connection,
 * an HTTP request, a download) embeds one struct interface per neighbour;
 * each interface points at the neighbour's interface it sends to.  Calling
 * an operation on an interface runs the handler that the *destination*
 * object registered for that kind of operation.
 *
 * Kinds of operation ("methods") are named by the address of a struct
 * intf_method, so any module can add new ones (data delivery in xfer.h,
 * block I/O, name resolution) without touching this core.  A method is
 * declared with INTF_METHOD_DECLARE(name) plus a name##_TYPE(obj) macro
 * giving its handler's type, defined once with INTF_METHOD_DEFINE(name), and
 * called through a wrapper that uses intf_get_dest_op().
 *
 * Lookup: if the destination's descriptor has no handler for the method but
 * names a pass-through interface of the same object, the call goes on to
 * wherever that interface points; otherwise the wrapper's default applies.
 *
 * Lifetime: an interface holds a reference to the object it points at, and
 * the object being called holds an extra reference for the whole call, so a
 * handler may close and drop everything without freeing memory still in use.
 */
#ifndef WIREBOOT_INTERFACE_H
#define WIREBOOT_INTERFACE_H

#include <wireboot/compiler.h>
#include <wireboot/refcnt.h>

/* The name of a kind of operation; operations are matched by its address. */
struct intf_method {
	const char *name;
};

#define INTF_METHOD_DECLARE(name) extern const struct intf_method name##_method
#define INTF_METHOD_DEFINE(name)                                            \
	const struct intf_method name##_method = { #name }

/* Handlers are stored as a generic function pointer and cast back on call. */
typedef void (*intf_func_t)(void);

struct interface_operation {
	const struct intf_method *method;
	intf_func_t func;
};

/*
 * One entry of an operation table: HANDLER handles method NAME for objects
 * of type OBJ_TYPE (a pointer type).  A handler of the wrong type fails to
 * compile ("pointer type mismatch").
 */
#define INTF_OP(name, obj_type, handler) {                                  \
	.method = &name##_method,                                            \
	.func = (intf_func_t)(1 ? (handler) : (name##_TYPE(obj_type))NULL),  \
}

struct interface_descriptor {
	/* Where the interface sits within its object. */
	size_t offset;
	/* The handlers this end provides. */
	const struct interface_operation *ops;
	size_t num_ops;
	/*
	 * Offset from this interface to another interface of the same object
	 * that carries calls this one has no handler for; 0 for none.
	 */
	ptrdiff_t passthru;
};

/* Descriptor for interface MEMBER of OBJ_TYPE with handler table OPS. */
#define INTF_DESC(obj_type, member, op_table) {                             \
	.offset = offsetof(obj_type, member),                                \
	.ops = (op_table),                                                   \
	.num_ops = ARRAY_SIZE(op_table),                                     \
}

/* As INTF_DESC(), passing unhandled calls on through PASSTHRU_MEMBER. */
#define INTF_DESC_PASSTHRU(obj_type, member, op_table, passthru_member) {   \
	.offset = offsetof(obj_type, member),                                \
	.ops = (op_table),                                                   \
	.num_ops = ARRAY_SIZE(op_table),                                     \
	.passthru = (ptrdiff_t)offsetof(obj_type, passthru_member) -         \
		    (ptrdiff_t)offsetof(obj_type, member),                   \
}

/* Descriptor for an interface that handles nothing (its calls get defaults). */
#define INTF_DESC_PURE(obj_type, member) {                                  \
	.offset = offsetof(obj_type, member),                                \
}

struct interface {
	/* Where calls made on this interface go (null_intf when unplugged). */
	struct interface *dest;
	/* Lifetime of the object embedding this interface (may be NULL). */
	struct refcnt *refcnt;
	/* The handlers of this end. */
	const struct interface_descriptor *desc;
};

/* What every unplugged interface points at: it handles nothing. */
extern struct interface null_intf;
extern const struct interface_descriptor null_intf_desc;

/* Static initialiser: an unplugged interface with descriptor DESC. */
#define INTF_INIT(desc_name) {                                              \
	.dest = &null_intf, .refcnt = NULL, .desc = &(desc_name),            \
}

/* Set up INTF unplugged, belonging to the object whose lifetime is REFCNT. */
void intf_init(struct interface *intf, const struct interface_descriptor *desc,
	       struct refcnt *refcnt);

/* Point INTF at DEST (one direction; references are adjusted). */
void intf_plug(struct interface *intf, struct interface *dest);

/* Point A and B at each other. */
void intf_plug_plug(struct interface *a, struct interface *b);

/* Point INTF back at null_intf. */
void intf_unplug(struct interface *intf);

/* The object embedding INTF. */
static inline void *intf_object(struct interface *intf)
{
	return (char *)intf - intf->desc->offset;
}

/* Take / drop a reference to INTF's object. */
struct interface *intf_get(struct interface *intf);
void intf_put(struct interface *intf);

/*
 * Find the handler for METHOD that a call on INTF reaches.  Sets *DEST to
 * the interface that handles it (or, if none does, to INTF's immediate
 * destination, for the default behaviour), holding a reference to its object
 * that the caller drops with intf_put() after the call.
 */
intf_func_t intf_get_dest_op_untyped(struct interface *intf,
				     const struct intf_method *method,
				     struct interface **dest);

/* The type of a pointer to a handler of method NAME, taking a void *object. */
#define intf_op_t(name) __typeof__(name##_TYPE(void *))

/* Typed form: NAME is a method declared with INTF_METHOD_DECLARE(). */
#define intf_get_dest_op(intf, name, dest)                                  \
	((intf_op_t(name))intf_get_dest_op_untyped((intf), &name##_method, (dest)))

/*
 * Closing: the far end learns that this end is finished with status RC
 * (0 for success).  Handlers: void close(OBJ *object, int rc).  Default when
 * the far end has no handler: it is unplugged, dropping its reference back.
 */
INTF_METHOD_DECLARE(intf_close);
#define intf_close_TYPE(obj_type) void (*)(obj_type, int)
void intf_close(struct interface *intf, int rc);

/*
 * Finish with INTF: stop it taking any further calls, unplug it, then close
 * what it was plugged to with status RC.
 */
void intf_shutdown(struct interface *intf, int rc);

/* As intf_shutdown(), but INTF keeps its handlers and may be plugged again. */
void intf_restart(struct interface *intf, int rc);

#endif
