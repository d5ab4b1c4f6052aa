/*
 * The PXE UNDI calls over our network device: NBPs with their own network
 * stack (lpxelinux.0, GRUB, iPXE's undionly) send raw frames with
 * UNDI_TRANSMIT and collect received ones through UNDI_ISR.  While UNDI is
 * open, every frame the device receives is diverted from our own stack to
 * a queue for the NBP (netdev->rx_divert).  Interrupts are not offered
 * (GET_INFORMATION gives IntNumber 0, GET_IFACE_INFO no IRQ flag), so NBPs
 * poll: ISR IN_START and IN_PROCESS run the device, IN_PROCESS and
 * IN_GET_NEXT hand out transmit completions and then frames, one whole
 * frame per call.
 */
#include <stdlib.h>
#include <string.h>
#include <wireboot/byteorder.h>
#include <wireboot/errors.h>
#include <wireboot/ethernet.h>
#include <wireboot/iobuf.h>
#include <wireboot/list.h>
#include <wireboot/netdevice.h>
#include <wireboot/pci.h>
#include <wireboot/process.h>
#include <x86/io.h>
#include <x86/pxe.h>

#define ERR_SUBSYS ESUB_PXE

/* Frames kept for the NBP before new ones are dropped. */
#define UNDI_RX_MAX 64

/* Protocols (UNDI_TRANSMIT, UNDI_ISR ProtType). */
#define P_UNKNOWN 0
#define P_IP 1
#define P_ARP 2
#define P_RARP 3

/* PktType. */
#define P_DIRECTED 0
#define P_BROADCAST 1
#define P_MULTICAST 2

/* GET_IFACE_INFO ServiceFlags: broadcast, multicast, open/close. */
#define UNDI_SERVICE_FLAGS 0x0403

static LIST_HEAD(undi_rx);
static unsigned int undi_rx_count;
static unsigned int undi_tx_done;

/* A frame for the NBP: keep it. */
static int undi_divert(struct net_device *netdev, struct io_buffer *iob)
{
	if (undi_rx_count >= UNDI_RX_MAX) {
		free_iob(iob);
		return ERR(ENOBUFS);
	}
	list_add_tail(&iob->list, &undi_rx);
	undi_rx_count++;
	return 0;
}

/* Stop diverting and drop what was kept. */
void pxe_undi_reset(void)
{
	struct io_buffer *iob, *tmp;

	pxe_netdev->rx_divert = NULL;
	list_for_each_entry_safe(iob, tmp, &undi_rx, list) {
		list_del(&iob->list);
		free_iob(iob);
	}
	undi_rx_count = 0;
	undi_tx_done = 0;
}

