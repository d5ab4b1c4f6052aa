/*
 * Checking a PE32+ header for an x86-64 EFI application (<wireboot/pe.h>).
 * Every offset read is bounds-checked against the file length, since the
 * image is whatever the network handed us.
 */
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include <wireboot/pe.h>

#define ERR_SUBSYS ESUB_IMAGE

/* Offsets in the MZ header, the COFF header and the optional header. */
#define MZ_LFANEW 0x3c
#define MZ_HEADER_LEN 0x40
#define PE_SIG_LEN 4
#define COFF_MACHINE 0
#define COFF_OPT_SIZE 16
#define COFF_LEN 20
#define OPT_MAGIC 0
#define OPT_SUBSYSTEM 68
#define OPT_MIN_LEN (OPT_SUBSYSTEM + 2)

int pe_efi_app_check(const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t pe, opt;

	if (len < MZ_HEADER_LEN || p[0] != 'M' || p[1] != 'Z')
		return ERR(ENOEXEC);
	pe = get_le32(p + MZ_LFANEW);
	if (pe > len || len - pe < PE_SIG_LEN + COFF_LEN ||
	    p[pe] != 'P' || p[pe + 1] != 'E' || p[pe + 2] || p[pe + 3])
		return ERR(ENOEXEC);
	opt = pe + PE_SIG_LEN + COFF_LEN;
	if (get_le16(p + pe + PE_SIG_LEN + COFF_MACHINE) != PE_MACHINE_X86_64)
		return ERR(ENOTSUP);
	if (get_le16(p + pe + PE_SIG_LEN + COFF_OPT_SIZE) < OPT_MIN_LEN ||
	    len - opt < OPT_MIN_LEN)
		return ERR(ENOEXEC);
	if (get_le16(p + opt + OPT_MAGIC) != PE_OPT_MAGIC_PE32PLUS ||
	    get_le16(p + opt + OPT_SUBSYSTEM) != PE_SUBSYSTEM_EFI_APPLICATION)
		return ERR(ENOTSUP);
	return 0;
}
