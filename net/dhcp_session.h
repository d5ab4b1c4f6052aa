/*
 * Internal to the DHCP client: one session (a socket on port 68, a retry
 * timer and the job to report to) moves through states; net/dhcp.c has
 * discovery and the request, net/pxe_bootserver.c the ProxyDHCP request on
 * port 4011 and boot server discovery.
 */
#ifndef NET_DHCP_SESSION_H
#define NET_DHCP_SESSION_H

#include <wireboot/compiler.h>
#include <wireboot/interface.h>
#include <wireboot/refcnt.h>
#include <wireboot/timer.h>
#include <wireboot/socket.h>
#include <wireboot/dhcp.h>

struct dhcp_session;

/* A stored packet (an offer) and who sent it. */
struct dhcp_packet_copy {
	uint8_t *pkt;
	size_t len;
	/* The server's identifier (option 54, else the sender's address). */
	uint32_t server;
};

struct dhcp_state {
	const char *name;
	/* Send this state's packet (again). */
	int (*tx)(struct dhcp_session *dhcp);
	/* A BOOTREPLY with our xid and MAC arrived from SRC. */
	void (*rx)(struct dhcp_session *dhcp, const void *pkt, size_t len,
		   const struct sockaddr_in *src);
	/*
	 * No answer in time; OVER after the longest timeout.  Returns true
	 * if it dealt with that; otherwise (or when NULL) the packet is sent
	 * again, or the session fails with ETIMEDOUT when over.
	 */
	bool (*expired)(struct dhcp_session *dhcp, int over);
	/* Retry back-off of this state, ms. */
	unsigned long min_timeout;
	unsigned long max_timeout;
};

/* Most boot servers remembered from option 43.8 for one type. */
#define PXEBS_MAX_SERVERS 8

struct dhcp_session {
	struct refcnt refcnt;
	/* To whoever waits for the outcome. */
	struct interface job;
	/* The UDP socket bound to port 68. */
	struct interface xfer;
	struct net_device *netdev;
	const struct dhcp_state *state;
	struct retry_timer timer;
	/* now_ms() when the session began (for the secs field; ms_since()). */
	unsigned long start;
	uint32_t xid;
	/* NAKs received so far. */
	unsigned int naks;
	/* The chosen DHCP offer, its priority (option 175.1), and when the
	 * first offer came (now_ms()). */
	struct dhcp_packet_copy offer;
	long offer_priority;
	unsigned long first_offer;
	/* The ProxyDHCP offer, if one came. */
	struct dhcp_packet_copy proxy;
	/* Our own address once configured (ciaddr of later requests). */
	uint32_t ciaddr;
	/* Boot server discovery: type, where to ask, whom to believe. */
	unsigned int bs_type;
	uint32_t bs_servers[PXEBS_MAX_SERVERS];
	unsigned int bs_count;
	bool bs_broadcast;
	bool bs_only_listed;
};

/* Create a session on NETDEV reporting to JOB, with its socket open. */
int dhcp_session_create(struct interface *job, struct net_device *netdev,
			struct dhcp_session **session);

/* Enter STATE: reset the back-off and send its first packet. */
void dhcp_set_state(struct dhcp_session *dhcp, const struct dhcp_state *state);

/* End the session, reporting RC to the job. */
void dhcp_finished(struct dhcp_session *dhcp, int rc);

/* Complete the request in BUILDER (secs, end marker); its length or <0. */
int dhcp_finish(struct dhcp_session *dhcp, struct dhcp_builder *builder);

/* Send the LEN-byte PKT to DEST:PORT (DEST 0 = broadcast). */
int dhcp_send(struct dhcp_session *dhcp, const void *pkt, size_t len,
	      uint32_t dest, unsigned int port);

/* The server identifier of PKT (option 54), else SRC's address. */
uint32_t dhcp_server_id(const void *pkt, size_t len,
			const struct sockaddr_in *src);

/* Replace the copy in COPY with the LEN bytes of PKT.  0 or ERR(ENOMEM). */
int dhcp_keep_packet(struct dhcp_packet_copy *copy, const void *pkt,
		     size_t len, uint32_t server);

/* Does PKT carry a boot file (option 67 or the file field)? */
bool dhcp_has_bootfile(const void *pkt, size_t len);

/* States in net/pxe_bootserver.c. */
extern const struct dhcp_state dhcp_state_proxy;
extern const struct dhcp_state dhcp_state_pxebs;

#endif
