/*
 * Intel e1000 family NICs as QEMU emulates them: 82540EM (8086:100e, QEMU's
 * "e1000"), 82544GC (8086:100c), 82545EM (8086:100f) and 82574L (8086:10d3,
 * QEMU's "e1000e"), all driven through the register set they share.
 *
 * Legacy descriptors in two rings in host memory, written and read by the
 * NIC through DMA; no interrupts (the poll reaps both rings, reading only
 * memory: under emulation every register access is a costly exit to the
 * device model, so the interrupt cause register is looked at for link
 * changes at most every E1000_LINK_POLL_MS).  The MAC
 * address is the one the NIC loaded from its EEPROM into receive address
 * register 0 at reset.  Closing the device and removing the driver reset
 * the NIC, which stops all DMA.
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

/* Registers (offsets into BAR 0). */
#define E1000_CTRL 0x0000
#define E1000_CTRL_ASDE (1U << 5)
#define E1000_CTRL_SLU (1U << 6)
#define E1000_CTRL_RST (1U << 26)
#define E1000_STATUS 0x0008
#define E1000_STATUS_LU (1U << 1)
#define E1000_ICR 0x00c0
#define E1000_ICR_LSC (1U << 2)
#define E1000_IMC 0x00d8
#define E1000_RCTL 0x0100
#define E1000_RCTL_EN (1U << 1)
#define E1000_RCTL_BAM (1U << 15)
#define E1000_RCTL_SECRC (1U << 26)
#define E1000_TCTL 0x0400
#define E1000_TCTL_EN (1U << 1)
#define E1000_TCTL_PSP (1U << 3)
#define E1000_TCTL_CT(n) ((uint32_t)(n) << 4)
#define E1000_TCTL_COLD(n) ((uint32_t)(n) << 12)
#define E1000_TIPG 0x0410
#define E1000_TIPG_DEFAULT (10U | (8U << 10) | (6U << 20))
#define E1000_RDBAL 0x2800
#define E1000_RDBAH 0x2804
#define E1000_RDLEN 0x2808
#define E1000_RDH 0x2810
#define E1000_RDT 0x2818
#define E1000_TDBAL 0x3800
#define E1000_TDBAH 0x3804
#define E1000_TDLEN 0x3808
#define E1000_TDH 0x3810
#define E1000_TDT 0x3818
#define E1000_MTA 0x5200
#define E1000_MTA_COUNT 128
#define E1000_RAL0 0x5400
#define E1000_RAH0 0x5404
#define E1000_RAH_AV (1U << 31)

/*
 * Ring sizes (multiples of 8: rings are multiples of 128 bytes).  A long
 * receive ring lets the NIC keep delivering while a poll's worth of frames
 * goes up the stack; with 64 it fills and the device model stops reading.
 */
#define E1000_NUM_RX 256
#define E1000_NUM_TX 64
#define E1000_RING_ALIGN 128
/* Receive buffer size selected by RCTL.BSIZE = 0. */
#define E1000_RX_BUF_LEN 2048
/* How often the poll reads the interrupt cause register for link changes. */
#define E1000_LINK_POLL_MS 100

/* Descriptor bits. */
#define E1000_DESC_DD 0x01
#define E1000_RXD_EOP 0x02
#define E1000_TXD_EOP 0x01
#define E1000_TXD_IFCS 0x02
#define E1000_TXD_RS 0x08

struct e1000_rx_desc {
	uint64_t addr;
	uint16_t length;
	uint16_t csum;
	uint8_t status;
	uint8_t errors;
	uint16_t special;
} __packed;

struct e1000_tx_desc {
	uint64_t addr;
	uint16_t length;
	uint8_t cso;
	uint8_t cmd;
	uint8_t status;
	uint8_t css;
	uint16_t special;
} __packed;

struct e1000_nic {
	struct pci_device *pci;
	struct net_device *netdev;
	void *regs;
	struct e1000_rx_desc *rx;
	struct io_buffer *rx_iob[E1000_NUM_RX];
	/* Next receive descriptor to look at. */
	unsigned int rx_cons;
	struct e1000_tx_desc *tx;
	/* Descriptors handed out and reaped (free-running counters). */
	unsigned int tx_prod;
	unsigned int tx_cons;
	/* When the poll last looked for a link change (ms). */
	uint64_t link_polled;
};

