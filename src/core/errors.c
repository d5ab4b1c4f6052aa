/*
 * Words for error codes: each reason and subsystem of <wireboot/errors.h>,
 * and errstr(), which puts them together as "Connection timed out (tcp)".
 *
 * Zero and positive values are not errors (they are lengths and counts as
 * often as not) and read "No error".  A code whose reason or subsystem has
 * no words shows its number instead: "Error 0x17c8 (tcp)" (the whole code,
 * negated) or "Connection timed out (subsystem 99)".
 */
#include <stdio.h>
#include <wireboot/errors.h>

/* Words for each reason; keep in step with enum err_reason. */
static const char *const reason_words[ERR_REASON_MAX] = {
	[EUNKNOWN] = "Unknown error",
	[EPERM] = "Operation not permitted",
	[ENOENT] = "No such file or directory",
	[EIO] = "Input/output error",
	[ENXIO] = "No such device or address",
	[E2BIG] = "Argument list too long",
	[ENOEXEC] = "Exec format error",
	[EBADF] = "Bad file descriptor",
	[EAGAIN] = "Resource temporarily unavailable",
	[ENOMEM] = "Not enough memory",
	[EACCES] = "Permission denied",
	[EFAULT] = "Bad address",
	[EBUSY] = "Device or resource busy",
	[EEXIST] = "Already exists",
	[ENODEV] = "No such device",
	[ENOTDIR] = "Not a directory",
	[EINVAL] = "Invalid argument",
	[ENFILE] = "Too many open files",
	[EFBIG] = "File too large",
	[ENOSPC] = "No space left on device",
	[ESPIPE] = "Illegal seek",
	[EROFS] = "Read-only device",
	[EPIPE] = "Broken pipe",
	[ERANGE] = "Result out of range",
	[ENAMETOOLONG] = "Name too long",
	[ENOTSUP] = "Operation not supported",
	[ELOOP] = "Too many levels of redirection",
	[EPROTO] = "Protocol error",
	[EBADMSG] = "Malformed message",
	[EMSGSIZE] = "Message too long",
	[EADDRINUSE] = "Address already in use",
	[EADDRNOTAVAIL] = "Address not available",
	[ENETDOWN] = "Network is down",
	[ENETUNREACH] = "Network unreachable",
	[ENETRESET] = "Connection aborted by network",
	[ECONNABORTED] = "Connection aborted",
	[ECONNRESET] = "Connection reset",
	[ENOBUFS] = "No buffer space available",
	[ENOTCONN] = "Not connected",
	[ETIMEDOUT] = "Connection timed out",
	[ECONNREFUSED] = "Connection refused",
	[EHOSTUNREACH] = "Host unreachable",
	[EINPROGRESS] = "Operation in progress",
	[ECANCELED] = "Operation canceled",
	[ENOTTY] = "Not a terminal",
	[EILSEQ] = "Invalid byte sequence",
	[EAUTH] = "Authentication failed",
	[ENOTFOUND] = "Not found",
	[ESTALE] = "Stale handle",
	[ENOEXIT] = "Exited with status",
};

/* Name of each subsystem; keep in step with enum err_subsys. */
static const char *const subsys_names[ERR_SUBSYS_MAX] = {
	[ESUB_CORE] = "core",
	[ESUB_HEAP] = "heap",
	[ESUB_IOBUF] = "iobuf",
	[ESUB_INTERFACE] = "interface",
	[ESUB_PROCESS] = "process",
	[ESUB_TIMER] = "timer",
	[ESUB_CONSOLE] = "console",
	[ESUB_SETTINGS] = "settings",
	[ESUB_PARSE] = "parse",
	[ESUB_IMAGE] = "image",
	[ESUB_SCRIPT] = "script",
	[ESUB_SHELL] = "shell",
	[ESUB_COMMAND] = "command",
	[ESUB_PLATFORM] = "platform",
	[ESUB_BIOS] = "bios",
	[ESUB_SMBIOS] = "smbios",
	[ESUB_LINUX] = "linux",
	[ESUB_NETDEV] = "netdev",
	[ESUB_ETHERNET] = "ethernet",
	[ESUB_ARP] = "arp",
	[ESUB_IPV4] = "ipv4",
	[ESUB_ICMP] = "icmp",
	[ESUB_UDP] = "udp",
	[ESUB_TCP] = "tcp",
	[ESUB_DHCP] = "dhcp",
	[ESUB_DNS] = "dns",
	[ESUB_URI] = "uri",
	[ESUB_TFTP] = "tftp",
	[ESUB_HTTP] = "http",
	[ESUB_ISCSI] = "iscsi",
	[ESUB_AOE] = "aoe",
	[ESUB_SAN] = "san",
	[ESUB_PCI] = "pci",
	[ESUB_DRIVER] = "driver",
	[ESUB_PXE] = "pxe",
	[ESUB_INT13] = "int13",
	[ESUB_EFI] = "efi",
};

/* Words for REASON, or NULL if it has none. */
const char *err_reason_str(int reason)
{
	if (reason < 0 || reason >= ERR_REASON_MAX)
		return NULL;
	return reason_words[reason];
}

/* Name of SUBSYS, or NULL if it has none. */
const char *err_subsys_str(int subsys)
{
	if (subsys < 0 || subsys >= ERR_SUBSYS_MAX)
		return NULL;
	return subsys_names[subsys];
}

/* Words for RC in a static buffer, overwritten by the next call. */
const char *errstr(int rc)
{
	static char buf[64];
	unsigned int code = -(unsigned int)rc;
	unsigned int subsys = code >> 8;
	const char *reason_text;
	const char *subsys_text;

	if (rc >= 0)
		return "No error";
	reason_text = err_reason_str((int)(code & 0xff));
	subsys_text = subsys < ERR_SUBSYS_MAX ? subsys_names[subsys] : NULL;
	if (reason_text && subsys_text)
		snprintf(buf, sizeof(buf), "%s (%s)", reason_text, subsys_text);
	else if (reason_text)
		snprintf(buf, sizeof(buf), "%s (subsystem %u)", reason_text,
			 subsys);
	else if (subsys_text)
		snprintf(buf, sizeof(buf), "Error %#x (%s)", code, subsys_text);
	else
		snprintf(buf, sizeof(buf), "Error %#x", code);
	return buf;
}

int print_error(const char *who, int rc)
{
	printf("%s: %s\n", who, errstr(rc));
	return rc;
}
