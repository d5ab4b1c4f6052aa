/*
 * The PXE boot menu a ProxyDHCP or DHCP server offers in option 43 (PXE
 * 2.1): the items of 43.9 (a boot server type and a description each)
 * and the prompt of 43.10 (a timeout in seconds and a text), shown the
 * way PXE ROMs show them: "<prompt> (N)", F8 opens the menu, the first
 * item boots when the time runs out.  autoboot uses it before "pxebs".
 */
#ifndef WIREBOOT_PXE_MENU_H
#define WIREBOOT_PXE_MENU_H

#include <wireboot/compiler.h>

/* Longest description or prompt kept (the option allows 255 bytes). */
#define PXE_MENU_TEXT_MAX 255
/* Most items kept from one menu. */
#define PXE_MENU_MAX_ITEMS 32
/* Prompt timeout meaning "wait for a key without a time limit". */
#define PXE_MENU_WAIT_FOREVER 255

struct pxe_menu_item {
	/* Boot server type for "pxebs" (0 = PXE bootstrap server). */
	unsigned int type;
	char desc[PXE_MENU_TEXT_MAX + 1];
};

struct pxe_menu {
	unsigned int count;
	struct pxe_menu_item items[PXE_MENU_MAX_ITEMS];
	/* An option 43.10 was given. */
	bool has_prompt;
	/* Its timeout in seconds (PXE_MENU_WAIT_FOREVER: none). */
	unsigned int timeout;
	char prompt[PXE_MENU_TEXT_MAX + 1];
};

/*
 * Parse the MENU_LEN bytes of option 43.9 at MENU and the PROMPT_LEN bytes
 * of option 43.10 at PROMPT (NULL when absent) into *OUT.  0, or
 * ERR(EBADMSG) for a malformed menu, ERR(ENOENT) for a menu without items.
 * Items past PXE_MENU_MAX_ITEMS are ignored.
 */
int pxe_menu_parse(const uint8_t *menu, size_t menu_len, const uint8_t *prompt,
		   size_t prompt_len, struct pxe_menu *out);

/*
 * Should autoboot use the PXE menu of the current settings?  As iPXE
 * decides: the server said "PXEClient" (option 60), there is a menu
 * (43.9), and it is not the case that a file name is given and option
 * 43.6 asks to skip discovery.
 */
bool pxe_menu_wanted(void);

/*
 * Read the menu from the current settings into *MENU (same errors as
 * pxe_menu_parse(), ERR(ENOENT) when there is none).
 */
int pxe_menu_fetch(struct pxe_menu *menu);

/*
 * Let the user pick an item of MENU: with a prompt timeout of 0 the first
 * item at once; else the prompt counting down (F8 opens the menu, any
 * other key takes the first item, Esc or Ctrl-C cancels); without a
 * prompt, the menu straight away when there are several items.  Returns
 * 0 with *TYPE set, or ERR(ECANCELED).
 */
int pxe_menu_select(const struct pxe_menu *menu, unsigned int *type);

#endif
