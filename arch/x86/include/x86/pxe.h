/*
 * The PXE 2.1 API for network boot programs (NBPs): the PXENV+ and !PXE
 * structures, opcodes, status codes, the parameter blocks of the calls we
 * answer, and the table the arch/x86/pxe_*.c files register their calls in.
 * The layouts are the spec's (little-endian, packed; a segoff is offset
 * then segment).  See docs/pxe.md.
 */
#ifndef WIREBOOT_X86_PXE_H
#define WIREBOOT_X86_PXE_H

#include <wireboot/compiler.h>
#include <wireboot/tables.h>

/* A real-mode far pointer as the API stores it. */
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

/* The PXENV+ structure (44 bytes). */
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

/* The !PXE structure (88 bytes). */
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

/* Where the structures live and what they describe (pxe_structs.c). */
struct pxe_layout {
	/* The API entry points: PXENV+ (BX, ES:DI) and !PXE (stack). */
	struct segoff pxenv_entry;
	struct segoff bang_entry;
	/* Real-mode address of the !PXE structure. */
	struct segoff bang;
	/* The firmware's code (real-mode part) and data (base memory block). */
	uint16_t code_seg, code_size;
	uint16_t data_seg, data_size;
	/* The stack NBPs are started on. */
	uint16_t stack_seg, stack_size;
};

/* Fill in both structures for LAYOUT, checksums included. */
void pxe_fill_structs(struct pxenv_plus *pxenv, struct pxe_bang *bang,
		      const struct pxe_layout *layout);

/* Byte sum of LEN bytes at DATA (0 for a structure with a valid checksum). */
uint8_t pxe_checksum(const void *data, size_t len);

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

/* GET_CACHED_INFO. */
#define PXENV_PACKET_TYPE_DHCP_DISCOVER 1
#define PXENV_PACKET_TYPE_DHCP_ACK 2
#define PXENV_PACKET_TYPE_CACHED_REPLY 3
/* sizeof(BOOTPLAYER_t): 236-byte BOOTP header and 1024 bytes of options. */
#define PXE_CACHED_INFO_LEN 1260

struct s_PXENV_GET_CACHED_INFO {
	uint16_t status;
	uint16_t packet_type;
	uint16_t buffer_size;
	struct segoff buffer;
	uint16_t buffer_limit;
} __packed;

struct s_PXENV_UNLOAD_STACK {
	uint16_t status;
	uint8_t reserved[10];
} __packed;

struct s_PXENV_STOP_UNDI {
	uint16_t status;
} __packed;

/* TFTP_OPEN / TFTP_READ_FILE / TFTP_GET_FSIZE / RESTART_TFTP. */
struct s_PXENV_TFTP_OPEN {
	uint16_t status;
	uint32_t server_ip;
	uint32_t gateway_ip;
	char filename[128];
	uint16_t port;
	uint16_t packet_size;
} __packed;

struct s_PXENV_TFTP_READ {
	uint16_t status;
	uint16_t packet_number;
	uint16_t buffer_size;
	struct segoff buffer;
} __packed;

struct s_PXENV_TFTP_READ_FILE {
	uint16_t status;
	char filename[128];
	uint32_t buffer_size;
	uint32_t buffer;
	uint32_t server_ip;
	uint32_t gateway_ip;
	uint32_t mcast_ip;
	uint16_t tftp_clnt_port;
	uint16_t tftp_srv_port;
	uint16_t tftp_open_timeout;
	uint16_t tftp_reopen_delay;
} __packed;

struct s_PXENV_TFTP_GET_FSIZE {
	uint16_t status;
	uint32_t server_ip;
	uint32_t gateway_ip;
	char filename[128];
	uint32_t file_size;
} __packed;

struct s_PXENV_UDP_OPEN {
	uint16_t status;
	uint32_t src_ip;
} __packed;

struct s_PXENV_UDP_WRITE {
	uint16_t status;
	uint32_t ip;
	uint32_t gw;
	uint16_t src_port;
	uint16_t dst_port;
	uint16_t buffer_size;
	struct segoff buffer;
} __packed;

struct s_PXENV_UDP_READ {
	uint16_t status;
	uint32_t src_ip;
	uint32_t dest_ip;
	uint16_t s_port;
	uint16_t d_port;
	uint16_t buffer_size;
	struct segoff buffer;
} __packed;

struct s_PXENV_FILE_OPEN {
	uint16_t status;
	uint16_t file_handle;
	struct segoff file_name;
	uint32_t reserved;
} __packed;

struct s_PXENV_FILE_CLOSE {
	uint16_t status;
	uint16_t file_handle;
} __packed;

struct s_PXENV_FILE_READ {
	uint16_t status;
	uint16_t file_handle;
	uint16_t buffer_size;
	struct segoff buffer;
} __packed;

struct s_PXENV_GET_FILE_SIZE {
	uint16_t status;
	uint16_t file_handle;
	uint32_t file_size;
} __packed;

struct s_PXENV_FILE_API_CHECK {
	uint16_t status;
	uint16_t size;
	uint32_t magic;
	uint32_t provider;
	uint32_t api_mask;
	uint32_t flags;
} __packed;
#define PXE_API_CHECK_MAGIC_IN 0x91d447b2U
#define PXE_API_CHECK_MAGIC_OUT 0xe9c17b20U
#define PXE_API_CHECK_PROVIDER 0x45585067U

