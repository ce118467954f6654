# SPDX-License-Identifier: LGPL-2.1-or-later
# build.mk - compile rules, run by the Makefile once the build dependencies
# are present (pkg-config is asked here, at parse time). One build tree per
# flavour: BUILD=build (plain), build/test (-Werror), build/asan
# (AddressSanitizer + UndefinedBehaviorSanitizer), build/tsan
# (ThreadSanitizer: the library and the unit tests that use threads).
# Every object tracks the headers it includes (-MMD -MP) and is rebuilt
# when the compiler or its flags change; CPPFLAGS, CFLAGS and LDFLAGS of
# the caller (dpkg-buildflags) come after ours and win.

VERSION ?= 0.4.0
SOVERSION := 0
BUILD ?= build
CC ?= cc
PKG_CONFIG ?= pkg-config
# Where the library will be installed (the Makefile passes its own): what
# nsinfo.pc says, and where the tools relinked for `make install` look.
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include

PKGS := libproc2 smartcols libcjson
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS))
# (libproc2 is opened when first needed, not linked: libnsinfo/proc2.c)
LIB_LIBS := $(shell $(PKG_CONFIG) --libs libcjson) -pthread
TOOL_LIBS := $(shell $(PKG_CONFIG) --libs smartcols libcjson)
# nstop alone draws on a terminal (its -D_XOPEN_SOURCE is left out: the
# tools are _GNU_SOURCE, which has all of it)
CURSES_LIBS := $(shell $(PKG_CONFIG) --libs ncursesw) -lm
# nsdiff alone talks rtnetlink and sock_diag (interfaces, routes and
# listening sockets of a network namespace), with libmnl
MNL_CFLAGS := $(shell $(PKG_CONFIG) --cflags libmnl)
MNL_LIBS := $(shell $(PKG_CONFIG) --libs libmnl)

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
# (make fuzz: clang, the harnesses of tests/fuzz/ linked with libFuzzer)
ifeq ($(SANITIZE),fuzzer)
SAN := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
endif
BASE_CFLAGS := -std=gnu11 $(WARN) $(SAN) -D_FILE_OFFSET_BITS=64 \
	-DNSINFO_VERSION='"$(VERSION)"' -Ilibnsinfo/include $(PKG_CFLAGS)
# libsmartcols 2.40 has the filter language of nsls -Q and nstop's `/`
# (scols-filter(5)); with an older one (Debian 12: 2.38) the parser of
# tools/common/filter.c speaks it. NSINFO_SCOLS_FILTER=0|1 overrides.
ifeq ($(origin NSINFO_SCOLS_FILTER),undefined)
NSINFO_SCOLS_FILTER := $(shell $(PKG_CONFIG) --atleast-version=2.40 smartcols && echo 1 || echo 0)
endif
BASE_CFLAGS += -DNSINFO_HAVE_SCOLS_FILTER=$(NSINFO_SCOLS_FILTER)

# Hardening (HARDEN=0 leaves it out): a stack protector, position-
# independent tools, relocations read-only and bound at start
# (RELRO, BIND_NOW), and _FORTIFY_SOURCE=3 (level 3 with glibc 2.34 and
# gcc 12 or clang 9; an older pair quietly gives level 2). _FORTIFY_SOURCE
# needs optimization, and the sanitizers do not know glibc's fortified
# _chk calls, so it is left out for -O0 and SANITIZE=, and when the
# caller's CPPFLAGS or CFLAGS choose a level themselves.
HARDEN ?= 1
ifeq ($(HARDEN),1)
HARDEN_CFLAGS := -fstack-protector-strong
HARDEN_LDFLAGS := -Wl,-z,relro,-z,now
PIE_CFLAGS := -fPIE
PIE_LDFLAGS := -pie
ifeq ($(SAN)$(findstring _FORTIFY_SOURCE,$(CPPFLAGS) $(CFLAGS)),)
ifneq ($(filter-out -O0,$(lastword $(filter -O%,$(CFLAGS)))),)
HARDEN_CPPFLAGS := -D_FORTIFY_SOURCE=3
endif
endif
endif
DEPFLAGS = -MMD -MP
# what every C compile gets, in this order
ALL_CFLAGS = $(BASE_CFLAGS) $(HARDEN_CPPFLAGS) $(CPPFLAGS) $(HARDEN_CFLAGS) $(CFLAGS)