/* STARTUP, CLEANUP, INITIALIZE: the device is ready as it is. */
static int pxe_undi_ready(struct s_PXENV_STATUS *p)
{
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(UNDI_STARTUP, PXENV_UNDI_STARTUP, pxe_undi_ready,
	     s_PXENV_STATUS);
PXE_API_CALL(UNDI_CLEANUP, PXENV_UNDI_CLEANUP, pxe_undi_ready,
	     s_PXENV_STATUS);
PXE_API_CALL(UNDI_INITIALIZE, PXENV_UNDI_INITIALIZE, pxe_undi_ready,
	     s_PXENV_STATUS);

/* UNDI_OPEN: open the device and take its frames. */
static int pxe_undi_open(struct s_PXENV_STATUS *p)
{
	int rc;

	if (!netdev_is_open(pxe_netdev) &&
	    (rc = netdev_open(pxe_netdev)) != 0)
		return pxe_status_of(rc);
	pxe_undi_reset();
	pxe_netdev->rx_divert = undi_divert;
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(UNDI_OPEN, PXENV_UNDI_OPEN, pxe_undi_open, s_PXENV_STATUS);

/* UNDI_CLOSE: frames go back to our own stack. */
static int pxe_undi_close(struct s_PXENV_STATUS *p)
{
	pxe_undi_reset();
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(UNDI_CLOSE, PXENV_UNDI_CLOSE, pxe_undi_close, s_PXENV_STATUS);

/* UNDI_SHUTDOWN and RESET_ADAPTER: close (reset: and reopen) the device. */
static int pxe_undi_shutdown(struct s_PXENV_STATUS *p)
{
	pxe_undi_reset();
	netdev_close(pxe_netdev);
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(UNDI_SHUTDOWN, PXENV_UNDI_SHUTDOWN, pxe_undi_shutdown,
	     s_PXENV_STATUS);

static int pxe_undi_reset_adapter(struct s_PXENV_STATUS *p)
{
	int rc;

	pxe_undi_reset();
	netdev_close(pxe_netdev);
	if ((rc = netdev_open(pxe_netdev)) != 0)
		return pxe_status_of(rc);
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(UNDI_RESET_ADAPTER, PXENV_UNDI_RESET_ADAPTER,
	     pxe_undi_reset_adapter, s_PXENV_STATUS);

/* Copy LEN bytes at PTR (segoff, or physical if PHYS) to the end of IOB. */
static void tbd_copy(struct io_buffer *iob, struct segoff ptr, bool phys,
		     size_t len)
{
	const void *src = phys ? phys_to_virt(((uint32_t)ptr.seg << 16) |
					      ptr.off) :
				 pxe_segoff_ptr(ptr);

	memcpy(iob_put(iob, len), src, len);
}

/* UNDI_TRANSMIT: one frame, with a header we add unless P_UNKNOWN. */
static int pxe_undi_transmit(struct s_PXENV_UNDI_TRANSMIT *p)
{
	static const uint16_t ethertypes[] = { 0, 0x0800, 0x0806, 0x8035 };
	const struct s_PXENV_UNDI_TBD *tbd = pxe_segoff_ptr(p->tbd);
	static const uint8_t bcast[ETH_ALEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff
	};
	struct ethhdr *eth;
	struct io_buffer *iob;
	size_t len = tbd->immed_length;
	unsigned int i, count = MIN(tbd->data_blk_count, 8U);
	int rc;

	if (p->protocol > P_RARP)
		return PXENV_STATUS_UNDI_INVALID_PARAMETER;
	for (i = 0; i < count; i++)
		len += tbd->block[i].len;
	if (!(iob = alloc_iob(len + ETH_HLEN)))
		return PXENV_STATUS_OUT_OF_RESOURCES;
	if (p->protocol != P_UNKNOWN) {
		eth = iob_put(iob, ETH_HLEN);
		memcpy(eth->dest, p->xmit_flag == PXENV_XMT_BROADCAST ? bcast :
		       (const uint8_t *)pxe_segoff_ptr(p->dest_addr), ETH_ALEN);
		memcpy(eth->source, pxe_netdev->ll_addr, ETH_ALEN);
		eth->proto = htons(ethertypes[p->protocol]);
	}
	tbd_copy(iob, tbd->xmit, false, tbd->immed_length);
	for (i = 0; i < count; i++)
		tbd_copy(iob, tbd->block[i].ptr, tbd->block[i].ptr_type == 1,
			 tbd->block[i].len);
	if ((rc = netdev_tx(pxe_netdev, iob)) != 0)
		return pxe_status_of(rc);
	undi_tx_done++;
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(UNDI_TRANSMIT, PXENV_UNDI_TRANSMIT, pxe_undi_transmit,
	     s_PXENV_UNDI_TRANSMIT);

/* UNDI_GET_INFORMATION: addresses and MTU; no interrupt line offered. */
static int pxe_undi_get_information(struct s_PXENV_UNDI_GET_INFORMATION *p)
{
	p->base_io = 0;
	p->int_number = 0;
	p->max_tran_unit = (uint16_t)pxe_netdev->mtu;
	p->hw_type = 1;
	p->hw_addr_len = ETH_ALEN;
	memset(p->current_node_address, 0, sizeof(p->current_node_address));
	memcpy(p->current_node_address, pxe_netdev->ll_addr, ETH_ALEN);
	memset(p->perm_node_address, 0, sizeof(p->perm_node_address));
	memcpy(p->perm_node_address, pxe_netdev->hw_addr, ETH_ALEN);
	p->rom_address = 0;
	p->rx_buf_ct = UNDI_RX_MAX;
	p->tx_buf_ct = 1;
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(UNDI_GET_INFORMATION, PXENV_UNDI_GET_INFORMATION,
	     pxe_undi_get_information, s_PXENV_UNDI_GET_INFORMATION);

/* UNDI_GET_IFACE_INFO. */
static int pxe_undi_get_iface_info(struct s_PXENV_UNDI_GET_IFACE_INFO *p)
{
	memset(p->iface_type, 0, sizeof(p->iface_type));
	memcpy(p->iface_type, "DIX+802.3", 9);
	p->link_speed = 0;
	p->service_flags = UNDI_SERVICE_FLAGS;
	memset(p->reserved, 0, sizeof(p->reserved));
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(UNDI_GET_IFACE_INFO, PXENV_UNDI_GET_IFACE_INFO,
	     pxe_undi_get_iface_info, s_PXENV_UNDI_GET_IFACE_INFO);

/* UNDI_GET_MCAST_ADDRESS: the Ethernet group address of an IPv4 group. */
static int pxe_undi_get_mcast(struct s_PXENV_UNDI_GET_MCAST_ADDRESS *p)
{
	const uint8_t *ip = (const uint8_t *)&p->inet_addr;

	memset(p->media_addr, 0, sizeof(p->media_addr));
	p->media_addr[0] = 0x01;
	p->media_addr[1] = 0x00;
	p->media_addr[2] = 0x5e;
	p->media_addr[3] = ip[1] & 0x7f;
	p->media_addr[4] = ip[2];
	p->media_addr[5] = ip[3];
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(UNDI_GET_MCAST_ADDRESS, PXENV_UNDI_GET_MCAST_ADDRESS,
	     pxe_undi_get_mcast, s_PXENV_UNDI_GET_MCAST_ADDRESS);

/* UNDI_SET_STATION_ADDRESS: only the address in use can be "set". */
static int pxe_undi_set_station(struct s_PXENV_UNDI_SET_STATION_ADDRESS *p)
{
	if (memcmp(p->station_address, pxe_netdev->ll_addr, ETH_ALEN) != 0)
		return PXENV_STATUS_UNSUPPORTED;
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(UNDI_SET_STATION_ADDRESS, PXENV_UNDI_SET_STATION_ADDRESS,
	     pxe_undi_set_station, s_PXENV_UNDI_SET_STATION_ADDRESS);

/* UNDI_GET_NIC_TYPE: the PCI function behind the device (by location). */
static int pxe_undi_get_nic_type(struct s_PXENV_UNDI_GET_NIC_TYPE *p)
{
	struct pci_device *pci;
	char location[sizeof(pxe_netdev->location)];
	uint16_t word;

	for_each_pci_device(pci) {
		pci_location(pci, location, sizeof(location));
		if (strcmp(location, pxe_netdev->location) != 0)
			continue;
		p->nic_type = PXENV_NIC_TYPE_PCI;
		p->vendor_id = pci->vendor;
		p->dev_id = pci->device;
		p->base_class = (uint8_t)(pci->class >> 16);
		p->sub_class = (uint8_t)(pci->class >> 8);
		p->prog_intf = (uint8_t)pci->class;
		p->rev = pci->revision;
		p->busdevfn = pci->busdevfn;
		pci_read_config_word(pci, 0x2c, &word);
		p->sub_vendor_id = word;
		pci_read_config_word(pci, 0x2e, &word);
		p->sub_device_id = word;
		return PXENV_STATUS_SUCCESS;
	}
	return PXENV_STATUS_UNSUPPORTED;
}
PXE_API_CALL(UNDI_GET_NIC_TYPE, PXENV_UNDI_GET_NIC_TYPE,
	     pxe_undi_get_nic_type, s_PXENV_UNDI_GET_NIC_TYPE);

/* Hand the next kept frame to the NBP in our base-memory frame buffer. */
static void isr_receive(struct s_PXENV_UNDI_ISR *p)
{
	struct io_buffer *iob = list_first_entry(&undi_rx, struct io_buffer,
						 list);
	const struct ethhdr *eth = iob->data;
	size_t len = MIN(iob_len(iob), (size_t)PXE_UNDI_FRAME_LEN);
	uint16_t type = len >= ETH_HLEN ? ntohs(eth->proto) : 0;
	struct segoff addr;

	memcpy(pxe_undi_frame(&addr), iob->data, len);
	p->func_flag = PXENV_UNDI_ISR_OUT_RECEIVE;
	p->buffer_length = (uint16_t)len;
	p->frame_length = (uint16_t)len;
	p->frame_header_length = ETH_HLEN;
	p->frame = addr;
	p->prot_type = type == 0x0800 ? P_IP : type == 0x0806 ? P_ARP :
		       type == 0x8035 ? P_RARP : P_UNKNOWN;
	if (len >= ETH_HLEN && (eth->dest[0] & 1))
		p->pkt_type = memcmp(eth->dest, "\xff\xff\xff\xff\xff\xff",
				     ETH_ALEN) == 0 ? P_BROADCAST :
						      P_MULTICAST;
	else
		p->pkt_type = P_DIRECTED;
	list_del(&iob->list);
	free_iob(iob);
	undi_rx_count--;
}

/* UNDI_ISR: START polls; PROCESS / GET_NEXT give one event each. */
static int pxe_undi_isr(struct s_PXENV_UNDI_ISR *p)
{
	switch (p->func_flag) {
	case PXENV_UNDI_ISR_IN_START:
		step();
		p->func_flag = (undi_rx_count || undi_tx_done) ?
			       PXENV_UNDI_ISR_OUT_OURS :
			       PXENV_UNDI_ISR_OUT_NOT_OURS;
		break;
	case PXENV_UNDI_ISR_IN_PROCESS:
		/* Pollers (no IRQ) start here without IN_START. */
		step();
		/* fall through */
	case PXENV_UNDI_ISR_IN_GET_NEXT:
		p->buffer_length = 0;
		p->frame_length = 0;
		p->frame_header_length = 0;
		if (undi_tx_done) {
			undi_tx_done--;
			p->func_flag = PXENV_UNDI_ISR_OUT_TRANSMIT;
		} else if (undi_rx_count) {
			isr_receive(p);
		} else {
			p->func_flag = PXENV_UNDI_ISR_OUT_DONE;
		}
		break;
	default:
		return PXENV_STATUS_UNDI_INVALID_PARAMETER;
	}
	return PXENV_STATUS_SUCCESS;
}
PXE_API_CALL(UNDI_ISR, PXENV_UNDI_ISR, pxe_undi_isr, s_PXENV_UNDI_ISR);
