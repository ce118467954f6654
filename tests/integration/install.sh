#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# make install / uninstall into a DESTDIR: every file lands, the installed
# nsls runs and finds its installed library, pkg-config describes the
# library where it was installed (PREFIX and LIBDIR of the install, not of
# the build) without leaking its private libraries' flags, the installed
# files carry no RUNPATH and are hardened (PIE, RELRO, BIND_NOW), uninstall
# leaves nothing behind (no file, no directory), and neither make nor make
# install ever runs apt-get.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${NSINFO_BUILD#"$top"/}

# Install the tree as it was built: its flags (build.mk keeps them in
# BUILD/.flags) decide WERROR and SANITIZE, so that make install relinks
# and does not rebuild the tree with other flags in the middle of the suite.
vars=(BUILD="$build")
flags=$(cat "$NSINFO_BUILD/.flags" 2>/dev/null)
case " $flags " in *" -Werror "*) vars+=(WERROR=1) ;; esac
case $flags in
*-fsanitize=address*) vars+=(SANITIZE=1) ;;
*-fsanitize=thread*) vars+=(SANITIZE=thread) ;;
esac
multiarch=$(${CC:-cc} -print-multiarch 2>/dev/null)
[ -n "$multiarch" ] || multiarch=$(uname -m)-linux-gnu

# apt-get, apt and aptitude that only write down that they were called:
# first in PATH for every make below.
fake=$TMP/fakebin
apt_log=$TMP/apt.log
mkdir -p "$fake"
: >"$apt_log"
for c in apt-get apt aptitude; do
	printf '#!/bin/sh\necho "%s $*" >>"%s"\nexit 1\n' "$c" "$apt_log" >"$fake/$c"
	chmod +x "$fake/$c"
done
fmake() { PATH=$fake:$PATH make -s -C "$top" "${vars[@]}" "$@"; }

# ELF checks on every ELF file below a directory.
elf_files() { find "$1" -type f -exec sh -c 'head -c 4 "$1" | grep -q ELF' _ {} \; -print | sort; }
no_runpath() {	# NAME DIR
	local f bad=""
	for f in $(elf_files "$2"); do
		readelf -d "$f" | grep -qE '\((RUNPATH|RPATH)\)' && bad="$bad ${f#"$2"/}"
	done
	if [ -z "$(elf_files "$2")" ]; then fail "$1" "no ELF file in $2"
	elif [ -n "$bad" ]; then fail "$1" "RUNPATH in:$bad"
	else pass "$1"; fi
}
hardened() {	# NAME DIR: BIND_NOW and GNU_RELRO everywhere, PIE for the executables
	local f bad=""
	for f in $(elf_files "$2"); do
		readelf -d "$f" | grep -qE '\(FLAGS\).*BIND_NOW|\(FLAGS_1\).* NOW' || bad="$bad ${f#"$2"/}:no-BIND_NOW"
		readelf -lW "$f" | grep -q GNU_RELRO || bad="$bad ${f#"$2"/}:no-RELRO"
		case $f in
		*/bin/*) readelf -d "$f" | grep -qE '\(FLAGS_1\).* PIE' || bad="$bad ${f#"$2"/}:not-PIE" ;;
		esac
	done
	if [ -n "$bad" ]; then fail "$1" "$bad"; else pass "$1"; fi
}

have_readelf=1
command -v readelf >/dev/null 2>&1 || have_readelf=0

# ---- 1. PREFIX=/usr/local (the default) ---------------------------------
dest=$TMP/dest
if ! fmake install DESTDIR="$dest" PREFIX=/usr/local >"$TMP/log" 2>&1; then
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
# the JSON Schemas, each as it is in the tree (schemas.sh checks them)
bad=""
for f in "$top"/schemas/*.schema.json; do
	cmp -s "$f" "$dest/usr/local/share/nsinfo/schemas/${f##*/}" || bad="$bad ${f##*/}"
done
expect_eq install-has-schemas "$bad" ""
expect_eq install-schemas-only-them \
	"$(ls "$dest/usr/local/share/nsinfo/schemas" 2>/dev/null | tr '\n' ' ')" \
	"$(cd "$top/schemas" && ls -- *.schema.json | tr '\n' ' ')"

# No RUNPATH: the loader finds the library where it looks (here, in the
# DESTDIR, only when told).
out=$(LD_LIBRARY_PATH=$dest/usr/local/lib "$dest/usr/local/bin/nsls" -n -o TYPE -t net 2>/dev/null | head -n 1)
expect_eq install-runs "$out" net
lib=$(LD_LIBRARY_PATH=$dest/usr/local/lib LD_TRACE_LOADED_OBJECTS=1 "$dest/usr/local/bin/nsls" |
	awk '/libnsinfo/ {print $3}')
expect_eq install-uses-installed-lib "$(readlink -f "$lib")" \
	"$(readlink -f "$dest/usr/local/lib/libnsinfo.so.0")"
if [ "$have_readelf" = 1 ]; then
	no_runpath install-no-runpath "$dest/usr/local"
	hardened install-hardened "$dest/usr/local"
	# the tools in the build tree still find theirs
	check build-tree-runpath eval "readelf -d '$NSINFO_BUILD/bin/nsls' | grep -q 'RUNPATH.*\$ORIGIN/../lib'"
	# _FORTIFY_SOURCE (not in a sanitizer build): glibc's checked calls
	case $flags in
	*_FORTIFY_SOURCE=*) check install-fortified eval \
		"readelf -sW --dyn-syms '$dest/usr/local/bin/nsls' | grep -q '__[a-z_]*_chk@'" ;;
	*) skip install-fortified "no _FORTIFY_SOURCE in $build/.flags (a sanitizer or -O0 build)" ;;
	esac
