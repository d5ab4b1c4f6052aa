/*
 * Realtek RTL8139 (10ec:8139) through its I/O ports (BAR 0).
 *
 * The chip receives into one ring of 8 KiB (+16, and room past the end
 * because WRAP is set, so a frame is never split) that it fills by DMA;
 * each frame there has a 4-byte header (status, length with the CRC) and
 * starts on a 4-byte boundary.  It transmits from four slots, each a
 * physical address and a status/size register; frames are copied into
 * aligned bounce buffers (the chip wants 4-byte alignment and no shorter
 * than 60 bytes).  The MAC address is what the chip loaded from its EEPROM.
 * Closing and removing reset the chip, which stops DMA.
 */
#include <string.h>
#include <stdlib.h>
#include <wireboot/pci.h>
#include <wireboot/io.h>
#include <wireboot/netdevice.h>
#include <wireboot/ethernet.h>
#include <wireboot/iobuf.h>
#include <wireboot/byteorder.h>
#include <wireboot/time.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_DRIVER

/* Registers. */
#define RTL_IDR0 0x00
#define RTL_MAR0 0x08
#define RTL_TSD0 0x10
#define RTL_TSD_OWN (1U << 13)
#define RTL_TSD_TOK (1U << 15)
#define RTL_TSD_TUN (1U << 14)
#define RTL_TSD_TABT (1U << 30)
#define RTL_TSAD0 0x20
#define RTL_RBSTART 0x30
#define RTL_CR 0x37
#define RTL_CR_BUFE 0x01
#define RTL_CR_TE 0x04
#define RTL_CR_RE 0x08
#define RTL_CR_RST 0x10
#define RTL_CAPR 0x38
#define RTL_IMR 0x3c
#define RTL_ISR 0x3e
#define RTL_TCR 0x40
#define RTL_TCR_MXDMA_1024 (6U << 8)
#define RTL_RCR 0x44
#define RTL_RCR_APM (1U << 1)
#define RTL_RCR_AB (1U << 3)
#define RTL_RCR_WRAP (1U << 7)
#define RTL_RCR_MXDMA_UNLIMITED (7U << 8)
#define RTL_RCR_RBLEN_8K (0U << 11)
#define RTL_RCR_RXFTH_NONE (7U << 13)
#define RTL_MSR 0x58
#define RTL_MSR_LINKB 0x04

/* Receive ring: 8 KiB plus 16, plus room for a frame past the end (WRAP). */
#define RTL_RX_RING_LEN 8192
#define RTL_RX_BUF_LEN (RTL_RX_RING_LEN + 16 + 1536)
/* Receive header: status and length. */
#define RTL_RX_ROK 0x0001
#define RTL_RX_HLEN 4
#define RTL_CRC_LEN 4
/* CAPR is kept this far behind the read offset. */
#define RTL_CAPR_BIAS 16

#define RTL_TX_SLOTS 4
#define RTL_TX_BUF_LEN 1536
#define RTL_MIN_FRAME 60

#define RTL_LINK_INTERVAL_MS 500
#define RTL_RESET_TIMEOUT_MS 100

struct rtl8139_nic {
	struct net_device *netdev;
	uint16_t port;
	uint8_t *rx_ring;
	/* Offset of the next frame in the receive ring. */
	unsigned int rx_offset;
	/* Bounce buffers, one per transmit slot. */
	uint8_t *tx_buf;
	struct io_buffer *tx_iob[RTL_TX_SLOTS];
	/* Slots handed out and reaped (free-running counters). */
	unsigned int tx_prod;
	unsigned int tx_cons;
	uint64_t next_link_check;
};

/* Reset the chip (stops receive, transmit and DMA); ERR(ETIMEDOUT) if stuck. */
static int rtl8139_reset(struct rtl8139_nic *nic)
{
	unsigned int ms;

	pio_out16((uint16_t)(nic->port + RTL_IMR), 0);
	pio_out8((uint16_t)(nic->port + RTL_CR), RTL_CR_RST);
	for (ms = 0; ms < RTL_RESET_TIMEOUT_MS; ms++) {
		if (!(pio_in8((uint16_t)(nic->port + RTL_CR)) & RTL_CR_RST))
			return 0;
		mdelay(1);
	}
	return ERR(ETIMEDOUT);
}

static void rtl8139_check_link(struct rtl8139_nic *nic)
{
	nic->next_link_check = now_ms() + RTL_LINK_INTERVAL_MS;
	if (pio_in8((uint16_t)(nic->port + RTL_MSR)) & RTL_MSR_LINKB)
		netdev_link_down(nic->netdev);
	else
		netdev_link_up(nic->netdev);
}

