/*
 * The PXE boot trace: with ${pxe-trace} set, every PXE API call an NBP
 * makes is logged to the console (and so to serial): opcode, name, the
 * key arguments, exit code and status, so the calls real NBPs make can be
 * recorded and compared.  The same setting turns on the INT 13h trace
 * (int13_trace.c): boot_trace_enabled() is the one switch for both.
 */
#include <stdio.h>
#include <wireboot/byteorder.h>
#include <wireboot/settings.h>
#include <wireboot/socket.h>
#include <x86/pxe.h>

static const struct setting pxe_trace_setting __setting = {
	.name = "pxe-trace",	/* Log every PXE API and INT 13h call */
	.type = &setting_type_uint8,
};

/* The key arguments of OPCODE's parameter block PARAMS. */
static void trace_args(uint16_t opcode, const void *params)
{
	const struct s_PXENV_GET_CACHED_INFO *ci = params;
	const struct s_PXENV_TFTP_OPEN *to = params;
	const struct s_PXENV_TFTP_READ_FILE *rf = params;
	const struct s_PXENV_UDP_WRITE *uw = params;
	const struct s_PXENV_UDP_READ *ur = params;
	const struct s_PXENV_FILE_READ *fr = params;

	switch (opcode) {
	case PXENV_GET_CACHED_INFO:
		printf(" type=%u size=%u buf=%04x:%04x", ci->packet_type,
		       ci->buffer_size, ci->buffer.seg, ci->buffer.off);
		break;
	case PXENV_TFTP_OPEN:
	case PXENV_TFTP_GET_FSIZE:
		printf(" server=%s file=\"%.128s\"", inet_ntoa(to->server_ip),
		       opcode == PXENV_TFTP_OPEN ? to->filename :
		       ((const struct s_PXENV_TFTP_GET_FSIZE *)params)->filename);
		break;
	case PXENV_TFTP_READ_FILE:
	case PXENV_RESTART_TFTP:
		printf(" file=\"%.128s\" buf=%08x size=%u", rf->filename,
		       rf->buffer, rf->buffer_size);
		break;
	case PXENV_UDP_WRITE:
		printf(" %s:%u->%u len=%u", inet_ntoa(uw->ip),
		       ntohs(uw->dst_port), ntohs(uw->src_port),
		       uw->buffer_size);
		break;
	case PXENV_UDP_READ:
		printf(" d_port=%u len=%u", ntohs(ur->d_port),
		       ur->buffer_size);
		break;
	case PXENV_FILE_READ:
		printf(" handle=%u len=%u", fr->file_handle, fr->buffer_size);
		break;
	default:
		break;
	}
}

bool boot_trace_enabled(void)
{
	unsigned long on = 0;

	return fetch_uint_setting(NULL, &pxe_trace_setting, &on) >= 0 && on;
}

void pxe_trace_call(const struct pxe_api_call *call, uint16_t opcode,
		    const void *params, int exit)
{
	if (!boot_trace_enabled())
		return;
	/* NBPs poll UDP_READ while idle: log only what it returned. */
	if (opcode == PXENV_UDP_READ && exit != PXENV_EXIT_SUCCESS)
		return;
	printf("PXE %04x %s", opcode, call ? call->name : "?");
	trace_args(opcode, params);
	printf(" -> %u status %02x\n", exit, *(const uint16_t *)params);
}
