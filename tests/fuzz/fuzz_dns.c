/*
 * Fuzz DNS message parsing (net/dns_packet.c): the input is a response;
 * its identifier and question name are taken from the message itself so
 * that the answer-walking code (CNAME chains, compression pointers) runs.
 */
#include <string.h>
#include <wireboot/dns.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char name[DNS_MAX_NAME + 1];
	struct dns_answer answer;
	uint16_t id;
	size_t next;
	size_t offset;

	fuzz_init();
	if (size < sizeof(struct dns_header))
		return 0;
	id = (uint16_t)((data[0] << 8) | data[1]);
	if (dns_decode_name(data, size, sizeof(struct dns_header), name,
			    &next) == 0) {
		if (strlen(name) > DNS_MAX_NAME || next > size)
			__builtin_trap();
		dns_parse_response(data, size, id, name, &answer);
		if (answer.has_cname && strlen(answer.cname) > DNS_MAX_NAME)
			__builtin_trap();
	}
	dns_parse_response(data, size, id, "boot.example", &answer);
	/* Names anywhere in the message must decode safely too. */
	for (offset = 0; offset < size && offset < 64; offset++)
		dns_decode_name(data, size, offset, name, &next);
	return 0;
}
