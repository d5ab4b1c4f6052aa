/*
 * Windows-style TFTP names from PXE NBPs (src/core/pxe_paths.c).  With
 * ${pxe-winpaths} set, names asked for through the PXE API have '\' turned
 * into '/', and the name of the previous file asked for, which Windows 2000
 * loaders glue in front of the next name ("boot/startrom.com" then
 * "boot/startrom.comntldr"), is dropped, so a plain TFTP server serves
 * startrom.com, ntldr and winnt.sif without a remap file.
 */
#ifndef WIREBOOT_PXE_PATHS_H
#define WIREBOOT_PXE_PATHS_H

#include <wireboot/compiler.h>

struct setting;

/* ${pxe-winpaths}: nonzero turns the mangling on (off by default). */
extern const struct setting pxe_winpaths_setting;

/*
 * Mangle NAME (as an NBP gave it) into OUT (LEN bytes, NUL-terminated):
 * drop PREV (the previous name asked for, mangled; may be NULL or empty)
 * if NAME starts with it and goes on, then turn every '\' into '/'.
 * Returns the length of the result, or -1 if it did not fit.
 */
int pxe_path_mangle(const char *prev, const char *name, char *out,
		    size_t len);

/* Is ${pxe-winpaths} on? */
bool pxe_winpaths_enabled(void);

#endif
