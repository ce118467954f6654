#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# make install / uninstall into a DESTDIR: every file lands, the installed
# nsls runs and finds its installed library, pkg-config describes the
# library, and uninstall leaves nothing behind.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
dest=$TMP/dest
build=${NSINFO_BUILD#"$top"/}

if ! make -s -C "$top" install BUILD="$build" DESTDIR="$dest" PREFIX=/usr/local >"$TMP/log" 2>&1; then
	fail install "make install failed: $(tail -n 5 "$TMP/log")"
	exit 0
fi
pass install

for f in bin/nsls lib/libnsinfo.so.0 lib/libnsinfo.so include/nsinfo.h \
	lib/pkgconfig/nsinfo.pc share/man/man1/nsls.1 share/man/man3/libnsinfo.3 \
	share/man/man7/nsinfo.7 share/bash-completion/completions/nsls \
	share/zsh/vendor-completions/_nsls share/fish/vendor_completions.d/nsls.fish; do
	check "install-has-$f" test -e "$dest/usr/local/$f"
done

out=$("$dest/usr/local/bin/nsls" -n -o TYPE -t net 2>/dev/null | head -n 1)
expect_eq install-runs "$out" net
lib=$(LD_TRACE_LOADED_OBJECTS=1 "$dest/usr/local/bin/nsls" | awk '/libnsinfo/ {print $3}')
expect_eq install-uses-installed-lib "$(readlink -f "$lib")" \
	"$(readlink -f "$dest/usr/local/lib/libnsinfo.so.0")"

pc=$(PKG_CONFIG_PATH=$dest/usr/local/lib/pkgconfig pkg-config --libs nsinfo 2>&1)
expect_eq install-pkg-config "$(echo $pc)" "-L/usr/local/lib -lnsinfo"

make -s -C "$top" uninstall DESTDIR="$dest" PREFIX=/usr/local >"$TMP/log" 2>&1 ||
	fail uninstall "make uninstall failed: $(tail -n 5 "$TMP/log")"
left=$(find "$dest" -type f -o -type l)
expect_eq uninstall-leaves-nothing "$left" ""
