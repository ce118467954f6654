#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/containers/setup.sh [CACHE]: make podman, LXC and systemd-nspawn usable
# offline for nsinfo's container tests.
#
#  - installs what is missing from Debian's packages (podman runc conmon lxc
#    systemd-container busybox-static), --no-install-recommends;
#  - builds ONE busybox rootfs (bin/busybox + applet symlinks, /etc/passwd...)
#    under CACHE (default /var/tmp/nsinfo-containers), plus its tarball;
#  - imports that tarball as podman image localhost/nsinfo-busybox:latest into
#    a private store (CACHE/podman/storage, driver vfs);
#  - proves each runtime once by starting and stopping a probe container and
#    records the verdict in CACHE/status/RUNTIME (re-proved when a version
#    changes).
#
# Idempotent and silent when everything is already done.  Always exits 0; for
# each runtime that cannot be made to work it prints one line
#   SKIP <runtime>: <reason>
# Functions to start and stop containers are in lib.sh beside this file.
set -u

CT_CACHE=${1:-${CT_CACHE:-/var/tmp/nsinfo-containers}}
case $CT_CACHE in /*) ;; *) CT_CACHE=$PWD/$CT_CACHE ;; esac
export CT_CACHE
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

ROOTFS_FORMAT=1   # bump when the rootfs layout below changes

skip() {  # skip RUNTIME REASON
	local line="SKIP $1: $2"
	echo "$line"
	if [ -d "$CT_STATUS" ]; then echo "$line" >"$CT_STATUS/$1"; fi
}

if [ "$(id -u)" != 0 ]; then
	for rt in $CT_RUNTIMES; do skip "$rt" "needs root (running as uid $(id -u))"; done
	exit 0
fi

mkdir -p "$CT_CACHE" "$CT_STATUS" || {
	for rt in $CT_RUNTIMES; do skip "$rt" "cannot create cache dir $CT_CACHE"; done
	exit 0
}
exec 9>"$CT_CACHE/.lock"
flock -w 600 9 || { for rt in $CT_RUNTIMES; do skip "$rt" "$CT_CACHE/.lock is held by another setup"; done; exit 0; }

# ------------------------------------------------------------ packages ----
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }

declare -A NEEDS=(
	[podman]="podman runc conmon"
	[lxc]="lxc"
	[nspawn]="systemd-container"
)
missing=""
for p in busybox-static ${NEEDS[podman]} ${NEEDS[lxc]} ${NEEDS[nspawn]}; do
	installed "$p" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "ct-setup: installing$missing (log: $CT_CACHE/apt.log)" >&2
	{
		apt-get -o DPkg::Lock::Timeout=600 update -qq &&
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing
	} >"$CT_CACHE/apt.log" 2>&1 ||
		echo "ct-setup: apt-get install failed, see $CT_CACHE/apt.log" >&2
fi

pkg_reason() {  # pkg_reason RUNTIME: why its packages are not there, or nothing
	local p
	for p in busybox-static ${NEEDS[$1]}; do
		installed "$p" || { echo "Debian package $p is not installed (apt-get failed: $CT_CACHE/apt.log)"; return; }
	done
}

# -------------------------------------------------------------- rootfs ----
build_rootfs() {
	local new=$CT_CACHE/rootfs.new p d
	rm -rf "$new"
	mkdir -p "$new/bin" || return 1
	cp /bin/busybox "$new/bin/busybox" || return 1
	for p in $(/bin/busybox --list-full); do
		d=$new/${p%/*}
		[ "$d" = "$new/$p" ] && d=$new
		mkdir -p "$d"
		[ -e "$new/$p" ] || [ -L "$new/$p" ] || ln -s /bin/busybox "$new/$p"
	done
	mkdir -p "$new"/{dev,proc,sys,tmp,root,run,etc,var/tmp,var/log,home,mnt}
	chmod 1777 "$new/tmp" "$new/var/tmp"
	chmod 700 "$new/root"
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$new/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$new/etc/group"
	printf 'root:*:19000:0:99999:7:::\n' >"$new/etc/shadow"; chmod 600 "$new/etc/shadow"
	printf 'ID=nsinfo-busybox\nNAME="nsinfo busybox test rootfs"\n' >"$new/etc/os-release"
	echo nsinfo >"$new/etc/hostname"
	printf '127.0.0.1 localhost\n::1 localhost\n' >"$new/etc/hosts"
	: >"$new/etc/resolv.conf"
	rm -rf "$CT_ROOTFS" && mv "$new" "$CT_ROOTFS" || return 1
	tar -C "$CT_ROOTFS" --numeric-owner -cf "$CT_TARBALL.new" . && mv "$CT_TARBALL.new" "$CT_TARBALL"
}

rootfs_key=""
if [ -x /bin/busybox ] && installed busybox-static; then
	rootfs_key="$ROOTFS_FORMAT $(sha256sum /bin/busybox | cut -c1-64)"
	if [ "$(cat "$CT_CACHE/rootfs.stamp" 2>/dev/null)" != "$rootfs_key" ] ||
	   [ ! -x "$CT_ROOTFS/bin/busybox" ] || [ ! -f "$CT_TARBALL" ]; then
		if build_rootfs; then
			echo "$rootfs_key" >"$CT_CACHE/rootfs.stamp"
		else
			rootfs_key=""
		fi
	fi
fi

# --------------------------------------------------------- per runtime ----
# probe RUNTIME: start and stop one container; on failure print the reason.
probe() {
	local rt=$1 name=nsinfo-probe pid err
	err=$(
		exec 2>&1
		pid=$("_ct_start_$rt" "$name") || exit 1
		cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)
		if [ "$cmd" != "$CT_CMD " ]; then
			echo "pid $pid runs '$cmd', not '$CT_CMD'"; "_ct_stop_$rt" "$name"; exit 1
		fi
		"_ct_stop_$rt" "$name" || exit 1
		if _ct_alive "$pid"; then echo "pid $pid still runs after stop"; exit 1; fi
	) && return 0
	"_ct_stop_$rt" "$name" >/dev/null 2>&1
	echo "$err" | sed 's/^ct: //' | tr '\n' ' ' | sed 's/  */ /g; s/ $//' | cut -c1-400
	return 1
}

