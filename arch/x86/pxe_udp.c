/*
 * The PXE UDP calls: UDP_OPEN, UDP_WRITE, UDP_READ, UDP_CLOSE (pxelinux
 * runs its own TFTP over them).  Each local port the NBP sends from or
 * reads on gets a UDP socket of the core; what arrives on any of them is
 * queued with its addresses.  UDP_READ never blocks: with nothing (that
 * matches) queued it fails at once; a dest_ip or d_port of 0 matches any.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include <wireboot/iobuf.h>
#include <wireboot/list.h>
#include <wireboot/process.h>
#include <wireboot/socket.h>
#include <wireboot/xfer.h>
#include <x86/pxe.h>

#define ERR_SUBSYS ESUB_PXE

/*
 * Local ports kept bound.  NBPs take a new port per transfer and never
 * release them, so when all are taken the least recently used one goes.
 */
#define PXE_UDP_PORTS 8
/* Datagrams kept waiting for UDP_READ. */
#define PXE_UDP_QUEUE_MAX 64

/* One bound local port. */
struct pxe_udp_port {
	struct interface xfer;
	/* Network order; 0 = slot unused. */
	uint16_t port;
	/* When it was last used (udp_clock). */
	unsigned long used;
};

/* A datagram waiting for UDP_READ (its payload in IOB). */
struct pxe_udp_dgram {
	struct list_head list;
	struct io_buffer *iob;
	uint32_t src_ip, dest_ip;
	uint16_t s_port, d_port;
};

static struct pxe_udp_port udp_ports[PXE_UDP_PORTS];
static LIST_HEAD(udp_queue);
static unsigned int udp_queued;
static bool udp_open;
static unsigned long udp_clock;
/* The source address UDP_OPEN gave (0: the configured one). */
static uint32_t udp_src_ip;

/* A datagram for one of our ports: queue it. */
static int pxe_udp_deliver(struct pxe_udp_port *port, struct io_buffer *iob,
			   const struct xfer_metadata *meta)
{
	const struct sockaddr_in *src = (const void *)meta->src;
	const struct sockaddr_in *dest = (const void *)meta->dest;
	struct pxe_udp_dgram *dgram;

	if (!src || !dest || udp_queued >= PXE_UDP_QUEUE_MAX ||
	    !(dgram = zalloc(sizeof(*dgram)))) {
		free_iob(iob);
		return ERR(ENOBUFS);
	}
	dgram->iob = iob;
	dgram->src_ip = src->sin_addr;
	dgram->s_port = src->sin_port;
	dgram->dest_ip = dest->sin_addr;
	dgram->d_port = port->port;
	list_add_tail(&dgram->list, &udp_queue);
	udp_queued++;
	return 0;
}

/* The socket went away. */
static void pxe_udp_closed(struct pxe_udp_port *port, int rc)
{
	intf_restart(&port->xfer, rc);
	port->port = 0;
}

static struct interface_operation pxe_udp_ops[] = {
	INTF_OP(xfer_deliver, struct pxe_udp_port *, pxe_udp_deliver),
	INTF_OP(intf_close, struct pxe_udp_port *, pxe_udp_closed),
};
static struct interface_descriptor pxe_udp_desc =
	INTF_DESC(struct pxe_udp_port, xfer, pxe_udp_ops);

/* The socket bound to local PORT (network order), binding it if needed. */
static struct pxe_udp_port *pxe_udp_port(uint16_t port, int *rc)
{
	struct pxe_udp_port *free_slot = NULL;
	struct pxe_udp_port *oldest = &udp_ports[0];
	struct sockaddr_in peer, local;
	unsigned int i;

	for (i = 0; i < PXE_UDP_PORTS; i++) {
		if (udp_ports[i].port == port) {
			udp_ports[i].used = ++udp_clock;
			return &udp_ports[i];
		}
		if (!udp_ports[i].port && !free_slot)
			free_slot = &udp_ports[i];
		if (udp_ports[i].used < oldest->used)
			oldest = &udp_ports[i];
	}
	if (!free_slot) {
		intf_shutdown(&oldest->xfer, 0);
		oldest->port = 0;
		free_slot = oldest;
	}
	intf_init(&free_slot->xfer, &pxe_udp_desc, NULL);
	memset(&peer, 0, sizeof(peer));
	peer.sin_family = AF_INET;
	memset(&local, 0, sizeof(local));
	local.sin_family = AF_INET;
	local.sin_port = port;
	local.sin_addr = udp_src_ip;
	*rc = xfer_open_socket(&free_slot->xfer, SOCK_DGRAM,
			       (struct sockaddr *)&peer,
			       (struct sockaddr *)&local);
	if (*rc != 0)
		return NULL;
	free_slot->port = port;
	free_slot->used = ++udp_clock;
	return free_slot;
}

