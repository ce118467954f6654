# SPDX-License-Identifier: LGPL-2.1-or-later
# build.mk - compile rules, run by the Makefile once the build dependencies
# are present (pkg-config is asked here, at parse time). One build tree per
# flavour: BUILD=build (plain), build/test (-Werror), build/asan
# (AddressSanitizer + UndefinedBehaviorSanitizer), build/tsan
# (ThreadSanitizer: the library and the unit tests that use threads).

VERSION ?= 0.4.0
SOVERSION := 0
BUILD ?= build
CC ?= cc
PKG_CONFIG ?= pkg-config

PKGS := libproc2 smartcols libcjson
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS))
LIB_LIBS := $(shell $(PKG_CONFIG) --libs libproc2 libcjson) -pthread
TOOL_LIBS := $(shell $(PKG_CONFIG) --libs smartcols libcjson)
# nstop alone draws on a terminal (its -D_XOPEN_SOURCE is left out: the
# tools are _GNU_SOURCE, which has all of it)
CURSES_LIBS := $(shell $(PKG_CONFIG) --libs ncursesw) -lm

CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
	-Wformat=2 -Wno-format-nonliteral -Wundef
ifeq ($(WERROR),1)
WARN += -Werror
endif
ifeq ($(SANITIZE),1)
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
endif
ifeq ($(SANITIZE),thread)
SAN := -fsanitize=thread -fno-omit-frame-pointer
endif
BASE_CFLAGS := -std=gnu11 $(WARN) $(SAN) -D_FILE_OFFSET_BITS=64 \
	-DNSINFO_VERSION='"$(VERSION)"' -Ilibnsinfo/include $(PKG_CFLAGS)

LIB_SRC := $(wildcard libnsinfo/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
COMMON_SRC := $(wildcard tools/common/*.c)
COMMON_OBJ := $(COMMON_SRC:%.c=$(BUILD)/obj/%.o)
TOOLS := nsls nsenter-lite nstree nstop
TOOL_BINS := $(TOOLS:%=$(BUILD)/bin/%)
UNIT_SRC := $(wildcard tests/unit/test-*.c)
UNIT_BINS := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
HELPER_SRC := $(wildcard tests/helpers/*.c)
HELPER_BINS := $(HELPER_SRC:tests/helpers/%.c=$(BUILD)/tests/%)

# V=1 shows the whole command lines.
ifeq ($(V),1)
Q :=
say := @true
else
Q := @
say := @printf '  %-6s %s\n'
endif

SONAME := libnsinfo.so.$(SOVERSION)
LIB_REAL := $(BUILD)/lib/libnsinfo.so.$(VERSION)

# The unit tests whose threads ThreadSanitizer watches.
TSAN_TESTS := $(BUILD)/tests/test-refcount $(BUILD)/tests/test-parallel

.PHONY: all tests tsan-tests
.SECONDARY:
all: $(BUILD)/lib/$(SONAME) $(BUILD)/lib/libnsinfo.so $(TOOL_BINS) $(BUILD)/lib/nsinfo.pc
tests: all $(UNIT_BINS) $(HELPER_BINS)
tsan-tests: $(TSAN_TESTS)

$(BUILD)/obj/libnsinfo/%.o: libnsinfo/%.c libnsinfo/internal.h libnsinfo/include/nsinfo.h
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(BASE_CFLAGS) $(CFLAGS) -pthread -fPIC -fvisibility=hidden -c -o $@ $<

$(BUILD)/obj/tools/%.o: tools/%.c $(wildcard tools/common/*.h tools/*/*.h) libnsinfo/include/nsinfo.h
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(BASE_CFLAGS) $(CFLAGS) -Itools/common -c -o $@ $<

$(LIB_REAL): $(LIB_OBJ) libnsinfo/libnsinfo.sym
	@mkdir -p $(@D)
	$(say) LINK $@
	$(Q)$(CC) $(SAN) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) \
		-Wl,--version-script=libnsinfo/libnsinfo.sym -Wl,--no-undefined \
		-o $@ $(LIB_OBJ) $(LIB_LIBS)

$(BUILD)/lib/$(SONAME): $(LIB_REAL)
	$(Q)ln -sf $(notdir $<) $@
$(BUILD)/lib/libnsinfo.so: $(BUILD)/lib/$(SONAME)
	$(Q)ln -sf $(SONAME) $@

$(BUILD)/lib/nsinfo.pc: libnsinfo/nsinfo.pc.in
	@mkdir -p $(@D)
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@VERSION@|$(VERSION)|' $< > $@

