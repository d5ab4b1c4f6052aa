/*
 * The DNS resolver: qualifies the name with ${domain}, answers from the
 * cache when it can, else asks the ${dns} servers over UDP (moving to the
 * next server on each retransmission, with back-off), follows CNAMEs by
 * asking again for the alias, and caches what it learns for its TTL.
 */
#include <string.h>
#include <stdlib.h>
#include <wireboot/dns.h>
#include <wireboot/resolv.h>
#include <wireboot/socket.h>
#include <wireboot/xfer.h>
#include <wireboot/timer.h>
#include <wireboot/time.h>
#include <wireboot/process.h>
#include <wireboot/settings.h>
#include <wireboot/builtin_settings.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include <wireboot/dhcp.h>
#include <wireboot/feature.h>

#define ERR_SUBSYS ESUB_DNS

DHCP_FEATURE(dns, "DNS", DHCP_EB_FEATURE_DNS, 1);

/* Servers used from ${dns}. */
#define DNS_MAX_SERVERS 4
/* Retransmission back-off, in ms: about 7.5 s of silence ends a lookup. */
#define DNS_MIN_TIMEOUT 500
#define DNS_MAX_TIMEOUT 4000
/* Cached answers, and the longest time one is kept (s). */
#define DNS_CACHE_SIZE 8
#define DNS_CACHE_MAX_TTL 3600
/* Room for a query: header, name, type and class. */
#define DNS_QUERY_MAX (sizeof(struct dns_header) + DNS_MAX_WIRE_NAME + 4)

struct dns_cache_entry {
	char name[DNS_MAX_NAME + 1];
	uint32_t addr;
	/* In now_ms() time; 0 marks a free entry. */
	uint64_t expires;
};

static struct dns_cache_entry dns_cache[DNS_CACHE_SIZE];

/* The cached address of NAME, or 0. */
static uint32_t dns_cache_find(const char *name)
{
	uint64_t now = now_ms();
	size_t i;

	for (i = 0; i < DNS_CACHE_SIZE; i++) {
		if (dns_cache[i].expires > now &&
		    strcasecmp(dns_cache[i].name, name) == 0)
			return dns_cache[i].addr;
	}
	return 0;
}

/* Remember NAME is at ADDR for TTL seconds, replacing the oldest entry. */
static void dns_cache_add(const char *name, uint32_t addr, uint32_t ttl)
{
	struct dns_cache_entry *victim = &dns_cache[0];
	size_t i;

	if (!ttl || !addr)
		return;
	for (i = 0; i < DNS_CACHE_SIZE; i++) {
		if (strcasecmp(dns_cache[i].name, name) == 0) {
			victim = &dns_cache[i];
			break;
		}
		if (dns_cache[i].expires < victim->expires)
			victim = &dns_cache[i];
	}
	strcpy(victim->name, name);
	victim->addr = addr;
	victim->expires = now_ms() + 1000ULL * MIN(ttl, DNS_CACHE_MAX_TTL);
}

struct dns_request {
	struct refcnt refcnt;
	struct interface resolv;
	struct interface socket;
	struct retry_timer timer;
	/* Answers a cache hit on the next step. */
	struct process process;
	/* The caller's template, then the answer. */
	struct sockaddr_in sa;
	/* The qualified name asked for (the cache key). */
	char qualified[DNS_MAX_NAME + 1];
	/* The name being asked for now (the last alias). */
	char name[DNS_MAX_NAME + 1];
	uint32_t servers[DNS_MAX_SERVERS];
	unsigned int num_servers;
	/* Which server the next query goes to. */
	unsigned int server;
	/* Servers that failed this query outright. */
	unsigned int failures;
	uint16_t id;
	/* Aliases followed by asking again. */
	unsigned int aliases;
	uint32_t ttl;
	bool finished;
};

/* Answer the caller and stop (once). */
static void dns_done(struct dns_request *dns, int rc)
{
	if (dns->finished)
		return;
	dns->finished = true;
	retry_stop(&dns->timer);
	process_del(&dns->process);
	intf_shutdown(&dns->socket, rc);
	resolv_done(&dns->resolv, rc ? NULL : (struct sockaddr *)&dns->sa, rc);
	intf_shutdown(&dns->resolv, rc);
}

