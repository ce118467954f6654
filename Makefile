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
#   make install    PREFIX=/usr/local DESTDIR=...; make uninstall
#
# Compile rules live in build.mk; this file makes sure the dependencies are
# there before build.mk asks pkg-config about them.

VERSION := 0.4.0
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
BUILD ?= build
TOOLS := nsls nsenter-lite nstree nstop

SUBMAKE = $(MAKE) --no-print-directory -f build.mk VERSION=$(VERSION) \
	PREFIX=$(PREFIX) LIBDIR=$(LIBDIR)

.PHONY: all check-deps deps test-deps run test check bench install uninstall clean

# Plain make and make install never run apt-get: they name what is
# missing and stop. make run and make test install it.
all: check-deps
	@$(SUBMAKE) BUILD=$(BUILD) all

check-deps:
	@scripts/install-deps --check build

# The build dependencies, installed with apt-get when pkg-config cannot
# find them (see scripts/install-deps).
deps:
	@scripts/install-deps build

test-deps:
	@scripts/install-deps test

run: deps
	@$(SUBMAKE) BUILD=$(BUILD) all
	$(BUILD)/bin/nsls

# The suite twice: a -Werror build, then the same tests under ASan+UBSan;
# then the unit tests that use threads once more under ThreadSanitizer.
test check: deps test-deps
	@$(SUBMAKE) BUILD=build/test WERROR=1 tests
	@$(SUBMAKE) BUILD=build/asan WERROR=1 SANITIZE=1 tests
	@$(SUBMAKE) BUILD=build/tsan WERROR=1 SANITIZE=thread tsan-tests
	@tests/run build/test build/asan build/tsan

bench: all
	bench/run.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
		$(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(DATADIR)/bash-completion/completions \
		$(DESTDIR)$(DATADIR)/zsh/vendor-completions \
		$(DESTDIR)$(DATADIR)/fish/vendor_completions.d
	install -m 0755 $(BUILD)/lib/libnsinfo.so.$(VERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf libnsinfo.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libnsinfo.so.0
	ln -sf libnsinfo.so.0 $(DESTDIR)$(LIBDIR)/libnsinfo.so
	install -m 0644 $(BUILD)/lib/nsinfo.pc $(DESTDIR)$(LIBDIR)/pkgconfig/
	install -m 0644 libnsinfo/include/nsinfo.h $(DESTDIR)$(INCLUDEDIR)/
	for t in $(TOOLS); do install -m 0755 $(BUILD)/bin/$$t $(DESTDIR)$(BINDIR)/; done
	install -m 0644 man/man1/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 man/man3/*.3 $(DESTDIR)$(MANDIR)/man3/
	install -m 0644 man/man7/*.7 $(DESTDIR)$(MANDIR)/man7/
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

clean:
	rm -rf build
