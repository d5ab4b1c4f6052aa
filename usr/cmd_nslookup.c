/*
 * The "nslookup" command, as iPXE has it: "nslookup <setting> <name>"
 * resolves NAME (a dotted quad, or through DNS) and stores the IPv4
 * address in SETTING; Ctrl-C gives up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/resolv.h>
#include <wireboot/socket.h>
#include <wireboot/settings.h>
#include <wireboot/process.h>
#include <wireboot/console.h>
#include <wireboot/platform.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

/* A lookup being waited for. */
struct nslookup {
	struct refcnt refcnt;
	struct interface resolv;
	bool done;
	int rc;
	struct sockaddr_in sa;
};

static void nslookup_done(struct nslookup *lookup, struct sockaddr *sa,
			  int rc)
{
	if (rc == 0 && sa)
		memcpy(&lookup->sa, sa, sizeof(lookup->sa));
	else if (rc == 0)
		rc = ERR(EPROTO);
	lookup->rc = rc;
	lookup->done = true;
	intf_shutdown(&lookup->resolv, rc);
}

/* The resolver closed (without answering, if DONE is still false). */
static void nslookup_close(struct nslookup *lookup, int rc)
{
	if (!lookup->done) {
		lookup->rc = rc ? rc : ERR(ECONNABORTED);
		lookup->done = true;
	}
	intf_shutdown(&lookup->resolv, rc);
}

static const struct interface_operation nslookup_ops[] = {
	INTF_OP(resolv_done, struct nslookup *, nslookup_done),
	INTF_OP(intf_close, struct nslookup *, nslookup_close),
};
static const struct interface_descriptor nslookup_desc =
	INTF_DESC(struct nslookup, resolv, nslookup_ops);

/* Resolve NAME, waiting for the answer; *ADDR receives it. */
static int nslookup_resolve(const char *name, uint32_t *addr)
{
	struct nslookup *lookup = zalloc(sizeof(*lookup));
	int rc;

	if (!lookup)
		return ERR(ENOMEM);
	ref_init(&lookup->refcnt, NULL);
	intf_init(&lookup->resolv, &nslookup_desc, &lookup->refcnt);
	lookup->sa.sin_family = AF_INET;
	rc = resolv(&lookup->resolv, name, (struct sockaddr *)&lookup->sa);
	while (rc == 0 && !lookup->done) {
		step();
		if (lookup->done)
			break;
		if (iskey() && getkey(1) == CTRL('C')) {
			rc = ERR(ECANCELED);
			intf_shutdown(&lookup->resolv, rc);
			break;
		}
		platform_idle();
	}
	if (rc == 0)
		rc = lookup->rc;
	if (rc == 0)
		*addr = lookup->sa.sin_addr;
	ref_put(&lookup->refcnt);
	return rc;
}

static const struct command_spec nslookup_spec =
	COMMAND_SPEC_NO_OPTIONS(2, 2, "<setting> <name>");

static int nslookup_exec(int argc, char **argv)
{
	struct named_setting named;
	uint32_t addr = 0;
	int first;
	int rc;

	first = parse_options(argc, argv, &nslookup_spec, NULL);
	if (first < 0)
		return first;
	rc = parse_named_setting(argv[0], argv[first], &named);
	if (rc != 0)
		return rc;
	rc = nslookup_resolve(argv[first + 1], &addr);
	if (rc != 0) {
		printf("%s: could not resolve %s: %s\n", argv[0],
		       argv[first + 1], errstr(rc));
		goto out;
	}
	if (!named.setting.type)
		named.setting.type = &setting_type_ipv4;
	rc = store_named_setting(argv[0], argv[first], &named,
				 inet_ntoa(addr));
out:
	free(named.text);
	return rc;
}

struct command nslookup_command __command = {
	.name = "nslookup",
	.exec = nslookup_exec,
};
