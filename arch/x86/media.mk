# pcbios media that other firmware starts (included by arch/x86/build.mk):
#   bin/VVVVDDDD.rom   PCI expansion ROM for one supported NIC ID (every
#                      ID in the drivers' pci_drivers tables)
#   bin/wireboot.rom   every NIC driver, with the e1000's IDs (give it
#                      another NIC's with util/romfinal.py; not held to
#                      the 64 KiB budget)
# A ROM is linked on its own (build/pcbios/rom-VVVVDDDD/): only the NIC
# driver that claims its ID, without the features in ROM_LEAVE_OUT (and
# ROM_LEAVE_OUT_VVVVDDDD), and with --gc-sections.  It holds the payload
# decoder (arch/x86/prefix/uncm.c) uncompressed, and the payload: the
# 32-bit part and then the real-mode part (pm.bin, rm.bin), x86-filtered
# and compressed with a context-mixing model by util/romcompress into
# payload.cm.

HOST_TOOLS := $(BUILD)/host

# The flash every NIC's ROM must fit (util/romfinal.py refuses a bigger
# one, saying by how much).
ROM_MAX_SIZE := 65536

# Every vendor:device the NIC drivers claim: PCI_ID(0x8086, 0x100e, ...).
media_lparen := (
PCBIOS_NIC_IDS := $(sort $(shell sed -n \
	's/.*PCI_ID$(media_lparen) *0x\([0-9a-fA-F]\{4\}\), *0x\([0-9a-fA-F]\{4\}\).*/\1\2/p' \
	drivers/net/*.c | tr A-F a-f))
PCBIOS_ROMS := $(patsubst %,$(PCBIOS_BIN)/%.rom,$(PCBIOS_NIC_IDS))

# The ROM's feature profile: what a NIC flash leaves out (the other pcbios
# images keep it).  A ROM is started by the BIOS, never by a PXE ROM (no
# UNDI driver, no PXE stack to unload); multiboot and ELF kernels, HTTP
# SAN disks, and the commands ping, pciscan, cpuid, memmap, nslookup,
# reboot, poweroff and md5sum/sha1sum/sha256sum (with SHA-1 and SHA-256)
# are left to lkrn/usb/iso/pxe (iPXE's default build leaves out HTTP SAN,
# nslookup, reboot and poweroff too).  The decoder runs from the prefix,
# not from the 32-bit part; what a Linux loader hands an lkrn (lkrn.o)
# never reaches a ROM.  Powering off (poweroff.o, with the ACPI table
# search acpi.o) is only what platform_exit() does when there is no caller
# to return to, and a ROM always returns to the BIOS.
ROM_LEAVE_OUT := $(addprefix $(PCBIOS_BUILD)/, \
	arch/x86/undi_net.o arch/x86/undi_find.o arch/x86/undi_unload.o \
	arch/x86/lkrn.o arch/x86/poweroff.o arch/x86/acpi.o \
	arch/x86/multiboot.o src/image/multiboot_header.o \
	arch/x86/elf_loader.o src/image/elf_parse.o \
	usr/cmd_ping.o usr/cmd_pciscan.o usr/cmd_cpuid.o arch/x86/cmd_memmap.o \
	usr/cmd_digest.o src/crypto/sha1.o src/crypto/sha256.o \
	usr/cmd_nslookup.o usr/cmd_power.o net/http_san.o)
ROM_COMMON_OBJS := $(filter-out $(PCBIOS_BUILD)/drivers/net/% $(ROM_LEAVE_OUT), \
	$(PCBIOS_OBJS))
# What one ID's ROM leaves out as well: the virtio transport its device
# cannot need.  1af4:1000 is a legacy or a transitional device, and both
# have the legacy registers (a transitional one has the modern ones as
# well); 1af4:1041 has only the modern ones.
ROM_LEAVE_OUT_1af41000 := $(PCBIOS_BUILD)/drivers/bus/virtio_modern.o
ROM_LEAVE_OUT_1af41041 := $(PCBIOS_BUILD)/drivers/bus/virtio_legacy.o
# The driver source that claims VVVVDDDD ("all": every driver).
rom_driver = $(if $(filter all,$(1)),$(wildcard drivers/net/*.c),$(shell grep -liE 'PCI_ID\$(media_lparen) *0x$(shell echo $(1) | cut -c1-4), *0x$(shell echo $(1) | cut -c5-8)' drivers/net/*.c))

# The decoder for the ROM (arch/x86/prefix/uncm.c): a flat 32-bit binary
# entered at its first byte, with no static data (uncm.lds refuses any),
# so it runs from wherever the ROM is; plain C calling convention (the
# prefix pushes its arguments).  util/uncm_check runs it on the host on
# each ROM's payload (and damaged copies) before the ROM is made.
UNCM_CFLAGS := -m32 -march=i686 -Os -std=gnu11 -ffreestanding -nostdinc \
	-isystem $(GCC_INCLUDE) -Isrc/include $(WARN_CFLAGS) -fno-pic -fno-pie \
	-fno-stack-protector -fno-asynchronous-unwind-tables -mgeneral-regs-only \
	-fno-jump-tables -fno-tree-loop-distribute-patterns
CM_HEADERS := src/include/wireboot/cm_model.h src/include/wireboot/cm_stream.h \
	src/include/wireboot/x86_filter.h
$(PCBIOS_BUILD)/uncm.o: arch/x86/prefix/uncm.c $(CM_HEADERS)
	@mkdir -p $(@D)
	$(Q)$(CC) $(UNCM_CFLAGS) -c -o $@ $<
$(PCBIOS_BUILD)/uncm.bin: $(PCBIOS_BUILD)/uncm.o arch/x86/prefix/uncm.lds
	$(Q)$(LD) -m elf_i386 -nostdlib -T arch/x86/prefix/uncm.lds -o $@.elf $<
	$(Q)$(OBJCOPY) -O binary -j .text $@.elf $@
$(HOST_TOOLS)/uncm_check: util/uncm_check.c src/include/wireboot/cm_stream.h
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) -m32 -O2 -Wall -Wextra -Werror -Isrc/include -o $@ $<

# One ROM per ID (and "all"): its own link, parts, payload and image
# before util/romfinal.py gives it IDs, sizes and checksums.
define rom_rules
$(PCBIOS_BUILD)/rom-$(1)/wireboot.elf: \
		$(filter-out $(ROM_LEAVE_OUT_$(1)),$(ROM_COMMON_OBJS)) \
		$(patsubst %.c,$(PCBIOS_BUILD)/%.o,$(call rom_driver,$(1))) \
		arch/x86/wireboot.lds arch/x86/media.mk
	@mkdir -p $$(@D)
	$$(Q)$$(LD) -m elf_i386 -nostdlib -T arch/x86/wireboot.lds --gc-sections \
		--no-warn-rwx-segments -z noexecstack -Map $$(@D)/wireboot.map -o $$@ \
		$$(filter %.o,$$^)
$(PCBIOS_BUILD)/rom-$(1)/rm.bin: $(PCBIOS_BUILD)/rom-$(1)/wireboot.elf
	$$(Q)$$(OBJCOPY) -O binary -j .text16 -j .data16 $$< $$@
$(PCBIOS_BUILD)/rom-$(1)/pm.bin: $(PCBIOS_BUILD)/rom-$(1)/wireboot.elf
	$$(Q)$$(OBJCOPY) -O binary -R .text16 -R .data16 -R .bss16 $$< $$@
$(PCBIOS_BUILD)/rom-$(1)/payload.bin: $(PCBIOS_BUILD)/rom-$(1)/pm.bin \
		$(PCBIOS_BUILD)/rom-$(1)/rm.bin
	$$(Q)cat $$^ > $$@
$(PCBIOS_BUILD)/rom-$(1)/payload.cm: $(PCBIOS_BUILD)/rom-$(1)/payload.bin $(HOST_TOOLS)/romcompress
	$$(Q)$(HOST_TOOLS)/romcompress $$< $$@
$(PCBIOS_BUILD)/rom-$(1)/rom.bin: arch/x86/prefix/rom.asm $(wildcard arch/x86/prefix/*.inc) \
		$(PCBIOS_BUILD)/rom-$(1)/rm.bin $(PCBIOS_BUILD)/rom-$(1)/pm.bin \
		$(PCBIOS_BUILD)/uncm.bin $(PCBIOS_BUILD)/rom-$(1)/payload.cm \
		$(HOST_TOOLS)/uncm_check
	$$(Q)$(HOST_TOOLS)/uncm_check $(PCBIOS_BUILD)/uncm.bin \
		$(PCBIOS_BUILD)/rom-$(1)/payload.cm $(PCBIOS_BUILD)/rom-$(1)/payload.bin
	$$(Q)$$(NASM) -f bin -Iarch/x86/prefix/ -o $$@ \
		-DWIREBOOT_VERSION='"$(VERSION)"' \
		-DPZ_BIN='"$(PCBIOS_BUILD)/rom-$(1)/payload.cm"' \
		-DUNCM_BIN='"$(PCBIOS_BUILD)/uncm.bin"' \
		-DPM_FILESZ=$$$$(stat -c %s $(PCBIOS_BUILD)/rom-$(1)/pm.bin) \
		-DRM_FILESZ=$$$$(stat -c %s $(PCBIOS_BUILD)/rom-$(1)/rm.bin) \
		-DPM_MEMSZ=$$$$(od -An -tu4 -j8 -N4 $(PCBIOS_BUILD)/rom-$(1)/pm.bin | tr -d ' ') $$<
endef
$(foreach id,$(PCBIOS_NIC_IDS) all,$(eval $(call rom_rules,$(id))))

define rom_final
$(PCBIOS_BIN)/$(1).rom: $(PCBIOS_BUILD)/rom-$(1)/rom.bin util/romfinal.py
	@mkdir -p $$(@D)
	$$(Q)util/romfinal.py --max-size $(ROM_MAX_SIZE) $$< $$@ $(shell echo $(1) | cut -c1-4):$(shell echo $(1) | cut -c5-8)
	@echo "  built $$@"
endef
$(foreach id,$(PCBIOS_NIC_IDS),$(eval $(call rom_final,$(id))))

$(HOST_TOOLS)/romcompress: util/romcompress.c $(CM_HEADERS)
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) -O2 -Wall -Wextra -Werror -Isrc/include -o $@ $<

$(PCBIOS_BIN)/wireboot.rom: $(PCBIOS_BUILD)/rom-all/rom.bin util/romfinal.py
	@mkdir -p $(@D)
	$(Q)util/romfinal.py $< $@ 8086:100e
	@echo "  built $@"

ALL_TARGETS += $(PCBIOS_BIN)/wireboot.rom $(PCBIOS_ROMS)

# PXE network boot programs (arch/x86/prefix/pxe.asm), loaded at 0:7C00:
#   bin/wireboot.pxe   unloads the PXE stack, native drivers
#   bin/wireboot.kpxe  keeps the PXE stack loaded, native drivers
#   bin/undionly.kpxe  keeps it and drives the NIC through UNDI: linked
#                      without the native NIC drivers (drivers/net)
UNDIONLY_OBJS := $(filter-out $(PCBIOS_BUILD)/drivers/net/%,$(PCBIOS_OBJS))
$(PCBIOS_BUILD)/undionly.elf: $(UNDIONLY_OBJS) arch/x86/wireboot.lds
	$(Q)$(LD) -m elf_i386 -nostdlib -T arch/x86/wireboot.lds \
		--no-warn-rwx-segments -z noexecstack -o $@ $(UNDIONLY_OBJS)
$(PCBIOS_BUILD)/undionly-rm.bin: $(PCBIOS_BUILD)/undionly.elf
	$(Q)$(OBJCOPY) -O binary -j .text16 -j .data16 $< $@
$(PCBIOS_BUILD)/undionly-pm.bin: $(PCBIOS_BUILD)/undionly.elf
	$(Q)$(OBJCOPY) -O binary -R .text16 -R .data16 -R .bss16 $< $@

PXE_NASM = $(NASM) -f bin -Iarch/x86/prefix/
$(PCBIOS_BIN)/wireboot.pxe: arch/x86/prefix/pxe.asm $(PCBIOS_PREFIX_DEPS)
	@mkdir -p $(@D)
	$(Q)$(PCBIOS_NASM_BIN) -DPXE_PREFIX_TYPE=PREFIX_PXE -o $@ $<
	@echo "  built $@"
$(PCBIOS_BIN)/wireboot.kpxe: arch/x86/prefix/pxe.asm $(PCBIOS_PREFIX_DEPS)
	@mkdir -p $(@D)
	$(Q)$(PCBIOS_NASM_BIN) -DPXE_PREFIX_TYPE=PREFIX_KPXE -o $@ $<
	@echo "  built $@"
$(PCBIOS_BIN)/undionly.kpxe: arch/x86/prefix/pxe.asm $(wildcard arch/x86/prefix/*.inc) \
		$(PCBIOS_BUILD)/undionly-rm.bin $(PCBIOS_BUILD)/undionly-pm.bin
	@mkdir -p $(@D)
	$(Q)$(PXE_NASM) -DRM_BIN='"$(PCBIOS_BUILD)/undionly-rm.bin"' \
		-DPM_BIN='"$(PCBIOS_BUILD)/undionly-pm.bin"' \
		-DPXE_PREFIX_TYPE=PREFIX_UNDIONLY -o $@ $<
	@echo "  built $@"

ALL_TARGETS += $(PCBIOS_BIN)/wireboot.pxe $(PCBIOS_BIN)/wireboot.kpxe \
	$(PCBIOS_BIN)/undionly.kpxe