static inline uint32_t e1000_read(struct e1000_nic *nic, unsigned int reg)
{
	return mmio_read32((uint8_t *)nic->regs + reg);
}

static inline void e1000_write(struct e1000_nic *nic, unsigned int reg,
			       uint32_t value)
{
	mmio_write32((uint8_t *)nic->regs + reg, value);
}

/* Reset the whole NIC: stops receive, transmit and DMA; masks interrupts. */
static void e1000_reset(struct e1000_nic *nic)
{
	e1000_write(nic, E1000_IMC, 0xffffffff);
	e1000_write(nic, E1000_RCTL, 0);
	e1000_write(nic, E1000_TCTL, 0);
	e1000_write(nic, E1000_CTRL, e1000_read(nic, E1000_CTRL) | E1000_CTRL_RST);
	mdelay(10);
	e1000_write(nic, E1000_IMC, 0xffffffff);
	e1000_read(nic, E1000_ICR);
}

/* Report the link state from the status register. */
static void e1000_check_link(struct e1000_nic *nic)
{
	if (e1000_read(nic, E1000_STATUS) & E1000_STATUS_LU)
		netdev_link_up(nic->netdev);
	else
		netdev_link_down(nic->netdev);
}

/* Give receive descriptor I a fresh buffer; false when memory ran out. */
static bool e1000_refill(struct e1000_nic *nic, unsigned int i)
{
	struct io_buffer *iob = alloc_iob(E1000_RX_BUF_LEN);

	if (!iob)
		return false;
	nic->rx_iob[i] = iob;
	memset(&nic->rx[i], 0, sizeof(nic->rx[i]));
	nic->rx[i].addr = cpu_to_le64(dma_address(iob->data));
	return true;
}

/* Free the rings and receive buffers. */
static void e1000_free_rings(struct e1000_nic *nic)
{
	unsigned int i;

	for (i = 0; i < E1000_NUM_RX; i++) {
		free_iob(nic->rx_iob[i]);
		nic->rx_iob[i] = NULL;
	}
	heap_free(nic->rx);
	heap_free(nic->tx);
	nic->rx = NULL;
	nic->tx = NULL;
}

/* Program the receive address and clear the multicast table. */
static void e1000_set_address(struct e1000_nic *nic, const uint8_t *mac)
{
	unsigned int i;

	e1000_write(nic, E1000_RAL0, get_le32(mac));
	e1000_write(nic, E1000_RAH0, get_le16(mac + 4) | E1000_RAH_AV);
	for (i = 0; i < E1000_MTA_COUNT; i++)
		e1000_write(nic, E1000_MTA + 4 * i, 0);
}

