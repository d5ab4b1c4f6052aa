/*
 * The script image type.  An image is a script when it starts with
 * "#!ipxe", "#!gpxe" or "#!wireboot" followed by whitespace (usually the
 * end of the line).  Running it runs its lines in order with
 * run_command_line(), like iPXE:
 *
 * - a line may end in "\n" or "\r\n"; a line ending in a backslash
 *   continues on the next one (the backslash and line end are dropped);
 * - a line whose first word starts with ':' is a label; anything after
 *   the label on that line runs as a command;
 * - the magic first line and other '#' lines are comments;
 * - a failing command ends the script with its status, and "exit [N]"
 *   ends it with status N.
 *
 * The runner keeps its place as an offset into the image, read one line at
 * a time, so that "goto" can later move it.
 */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <wireboot/image.h>
#include <wireboot/command.h>
#include <wireboot/shell.h>
#include <wireboot/errors.h>
#include <wireboot/feature.h>

#define ERR_SUBSYS ESUB_SCRIPT

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

/* The command part of LINE: after any ":label" word. */
static const char *skip_label(const char *line)
{
	while (isspace(*line))
		line++;
	if (*line != ':')
		return line;
	while (*line && !isspace(*line))
		line++;
	return line;
}

/* Run IMAGE's lines until the end, a failure or "exit". */
static int script_exec(struct image *image)
{
	size_t offset = 0;
	char *line;
	int rc = 0;

	while (offset < image->len) {
		rc = read_line(image, &offset, &line);
		if (rc != 0)
			break;
		rc = run_command_line(skip_label(line));
		free(line);
		if (shell_stopped(SHELL_STOP_SCRIPT) || rc != 0)
			break;
	}
	return rc;
}

FEATURE(script, "Script");

static struct image_type script_image_type __image_type = {
	.name = "script",
	.order = 10,
	.probe = script_probe,
	.exec = script_exec,
};
