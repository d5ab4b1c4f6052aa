/*
 * Fuzz URI handling (src/core/uri*.c): the input, as text, is parsed,
 * formatted, copied and resolved against a fixed base and against itself.
 * Formatting a parsed URI and parsing that again must give the same text.
 */
#include <string.h>
#include <stdlib.h>
#include <wireboot/uri.h>
#include <wireboot/socket.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Format URI, check that the text survives another round, free it. */
static void check_roundtrip(const struct uri *uri)
{
	char *text = format_uri_alloc(uri);
	struct uri *again;
	char *text2;

	if (!text)
		return;
	again = parse_uri(text);
	if (again) {
		text2 = format_uri_alloc(again);
		if (text2 && strcmp(text, text2) != 0)
			__builtin_trap();
		free(text2);
		uri_put(again);
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_in server = { .sin_family = AF_INET,
				      .sin_addr = 0x0100000a };
	struct uri *base;
	struct uri *uri;
	struct uri *copy;
	struct uri *res;
	char *text;

	fuzz_init();
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	uri = parse_uri(text);
	base = parse_uri("http://user@a.example:8080/b/c/d;p?q#f");
	if (uri && base) {
		check_roundtrip(uri);
		copy = uri_dup(uri);
		if (copy)
			check_roundtrip(copy);
		uri_put(copy);
		res = resolve_uri(base, uri);
		if (res)
			check_roundtrip(res);
		uri_put(res);
		res = resolve_uri(uri, base);
		uri_put(res);
		res = resolve_uri(uri, uri);
		uri_put(res);
		free(resolve_path(uri->path, text));
		uri_put(pxe_uri((struct sockaddr *)&server, text));
	}
	uri_put(base);
	uri_put(uri);
	free(text);
	return 0;
}
