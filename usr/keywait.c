/*
 * Key waits for interactive commands and the --key option (see
 * <wireboot/keywait.h>).  iPXE numbers special keys after their ANSI
 * sequences: ESC [ <n> <c> is 0x100 * (n + 1) + c, so Up (ESC [ A) is
 * 0x141 and F12 (ESC [ 24 ~) is 0x197e; scripts use those numbers.
 */
#include <string.h>
#include <wireboot/keywait.h>
#include <wireboot/console.h>
#include <wireboot/parseopt.h>
#include <wireboot/time.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

int key_wait(unsigned long timeout_ms)
{
	unsigned long start = now_ms();
	unsigned long waited;
	int key;

	key = getkey(timeout_ms);
	if (key != KEY_EOF)
		return key;
	if (!timeout_ms)
		return KEY_EOF;
	waited = ms_since(start);
	if (waited < timeout_ms && sleep_ms(timeout_ms - waited))
		return CTRL('C');
	return -1;
}

/* iPXE's number for the sequence ESC [ N C. */
#define IPXE_ANSI_KEY(n, c) (0x100 * ((n) + 1) + (c))

static const struct {
	unsigned int ipxe;
	int key;
} ipxe_keys[] = {
	{ IPXE_ANSI_KEY(0, 'A'), KEY_UP },
	{ IPXE_ANSI_KEY(0, 'B'), KEY_DOWN },
	{ IPXE_ANSI_KEY(0, 'C'), KEY_RIGHT },
	{ IPXE_ANSI_KEY(0, 'D'), KEY_LEFT },
	{ IPXE_ANSI_KEY(0, 'F'), KEY_END },
	{ IPXE_ANSI_KEY(0, 'H'), KEY_HOME },
	{ IPXE_ANSI_KEY(2, '~'), KEY_INSERT },
	{ IPXE_ANSI_KEY(3, '~'), KEY_DELETE },
	{ IPXE_ANSI_KEY(5, '~'), KEY_PAGE_UP },
	{ IPXE_ANSI_KEY(6, '~'), KEY_PAGE_DOWN },
	{ IPXE_ANSI_KEY(15, '~'), KEY_F1 + 4 },
	{ IPXE_ANSI_KEY(17, '~'), KEY_F1 + 5 },
	{ IPXE_ANSI_KEY(18, '~'), KEY_F1 + 6 },
	{ IPXE_ANSI_KEY(19, '~'), KEY_F1 + 7 },
	{ IPXE_ANSI_KEY(20, '~'), KEY_F1 + 8 },
	{ IPXE_ANSI_KEY(21, '~'), KEY_F1 + 9 },
	{ IPXE_ANSI_KEY(23, '~'), KEY_F1 + 10 },
	{ IPXE_ANSI_KEY(24, '~'), KEY_F12 },
};

int parse_key(const char *text, void *value)
{
	unsigned long number;
	unsigned int i;

	if (text[0] && !text[1]) {
		*(int *)value = (unsigned char)text[0];
		return 0;
	}
	if (parse_integer(text, &number) != 0)
		return ERR(EINVAL);
	if (number < 0x100) {
		*(int *)value = (int)number;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(ipxe_keys); i++) {
		if (ipxe_keys[i].ipxe == number) {
			*(int *)value = ipxe_keys[i].key;
			return 0;
		}
	}
	return ERR(EINVAL);
}
