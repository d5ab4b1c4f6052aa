# libFuzzer harnesses: every tests/fuzz/fuzz_<name>.c becomes
# bin-linux/fuzz_<name>, linked with the whole hosted core (built with clang
# and ASan+UBSan into $(BUILD)/fuzz) and tests/fuzz/support.c.
#   make bin-linux/fuzz_ipv4       build one harness
#   make fuzz                      run every harness for FUZZ_TIME seconds
#   make fuzz FUZZERS=ipv4 FUZZ_TIME=600
# Corpora grow in $(BUILD)/fuzz-corpus/<name>, seeded from
# tests/fuzz/corpus/<name> when that exists; crashes land in
# $(BUILD)/fuzz-crashes/.  tests/e2e/test_fuzz.py runs each one briefly.

FUZZ_CC ?= clang
FUZZ_TIME ?= 300
FUZZ_INCLUDE := $(shell $(FUZZ_CC) -print-resource-dir 2>/dev/null)/include
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
# The core's flags with clang's own freestanding headers; clang warns about
# things gcc does not, so warnings stay warnings here (gcc enforces them).
FUZZ_CORE_CFLAGS := $(filter-out -Werror,$(subst $(GCC_INCLUDE),$(FUZZ_INCLUDE),$(CORE_CFLAGS))) \
	-Wno-unknown-pragmas -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_HOST_CFLAGS := $(filter-out -Werror,$(HOST_CFLAGS)) -O1 -g $(FUZZ_SAN)

FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRCS))
FUZZ_BINS := $(patsubst %,bin-linux/fuzz_%,$(FUZZ_NAMES))
FUZZERS ?= $(FUZZ_NAMES)

FUZZ_LIB_OBJS := $(call linux_objs,fuzz,$(LINUX_SRCS) tests/fuzz/support.c \
	$(filter-out %/host/main.c,$(LINUX_HOST_SRCS))) $(BUILD)/fuzz/embedded-none.o

$(BUILD)/fuzz/arch/linux/host/%.o: arch/linux/host/%.c
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_HOST_CFLAGS) -c $< -o $@
$(BUILD)/fuzz/%.o: %.c
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CORE_CFLAGS) -Itests/fuzz -c $< -o $@
$(BUILD)/fuzz/embedded-none.o: $(BUILD)/linux-asan/embedded-none.c
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CORE_CFLAGS) -c $< -o $@

# Keep the objects: make would otherwise delete them as intermediates.
.PRECIOUS: $(BUILD)/fuzz/%.o

bin-linux/fuzz_%: $(BUILD)/fuzz/tests/fuzz/fuzz_%.o $(FUZZ_LIB_OBJS)
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^
	@echo "  built $@"

fuzz: $(patsubst %,bin-linux/fuzz_%,$(FUZZERS))
	$(Q)set -e; for name in $(FUZZERS); do \
		corpus=$(BUILD)/fuzz-corpus/$$name; mkdir -p $$corpus $(BUILD)/fuzz-crashes; \
		seeds=; [ -d tests/fuzz/corpus/$$name ] && seeds=tests/fuzz/corpus/$$name; \
		echo "  fuzzing $$name for $(FUZZ_TIME)s"; \
		bin-linux/fuzz_$$name -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
			-artifact_prefix=$(BUILD)/fuzz-crashes/$$name- $$corpus $$seeds; \
	done

CHECK_DEPS += $(FUZZ_BINS)