/* Send the query for the current name to the current server. */
static void dns_send(struct dns_request *dns)
{
	struct sockaddr_in dest = {
		.sin_family = AF_INET,
		.sin_port = htons(DNS_PORT),
		.sin_addr = dns->servers[dns->server],
	};
	struct xfer_metadata meta = { .dest = (struct sockaddr *)&dest };
	struct io_buffer *iob = alloc_iob(DNS_QUERY_MAX);
	int len;

	if (!iob)
		return;
	len = dns_build_query(iob->data, DNS_QUERY_MAX, dns->id, dns->name,
			      DNS_TYPE_A);
	if (len < 0) {
		free_iob(iob);
		return;
	}
	iob_put(iob, (size_t)len);
	xfer_deliver(&dns->socket, iob, &meta);
}

/* Start asking (again) for the current name with a fresh identifier. */
static void dns_ask(struct dns_request *dns)
{
	dns->id = (uint16_t)random();
	dns->failures = 0;
	retry_stop(&dns->timer);
	dns_send(dns);
	retry_start(&dns->timer);
}

static void dns_expired(struct retry_timer *timer, int over)
{
	struct dns_request *dns =
		container_of(timer, struct dns_request, timer);

	if (over) {
		dns_done(dns, ERR(ETIMEDOUT));
		return;
	}
	dns->server = (dns->server + 1) % dns->num_servers;
	dns_send(dns);
	retry_start(timer);
}

/* Is SRC one of our servers' DNS port? */
static bool dns_from_server(struct dns_request *dns,
			    const struct sockaddr_in *src)
{
	unsigned int i;

	if (!src || src->sin_family != AF_INET ||
	    src->sin_port != htons(DNS_PORT))
		return false;
	for (i = 0; i < dns->num_servers; i++) {
		if (dns->servers[i] == src->sin_addr)
			return true;
	}
	return false;
}

static int dns_rx(struct dns_request *dns, struct io_buffer *iob,
		  const struct xfer_metadata *meta)
{
	struct dns_answer *answer;
	int rc;

	if (!dns_from_server(dns, (const struct sockaddr_in *)meta->src)) {
		free_iob(iob);
		return 0;
	}
	answer = malloc(sizeof(*answer));
	if (!answer) {
		free_iob(iob);
		return ERR(ENOMEM);
	}
	rc = dns_parse_response(iob->data, iob_len(iob), dns->id, dns->name,
				answer);
	free_iob(iob);
	if (err_is(rc, EBADMSG)) {
		/* Not (a sensible answer to) our question: keep waiting. */
	} else if (err_is(rc, ECONNREFUSED) || err_is(rc, EIO)) {
		/* This server cannot help: try the next, if any is left. */
		if (++dns->failures >= dns->num_servers) {
			dns_done(dns, rc);
		} else {
			dns->server = (dns->server + 1) % dns->num_servers;
			dns_send(dns);
		}
	} else if (rc != 0) {
		dns_done(dns, rc);
	} else if (answer->found) {
		dns->ttl = MIN(dns->ttl, answer->ttl);
		dns->sa.sin_addr = answer->addr;
		dns_cache_add(dns->qualified, answer->addr, dns->ttl);
		dns_done(dns, 0);
	} else if (++dns->aliases > DNS_MAX_CNAME) {
		dns_done(dns, ERR(ELOOP));
	} else {
		/* An alias whose address the server did not include. */
		strcpy(dns->name, answer->cname);
		dns_ask(dns);
	}
	free(answer);
	return 0;
}

/* Answer from the cache (never from inside dns_resolv()). */
static void dns_cached_step(struct process *process)
{
	struct dns_request *dns =
		container_of(process, struct dns_request, process);

	dns_done(dns, 0);
}

/* The caller gave up, or the socket closed. */
static void dns_close(struct dns_request *dns, int rc)
{
	dns_done(dns, rc ? rc : ERR(ECONNABORTED));
}

static const struct interface_operation dns_resolv_ops[] = {
	INTF_OP(intf_close, struct dns_request *, dns_close),
};
static const struct interface_descriptor dns_resolv_desc =
	INTF_DESC(struct dns_request, resolv, dns_resolv_ops);

static const struct interface_operation dns_socket_ops[] = {
	INTF_OP(xfer_deliver, struct dns_request *, dns_rx),
	INTF_OP(intf_close, struct dns_request *, dns_close),
};
static const struct interface_descriptor dns_socket_desc =
	INTF_DESC(struct dns_request, socket, dns_socket_ops);

