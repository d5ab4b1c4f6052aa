# Hosted platform: the core as a Linux process (bin-linux/wireboot), an
# ASan+UBSan build of it for tests, and the unit-test runner.
#
# arch/linux/*.c is platform code that sees only wireboot's headers, like the
# core; arch/linux/host/*.c is the thin layer that talks to the C library and
# the kernel (terminal, clock, tap, AF_PACKET) and is compiled against the
# system headers.

LINUX_SRCS := $(CORE_SRCS) $(wildcard arch/linux/*.c)
LINUX_HOST_SRCS := $(wildcard arch/linux/host/*.c)
UNIT_SRCS := $(wildcard tests/unit/*.c)

HOST_CFLAGS := -std=gnu11 -D_GNU_SOURCE -Isrc/include $(WARN_CFLAGS) -MMD -MP
LINUX_OPT := -O2 -g
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# $(call linux_objs,variant,sources)
linux_objs = $(patsubst %.c,$(BUILD)/$(1)/%.o,$(2))

LINUX_OBJS := $(call linux_objs,linux,$(LINUX_SRCS) $(LINUX_HOST_SRCS)) $(BUILD)/linux/embedded.o
ASAN_CORE_OBJS := $(call linux_objs,linux-asan,$(LINUX_SRCS))
ASAN_HOST_OBJS := $(call linux_objs,linux-asan,$(LINUX_HOST_SRCS))
ASAN_OBJS := $(ASAN_CORE_OBJS) $(ASAN_HOST_OBJS) $(BUILD)/linux-asan/embedded.o
UNIT_OBJS := $(call linux_objs,linux-asan,$(UNIT_SRCS)) $(ASAN_CORE_OBJS) \
	$(filter-out %/host/main.o,$(ASAN_HOST_OBJS)) $(BUILD)/linux-asan/embedded-none.o

$(BUILD)/linux/%.o: %.c
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $(if $(filter arch/linux/host/%,$<),$(HOST_CFLAGS),$(CORE_CFLAGS)) $(LINUX_OPT) -c $< -o $@
$(BUILD)/linux-asan/%.o: %.c
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $(if $(filter arch/linux/host/%,$<),$(HOST_CFLAGS),$(CORE_CFLAGS) -Itests/unit) -O1 -g $(SAN_FLAGS) -c $< -o $@
$(BUILD)/linux/embedded.o: $(BUILD)/embedded.c
	$(Q)$(HOSTCC) $(CORE_CFLAGS) $(LINUX_OPT) -c $< -o $@
$(BUILD)/linux-asan/embedded.o: $(BUILD)/embedded.c
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $(CORE_CFLAGS) -O1 -g $(SAN_FLAGS) -c $< -o $@
# Unit tests run with no embedded script whatever EMBED says.
$(BUILD)/linux-asan/embedded-none.c: util/embed.sh
	@mkdir -p $(@D)
	$(Q)util/embed.sh > $@
$(BUILD)/linux-asan/embedded-none.o: $(BUILD)/linux-asan/embedded-none.c
	$(Q)$(HOSTCC) $(CORE_CFLAGS) -O1 -g $(SAN_FLAGS) -c $< -o $@

bin-linux/wireboot: $(LINUX_OBJS)
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $(LINUX_OPT) -o $@ $^
	@echo "  built $@"
bin-linux/wireboot-asan: $(ASAN_OBJS)
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $(SAN_FLAGS) -o $@ $^
	@echo "  built $@"
bin-linux/unit-tests: $(UNIT_OBJS)
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $(SAN_FLAGS) -o $@ $^
	@echo "  built $@"

unit: bin-linux/unit-tests
	bin-linux/unit-tests

ALL_TARGETS += bin-linux/wireboot
CHECK_DEPS += bin-linux/wireboot-asan bin-linux/unit-tests
