/*
 * The PXE 2.1 API's wire layouts and opcodes, shared by the API we offer
 * NBPs (x86/pxe.h, arch/x86/pxe_*.c) and the UNDI client that drives the
 * PXE ROM that loaded us (x86/undi.h, arch/x86/undi_*.c): the segoff far
 * pointer, PXENV+, !PXE with its segment descriptors, opcodes, status
 * codes and the UNDI parameter blocks.  Little-endian and packed, as the
 * spec lays them out.
 */
#ifndef WIREBOOT_X86_PXE_TYPES_H
#define WIREBOOT_X86_PXE_TYPES_H

#include <wireboot/compiler.h>

/* A real-mode far pointer as the API stores it: offset, then segment. */
struct segoff {
	uint16_t off;
	uint16_t seg;
} __packed;

/* One segment of the !PXE descriptor list. */
struct pxe_segdesc {
	uint16_t seg;
	uint32_t phys;
	uint16_t size;
} __packed;

/* The PXENV+ structure. */
struct pxenv_plus {
	char signature[6];
	uint16_t version;
	uint8_t length;
	uint8_t checksum;
	struct segoff rm_entry;
	uint32_t pm_offset;
	uint16_t pm_selector;
	uint16_t stack_seg;
	uint16_t stack_size;
	uint16_t bc_code_seg;
	uint16_t bc_code_size;
	uint16_t bc_data_seg;
	uint16_t bc_data_size;
	uint16_t undi_data_seg;
	uint16_t undi_data_size;
	uint16_t undi_code_seg;
	uint16_t undi_code_size;
	struct segoff pxe_ptr;
} __packed;

/* Order of the !PXE segment descriptors. */
enum pxe_seg {
	PXE_SEG_STACK,
	PXE_SEG_UNDI_DATA,
	PXE_SEG_UNDI_CODE,
	PXE_SEG_UNDI_CODE_WRITE,
	PXE_SEG_BC_DATA,
	PXE_SEG_BC_CODE,
	PXE_SEG_BC_CODE_WRITE,
	PXE_SEG_COUNT
};

/* The !PXE structure. */
struct pxe_bang {
	char signature[4];
	uint8_t length;
	uint8_t checksum;
	uint8_t revision;
	uint8_t reserved1;
	struct segoff undi_rom_id;
	struct segoff base_rom_id;
	struct segoff entry_sp;
	struct segoff entry_esp;
	struct segoff status_callout;
	uint8_t reserved2;
	uint8_t seg_desc_count;
	uint16_t first_selector;
	struct pxe_segdesc seg[PXE_SEG_COUNT];
} __packed;

/* Status codes. */
#define PXENV_STATUS_SUCCESS 0x00
#define PXENV_STATUS_FAILURE 0x01
#define PXENV_STATUS_BAD_FUNC 0x02
#define PXENV_STATUS_UNSUPPORTED 0x03
#define PXENV_STATUS_KEEP_UNDI 0x04
#define PXENV_STATUS_KEEP_ALL 0x05
#define PXENV_STATUS_OUT_OF_RESOURCES 0x06
#define PXENV_STATUS_ARP_TIMEOUT 0x11
#define PXENV_STATUS_UDP_CLOSED 0x18
#define PXENV_STATUS_UDP_OPEN 0x19
#define PXENV_STATUS_TFTP_CLOSED 0x1a
#define PXENV_STATUS_TFTP_OPEN 0x1b
#define PXENV_STATUS_TFTP_CANNOT_READ_FROM_CONNECTION 0x24
#define PXENV_STATUS_TFTP_FILE_NOT_FOUND 0x3b
#define PXENV_STATUS_TFTP_INVALID_PACKET_SIZE 0x3f
#define PXENV_STATUS_UNDI_INVALID_PARAMETER 0x68

/* What a call returns in AX. */
#define PXENV_EXIT_SUCCESS 0
#define PXENV_EXIT_FAILURE 1