static void rtl8139_free(struct rtl8139_nic *nic)
{
	heap_free(nic->rx_ring);
	heap_free(nic->tx_buf);
	nic->rx_ring = NULL;
	nic->tx_buf = NULL;
	memset(nic->tx_iob, 0, sizeof(nic->tx_iob));
}

static int rtl8139_open(struct net_device *netdev)
{
	struct rtl8139_nic *nic = netdev->priv;
	unsigned int i;
	int rc;

	nic->rx_ring = heap_alloc(RTL_RX_BUF_LEN, 16);
	nic->tx_buf = heap_alloc(RTL_TX_SLOTS * RTL_TX_BUF_LEN, 16);
	if (!nic->rx_ring || !nic->tx_buf) {
		rtl8139_free(nic);
		return ERR(ENOMEM);
	}
	if ((rc = rtl8139_reset(nic)) != 0) {
		rtl8139_free(nic);
		return rc;
	}
	for (i = 0; i < ETH_ALEN; i++)
		pio_out8((uint16_t)(nic->port + RTL_IDR0 + i), netdev->ll_addr[i]);
	for (i = 0; i < 8; i++)
		pio_out8((uint16_t)(nic->port + RTL_MAR0 + i), 0);
	nic->rx_offset = 0;
	nic->tx_prod = 0;
	nic->tx_cons = 0;
	pio_out32((uint16_t)(nic->port + RTL_RBSTART),
		  (uint32_t)dma_address(nic->rx_ring));
	for (i = 0; i < RTL_TX_SLOTS; i++)
		pio_out32((uint16_t)(nic->port + RTL_TSAD0 + 4 * i),
			  (uint32_t)dma_address(nic->tx_buf +
						i * RTL_TX_BUF_LEN));
	pio_out8((uint16_t)(nic->port + RTL_CR), RTL_CR_RE | RTL_CR_TE);
	pio_out32((uint16_t)(nic->port + RTL_RCR), RTL_RCR_APM | RTL_RCR_AB |
		  RTL_RCR_WRAP | RTL_RCR_MXDMA_UNLIMITED | RTL_RCR_RBLEN_8K |
		  RTL_RCR_RXFTH_NONE);
	pio_out32((uint16_t)(nic->port + RTL_TCR), RTL_TCR_MXDMA_1024);
	pio_out16((uint16_t)(nic->port + RTL_CAPR),
		  (uint16_t)(nic->rx_offset - RTL_CAPR_BIAS));
	pio_out16((uint16_t)(nic->port + RTL_ISR), 0xffff);
	rtl8139_check_link(nic);
	return 0;
}

static void rtl8139_close(struct net_device *netdev)
{
	struct rtl8139_nic *nic = netdev->priv;

	rtl8139_reset(nic);
	rtl8139_free(nic);
}

/* Complete finished transmissions, in slot order. */
static void rtl8139_poll_tx(struct rtl8139_nic *nic)
{
	unsigned int slot;
	struct io_buffer *iob;
	uint32_t tsd;

	while (nic->tx_cons != nic->tx_prod) {
		slot = nic->tx_cons % RTL_TX_SLOTS;
		tsd = pio_in32((uint16_t)(nic->port + RTL_TSD0 + 4 * slot));
		if (!(tsd & (RTL_TSD_TOK | RTL_TSD_TUN | RTL_TSD_TABT)))
			return;
		iob = nic->tx_iob[slot];
		nic->tx_iob[slot] = NULL;
		nic->tx_cons++;
		netdev_tx_complete(nic->netdev, iob,
				   (tsd & RTL_TSD_TOK) ? 0 : ERR(EIO));
	}
}

static int rtl8139_transmit(struct net_device *netdev, struct io_buffer *iob)
{
	struct rtl8139_nic *nic = netdev->priv;
	unsigned int slot = nic->tx_prod % RTL_TX_SLOTS;
	size_t len = iob_len(iob);
	uint8_t *buf = nic->tx_buf + slot * RTL_TX_BUF_LEN;

	/* All four slots busy may only mean they are waiting to be reaped. */
	if (nic->tx_prod - nic->tx_cons >= RTL_TX_SLOTS)
		rtl8139_poll_tx(nic);
	if (nic->tx_prod - nic->tx_cons >= RTL_TX_SLOTS)
		return ERR(ENOBUFS);
	if (len > RTL_TX_BUF_LEN)
		return ERR(EMSGSIZE);
	memcpy(buf, iob->data, len);
	if (len < RTL_MIN_FRAME) {
		memset(buf + len, 0, RTL_MIN_FRAME - len);
		len = RTL_MIN_FRAME;
	}
	nic->tx_iob[slot] = iob;
	nic->tx_prod++;
	dma_barrier();
	/* Writing the size with OWN clear starts the transmission. */
	pio_out32((uint16_t)(nic->port + RTL_TSD0 + 4 * slot), (uint32_t)len);
	return 0;
}

