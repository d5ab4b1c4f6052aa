/*
 * The UNDI network driver of bin/undionly.kpxe: the NIC is driven through
 * the UNDI API of the PXE ROM that loaded us, so any NIC with a PXE ROM
 * works without a native driver.  Frames are sent from a base-memory
 * buffer (TRANSMIT with the media header included), and received by
 * polling the UNDI ISR: IN_START ("anything for us?"), then IN_PROCESS and
 * GET_NEXT until DONE; a frame may arrive in several pieces.  Other images
 * leave this driver off: wireboot.pxe unloads the PXE stack and
 * wireboot.kpxe keeps it unused (undi_unload.c), both for native drivers.
 */
#include <stdio.h>
#include <string.h>
#include <wireboot/errors.h>
#include <wireboot/init.h>
#include <wireboot/iobuf.h>
#include <wireboot/netdevice.h>
#include <x86/realmode.h>
#include <x86/romboot.h>
#include <x86/undi.h>

#define ERR_SUBSYS ESUB_PXE

/* Base-memory transmit area: the TBD, then the frame. */
#define UNDI_TX_TBD 0
#define UNDI_TX_FRAME 128
#define UNDI_TX_AREA (UNDI_TX_FRAME + NETDEV_DEFAULT_MAX_PKT_LEN + 4)
/* ISR calls per poll, so one busy NIC cannot hold up everything else. */
#define UNDI_POLL_BUDGET 64

struct undi_nic {
	struct undi_stack stack;
	uint8_t *tx_area;
	uint16_t tx_seg;
	/* Inside an IN_PROCESS ... DONE sequence (continue with GET_NEXT). */
	bool isr_busy;
	/* The frame being put together, and how long it will be. */
	struct io_buffer *rx;
	size_t rx_len;
};

static struct net_device *undi_netdev;

/* Start receiving: directed and broadcast frames. */
static int undi_open(struct net_device *netdev)
{
	struct undi_nic *nic = netdev->priv;
	struct s_PXENV_STATUS close = { 0 };
	struct s_PXENV_UNDI_OPEN open = { 0 };
	int rc;

	/* Some stacks refuse a second OPEN: close whatever the ROM left open. */
	undi_call(&nic->stack, PXENV_UNDI_CLOSE, &close, sizeof(close));
	open.pkt_filter = PXENV_FLTR_DIRECTED | PXENV_FLTR_BRDCST;
	if ((rc = undi_call(&nic->stack, PXENV_UNDI_OPEN, &open,
			    sizeof(open))) != 0)
		return rc;
	nic->isr_busy = false;
	netdev_link_up(netdev);
	return 0;
}

static void undi_close(struct net_device *netdev)
{
	struct undi_nic *nic = netdev->priv;
	struct s_PXENV_STATUS close = { 0 };

	undi_call(&nic->stack, PXENV_UNDI_CLOSE, &close, sizeof(close));
	if (nic->rx) {
		free_iob(nic->rx);
		nic->rx = NULL;
	}
	nic->isr_busy = false;
}

static void undi_poll(struct net_device *netdev);

/* Copy the frame to base memory and hand it to TRANSMIT (done at once). */
static int undi_transmit(struct net_device *netdev, struct io_buffer *iob)
{
	struct undi_nic *nic = netdev->priv;
	struct s_PXENV_UNDI_TBD *tbd =
		(struct s_PXENV_UNDI_TBD *)(nic->tx_area + UNDI_TX_TBD);
	struct s_PXENV_UNDI_TRANSMIT tx = { 0 };
	size_t len = iob_len(iob);
	int rc;

	if (len > NETDEV_DEFAULT_MAX_PKT_LEN)
		return ERR(EMSGSIZE);
	memcpy(nic->tx_area + UNDI_TX_FRAME, iob->data, len);
	memset(tbd, 0, sizeof(*tbd));
	tbd->immed_length = (uint16_t)len;
	tbd->xmit.seg = nic->tx_seg;
	tbd->xmit.off = UNDI_TX_FRAME;
	tx.tbd.seg = nic->tx_seg;
	tx.tbd.off = UNDI_TX_TBD;
	rc = undi_call(&nic->stack, PXENV_UNDI_TRANSMIT, &tx, sizeof(tx));
	if (rc != 0) {
		/* Its queue may be full: let it reap completions, then retry. */
		undi_poll(netdev);
		memset(&tx, 0, sizeof(tx));
		tx.tbd.seg = nic->tx_seg;
		tx.tbd.off = UNDI_TX_TBD;
		rc = undi_call(&nic->stack, PXENV_UNDI_TRANSMIT, &tx, sizeof(tx));
	}
	netdev_tx_complete(netdev, iob, rc);
	return 0;
}

