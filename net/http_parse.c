/*
 * HTTP response parsing: the status line, the header fields that matter to
 * a client, and the body framing (Content-Length, chunked, until close).
 * Works on bytes as they arrive, in pieces of any size.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/errors.h>
#include <wireboot/http.h>

#define ERR_SUBSYS ESUB_HTTP

/* Largest body or chunk length accepted (keeps offsets far from overflow). */
#define HTTP_MAX_LENGTH (1ULL << 60)

void http_parser_free(struct http_parser *parser)
{
	free(parser->rsp.location);
	free(parser->rsp.challenge);
	parser->rsp.location = NULL;
	parser->rsp.challenge = NULL;
}

void http_parser_init(struct http_parser *parser)
{
	http_parser_free(parser);
	memset(parser, 0, sizeof(*parser) - sizeof(parser->line));
	parser->state = HTTP_RX_STATUS;
	parser->rsp.content_length = -1;
	parser->rsp.range_first = -1;
	parser->rsp.range_total = -1;
}

/* Parse decimal digits (all of TEXT) into *VALUE; false if not a number. */
static bool http_parse_decimal(const char *text, uint64_t *value)
{
	return parse_digits(&text, 10, HTTP_MAX_LENGTH, value) && !*text;
}

/* "HTTP/1.1 200 OK" */
static int http_parse_status(struct http_parser *parser, const char *line)
{
	const char *p;
	unsigned int status = 0;
	int i;

	if (strncmp(line, "HTTP/1.", 7) != 0 || !isdigit((unsigned char)line[7]) ||
	    line[8] != ' ')
		return ERR(EPROTO);
	p = line + 9;
	for (i = 0; i < 3; i++) {
		if (!isdigit((unsigned char)p[i]))
			return ERR(EPROTO);
		status = status * 10 + (unsigned int)(p[i] - '0');
	}
	if (p[3] != '\0' && p[3] != ' ')
		return ERR(EPROTO);
	if (status < 100)
		return ERR(EPROTO);
	parser->rsp.status = status;
	parser->rsp.keepalive = line[7] != '0';
	parser->state = HTTP_RX_HEADER;
	return 0;
}

/* Does the comma-separated list VALUE contain TOKEN (case-insensitively)? */
static bool http_has_token(const char *value, const char *token)
{
	size_t len = strlen(token);
	const char *p = value;

	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (strncasecmp(p, token, len) == 0) {
			const char *q = p + len;

			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == ',' || *q == '\0')
				return true;
		}
		p = strchr(p, ',');
		if (!p)
			break;
	}
	return false;
}

/* Transfer-Encoding: only "chunked" (possibly after "identity") is understood. */
static int http_parse_transfer_encoding(struct http_parser *parser,
					const char *value)
{
	const char *p = value;
	size_t len;

	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		len = strcspn(p, ", \t");
		if (!len)
			break;
		if (len == 7 && strncasecmp(p, "chunked", 7) == 0)
			parser->rsp.chunked = true;
		else if (!(len == 8 && strncasecmp(p, "identity", 8) == 0))
			return ERR(ENOTSUP);
		p += len;
	}
	return 0;
}

/* Content-Range: "bytes FIRST-LAST/TOTAL", or "bytes *" and "/TOTAL". */
static int http_parse_content_range(struct http_parser *parser,
				    const char *value)
{
	uint64_t first, total;
	const char *slash;

	if (strncasecmp(value, "bytes ", 6) != 0)
		return ERR(EPROTO);
	value += 6;
	slash = strchr(value, '/');
	if (!slash)
		return ERR(EPROTO);
	if (*value != '*') {
		if (!parse_digits(&value, 10, HTTP_MAX_LENGTH, &first) ||
		    *value != '-')
			return ERR(EPROTO);
		parser->rsp.range_first = (int64_t)first;
	}
	if (slash[1] != '*') {
		if (!http_parse_decimal(slash + 1, &total))
			return ERR(EPROTO);
		parser->rsp.range_total = (int64_t)total;
	}
	return 0;
}

/* Keep the challenge to answer: Digest is preferred over Basic. */
static int http_keep_challenge(struct http_parser *parser, const char *value)
{
	char *copy;

	if (strncasecmp(value, "Digest", 6) != 0 &&
	    strncasecmp(value, "Basic", 5) != 0)
		return 0;
	if (parser->rsp.challenge &&
	    strncasecmp(parser->rsp.challenge, "Digest", 6) == 0)
		return 0;
	copy = strdup(value);
	if (!copy)
		return ERR(ENOMEM);
	free(parser->rsp.challenge);
	parser->rsp.challenge = copy;
	return 0;
}

