/*
 * Fuzz the TFTP client (net/tftp.c, net/tftp_packets.c).  Each input runs
 * one download of tftp://server.tftp-fuzz/file: a resolver and a socket
 * opener for a private address family stand in for DNS and UDP, and the
 * input is the server's side of the conversation.
 *
 * Input: chunks of a flags byte (bit 0: send from a second port, bit 1:
 * let 2 s pass first, bit 2: the packet is a DATA block whose 16-bit
 * number follows, then a length byte and that many payload bytes; else a
 * length byte and a raw packet).  Whatever happens, every byte of heap
 * the download used must be free again at the end.
 */
#include <string.h>
#include <stdlib.h>
#include <wireboot/open.h>
#include <wireboot/resolv.h>
#include <wireboot/socket.h>
#include <wireboot/xfer.h>
#include <wireboot/process.h>
#include <wireboot/tftp.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include "fuzz.h"

#define ERR_SUBSYS ESUB_CORE

#define AF_TFTP_FUZZ 0x7e58
#define SERVER_PORT 4000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The server's socket: swallows what the client sends. */
struct fuzz_socket {
	struct refcnt refcnt;
	struct interface xfer;
};

static struct fuzz_socket *server;

static int fuzz_socket_deliver(struct fuzz_socket *sock,
			       struct io_buffer *iob,
			       const struct xfer_metadata *meta)
{
	free_iob(iob);
	return 0;
}

static void fuzz_socket_close(struct fuzz_socket *sock, int rc)
{
	intf_shutdown(&sock->xfer, rc);
}

static const struct interface_operation fuzz_socket_ops[] = {
	INTF_OP(xfer_deliver, struct fuzz_socket *, fuzz_socket_deliver),
	INTF_OP(intf_close, struct fuzz_socket *, fuzz_socket_close),
};
static const struct interface_descriptor fuzz_socket_desc =
	INTF_DESC(struct fuzz_socket, xfer, fuzz_socket_ops);

static int fuzz_socket_open(struct interface *xfer, struct sockaddr *peer,
			    struct sockaddr *local)
{
	struct fuzz_socket *sock = zalloc(sizeof(*sock));

	if (!sock)
		return ERR(ENOMEM);
	ref_init(&sock->refcnt, NULL);
	intf_init(&sock->xfer, &fuzz_socket_desc, &sock->refcnt);
	intf_plug_plug(&sock->xfer, xfer);
	ref_put_obj(server);
	server = sock;
	return 0;
}

static const struct socket_opener fuzz_opener __socket_opener = {
	.semantics = SOCK_DGRAM,
	.family = AF_TFTP_FUZZ,
	.open = fuzz_socket_open,
};

/* Answers "server.tftp-fuzz" on the next step. */
static int fuzz_resolv(struct interface *resolv, const char *name,
		       struct sockaddr *sa)
{
	if (strcmp(name, "server.tftp-fuzz") != 0)
		return ERR(ENXIO);
	return fuzz_resolv_answer(resolv, sa, AF_TFTP_FUZZ);
}

static const struct resolver fuzz_resolver __resolver = {
	.name = "tftp-fuzz",
	.order = 0,
	.resolv = fuzz_resolv,
};

/* Deliver LEN bytes at DATA to the client from PORT. */
static void server_send(unsigned int port, const void *data, size_t len)
{
	struct sockaddr_in src = {
		.sin_family = AF_TFTP_FUZZ,
		.sin_port = htons((uint16_t)port),
		.sin_addr = htonl(FUZZ_SERVER_ADDR),
	};
	struct xfer_metadata meta = { .src = (struct sockaddr *)&src };
	struct io_buffer *iob = alloc_iob(len);

	if (!iob || !server)
		return;
	memcpy(iob_put(iob, len), data, len);
	xfer_deliver(&server->xfer, iob, &meta);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_fetch *sink;
	uint8_t pkt[4 + 256];
	size_t free_before;
	size_t pos = 0;
	size_t want;
	size_t len;
	uint8_t flags;

	fuzz_init();
	free_before = heap_free_bytes();
	sink = fuzz_fetch_new();
	if (!sink)
		return 0;
	sink->max_len = TFTP_MAX_BLKSIZE;
	fuzz_fetch_open(sink, "tftp://server.tftp-fuzz/file");
	step();
	while (pos + 2 <= size && !sink->closed) {
		flags = data[pos++];
		if (flags & 2)
			fuzz_advance(2000);
		if (flags & 4) {
			if (pos + 3 > size)
				break;
			pkt[0] = 0;
			pkt[1] = TFTP_DATA;
			pkt[2] = data[pos];
			pkt[3] = data[pos + 1];
			want = data[pos + 2];
			pos += 3;
			len = MIN(want, size - pos);
			memcpy(pkt + 4, data + pos, len);
			pos += len;
			len += 4;
		} else {
			want = data[pos++];
			len = MIN(want, size - pos);
			memcpy(pkt, data + pos, len);
			pos += len;
		}
		server_send((flags & 1) ? SERVER_PORT + 1 : SERVER_PORT, pkt,
			    len);
	}
	fuzz_fetch_free(sink, 0);
	ref_put_obj(server);
	server = NULL;
	/* Everything the download made must be gone with it. */
	step();
	if (heap_free_bytes() != free_before)
		__builtin_trap();
	return 0;
}