LIB_SRC := $(wildcard libnsinfo/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
COMMON_SRC := $(wildcard tools/common/*.c)
COMMON_OBJ := $(COMMON_SRC:%.c=$(BUILD)/obj/%.o)
TOOLS := nsls nsenter-lite nstree nstop nsdiff
TOOL_BINS := $(TOOLS:%=$(BUILD)/bin/%)
INST_BINS := $(TOOLS:%=$(BUILD)/inst/bin/%)
UNIT_SRC := $(wildcard tests/unit/test-*.c)
UNIT_BINS := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# the C tests that need root, namespaces, cgroups or BPF (the same harness,
# tests/unit/unit.h; built beside the unit tests, run with them)
ROOT_SRC := $(wildcard tests/integration/c/test-*.c)
ROOT_BINS := $(ROOT_SRC:tests/integration/c/%.c=$(BUILD)/tests/%)
HELPER_SRC := $(wildcard tests/helpers/*.c)
HELPER_BINS := $(HELPER_SRC:tests/helpers/%.c=$(BUILD)/tests/%)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz-*.c)
FUZZ_BINS := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)

# V=1 shows the whole command lines.
ifeq ($(V),1)
Q :=
say := @true
else
Q := @
say := @printf '  %-6s %s\n'
endif

SONAME := libnsinfo.so.$(SOVERSION)
# (written at the end of this file)
FLAGS_STAMP := $(BUILD)/.flags
PC_STAMP := $(BUILD)/lib/.pc-vars
INST_STAMP := $(BUILD)/inst/.rpath
LIB_REAL := $(BUILD)/lib/libnsinfo.so.$(VERSION)

# The unit tests whose threads ThreadSanitizer watches.
TSAN_TESTS := $(BUILD)/tests/test-refcount $(BUILD)/tests/test-parallel

.PHONY: all install-files tests tsan-tests fuzzers
.SECONDARY:
.DELETE_ON_ERROR:
all: $(BUILD)/lib/$(SONAME) $(BUILD)/lib/libnsinfo.so $(TOOL_BINS) $(BUILD)/lib/nsinfo.pc
# what `make install` copies: the tools relinked without the build tree's
# RUNPATH (see tool_rule), and nsinfo.pc for PREFIX and LIBDIR
install-files: all $(INST_BINS)
tests: all $(UNIT_BINS) $(ROOT_BINS) $(HELPER_BINS) $(FUZZ_BINS)
tsan-tests: $(TSAN_TESTS)
fuzzers: $(FUZZ_BINS)

# (the headers each object includes are in its .d, made as it compiles)
$(BUILD)/obj/libnsinfo/%.o: libnsinfo/%.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) -pthread -fPIC -fvisibility=hidden $(DEPFLAGS) -c -o $@ $<

$(BUILD)/obj/tools/%.o: tools/%.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) $(PIE_CFLAGS) -Itools/common $(DEPFLAGS) -c -o $@ $<

$(LIB_REAL): $(LIB_OBJ) libnsinfo/libnsinfo.sym
	@mkdir -p $(@D)
	$(say) LINK $@
	$(Q)$(CC) $(SAN) $(HARDEN_LDFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) \
		-Wl,--version-script=libnsinfo/libnsinfo.sym -Wl,--no-undefined \
		-o $@ $(LIB_OBJ) $(LIB_LIBS)

$(BUILD)/lib/$(SONAME): $(LIB_REAL)
	$(Q)ln -sf $(notdir $<) $@
$(BUILD)/lib/libnsinfo.so: $(BUILD)/lib/$(SONAME)
	$(Q)ln -sf $(SONAME) $@

# nsinfo.pc says where `make install` puts the library: it is remade when
# PREFIX, LIBDIR, INCLUDEDIR or the libraries change ($(PC_STAMP), see
# the end). libdir and includedir inside PREFIX are written relative to
# it (pkg-config --define-prefix). The libraries libnsinfo uses are
# private (Libs.private, for a static link): no Requires.private, whose
# Cflags pkg-config would hand to every user (-I/usr/include/cjson), and
# whose -dev packages every user would need.
PC_LIBDIR = $(patsubst $(PREFIX)/%,$${exec_prefix}/%,$(LIBDIR))
PC_INCLUDEDIR = $(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))
$(BUILD)/lib/nsinfo.pc: libnsinfo/nsinfo.pc.in $(PC_STAMP)
	@mkdir -p $(@D)
	$(say) GEN $@
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(PC_LIBDIR)|g' \
		-e 's|@INCLUDEDIR@|$(PC_INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
		-e 's|@LIBS_PRIVATE@|$(strip $(LIB_LIBS))|g' $< > $@.tmp && mv $@.tmp $@

# Each tool is the .c files of its folder. In the build tree it finds the
# library next to it ($ORIGIN/../lib). `make install` copies the same
# objects relinked into $(BUILD)/inst/bin without that RUNPATH: there the
# loader finds the library in LIBDIR, or, when LIBDIR is not one of the
# loader's directories (ldconfig's list), by a RUNPATH of LIBDIR itself
# (INSTALL_RPATH= overrides).
LDCONFIG ?= $(or $(shell command -v ldconfig 2>/dev/null),/sbin/ldconfig)
# (ldconfig names one of /lib/X and /usr/lib/X when /lib is /usr/lib)
LOADER_DIRS = /lib /usr/lib /lib64 /usr/lib64 $(shell $(LDCONFIG) -N -X -v 2>/dev/null | \
	sed -n 's|^\(/[^:]*\):.*|\1|p' | sed -e p -e 's|^/usr/lib|/lib|p' -e 's|^/lib|/usr/lib|p')
INSTALL_RPATH ?= $(if $(filter $(patsubst %/,%,$(LIBDIR)),$(LOADER_DIRS)),,$(LIBDIR))
RPATH_FLAG := -Wl,-rpath,
tool_libs = -lnsinfo $(TOOL_LIBS) $(if $(filter nstop,$(1)),$(CURSES_LIBS)) \
	$(if $(filter nsdiff,$(1)),$(MNL_LIBS))
define tool_rule
$(BUILD)/bin/$(1) $(BUILD)/inst/bin/$(1): $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tools/$(1)/*.c)) $(COMMON_OBJ) $(BUILD)/lib/$(SONAME)
	@mkdir -p $$(@D)
	$$(say) LINK $$@
	$$(Q)$$(CC) $$(SAN) $$(PIE_LDFLAGS) $$(HARDEN_LDFLAGS) $$(LDFLAGS) -o $$@ $$(filter %.o,$$^) \
		-L$(BUILD)/lib $$(call tool_libs,$(1)) \
		$$(if $$(filter $(BUILD)/bin/%,$$@),$$(RPATH_FLAG)'$$$$ORIGIN/../lib',$$(if $$(INSTALL_RPATH),$$(RPATH_FLAG)$$(INSTALL_RPATH)))
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rule,$(t))))
# relinked when INSTALL_RPATH changes (the stamp is written at the end
# when install-files is asked for)
$(INST_BINS): $(INST_STAMP)
$(INST_STAMP):
	@mkdir -p $(@D) && touch $@
$(BUILD)/obj/tools/nsdiff/%.o: BASE_CFLAGS += $(MNL_CFLAGS)

# nstop's model, without its terminal and its main(): what
# tests/unit/test-nstop-*.c link.
NSTOP_MODEL_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(filter-out tools/nstop/main.c \
	tools/nstop/screen.c tools/nstop/restore.c,$(wildcard tools/nstop/*.c)))
$(BUILD)/tests/test-nstop-%: tests/unit/test-nstop-%.c tests/unit/unit.h $(LIB_OBJ) $(COMMON_OBJ) \
		$(NSTOP_MODEL_OBJ)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) $(PIE_CFLAGS) $(PIE_LDFLAGS) $(HARDEN_LDFLAGS) $(LDFLAGS) \
		-Ilibnsinfo -Itools/common -Itools/nstop -MMD -MP -MF $@.d -o $@ $< \
		$(NSTOP_MODEL_OBJ) $(LIB_OBJ) $(COMMON_OBJ) $(LIB_LIBS) $(TOOL_LIBS) $(CURSES_LIBS)
$(BUILD)/tests/test-nstop-%: tests/integration/c/test-nstop-%.c tests/unit/unit.h $(LIB_OBJ) $(COMMON_OBJ) \
		$(NSTOP_MODEL_OBJ)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) $(PIE_CFLAGS) $(PIE_LDFLAGS) $(HARDEN_LDFLAGS) $(LDFLAGS) \
		-Ilibnsinfo -Itools/common -Itools/nstop -Itests/unit -MMD -MP -MF $@.d -o $@ $< \
		$(NSTOP_MODEL_OBJ) $(LIB_OBJ) $(COMMON_OBJ) $(LIB_LIBS) $(TOOL_LIBS) $(CURSES_LIBS)

# Unit tests link the library objects statically, so they can call
# internal functions (parsers) as well as the API.
$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(LIB_OBJ) $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) $(PIE_CFLAGS) $(PIE_LDFLAGS) $(HARDEN_LDFLAGS) $(LDFLAGS) \
		-Ilibnsinfo -Itools/common -MMD -MP -MF $@.d -o $@ $< \
		$(LIB_OBJ) $(COMMON_OBJ) $(LIB_LIBS) $(TOOL_LIBS)
$(BUILD)/tests/%: tests/integration/c/%.c tests/unit/unit.h $(LIB_OBJ) $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) $(PIE_CFLAGS) $(PIE_LDFLAGS) $(HARDEN_LDFLAGS) $(LDFLAGS) \
		-Ilibnsinfo -Itools/common -Itests/unit -MMD -MP -MF $@.d -o $@ $< \
		$(LIB_OBJ) $(COMMON_OBJ) $(LIB_LIBS) $(TOOL_LIBS)

# The fuzz harnesses (tests/fuzz/README): each links the objects of the
# library, of tools/common and of nsdiff (its proc file parsers), as the
# unit tests do. With SANITIZE=fuzzer libFuzzer is their main(); in the
# other builds replay.c is, which feeds them the files it is given.
NSDIFF_PARSE_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(filter-out tools/nsdiff/main.c,\
	$(wildcard tools/nsdiff/*.c)))
ifeq ($(SANITIZE),fuzzer)
FUZZ_MAIN :=
FUZZ_LDFLAGS := -fsanitize=fuzzer
else
FUZZ_MAIN := tests/fuzz/replay.c
FUZZ_LDFLAGS :=
endif
$(BUILD)/fuzz/fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/fuzz.h $(FUZZ_MAIN) $(LIB_OBJ) $(COMMON_OBJ) \
		$(NSDIFF_PARSE_OBJ)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) $(FUZZ_LDFLAGS) $(PIE_CFLAGS) $(PIE_LDFLAGS) $(HARDEN_LDFLAGS) \
		$(LDFLAGS) -Ilibnsinfo -Itools/common -Itools/nsdiff -Itests/fuzz $(MNL_CFLAGS) \
		-MMD -MP -MF $@.d -o $@ $< $(FUZZ_MAIN) $(NSDIFF_PARSE_OBJ) $(LIB_OBJ) $(COMMON_OBJ) \
		$(LIB_LIBS) $(TOOL_LIBS) $(MNL_LIBS)

$(BUILD)/tests/%: tests/helpers/%.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) $(PIE_CFLAGS) $(PIE_LDFLAGS) $(HARDEN_LDFLAGS) $(LDFLAGS) \
		-pthread -MMD -MP -MF $@.d -o $@ $<

# snapdump (tests/integration/sources.sh) is the one helper that uses the
# library: linked to the shared one, found as the tools find it.
$(BUILD)/tests/snapdump: tests/helpers/snapdump.c $(BUILD)/lib/$(SONAME) $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) $(PIE_CFLAGS) $(PIE_LDFLAGS) $(HARDEN_LDFLAGS) $(LDFLAGS) \
		-MMD -MP -MF $@.d -o $@ $< -L$(BUILD)/lib -lnsinfo -Wl,-rpath,'$$ORIGIN/../lib'


# The kernel source (issue 11): a BPF task iterator that also walks fd
# tables (libnsinfo/bpf/nsinfo.bpf.c, CO-RE against the hand-written
# libnsinfo/bpf/kiter-core.h, so no vmlinux.h and nothing of the build
# machine's kernel), compiled with clang, embedded by bpftool as a light
# skeleton (-L: the kernel relocates it, kiter.c says why) that
# libnsinfo/kiter.c includes, and libbpf linked into the library for its
# syscall wrappers.
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
# (kiter.o names the generated skeletons itself: their .d do not exist
# before the first build; the BPF objects' .d track the BPF headers).
# Two objects from one source: the program, and the same without
# bpf_rdonly_cast() for a kernel before 6.2 (KITER_COMPAT: no reference
# to the kfunc at all, which an older verifier refuses even unreached).
$(KITER_OBJ): $(BUILD)/bpf/nsinfo.lskel.h $(BUILD)/bpf/nsinfo-compat.lskel.h
$(BUILD)/bpf/nsinfo.bpf.o $(BUILD)/bpf/nsinfo-compat.bpf.o: libnsinfo/bpf/nsinfo.bpf.c \
		libnsinfo/bpf/kiter-core.h libnsinfo/bpf/kiter-wire.h
	@mkdir -p $(@D)
	$(say) BPF $@
	$(Q)$(BPF_CLANG) $(BPF_CFLAGS) $(if $(findstring -compat,$@),-DKITER_COMPAT=1) \
		$(DEPFLAGS) -c -o $@ $<
$(BUILD)/bpf/nsinfo.lskel.h: $(BUILD)/bpf/nsinfo.bpf.o
	$(say) GEN $@
	$(Q)$(BPFTOOL) gen skeleton -L $< name kiter_bpf > $@.tmp && mv $@.tmp $@
$(BUILD)/bpf/nsinfo-compat.lskel.h: $(BUILD)/bpf/nsinfo-compat.bpf.o
	$(say) GEN $@
	$(Q)$(BPFTOOL) gen skeleton -L $< name kiter_compat_bpf > $@.tmp && mv $@.tmp $@
else
$(info libnsinfo: no kernel (BPF) source in this build: clang, bpftool or libbpf-dev missing (scripts/install-deps build installs them); the /proc source only)
$(KITER_OBJ): BASE_CFLAGS += -DNSINFO_HAVE_BPF=0
endif

# $(FLAGS_STAMP) holds the compiler and its flags, $(PC_STAMP) what
# nsinfo.pc is made of; each is rewritten (and what depends on it remade)
# only when that text changes.
FLAGS_TEXT := $(CC) $(ALL_CFLAGS) $(PIE_CFLAGS) | $(PIE_LDFLAGS) $(HARDEN_LDFLAGS) $(LDFLAGS) | \
	$(SAN) BPF=$(NSINFO_BPF)
PC_TEXT := $(PREFIX) | $(LIBDIR) | $(INCLUDEDIR) | $(VERSION) | $(LIB_LIBS)
# (make -n writes nothing)
define write_stamp
ifneq ($$(file <$(1)),$$($(2)))
ifeq ($$(findstring n,$$(firstword -$$(MAKEFLAGS))),)
$$(shell mkdir -p $(dir $(1)))
$$(file >$(1),$$($(2)))
endif
endif
endef
$(eval $(call write_stamp,$(FLAGS_STAMP),FLAGS_TEXT))
$(eval $(call write_stamp,$(PC_STAMP),PC_TEXT))
ifneq ($(filter install-files,$(MAKECMDGOALS)),)
INST_TEXT := RUNPATH=$(INSTALL_RPATH)
$(eval $(call write_stamp,$(INST_STAMP),INST_TEXT))
endif

-include $(wildcard $(BUILD)/obj/*/*.d $(BUILD)/obj/*/*/*.d $(BUILD)/tests/*.d $(BUILD)/bpf/*.d \
	$(BUILD)/fuzz/*.d)