/* One API call: its handler gets the parameter block and returns AX. */
struct pxe_api_call {
	uint16_t opcode;
	const char *name;
	/* Bytes of the parameter block (checked, copied in and out). */
	size_t params_len;
	/* Sets the status word; returns PXENV_EXIT_SUCCESS or _FAILURE. */
	int (*handler)(void *params);
};
DECLARE_TABLE(pxe_api_calls, struct pxe_api_call);
#define __pxe_api_call __table_entry(pxe_api_calls, struct pxe_api_call)

/* Define call OPCODE handled by FN taking a struct TYPE *. */
#define PXE_API_CALL(id, code, fn, type)                                    \
	static struct pxe_api_call pxe_call_##id __pxe_api_call = {         \
		.opcode = (code),                                           \
		.name = #id,                                                \
		.params_len = sizeof(struct type),                          \
		.handler = (int (*)(void *))(1 ? (fn) :                     \
				(int (*)(struct type *))NULL),               \
	}

/* Status of a call that failed with wireboot error RC. */
uint16_t pxe_status_of(int rc);

/*
 * Set the status word (the first of every parameter block PARAMS) to
 * STATUS_CODE; returns the matching exit code.
 */
static inline int pxe_exit(void *params, uint16_t status_code)
{
	__builtin_memcpy(params, &status_code, sizeof(status_code));
	return status_code == PXENV_STATUS_SUCCESS ? PXENV_EXIT_SUCCESS :
						     PXENV_EXIT_FAILURE;
}

struct net_device;
struct image;

/* The device the API works on while an NBP runs (NULL when none). */
extern struct net_device *pxe_netdev;

/* The NBP being run (for FILE_CMDLINE), or NULL. */
extern struct image *pxe_image;

/* Run the NBP in IMAGE on NETDEV with the API active; returns its status. */
int pxe_run_nbp(struct image *image, struct net_device *netdev);

/*
 * RESTART_TFTP: start the NBP now at 0000:7C00 in place of the one that
 * called, on the stack the first NBP was started on, once the current call
 * returns.
 */
void pxe_restart_nbp(void);

/* STOP_UNDI: take the API down; 0, or ERR(EBUSY) while other hooks stay. */
int pxe_api_stop(void);

/* Close what the TFTP, UDP, FILE and UNDI parts hold open. */
void pxe_tftp_reset(void);
void pxe_udp_reset(void);
void pxe_file_reset(void);
void pxe_undi_reset(void);

/* The persistent 1260-byte buffer for cached packet TYPE (1-3), and its address. */
void *pxe_cached_buffer(unsigned int type, struct segoff *addr);

/* A base-memory buffer for one received frame (UNDI_ISR), and its address. */
#define PXE_UNDI_FRAME_LEN 1536
void *pxe_undi_frame(struct segoff *addr);

/* The physical address a segoff points at, as a pointer. */
void *pxe_segoff_ptr(struct segoff ptr);

/* Trace: log one call if ${pxe-trace} is set (pxe_trace.c). */
void pxe_trace_call(const struct pxe_api_call *call, uint16_t opcode,
		    const void *params, int exit);

/* ---- Reading files for the API (pxe_xfer.c) ---- */

#include <wireboot/interface.h>
#include <wireboot/list.h>
#include <wireboot/refcnt.h>

struct pxe_xfer {
	struct refcnt refcnt;
	struct interface xfer;
	/* Received data not yet read, in order. */
	struct list_head queue;
	size_t queued;
	uint64_t received;
	/* The total size, when the sender said. */
	uint64_t size;
	bool size_known;
	/* The transfer has ended, with status RC. */
	bool done;
	int rc;
};

/* pxe_xfer_wait() for the size to be known (or the end). */
#define PXE_XFER_WANT_SIZE ((size_t)-1)

struct uri;

/* Open URI for reading (or, if URI is NULL, TEXT resolved as a URI). */
int pxe_xfer_open(struct pxe_xfer **px, struct uri *uri, const char *text);

/*
 * Run the core until WANT bytes are queued or the transfer ended (or, for
 * PXE_XFER_WANT_SIZE, the size is known).  0, or the transfer's error
 * once nothing is left to read.
 */
int pxe_xfer_wait(struct pxe_xfer *px, size_t want);

/* One step of the core; then are WANT bytes there, or has it ended? */
bool pxe_xfer_ready(struct pxe_xfer *px, size_t want);

/* Take up to LEN queued bytes into BUF; returns how many. */
size_t pxe_xfer_read(struct pxe_xfer *px, void *buf, size_t len);

/* Stop reading and drop PX (NULL is fine). */
void pxe_xfer_close(struct pxe_xfer *px);

/* Read all of URI into DEST (MAX bytes); *LEN = bytes read. */
int pxe_xfer_fetch(struct uri *uri, void *dest, size_t max, size_t *len);

/*
 * The URI for FILENAME (as an NBP gave it, 128 bytes at most) on SERVER
 * (network order; 0: the DHCP next-server) and PORT (network order; 0:
 * 69), Windows names mangled if ${pxe-winpaths} says so.  NULL if none.
 */
struct uri *pxe_tftp_uri(uint32_t server, uint16_t port,
			 const char *filename);

#endif