/* Opcodes. */
#define PXENV_START_UNDI 0x0000
#define PXENV_UNDI_STARTUP 0x0001
#define PXENV_UNDI_CLEANUP 0x0002
#define PXENV_UNDI_INITIALIZE 0x0003
#define PXENV_UNDI_RESET_ADAPTER 0x0004
#define PXENV_UNDI_SHUTDOWN 0x0005
#define PXENV_UNDI_OPEN 0x0006
#define PXENV_UNDI_CLOSE 0x0007
#define PXENV_UNDI_TRANSMIT 0x0008
#define PXENV_UNDI_SET_MCAST_ADDRESS 0x0009
#define PXENV_UNDI_SET_STATION_ADDRESS 0x000a
#define PXENV_UNDI_SET_PACKET_FILTER 0x000b
#define PXENV_UNDI_GET_INFORMATION 0x000c
#define PXENV_UNDI_GET_STATISTICS 0x000d
#define PXENV_UNDI_CLEAR_STATISTICS 0x000e
#define PXENV_UNDI_FORCE_INTERRUPT 0x0010
#define PXENV_UNDI_GET_MCAST_ADDRESS 0x0011
#define PXENV_UNDI_GET_NIC_TYPE 0x0012
#define PXENV_UNDI_GET_IFACE_INFO 0x0013
#define PXENV_UNDI_ISR 0x0014
#define PXENV_STOP_UNDI 0x0015
#define PXENV_TFTP_OPEN 0x0020
#define PXENV_TFTP_CLOSE 0x0021
#define PXENV_TFTP_READ 0x0022
#define PXENV_TFTP_READ_FILE 0x0023
#define PXENV_TFTP_GET_FSIZE 0x0025
#define PXENV_UDP_OPEN 0x0030
#define PXENV_UDP_CLOSE 0x0031
#define PXENV_UDP_READ 0x0032
#define PXENV_UDP_WRITE 0x0033
#define PXENV_UNLOAD_STACK 0x0070
#define PXENV_GET_CACHED_INFO 0x0071
#define PXENV_RESTART_TFTP 0x0073
#define PXENV_START_BASE 0x0075
#define PXENV_STOP_BASE 0x0076
#define PXENV_FILE_OPEN 0x00e0
#define PXENV_FILE_CLOSE 0x00e1
#define PXENV_FILE_SELECT 0x00e2
#define PXENV_FILE_READ 0x00e3
#define PXENV_GET_FILE_SIZE 0x00e4
#define PXENV_FILE_EXEC 0x00e5
#define PXENV_FILE_API_CHECK 0x00e6
#define PXENV_FILE_EXIT_HOOK 0x00e7
#define PXENV_FILE_CMDLINE 0x00e8

/* A parameter block that is only the Status word (UNDI_CLOSE, STOP_UNDI...). */
struct s_PXENV_STATUS {
	uint16_t status;
} __packed;

/* UNLOAD_STACK. */
struct s_PXENV_UNLOAD_STACK {
	uint16_t status;
	uint8_t reserved[10];
} __packed;

/* UNDI_OPEN. */
struct s_PXENV_UNDI_OPEN {
	uint16_t status;
	uint16_t open_flag;
	uint16_t pkt_filter;
	uint16_t mcast_count;
	uint8_t mcast[8][6];
} __packed;
#define PXENV_FLTR_DIRECTED 0x0001
#define PXENV_FLTR_BRDCST 0x0002

/* UNDI_TRANSMIT. */
struct s_PXENV_UNDI_TRANSMIT {
	uint16_t status;
	uint8_t protocol;	/* 0: the frame carries its own media header */
	uint8_t xmit_flag;	/* 0: to dest_addr, 1: broadcast */
	struct segoff dest_addr;
	struct segoff tbd;
	uint32_t reserved[2];
} __packed;
#define PXENV_XMT_BROADCAST 1

/* The transmit buffer descriptor UNDI_TRANSMIT points at. */
struct s_PXENV_UNDI_TBD {
	uint16_t immed_length;
	struct segoff xmit;
	uint16_t data_blk_count;
	struct {
		uint8_t ptr_type;	/* 0: ptr is a segoff, 1: physical */
		uint8_t reserved;
		uint16_t len;
		struct segoff ptr;
	} __packed block[8];
} __packed;

