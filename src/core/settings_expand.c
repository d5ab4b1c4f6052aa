/*
 * "${name}" expansion of command lines and script lines.
 *
 * As in iPXE, the innermost "${...}" is expanded first, so "${a${b}}" looks
 * up the setting named "a" followed by the value of b.  A '$' not followed
 * by '{', a '}' with no open "${", and an unterminated "${" are kept as they
 * are.  An unset or unparsable name expands to nothing.  Unlike iPXE, text
 * that came from a value is never scanned again, so a value containing
 * "${x}" or "}" stays literal and expansion always ends.
 */
#include <string.h>
#include <stdlib.h>
#include <wireboot/errors.h>
#include <wireboot/settings.h>

/* A growing heap string plus the offsets of the "${" still open in it. */
struct expansion {
	char *text;
	size_t len;
	size_t size;
	size_t *open;
	size_t open_count;
	size_t open_size;
};

/* Append LEN bytes of DATA; false when memory runs out. */
static bool expansion_append(struct expansion *exp, const char *data,
			     size_t len)
{
	size_t size;
	char *text;

	if (exp->len + len + 1 > exp->size) {
		size = MAX(exp->size * 2, exp->len + len + 1);
		text = realloc(exp->text, size);
		if (!text)
			return false;
		exp->text = text;
		exp->size = size;
	}
	memcpy(exp->text + exp->len, data, len);
	exp->len += len;
	exp->text[exp->len] = '\0';
	return true;
}

/* Remember that a "${" starts at the current end; false if out of memory. */
static bool expansion_open(struct expansion *exp)
{
	size_t size;
	size_t *open;

	if (exp->open_count == exp->open_size) {
		size = exp->open_size ? exp->open_size * 2 : 8;
		open = realloc(exp->open, size * sizeof(*open));
		if (!open)
			return false;
		exp->open = open;
		exp->open_size = size;
	}
	exp->open[exp->open_count++] = exp->len;
	return expansion_append(exp, "${", 2);
}

/*
 * Replace the innermost open "${name" with the value of name.  Returns
 * false only when memory runs out.
 */
static bool expansion_close(struct expansion *exp)
{
	size_t start = exp->open[--exp->open_count];
	struct settings *settings;
	struct setting setting;
	char *name;
	char *value = NULL;
	bool ok = true;
	int rc;

	name = strdup(exp->text + start + 2);
	if (!name)
		return false;
	exp->len = start;
	exp->text[start] = '\0';
	if (parse_setting_name(name, &settings, &setting) == 0) {
		rc = fetchf_setting_copy(settings, &setting, &value);
		if (rc >= 0)
			ok = expansion_append(exp, value, strlen(value));
		else if (err_is(rc, ENOMEM))
			ok = false;
	}
	free(value);
	free(name);
	return ok;
}

char *expand_settings(const char *str)
{
	struct expansion exp = { NULL, 0, 0, NULL, 0, 0 };
	bool ok = expansion_append(&exp, "", 0);

	while (ok && *str) {
		if (str[0] == '$' && str[1] == '{') {
			ok = expansion_open(&exp);
			str += 2;
		} else if (str[0] == '}' && exp.open_count) {
			ok = expansion_close(&exp);
			str++;
		} else {
			ok = expansion_append(&exp, str++, 1);
		}
	}
	free(exp.open);
	if (!ok) {
		free(exp.text);
		return NULL;
	}
	return exp.text;
}
