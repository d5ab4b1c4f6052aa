/*
 * Name resolution.  Resolvers (numeric dotted quads, DNS) register in the
 * "resolvers" table with an order; resolv() hands a name to each in turn
 * until one takes it.  The one that takes it answers exactly once on the
 * caller's interface with resolv_done() and then closes that interface
 * with the same status.
 *
 * xfer_open_named_socket() puts the two together: it resolves a host name
 * and then opens a socket to it, so that protocols (HTTP, TFTP, iSCSI) can
 * be handed "boot.example" as well as "10.0.0.1".
 */
#ifndef WIREBOOT_RESOLV_H
#define WIREBOOT_RESOLV_H

#include <wireboot/interface.h>
#include <wireboot/tables.h>

struct sockaddr;

/*
 * The answer to a resolution, on the interface given to resolv(): SA is
 * the address found (family and address set; the port is whatever the
 * caller put in the template) when RC is 0, NULL otherwise.
 * Handlers: void done(OBJ *object, struct sockaddr *sa, int rc).
 * Default: nothing.
 */
INTF_METHOD_DECLARE(resolv_done);
#define resolv_done_TYPE(obj_type) void (*)(obj_type, struct sockaddr *, int)
void resolv_done(struct interface *intf, struct sockaddr *sa, int rc);

/* Orders of resolvers: lower goes first. */
#define RESOLV_NUMERIC 1	/* names that are addresses already */
#define RESOLV_NORMAL 2		/* DNS */

struct resolver {
	const char *name;
	int order;
	/*
	 * Start resolving NAME and plug the resolution to RESOLV.  SA is the
	 * caller's template (its family says which kind of address is wanted;
	 * its other fields are kept).  Returns 0 if this resolver took the
	 * name (it answers later, from a process or timer, never from inside
	 * this call), or an error if it cannot (then the next resolver is
	 * asked).
	 */
	int (*resolv)(struct interface *resolv, const char *name,
		      struct sockaddr *sa);
};
DECLARE_TABLE(resolvers, const struct resolver);
#define __resolver __table_entry(resolvers, struct resolver)

/*
 * Resolve NAME into an address like the template SA (family set; other
 * fields such as the port are copied into the answer) and answer on
 * RESOLV.  Returns 0 once a resolver has taken the name, or the error of
 * the last resolver that refused it.
 */
int resolv(struct interface *resolv, const char *name, struct sockaddr *sa);

/*
 * Open a socket of SEMANTICS (SOCK_STREAM, SOCK_DGRAM) to host NAME and
 * plug it to XFER.  PEER gives the family and the port (network byte
 * order); LOCAL may be NULL or name a local address/port.  Until the name
 * is resolved the window is 0 and data delivered is refused; XFER gets
 * xfer_window_changed() when the socket is open, and from then on talks to
 * the socket directly.  Errors of resolution or of opening close XFER with
 * that error.
 */
int xfer_open_named_socket(struct interface *xfer, int semantics,
			   struct sockaddr *peer, const char *name,
			   struct sockaddr *local);

#endif