/* UNDI_GET_INFORMATION. */
struct s_PXENV_UNDI_GET_INFORMATION {
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

/* UNDI_GET_IFACE_INFO. */
struct s_PXENV_UNDI_GET_IFACE_INFO {
	uint16_t status;
	char iface_type[16];
	uint32_t link_speed;
	uint32_t service_flags;
	uint32_t reserved[4];
} __packed;

/* UNDI_GET_MCAST_ADDRESS. */
struct s_PXENV_UNDI_GET_MCAST_ADDRESS {
	uint16_t status;
	uint32_t inet_addr;
	uint8_t media_addr[16];
} __packed;

/* UNDI_SET_STATION_ADDRESS. */
struct s_PXENV_UNDI_SET_STATION_ADDRESS {
	uint16_t status;
	uint8_t station_address[16];
} __packed;

/* UNDI_GET_NIC_TYPE, with the PCI form of the NIC information. */
struct s_PXENV_UNDI_GET_NIC_TYPE {
	uint16_t status;
	uint8_t nic_type;
	uint16_t vendor_id;
	uint16_t dev_id;
	uint8_t base_class;
	uint8_t sub_class;
	uint8_t prog_intf;
	uint8_t rev;
	uint16_t busdevfn;
	uint16_t sub_vendor_id;
	uint16_t sub_device_id;
} __packed;
#define PXENV_NIC_TYPE_PCI 2

/* UNDI_ISR. */
struct s_PXENV_UNDI_ISR {
	uint16_t status;
	uint16_t func_flag;
	uint16_t buffer_length;
	uint16_t frame_length;
	uint16_t frame_header_length;
	struct segoff frame;
	uint8_t prot_type;
	uint8_t pkt_type;
} __packed;
#define PXENV_UNDI_ISR_IN_START 1
#define PXENV_UNDI_ISR_IN_PROCESS 2
#define PXENV_UNDI_ISR_IN_GET_NEXT 3
#define PXENV_UNDI_ISR_OUT_OURS 0
#define PXENV_UNDI_ISR_OUT_NOT_OURS 1
#define PXENV_UNDI_ISR_OUT_DONE 0
#define PXENV_UNDI_ISR_OUT_TRANSMIT 2
#define PXENV_UNDI_ISR_OUT_RECEIVE 3
#define PXENV_UNDI_ISR_OUT_BUSY 4

/* The sizes the spec fixes. */
_Static_assert(sizeof(struct segoff) == 4, "segoff");
_Static_assert(sizeof(struct pxe_segdesc) == 8, "!PXE segment descriptor");
_Static_assert(sizeof(struct pxenv_plus) == 44, "PXENV+");
_Static_assert(sizeof(struct pxe_bang) == 88, "!PXE");
_Static_assert(sizeof(struct s_PXENV_UNLOAD_STACK) == 12, "UNLOAD_STACK");
_Static_assert(sizeof(struct s_PXENV_UNDI_OPEN) == 56, "UNDI_OPEN");
_Static_assert(sizeof(struct s_PXENV_UNDI_TRANSMIT) == 20, "UNDI_TRANSMIT");
_Static_assert(sizeof(struct s_PXENV_UNDI_TBD) == 72, "UNDI_TBD");
_Static_assert(sizeof(struct s_PXENV_UNDI_GET_INFORMATION) == 50,
	       "UNDI_GET_INFORMATION");
_Static_assert(sizeof(struct s_PXENV_UNDI_GET_IFACE_INFO) == 42,
	       "UNDI_GET_IFACE_INFO");
_Static_assert(sizeof(struct s_PXENV_UNDI_GET_MCAST_ADDRESS) == 22,
	       "UNDI_GET_MCAST_ADDRESS");
_Static_assert(sizeof(struct s_PXENV_UNDI_SET_STATION_ADDRESS) == 18,
	       "UNDI_SET_STATION_ADDRESS");
_Static_assert(sizeof(struct s_PXENV_UNDI_GET_NIC_TYPE) == 17,
	       "UNDI_GET_NIC_TYPE (PCI)");
_Static_assert(sizeof(struct s_PXENV_UNDI_ISR) == 16, "UNDI_ISR");

#endif
