#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# deb.sh - the Debian packages (libnsinfo0, libnsinfo-dev, nsinfo) install
# on a clean Debian system, work there, and go away again.
#
# The packages: build/deb as `make deb` leaves them (scripts/build-deb).
# When the tree changed since, they are rebuilt here if the packaging tools
# are installed (20-45 s; build-deb does nothing when no file changed,
# so the second flavour of the suite and later runs pay nothing), else
# this SKIPs: `make test` does not install the packaging tools, `make deb`
# does.
#
# The clean system: the offline container images of tests/containers are
# busybox (no libc, no dpkg), so a Debian one is made from Debian's mirror
# with debootstrap --variant=minbase, once, into $NSINFO_DEB_CACHE
# (/var/tmp/nsinfo-deb, about 200 MB, about a minute), and never written
# again: each run mounts an overlay of it in a mount and PID namespace of
# its own and chroots there, so every run starts from the same untouched
# system. apt fetches the packages' dependencies from the mirror into a
# cache beside it (so a later run works without the mirror).
#
# SKIP with the reason when: not root, no packages and no tools to build
# them, no debootstrap (make deb installs it), not Debian, or the mirror is
# out of reach.
#
# Time: 5-10 s with packages and chroot in place (each flavour of the
# suite); about 30 s more when the tree changed (the packages), about 45 s
# more once per machine (the chroot). Bounded: debootstrap 240 s, the
# chroot 180 s, within tests/run's 600 s.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
debs=$top/build/deb
cache=${NSINFO_DEB_CACHE:-/var/tmp/nsinfo-deb}
mirror=${NSINFO_DEB_MIRROR:-http://deb.debian.org/debian}
BASE_FORMAT=1	# bump when what goes into the chroot changes

if [ "$(id -u)" != 0 ]; then
	skip deb "not root: cannot chroot, mount or debootstrap"
	exit 0
fi

# ---- the packages -------------------------------------------------------
if ! "$top/scripts/build-deb" --check "$debs"; then
	if ! command -v dpkg-buildpackage >/dev/null 2>&1 || ! command -v dh >/dev/null 2>&1 ||
		! command -v lintian >/dev/null 2>&1; then
		skip deb "build/deb has no packages of this tree and the packaging tools are not installed (make deb installs them and builds the packages)"
		exit 0
	fi
	if ! "$top/scripts/build-deb" "$debs" >"$TMP/build-deb.log" 2>&1; then
		fail deb-build "scripts/build-deb failed: $(tail -n 8 "$TMP/build-deb.log" | tr '\n' ' ')"
		exit 0
	fi
fi
version=$(sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' "$top/debian/changelog")
pkgs=()
for p in libnsinfo0 libnsinfo-dev nsinfo; do
	f=$(ls "$debs/${p}_${version}"_*.deb 2>/dev/null | head -n 1)
	[ -n "$f" ] && pkgs+=("$f")
done
if [ "${#pkgs[@]}" != 3 ]; then
	fail deb-build "build/deb lacks packages of $version: $(ls "$debs" | tr '\n' ' ')"
	exit 0
fi
pass deb-build
# build-deb fails on a lintian error; what lintian said stays beside them
if grep -q '^E: ' "$debs/lintian.txt" 2>/dev/null; then
	fail deb-lintian "$(grep '^E: ' "$debs/lintian.txt" | head -n 5 | tr '\n' ' ')"
else
	pass deb-lintian
fi

# ---- what is in them (on this side) -------------------------------------
x=$TMP/x
for f in "${pkgs[@]}"; do dpkg-deb -x "$f" "$x"; done
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || ${CC:-cc} -print-multiarch)
for f in usr/bin/nsls usr/bin/nstree usr/bin/nstop usr/bin/nsenter-lite \
	"usr/lib/$ma/libnsinfo.so.0" "usr/lib/$ma/libnsinfo.so" "usr/lib/$ma/pkgconfig/nsinfo.pc" \
	usr/include/nsinfo.h usr/share/man/man1/nsls.1.gz usr/share/man/man3/libnsinfo.3.gz \
	usr/share/man/man7/nsinfo.7.gz usr/share/bash-completion/completions/nsls \
	usr/share/zsh/vendor-completions/_nsls usr/share/fish/vendor_completions.d/nsls.fish \
	usr/share/doc/nsinfo/copyright usr/share/doc/nsinfo/examples/nsinfo-metrics.service \
	usr/share/doc/nsinfo/examples/nsinfo-metrics.timer usr/share/nsinfo/schemas/nsls.schema.json \
	usr/share/nsinfo/schemas/rows.schema.json; do
	check "deb-has-$f" test -e "$x/$f"
done
if command -v readelf >/dev/null 2>&1; then
	bad=""
	for f in "$x"/usr/bin/* "$x/usr/lib/$ma"/libnsinfo.so.0.*; do
		readelf -d "$f" 2>/dev/null | grep -qE '\((RUNPATH|RPATH)\)' && bad="$bad ${f#"$x"/}"
	done
	expect_eq deb-no-runpath "$bad" ""
fi
# the symbols file has every symbol of the version script
ctl=$TMP/ctl
dpkg-deb -e "${pkgs[0]}" "$ctl"
# libproc2 is opened, not linked: dpkg-shlibdeps cannot see it
if grep -qE '^Depends:.*[ ,]libproc2-0([ ,(]|$)' "$ctl/control"; then
	pass deb-depends-libproc2
else
	fail deb-depends-libproc2 "libnsinfo0 does not depend on libproc2-0: $(grep '^Depends:' "$ctl/control")"
fi
want=$(awk '/^[ \t]*global:/ { g = 1; next } /^[ \t]*local:/ { g = 0 }
	g && /^[ \t]*[A-Za-z_][A-Za-z0-9_]*;/ { sub(/;.*/, ""); gsub(/[ \t]/, ""); print }' \
	"$top/libnsinfo/libnsinfo.sym" | sort -u)
