# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/containers/lib.sh: start and stop real containers for nsinfo's tests.
#
# Source it from bash:
#
#   . tests/containers/lib.sh
#   ct_setup                    # setup.sh: packages, cached rootfs, probes;
#                               # prints "SKIP <runtime>: <reason>" lines
#   trap ct_cleanup EXIT        # stops whatever this shell started
#   pid=$(ct_start podman web) || echo "SKIP ..."   # reason is on stderr
#   id=$(ct_id podman web)      # 64 hex digits; empty for lxc and nspawn
#   ct_stop podman web
#
#   ct_available RUNTIME        0 if setup.sh proved RUNTIME works here
#   ct_start RUNTIME NAME       start `/bin/sleep 1000` (busybox) as the
#                               container's init; print its host PID
#   ct_stop RUNTIME NAME        stop and remove it (fine if absent)
#   ct_id RUNTIME NAME          the runtime's full container ID, if it has one
#   ct_monitor_pid RUNTIME NAME conmon / "[lxc monitor]" / systemd-nspawn
#   ct_cleanup                  stop what this shell started
#   ct_cleanup_all              stop everything in CT_CACHE (cleanup.sh)
#
# RUNTIME is one of: podman lxc nspawn.  Everything is offline: one busybox
# rootfs (from Debian's busybox-static) under $CT_CACHE serves all runtimes.
# Every function returns nonzero with a reason on stderr when the runtime
# cannot be used here.
#
# CT_CACHE (default /var/tmp/nsinfo-containers) holds the rootfs, podman's
# private store, the LXC containers (a private lxcpath) and nspawn's logs.
# See FINDINGS.md beside this file for what each runtime looks like from /proc.

CT_DIR=${CT_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
CT_CACHE=${CT_CACHE:-/var/tmp/nsinfo-containers}
CT_RUNTIMES="podman lxc nspawn"
CT_IMAGE=localhost/nsinfo-busybox:latest
CT_CMD="/bin/sleep 1000"
# ct_cleanup stops only what this shell (and its subshells) started
CT_OWNER=${CT_OWNER:-$$}

_ct_err() { echo "ct: $*" >&2; }

# _ct_alive PID: the process exists and is not a zombie (an orphan stays a
# zombie until PID 1 reaps it, which can take seconds on this VM).
_ct_alive() {
	local st
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || return 1
	case ${st%% *} in Z|X|x|'') return 1 ;; esac
	return 0
}

_ct_paths() {
	CT_ROOTFS=$CT_CACHE/rootfs
	CT_TARBALL=$CT_CACHE/rootfs.tar
	CT_STATUS=$CT_CACHE/status
	CT_STARTED=$CT_CACHE/started
	CT_PODMAN=$CT_CACHE/podman
	CT_LXCPATH=$CT_CACHE/lxc
	CT_NSPAWN=$CT_CACHE/nspawn
}
_ct_paths

ct_setup() {
	bash "$CT_DIR/setup.sh" "$CT_CACHE"
}

# ct_available RUNTIME: 0 when setup.sh proved RUNTIME works here, else the
# reason on stderr.
ct_available() {
	local rt=$1 st
	case $rt in podman|lxc|nspawn) ;; *) _ct_err "unknown runtime '$rt' (podman lxc nspawn)"; return 2 ;; esac
	if [ "$(id -u)" != 0 ]; then _ct_err "$rt: needs root"; return 1; fi
	if [ ! -f "$CT_STATUS/$rt" ]; then
		_ct_err "$rt: not set up (run ct_setup, i.e. tests/containers/setup.sh $CT_CACHE)"
		return 1
	fi
	st=$(head -n1 "$CT_STATUS/$rt")
	case $st in
		ok\ *) return 0 ;;
		*) _ct_err "$rt: ${st#SKIP "$rt": }"; return 1 ;;
	esac
}

_ct_name_ok() {
	case $1 in
		''|*[!A-Za-z0-9_.-]*|[.-]*) _ct_err "bad container name '$1' (use [A-Za-z0-9_.-], not starting with . or -)"; return 1 ;;
	esac
}

