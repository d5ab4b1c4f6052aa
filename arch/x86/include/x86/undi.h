/*
 * wireboot as a PXE client: finding the PXE stack of the ROM that loaded
 * us (PXENV+ and !PXE, from the NBP entry registers or INT 1Ah AX=5650h),
 * calling it, and the UNDI network driver of bin/undionly.kpxe, which
 * sends and receives through the ROM's UNDI API (open, transmit, polled
 * ISR, close) instead of a native driver.  Structures follow PXE 2.1.
 */
#ifndef WIREBOOT_X86_UNDI_H
#define WIREBOOT_X86_UNDI_H

#include <wireboot/compiler.h>

/* API opcodes used by the client. */
#define UNDI_OP_SHUTDOWN 0x0005
#define UNDI_OP_OPEN 0x0006
#define UNDI_OP_CLOSE 0x0007
#define UNDI_OP_TRANSMIT 0x0008
#define UNDI_OP_GET_INFORMATION 0x000c
#define UNDI_OP_GET_NIC_TYPE 0x0012
#define UNDI_OP_ISR 0x0014
#define UNDI_OP_STOP_UNDI 0x0015
#define UNDI_OP_UNLOAD_STACK 0x0070
#define UNDI_OP_STOP_BASE 0x0076

/* A real-mode far pointer as PXE stores it: offset, then segment. */
struct undi_segoff {
	uint16_t off;
	uint16_t seg;
} __packed;

/* "PXENV+" (44 bytes). */
struct undi_pxenv {
	char signature[6];
	uint16_t version;
	uint8_t length;
	uint8_t checksum;
	struct undi_segoff rm_entry;
	uint32_t pm_offset;
	uint16_t pm_selector;
	uint16_t stack_seg, stack_size;
	uint16_t bc_code_seg, bc_code_size;
	uint16_t bc_data_seg, bc_data_size;
	uint16_t undi_data_seg, undi_data_size;
	uint16_t undi_code_seg, undi_code_size;
	struct undi_segoff pxe_ptr;
} __packed;

/* "!PXE" (88 bytes; only the part we use). */
struct undi_ppxe {
	char signature[4];
	uint8_t length;
	uint8_t checksum;
	uint8_t revision;
	uint8_t reserved;
	struct undi_segoff undi_rom_id;
	struct undi_segoff base_rom_id;
	struct undi_segoff entry_sp;
	struct undi_segoff entry_esp;
} __packed;

/* Parameter blocks (each starts with the Status word). */
struct undi_status {
	uint16_t status;
} __packed;

struct undi_open {
	uint16_t status;
	uint16_t open_flag;
	uint16_t pkt_filter;
	uint16_t mcast_count;
	uint8_t mcast[8][6];
} __packed;
#define UNDI_FLTR_DIRECTED 0x0001
#define UNDI_FLTR_BRDCST 0x0002

struct undi_tbd {
	uint16_t immed_length;
	struct undi_segoff xmit;
	uint16_t data_blk_count;
	uint8_t data_blocks[8][8];
} __packed;

struct undi_transmit {
	uint16_t status;
	uint8_t protocol;	/* 0: the frame carries its own media header */
	uint8_t xmit_flag;	/* 0: to dest_addr (ignored for protocol 0) */
	struct undi_segoff dest_addr;
	struct undi_segoff tbd;
	uint32_t reserved[2];
} __packed;

struct undi_get_information {
	uint16_t status;
	uint16_t base_io;
	uint16_t int_number;
	uint16_t max_tran_unit;
	uint16_t hw_type;
	uint16_t hw_addr_len;
	uint8_t current_node_address[16];
	uint8_t perm_node_address[16];
	uint16_t rom_address;
	uint16_t rx_buf_ct;
	uint16_t tx_buf_ct;
} __packed;

struct undi_get_nic_type {
	uint16_t status;
	uint8_t nic_type;	/* 2: PCI */
	uint16_t vendor_id;
	uint16_t dev_id;
	uint8_t base_class, sub_class, prog_intf, rev;
	uint16_t bus_dev_func;
	uint16_t subvendor_id, subdevice_id;
} __packed;
#define UNDI_NIC_TYPE_PCI 2

struct undi_isr {
	uint16_t status;
	uint16_t func_flag;
	uint16_t buffer_length;
	uint16_t frame_length;
	uint16_t frame_header_length;
	struct undi_segoff frame;
	uint8_t prot_type;
	uint8_t pkt_type;
} __packed;
#define UNDI_ISR_IN_START 1
#define UNDI_ISR_IN_PROCESS 2
#define UNDI_ISR_IN_GET_NEXT 3
#define UNDI_ISR_OUT_OURS 0
#define UNDI_ISR_OUT_DONE 0
#define UNDI_ISR_OUT_TRANSMIT 2
#define UNDI_ISR_OUT_RECEIVE 3
#define UNDI_ISR_OUT_BUSY 4

/* Room for any parameter block above. */
#define UNDI_PARAM_MAX 128

/* The PXE stack we were loaded by; found by undi_find(). */
struct undi_stack {
	struct undi_pxenv *pxenv;	/* NULL if there is none */
	struct undi_ppxe *ppxe;		/* NULL if only PXENV+ was found */
	/* Where parameter blocks go: UNDI_PARAM_MAX bytes of base memory. */
	void *param;
	uint16_t param_seg;
};

/*
 * Find the PXE stack of the ROM that loaded us (0, or ERR(ENODEV) if we
 * were not started as an NBP or no valid structure was found).
 */
int undi_find(struct undi_stack *stack);

/*
 * Call API function OPCODE with the LEN-byte parameter block PARAMS
 * (copied to base memory and back).  Returns 0, or ERR(EIO) when the
 * call fails (the block's Status word says why).
 */
int undi_call(struct undi_stack *stack, unsigned int opcode, void *params,
	      size_t len);

#endif
