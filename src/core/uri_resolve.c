/*
 * Resolving relative URI references against a base (RFC 3986 section 5.2)
 * and the current working URI that relative names given to commands
 * resolve against.
 */
#include <string.h>
#include <stdlib.h>
#include <wireboot/uri.h>

struct uri *cwuri;

/* Drop the last segment (and its '/') from OUT[0..*LEN). */
static void drop_last_segment(const char *out, size_t *len)
{
	while (*len && out[*len - 1] != '/')
		(*len)--;
	if (*len)
		(*len)--;
}

/*
 * RFC 3986 5.2.4: remove dot segments from PATH, in place (the output never
 * gets ahead of the input it came from).
 */
static void remove_dot_segments(char *path)
{
	char *in = path;
	char *out = path;
	size_t len = 0;

	while (*in) {
		if (strncmp(in, "../", 3) == 0) {
			in += 3;
		} else if (strncmp(in, "./", 2) == 0) {
			in += 2;
		} else if (strncmp(in, "/./", 3) == 0) {
			in += 2;
		} else if (strcmp(in, "/.") == 0) {
			in[1] = '/';
			in += 1;
		} else if (strncmp(in, "/../", 4) == 0) {
			in += 3;
			drop_last_segment(out, &len);
		} else if (strcmp(in, "/..") == 0) {
			in[2] = '/';
			in += 2;
			drop_last_segment(out, &len);
		} else if (strcmp(in, ".") == 0 || strcmp(in, "..") == 0) {
			break;
		} else {
			do {
				out[len++] = *in++;
			} while (*in && *in != '/');
		}
	}
	out[len] = '\0';
}

char *resolve_path(const char *base_path, const char *relative)
{
	size_t keep = 0;
	const char *slash;
	char *merged;
	size_t rel_len = strlen(relative);

	if (relative[0] != '/' && base_path) {
		slash = strrchr(base_path, '/');
		if (slash)
			keep = (size_t)(slash - base_path) + 1;
	}
	merged = malloc(keep + rel_len + 1);
	if (!merged)
		return NULL;
	if (keep)
		memcpy(merged, base_path, keep);
	memcpy(merged + keep, relative, rel_len + 1);
	remove_dot_segments(merged);
	return merged;
}

/* The encoded path of URI ("" when it has none). */
static const char *encoded_path(const struct uri *uri, char **buf)
{
	size_t len;

	*buf = NULL;
	if (uri->epath)
		return uri->epath;
	if (!uri->path)
		return uri->opaque ? uri->opaque : "";
	len = uri_encode(uri->path, strlen(uri->path), URI_PATH, NULL, 0) + 1;
	*buf = malloc(len);
	if (*buf)
		uri_encode(uri->path, strlen(uri->path), URI_PATH, *buf, len);
	return *buf;
}

struct uri *resolve_uri(const struct uri *base, struct uri *relative)
{
	const struct uri *auth;
	struct uri tmp;
	struct uri *result = NULL;
	char *base_buf;
	char *rel_buf;
	const char *base_path;
	const char *rel_path;
	char *path = NULL;
	char *safe = NULL;

	if (!base || uri_is_absolute(relative))
		return uri_get(relative);

	base_path = encoded_path(base, &base_buf);
	rel_path = encoded_path(relative, &rel_buf);
	if (!base_path || !rel_path)
		goto out;

	memset(&tmp, 0, sizeof(tmp));
	tmp.scheme = base->scheme;
	tmp.fragment = relative->fragment;
	tmp.query = relative->query;
	if (relative->host) {
		auth = relative;
		path = resolve_path(NULL, rel_path);
	} else {
		auth = base;
		if (!*rel_path) {
			path = strdup(base_path);
			if (!relative->query)
				tmp.query = base->opaque ? NULL : base->query;
		} else if (base->host && !*base_path) {
			path = resolve_path("/", rel_path);
		} else {
			path = resolve_path(base_path, rel_path);
		}
	}
	if (!path)
		goto out;
	tmp.user = auth->user;
	tmp.password = auth->password;
	tmp.host = auth->host;
	tmp.port = auth->port;
	tmp.epath = path;
	/* A path starting "//" without an authority would read as one. */
	if (!tmp.host && path[0] == '/' && path[1] == '/') {
		safe = malloc(strlen(path) + 3);
		if (!safe)
			goto out;
		strcpy(safe, "/.");
		strcat(safe, path);
		tmp.epath = safe;
	}
	result = uri_dup(&tmp);
out:
	free(safe);
	free(path);
	free(base_buf);
	free(rel_buf);
	return result;
}

void churi(struct uri *uri)
{
	struct uri *resolved = NULL;

	if (uri) {
		resolved = resolve_uri(cwuri, uri);
		if (!resolved)
			return;
	}
	uri_put(cwuri);
	cwuri = resolved;
}