# ---------------------------------------------------------------- podman --
# A private store, private containers.conf and private tmp dir under
# $CT_PODMAN, so nothing here touches /var/lib/containers or /run/libpod.

_ct_podman() {
	CONTAINERS_CONF=$CT_PODMAN/containers.conf \
	CONTAINERS_STORAGE_CONF=$CT_PODMAN/storage.conf \
	timeout "${CT_TIMEOUT:-60}" podman --root "$CT_PODMAN/storage" --runroot "$CT_PODMAN/run" \
		--tmpdir "$CT_PODMAN/tmp" --storage-driver vfs \
		--cgroup-manager cgroupfs --runtime runc --events-backend file "$@"
}

# podman's run root and tmp dir say whether a container still runs; they live
# on disk here (/run is not a tmpfs on this VM), so after a reboot they would
# lie.  Wipe them when the boot id changed: podman then refreshes its state.
_ct_podman_boot_check() {
	local now was
	now=$(cat /proc/sys/kernel/random/boot_id)
	was=$(cat "$CT_PODMAN/boot_id" 2>/dev/null)
	if [ "$now" != "$was" ]; then
		rm -rf "$CT_PODMAN/run" "$CT_PODMAN/tmp"
		mkdir -p "$CT_PODMAN"
		echo "$now" >"$CT_PODMAN/boot_id"
	fi
}

_ct_start_podman() {
	local name=$1 pid out
	_ct_podman_boot_check
	_ct_podman rm -f -t 0 "$name" >/dev/null 2>&1
	out=$(_ct_podman run -d --name "$name" --network none --log-driver k8s-file \
		"$CT_IMAGE" $CT_CMD 2>&1 </dev/null) || { _ct_err "podman run: $out"; return 1; }
	pid=$(_ct_podman inspect --format '{{.State.Pid}}' "$name" 2>/dev/null)
	case $pid in ''|0|*[!0-9]*) _ct_err "podman: $name has no pid after start"; return 1 ;; esac
	echo "$pid"
}

_ct_stop_podman() {
	local pids p i
	pids=$(_ct_podman inspect --format '{{.State.Pid}} {{.State.ConmonPid}}' "$1" 2>/dev/null)
	_ct_podman rm -f -t 0 "$1" >/dev/null 2>&1 || true
	if _ct_podman container exists "$1" 2>/dev/null; then
		_ct_err "podman: could not remove $1"; return 1
	fi
	# conmon outlives `podman rm` by a few milliseconds
	for p in $pids; do
		[ "$p" -gt 0 ] 2>/dev/null || continue
		for i in $(seq 100); do
			_ct_alive "$p" || break
			sleep 0.02
		done
		_ct_alive "$p" && { _ct_err "podman: pid $p of $1 still runs"; return 1; }
	done
	return 0
}

_ct_id_podman() {
	local id
	id=$(_ct_podman inspect --format '{{.Id}}' "$1" 2>/dev/null) || { _ct_err "podman: no container $1"; return 1; }
	echo "$id"
}

_ct_monitor_podman() {
	local pid
	pid=$(_ct_podman inspect --format '{{.State.ConmonPid}}' "$1" 2>/dev/null) || { _ct_err "podman: no container $1"; return 1; }
	echo "$pid"
}

# ------------------------------------------------------------------- lxc --
# lxc-create -t busybox (template from liblxc-common) into a private lxcpath.

_ct_lxc() { local c=$1; shift; timeout "${CT_TIMEOUT:-60}" "$c" -P "$CT_LXCPATH" "$@"; }

