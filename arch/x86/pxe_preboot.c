/*
 * The PXE preboot calls: GET_CACHED_INFO (the DHCP packets, as 1260-byte
 * BOOTPLAYER buffers), UNLOAD_STACK, STOP_UNDI (with the keep-UNDI answer
 * while another hook such as a SAN drive stays) and RESTART_TFTP (load
 * another NBP at 0000:7C00 and start it in place of the caller, which
 * never sees the call return).
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/dhcp.h>
#include <wireboot/errors.h>
#include <wireboot/netdevice.h>
#include <wireboot/uri.h>
#include <x86/io.h>
#include <x86/pxe.h>

#define ERR_SUBSYS ESUB_PXE

#define NBP_LOAD_ADDR 0x7c00

/* The DHCPDISCOVER we would send now (type 1) into BUF. */
static int build_discover(void *buf, size_t max, size_t *len)
{
	struct dhcp_builder builder;
	const void *ack;
	size_t ack_len;
	uint32_t xid = 0;
	int rc;

	if (dhcp_packet_of(&pxe_netdev->settings.settings, "dhcp", &ack,
			   &ack_len) == 0)
		xid = ((const struct dhcphdr *)ack)->xid;
	if ((rc = dhcp_build_request(&builder, buf, max, DHCPDISCOVER, xid,
				     pxe_netdev->ll_addr)) != 0 ||
	    (rc = dhcp_build_client_options(&builder, pxe_netdev)) != 0 ||
	    (rc = dhcp_build_end(&builder)) < 0)
		return rc;
	*len = (size_t)rc;
	return 0;
}

/* Copy cached packet TYPE into BUF (PXE_CACHED_INFO_LEN bytes, zeroed). */
static int fill_cached(unsigned int type, uint8_t *buf)
{
	struct settings *netset = &pxe_netdev->settings.settings;
	const void *pkt = NULL;
	size_t len = 0;
	int rc;

	memset(buf, 0, PXE_CACHED_INFO_LEN);
	switch (type) {
	case PXENV_PACKET_TYPE_DHCP_DISCOVER:
		return build_discover(buf, PXE_CACHED_INFO_LEN, &len);
	case PXENV_PACKET_TYPE_DHCP_ACK:
		rc = dhcp_packet_of(netset, "dhcp", &pkt, &len);
		break;
	default:
		if ((rc = dhcp_packet_of(NULL, "pxebs", &pkt, &len)) != 0 &&
		    (rc = dhcp_packet_of(NULL, "proxydhcp", &pkt, &len)) != 0)
			rc = dhcp_packet_of(netset, "dhcp", &pkt, &len);
		break;
	}
	if (rc != 0)
		return rc;
	memcpy(buf, pkt, MIN(len, (size_t)PXE_CACHED_INFO_LEN));
	return 0;
}

/* GET_CACHED_INFO: packet types 1-3; BufferSize 0 gets our own buffer. */
static int pxe_get_cached_info(struct s_PXENV_GET_CACHED_INFO *p)
{
	struct segoff addr;
	uint8_t *buf;
	size_t len;
	int rc;

	if (p->packet_type < PXENV_PACKET_TYPE_DHCP_DISCOVER ||
	    p->packet_type > PXENV_PACKET_TYPE_CACHED_REPLY)
		return PXENV_STATUS_UNSUPPORTED;
	buf = pxe_cached_buffer(p->packet_type, &addr);
	if ((rc = fill_cached(p->packet_type, buf)) != 0)
		return pxe_status_of(rc);
	if (p->buffer_size == 0) {
		p->buffer = addr;
		p->buffer_size = PXE_CACHED_INFO_LEN;
	} else {
		len = MIN((size_t)p->buffer_size, (size_t)PXE_CACHED_INFO_LEN);
		memcpy(pxe_segoff_ptr(p->buffer), buf, len);
		p->buffer_size = (uint16_t)len;
	}
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(GET_CACHED_INFO, PXENV_GET_CACHED_INFO, pxe_get_cached_info,
	     s_PXENV_GET_CACHED_INFO);

/* UNLOAD_STACK: the NBP is done with the TFTP, UDP and FILE calls. */
static int pxe_unload_stack(struct s_PXENV_UNLOAD_STACK *p)
{
	pxe_tftp_reset();
	pxe_udp_reset();
	pxe_file_reset();
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(UNLOAD_STACK, PXENV_UNLOAD_STACK, pxe_unload_stack,
	     s_PXENV_UNLOAD_STACK);

/* STOP_UNDI: unhook INT 1Ah and shut down, unless something must stay. */
static int pxe_stop_undi(struct s_PXENV_STATUS *p)
{
	int rc = pxe_api_stop();

	if (err_is(rc, EBUSY))
		return PXENV_STATUS_KEEP_UNDI;
	if (rc != 0)
		return PXENV_STATUS_FAILURE;
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(STOP_UNDI, PXENV_STOP_UNDI, pxe_stop_undi, s_PXENV_STATUS);

/* RESTART_TFTP: load a file at 0000:7C00 and run it instead of the caller. */
static int pxe_restart_tftp(struct s_PXENV_TFTP_READ_FILE *p)
{
	uint16_t fbms = *(uint16_t *)phys_to_virt(0x413);
	size_t max = (uint32_t)fbms * 1024 - NBP_LOAD_ADDR;
	struct uri *uri;
	void *nbp;
	size_t len;
	int rc;

	uri = pxe_tftp_uri(p->server_ip, p->tftp_srv_port, p->filename);
	if (!uri)
		return PXENV_STATUS_TFTP_FILE_NOT_FOUND;
	/* Fetch aside first: the caller lives at 0000:7C00 until it works. */
	if (!(nbp = malloc(max))) {
		uri_put(uri);
		return PXENV_STATUS_OUT_OF_RESOURCES;
	}
	rc = pxe_xfer_fetch(uri, nbp, max, &len);
	uri_put(uri);
	if (rc == 0)
		memcpy(phys_to_virt(NBP_LOAD_ADDR), nbp, len);
	free(nbp);
	if (rc != 0)
		return pxe_status_of(rc);
	pxe_tftp_reset();
	pxe_udp_reset();
	pxe_file_reset();
	pxe_undi_reset();
	pxe_restart_nbp();
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(RESTART_TFTP, PXENV_RESTART_TFTP, pxe_restart_tftp,
	     s_PXENV_TFTP_READ_FILE);
