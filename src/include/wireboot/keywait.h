/*
 * Waiting for keys in commands that talk to the user (prompt, menus,
 * read): a getkey() that copes with input that has ended, and the --key
 * option with iPXE's key numbers.
 */
#ifndef WIREBOOT_KEYWAIT_H
#define WIREBOOT_KEYWAIT_H

/*
 * Wait up to TIMEOUT_MS (0 = forever) for a key, as getkey() does.
 * Returns the key or -1 on timeout.  When the input has ended for good
 * (the hosted build's stdin), waits out a timeout and returns -1, or
 * returns KEY_EOF at once if there is no timeout.
 */
int key_wait(unsigned long timeout_ms);

/*
 * Option parser for a key (an int): a single character stands for
 * itself ("q", "@"); anything else is a number as iPXE gives keys
 * ("0x02" is Ctrl-B, "0x197e" F12, "0x142" Down), turned into the
 * KEY_* code getkey() returns.
 */
int parse_key(const char *text, void *value);

#endif
