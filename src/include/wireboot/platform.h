/*
 * What each platform (arch/x86 pcbios, arch/linux hosted, arch/efi) provides
 * to the core beyond its table entries (consoles, init hooks).  The core calls
 * these and nothing platform-specific.
 */
#ifndef WIREBOOT_PLATFORM_H
#define WIREBOOT_PLATFORM_H

#include <wireboot/compiler.h>

/* Short platform name shown in the banner: "pcbios", "linux", "efi". */
extern const char platform_name[];

/*
 * Nothing to do until the next event: halt until an interrupt on firmware,
 * a short sleep on the hosted build.  Must return within a millisecond or so.
 */
void platform_idle(void);

/* Restart the machine (WARM: skip the memory test where the platform can). */
void __noreturn platform_reboot(bool warm);

/* Power off; returns an error only if the machine cannot do it. */
int platform_poweroff(void);

/* Leave wireboot returning STATUS to whatever started it (hosted: exit code). */
void __noreturn platform_exit(int status);

/* How the shared start-up flow behaves; a platform may adjust it first. */
struct startup_options {
	/* Print the banner and offer Ctrl-B for the shell. */
	bool banner;
	/* How long to offer Ctrl-B, in milliseconds. */
	unsigned long prompt_ms;
	/* The user already asked for the shell (option ROM's POST prompt). */
	bool shell_first;
	/* Open the shell after the start-up script returns (else just return). */
	bool shell_after_script;
	/* With no start-up script, boot from the network before the shell. */
	bool autoboot;
	/*
	 * Open the shell when autoboot returns (else return, so that an
	 * option ROM or NBP hands the machine back for the next boot device).
	 */
	bool shell_after_autoboot;
};
extern struct startup_options startup_options;

/*
 * Start-up flow shared by every platform (src/core/main.c): init and startup
 * hooks, banner, then the first loaded image (an embedded script, an lkrn's
 * initrd, a hosted --script), else autoboot (when the platform wants it and
 * has a NIC), then the shell.  Returns the final status.
 */
int wireboot_main(void);

#endif