static const struct process_descriptor dns_process_desc = {
	.name = "dns-cached",
	.step = dns_cached_step,
};

/*
 * Qualify NAME into BUF (DNS_MAX_NAME + 1 bytes): drop one final '.', or
 * append ".${domain}" to a name without dots.
 */
static int dns_qualify(const char *name, char *buf)
{
	char domain[DNS_MAX_NAME + 1];
	size_t len = strlen(name);
	int domain_len;

	if (len && name[len - 1] == '.') {
		len--;
	} else if (!strchr(name, '.')) {
		domain_len = fetch_string_setting(NULL, &domain_setting, domain,
						  sizeof(domain));
		if (domain_len > 0 && (size_t)domain_len < sizeof(domain) &&
		    domain[0]) {
			if (len + 1 + (size_t)domain_len > DNS_MAX_NAME)
				return ERR(EINVAL);
			memcpy(buf, name, len);
			buf[len] = '.';
			strcpy(buf + len + 1, domain);
			return 0;
		}
	}
	if (!len || len > DNS_MAX_NAME)
		return ERR(EINVAL);
	memcpy(buf, name, len);
	buf[len] = '\0';
	return 0;
}

/* The servers from ${dns} (each 4 bytes of the raw value); how many. */
static unsigned int dns_servers(uint32_t *servers)
{
	uint8_t raw[4 * DNS_MAX_SERVERS];
	unsigned int count = 0;
	unsigned int i;
	int len;

	len = fetch_setting(NULL, &dns_setting, NULL, NULL, raw, sizeof(raw));
	for (i = 0; len > 0 && i + 1 <= (unsigned int)len / 4 &&
		    i < DNS_MAX_SERVERS; i++) {
		memcpy(&servers[count], raw + 4 * i, 4);
		if (servers[count])
			count++;
	}
	return count;
}

static int dns_resolv(struct interface *resolv, const char *name,
		      struct sockaddr *sa)
{
	struct dns_request *dns;
	uint8_t wire[DNS_MAX_WIRE_NAME];
	struct sockaddr_in server;
	uint32_t cached;
	int rc;

	if (sa->sa_family != AF_INET)
		return ERR(ENOTSUP);
	dns = zalloc(sizeof(*dns));
	if (!dns)
		return ERR(ENOMEM);
	ref_init(&dns->refcnt, NULL);
	intf_init(&dns->resolv, &dns_resolv_desc, &dns->refcnt);
	intf_init(&dns->socket, &dns_socket_desc, &dns->refcnt);
	retry_init(&dns->timer, dns_expired, &dns->refcnt, DNS_MIN_TIMEOUT,
		   DNS_MAX_TIMEOUT);
	process_init_stopped(&dns->process, &dns_process_desc, &dns->refcnt);
	memcpy(&dns->sa, sa, sizeof(dns->sa));
	dns->ttl = UINT32_MAX;

	rc = dns_qualify(name, dns->qualified);
	if (rc == 0)
		rc = dns_encode_name(dns->qualified, wire, sizeof(wire));
	if (rc < 0)
		goto err;
	strcpy(dns->name, dns->qualified);

	cached = dns_cache_find(dns->qualified);
	if (cached) {
		dns->sa.sin_addr = cached;
		process_add(&dns->process);
	} else {
		dns->num_servers = dns_servers(dns->servers);
		if (!dns->num_servers) {
			rc = ERR(EADDRNOTAVAIL);
			goto err;
		}
		memset(&server, 0, sizeof(server));
		server.sin_family = AF_INET;
		server.sin_port = htons(DNS_PORT);
		server.sin_addr = dns->servers[0];
		rc = xfer_open_socket(&dns->socket, SOCK_DGRAM,
				      (struct sockaddr *)&server, NULL);
		if (rc != 0)
			goto err;
		dns_ask(dns);
	}
	intf_plug_plug(&dns->resolv, resolv);
	ref_put(&dns->refcnt);
	return 0;

err:
	intf_shutdown(&dns->socket, rc);
	ref_put(&dns->refcnt);
	return rc;
}

static const struct resolver dns_resolver __resolver = {
	.name = "DNS",
	.order = RESOLV_NORMAL,
	.resolv = dns_resolv,
};
