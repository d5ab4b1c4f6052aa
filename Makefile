# wireboot: one GNU make entry point.
#   make                 build every image of every platform
#   make run             boot bin/wireboot.lkrn in QEMU with the console on this terminal
#   make check           build everything and run every test (unit, hosted, QEMU)
#   make bench           run the benchmarks in tests/bench (speed, size; not tests)
#   make bin/<target>    build one image, e.g. bin/wireboot.lkrn EMBED=boot.ipxe
# Per-platform rules live in arch/<platform>/build.mk.

VERSION := 0.1.0
V ?= 0
Q := $(if $(filter 1,$(V)),,@)

# EMBED=a.ipxe[,b.ipxe]: scripts built into every image; the first one runs at start.
EMBED ?=
comma := ,
EMBED_FILES := $(subst $(comma), ,$(EMBED))

BUILD := build
CC ?= gcc
HOSTCC ?= gcc
# GNU make predefines CC=cc; we want gcc unless told otherwise.
ifeq ($(origin CC),default)
CC := gcc
endif

# Sources shared by every platform.  Every file always compiles; a platform
# chooses what it links only through arch/<platform>/build.mk.
CORE_DIRS := src/core src/libc src/crypto src/image src/san usr net drivers/bus drivers/net drivers/block
CORE_SRCS := $(sort $(foreach d,$(CORE_DIRS),$(wildcard $(d)/*.c)))

GCC_INCLUDE := $(shell $(CC) -print-file-name=include)

# Flags for code that sees only wireboot's own headers (core and platform code).
WARN_CFLAGS := -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wno-missing-field-initializers
CORE_CFLAGS := -std=gnu11 -ffreestanding -fno-common -fno-strict-aliasing \
	-nostdinc -isystem $(GCC_INCLUDE) -Isrc/libc/include -Isrc/include \
	$(WARN_CFLAGS) -DWIREBOOT_VERSION='"$(VERSION)"' -MMD -MP

.PHONY: all run check bench deps clean unit fuzz
.DEFAULT_GOAL := all

# Platform fragments add to these.
ALL_TARGETS :=
CHECK_DEPS :=

# The embedded-script object: regenerated whenever EMBED changes.
$(BUILD)/embed.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(EMBED)' | cmp -s - $@ 2>/dev/null || echo '$(EMBED)' > $@
$(BUILD)/embedded.c: $(BUILD)/embed.stamp util/embed.sh $(EMBED_FILES)
	$(Q)util/embed.sh $(EMBED_FILES) > $@.tmp && mv $@.tmp $@
.PHONY: FORCE
FORCE:

include arch/linux/build.mk
include arch/x86/build.mk
include arch/efi/build.mk
include tests/fuzz/build.mk

all: $(ALL_TARGETS)

# Install missing Debian packages (as root), then build.
deps:
	$(Q)util/install-deps.sh

run: deps bin/wireboot.lkrn
	util/run-qemu.sh

check: deps
	$(Q)$(MAKE) --no-print-directory all $(CHECK_DEPS)
	$(Q)tests/run.py

# Benchmarks report speed and size ratios; they are not tests.
bench: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)python3 tests/bench/bench.py

clean:
	rm -rf $(BUILD) bin bin-linux bin-x86_64-efi

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
