/*
 * The script image type.  An image is a script when it starts with
 * "#!ipxe", "#!gpxe" or "#!wireboot" followed by whitespace (usually the
 * end of the line).  Running it runs its lines in order with
 * run_command_line(), like iPXE:
 *
 * - a line may end in "\n" or "\r\n"; a line ending in a backslash
 *   continues on the next one (the backslash and line end are dropped);
 * - a line whose first word starts with ':' is a label (the rest of that
 *   word is its name); anything after the label on that line runs as a
 *   command, also when "goto" jumps to the label;
 * - the magic first line and other '#' lines are comments;
 * - a failing command ends the script with its status, and "exit [N]"
 *   ends it with status N.
 *
 * The runner keeps its place (<wireboot/script.h>) as an offset into the
 * image, read one line at a time, so that "goto" can move it.
 */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <wireboot/image.h>
#include <wireboot/command.h>
#include <wireboot/shell.h>
#include <wireboot/errors.h>
#include <wireboot/feature.h>
#include <wireboot/script.h>

#define ERR_SUBSYS ESUB_SCRIPT

/* The innermost running script (image NULL outside scripts). */
static struct script_place current;

/* Is IMAGE a script? */
static int script_probe(struct image *image)
{
	static const char *const magics[] = { "#!ipxe", "#!gpxe", "#!wireboot" };
	const char *data = image->data;
	unsigned int i;
	size_t len;

	for (i = 0; i < ARRAY_SIZE(magics); i++) {
		len = strlen(magics[i]);
		if (image->len > len && memcmp(data, magics[i], len) == 0 &&
		    isspace(data[len]))
			return 0;
	}
	return ERR(ENOEXEC);
}

/*
 * Read the line of IMAGE at *OFFSET, joining continued lines and dropping
 * line ends, into a fresh heap string *LINE; move *OFFSET past it.
 */
static int read_line(struct image *image, size_t *offset, char **line)
{
	const char *data = image->data;
	char *text = NULL;
	size_t len = 0;
	size_t piece;
	const char *eol;
	char *grown;
	bool more;

	do {
		eol = memchr(data + *offset, '\n', image->len - *offset);
		piece = eol ? (size_t)(eol - (data + *offset)) :
			      image->len - *offset;
		grown = realloc(text, len + piece + 1);
		if (!grown) {
			free(text);
			return ERR(ENOMEM);
		}
		text = grown;
		memcpy(text + len, data + *offset, piece);
		len += piece;
		*offset += piece + (eol ? 1 : 0);
		if (len && text[len - 1] == '\r')
			len--;
		more = len && text[len - 1] == '\\';
		if (more)
			len--;
	} while (more && *offset < image->len);
	text[len] = '\0';
	*line = text;
	return 0;
}

/*
 * Split LINE at its label: returns the command part and sets *LABEL and
 * *LABEL_LEN to the label's name (NULL and 0 if the line has none).
 */
static const char *split_label(const char *line, const char **label,
			       size_t *label_len)
{
	*label = NULL;
	*label_len = 0;
	while (isspace(*line))
		line++;
	if (*line != ':')
		return line;
	*label = ++line;
	while (*line && !isspace(*line))
		line++;
	*label_len = (size_t)(line - *label);
	return line;
}

/* Run IMAGE's lines until the end, a failure or "exit". */
static int script_exec(struct image *image)
{
	struct script_place outer = current;
	const char *label;
	size_t label_len;
	char *line;
	int rc = 0;

	/* Hold the image: a command (imgfree) may drop every other reference. */
	current.image = image_get(image);
	current.offset = 0;
	while (current.offset < image->len) {
		rc = read_line(image, &current.offset, &line);
		if (rc != 0)
			break;
		rc = run_command_line(split_label(line, &label, &label_len));
		free(line);
		if (shell_stopped(SHELL_STOP_SCRIPT) || rc != 0)
			break;
	}
	image_put(image);
	current = outer;
	return rc;
}

int script_goto(const char *label)
{
	size_t want = strlen(label);
	size_t offset = 0;
	size_t start;
	const char *found;
	size_t found_len;
	char *line;
	bool match;
	int rc;

	if (!current.image)
		return ERR(ENOTTY);
	while (offset < current.image->len) {
		start = offset;
		rc = read_line(current.image, &offset, &line);
		if (rc != 0)
			return rc;
		split_label(line, &found, &found_len);
		match = found && found_len == want &&
			memcmp(found, label, want) == 0;
		free(line);
		if (match) {
			current.offset = start;
			shell_stop(SHELL_STOP_LINE);
			return 0;
		}
	}
	return ERR(ENOENT);
}

void script_hide(struct script_place *saved)
{
	*saved = current;
	current.image = NULL;
	current.offset = 0;
}

void script_unhide(const struct script_place *saved)
{
	current = *saved;
}

FEATURE(script, "Script");

static struct image_type script_image_type __image_type = {
	.name = "script",
	.order = 10,
	.probe = script_probe,
	.exec = script_exec,
};