/* Copy received frames out of the ring and pass them up. */
static void rtl8139_poll_rx(struct rtl8139_nic *nic)
{
	struct io_buffer *iob;
	const uint8_t *frame;
	uint16_t status;
	uint16_t len;

	while (!(pio_in8((uint16_t)(nic->port + RTL_CR)) & RTL_CR_BUFE)) {
		dma_barrier();
		frame = nic->rx_ring + nic->rx_offset;
		status = get_le16(frame);
		len = get_le16(frame + 2);
		if (!(status & RTL_RX_ROK) || len < ETH_HLEN + RTL_CRC_LEN ||
		    len > 1536) {
			/* A broken header: the ring cannot be trusted; restart it. */
			netdev_rx_err(nic->netdev, NULL, ERR(EIO));
			pio_out8((uint16_t)(nic->port + RTL_CR), RTL_CR_TE);
			pio_out8((uint16_t)(nic->port + RTL_CR),
				 RTL_CR_RE | RTL_CR_TE);
			nic->rx_offset = 0;
			pio_out32((uint16_t)(nic->port + RTL_RBSTART),
				  (uint32_t)dma_address(nic->rx_ring));
			pio_out16((uint16_t)(nic->port + RTL_CAPR),
				  (uint16_t)(0 - RTL_CAPR_BIAS));
			return;
		}
		iob = alloc_iob(len - RTL_CRC_LEN);
		if (iob) {
			memcpy(iob_put(iob, len - RTL_CRC_LEN),
			       frame + RTL_RX_HLEN, len - RTL_CRC_LEN);
			netdev_rx(nic->netdev, iob);
		} else {
			netdev_rx_err(nic->netdev, NULL, ERR(ENOMEM));
		}
		nic->rx_offset = (nic->rx_offset + RTL_RX_HLEN + len + 3) & ~3U;
		nic->rx_offset %= RTL_RX_RING_LEN;
		pio_out16((uint16_t)(nic->port + RTL_CAPR),
			  (uint16_t)(nic->rx_offset - RTL_CAPR_BIAS));
	}
}

static void rtl8139_poll(struct net_device *netdev)
{
	struct rtl8139_nic *nic = netdev->priv;

	pio_out16((uint16_t)(nic->port + RTL_ISR), 0xffff);
	if (now_ms() >= nic->next_link_check)
		rtl8139_check_link(nic);
	rtl8139_poll_tx(nic);
	rtl8139_poll_rx(nic);
}

static const struct net_device_operations rtl8139_operations = {
	.open = rtl8139_open,
	.close = rtl8139_close,
	.transmit = rtl8139_transmit,
	.poll = rtl8139_poll,
};

static int rtl8139_probe(struct pci_device *pci)
{
	struct net_device *netdev;
	struct rtl8139_nic *nic;
	uint64_t bar;
	bool is_io;
	unsigned int i;
	int rc;

	bar = pci_bar_start(pci, PCI_BAR_0, &is_io);
	if (!bar || !is_io)
		return ERR(ENODEV);
	netdev = alloc_netdev(sizeof(*nic));
	if (!netdev)
		return ERR(ENOMEM);
	nic = netdev->priv;
	nic->netdev = netdev;
	nic->port = (uint16_t)bar;
	pci_enable_device(pci);
	if ((rc = rtl8139_reset(nic)) != 0)
		goto err;
	for (i = 0; i < ETH_ALEN; i++)
		netdev->hw_addr[i] = pio_in8((uint16_t)(nic->port + RTL_IDR0 + i));
	netdev->op = &rtl8139_operations;
	netdev->driver_name = "rtl8139";
	netdev->chip = pci->id->description;
	pci_location(pci, netdev->location, sizeof(netdev->location));
	if ((rc = register_netdev(netdev)) != 0)
		goto err;
	rtl8139_check_link(nic);
	pci->priv = netdev;
	return 0;

err:
	pci_clear_bus_master(pci);
	netdev_put(netdev);
	return rc;
}

static void rtl8139_remove(struct pci_device *pci)
{
	struct net_device *netdev = pci->priv;
	struct rtl8139_nic *nic = netdev->priv;

	unregister_netdev(netdev);
	rtl8139_reset(nic);
	pci_clear_bus_master(pci);
	netdev_put(netdev);
}

static const struct pci_device_id rtl8139_ids[] = {
	PCI_ID(0x10ec, 0x8139, "rtl8139", "Realtek RTL8139"),
};

struct pci_driver rtl8139_driver __pci_driver = {
	.name = "rtl8139",
	.ids = rtl8139_ids,
	.id_count = ARRAY_SIZE(rtl8139_ids),
	.probe = rtl8139_probe,
	.remove = rtl8139_remove,
};
