#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# build.sh - what build.mk promises besides compiling: defaults of its own
# for where the library goes, header dependencies tracked (a header
# rebuilds what includes it and nothing else, the generated BPF skeleton
# included), and every library it asks pkg-config for is a declared
# dependency: scripts/install-deps names its Debian package when it is
# missing, and debian/control build-depends on that package.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${NSINFO_BUILD#"$top"/}
cd "$top" || exit 1

# ---- build.mk on its own -----------------------------------------------
got=$(make -s -f build.mk BUILD="$TMP/b" --eval 'hh-show: ; @echo $(PREFIX) $(LIBDIR) $(INCLUDEDIR)' \
	hh-show 2>/dev/null | tail -n 1)
expect_eq build-mk-install-defaults "$got" "/usr/local /usr/local/lib /usr/local/include"

# ---- header dependencies -------------------------------------------------
# make -n -W HEADER: what would be rebuilt if HEADER changed (nothing is
# touched or written). The tree's own objects and .d files are asked, so
# the tree must be up to date (tests/run: just built).
# (what the commands make: compiles' -o X.o, the skeleton's > X.h.tmp)
objs() { grep -oE -- '(-o [^ ]*\.o|> [^ ]*\.h\.tmp)' | sed -E 's/^(-o|>) //; s#.*/((obj|bpf)/)#\1#' | sort -u; }
stale=$(make -n -f build.mk BUILD="$build" all 2>/dev/null | objs)
whatif() { make -n -f build.mk BUILD="$build" -W "$1" all 2>/dev/null | objs; }
if [ -n "$stale" ]; then
	skip build-deps "$build is older than its sources ($(wc -l <<<"$stale") objects to rebuild): what a header rebuilds cannot be told"
elif ! ls "$NSINFO_BUILD"/obj/tools/nstop/*.d >/dev/null 2>&1; then
	fail build-deps-files "no .d files in $build/obj (build.mk compiles with -MMD -MP)"
else
	pass build-deps-files
	out=$(whatif tools/nstop/nstop.h)
	if ! grep -q "obj/tools/nstop/model.o" <<<"$out"; then
		fail build-deps-header "a change of tools/nstop/nstop.h does not rebuild nstop's objects"
	elif grep -qE "obj/(tools/(nsls|nstree|common)|libnsinfo)/" <<<"$out"; then
		fail build-deps-header "a change of tools/nstop/nstop.h rebuilds more than nstop: $(tr '\n' ' ' <<<"$out")"
	else
		pass build-deps-header
	fi
	out=$(whatif libnsinfo/include/nsinfo.h)
	if grep -q "obj/libnsinfo/snapshot.o" <<<"$out" && grep -q "obj/tools/nsls/main.o" <<<"$out"; then
		pass build-deps-public-header
	else
		fail build-deps-public-header "a change of nsinfo.h does not rebuild the library and the tools"
	fi
	if [ -d "$NSINFO_BUILD/bpf" ]; then
		out=$(whatif libnsinfo/bpf/kiter-core.h)
		if grep -q "bpf/nsinfo.bpf.o" <<<"$out" && grep -q "nsinfo.lskel.h" <<<"$out" &&
			grep -q "obj/libnsinfo/kiter.o" <<<"$out"; then
			pass build-deps-bpf
		else
			fail build-deps-bpf "a change of kiter-core.h does not rebuild the BPF object, its skeleton and kiter.o"
		fi
	else
		skip build-deps-bpf "$build has no BPF kernel source (clang, bpftool or libbpf-dev missing)"
	fi
fi

# ---- declared dependencies ---------------------------------------------
# The modules build.mk asks pkg-config for, as it asks (a pkg-config that
# writes them down).
real_pc=$(command -v pkg-config)
mkdir -p "$TMP/pc"
cat >"$TMP/pc/pkg-config" <<EOF
#!/bin/sh
for a; do case \$a in -*) ;; *) echo "\$a" >>"$TMP/modules" ;; esac; done
exec $real_pc "\$@"
EOF
chmod +x "$TMP/pc/pkg-config"
: >"$TMP/modules"
make -n -f build.mk BUILD="$TMP/b" PKG_CONFIG="$TMP/pc/pkg-config" all >/dev/null 2>&1
modules=$(grep -vE '^[0-9.]+$' "$TMP/modules" | sort -u)
if [ -z "$modules" ]; then
	fail build-declared-deps "build.mk asked pkg-config for nothing"
	exit 0
fi
# Build-Depends of debian/control, package names only
bdeps=$(sed -n '/^Build-Depends:/,/^[A-Z][A-Za-z-]*:/p' debian/control | sed '$d' |
	sed 's/^Build-Depends://; s/([^)]*)//g; s/\[[^]]*\]//g' | tr ',|' '\n\n' | tr -d ' \t' | grep .)
for m in $modules; do
	# install-deps --check deb with a pkg-config that lacks only $m
	mkdir -p "$TMP/no-$m"
	cat >"$TMP/no-$m/pkg-config" <<EOF
#!/bin/sh
for a; do [ "\$a" = "$m" ] && exit 1; done
exec $real_pc "\$@"
EOF
	chmod +x "$TMP/no-$m/pkg-config"
	msg=$(PATH=$TMP/no-$m:$PATH scripts/install-deps --check deb 2>&1)
	pkg=$(sed -n 's/.*missing: *\([^;]*\);.*/\1/p' <<<"$msg" | tr ' ' '\n' | grep -v '^$' |
		grep -vxE 'dpkg-dev|debhelper|lintian|debootstrap' | head -n 1)
	if [ -z "$pkg" ]; then
		fail "build-declared-dep-$m" "scripts/install-deps does not name a package when pkg-config lacks $m"
	elif ! grep -qx -- "$pkg" <<<"$bdeps"; then
		fail "build-declared-dep-$m" "debian/control does not build-depend on $pkg (for $m)"
	else
		pass "build-declared-dep-$m"
	fi
done