_ct_start_lxc() {
	local name=$1 pid out
	mkdir -p "$CT_LXCPATH"
	_ct_stop_lxc "$name" 2>/dev/null
	out=$(_ct_lxc lxc-create -n "$name" -f "$CT_CACHE/lxc-default.conf" -t busybox 2>&1 </dev/null) \
		|| { _ct_err "lxc-create: $out"; return 1; }
	out=$(_ct_lxc lxc-start -n "$name" -d -L "$CT_LXCPATH/$name/console.log" \
			-o "$CT_LXCPATH/$name/lxc.log" -l NOTICE -- $CT_CMD 2>&1 </dev/null) \
		|| { _ct_err "lxc-start: $out $(tail -n 5 "$CT_LXCPATH/$name/lxc.log" 2>/dev/null)"; return 1; }
	_ct_lxc lxc-wait -n "$name" -s RUNNING -t 10 </dev/null >/dev/null 2>&1
	pid=$(_ct_lxc lxc-info -n "$name" -pH 2>/dev/null </dev/null)
	case $pid in ''|0|*[!0-9]*) _ct_err "lxc: $name has no pid after start: $(tail -n 5 "$CT_LXCPATH/$name/lxc.log" 2>/dev/null)"; return 1 ;; esac
	echo "$pid"
}

_ct_stop_lxc() {
	local name=$1 pid mon p i
	[ -d "$CT_LXCPATH/$name" ] || return 0
	pid=$(_ct_lxc lxc-info -n "$name" -pH 2>/dev/null </dev/null)
	[ -n "$pid" ] && mon=$(ps -o ppid= -p "$pid" 2>/dev/null | tr -d ' ')
	_ct_lxc lxc-stop -n "$name" -k </dev/null >/dev/null 2>&1
	for p in $pid $mon; do
		for i in $(seq 100); do
			_ct_alive "$p" || break
			sleep 0.02
		done
	done
	_ct_lxc lxc-destroy -n "$name" -f </dev/null >/dev/null 2>&1
	[ -d "$CT_LXCPATH/$name" ] && { _ct_err "lxc: could not destroy $name"; return 1; }
	# (LXC leaves an empty lxc.pivot cgroup behind; ct_cleanup_all removes it)
	return 0
}

_ct_monitor_lxc() {
	local pid
	pid=$(_ct_lxc lxc-info -n "$1" -pH 2>/dev/null) || { _ct_err "lxc: no container $1"; return 1; }
	[ -n "$pid" ] || { _ct_err "lxc: $1 is not running"; return 1; }
	ps -o ppid= -p "$pid" | tr -d ' '
}

# ---------------------------------------------------------------- nspawn --
# systemd-nspawn --register=no --keep-unit on the shared rootfs (read-only, so
# several containers can share it).  There is no systemd here to give the
# container a unit, so the wrapper does what systemd does for
# systemd-nspawn@NAME.service: it moves itself into the unit's cgroup,
# /machine.slice/systemd-nspawn@<escaped NAME>.service, in the name=systemd
# and cgroup2 hierarchies (only those: the v1 controllers stay as they are).
# nspawn (--keep-unit) then splits that cgroup into .../payload (the
# container) and .../supervisor (itself).  CT_NSPAWN_UNIT=none skips that
# step: nspawn then splits the caller's own cgroup (on this VM: /payload
# and /supervisor at the root).

_ct_escape() {
	if command -v systemd-escape >/dev/null 2>&1; then systemd-escape -- "$1"
	else printf '%s\n' "$1" | sed 's/\\/\\x5c/g; s/-/\\x2d/g'; fi
}

_ct_nspawn_unit_cgroup() {
	echo "/machine.slice/systemd-nspawn@$(_ct_escape "$1").service"
}

_ct_cg_hier() {  # the hierarchies that nspawn (and systemd) manage here
	local h
	for h in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified; do
		[ -f "$h/cgroup.procs" ] && echo "$h"
	done
	# pure cgroup2 host
	[ -f /sys/fs/cgroup/cgroup.controllers ] && echo /sys/fs/cgroup
}