else
	skip install-no-runpath "readelf is not installed (binutils)"
fi

pcdir=$dest/usr/local/lib/pkgconfig
pc=$(PKG_CONFIG_PATH=$pcdir pkg-config --libs nsinfo 2>&1)
expect_eq install-pkg-config "$(echo $pc)" "-L/usr/local/lib -lnsinfo"
cf=$(PKG_CONFIG_PATH=$pcdir pkg-config --cflags nsinfo 2>&1)
expect_eq install-pkg-config-cflags "$(echo $cf)" "-I/usr/local/include"
# libcjson, libproc2, libbpf are the library's own business: not in what
# a user compiles with, in the public header, or in what pkg-config needs
if grep -qE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](cjson|proc|bpf|libsmartcols)' \
	"$dest/usr/local/include/nsinfo.h"; then
	fail install-header-private "nsinfo.h includes a private library's header: $(grep -E '#[[:space:]]*include' "$dest/usr/local/include/nsinfo.h" | tr '\n' ' ')"
else
	pass install-header-private
fi
check install-pc-no-requires eval "! grep -q '^Requires' '$pcdir/nsinfo.pc'"
st=$(PKG_CONFIG_PATH=$pcdir pkg-config --static --libs nsinfo 2>&1)
case " $st " in
*" -lnsinfo "*"-lcjson "*) pass install-pkg-config-static ;;
*) fail install-pkg-config-static "pkg-config --static --libs: $st" ;;
esac

# A program built with what pkg-config says (the DESTDIR as its sysroot)
# links and runs against the installed library.
cat >"$TMP/pc.c" <<'EOF'
#include <stdio.h>
#include <nsinfo.h>
int main(void)
{
	puts(nsinfo_type_name(NSINFO_TYPE_NET));
	return 0;
}
EOF
san=()
# shellcheck disable=SC2054
case $flags in *-fsanitize=address*) san=(-fsanitize=address,undefined) ;; *-fsanitize=thread*) san=(-fsanitize=thread) ;; esac
pcflags=$(PKG_CONFIG_SYSROOT_DIR=$dest PKG_CONFIG_LIBDIR=$pcdir pkg-config --cflags --libs nsinfo)
if ${CC:-cc} -std=c99 -Wall -Werror "${san[@]}" -o "$TMP/pc" "$TMP/pc.c" $pcflags 2>"$TMP/cc.log"; then
	expect_eq install-pkg-config-builds "$(LD_LIBRARY_PATH=$dest/usr/local/lib "$TMP/pc" 2>&1)" net
else
	fail install-pkg-config-builds "cc $pcflags: $(head -n 3 "$TMP/cc.log" | tr '\n' ' ')"
fi

if ! fmake uninstall DESTDIR="$dest" PREFIX=/usr/local >"$TMP/log" 2>&1; then
	fail uninstall "make uninstall failed: $(tail -n 5 "$TMP/log")"
fi
left=$(find "$dest" -type f -o -type l)
expect_eq uninstall-leaves-nothing "$left" ""
left=$(cd "$dest" 2>/dev/null && find . -mindepth 1 -type d | sort | tr '\n' ' ')
expect_eq uninstall-leaves-no-directory "$left" ""