have=$(sed -n 's/^ \([A-Za-z_][A-Za-z0-9_]*\)@NSINFO_[0-9.]* .*/\1/p' "$ctl/symbols" 2>/dev/null | sort -u)
missing=$(comm -23 <(echo "$want") <(echo "$have") | tr '\n' ' ')
if [ ! -s "$ctl/symbols" ]; then
	fail deb-symbols "libnsinfo0 has no symbols file"
elif [ -n "$missing" ]; then
	fail deb-symbols "not in libnsinfo0's symbols file: $missing"
else
	pass deb-symbols
fi

# ---- the clean system ---------------------------------------------------
. /etc/os-release
if [ "${ID:-}" != debian ] || [ -z "${VERSION_CODENAME:-}" ]; then
	skip deb-install "not a Debian system (${PRETTY_NAME:-unknown}): no Debian chroot to install into"
	exit 0
fi
if ! command -v debootstrap >/dev/null 2>&1; then
	skip deb-install "debootstrap is not installed (make deb, scripts/install-deps deb, installs it)"
	exit 0
fi
base=$cache/$VERSION_CODENAME
mkdir -p "$cache/archives/partial"
exec 8>"$cache/.lock"
if ! flock -w 240 8; then
	skip deb-install "$cache/.lock is held by another run"
	exit 0
fi
if [ "$(cat "$base/.nsinfo-base" 2>/dev/null)" != "$BASE_FORMAT $mirror" ]; then
	new=$base.new
	rm -rf "$new"
	start=$SECONDS
	if ! timeout 240 debootstrap --variant=minbase "$VERSION_CODENAME" "$new" "$mirror" \
		>"$cache/debootstrap.log" 2>&1; then
		rm -rf "$new"
		skip deb-install "debootstrap of $VERSION_CODENAME from $mirror failed (mirror out of reach?): $(tail -n 2 "$cache/debootstrap.log" | tr '\n' ' ')"
		exit 0
	fi
	chroot "$new" apt-get clean
	echo "$BASE_FORMAT $mirror" >"$new/.nsinfo-base"
	rm -rf "$base"
	mv "$new" "$base"
	echo "deb.sh: made $base in $((SECONDS - start)) s" >&2
fi
flock -s 8	# the others may read the base now, none replaces it

# Inside: a mount and PID namespace; an overlay of the base (a copy when
# overlayfs is refused); /dev, /proc of the new PID namespace, the
# packages (read-only) and apt's cache bound in; /out for what it says.
root=$TMP/root
out=$TMP/out
mkdir -p "$root" "$TMP/upper" "$TMP/work" "$out"
cp "${pkgs[@]}" "$out/"
cat >"$out/run.sh" <<'EOF'
#!/bin/sh
# in the chroot: install, run, remove
export DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8
cd /
apt-get update -qq >/out/update.log 2>&1; echo $? >/out/update.rc
apt-get install -y -q --no-install-recommends /out/libnsinfo0_*.deb /out/libnsinfo-dev_*.deb \
	/out/nsinfo_*.deb >/out/install.log 2>&1
