/*
 * EFI_STATUS codes as wireboot errors: each firmware failure becomes the
 * closest reason in the EFI subsystem, so "Device or resource busy (efi)"
 * says both what and where.
 */
#include <wireboot/errors.h>
#include "efi_wireboot.h"

#define ERR_SUBSYS ESUB_EFI

int efi_error(EFI_STATUS status)
{
	switch (status) {
	case EFI_SUCCESS:
		return 0;
	case EFI_INVALID_PARAMETER:
		return ERR(EINVAL);
	case EFI_UNSUPPORTED:
		return ERR(ENOTSUP);
	case EFI_BAD_BUFFER_SIZE:
	case EFI_BUFFER_TOO_SMALL:
		return ERR(EMSGSIZE);
	case EFI_NOT_READY:
		return ERR(EAGAIN);
	case EFI_DEVICE_ERROR:
		return ERR(EIO);
	case EFI_WRITE_PROTECTED:
		return ERR(EROFS);
	case EFI_OUT_OF_RESOURCES:
		return ERR(ENOMEM);
	case EFI_NOT_FOUND:
		return ERR(ENOENT);
	case EFI_ACCESS_DENIED:
	case EFI_SECURITY_VIOLATION:
		return ERR(EACCES);
	case EFI_TIMEOUT:
		return ERR(ETIMEDOUT);
	case EFI_NOT_STARTED:
		return ERR(ENETDOWN);
	case EFI_ALREADY_STARTED:
		return ERR(EEXIST);
	case EFI_ABORTED:
		return ERR(ECANCELED);
	case EFI_NO_MEDIA:
		return ERR(ENOTCONN);
	case EFI_LOAD_ERROR:
		return ERR(ENOEXEC);
	default:
		return ERR(EIO);
	}
}