# Tools find the library next to them ($ORIGIN/../lib), in the build tree
# and after `make install` alike. Each tool is the .c files of its folder.
define tool_rule
$(BUILD)/bin/$(1): $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tools/$(1)/*.c)) $(COMMON_OBJ) $(BUILD)/lib/$(SONAME)
	@mkdir -p $$(@D)
	$$(say) LINK $$@
	$$(Q)$$(CC) $$(SAN) $$(LDFLAGS) -o $$@ $$(filter %.o,$$^) -L$(BUILD)/lib -lnsinfo \
		$$(TOOL_LIBS) $$(if $$(filter nstop,$(1)),$$(CURSES_LIBS)) -Wl,-rpath,'$$$$ORIGIN/../lib'
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rule,$(t))))

# nstop's model, without its terminal and its main(): what
# tests/unit/test-nstop-*.c link.
NSTOP_MODEL_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(filter-out tools/nstop/main.c \
	tools/nstop/screen.c tools/nstop/restore.c,$(wildcard tools/nstop/*.c)))
$(BUILD)/tests/test-nstop-%: tests/unit/test-nstop-%.c tests/unit/unit.h $(LIB_OBJ) $(COMMON_OBJ) \
		$(NSTOP_MODEL_OBJ)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(BASE_CFLAGS) $(CFLAGS) -Ilibnsinfo -Itools/common -Itools/nstop -o $@ $< \
		$(NSTOP_MODEL_OBJ) $(LIB_OBJ) $(COMMON_OBJ) $(LIB_LIBS) $(TOOL_LIBS) $(CURSES_LIBS)

# Unit tests link the library objects statically, so they can call
# internal functions (parsers) as well as the API.
$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(LIB_OBJ) $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(BASE_CFLAGS) $(CFLAGS) -Ilibnsinfo -Itools/common -o $@ $< \
		$(LIB_OBJ) $(COMMON_OBJ) $(LIB_LIBS) $(TOOL_LIBS)

$(BUILD)/tests/%: tests/helpers/%.c
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(BASE_CFLAGS) $(CFLAGS) -pthread -o $@ $<

# snapdump (tests/integration/sources.sh) is the one helper that uses the
# library: linked to the shared one, found as the tools find it.
$(BUILD)/tests/snapdump: tests/helpers/snapdump.c $(BUILD)/lib/$(SONAME)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(BASE_CFLAGS) $(CFLAGS) -o $@ $< -L$(BUILD)/lib -lnsinfo \
		-Wl,-rpath,'$$ORIGIN/../lib'


# The kernel source (issue 11): a BPF task iterator that also walks fd
# tables (libnsinfo/bpf/nsinfo.bpf.c, CO-RE against the hand-written
# libnsinfo/bpf/kiter-core.h, so no vmlinux.h and nothing of the build
# machine's kernel), compiled with clang, embedded by bpftool as a skeleton
# that libnsinfo/kiter.c includes, and libbpf linked into the library.
# Without clang, bpftool or libbpf, kiter.c builds as stubs that fail with
# -EOPNOTSUPP and the /proc source is the only one. NSINFO_BPF=0|1
# overrides the detection.
BPF_CLANG ?= clang
BPFTOOL ?= $(or $(shell command -v bpftool 2>/dev/null),$(wildcard /usr/sbin/bpftool))
ifeq ($(origin NSINFO_BPF),undefined)
NSINFO_BPF := $(if $(and $(shell command -v $(BPF_CLANG) 2>/dev/null),$(BPFTOOL),\
	$(shell $(PKG_CONFIG) --exists libbpf && echo yes)),1,0)
endif
KITER_OBJ := $(BUILD)/obj/libnsinfo/kiter.o
$(KITER_OBJ): libnsinfo/kiter.h libnsinfo/bpf/kiter-wire.h
$(BUILD)/obj/libnsinfo/source-kernel.o $(BUILD)/obj/libnsinfo/scanner.o \
	$(BUILD)/obj/libnsinfo/procinfo.o: libnsinfo/kiter.h
ifeq ($(NSINFO_BPF),1)
BPF_ARCH := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/' \
	-e 's/ppc64.*/powerpc/' -e 's/s390x/s390/' -e 's/riscv64/riscv/' -e 's/loongarch64/loongarch/')
BPF_CFLAGS := -O2 -g -target bpf -D__TARGET_ARCH_$(BPF_ARCH) -Wall -Wextra \
	$(if $(filter 1,$(WERROR)),-Werror) -I$(BUILD)/bpf
LIB_LIBS += $(shell $(PKG_CONFIG) --libs libbpf)
$(KITER_OBJ): BASE_CFLAGS += -DNSINFO_HAVE_BPF=1 -I$(BUILD)/bpf $(shell $(PKG_CONFIG) --cflags libbpf)
$(KITER_OBJ): $(BUILD)/bpf/nsinfo.skel.h
$(BUILD)/bpf/nsinfo.bpf.o: libnsinfo/bpf/nsinfo.bpf.c libnsinfo/bpf/kiter-core.h \
		libnsinfo/bpf/kiter-wire.h
	@mkdir -p $(@D)
	$(say) BPF $@
	$(Q)$(BPF_CLANG) $(BPF_CFLAGS) -c -o $@ $<
$(BUILD)/bpf/nsinfo.skel.h: $(BUILD)/bpf/nsinfo.bpf.o
	$(say) GEN $@
	$(Q)$(BPFTOOL) gen skeleton $< name kiter_bpf > $@.tmp && mv $@.tmp $@
else
$(info libnsinfo: no kernel (BPF) source in this build: clang, bpftool or libbpf-dev missing (scripts/install-deps build installs them); the /proc source only)
$(KITER_OBJ): BASE_CFLAGS += -DNSINFO_HAVE_BPF=0
endif