echo $? >/out/install.rc
[ "$(cat /out/install.rc)" = 0 ] || exit 0
nsls --version >/out/version.out 2>&1; echo $? >/out/version.rc
nsls >/out/nsls.out 2>/out/nsls.err; echo $? >/out/nsls.rc
nsls -n -o TYPE >/out/types.out 2>&1
nsls -n -o COMMAND --source=proc >/out/command.out 2>&1
nstree --version >/out/nstree.out 2>&1; echo $? >/out/nstree.rc
apt-get purge -y -q nsinfo libnsinfo-dev libnsinfo0 >/out/purge.log 2>&1; echo $? >/out/purge.rc
ls /usr/bin/nsls /usr/lib/*/libnsinfo.so* /usr/include/nsinfo.h \
	/usr/share/bash-completion/completions/nsls 2>/dev/null >/out/left
EOF
chmod +x "$out/run.sh"
cat >"$TMP/inside.sh" <<EOF
set -e
if ! mount -t overlay overlay -o "lowerdir=$base,upperdir=$TMP/upper,workdir=$TMP/work" "$root" 2>/dev/null; then
	echo copy >"$out/how"
	cp -a "$base/." "$root/"
fi
mount --rbind /dev "$root/dev"
mount -t proc proc "$root/proc"
mkdir -p "$root/out"
mount --bind "$out" "$root/out"
mount --bind "$cache/archives" "$root/var/cache/apt/archives"
cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || :
chroot "$root" /out/run.sh
EOF
start=$SECONDS
timeout -k 5 180 unshare --mount --pid --fork --propagation private sh "$TMP/inside.sh" \
	>"$TMP/inside.log" 2>&1
rc=$?
took=$((SECONDS - start))
if [ ! -f "$out/install.rc" ]; then
	fail deb-install "the chroot did not run (exit $rc): $(tail -n 5 "$TMP/inside.log" | tr '\n' ' ')"
	exit 0
fi
if [ "$(cat "$out/install.rc")" != 0 ]; then
	if grep -qE 'Temporary failure resolving|Could not connect|Unable to fetch|Failed to fetch|Network is unreachable' \
		"$out/install.log"; then
		skip deb-install "apt-get could not fetch the dependencies (mirror out of reach): $(grep -m1 -E 'Failed to fetch|Unable to fetch|Could not' "$out/install.log")"
	else
		fail deb-install "apt-get install in a clean $VERSION_CODENAME failed: $(tail -n 6 "$out/install.log" | tr '\n' ' ')"
	fi
	exit 0
fi
pass deb-install
echo "deb.sh: clean install, run and purge in $took s ($(cat "$out/how" 2>/dev/null || echo overlay))"

expect_eq deb-nsls-version "$(head -n 1 "$out/version.out")|$(cat "$out/version.rc")" \
	"nsls from nsinfo $version|0"
if [ "$(cat "$out/nsls.rc")" = 0 ] && head -n 1 "$out/nsls.out" | grep -q TYPE &&
	grep -qx mnt "$out/types.out" && grep -qx pid "$out/types.out"; then
	pass deb-nsls-runs
else
	fail deb-nsls-runs "exit $(cat "$out/nsls.rc"): $(head -n 3 "$out/nsls.out" "$out/nsls.err" | tr '\n' ' ')"
fi
# the library opens libproc2 when it reads task info (libnsinfo/proc2.c):
# the package depends on it by name, and the commands are there
if [ -s "$out/command.out" ] && grep -qvx -- '-' "$out/command.out"; then
	pass deb-nsls-task-info
else
	fail deb-nsls-task-info "no command in nsls -o COMMAND: $(head -n 3 "$out/command.out" | tr '\n' ' ')"
fi
expect_eq deb-nstree-version "$(cat "$out/nstree.rc")" 0
expect_eq deb-purge "$(cat "$out/purge.rc")" 0
expect_eq deb-purge-leaves-nothing "$(tr '\n' ' ' <"$out/left")" ""
