/*
 * Running command lines, the way iPXE does:
 *
 * - the line is split into words at whitespace.  There is no quoting:
 *   quotes and backslashes are ordinary characters.  A value with spaces
 *   reaches a command as one word through "${name}", because each word is
 *   expanded on its own after the split;
 * - a word that starts with '#' begins a comment, to the end of the line;
 * - the words "&&", "||" and ";" separate commands: the next command runs
 *   only if the previous one succeeded, only if it failed, or always.  The
 *   line's status is that of the last command that ran;
 * - a command stops the rest of the line with shell_stop() ("goto",
 *   "exit").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <wireboot/command.h>
#include <wireboot/settings.h>
#include <wireboot/shell.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

const struct command *find_command(const char *name)
{
	const struct command *command;

	for_each_table_entry(command, commands) {
		if (strcmp(command->name, name) == 0)
			return command;
	}
	return NULL;
}

int execv_command(int argc, char **argv)
{
	const struct command *command;

	if (argc == 0)
		return 0;
	command = find_command(argv[0]);
	if (!command) {
		printf("%s: command not found\n", argv[0]);
		return ERR(ENOENT);
	}
	return command->exec(argc, argv);
}

/*
 * Split LINE in place into words, storing up to MAX pointers in WORDS
 * (which may be NULL to count).  Stops at a word starting with '#'.
 * Returns the number of words.
 */
static unsigned int split_words(char *line, char **words, unsigned int max)
{
	unsigned int count = 0;

	while (1) {
		while (isspace(*line)) {
			if (words)
				*line = '\0';
			line++;
		}
		if (!*line || *line == '#')
			break;
		if (words && count < max)
			words[count] = line;
		count++;
		while (*line && !isspace(*line))
			line++;
	}
	return count;
}

/* Is WORD one that separates commands? */
static bool is_separator(const char *word)
{
	return strcmp(word, "&&") == 0 || strcmp(word, "||") == 0 ||
	       strcmp(word, ";") == 0;
}

/* Should the command after SEPARATOR run, given the status RC before it? */
static bool run_next(const char *separator, int rc)
{
	if (strcmp(separator, "&&") == 0)
		return rc == 0;
	if (strcmp(separator, "||") == 0)
		return rc != 0;
	return true;
}

/* Expand the ARGC words in WORDS and run them as one command. */
static int run_words(int argc, char **words)
{
	char **argv;
	int expanded;
	int rc;

	argv = calloc((size_t)argc + 1, sizeof(argv[0]));
	if (!argv)
		return ERR(ENOMEM);
	for (expanded = 0; expanded < argc; expanded++) {
		argv[expanded] = expand_settings(words[expanded]);
		if (!argv[expanded])
			break;
	}
	if (expanded == argc) {
		rc = execv_command(argc, argv);
	} else {
		rc = print_error(words[0], ERR(ENOMEM));
	}
	while (expanded--)
		free(argv[expanded]);
	free(argv);
	return rc;
}

int run_command_line(const char *line)
{
	unsigned int count;
	unsigned int start;
	unsigned int end;
	char **words;
	char *copy;
	bool run = true;
	int rc = 0;

	copy = strdup(line);
	if (!copy)
		return ERR(ENOMEM);
	count = split_words(copy, NULL, 0);
	words = calloc((size_t)count + 1, sizeof(words[0]));
	if (!words) {
		free(copy);
		return ERR(ENOMEM);
	}
	split_words(copy, words, count);

	for (start = 0; start <= count; start = end + 1) {
		for (end = start; end < count; end++) {
			if (is_separator(words[end]))
				break;
		}
		if (run)
			rc = run_words((int)(end - start), &words[start]);
		if (shell_stopped(SHELL_STOP_LINE) || end == count)
			break;
		run = run_next(words[end], rc);
	}

	free(words);
	free(copy);
	return rc;
}

char *concat_words(char **words, int count)
{
	size_t len = 1;
	size_t used = 0;
	size_t word;
	char *text;
	int i;

	for (i = 0; i < count; i++)
		len += strlen(words[i]) + 1;
	text = malloc(len);
	if (!text)
		return NULL;
	for (i = 0; i < count; i++) {
		if (i)
			text[used++] = ' ';
		word = strlen(words[i]);
		memcpy(text + used, words[i], word);
		used += word;
	}
	text[used] = '\0';
	return text;
}