void pxe_udp_reset(void)
{
	struct pxe_udp_dgram *dgram, *tmp;
	unsigned int i;

	for (i = 0; i < PXE_UDP_PORTS; i++) {
		if (udp_ports[i].port) {
			intf_shutdown(&udp_ports[i].xfer, 0);
			udp_ports[i].port = 0;
		}
	}
	list_for_each_entry_safe(dgram, tmp, &udp_queue, list) {
		list_del(&dgram->list);
		free_iob(dgram->iob);
		free(dgram);
	}
	udp_queued = 0;
	udp_open = false;
}

/* UDP_OPEN: start using UDP, from SrcIP (0: our address). */
static int pxe_udp_open(struct s_PXENV_UDP_OPEN *p)
{
	pxe_udp_reset();
	udp_src_ip = p->src_ip;
	udp_open = true;
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(UDP_OPEN, PXENV_UDP_OPEN, pxe_udp_open, s_PXENV_UDP_OPEN);

/* UDP_CLOSE. */
static int pxe_udp_close(struct s_PXENV_STATUS *p)
{
	pxe_udp_reset();
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(UDP_CLOSE, PXENV_UDP_CLOSE, pxe_udp_close, s_PXENV_STATUS);

/* UDP_WRITE: send one datagram (src_port 0 means 2069, as the spec says). */
static int pxe_udp_write(struct s_PXENV_UDP_WRITE *p)
{
	struct sockaddr_in dest;
	struct xfer_metadata meta;
	struct pxe_udp_port *port;
	struct io_buffer *iob;
	uint16_t src_port = p->src_port ? p->src_port : htons(2069);
	int rc;

	if (!udp_open)
		return PXENV_STATUS_UDP_CLOSED;
	if (!(port = pxe_udp_port(src_port, &rc)))
		return pxe_status_of(rc);
	memset(&dest, 0, sizeof(dest));
	dest.sin_family = AF_INET;
	dest.sin_addr = p->ip;
	dest.sin_port = p->dst_port;
	memset(&meta, 0, sizeof(meta));
	meta.dest = (struct sockaddr *)&dest;
	if (!(iob = alloc_iob(p->buffer_size)))
		return PXENV_STATUS_OUT_OF_RESOURCES;
	memcpy(iob_put(iob, p->buffer_size), pxe_segoff_ptr(p->buffer),
	       p->buffer_size);
	if ((rc = xfer_deliver(&port->xfer, iob, &meta)) != 0)
		return pxe_status_of(rc);
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(UDP_WRITE, PXENV_UDP_WRITE, pxe_udp_write, s_PXENV_UDP_WRITE);

/* UDP_READ: the first queued datagram that matches, if any. */
static int pxe_udp_read(struct s_PXENV_UDP_READ *p)
{
	struct pxe_udp_dgram *dgram;
	size_t len;
	int rc;

	if (!udp_open)
		return PXENV_STATUS_UDP_CLOSED;
	if (p->d_port && !pxe_udp_port(p->d_port, &rc))
		return pxe_status_of(rc);
	step();
	list_for_each_entry(dgram, &udp_queue, list) {
		if ((p->dest_ip && p->dest_ip != dgram->dest_ip) ||
		    (p->d_port && p->d_port != dgram->d_port))
			continue;
		len = MIN(iob_len(dgram->iob), (size_t)p->buffer_size);
		memcpy(pxe_segoff_ptr(p->buffer), dgram->iob->data, len);
		p->buffer_size = (uint16_t)len;
		p->src_ip = dgram->src_ip;
		p->dest_ip = dgram->dest_ip;
		p->s_port = dgram->s_port;
		p->d_port = dgram->d_port;
		list_del(&dgram->list);
		free_iob(dgram->iob);
		free(dgram);
		udp_queued--;
		return PXENV_STATUS_SUCCESS;
	}
	return PXENV_STATUS_FAILURE;
}
PXE_API_CALL(UDP_READ, PXENV_UDP_READ, pxe_udp_read, s_PXENV_UDP_READ);
