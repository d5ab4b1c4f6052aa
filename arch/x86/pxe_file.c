/*
 * The gPXE/iPXE file extensions to the PXE API (opcodes 00E0h-00E8h), with
 * which pxelinux.0 fetches http:// (or any other URI) through us:
 * FILE_OPEN, FILE_READ (never blocks: Status 1Bh while no data is there
 * yet), GET_FILE_SIZE, FILE_CLOSE, FILE_EXEC (runs a command line),
 * FILE_CMDLINE (the NBP's arguments) and FILE_API_CHECK, whose mask says
 * exactly which of these are here.
 */
#include <string.h>
#include <wireboot/command.h>
#include <wireboot/dhcp.h>
#include <wireboot/errors.h>
#include <wireboot/feature.h>
#include <wireboot/image.h>
#include <x86/pxe.h>

#define ERR_SUBSYS ESUB_PXE

DHCP_FEATURE(pxe_ext, "PXEXT", DHCP_EB_FEATURE_PXE_EXT, 2);

/* Files an NBP may have open at once. */
#define PXE_FILES 8

/* Longest URI or command line taken from an NBP. */
#define PXE_FILE_NAME_MAX 1024

static struct pxe_xfer *pxe_files[PXE_FILES];

/* The NUL-terminated string at PTR, copied into BUF; 0 or ERR(ENAMETOOLONG). */
static int copy_string(struct segoff ptr, char *buf, size_t len)
{
	const char *src = pxe_segoff_ptr(ptr);
	size_t n = strnlen(src, len);

	if (n == len)
		return ERR(ENAMETOOLONG);
	memcpy(buf, src, n + 1);
	return 0;
}

/* The open file HANDLE, or NULL. */
static struct pxe_xfer *pxe_file(uint16_t handle)
{
	return handle < PXE_FILES ? pxe_files[handle] : NULL;
}

void pxe_file_reset(void)
{
	unsigned int i;

	for (i = 0; i < PXE_FILES; i++) {
		pxe_xfer_close(pxe_files[i]);
		pxe_files[i] = NULL;
	}
}

/* FILE_OPEN: open a URI (relative ones resolve against the NBP's). */
static int pxe_file_open(struct s_PXENV_FILE_OPEN *p)
{
	char name[PXE_FILE_NAME_MAX];
	unsigned int i;
	int rc;

	for (i = 0; i < PXE_FILES && pxe_files[i]; i++)
		;
	if (i == PXE_FILES)
		return PXENV_STATUS_OUT_OF_RESOURCES;
	if ((rc = copy_string(p->file_name, name, sizeof(name))) != 0 ||
	    (rc = pxe_xfer_open(&pxe_files[i], NULL, name)) != 0)
		return pxe_status_of(rc);
	p->file_handle = (uint16_t)i;
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(FILE_OPEN, PXENV_FILE_OPEN, pxe_file_open, s_PXENV_FILE_OPEN);

/* FILE_CLOSE. */
static int pxe_file_close(struct s_PXENV_FILE_CLOSE *p)
{
	struct pxe_xfer *px = pxe_file(p->file_handle);

	if (!px)
		return PXENV_STATUS_BAD_FUNC;
	pxe_xfer_close(px);
	pxe_files[p->file_handle] = NULL;
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(FILE_CLOSE, PXENV_FILE_CLOSE, pxe_file_close,
	     s_PXENV_FILE_CLOSE);

/* FILE_READ: what has arrived (0 bytes at the end), or 1Bh: try again. */
static int pxe_file_read(struct s_PXENV_FILE_READ *p)
{
	struct pxe_xfer *px = pxe_file(p->file_handle);
	size_t len;

	if (!px)
		return PXENV_STATUS_BAD_FUNC;
	if (!pxe_xfer_ready(px, 1))
		return PXENV_STATUS_TFTP_OPEN;
	if (!px->queued && px->rc != 0)
		return pxe_status_of(px->rc);
	len = pxe_xfer_read(px, pxe_segoff_ptr(p->buffer), p->buffer_size);
	p->buffer_size = (uint16_t)len;
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(FILE_READ, PXENV_FILE_READ, pxe_file_read, s_PXENV_FILE_READ);

/* GET_FILE_SIZE: the size the server announced (waits for it). */
static int pxe_get_file_size(struct s_PXENV_GET_FILE_SIZE *p)
{
	struct pxe_xfer *px = pxe_file(p->file_handle);
	int rc;

	if (!px)
		return PXENV_STATUS_BAD_FUNC;
	if ((rc = pxe_xfer_wait(px, PXE_XFER_WANT_SIZE)) != 0)
		return pxe_status_of(rc);
	if (!px->size_known)
		return PXENV_STATUS_UNSUPPORTED;
	p->file_size = (uint32_t)px->size;
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(GET_FILE_SIZE, PXENV_GET_FILE_SIZE, pxe_get_file_size,
	     s_PXENV_GET_FILE_SIZE);

/* FILE_EXEC {Status, segoff Command}: run a command line. */
struct s_PXENV_FILE_EXEC {
	uint16_t status;
	struct segoff command;
} __packed;

static int pxe_file_exec(struct s_PXENV_FILE_EXEC *p)
{
	char line[PXE_FILE_NAME_MAX];
	int rc;

	if ((rc = copy_string(p->command, line, sizeof(line))) != 0 ||
	    (rc = run_command_line(line)) != 0)
		return pxe_status_of(rc);
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(FILE_EXEC, PXENV_FILE_EXEC, pxe_file_exec, s_PXENV_FILE_EXEC);

/* FILE_CMDLINE {Status, u16 BufferSize, segoff Buffer}: our arguments. */
struct s_PXENV_FILE_CMDLINE {
	uint16_t status;
	uint16_t buffer_size;
	struct segoff buffer;
} __packed;

static int pxe_file_cmdline(struct s_PXENV_FILE_CMDLINE *p)
{
	const char *cmdline = pxe_image && pxe_image->cmdline ?
			      pxe_image->cmdline : "";
	size_t len = strlen(cmdline) + 1;

	if (len > p->buffer_size)
		len = p->buffer_size;
	if (len) {
		memcpy(pxe_segoff_ptr(p->buffer), cmdline, len - 1);
		((char *)pxe_segoff_ptr(p->buffer))[len - 1] = '\0';
	}
	p->buffer_size = (uint16_t)strlen(cmdline);
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(FILE_CMDLINE, PXENV_FILE_CMDLINE, pxe_file_cmdline,
	     s_PXENV_FILE_CMDLINE);

/* FILE_API_CHECK: who we are and which file calls exist. */
static int pxe_file_api_check(struct s_PXENV_FILE_API_CHECK *p)
{
	struct pxe_api_call *call;
	uint32_t mask = 0;

	if (p->size < sizeof(*p))
		return PXENV_STATUS_OUT_OF_RESOURCES;
	if (p->magic != PXE_API_CHECK_MAGIC_IN)
		return PXENV_STATUS_BAD_FUNC;
	for_each_table_entry(call, pxe_api_calls) {
		if (call->opcode >= PXENV_FILE_OPEN &&
		    call->opcode < PXENV_FILE_OPEN + 32)
			mask |= 1U << (call->opcode - PXENV_FILE_OPEN);
	}
	p->size = sizeof(*p);
	p->magic = PXE_API_CHECK_MAGIC_OUT;
	p->provider = PXE_API_CHECK_PROVIDER;
	p->api_mask = mask;
	p->flags = 0;
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(FILE_API_CHECK, PXENV_FILE_API_CHECK, pxe_file_api_check,
	     s_PXENV_FILE_API_CHECK);
