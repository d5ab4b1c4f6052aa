/*
 * The "ping" command, as iPXE documents it:
 *   ping [--size <size>] [--timeout <timeout>] [--count <count>] [--quiet] <host>
 * sends ICMP echo requests of SIZE payload bytes (default 64), one every
 * TIMEOUT ms (default 1000), COUNT of them (default: until Ctrl-C), and
 * prints each reply:
 *   64 bytes from 10.0.0.1: seq=1
 * or, when none came within the timeout, "No reply from 10.0.0.1: seq=1".
 * It succeeds when at least one reply arrived.  HOST is a dotted quad or
 * a name (resolved through <wireboot/resolv.h>, i.e. DNS).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/console.h>
#include <wireboot/platform.h>
#include <wireboot/process.h>
#include <wireboot/time.h>
#include <wireboot/icmp.h>
#include <wireboot/interface.h>
#include <wireboot/resolv.h>
#include <wireboot/socket.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

/* Largest payload: what fits one IPv4 datagram with the ICMP header. */
#define PING_MAX_SIZE (65535 - 20 - 8)

struct ping_options {
	unsigned long size;
	unsigned long timeout;
	unsigned long count;
	bool quiet;
};

static const struct option_spec ping_opts[] = {
	OPTION("size", 's', OPT_REQUIRED_ARG, struct ping_options, size,
	       parse_ulong),
	OPTION("timeout", 't', OPT_REQUIRED_ARG, struct ping_options, timeout,
	       parse_ulong),
	OPTION("count", 'c', OPT_REQUIRED_ARG, struct ping_options, count,
	       parse_ulong),
	OPTION("quiet", 'q', OPT_NO_ARG, struct ping_options, quiet,
	       parse_flag),
};

static const struct command_spec ping_spec = COMMAND_SPEC(ping_opts, 1, 1,
	"[--size <size>] [--timeout <timeout>] [--count <count>] [--quiet] "
	"<host>");

/* A ping in progress. */
struct pinger {
	struct icmp_echo_listener listener;
	uint32_t peer;
	/* The payload every request carries and every reply must echo. */
	uint8_t *payload;
	size_t size;
	/* Sequence number of the request awaiting its reply. */
	uint16_t seq;
	bool replied;
	bool quiet;
	unsigned long replies;
};

/* Waiting for the host name to become an address. */
struct ping_resolution {
	struct refcnt refcnt;
	struct interface resolv;
	bool done;
	int rc;
	uint32_t addr;
};

static void ping_resolved(struct ping_resolution *res, struct sockaddr *sa,
			  int rc)
{
	res->done = true;
	res->rc = rc;
	if (rc == 0)
		res->addr = ((struct sockaddr_in *)sa)->sin_addr;
}

/* The resolver finished (after answering, or failing without an answer). */
static void ping_resolv_close(struct ping_resolution *res, int rc)
{
	intf_shutdown(&res->resolv, rc);
	if (!res->done) {
		res->done = true;
		res->rc = rc ? rc : ERR(ENOENT);
	}
}

static struct interface_operation ping_resolv_operations[] = {
	INTF_OP(resolv_done, struct ping_resolution *, ping_resolved),
	INTF_OP(intf_close, struct ping_resolution *, ping_resolv_close),
};

static struct interface_descriptor ping_resolv_desc =
	INTF_DESC(struct ping_resolution, resolv, ping_resolv_operations);

/* Resolve HOST into *ADDR, running the main loop; Ctrl-C cancels. */
static int ping_resolve(const char *host, uint32_t *addr)
{
	struct sockaddr_in template = { .sin_family = AF_INET };
	struct ping_resolution res = { .done = false };
	int rc;

	/* On the stack: an extra reference keeps it from ever being freed. */
	ref_init(&res.refcnt, NULL);
	ref_get(&res.refcnt);
	intf_init(&res.resolv, &ping_resolv_desc, &res.refcnt);
	rc = resolv(&res.resolv, host, (struct sockaddr *)&template);
	while (rc == 0 && !res.done) {
		step();
		if (iskey() && getkey(1) == CTRL('C'))
			rc = ERR(ECANCELED);
		else
			platform_idle();
	}
	intf_shutdown(&res.resolv, rc);
	if (rc == 0)
		rc = res.rc;
	if (rc == 0)
		*addr = res.addr;
	return rc;
}

