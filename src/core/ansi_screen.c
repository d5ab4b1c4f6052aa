/*
 * Decoding the ANSI subset of <wireboot/ansi_screen.h> into screen
 * operations, for consoles that draw the screen themselves (BIOS VGA).
 */
#include <string.h>
#include <wireboot/ansi_screen.h>

enum {
	ANSI_TEXT = 0,
	ANSI_ESCAPE,
	ANSI_CSI,
	ANSI_SKIP,
};

void ansi_screen_init(struct ansi_screen *screen,
		      const struct ansi_screen_ops *ops, void *ctx)
{
	memset(screen, 0, sizeof(*screen));
	screen->ops = ops;
	screen->ctx = ctx;
}

/* Parameter INDEX of the sequence, or DEFAULT_VALUE if missing or 0. */
static unsigned int param(struct ansi_screen *screen, unsigned int index,
			  unsigned int default_value)
{
	if (index >= screen->count || !screen->params[index])
		return default_value;
	return screen->params[index];
}

/* Act on the sequence ended by FINAL. */
static void finish(struct ansi_screen *screen, int final)
{
	const struct ansi_screen_ops *ops = screen->ops;
	unsigned int i;

	switch (final) {
	case 'H':
	case 'f':
		ops->move(screen->ctx, param(screen, 0, 1) - 1,
			  param(screen, 1, 1) - 1);
		break;
	case 'J':
		if (param(screen, 0, 0) == 2)
			ops->clear(screen->ctx);
		break;
	case 'K':
		if (param(screen, 0, 0) == 0)
			ops->erase_line(screen->ctx);
		break;
	case 'm':
		if (!screen->count)
			ops->reverse(screen->ctx, false);
		for (i = 0; i < screen->count; i++) {
			if (screen->params[i] == 7)
				ops->reverse(screen->ctx, true);
			else if (screen->params[i] == 0 ||
				 screen->params[i] == 27)
				ops->reverse(screen->ctx, false);
		}
		break;
	default:
		break;
	}
}

void ansi_screen_putchar(struct ansi_screen *screen, int c)
{
	switch (screen->state) {
	case ANSI_ESCAPE:
		if (c == '[') {
			screen->state = ANSI_CSI;
			screen->count = 0;
			memset(screen->params, 0, sizeof(screen->params));
		} else if (c >= 0x20 && c <= 0x2f) {
			/* ESC ( B and the like: one more byte follows. */
			screen->state = ANSI_SKIP;
		} else {
			screen->state = ANSI_TEXT;
		}
		return;
	case ANSI_SKIP:
		screen->state = ANSI_TEXT;
		return;
	case ANSI_CSI:
		if (c >= '0' && c <= '9') {
			if (!screen->count)
				screen->count = 1;
			if (screen->count <= ANSI_PARAMS_MAX)
				screen->params[screen->count - 1] =
					screen->params[screen->count - 1] * 10 +
					(unsigned int)(c - '0');
		} else if (c == ';') {
			if (!screen->count)
				screen->count = 1;
			screen->count++;
		} else if (c >= 0x40 && c <= 0x7e) {
			screen->count = MIN(screen->count,
					    (unsigned int)ANSI_PARAMS_MAX);
			finish(screen, c);
			screen->state = ANSI_TEXT;
		}
		return;
	default:
		if (c == 0x1b)
			screen->state = ANSI_ESCAPE;
		else
			screen->ops->print(screen->ctx, c);
		return;
	}
}