static int e1000_open(struct net_device *netdev)
{
	struct e1000_nic *nic = netdev->priv;
	physaddr_t addr;
	unsigned int i;

	nic->rx = heap_alloc(E1000_NUM_RX * sizeof(*nic->rx), E1000_RING_ALIGN);
	nic->tx = heap_alloc(E1000_NUM_TX * sizeof(*nic->tx), E1000_RING_ALIGN);
	if (!nic->rx || !nic->tx)
		goto nomem;
	memset(nic->tx, 0, E1000_NUM_TX * sizeof(*nic->tx));
	for (i = 0; i < E1000_NUM_RX; i++) {
		if (!e1000_refill(nic, i))
			goto nomem;
	}
	nic->rx_cons = 0;
	nic->tx_prod = 0;
	nic->tx_cons = 0;
	e1000_set_address(nic, netdev->ll_addr);

	addr = dma_address(nic->tx);
	e1000_write(nic, E1000_TDBAL, (uint32_t)addr);
	e1000_write(nic, E1000_TDBAH, 0);
	e1000_write(nic, E1000_TDLEN, E1000_NUM_TX * sizeof(*nic->tx));
	e1000_write(nic, E1000_TDH, 0);
	e1000_write(nic, E1000_TDT, 0);
	e1000_write(nic, E1000_TIPG, E1000_TIPG_DEFAULT);
	e1000_write(nic, E1000_TCTL, E1000_TCTL_EN | E1000_TCTL_PSP |
		    E1000_TCTL_CT(0x0f) | E1000_TCTL_COLD(0x40));

	addr = dma_address(nic->rx);
	e1000_write(nic, E1000_RDBAL, (uint32_t)addr);
	e1000_write(nic, E1000_RDBAH, 0);
	e1000_write(nic, E1000_RDLEN, E1000_NUM_RX * sizeof(*nic->rx));
	e1000_write(nic, E1000_RDH, 0);
	dma_barrier();
	e1000_write(nic, E1000_RDT, E1000_NUM_RX - 1);
	e1000_write(nic, E1000_RCTL, E1000_RCTL_EN | E1000_RCTL_BAM |
		    E1000_RCTL_SECRC);

	e1000_write(nic, E1000_CTRL, e1000_read(nic, E1000_CTRL) |
		    E1000_CTRL_SLU | E1000_CTRL_ASDE);
	e1000_check_link(nic);
	return 0;

nomem:
	e1000_free_rings(nic);
	return ERR(ENOMEM);
}

static void e1000_close(struct net_device *netdev)
{
	struct e1000_nic *nic = netdev->priv;

	e1000_reset(nic);
	e1000_free_rings(nic);
}

/* Complete the transmissions the NIC has finished, in order. */
static void e1000_poll_tx(struct e1000_nic *nic)
{
	while (nic->tx_cons != nic->tx_prod) {
		if (!(nic->tx[nic->tx_cons % E1000_NUM_TX].status &
		      E1000_DESC_DD))
			break;
		nic->tx_cons++;
		netdev_tx_complete_next(nic->netdev, 0);
	}
}

static int e1000_transmit(struct net_device *netdev, struct io_buffer *iob)
{
	struct e1000_nic *nic = netdev->priv;
	struct e1000_tx_desc *desc;
	unsigned int i;

	/* A full ring may only be waiting to be reaped. */
	if (nic->tx_prod - nic->tx_cons >= E1000_NUM_TX - 1)
		e1000_poll_tx(nic);
	if (nic->tx_prod - nic->tx_cons >= E1000_NUM_TX - 1)
		return ERR(ENOBUFS);
	i = nic->tx_prod % E1000_NUM_TX;
	desc = &nic->tx[i];
	memset(desc, 0, sizeof(*desc));
	desc->addr = cpu_to_le64(dma_address(iob->data));
	desc->length = cpu_to_le16((uint16_t)iob_len(iob));
	desc->cmd = E1000_TXD_EOP | E1000_TXD_IFCS | E1000_TXD_RS;
	nic->tx_prod++;
	dma_barrier();
	e1000_write(nic, E1000_TDT, nic->tx_prod % E1000_NUM_TX);
	return 0;
}

/*
 * Pass received frames up and give their descriptors new buffers.  The
 * finished descriptors are counted first, so that one barrier orders all
 * their contents after their status; the tail moves once at the end: each
 * write to it costs a trip to the device.
 */
static void e1000_poll_rx(struct e1000_nic *nic)
{
	struct e1000_rx_desc *desc;
	struct io_buffer *iob;
	unsigned int ready = 0;
	unsigned int i;
	size_t len;

	while (ready < E1000_NUM_RX &&
	       (nic->rx[(nic->rx_cons + ready) % E1000_NUM_RX].status &
		E1000_DESC_DD))
		ready++;
	if (!ready)
		return;
	dma_barrier();
	while (ready--) {
		i = nic->rx_cons;
		desc = &nic->rx[i];
		iob = nic->rx_iob[i];
		len = le16_to_cpu(desc->length);
		if (desc->errors || !(desc->status & E1000_RXD_EOP)) {
			desc->status = 0;
			netdev_rx_err(nic->netdev, NULL, ERR(EIO));
		} else if (!e1000_refill(nic, i)) {
			desc->status = 0;
			netdev_rx_err(nic->netdev, NULL, ERR(ENOMEM));
		} else {
			iob_put(iob, len);
			netdev_rx(nic->netdev, iob);
		}
		nic->rx_cons = (i + 1) % E1000_NUM_RX;
	}
	/* Hand back everything up to the last descriptor refilled. */
	dma_barrier();
	e1000_write(nic, E1000_RDT,
		    (nic->rx_cons + E1000_NUM_RX - 1) % E1000_NUM_RX);
}

