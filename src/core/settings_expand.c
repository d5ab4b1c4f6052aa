/*
 * "${name}" expansion of command lines and script lines.
 *
 * As in iPXE, the innermost "${...}" is expanded first, so "${a${b}}" looks
 * up the setting named "a" followed by the value of b.  A '$' not followed
 * by '{', a '}' with no open "${", and an unterminated "${" are kept as they
 * are.  An unset or unparsable name expands to nothing.
 *
 * Also as in iPXE (which scans the whole line again after each
 * substitution), a value is itself scanned: a DHCP filename holding
 * "${mac}" expands, a value "}" closes an open "${", and a '$' just before
 * an expansion joins a '{' just after it.  This is done by putting the
 * value back in front of the unscanned input.  Unlike iPXE, which can loop
 * for ever on a value that refers to itself, at most EXPAND_RESCANS_MAX
 * values are scanned again in one expansion; after that values are
 * inserted as they are.
 */
#include <string.h>
#include <stdlib.h>
#include <wireboot/errors.h>
#include <wireboot/settings.h>

/* Values scanned again in one expand_settings() call, at most. */
#define EXPAND_RESCANS_MAX 1000

/* A growing heap string plus the offsets of the "${" still open in it. */
struct expansion {
	char *text;
	size_t len;
	size_t size;
	size_t *open;
	size_t open_count;
	size_t open_size;
	/* Input still to scan, once a value has been put back (heap). */
	char *input;
	unsigned int rescans;
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
 * Put VALUE back in front of the unscanned input *STR, so that it is
 * scanned too.  Returns false only when memory runs out.
 */
static bool expansion_rescan(struct expansion *exp, const char *value,
			     const char **str)
{
	size_t value_len = strlen(value);
	size_t rest_len = strlen(*str);
	char *input;

	input = malloc(value_len + rest_len + 1);
	if (!input)
		return false;
	memcpy(input, value, value_len);
	memcpy(input + value_len, *str, rest_len + 1);
	free(exp->input);
	exp->input = input;
	*str = input;
	exp->rescans++;
	return true;
}

/* Does VALUE hold anything that scanning it again could change? */
static bool needs_rescan(const char *value)
{
	return strpbrk(value, "${}") != NULL;
}

/*
 * Replace the innermost open "${name" with the value of name, which is put
 * back in front of the unscanned input *STR when it needs scanning.
 * Returns false only when memory runs out.
 */
static bool expansion_close(struct expansion *exp, const char **str)
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
		if (rc >= 0 && needs_rescan(value) &&
		    exp->rescans < EXPAND_RESCANS_MAX)
			ok = expansion_rescan(exp, value, str);
		else if (rc >= 0)
			ok = expansion_append(exp, value, strlen(value));
		else if (err_is(rc, ENOMEM))
			ok = false;
	}
	free(value);
	free(name);
	return ok;
}

/*
 * Is the '{' at STR the second half of a "${" split by an expansion (a
 * '$' already in the output just before it)?  Without an expansion in
 * between, "${" is always seen whole in the input.
 */
static bool joins_dollar(struct expansion *exp, const char *str)
{
	return str[0] == '{' && exp->len && exp->text[exp->len - 1] == '$';
}

char *expand_settings(const char *str)
{
	struct expansion exp = { NULL, 0, 0, NULL, 0, 0, NULL, 0 };
	bool ok = expansion_append(&exp, "", 0);

	while (ok && *str) {
		if (str[0] == '$' && str[1] == '{') {
			ok = expansion_open(&exp);
			str += 2;
		} else if (joins_dollar(&exp, str)) {
			exp.len--;
			ok = expansion_open(&exp);
			str++;
		} else if (str[0] == '}' && exp.open_count) {
			str++;
			ok = expansion_close(&exp, &str);
		} else {
			ok = expansion_append(&exp, str++, 1);
		}
	}
	free(exp.open);
	free(exp.input);
	if (!ok) {
		free(exp.text);
		return NULL;
	}
	return exp.text;
}
