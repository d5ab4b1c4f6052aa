/* HTTP request heads: the request target and the header fields we send. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/uri.h>
#include "http_internal.h"

char *http_target(const struct uri *uri)
{
	struct uri target = {
		.epath = uri->epath && uri->epath[0] ? uri->epath : "/",
		.query = uri->query,
	};

	return format_uri_alloc(&target);
}

char *http_format_request(const struct uri *uri,
			  const struct http_request_info *info)
{
	char range[64] = "";
	char *target, *head;
	const char *port = uri->port && uri->port[0] &&
			   uri_port(uri, 80) != 80 ? uri->port : NULL;
	int rc;

	target = http_target(uri);
	if (!target)
		return NULL;
	if (info->range && info->len)
		snprintf(range, sizeof(range), "Range: bytes=%llu-%llu\r\n",
			 (unsigned long long)info->offset,
			 (unsigned long long)(info->offset + info->len - 1));
	else if (info->range)
		snprintf(range, sizeof(range), "Range: bytes=%llu-\r\n",
			 (unsigned long long)info->offset);
	rc = heap_asprintf(&head,
			   "GET %s HTTP/1.1\r\n"
			   "Host: %s%s%s\r\n"
			   "User-Agent: wireboot/" WIREBOOT_VERSION "\r\n"
			   "Connection: keep-alive\r\n"
			   "%s%s%s%s"
			   "\r\n",
			   target, uri->host ? uri->host : "",
			   port ? ":" : "", port ? port : "", range,
			   info->authorization ? "Authorization: " : "",
			   info->authorization ? info->authorization : "",
			   info->authorization ? "\r\n" : "");
	free(target);
	return rc < 0 ? NULL : head;
}
