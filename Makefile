# SPDX-License-Identifier: LGPL-2.1-or-later
# nsinfo - Linux namespace inspection toolkit.
#
#   make            build into build/ (says what is missing; installs nothing)
#   make deps       install missing build dependencies (apt-get)
#   make run        install what is missing, build, then run nsls here
#   make test       the same set-up, then the whole suite: plain and under
#                   ASan+UBSan
#                   (and the threaded unit tests under TSan)
#   make bench      nsls beside lsns and ps at 1k/5k/10k processes
#   make fuzz       the libFuzzer harnesses of tests/fuzz/ (one per parser
#                   of text we do not control), built with clang into
#                   build/fuzz, each run FUZZ_SECONDS=60 seconds
#   make install    PREFIX=/usr/local DESTDIR=...; make uninstall
#   make deb        Debian packages into build/deb (scripts/build-deb),
#                   after installing the packaging tools
#
# Compile rules live in build.mk; this file makes sure the dependencies are
# there before build.mk asks pkg-config about them.

VERSION := 0.5.0
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
# the JSON Schemas of what the tools print (schemas/, named by their $id)
SCHEMADIR = $(DATADIR)/nsinfo/schemas
BUILD ?= build
TOOLS := nsls nsenter-lite nstree nstop nsdiff

# (each use is marked `+`: make passes its jobserver only to recipe lines
# that name $(MAKE) themselves or carry a +)
SUBMAKE = $(MAKE) --no-print-directory -f build.mk VERSION=$(VERSION) \
	PREFIX=$(PREFIX) LIBDIR=$(LIBDIR) INCLUDEDIR=$(INCLUDEDIR)

.PHONY: all check-deps deps test-deps run test check bench fuzz install uninstall deb clean

# Plain make and make install never run apt-get: they name what is
# missing and stop (tests/integration/install.sh proves it with an
# apt-get that records its calls). make run, make test and make deps
# install it; make deb installs the packaging tools.
all: check-deps
	@+$(SUBMAKE) BUILD=$(BUILD) all

check-deps:
	@scripts/install-deps --check build

# The build dependencies, installed with apt-get when pkg-config cannot
# find them (see scripts/install-deps).
deps:
	@scripts/install-deps build

test-deps:
	@scripts/install-deps test

run: deps
	@+$(SUBMAKE) BUILD=$(BUILD) all
	$(BUILD)/bin/nsls

# The suite twice: a -Werror build, then the same tests under ASan+UBSan;
# then the unit tests that use threads once more under ThreadSanitizer.
test check: deps test-deps
	@+$(SUBMAKE) BUILD=build/test WERROR=1 tests
	@+$(SUBMAKE) BUILD=build/asan WERROR=1 SANITIZE=1 tests
	@+$(SUBMAKE) BUILD=build/tsan WERROR=1 SANITIZE=thread tsan-tests
	@tests/run build/test build/asan build/tsan

bench: all
	bench/run.sh

# (tests/fuzz/run.sh builds them too: the test suite runs it for 3 s each)
FUZZ_SECONDS ?= 60
fuzz: deps
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh

# The directories install fills. uninstall removes those it leaves empty
# when they are ours: everything below DESTDIR (a staging tree; DESTDIR
# itself stays), or below a PREFIX of our own (one whose last part names
# nsinfo, e.g. /opt/nsinfo). In a shared PREFIX (/usr/local, /usr, ~/.local)
# bin, lib, share/man/man1 and the completion directories belong to
# everyone and stay; DATADIR/nsinfo is ours in any PREFIX (uninstall).
INSTALL_DIRS = $(BINDIR) $(LIBDIR)/pkgconfig $(INCLUDEDIR) $(MANDIR)/man1 \
	$(MANDIR)/man3 $(MANDIR)/man7 $(SCHEMADIR) $(DATADIR)/bash-completion/completions \
	$(DATADIR)/zsh/vendor-completions $(DATADIR)/fish/vendor_completions.d
OWN_TOP = $(if $(DESTDIR),$(DESTDIR),$(if $(findstring nsinfo,$(notdir $(PREFIX))),$(dir $(PREFIX))))