/* An echo reply arrived: is it the answer to the request outstanding? */
static void ping_reply(struct icmp_echo_listener *listener, uint32_t src,
		       uint16_t seq, const void *data, size_t len)
{
	struct pinger *pinger = container_of(listener, struct pinger, listener);

	if (src != pinger->peer || seq != pinger->seq || pinger->replied ||
	    len != pinger->size || memcmp(data, pinger->payload, len) != 0)
		return;
	pinger->replied = true;
	pinger->replies++;
	if (!pinger->quiet)
		printf("%zu bytes from %s: seq=%u\n", len, inet_ntoa(src), seq);
}

/*
 * Run the main loop until MS milliseconds after START, or until a reply
 * when UNTIL_REPLY is set.  ERR(ECANCELED) on Ctrl-C, else 0.
 */
static int ping_wait(struct pinger *pinger, unsigned long start,
		     unsigned long ms, bool until_reply)
{
	while (ms_since(start) < ms) {
		if (until_reply && pinger->replied)
			return 0;
		step();
		if (iskey() && getkey(1) == CTRL('C'))
			return ERR(ECANCELED);
		platform_idle();
	}
	return 0;
}

/* Send the requests and collect the replies. */
static int ping_run(struct pinger *pinger, const struct ping_options *opts)
{
	unsigned long sent;
	unsigned long start;
	int rc;

	for (sent = 0; !opts->count || sent < opts->count; sent++) {
		pinger->seq++;
		pinger->replied = false;
		start = now_ms();
		rc = icmp_echo_request(&pinger->listener, pinger->peer,
				       pinger->seq, pinger->payload,
				       pinger->size);
		if (rc != 0)
			return rc;
		rc = ping_wait(pinger, start, opts->timeout, true);
		if (rc != 0)
			return rc;
		if (!pinger->replied && !pinger->quiet)
			printf("No reply from %s: seq=%u\n",
			       inet_ntoa(pinger->peer), pinger->seq);
		if (opts->count && sent + 1 == opts->count)
			break;
		/* One request per interval, whenever the reply came. */
		rc = ping_wait(pinger, start, opts->timeout, false);
		if (rc != 0)
			return rc;
	}
	return pinger->replies ? 0 : ERR_IN(ESUB_ICMP, ETIMEDOUT);
}

static int ping_exec(int argc, char **argv)
{
	struct ping_options opts = { .size = 64, .timeout = 1000 };
	struct pinger pinger = { .listener = { .reply = ping_reply } };
	size_t i;
	int first;
	int rc;

	first = parse_options(argc, argv, &ping_spec, &opts);
	if (first < 0)
		return first;
	if (opts.size > PING_MAX_SIZE || !opts.timeout) {
		printf("%s: %s out of range\n", argv[0],
		       opts.timeout ? "size" : "timeout");
		return ERR(ERANGE);
	}
	rc = ping_resolve(argv[first], &pinger.peer);
	if (rc != 0) {
		printf("%s: %s: %s\n", argv[0], argv[first], errstr(rc));
		return rc;
	}
	pinger.size = opts.size;
	pinger.quiet = opts.quiet;
	pinger.payload = malloc(pinger.size ? pinger.size : 1);
	if (!pinger.payload)
		return ERR(ENOMEM);
	for (i = 0; i < pinger.size; i++)
		pinger.payload[i] = (uint8_t)('a' + i % 26);
	icmp_echo_listen(&pinger.listener);
	rc = ping_run(&pinger, &opts);
	icmp_echo_unlisten(&pinger.listener);
	free(pinger.payload);
	if (rc != 0)
		printf("%s: %s: %s\n", argv[0], argv[first], errstr(rc));
	return rc;
}

struct command ping_command __command = {
	.name = "ping",
	.exec = ping_exec,
};