/* Add one received piece (described by ISR) to the frame being built. */
static void undi_rx_piece(struct net_device *netdev,
			  const struct s_PXENV_UNDI_ISR *isr)
{
	struct undi_nic *nic = netdev->priv;
	size_t piece = isr->buffer_length;

	if (!nic->rx) {
		nic->rx_len = isr->frame_length;
		nic->rx = alloc_iob(nic->rx_len);
		if (!nic->rx) {
			netdev_rx_err(netdev, NULL, ERR(ENOMEM));
			return;
		}
	}
	if (piece > nic->rx_len - iob_len(nic->rx)) {
		netdev_rx_err(netdev, nic->rx, ERR(EPROTO));
		nic->rx = NULL;
		return;
	}
	memcpy(iob_put(nic->rx, piece),
	       real_to_virt(isr->frame.seg, isr->frame.off), piece);
	if (iob_len(nic->rx) == nic->rx_len) {
		netdev_rx(netdev, nic->rx);
		nic->rx = NULL;
	}
}

static void undi_poll(struct net_device *netdev)
{
	struct undi_nic *nic = netdev->priv;
	struct s_PXENV_UNDI_ISR isr;
	unsigned int budget = UNDI_POLL_BUDGET;

	while (budget--) {
		memset(&isr, 0, sizeof(isr));
		if (!nic->isr_busy) {
			isr.func_flag = PXENV_UNDI_ISR_IN_START;
			if (undi_call(&nic->stack, PXENV_UNDI_ISR, &isr,
				      sizeof(isr)) != 0 ||
			    isr.func_flag != PXENV_UNDI_ISR_OUT_OURS)
				return;
			memset(&isr, 0, sizeof(isr));
			isr.func_flag = PXENV_UNDI_ISR_IN_PROCESS;
		} else {
			isr.func_flag = PXENV_UNDI_ISR_IN_GET_NEXT;
		}
		if (undi_call(&nic->stack, PXENV_UNDI_ISR, &isr,
			      sizeof(isr)) != 0) {
			nic->isr_busy = false;
			return;
		}
		switch (isr.func_flag) {
		case PXENV_UNDI_ISR_OUT_RECEIVE:
			undi_rx_piece(netdev, &isr);
			nic->isr_busy = true;
			break;
		case PXENV_UNDI_ISR_OUT_TRANSMIT:
			nic->isr_busy = true;
			break;
		default:
			/* DONE, BUSY or anything unknown ends the sequence. */
			nic->isr_busy = false;
			return;
		}
	}
}

static const struct net_device_operations undi_operations = {
	.open = undi_open,
	.close = undi_close,
	.transmit = undi_transmit,
	.poll = undi_poll,
};

/* undionly.kpxe: register the NIC of the PXE stack that loaded us. */
static void undi_net_startup(void)
{
	struct s_PXENV_UNDI_GET_INFORMATION info = { 0 };
	struct s_PXENV_UNDI_GET_NIC_TYPE type = { 0 };
	struct net_device *netdev;
	struct undi_nic *nic;
	int rc;

	if (prefix_type() != PREFIX_UNDIONLY)
		return;
	netdev = alloc_netdev(sizeof(*nic));
	if (!netdev)
		return;
	nic = netdev->priv;
	if ((rc = undi_find(&nic->stack)) != 0) {
		printf("undi: no PXE stack: %s\n", errstr(rc));
		goto err;
	}
	nic->tx_area = basemem_alloc(UNDI_TX_AREA, &nic->tx_seg);
	if (!nic->tx_area)
		goto err;
	if ((rc = undi_call(&nic->stack, PXENV_UNDI_GET_INFORMATION, &info,
			    sizeof(info))) != 0) {
		printf("undi: GET_INFORMATION failed (status %#x)\n", info.status);
		goto err;
	}
	memcpy(netdev->hw_addr, info.perm_node_address, NETDEV_ADDR_LEN);
	memcpy(netdev->ll_addr, info.current_node_address, NETDEV_ADDR_LEN);
	if (info.max_tran_unit >= 576 && info.max_tran_unit < 1500)
		netdev->mtu = info.max_tran_unit;
	netdev->op = &undi_operations;
	netdev->driver_name = "undi";
	netdev->chip = "PXE UNDI";
	if (undi_call(&nic->stack, PXENV_UNDI_GET_NIC_TYPE, &type,
		      sizeof(type)) == 0 &&
	    type.nic_type == PXENV_NIC_TYPE_PCI)
		snprintf(netdev->location, sizeof(netdev->location),
			 "UNDI-PCI%02x:%02x.%x", type.busdevfn >> 8,
			 (type.busdevfn >> 3) & 0x1f, type.busdevfn & 7);
	else
		snprintf(netdev->location, sizeof(netdev->location), "UNDI");
	if ((rc = register_netdev(netdev)) != 0)
		goto err;
	undi_netdev = netdev;
	return;

err:
	netdev_put(netdev);
}

/* Close the NIC through UNDI before anything else runs or we return. */
static void undi_net_shutdown(int flags)
{
	if (!undi_netdev)
		return;
	if ((flags & SHUTDOWN_BOOT) && devices_kept())
		return;
	unregister_netdev(undi_netdev);
	netdev_put(undi_netdev);
	undi_netdev = NULL;
}

struct startup_fn undi_net_startup_fn __startup_fn = {
	.name = "undi",
	.order = INIT_NORMAL,
	.startup = undi_net_startup,
	.shutdown = undi_net_shutdown,
};