_ct_start_nspawn() {
	local name=$1 npid="" pid="" i cg="" h kids k
	mkdir -p "$CT_NSPAWN"
	_ct_stop_nspawn "$name" 2>/dev/null
	if [ "${CT_NSPAWN_UNIT:-}" != none ]; then cg=$(_ct_nspawn_unit_cgroup "$name"); fi
	rm -f "$CT_NSPAWN/$name.pid"
	# setsid: own session, no terminal; all fds to the log so that
	# $(ct_start ...) does not wait for it.
	CT_CG="$cg" CT_HIERS="$(_ct_cg_hier)" CT_PIDFILE="$CT_NSPAWN/$name.pid" \
	setsid sh -c '
		if [ -n "$CT_CG" ]; then
			for h in $CT_HIERS; do
				mkdir -p "$h$CT_CG" && echo $$ >"$h$CT_CG/cgroup.procs" ||
					{ echo "cannot enter cgroup $h$CT_CG"; exit 97; }
			done
		fi
		echo $$ >"$CT_PIDFILE"
		exec systemd-nspawn -q -D "$0" -M "$1" --register=no --keep-unit \
			--private-network --read-only --console=pipe \
			--timezone=off --resolv-conf=off $2
	' "$CT_ROOTFS" "$name" "$CT_CMD" </dev/null >"$CT_NSPAWN/$name.log" 2>&1 &
	for i in $(seq 100); do
		[ -s "$CT_NSPAWN/$name.pid" ] && npid=$(cat "$CT_NSPAWN/$name.pid")
		if [ -n "$npid" ]; then
			kids=$(ps -o pid= --ppid "$npid" 2>/dev/null)
			for k in $kids; do
				if [ "$(tr '\0' ' ' <"/proc/$k/cmdline" 2>/dev/null)" = "$CT_CMD " ]; then pid=$k; break; fi
			done
			[ -n "$pid" ] && break
			_ct_alive "$npid" || break
		fi
		sleep 0.05
	done
	if [ -z "$pid" ]; then
		_ct_err "systemd-nspawn: $name did not start: $(tail -n 5 "$CT_NSPAWN/$name.log")"
		_ct_stop_nspawn "$name" 2>/dev/null
		return 1
	fi
	echo "$pid"
}

_ct_nspawn_pid() {  # the systemd-nspawn process of NAME, if it still runs
	local npid
	npid=$(cat "$CT_NSPAWN/$1.pid" 2>/dev/null) || return 1
	case $npid in ''|*[!0-9]*) return 1 ;; esac
	[ "$(cat "/proc/$npid/comm" 2>/dev/null)" = systemd-nspawn ] && _ct_alive "$npid" || return 1
	echo "$npid"
}

_ct_stop_nspawn() {
	local name=$1 npid i cg h
	if npid=$(_ct_nspawn_pid "$name"); then
		# nspawn answers SIGTERM by SIGKILLing the payload (no --boot)
		kill -TERM "$npid" 2>/dev/null
		for i in $(seq 100); do
			_ct_alive "$npid" || break
			sleep 0.02
		done
		if _ct_alive "$npid"; then
			kill -KILL "$npid" 2>/dev/null
			sleep 0.2
		fi
	fi
	rm -f "$CT_NSPAWN/$name.pid"
	# /run is not a tmpfs here, so nspawn refuses to remove this itself
	rm -rf "/run/systemd/nspawn/propagate/$name"
	cg=$(_ct_nspawn_unit_cgroup "$name")
	for h in $(_ct_cg_hier); do
		# whatever outlived nspawn (e.g. after a SIGKILL) is still in the unit
		for i in $(cat "$h$cg/payload/cgroup.procs" "$h$cg/supervisor/cgroup.procs" \
				"$h$cg/cgroup.procs" 2>/dev/null); do
			kill -KILL "$i" 2>/dev/null
		done
	done
	for h in $(_ct_cg_hier); do
		for i in $(seq 50); do
			rmdir "$h$cg/payload" "$h$cg/supervisor" 2>/dev/null
			rmdir "$h$cg" 2>/dev/null && break
			[ -d "$h$cg" ] || break
			sleep 0.02
		done
		rmdir "$h/machine.slice" 2>/dev/null
	done
	if [ -n "$npid" ] && _ct_alive "$npid"; then
		_ct_err "systemd-nspawn: $name (pid $npid) would not stop"; return 1
	fi
	rm -f "$CT_NSPAWN/$name.log"
	return 0
}

_ct_monitor_nspawn() {
	_ct_nspawn_pid "$1" || { _ct_err "nspawn: $1 is not running"; return 1; }
}

