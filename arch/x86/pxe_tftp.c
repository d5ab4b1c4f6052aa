/*
 * The PXE TFTP calls: TFTP_OPEN, TFTP_READ, TFTP_CLOSE, TFTP_GET_FSIZE
 * and TFTP_READ_FILE, over the core's TFTP client.  TFTP_READ hands out
 * the file in packets of the size TFTP_OPEN agreed, numbered from 1; a
 * short (possibly empty) packet ends the file.  TFTP_READ_FILE writes
 * straight to any physical address (we run in 32-bit protected mode, so a
 * buffer above 1 MiB needs nothing special).
 */
#include <string.h>
#include <wireboot/builtin_settings.h>
#include <wireboot/errors.h>
#include <wireboot/pxe_paths.h>
#include <wireboot/settings.h>
#include <wireboot/socket.h>
#include <wireboot/tftp.h>
#include <wireboot/uri.h>
#include <x86/io.h>
#include <x86/pxe.h>

#define ERR_SUBSYS ESUB_PXE

/* Largest packet TFTP_OPEN agrees to (fits an Ethernet frame). */
#define PXE_TFTP_MAX_PACKET 1432

/* The file TFTP_OPEN opened. */
static struct pxe_xfer *tftp_file;
static uint16_t tftp_packet_size;
static uint16_t tftp_packet_number;
/* The last packet handed out was short: the file has ended. */
static bool tftp_ended;
/* The previous name asked for, for ${pxe-winpaths}. */
static char prev_name[129];

struct uri *pxe_tftp_uri(uint32_t server, uint16_t port,
			 const char *filename)
{
	struct sockaddr_in sin;
	char name[129];
	char plain[129];
	struct uri *uri;

	memset(name, 0, sizeof(name));
	memcpy(name, filename, 128);
	if (pxe_winpaths_enabled()) {
		if (pxe_path_mangle(prev_name, name, plain, sizeof(plain)) < 0)
			return NULL;
		memcpy(prev_name, plain, sizeof(prev_name));
		memcpy(name, plain, sizeof(name));
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr = server;
	sin.sin_port = port;
	if (!server)
		fetch_ipv4_setting(NULL, &next_server_setting, &sin.sin_addr);
	uri = pxe_uri((struct sockaddr *)&sin, name);
	return uri;
}

/* Open FILENAME on SERVER:PORT into *PX. */
static int tftp_open_file(struct pxe_xfer **px, uint32_t server,
			  uint16_t port, const char *filename)
{
	struct uri *uri = pxe_tftp_uri(server, port, filename);
	int rc;

	if (!uri)
		return ERR(ENOENT);
	rc = pxe_xfer_open(px, uri, NULL);
	uri_put(uri);
	return rc;
}

void pxe_tftp_reset(void)
{
	pxe_xfer_close(tftp_file);
	tftp_file = NULL;
}

/* TFTP_OPEN: open a file for TFTP_READ. */
static int pxe_tftp_open(struct s_PXENV_TFTP_OPEN *p)
{
	int rc;

	pxe_tftp_reset();
	if ((rc = tftp_open_file(&tftp_file, p->server_ip, p->port,
				 p->filename)) != 0)
		return pxe_status_of(rc);
	/* Wait for the first data, so a missing file fails here. */
	if ((rc = pxe_xfer_wait(tftp_file, 1)) != 0) {
		pxe_tftp_reset();
		return pxe_status_of(rc);
	}
	if (p->packet_size < TFTP_DEFAULT_BLKSIZE)
		p->packet_size = TFTP_DEFAULT_BLKSIZE;
	if (p->packet_size > PXE_TFTP_MAX_PACKET)
		p->packet_size = PXE_TFTP_MAX_PACKET;
	tftp_packet_size = p->packet_size;
	tftp_packet_number = 0;
	tftp_ended = false;
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(TFTP_OPEN, PXENV_TFTP_OPEN, pxe_tftp_open, s_PXENV_TFTP_OPEN);

/* TFTP_READ: the next packet of the open file. */
static int pxe_tftp_read(struct s_PXENV_TFTP_READ *p)
{
	size_t len;
	int rc;

	if (!tftp_file)
		return PXENV_STATUS_TFTP_CLOSED;
	if ((rc = pxe_xfer_wait(tftp_file, tftp_packet_size)) != 0)
		return pxe_status_of(rc);
	if (tftp_ended)
		return PXENV_STATUS_TFTP_CLOSED;
	len = pxe_xfer_read(tftp_file, pxe_segoff_ptr(p->buffer),
			    tftp_packet_size);
	tftp_ended = len < tftp_packet_size;
	p->packet_number = ++tftp_packet_number;
	p->buffer_size = (uint16_t)len;
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(TFTP_READ, PXENV_TFTP_READ, pxe_tftp_read, s_PXENV_TFTP_READ);

/* TFTP_CLOSE. */
static int pxe_tftp_close(struct s_PXENV_STATUS *p)
{
	pxe_tftp_reset();
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(TFTP_CLOSE, PXENV_TFTP_CLOSE, pxe_tftp_close, s_PXENV_STATUS);

/* TFTP_GET_FSIZE: the size of a file (from tsize, else by reading it). */
static int pxe_tftp_get_fsize(struct s_PXENV_TFTP_GET_FSIZE *p)
{
	struct pxe_xfer *px;
	uint8_t scratch[512];
	uint64_t total = 0;
	int rc;

	if ((rc = tftp_open_file(&px, p->server_ip, 0, p->filename)) != 0)
		return pxe_status_of(rc);
	if ((rc = pxe_xfer_wait(px, PXE_XFER_WANT_SIZE)) == 0 &&
	    !px->size_known) {
		while ((rc = pxe_xfer_wait(px, 1)) == 0 && px->queued)
			total += pxe_xfer_read(px, scratch, sizeof(scratch));
	}
	if (px->size_known)
		total = px->size;
	pxe_xfer_close(px);
	if (rc != 0)
		return pxe_status_of(rc);
	p->file_size = (uint32_t)total;
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(TFTP_GET_FSIZE, PXENV_TFTP_GET_FSIZE, pxe_tftp_get_fsize,
	     s_PXENV_TFTP_GET_FSIZE);

/* TFTP_READ_FILE: a whole file to a physical address. */
static int pxe_tftp_read_file(struct s_PXENV_TFTP_READ_FILE *p)
{
	struct uri *uri;
	size_t len;
	int rc;

	uri = pxe_tftp_uri(p->server_ip, p->tftp_srv_port, p->filename);
	if (!uri)
		return PXENV_STATUS_TFTP_FILE_NOT_FOUND;
	rc = pxe_xfer_fetch(uri, phys_to_virt(p->buffer), p->buffer_size,
			    &len);
	uri_put(uri);
	if (rc != 0)
		return pxe_status_of(rc);
	p->buffer_size = (uint32_t)len;
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(TFTP_READ_FILE, PXENV_TFTP_READ_FILE, pxe_tftp_read_file,
	     s_PXENV_TFTP_READ_FILE);
