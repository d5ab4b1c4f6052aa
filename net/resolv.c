/*
 * Name resolution: the resolv_done method, resolv() asking each resolver
 * in order, the numeric resolver for dotted quads, and name-resolving
 * sockets (xfer_open_named_socket()).
 */
#include <string.h>
#include <stdlib.h>
#include <limits.h>
#include <wireboot/resolv.h>
#include <wireboot/socket.h>
#include <wireboot/xfer.h>
#include <wireboot/process.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_DNS

INTF_METHOD_DEFINE(resolv_done);

void resolv_done(struct interface *intf, struct sockaddr *sa, int rc)
{
	struct interface *dest;
	intf_op_t(resolv_done) op = intf_get_dest_op(intf, resolv_done, &dest);

	if (op)
		op(intf_object(dest), sa, rc);
	intf_put(dest);
}

int resolv(struct interface *resolv, const char *name, struct sockaddr *sa)
{
	const struct resolver *resolver;
	int rc = ERR(ENXIO);
	int order = INT_MIN;
	int next;

	/* Visit the orders present from the lowest up. */
	for (;;) {
		next = INT_MAX;
		for_each_table_entry(resolver, resolvers) {
			if (resolver->order > order && resolver->order < next)
				next = resolver->order;
		}
		if (next == INT_MAX)
			return rc;
		order = next;
		for_each_table_entry(resolver, resolvers) {
			if (resolver->order != order)
				continue;
			rc = resolver->resolv(resolv, name, sa);
			if (rc == 0)
				return 0;
		}
	}
}

/* A dotted quad being answered on the next step (never from inside resolv()). */
struct numeric_resolv {
	struct refcnt refcnt;
	struct interface resolv;
	struct process process;
	struct sockaddr sa;
};

static void numeric_step(struct process *process)
{
	struct numeric_resolv *numeric =
		container_of(process, struct numeric_resolv, process);

	process_del(process);
	resolv_done(&numeric->resolv, &numeric->sa, 0);
	intf_shutdown(&numeric->resolv, 0);
}

/* The caller gave up before the answer. */
static void numeric_close(struct numeric_resolv *numeric, int rc)
{
	process_del(&numeric->process);
	intf_shutdown(&numeric->resolv, rc);
}

static const struct interface_operation numeric_resolv_ops[] = {
	INTF_OP(intf_close, struct numeric_resolv *, numeric_close),
};
static const struct interface_descriptor numeric_resolv_desc =
	INTF_DESC(struct numeric_resolv, resolv, numeric_resolv_ops);
static const struct process_descriptor numeric_process_desc = {
	.name = "resolv-numeric",
	.step = numeric_step,
};

static int numeric_resolv(struct interface *resolv, const char *name,
			  struct sockaddr *sa)
{
	struct numeric_resolv *numeric;
	struct sockaddr_in *sin;
	uint32_t addr;

	if (sa->sa_family != AF_INET || !inet_aton(name, &addr))
		return ERR(EINVAL);
	numeric = zalloc(sizeof(*numeric));
	if (!numeric)
		return ERR(ENOMEM);
	ref_init(&numeric->refcnt, NULL);
	intf_init(&numeric->resolv, &numeric_resolv_desc, &numeric->refcnt);
	process_init(&numeric->process, &numeric_process_desc,
		     &numeric->refcnt);
	memcpy(&numeric->sa, sa, sizeof(numeric->sa));
	sin = (struct sockaddr_in *)&numeric->sa;
	sin->sin_addr = addr;
	intf_plug_plug(&numeric->resolv, resolv);
	ref_put(&numeric->refcnt);
	return 0;
}

static const struct resolver numeric_resolver __resolver = {
	.name = "numeric",
	.order = RESOLV_NUMERIC,
	.resolv = numeric_resolv,
};

/* A socket waiting for its peer's name to be resolved. */
struct named_socket {
	struct refcnt refcnt;
	/* To the user, until the socket opens. */
	struct interface xfer;
	/* To the resolver. */
	struct interface resolv;
	/* To the socket, just while it is being spliced to the user. */
	struct interface sock;
	int semantics;
	struct sockaddr peer;
	struct sockaddr local;
	bool have_local;
};

/* Finish with RC: nothing more to wait for. */
static void named_finish(struct named_socket *named, int rc)
{
	intf_shutdown(&named->resolv, rc);
	intf_shutdown(&named->sock, rc);
	intf_shutdown(&named->xfer, rc);
}

/* The name is known (or not): open the socket and join it to the user. */
static void named_resolved(struct named_socket *named, struct sockaddr *sa,
			   int rc)
{
	struct interface *user;
	struct interface *sock;

	if (rc == 0 && !sa)
		rc = ERR(EPROTO);
	if (rc == 0) {
		memcpy(&named->peer, sa, sizeof(named->peer));
		rc = xfer_open_socket(&named->sock, named->semantics,
				      &named->peer,
				      named->have_local ? &named->local : NULL);
	}
	if (rc != 0) {
		named_finish(named, rc);
		return;
	}
	user = intf_get(named->xfer.dest);
	sock = intf_get(named->sock.dest);
	intf_plug_plug(user, sock);
	intf_unplug(&named->xfer);
	intf_unplug(&named->sock);
	intf_shutdown(&named->resolv, 0);
	/* The user's window just opened: tell it. */
	xfer_window_changed(sock);
	intf_put(sock);
	intf_put(user);
}

/* The resolver closed without answering, or the user gave up. */
static void named_close(struct named_socket *named, int rc)
{
	named_finish(named, rc ? rc : ERR(ECONNABORTED));
}

static const struct interface_operation named_xfer_ops[] = {
	INTF_OP(intf_close, struct named_socket *, named_close),
};
static const struct interface_descriptor named_xfer_desc =
	INTF_DESC(struct named_socket, xfer, named_xfer_ops);

static const struct interface_operation named_resolv_ops[] = {
	INTF_OP(resolv_done, struct named_socket *, named_resolved),
	INTF_OP(intf_close, struct named_socket *, named_close),
};
static const struct interface_descriptor named_resolv_desc =
	INTF_DESC(struct named_socket, resolv, named_resolv_ops);

static const struct interface_operation named_sock_ops[] = {
	INTF_OP(intf_close, struct named_socket *, named_close),
};
static const struct interface_descriptor named_sock_desc =
	INTF_DESC(struct named_socket, sock, named_sock_ops);

int xfer_open_named_socket(struct interface *xfer, int semantics,
			   struct sockaddr *peer, const char *name,
			   struct sockaddr *local)
{
	struct named_socket *named;
	int rc;

	named = zalloc(sizeof(*named));
	if (!named)
		return ERR(ENOMEM);
	ref_init(&named->refcnt, NULL);
	intf_init(&named->xfer, &named_xfer_desc, &named->refcnt);
	intf_init(&named->resolv, &named_resolv_desc, &named->refcnt);
	intf_init(&named->sock, &named_sock_desc, &named->refcnt);
	named->semantics = semantics;
	memcpy(&named->peer, peer, sizeof(named->peer));
	if (local) {
		memcpy(&named->local, local, sizeof(named->local));
		named->have_local = true;
	}
	rc = resolv(&named->resolv, name, &named->peer);
	if (rc != 0) {
		named_finish(named, rc);
		ref_put(&named->refcnt);
		return rc;
	}
	intf_plug_plug(&named->xfer, xfer);
	ref_put(&named->refcnt);
	return 0;
}
