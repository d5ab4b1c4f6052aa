/*
 * The PXE boot menu of option 43 (43.9 items, 43.10 prompt): parsing, the
 * decision whether autoboot uses it, and the prompt and menu the user
 * sees before "pxebs" asks the chosen boot server type for a file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/builtin_settings.h>
#include <wireboot/console.h>
#include <wireboot/dhcp.h>
#include <wireboot/errors.h>
#include <wireboot/keywait.h>
#include <wireboot/menu.h>
#include <wireboot/pxe_menu.h>
#include <wireboot/settings.h>

#define ERR_SUBSYS ESUB_PXE

#define KEY_F8 (KEY_F1 + 7)

/* Name of the (temporary) menu shown by menu_show(). */
#define PXE_MENU_NAME "pxe-boot-menu"

/* Copy LEN bytes of text at SRC into DEST as a string, dropping NULs. */
static void copy_text(char *dest, const uint8_t *src, size_t len)
{
	size_t i;
	size_t n = 0;

	for (i = 0; i < len && i < PXE_MENU_TEXT_MAX; i++) {
		if (src[i])
			dest[n++] = (char)src[i];
	}
	dest[n] = '\0';
}

int pxe_menu_parse(const uint8_t *menu, size_t menu_len, const uint8_t *prompt,
		   size_t prompt_len, struct pxe_menu *out)
{
	size_t pos = 0;
	size_t desc_len;

	memset(out, 0, sizeof(*out));
	while (pos < menu_len) {
		if (menu_len - pos < 3)
			return ERR(EBADMSG);
		desc_len = menu[pos + 2];
		if (menu_len - pos - 3 < desc_len)
			return ERR(EBADMSG);
		if (out->count < PXE_MENU_MAX_ITEMS) {
			out->items[out->count].type =
				((unsigned int)menu[pos] << 8) | menu[pos + 1];
			copy_text(out->items[out->count].desc, &menu[pos + 3],
				  desc_len);
			out->count++;
		}
		pos += 3 + desc_len;
	}
	if (!out->count)
		return ERR(ENOENT);
	if (prompt && prompt_len >= 1) {
		out->has_prompt = true;
		out->timeout = prompt[0];
		copy_text(out->prompt, &prompt[1], prompt_len - 1);
	}
	return 0;
}

/* Option TAG (e.g. 43.9) from the settings into a heap copy; its length. */
static int fetch_option(unsigned int tag, void **data)
{
	struct setting setting = { .tag = tag };

	return fetch_setting_copy(NULL, &setting, data);
}

bool pxe_menu_wanted(void)
{
	void *vendor = NULL;
	void *menu = NULL;
	unsigned long control = 0;
	struct setting control_setting = {
		.tag = DHCP_ENCAP_TAG(DHCP_VENDOR_ENCAP, PXE_DISCOVERY_CONTROL),
		.type = &setting_type_uint8,
	};
	bool has_filename;
	bool wanted;
	int vlen;
	int mlen;

	vlen = fetch_option(DHCP_VENDOR_CLASS_ID, &vendor);
	mlen = fetch_option(DHCP_ENCAP_TAG(DHCP_VENDOR_ENCAP, PXE_BOOT_MENU),
			    &menu);
	has_filename = fetch_setting(NULL, &filename_setting, NULL, NULL,
				     NULL, 0) > 0;
	fetch_uint_setting(NULL, &control_setting, &control);
	wanted = vlen >= 9 && memcmp(vendor, "PXEClient", 9) == 0 &&
		 mlen > 0 &&
		 !(has_filename && (control & PXEBS_SKIP_DISCOVERY));
	free(vendor);
	free(menu);
	return wanted;
}

int pxe_menu_fetch(struct pxe_menu *menu)
{
	void *items = NULL;
	void *prompt = NULL;
	int ilen;
	int plen;
	int rc;

	ilen = fetch_option(DHCP_ENCAP_TAG(DHCP_VENDOR_ENCAP, PXE_BOOT_MENU),
			    &items);
	if (ilen < 0)
		return ilen;
	plen = fetch_option(DHCP_ENCAP_TAG(DHCP_VENDOR_ENCAP, PXE_MENU_PROMPT),
			    &prompt);
	rc = pxe_menu_parse(items, (size_t)ilen, plen >= 0 ? prompt : NULL,
			    plen >= 0 ? (size_t)plen : 0, menu);
	free(items);
	free(prompt);
	return rc;
}

/* Erase the last LEN characters printed. */
static void erase(size_t len)
{
	while (len--)
		printf("\b \b");
}

/*
 * Show the prompt of MENU, counting down.  Returns 1 if the user asked
 * for the menu (F8), 0 to take the first item, or ERR(ECANCELED).
 */
static int prompt_for_menu(const struct pxe_menu *menu)
{
	bool forever = menu->timeout == PXE_MENU_WAIT_FOREVER;
	unsigned int left = menu->timeout;
	size_t shown = 0;
	int key = -1;
	int rc = 0;

	printf("%s ", menu->prompt);
	while (forever || left > 0) {
		if (!forever)
			shown = (size_t)printf("(%u)", left);
		key = key_wait(forever ? 0 : 1000);
		erase(shown);
		shown = 0;
		if (key == KEY_F8) {
			rc = 1;
			break;
		}
		if (key == KEY_ESC || key == CTRL('C')) {
			rc = ERR(ECANCELED);
			break;
		}
		if (key >= 0)
			break;
		left--;
	}
	printf("\n");
	return rc;
}

/* Show the items of MENU for the user to choose from; the chosen index. */
static int show_menu(const struct pxe_menu *menu, unsigned int *index)
{
	struct menu_show_options opts = { .default_label = NULL };
	struct menu_item *chosen;
	struct menu *shown;
	char label[8];
	unsigned int i;
	int rc = 0;

	shown = menu_create(PXE_MENU_NAME, menu->has_prompt && *menu->prompt ?
				     menu->prompt : "PXE boot menu");
	if (!shown)
		return ERR(ENOMEM);
	for (i = 0; i < menu->count && rc == 0; i++) {
		snprintf(label, sizeof(label), "%u", i);
		if (!menu_add_item(shown, label, menu->items[i].desc, 0,
				   i == 0))
			rc = ERR(ENOMEM);
	}
	if (rc == 0)
		rc = menu_show(shown, &opts, &chosen);
	if (rc == 0)
		*index = (unsigned int)strtoul(chosen->label, NULL, 10);
	menu_destroy(shown);
	return rc;
}

int pxe_menu_select(const struct pxe_menu *menu, unsigned int *type)
{
	unsigned int index = 0;
	int rc = 0;

	if (menu->has_prompt) {
		if (menu->timeout > 0)
			rc = prompt_for_menu(menu);
	} else if (menu->count > 1) {
		rc = 1;
	}
	if (rc == 1)
		rc = show_menu(menu, &index);
	if (rc < 0)
		return rc;
	*type = menu->items[index].type;
	printf("Booting \"%s\" (PXE boot server type %u)\n",
	       menu->items[index].desc, *type);
	return 0;
}
