/*
 * Serial console on COM1 (a 16550 UART at 0x3F8), 115200 baud 8N1, polled.
 * Output turns '\n' into CR LF; input is passed on as plain bytes.  The UART
 * is programmed on first use; if none answers, the driver stays quiet.
 */
#include <wireboot/console.h>
#include <x86/io.h>
#include <x86/pcbios.h>

#define COM1 0x3f8
#define UART_DATA 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_DLL 0
#define UART_DLM 1

#define LCR_DLAB 0x80
#define LCR_8N1 0x03
#define FCR_ENABLE_RESET 0x07
#define MCR_DTR_RTS 0x03
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define LSR_TX_IDLE 0x40

/* 115200 = 1843200 / 16 / 1 */
#define BAUD_DIVISOR 1

/* Polls before giving up on a UART that never empties. */
#define TX_POLLS 100000

/* 0: not yet set up; 1: working; -1: no UART. */
static int serial_state;

/* Program the UART (once); true if there is one. */
static bool serial_ready(void)
{
	if (serial_state)
		return serial_state > 0;
	if (inb(COM1 + UART_LSR) == 0xff) {
		serial_state = -1;
		return false;
	}
	outb(0x00, COM1 + UART_IER);
	outb(LCR_DLAB, COM1 + UART_LCR);
	outb(BAUD_DIVISOR & 0xff, COM1 + UART_DLL);
	outb(BAUD_DIVISOR >> 8, COM1 + UART_DLM);
	outb(LCR_8N1, COM1 + UART_LCR);
	outb(FCR_ENABLE_RESET, COM1 + UART_FCR);
	outb(MCR_DTR_RTS, COM1 + UART_MCR);
	serial_state = 1;
	return true;
}

/* Send one byte once the transmitter has room. */
static void serial_send(uint8_t byte)
{
	unsigned int polls = TX_POLLS;

	while (!(inb(COM1 + UART_LSR) & LSR_THR_EMPTY) && --polls)
		;
	outb(byte, COM1 + UART_DATA);
}

static void serial_putchar(int c)
{
	if (!serial_ready())
		return;
	if (c == '\n')
		serial_send('\r');
	serial_send((uint8_t)c);
}

static int serial_iskey(void)
{
	return serial_ready() && (inb(COM1 + UART_LSR) & LSR_DATA_READY);
}

static int serial_getchar(void)
{
	return inb(COM1 + UART_DATA);
}

void serial_drain(void)
{
	unsigned int polls = TX_POLLS;

	if (serial_state <= 0)
		return;
	while (!(inb(COM1 + UART_LSR) & LSR_TX_IDLE) && --polls)
		;
}

struct console_driver serial_console __console_driver = {
	.name = "serial",
	.putchar = serial_putchar,
	.iskey = serial_iskey,
	.getchar = serial_getchar,
};