/* One "Name: value" line of the head. */
static int http_parse_header(struct http_parser *parser, char *line)
{
	char *colon = strchr(line, ':');
	char *value, *end;
	uint64_t length;

	if (!colon || colon == line)
		return ERR(EPROTO);
	*colon = '\0';
	if (strpbrk(line, " \t"))
		return ERR(EPROTO);
	value = colon + 1;
	while (*value == ' ' || *value == '\t')
		value++;
	end = value + strlen(value);
	while (end > value && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';

	if (strcasecmp(line, "Content-Length") == 0) {
		if (!http_parse_decimal(value, &length))
			return ERR(EPROTO);
		if (parser->rsp.content_length >= 0 &&
		    (uint64_t)parser->rsp.content_length != length)
			return ERR(EPROTO);
		parser->rsp.content_length = (int64_t)length;
	} else if (strcasecmp(line, "Transfer-Encoding") == 0) {
		return http_parse_transfer_encoding(parser, value);
	} else if (strcasecmp(line, "Connection") == 0) {
		if (http_has_token(value, "close"))
			parser->rsp.keepalive = false;
		else if (http_has_token(value, "keep-alive"))
			parser->rsp.keepalive = true;
	} else if (strcasecmp(line, "Location") == 0) {
		free(parser->rsp.location);
		parser->rsp.location = strdup(value);
		if (!parser->rsp.location)
			return ERR(ENOMEM);
	} else if (strcasecmp(line, "WWW-Authenticate") == 0) {
		return http_keep_challenge(parser, value);
	} else if (strcasecmp(line, "Content-Range") == 0) {
		return http_parse_content_range(parser, value);
	}
	return 0;
}

/* The blank line after the headers: decide how the body is framed. */
static void http_head_complete(struct http_parser *parser,
			       struct http_event *event)
{
	struct http_response *rsp = &parser->rsp;

	if (rsp->status < 200) {
		/* Interim response (100 Continue): the real one follows. */
		http_parser_init(parser);
		return;
	}
	event->head_done = true;
	if (rsp->status == 204 || rsp->status == 304) {
		parser->state = HTTP_RX_DONE;
	} else if (rsp->chunked) {
		parser->state = HTTP_RX_CHUNK_SIZE;
	} else if (rsp->content_length >= 0) {
		parser->remaining = (uint64_t)rsp->content_length;
		parser->state = parser->remaining ? HTTP_RX_BODY : HTTP_RX_DONE;
	} else {
		rsp->keepalive = false;
		parser->state = HTTP_RX_UNTIL_CLOSE;
	}
	if (parser->state == HTTP_RX_DONE)
		event->done = true;
}

/* "1a2b;ext=1" */
static int http_parse_chunk_size(struct http_parser *parser, const char *line)
{
	uint64_t size;
	const char *p = line;

	if (!parse_digits(&p, 16, HTTP_MAX_LENGTH, &size))
		return ERR(EPROTO);
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '\0' && *p != ';')
		return ERR(EPROTO);
	parser->remaining = size;
	parser->state = size ? HTTP_RX_CHUNK_DATA : HTTP_RX_TRAILER;
	return 0;
}

/* A complete line (without its CR LF) in the current state. */
static int http_parse_line(struct http_parser *parser, struct http_event *event)
{
	char *line = parser->line;

	switch (parser->state) {
	case HTTP_RX_STATUS:
		return http_parse_status(parser, line);
	case HTTP_RX_HEADER:
		if (!*line) {
			http_head_complete(parser, event);
			return 0;
		}
		if (*line == ' ' || *line == '\t')
			return ERR(EPROTO);
		return http_parse_header(parser, line);
	case HTTP_RX_CHUNK_SIZE:
		return http_parse_chunk_size(parser, line);
	case HTTP_RX_CHUNK_END:
		if (*line)
			return ERR(EPROTO);
		parser->state = HTTP_RX_CHUNK_SIZE;
		return 0;
	case HTTP_RX_TRAILER:
		if (!*line) {
			parser->state = HTTP_RX_DONE;
			event->done = true;
		}
		return 0;
	default:
		return ERR(EPROTO);
	}
}

int http_parse(struct http_parser *parser, const char *data, size_t len,
	       struct http_event *event)
{
	size_t used = 0, n;
	char c;
	int rc;

	memset(event, 0, sizeof(*event));
	while (used < len) {
		switch (parser->state) {
		case HTTP_RX_DONE:
			return (int)used;
		case HTTP_RX_BODY:
		case HTTP_RX_CHUNK_DATA:
		case HTTP_RX_UNTIL_CLOSE:
			n = len - used;
			if (parser->state != HTTP_RX_UNTIL_CLOSE &&
			    n > parser->remaining)
				n = (size_t)parser->remaining;
			if (n > (size_t)INT32_MAX - used)
				n = (size_t)INT32_MAX - used;
			used += n;
			event->body_len = n;
			if (parser->state == HTTP_RX_UNTIL_CLOSE)
				return (int)used;
			parser->remaining -= n;
			if (!parser->remaining) {
				if (parser->state == HTTP_RX_BODY) {
					parser->state = HTTP_RX_DONE;
					event->done = true;
				} else {
					parser->state = HTTP_RX_CHUNK_END;
				}
			}
			return (int)used;
		default:
			break;
		}
		c = data[used++];
		if (++parser->head_len > HTTP_MAX_HEAD)
			return ERR(EMSGSIZE);
		if (c != '\n') {
			if (parser->line_len >= HTTP_MAX_LINE - 1)
				return ERR(EMSGSIZE);
			parser->line[parser->line_len++] = c;
			continue;
		}
		if (parser->line_len && parser->line[parser->line_len - 1] == '\r')
			parser->line_len--;
		parser->line[parser->line_len] = '\0';
		if (memchr(parser->line, '\0', parser->line_len))
			return ERR(EPROTO);
		parser->line_len = 0;
		rc = http_parse_line(parser, event);
		if (rc)
			return rc;
		/* Chunk framing lines are bounded one by one, not in total. */
		if (parser->state == HTTP_RX_CHUNK_SIZE ||
		    parser->state == HTTP_RX_CHUNK_DATA ||
		    parser->state == HTTP_RX_TRAILER)
			parser->head_len = 0;
		if (event->head_done || event->done)
			return (int)used;
	}
	return (int)used;
}
