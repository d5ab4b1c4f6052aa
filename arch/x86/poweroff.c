/*
 * Powering a PC off: ACPI soft-off (S5) by writing SLP_TYP|SLP_EN to the
 * PM1 control registers named in the FADT, with SLP_TYP taken from the \_S5
 * package in the DSDT; APM (INT 15h AH=53h) if that does not work.
 */
#include <string.h>
#include <wireboot/platform.h>
#include <wireboot/errors.h>
#include <wireboot/time.h>
#include <x86/acpi.h>
#include <x86/pcbios.h>
#include <x86/realmode.h>

#define ERR_SUBSYS ESUB_PLATFORM

/* FADT fields (byte offsets). */
#define FADT_DSDT 40
#define FADT_SMI_CMD 48
#define FADT_ACPI_ENABLE 52
#define FADT_PM1A_CNT 64
#define FADT_PM1B_CNT 68

#define PM1_SCI_EN 0x0001
#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_TYP_MASK (7 << PM1_SLP_TYP_SHIFT)
#define PM1_SLP_EN 0x2000

/* AML opcodes met in "Name (_S5, Package () { a, b, ... })". */
#define AML_ZERO 0x00
#define AML_ONE 0x01
#define AML_BYTE 0x0a
#define AML_WORD 0x0b
#define AML_DWORD 0x0c
#define AML_PACKAGE 0x12
#define AML_ONES 0xff

static uint32_t read32(const void *table, size_t offset)
{
	uint32_t v;

	memcpy(&v, (const uint8_t *)table + offset, sizeof(v));
	return v;
}

/* Parse one AML integer at *P (not past END); -1 if it is not one. */
static long aml_integer(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *q = *p;
	unsigned long value;
	size_t size, i;

	if (q >= end)
		return -1;
	switch (*q++) {
	case AML_ZERO:
	case AML_ONE:
	case AML_ONES:
		size = 0;
		break;
	case AML_BYTE:
		size = 1;
		break;
	case AML_WORD:
		size = 2;
		break;
	case AML_DWORD:
		size = 4;
		break;
	default:
		return -1;
	}
	if (q + size > end)
		return -1;
	/* ZeroOp, OneOp and OnesOp (as a byte) are their own value. */
	value = size ? 0 : q[-1];
	for (i = size; i > 0; i--)
		value = (value << 8) | q[i - 1];
	*p = q + size;
	return (long)(value & 0x7fffffff);
}

/* SLP_TYPa and SLP_TYPb for S5 from the DSDT; false if not found. */
static bool find_s5(const struct acpi_header *dsdt, unsigned int *typa,
		    unsigned int *typb)
{
	const uint8_t *p = (const uint8_t *)(dsdt + 1);
	const uint8_t *end = (const uint8_t *)dsdt + dsdt->length;
	long a, b;

	for (; p + 4 < end; p++) {
		if (memcmp(p, "_S5_", 4) != 0 || p[4] != AML_PACKAGE)
			continue;
		p += 5;
		/* PkgLength: bits 7-6 of the lead byte count the extra bytes. */
		p += 1 + (*p >> 6);
		/* NumElements. */
		p++;
		a = aml_integer(&p, end);
		b = aml_integer(&p, end);
		if (a < 0)
			return false;
		*typa = (unsigned int)a & 7;
		*typb = b < 0 ? 0 : (unsigned int)b & 7;
		return true;
	}
	return false;
}

/* Make sure ACPI mode is on (SCI_EN), asking the firmware if needed. */
static void acpi_enable(const struct acpi_header *fadt, uint16_t pm1a)
{
	uint32_t smi_cmd = read32(fadt, FADT_SMI_CMD);
	uint8_t enable = ((const uint8_t *)fadt)[FADT_ACPI_ENABLE];
	unsigned int ms;

	if ((inw(pm1a) & PM1_SCI_EN) || !smi_cmd || !enable)
		return;
	outb(enable, (uint16_t)smi_cmd);
	/* Wait up to a second. */
	for (ms = 0; ms < 1000 && !(inw(pm1a) & PM1_SCI_EN); ms++)
		mdelay(1);
}

/* Write SLP_TYP for S5 plus SLP_EN to the PM1 control register PORT. */
static void sleep_s5(uint16_t port, unsigned int typ)
{
	uint16_t v = inw(port) & (uint16_t)~PM1_SLP_TYP_MASK;

	outw((uint16_t)(v | (typ << PM1_SLP_TYP_SHIFT) | PM1_SLP_EN), port);
}

static void acpi_poweroff(void)
{
	const struct acpi_header *fadt = acpi_find_table("FACP", 0);
	const struct acpi_header *dsdt;
	unsigned int typa, typb;
	uint32_t pm1a, pm1b;

	if (!fadt || fadt->length < FADT_PM1B_CNT + 4)
		return;
	pm1a = read32(fadt, FADT_PM1A_CNT);
	pm1b = read32(fadt, FADT_PM1B_CNT);
	dsdt = phys_to_virt(read32(fadt, FADT_DSDT));
	if (!pm1a || !read32(fadt, FADT_DSDT) ||
	    memcmp(dsdt->signature, "DSDT", 4) != 0 ||
	    !find_s5(dsdt, &typa, &typb))
		return;
	acpi_enable(fadt, (uint16_t)pm1a);
	sleep_s5((uint16_t)pm1a, typa);
	if (pm1b)
		sleep_s5((uint16_t)pm1b, typb);
	mdelay(100);
}

/* APM (INT 15h): connect real mode, driver version 1.2, all devices off. */
static void apm_poweroff(void)
{
	static const uint16_t calls[][3] = {
		/* AX, BX, CX */
		{ 0x5301, 0x0000, 0x0000 },
		{ 0x530e, 0x0000, 0x0102 },
		{ 0x5307, 0x0001, 0x0003 },
	};
	struct bios_regs regs;
	unsigned int i;

	memset(&regs, 0, sizeof(regs));
	regs.ax = 0x5300;
	if (realmode_int(0x15, &regs) != 0)
		return;
	for (i = 0; i < ARRAY_SIZE(calls); i++) {
		memset(&regs, 0, sizeof(regs));
		regs.ax = calls[i][0];
		regs.bx = calls[i][1];
		regs.cx = calls[i][2];
		realmode_int(0x15, &regs);
	}
	mdelay(100);
}

int platform_poweroff(void)
{
	serial_drain();
	acpi_poweroff();
	apm_poweroff();
	return ERR(ENOTSUP);
}
