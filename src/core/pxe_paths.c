/*
 * Windows-style TFTP names from PXE NBPs: '\' to '/' and the previous
 * name's prefix dropped, when ${pxe-winpaths} is on (see
 * <wireboot/pxe_paths.h>).  Platform independent, unit tested.
 */
#include <string.h>
#include <wireboot/pxe_paths.h>
#include <wireboot/settings.h>

/* Windows-style TFTP names from PXE NBPs. */
const struct setting pxe_winpaths_setting __setting = {
	.name = "pxe-winpaths",
	.type = &setting_type_uint8,
};

int pxe_path_mangle(const char *prev, const char *name, char *out,
		    size_t len)
{
	size_t prev_len = prev ? strlen(prev) : 0;
	size_t i, n;

	for (i = 0; name[i]; i++) {
		if (i + 1 >= len)
			return -1;
		out[i] = (name[i] == '\\') ? '/' : name[i];
	}
	if (!len)
		return -1;
	out[i] = '\0';
	n = i;
	if (prev_len && n > prev_len && strncmp(out, prev, prev_len) == 0) {
		memmove(out, out + prev_len, n - prev_len + 1);
		n -= prev_len;
	}
	return (int)n;
}

bool pxe_winpaths_enabled(void)
{
	unsigned long on = 0;

	return fetch_uint_setting(NULL, &pxe_winpaths_setting, &on) >= 0 &&
	       on != 0;
}
