# pcbios media that other firmware starts (included by arch/x86/build.mk):
#   bin/VVVVDDDD.rom   PCI expansion ROM for one supported NIC ID (every
#                      ID in the drivers' pci_drivers tables); all drivers
#   bin/wireboot.rom   the same, with the first ID (8086:100e)
# The ROM holds the real-mode part and a small LZMA decoder (src/core/lzma.c
# linked alone as position-independent 32-bit code) uncompressed, and the
# 32-bit part compressed by util/lzcompress (host liblzma).

HOST_TOOLS := $(BUILD)/host

# Every vendor:device the NIC drivers claim: PCI_ID(0x8086, 0x100e, ...).
media_lparen := (
PCBIOS_NIC_IDS := $(sort $(shell sed -n \
	's/.*PCI_ID$(media_lparen) *0x\([0-9a-fA-F]\{4\}\), *0x\([0-9a-fA-F]\{4\}\).*/\1\2/p' \
	drivers/net/*.c | tr A-F a-f))
PCBIOS_ROMS := $(patsubst %,$(PCBIOS_BIN)/%.rom,$(PCBIOS_NIC_IDS))

$(HOST_TOOLS)/lzcompress: util/lzcompress.c
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) -O2 -Wall -Wextra -Werror -o $@ $< -llzma

# The decoder for the ROM: no jump tables, no library calls, and it must
# come out without relocations (it runs wherever the ROM is).
$(PCBIOS_BUILD)/unlzma.o: src/core/lzma.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(PCBIOS_CFLAGS) -g0 -fno-jump-tables \
		-fno-tree-loop-distribute-patterns -c $< -o $@
$(PCBIOS_BUILD)/unlzma.bin: $(PCBIOS_BUILD)/unlzma.o
	$(Q)if objdump -r $< | grep -q R_386; then \
		echo "$<: the ROM decoder must not need relocations" >&2; exit 1; fi
	$(Q)$(OBJCOPY) -O binary -j .text $< $@

$(PCBIOS_BUILD)/pm.lzma: $(PCBIOS_BUILD)/pm.bin $(HOST_TOOLS)/lzcompress
	$(Q)$(HOST_TOOLS)/lzcompress $< $@

# The ROM before util/romfinal.py gives it IDs, sizes and checksums.
$(PCBIOS_BUILD)/rom.bin: arch/x86/prefix/rom.asm $(PCBIOS_PREFIX_DEPS) \
		$(PCBIOS_BUILD)/unlzma.bin $(PCBIOS_BUILD)/pm.lzma
	$(Q)$(PCBIOS_NASM_BIN) -o $@ \
		-DPZ_BIN='"$(PCBIOS_BUILD)/pm.lzma"' \
		-DUNLZMA_BIN='"$(PCBIOS_BUILD)/unlzma.bin"' \
		-DUNLZMA_ENTRY=0x$$(nm $(PCBIOS_BUILD)/unlzma.o | sed -n 's/^\([0-9a-f]*\) T lzma_decode$$/\1/p') \
		-DPM_FILESZ=$$(stat -c %s $(PCBIOS_BUILD)/pm.bin) \
		-DPM_MEMSZ=$$(od -An -tu4 -j8 -N4 $(PCBIOS_BUILD)/pm.bin | tr -d ' ') $<

$(PCBIOS_BIN)/wireboot.rom: $(PCBIOS_BUILD)/rom.bin util/romfinal.py
	@mkdir -p $(@D)
	$(Q)util/romfinal.py $< $@ 8086:100e
	@echo "  built $@"
$(PCBIOS_ROMS): $(PCBIOS_BIN)/%.rom: $(PCBIOS_BUILD)/rom.bin util/romfinal.py
	@mkdir -p $(@D)
	$(Q)util/romfinal.py $< $@ $(shell echo $* | cut -c1-4):$(shell echo $* | cut -c5-8)
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
		--no-warn-rwx-segments -z noexecstack -o $@ $(UNDIONLY_OBJS) $(PCBIOS_LIBGCC)
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