# ---------------------------------------------------------------- public --

# ct_start RUNTIME NAME: start one container running `sleep 1000`; print the
# host PID of its init.  The container is recorded so that ct_cleanup stops it.
ct_start() {
	local rt=$1 name=$2 pid
	ct_available "$rt" || return 1
	_ct_name_ok "$name" || return 2
	mkdir -p "$CT_STARTED/$CT_OWNER"
	: >"$CT_STARTED/$CT_OWNER/$rt.$name"
	pid=$("_ct_start_$rt" "$name") || return 1
	echo "$pid"
}

# ct_stop RUNTIME NAME: stop and remove it (no error if it is not there).
ct_stop() {
	local rt=$1 name=$2 rc
	case $rt in podman|lxc|nspawn) ;; *) _ct_err "unknown runtime '$rt'"; return 2 ;; esac
	_ct_name_ok "$name" || return 2
	if ! command -v "$( case $rt in podman) echo podman;; lxc) echo lxc-stop;; nspawn) echo systemd-nspawn;; esac )" >/dev/null; then
		rm -f "$CT_STARTED/$CT_OWNER/$rt.$name"; _ct_err "$rt: not installed"; return 1
	fi
	"_ct_stop_$rt" "$name"; rc=$?
	rm -f "$CT_STARTED/$CT_OWNER/$rt.$name"
	return $rc
}

# ct_id RUNTIME NAME: the runtime's full container ID (podman: 64 hex digits).
# LXC and systemd-nspawn have no ID but the name: nothing is printed.
ct_id() {
	local rt=$1 name=$2
	ct_available "$rt" || return 1
	case $rt in
		podman) _ct_id_podman "$name" ;;
		lxc) [ -d "$CT_LXCPATH/$name" ] || { _ct_err "lxc: no container $name"; return 1; } ;;
		nspawn) _ct_nspawn_pid "$name" >/dev/null || { _ct_err "nspawn: $name is not running"; return 1; } ;;
	esac
}

# ct_monitor_pid RUNTIME NAME: the host PID of the process that watches the
# container: conmon (podman), "[lxc monitor]" (LXC), systemd-nspawn itself.
ct_monitor_pid() {
	local rt=$1
	ct_available "$rt" || return 1
	"_ct_monitor_$rt" "$2"
}

# ct_cleanup: stop every container that this shell started with ct_start and
# did not stop yet (for `trap ct_cleanup EXIT`).
ct_cleanup() {
	local f b d=$CT_STARTED/$CT_OWNER
	[ -d "$d" ] || return 0
	for f in "$d"/*; do
		[ -e "$f" ] || continue
		b=${f##*/}
		ct_stop "${b%%.*}" "${b#*.}" 2>/dev/null
		rm -f "$f"
	done
	rmdir "$d" 2>/dev/null
	return 0
}

# ct_cleanup_all: stop every container in CT_CACHE's private stores, whoever
# started it, and remove the empty cgroups the runtimes leave behind
# (/libpod_parent, lxc.pivot).  Used by cleanup.sh.
ct_cleanup_all() {
	local d f
	if command -v podman >/dev/null 2>&1 && [ -d "$CT_PODMAN/storage" ]; then
		_ct_podman_boot_check
		_ct_podman rm -af -t 0 >/dev/null 2>&1
	fi
	if command -v lxc-stop >/dev/null 2>&1; then
		for d in "$CT_LXCPATH"/*/; do
			[ -f "$d/config" ] && _ct_stop_lxc "$(basename "$d")"
		done
	fi
	for f in "$CT_NSPAWN"/*.pid; do
		[ -e "$f" ] && _ct_stop_nspawn "$(basename "$f" .pid)"
	done
	rm -rf "$CT_STARTED"
	rmdir /sys/fs/cgroup/*/libpod_parent/conmon /sys/fs/cgroup/*/libpod_parent \
		  /sys/fs/cgroup/*/lxc.pivot /sys/fs/cgroup/lxc.pivot 2>/dev/null
	return 0
}
