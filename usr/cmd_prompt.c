/*
 * The "prompt [--key <key>] [--timeout <ms>] [<text>]" command: show the
 * text, wait for a key, then erase the text again.  Succeeds if the key
 * (any key without --key) was pressed; fails on another key, on Ctrl-C
 * (unless Ctrl-C is the key asked for) and when the timeout runs out.
 */
#include <stdio.h>
#include <string.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/keywait.h>
#include <wireboot/console.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

struct prompt_options {
	/* The key to wait for; 0 for any. */
	int key;
	unsigned long timeout_ms;
};

static const struct option_spec prompt_opts[] = {
	OPTION("key", 'k', OPT_REQUIRED_ARG, struct prompt_options, key,
	       parse_key),
	OPTION("timeout", 't', OPT_REQUIRED_ARG, struct prompt_options,
	       timeout_ms, parse_ulong),
};

static const struct command_spec prompt_spec =
	COMMAND_SPEC(prompt_opts, 0, MAX_ARGS,
		     "[--key <key>] [--timeout <timeout>] [<text>]");

/* Print the words of ARGS joined by spaces; returns how many bytes. */
static size_t print_words(int argc, char **argv, int first)
{
	size_t len = 0;
	int i;

	for (i = first; i < argc; i++)
		len += (size_t)printf("%s%s", i > first ? " " : "", argv[i]);
	return len;
}

static int prompt_exec(int argc, char **argv)
{
	struct prompt_options opts = { .key = 0, .timeout_ms = 0 };
	size_t shown;
	int first;
	int key;

	first = parse_options(argc, argv, &prompt_spec, &opts);
	if (first < 0)
		return first;
	shown = print_words(argc, argv, first);
	key = key_wait(opts.timeout_ms);
	while (shown--)
		printf("\b \b");
	if (key < 0)
		return ERR(ETIMEDOUT);
	if (opts.key ? key != opts.key : (key == CTRL('C') || key == KEY_EOF))
		return ERR(ECANCELED);
	return 0;
}

struct command prompt_command __command = {
	.name = "prompt",
	.exec = prompt_exec,
};
