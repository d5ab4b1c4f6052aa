/*
 * Error codes.  A failure is a negative int that names both what went wrong
 * (the reason) and which subsystem saw it, so it prints as words:
 * "Connection timed out (tcp)".  Zero means success.
 *
 * A source file names its subsystem once, after its includes:
 *     #define ERR_SUBSYS ESUB_TCP
 * and then returns ERR(ETIMEDOUT).  Codes pass through callers unchanged, so
 * the subsystem is where the failure began, not where it was noticed.
 */
#ifndef WIREBOOT_ERRORS_H
#define WIREBOOT_ERRORS_H

/* Reasons.  Keep in step with the words in src/core/errors.c. */
enum err_reason {
	EUNKNOWN = 1,	/* Unknown error */
	EPERM,		/* Operation not permitted */
	ENOENT,		/* No such file or directory */
	EIO,		/* Input/output error */
	ENXIO,		/* No such device or address */
	E2BIG,		/* Argument list too long */
	ENOEXEC,	/* Exec format error */
	EBADF,		/* Bad file descriptor */
	EAGAIN,		/* Resource temporarily unavailable */
	ENOMEM,		/* Not enough memory */
	EACCES,		/* Permission denied */
	EFAULT,		/* Bad address */
	EBUSY,		/* Device or resource busy */
	EEXIST,		/* Already exists */
	ENODEV,		/* No such device */
	ENOTDIR,	/* Not a directory */
	EINVAL,		/* Invalid argument */
	ENFILE,		/* Too many open files */
	EFBIG,		/* File too large */
	ENOSPC,		/* No space left on device */
	ESPIPE,		/* Illegal seek */
	EROFS,		/* Read-only device */
	EPIPE,		/* Broken pipe */
	ERANGE,		/* Result out of range */
	ENAMETOOLONG,	/* Name too long */
	ENOTSUP,	/* Operation not supported */
	ELOOP,		/* Too many levels of redirection */
	EPROTO,		/* Protocol error */
	EBADMSG,	/* Malformed message */
	EMSGSIZE,	/* Message too long */
	EADDRINUSE,	/* Address already in use */
	EADDRNOTAVAIL,	/* Address not available */
	ENETDOWN,	/* Network is down */
	ENETUNREACH,	/* Network unreachable */
	ENETRESET,	/* Connection aborted by network */
	ECONNABORTED,	/* Connection aborted */
	ECONNRESET,	/* Connection reset */
	ENOBUFS,	/* No buffer space available */
	ENOTCONN,	/* Not connected */
	ETIMEDOUT,	/* Connection timed out */
	ECONNREFUSED,	/* Connection refused */
	EHOSTUNREACH,	/* Host unreachable */
	EINPROGRESS,	/* Operation in progress */
	ECANCELED,	/* Operation canceled */
	ENOTTY,		/* Not a terminal */
	EILSEQ,		/* Invalid byte sequence */
	EAUTH,		/* Authentication failed */
	ENOTFOUND,	/* Not found */
	ESTALE,		/* Stale handle */
	ENOEXIT,	/* Exited with status (used by "exit") */
	ERR_REASON_MAX,
};

/* Subsystems.  Keep in step with the names in src/core/errors.c. */
enum err_subsys {
	ESUB_CORE = 0,
	ESUB_HEAP,
	ESUB_IOBUF,
	ESUB_INTERFACE,
	ESUB_PROCESS,
	ESUB_TIMER,
	ESUB_CONSOLE,
	ESUB_SETTINGS,
	ESUB_PARSE,
	ESUB_IMAGE,
	ESUB_SCRIPT,
	ESUB_SHELL,
	ESUB_COMMAND,
	ESUB_PLATFORM,
	ESUB_BIOS,
	ESUB_SMBIOS,
	ESUB_LINUX,
	ESUB_NETDEV,
	ESUB_ETHERNET,
	ESUB_ARP,
	ESUB_IPV4,
	ESUB_ICMP,
	ESUB_UDP,
	ESUB_TCP,
	ESUB_DHCP,
	ESUB_DNS,
	ESUB_URI,
	ESUB_TFTP,
	ESUB_HTTP,
	ESUB_ISCSI,
	ESUB_AOE,
	ESUB_SAN,
	ESUB_PCI,
	ESUB_DRIVER,
	ESUB_PXE,
	ESUB_INT13,
	ESUB_EFI,
	ERR_SUBSYS_MAX,
};

/* Build an error code in the current file's subsystem. */
#define ERR(reason) ERR_IN(ERR_SUBSYS, reason)
/* Build an error code in an explicit subsystem. */
#define ERR_IN(subsys, reason) (-(int)(((unsigned int)(subsys) << 8) | (unsigned int)(reason)))

/* The reason part of an error code (an enum err_reason), or 0 for success. */
static inline int err_reason(int rc)
{
	return rc < 0 ? (int)(-(unsigned int)rc & 0xff) : 0;
}

/* The subsystem part of an error code. */
static inline int err_subsys(int rc)
{
	return rc < 0 ? (int)(-(unsigned int)rc >> 8) : 0;
}

/* Does RC carry REASON, whichever subsystem raised it? */
static inline int err_is(int rc, int reason)
{
	return err_reason(rc) == reason;
}

/*
 * The words for an error code, e.g. "Connection timed out (tcp)".
 * Returns a pointer to a static buffer that the next call overwrites.
 */
const char *errstr(int rc);

/* Print "WHO: <words for RC>" on a line of its own; returns RC. */
int print_error(const char *who, int rc);

/* The words for a reason alone, e.g. "Connection timed out"; NULL if unknown. */
const char *err_reason_str(int reason);

/* The name of a subsystem, e.g. "tcp"; NULL if unknown. */
const char *err_subsys_str(int subsys);

#endif