# ---- 2. PREFIX=/usr after a build for /usr/local ------------------------
# The tree was built (make, make test) for the default PREFIX; installing
# it for /usr must give a nsinfo.pc that says /usr and names directories
# that hold the library and the header.
dest2=$TMP/dest2
libdir=/usr/lib/$multiarch
if ! fmake install DESTDIR="$dest2" PREFIX=/usr LIBDIR="$libdir" >"$TMP/log" 2>&1; then
	fail install-usr "make install PREFIX=/usr failed: $(tail -n 5 "$TMP/log")"
else
	pass install-usr
	pc2=$dest2$libdir/pkgconfig/nsinfo.pc
	if [ ! -f "$pc2" ]; then
		fail install-usr-pc "no $libdir/pkgconfig/nsinfo.pc"
	else
		check install-usr-pc-no-usr-local eval "! grep -q /usr/local '$pc2'"
		pv() { PKG_CONFIG_PATH=$dest2$libdir/pkgconfig pkg-config --variable="$1" nsinfo; }
		expect_eq install-usr-pc-prefix "$(pv prefix)" /usr
		expect_eq install-usr-pc-libdir "$(pv libdir)" "$libdir"
		check install-usr-pc-libdir-has-lib test -e "$dest2$(pv libdir)/libnsinfo.so"
		check install-usr-pc-includedir-has-header test -e "$dest2$(pv includedir)/nsinfo.h"
		# the -L (if any: a system directory is left out) is where the library is
		for w in $(PKG_CONFIG_PATH=$dest2$libdir/pkgconfig pkg-config --libs nsinfo); do
			case $w in -L*) check "install-usr-pc-L-${w#-L}" test -e "$dest2${w#-L}/libnsinfo.so" ;; esac
		done
	fi
	[ "$have_readelf" = 1 ] && no_runpath install-usr-no-runpath "$dest2/usr"
	fmake uninstall DESTDIR="$dest2" PREFIX=/usr LIBDIR="$libdir" >"$TMP/log" 2>&1 ||
		fail uninstall-usr "make uninstall failed: $(tail -n 5 "$TMP/log")"
	left=$(cd "$dest2" && find . -mindepth 1 | sort | tr '\n' ' ')
	expect_eq uninstall-usr-leaves-nothing "$left" ""
fi
# put the build tree's nsinfo.pc back as make test made it
fmake all >/dev/null 2>&1

# ---- 3. make and make install never run apt-get ------------------------
expect_eq make-install-no-apt "$(cat "$apt_log")" ""

# A missing dependency stops plain make with its name, and still no
# apt-get: a pkg-config that does not know libcjson.
mkdir -p "$TMP/nocjson"
cat >"$TMP/nocjson/pkg-config" <<EOF
#!/bin/sh
for a; do case \$a in libcjson) exit 1 ;; esac; done
exec $(command -v pkg-config) "\$@"
EOF
chmod +x "$TMP/nocjson/pkg-config"
: >"$apt_log"
PATH=$TMP/nocjson:$fake:$PATH make -s -C "$top" "${vars[@]}" all >"$TMP/log" 2>&1
rc=$?
if [ "$rc" = 0 ]; then
	fail make-missing-dep-stops "make succeeded without libcjson"
elif ! grep -q 'missing:.*libcjson-dev' "$TMP/log"; then
	fail make-missing-dep-stops "make failed without naming libcjson-dev: $(tail -n 3 "$TMP/log" | tr '\n' ' ')"
else
	pass make-missing-dep-stops
fi
PATH=$TMP/nocjson:$fake:$PATH make -s -C "$top" "${vars[@]}" install DESTDIR="$TMP/dest3" >"$TMP/log" 2>&1
expect_eq make-missing-dep-no-apt "$(cat "$apt_log")" ""
rm -rf "$TMP/dest3"
# ... while make deps does call it (so the fake would have seen a call)
if [ "$(id -u)" = 0 ]; then
	PATH=$TMP/nocjson:$fake:$PATH make -s -C "$top" deps >"$TMP/log" 2>&1
	# (the fake fails, so install-deps stops at its first call, the update)
	if grep -q '^apt-get ' "$apt_log"; then
		pass make-deps-runs-apt
	else
		fail make-deps-runs-apt "the fake apt-get saw: $(tr '\n' ' ' <"$apt_log")"
	fi
else
	skip make-deps-runs-apt "not root: install-deps does not call apt-get"
fi
