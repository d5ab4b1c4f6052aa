/*
 * The PXE 2.1 API for network boot programs (NBPs): the parameter blocks
 * of the TFTP, UDP, FILE and cached-info calls we answer, and the table the
 * arch/x86/pxe_*.c files register their calls in.  The structures, opcodes
 * and UNDI blocks shared with the UNDI client are in x86/pxe_types.h.  The
 * layouts are the spec's (little-endian, packed).  See docs/pxe.md.
 */
#ifndef WIREBOOT_X86_PXE_H
#define WIREBOOT_X86_PXE_H

#include <wireboot/compiler.h>
#include <wireboot/tables.h>
#include "pxe_types.h"

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

/*
 * One API call: its handler gets the parameter block and returns the
 * status for its first word (the dispatcher stores it and derives AX).
 */
struct pxe_api_call {
	uint16_t opcode;
	const char *name;
	/* Returns a PXENV_STATUS_xxx. */
	int (*handler)(void *params);
};
DECLARE_TABLE(pxe_api_calls, struct pxe_api_call);
#define __pxe_api_call __table_entry(pxe_api_calls, struct pxe_api_call)

/* Define call OPCODE handled by FN taking a struct TYPE *. */
#define PXE_API_CALL(id, code, fn, type)                                    \
	static struct pxe_api_call pxe_call_##id __pxe_api_call = {         \
		.opcode = (code),                                           \
		.name = #id,                                                \
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

/*
 * The device the API works on while an NBP runs (NULL when none).  Calls
 * only reach the handlers while it is set, so they need not check it.
 */
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

/* Whether ${pxe-trace} is set: the PXE API and INT 13h traces (pxe_trace.c). */
bool boot_trace_enabled(void);

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