# The tools installed are build.mk's relink of them without the build
# tree's RUNPATH ($(BUILD)/inst/bin), and nsinfo.pc is made for this
# PREFIX and LIBDIR.
install: all
	@+$(SUBMAKE) BUILD=$(BUILD) install-files
	install -d $(addprefix $(DESTDIR),$(INSTALL_DIRS))
	install -m 0755 $(BUILD)/lib/libnsinfo.so.$(VERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf libnsinfo.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libnsinfo.so.0
	ln -sf libnsinfo.so.0 $(DESTDIR)$(LIBDIR)/libnsinfo.so
	install -m 0644 $(BUILD)/lib/nsinfo.pc $(DESTDIR)$(LIBDIR)/pkgconfig/
	install -m 0644 libnsinfo/include/nsinfo.h $(DESTDIR)$(INCLUDEDIR)/
	for t in $(TOOLS); do install -m 0755 $(BUILD)/inst/bin/$$t $(DESTDIR)$(BINDIR)/; done
	install -m 0644 man/man1/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 man/man3/*.3 $(DESTDIR)$(MANDIR)/man3/
	install -m 0644 man/man7/*.7 $(DESTDIR)$(MANDIR)/man7/
	install -m 0644 schemas/*.schema.json $(DESTDIR)$(SCHEMADIR)/
	for t in $(TOOLS); do \
		install -m 0644 completions/bash/$$t $(DESTDIR)$(DATADIR)/bash-completion/completions/ && \
		install -m 0644 completions/zsh/_$$t $(DESTDIR)$(DATADIR)/zsh/vendor-completions/ && \
		install -m 0644 completions/fish/$$t.fish $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/ ; \
	done
	@if [ -z "$(DESTDIR)" ] && command -v ldconfig >/dev/null; then ldconfig; fi

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/libnsinfo.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libnsinfo.so.0 \
		$(DESTDIR)$(LIBDIR)/libnsinfo.so $(DESTDIR)$(LIBDIR)/pkgconfig/nsinfo.pc \
		$(DESTDIR)$(INCLUDEDIR)/nsinfo.h
	for t in $(TOOLS); do rm -f $(DESTDIR)$(BINDIR)/$$t \
		$(DESTDIR)$(DATADIR)/bash-completion/completions/$$t \
		$(DESTDIR)$(DATADIR)/zsh/vendor-completions/_$$t \
		$(DESTDIR)$(DATADIR)/fish/vendor_completions.d/$$t.fish; done
	for f in man/man1/*.1; do rm -f $(DESTDIR)$(MANDIR)/man1/$${f##*/}; done
	for f in man/man3/*.3; do rm -f $(DESTDIR)$(MANDIR)/man3/$${f##*/}; done
	for f in man/man7/*.7; do rm -f $(DESTDIR)$(MANDIR)/man7/$${f##*/}; done
	for f in schemas/*.schema.json; do rm -f $(DESTDIR)$(SCHEMADIR)/$${f##*/}; done
	@# DATADIR/nsinfo is ours in any PREFIX: gone when empty
	@rmdir $(DESTDIR)$(SCHEMADIR) $(DESTDIR)$(DATADIR)/nsinfo 2>/dev/null || true
	@top=$$(printf '%s' '$(OWN_TOP)' | tr -s /); top=$${top%/}; \
	[ -n "$$top" ] || exit 0; \
	for d in $(addprefix $(DESTDIR),$(INSTALL_DIRS)); do \
		d=$$(printf '%s' "$$d" | tr -s /); d=$${d%/}; \
		while [ "$${d#"$$top"/}" != "$$d" ] && rmdir -- "$$d" 2>/dev/null; do \
			d=$${d%/*}; \
		done; \
	done
	@if [ -z "$(DESTDIR)" ] && command -v ldconfig >/dev/null; then ldconfig; fi

# Debian packages (libnsinfo0, libnsinfo-dev, nsinfo) from a copy of the
# tree into build/deb, and lintian's verdict; nothing is rebuilt when the
# tree's files did not change.
deb:
	@scripts/install-deps deb
	@scripts/build-deb build/deb

clean:
	rm -rf build