# check RUNTIME KEY: reuse a recorded success for the same KEY, else probe.
check() {
	local rt=$1 key="$2 | rootfs $rootfs_key" reason
	if [ "$(cat "$CT_STATUS/$rt" 2>/dev/null)" = "ok $key" ]; then return 0; fi
	if reason=$(probe "$rt"); then
		echo "ok $key" >"$CT_STATUS/$rt"
	else
		skip "$rt" "${reason:-probe container did not start}"
	fi
}

write_if_changed() {  # write_if_changed FILE < content
	local c
	c=$(cat)
	[ "$(cat "$1" 2>/dev/null)" = "$c" ] || printf '%s\n' "$c" >"$1"
}

for rt in $CT_RUNTIMES; do
	reason=$(pkg_reason "$rt")
	if [ -n "$reason" ]; then skip "$rt" "$reason"; continue; fi
	if [ -z "$rootfs_key" ]; then skip "$rt" "no busybox rootfs (building $CT_ROOTFS failed)"; continue; fi

	case $rt in
	podman)
		mkdir -p "$CT_PODMAN"
		# default_ulimits = []: podman's built-in default raises RLIMIT_NOFILE
		# to 1048576, and root here has no CAP_SYS_RESOURCE: runc then fails
		# with "error setting rlimit type 7: operation not permitted".
		# (--ulimit host does not help with podman 4.3.)
		write_if_changed "$CT_PODMAN/containers.conf" <<EOF
# nsinfo tests: private podman configuration (CONTAINERS_CONF)
[containers]
default_ulimits = []
log_driver = "k8s-file"
netns = "none"

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "runc"
tmp_dir = "$CT_PODMAN/tmp"
EOF
		write_if_changed "$CT_PODMAN/storage.conf" <<EOF
# nsinfo tests: private podman store (CONTAINERS_STORAGE_CONF)
[storage]
driver = "vfs"
graphroot = "$CT_PODMAN/storage"
runroot = "$CT_PODMAN/run"
EOF
		_ct_podman_boot_check
		if [ "$(cat "$CT_PODMAN/image.stamp" 2>/dev/null)" != "$rootfs_key" ] ||
		   ! _ct_podman image exists "$CT_IMAGE" 2>/dev/null; then
			_ct_podman rm -af -t 0 >/dev/null 2>&1
			_ct_podman rmi -f "$CT_IMAGE" >/dev/null 2>&1
			if out=$(_ct_podman import "$CT_TARBALL" "$CT_IMAGE" 2>&1); then
				echo "$rootfs_key" >"$CT_PODMAN/image.stamp"
			else
				skip podman "podman import failed: $(echo "$out" | tail -n 2 | tr '\n' ' ')"
				continue
			fi
		fi
		check podman "$(podman --version) $(runc --version | head -n1) $(conmon --version | head -n1) $(uname -r)"
		;;
	lxc)
		mkdir -p "$CT_LXCPATH"
		write_if_changed "$CT_CACHE/lxc-default.conf" <<'EOF'
# nsinfo tests: given to lxc-create -f (no network, no AppArmor profile)
lxc.net.0.type = empty
lxc.apparmor.profile = unconfined
EOF
		check lxc "lxc $(lxc-start --version) $(uname -r)"
		;;
	nspawn)
		check nspawn "$(systemd-nspawn --version | head -n1) $(uname -r)"
		;;
	esac
done
exit 0
