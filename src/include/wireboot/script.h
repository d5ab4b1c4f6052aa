/*
 * The script runner's place, shared with "goto" and the shell: which script
 * is running and where its next line starts.  Scripts nest (a script may
 * run another, or open a shell); each run keeps its own place and gives the
 * outer one back when it ends.
 */
#ifndef WIREBOOT_SCRIPT_H
#define WIREBOOT_SCRIPT_H

#include <wireboot/compiler.h>

struct image;

/* A running script and the offset of its next line. */
struct script_place {
	struct image *image;
	size_t offset;
};

/*
 * Make the running script continue at the line labelled ":LABEL" (which
 * runs again, including any command after the label) and stop the rest of
 * the current command line.  Returns 0, ERR(ENOTTY) outside a script, or
 * ERR(ENOENT) if the script has no such label.
 */
int script_goto(const char *label);

/*
 * Hide the running script (as the "shell" command does, so that "goto"
 * typed there is not taken as a jump in the script), saving it in *SAVED.
 */
void script_hide(struct script_place *saved);

/* Give back the script hidden by script_hide(). */
void script_unhide(const struct script_place *saved);

#endif
