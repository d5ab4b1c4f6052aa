# efi platform (x86_64 UEFI, gnu-efi): the core and arch/efi compiled as
# position-independent x86_64 code, linked into an ELF shared object with
# gnu-efi's crt0 (which applies our relocations at start) and converted by
# objcopy into PE32+ EFI applications (subsystem 10):
#   bin-x86_64-efi/wireboot.efi  drives every NIC the firmware offers (SNP)
#   bin-x86_64-efi/snponly.efi   drives only the NIC it was loaded from
# The two differ only in the arch/efi/nics/ object that picks the NICs.
# NICs come through the firmware, so no native driver (drivers/net, virtio)
# is linked; the PCI core is (pciscan, over the firmware's root bridges),
# and so are the block command sets (drivers/block: SCSI for iSCSI).
# EFI_BIN=dir puts the images elsewhere (e.g. an EMBED= variant).  Without
# gnu-efi installed the EFI images are left out of "make all" with a note.

EFI_BUILD := $(BUILD)/efi
EFI_BIN ?= bin-x86_64-efi
GNUEFI_INC ?= /usr/include/efi
GNUEFI_LIB ?= /usr/lib
EFI_CRT0 := $(GNUEFI_LIB)/crt0-efi-x86_64.o
OBJCOPY ?= objcopy

# arch/x86/include: the x86 parts both platforms share (the TSC clock).
EFI_CFLAGS := $(CORE_CFLAGS) -Iarch/x86/include -m64 -march=x86-64 -fpic -mno-red-zone \
	-fno-stack-protector -fshort-wchar -fno-asynchronous-unwind-tables \
	-fno-exceptions -Os -g
# Only arch/efi sees gnu-efi's headers; calls into the firmware use the
# Microsoft x64 convention directly (EFIAPI = ms_abi), never a wrapper.
EFI_ARCH_CFLAGS := -isystem $(GNUEFI_INC) -isystem $(GNUEFI_INC)/x86_64 \
	-DGNU_EFI_USE_MS_ABI

EFI_SRCS := $(filter-out drivers/%,$(CORE_SRCS)) $(wildcard drivers/bus/pci*.c) \
	$(wildcard drivers/block/*.c) $(wildcard arch/efi/*.c) arch/x86/tsc_clock.c
EFI_OBJS := $(patsubst %.c,$(EFI_BUILD)/%.o,$(EFI_SRCS)) $(EFI_BUILD)/embedded.o

$(EFI_BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(EFI_CFLAGS) $(if $(filter arch/efi/%,$<),$(EFI_ARCH_CFLAGS)) -c $< -o $@
$(EFI_BUILD)/embedded.o: $(BUILD)/embedded.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(EFI_CFLAGS) -c $< -o $@

# One shared object per NIC choice (all, loaded), each with the table
# layout made from its own objects.  Two checks keep the PE complete: only
# R_X86_64_RELATIVE relocations may remain (crt0 applies no others), and
# every loaded section must be one objcopy copies (an orphan would be lost).
EFI_PE_SECTIONS := .text .reloc .data .dynamic .dynsym .rela
EFI_ELF_ONLY := .hash .gnu.hash .dynstr
$(EFI_BUILD)/all.so $(EFI_BUILD)/loaded.so: $(EFI_BUILD)/%.so: $(EFI_BUILD)/arch/efi/nics/%.o $(EFI_OBJS) arch/efi/efi.lds \
		arch/efi/tables-lds.sh
	@mkdir -p $(EFI_BUILD)/tables-$*
	$(Q)arch/efi/tables-lds.sh $(EFI_OBJS) $< > $(EFI_BUILD)/tables-$*/tables.lds
	$(Q)$(LD) -nostdlib -znocombreloc -shared -Bsymbolic --no-undefined \
		-z noexecstack --no-warn-rwx-segments \
		-L $(EFI_BUILD)/tables-$* -T arch/efi/efi.lds -o $@ \
		$(EFI_CRT0) $(EFI_OBJS) $< $(GNUEFI_LIB)/libgnuefi.a
	$(Q)if readelf -rW $@ | awk '$$3 ~ /^R_X86_64_/ && $$3 != "R_X86_64_RELATIVE"' | grep -q .; then \
		echo "$@: relocations crt0 cannot apply:"; \
		readelf -rW $@ | grep R_X86_64 | grep -v RELATIVE; rm -f $@; exit 1; fi
	$(Q)extra=$$(objdump -h $@ | awk '/^ *[0-9]+ /{name=$$2} /ALLOC/{print name}' | \
		grep -vxF $(patsubst %,-e %,$(EFI_PE_SECTIONS) $(EFI_ELF_ONLY))); \
	if [ -n "$$extra" ]; then echo "$@: sections objcopy would drop:" $$extra; \
		rm -f $@; exit 1; fi

$(EFI_BIN)/wireboot.efi: $(EFI_BUILD)/all.so
	@mkdir -p $(@D)
	$(Q)$(OBJCOPY) $(patsubst %,-j %,$(EFI_PE_SECTIONS)) \
		--target efi-app-x86_64 --subsystem=10 $< $@
	@echo "  built $@"
$(EFI_BIN)/snponly.efi: $(EFI_BUILD)/loaded.so
	@mkdir -p $(@D)
	$(Q)$(OBJCOPY) $(patsubst %,-j %,$(EFI_PE_SECTIONS)) \
		--target efi-app-x86_64 --subsystem=10 $< $@
	@echo "  built $@"

ifneq ($(wildcard $(EFI_CRT0)),)
ALL_TARGETS += $(EFI_BIN)/wireboot.efi $(EFI_BIN)/snponly.efi
else
$(info note: gnu-efi not found ($(EFI_CRT0)); skipping the EFI images)
endif
