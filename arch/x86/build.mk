# pcbios platform (x86 BIOS): the core and arch/x86 compiled for i386 into one
# ELF whose two parts (real-mode, and 32-bit linked at virtual 0) are cut out
# with objcopy and wrapped by a prefix per image format:
#   bin/wireboot.lkrn  Linux bzImage format (QEMU -kernel, GRUB linux16, pxelinux)
#   bin/wireboot.usb   raw disk image with our own MBR loader
#   bin/wireboot.iso   El Torito no-emulation CD (built with xorriso)
# PCBIOS_BIN=dir puts the images elsewhere (e.g. an EMBED= variant), keeping
# bin/ as it is.

PCBIOS_BUILD := $(BUILD)/pcbios
PCBIOS_BIN ?= bin
NASM ?= nasm
OBJCOPY ?= objcopy

# Size: arguments in registers and popped by the callee (functions written
# in assembly or called from it say __asmcall), 4-byte stack alignment (no
# SSE, so nothing needs more), tuning for the i486 (same instruction set;
# its choices compress 2.7 % better than i686 tuning), no caller-saved
# spills around calls or branch-free if-conversion (both larger here), and
# one section per function and object, so that the option ROM link
# (arch/x86/media.mk) can drop what nothing uses.  Nothing links libgcc:
# its helpers expect the stack convention, so the 64-bit division helpers
# are our own (arch/x86/libgcc_div.c) and any other helper fails the link.
PCBIOS_CFLAGS := $(CORE_CFLAGS) -Iarch/x86/include -m32 -march=i686 \
	-mgeneral-regs-only -fno-pic -fno-pie -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-exceptions -Os -g \
	-mregparm=3 -mrtd -fno-caller-saves -fno-if-conversion \
	-mtune=i486 -mpreferred-stack-boundary=2 -ffunction-sections \
	-fdata-sections

PCBIOS_SRCS := $(CORE_SRCS) $(wildcard arch/x86/*.c)
PCBIOS_ASMS := $(wildcard arch/x86/*.asm)
PCBIOS_OBJS := $(patsubst %.c,$(PCBIOS_BUILD)/%.o,$(PCBIOS_SRCS)) \
	$(patsubst %.asm,$(PCBIOS_BUILD)/%.o,$(PCBIOS_ASMS)) \
	$(PCBIOS_BUILD)/embedded.o
PCBIOS_ELF := $(PCBIOS_BUILD)/wireboot.elf
PCBIOS_PARTS := $(PCBIOS_BUILD)/rm.bin $(PCBIOS_BUILD)/pm.bin
PCBIOS_PREFIX_DEPS := $(wildcard arch/x86/prefix/*.inc) $(PCBIOS_PARTS)
PCBIOS_NASM_BIN = $(NASM) -f bin -Iarch/x86/prefix/ \
	-DRM_BIN='"$(PCBIOS_BUILD)/rm.bin"' -DPM_BIN='"$(PCBIOS_BUILD)/pm.bin"'

$(PCBIOS_BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(PCBIOS_CFLAGS) -c $< -o $@
$(PCBIOS_BUILD)/%.o: %.asm
	@mkdir -p $(@D)
	$(Q)$(NASM) -f elf32 -Iarch/x86/ -MD $(@:.o=.d) -MP -o $@ $<
$(PCBIOS_BUILD)/embedded.o: $(BUILD)/embedded.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(PCBIOS_CFLAGS) -c $< -o $@

$(PCBIOS_ELF): $(PCBIOS_OBJS) arch/x86/wireboot.lds
	$(Q)$(LD) -m elf_i386 -nostdlib -T arch/x86/wireboot.lds \
		--no-warn-rwx-segments -z noexecstack -o $@ $(PCBIOS_OBJS)
$(PCBIOS_BUILD)/rm.bin: $(PCBIOS_ELF)
	$(Q)$(OBJCOPY) -O binary -j .text16 -j .data16 $< $@
$(PCBIOS_BUILD)/pm.bin: $(PCBIOS_ELF)
	$(Q)$(OBJCOPY) -O binary -R .text16 -R .data16 -R .bss16 $< $@

$(PCBIOS_BIN)/wireboot.lkrn: arch/x86/prefix/lkrn.asm $(PCBIOS_PREFIX_DEPS)
	@mkdir -p $(@D)
	$(Q)$(PCBIOS_NASM_BIN) -o $@ $<
	@echo "  built $@"
$(PCBIOS_BIN)/wireboot.usb: arch/x86/prefix/usb.asm $(PCBIOS_PREFIX_DEPS)
	@mkdir -p $(@D)
	$(Q)$(PCBIOS_NASM_BIN) -o $@ $<
	@echo "  built $@"
$(PCBIOS_BUILD)/isoboot.bin: arch/x86/prefix/iso.asm $(PCBIOS_PREFIX_DEPS)
	@mkdir -p $(@D)
	$(Q)$(PCBIOS_NASM_BIN) -o $@ $<
$(PCBIOS_BIN)/wireboot.iso: $(PCBIOS_BUILD)/isoboot.bin util/mkiso.sh
	@mkdir -p $(@D)
	$(Q)util/mkiso.sh $< $@
	@echo "  built $@"

ALL_TARGETS += $(PCBIOS_BIN)/wireboot.lkrn $(PCBIOS_BIN)/wireboot.usb \
	$(PCBIOS_BIN)/wireboot.iso

# The i386-only fast paths (tests/i386/paths_test.c), compiled as for a
# 32-bit host process (the calling convention aside, the same code) and
# run by tests/run.py.
I386_CHECK_SRCS := src/libc/udivmod64.c src/libc/memory.c net/tcpip_chksum.c
I386_CHECK_OBJS := $(patsubst %.c,$(BUILD)/i386-check/%.o,$(I386_CHECK_SRCS))
$(BUILD)/i386-check/%.o: %.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(CORE_CFLAGS) -m32 -O2 -c $< -o $@
bin-linux/i386-paths-test: tests/i386/paths_test.c tests/chksum_reference.h \
		$(I386_CHECK_OBJS)
	@mkdir -p $(@D)
	$(Q)$(CC) -m32 -O2 -std=gnu11 $(WARN_CFLAGS) -o $@ $(filter-out %.h,$^)
CHECK_DEPS += bin-linux/i386-paths-test
include arch/x86/media.mk