static void e1000_poll(struct net_device *netdev)
{
	struct e1000_nic *nic = netdev->priv;
	uint64_t now = now_ms();

	if (now - nic->link_polled >= E1000_LINK_POLL_MS) {
		nic->link_polled = now;
		if (e1000_read(nic, E1000_ICR) & E1000_ICR_LSC)
			e1000_check_link(nic);
	}
	e1000_poll_tx(nic);
	e1000_poll_rx(nic);
}

static const struct net_device_operations e1000_operations = {
	.open = e1000_open,
	.close = e1000_close,
	.transmit = e1000_transmit,
	.poll = e1000_poll,
};

/* A usable station address: neither a group address nor all zeros. */
static bool e1000_valid_mac(const uint8_t *mac)
{
	static const uint8_t zero[ETH_ALEN];

	return !is_multicast_ether_addr(mac) && memcmp(mac, zero, ETH_ALEN) != 0;
}

static int e1000_probe(struct pci_device *pci)
{
	struct net_device *netdev;
	struct e1000_nic *nic;
	uint64_t bar;
	uint32_t ral;
	uint32_t rah;
	int rc;

	bar = pci_bar_start(pci, PCI_BAR_0, NULL);
	if (!bar)
		return ERR(ENODEV);
	netdev = alloc_netdev(sizeof(*nic));
	if (!netdev)
		return ERR(ENOMEM);
	nic = netdev->priv;
	nic->pci = pci;
	nic->netdev = netdev;
	nic->regs = mmio_map((physaddr_t)bar, pci_bar_size(pci, PCI_BAR_0));
	pci_enable_device(pci);
	e1000_reset(nic);

	ral = e1000_read(nic, E1000_RAL0);
	rah = e1000_read(nic, E1000_RAH0);
	put_le32(netdev->hw_addr, ral);
	put_le16(netdev->hw_addr + 4, (uint16_t)rah);
	if (!(rah & E1000_RAH_AV) || !e1000_valid_mac(netdev->hw_addr)) {
		rc = ERR(EADDRNOTAVAIL);
		goto err;
	}
	netdev->op = &e1000_operations;
	netdev->driver_name = "e1000";
	netdev->chip = pci->id->description;
	pci_location(pci, netdev->location, sizeof(netdev->location));
	if ((rc = register_netdev(netdev)) != 0)
		goto err;
	e1000_check_link(nic);
	pci->priv = netdev;
	return 0;

err:
	pci_clear_bus_master(pci);
	mmio_unmap(nic->regs);
	netdev_put(netdev);
	return rc;
}

static void e1000_remove(struct pci_device *pci)
{
	struct net_device *netdev = pci->priv;
	struct e1000_nic *nic = netdev->priv;

	unregister_netdev(netdev);
	e1000_reset(nic);
	pci_clear_bus_master(pci);
	mmio_unmap(nic->regs);
	netdev_put(netdev);
}

static const struct pci_device_id e1000_ids[] = {
	PCI_ID(0x8086, 0x100e, "82540em", "Intel 82540EM"),
	PCI_ID(0x8086, 0x100c, "82544gc", "Intel 82544GC"),
	PCI_ID(0x8086, 0x100f, "82545em", "Intel 82545EM"),
	PCI_ID(0x8086, 0x10d3, "82574l", "Intel 82574L"),
};

struct pci_driver e1000_driver __pci_driver = {
	.name = "e1000",
	.ids = e1000_ids,
	.id_count = ARRAY_SIZE(e1000_ids),
	.probe = e1000_probe,
	.remove = e1000_remove,
};
