/*
 * Socket openers and IPv4 address text: xfer_open_socket() finds the opener
 * for the peer's family and the semantics asked for; inet_ntoa() and
 * inet_aton() convert dotted quads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <wireboot/socket.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_IPV4

int xfer_open_socket(struct interface *xfer, int semantics,
		     struct sockaddr *peer, struct sockaddr *local)
{
	const struct socket_opener *opener;

	for_each_table_entry(opener, socket_openers) {
		if (opener->semantics == semantics &&
		    opener->family == peer->sa_family)
			return opener->open(xfer, peer, local);
	}
	return ERR(ENOTSUP);
}

const char *inet_ntoa(uint32_t addr)
{
	static char text[sizeof("255.255.255.255")];
	const uint8_t *bytes = (const uint8_t *)&addr;

	snprintf(text, sizeof(text), "%u.%u.%u.%u", bytes[0], bytes[1],
		 bytes[2], bytes[3]);
	return text;
}

/* Exactly four decimal numbers 0-255 separated by dots, nothing else. */
int inet_aton(const char *text, uint32_t *addr)
{
	uint8_t bytes[4];
	const char *start;
	uint64_t value;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		start = text;
		if (!parse_digits(&text, 10, 255, &value) || text - start > 3 ||
		    *text != (i < 3 ? '.' : '\0'))
			return 0;
		bytes[i] = (uint8_t)value;
		text++;
	}
	*addr = (uint32_t)bytes[0] | ((uint32_t)bytes[1] << 8) |
		((uint32_t)bytes[2] << 16) | ((uint32_t)bytes[3] << 24);
	return 1;
}
