#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# containers.sh - real containers of podman, LXC and systemd-nspawn
# (tests/containers/lib.sh starts them offline from one busybox rootfs),
# and what nsls and nsenter-lite say about them:
#   - nsls: each namespace of a container's init that is not the host's
#     has RUNTIME podman / lxc / systemd-nspawn and CONTAINER its name, in
#     the namespace view and in --processes -p PID; the runtime's monitor
#     (conmon, [lxc monitor], systemd-nspawn) is not in the container;
#   - nsenter-lite --container NAME runs a command in all of its
#     namespaces (hostname, the net namespace), --container with a 12-digit
#     ID prefix or the full ID of the podman container too, and an unknown
#     container is refused with exit 1.
# The kernel's word is /proc/PID/ns/* of the init that ct_start names and
# util-linux nsenter. A runtime that cannot run here is one SKIP line with
# ct_start's reason. Every container is stopped on exit, failure or not.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../containers/lib.sh"

NE=$NSINFO_BUILD/bin/nsenter-lite
TYPES="cgroup ipc mnt net pid time user uts"
# runtime, container name, what RUNTIME says
SPECS="podman:nsinfo-web:podman lxc:nsinfo-lxc:lxc nspawn:nsinfo-spawn:systemd-nspawn"

declare -A init_pid
containers_cleanup() {
	local rt left=""
	exec 2>/dev/null
	ct_cleanup
	for rt in "${!init_pid[@]}"; do
		_ct_alive "${init_pid[$rt]}" && left="$left $rt (PID ${init_pid[$rt]})"
	done
	[ -n "$left" ] && fail containers-cleanup "still running after ct_cleanup:$left"
	return 0
}
trap 'containers_cleanup; _cleanup' EXIT

# ---- helpers ------------------------------------------------------------
# pfield FILE PID KEY: the same for a row of --processes.
pfield() {
	jq -r --argjson pid "$2" --arg k "$3" \
		'.processes[] | select(.pid == $pid) | .[$k] | tostring' "$1" 2>/dev/null
}
# ne ARGS...: run nsenter-lite; $rc, $out (stdout), $err (stderr).
ne() {
	timeout -k 2 20 "$NE" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}

# ---- start them ---------------------------------------------------------
# setup.sh installs what is missing, builds the rootfs once and probes each
# runtime; its SKIP lines come back from ct_start below, with the reason.
ct_setup >"$TMP/setup.out" 2>&1
sed 's/^/  setup: /' "$TMP/setup.out"
started=""
for spec in $SPECS; do
	IFS=: read -r rt name want <<<"$spec"
	if pid=$(ct_start "$rt" "$name" 2>"$TMP/start.err"); then
		init_pid[$rt]=$pid
		started="$started $spec"
	else
		skip "containers-$rt" "ct_start $rt $name failed: $(tr '\n' ' ' <"$TMP/start.err")"
	fi
done
[ -n "$started" ] || exit 0

js "$TMP/ns.json" -o NS,TYPE,PID,RUNTIME,CONTAINER

for spec in $started; do
	IFS=: read -r rt name want <<<"$spec"
	pid=${init_pid[$rt]}
	t0="containers-$rt"

	# ---- nsls, the namespace view: the container's own namespaces
	own=""
	for t in $TYPES; do
		ino=$(ns_of "$pid" "$t")
		[ -n "$ino" ] && [ "$ino" != "$(ns_of $$ "$t")" ] || continue
		own="$own $t"
		got="$(field "$TMP/ns.json" "$ino" type) $(field "$TMP/ns.json" "$ino" pid)"
		got="$got $(field "$TMP/ns.json" "$ino" runtime) $(field "$TMP/ns.json" "$ino" container)"
		expect_eq "$t0-ns-$t" "$got" "$t $pid $want $name"
	done
	# every runtime here gives its containers these five at least
	expect_eq "$t0-own-types" \
		"$(for t in ipc mnt net pid uts; do case " $own " in *" $t "*) ;; *) echo "$t" ;; esac; done)" ""

	# ---- nsls --processes -p
	js "$TMP/p.json" --processes -o PID,RUNTIME,CONTAINER -p "$pid"
	expect_eq "$t0-processes" \
		"$(jq -r '[.processes[] | "\(.pid) \(.runtime) \(.container)"] | join(",")' "$TMP/p.json" 2>/dev/null)" \
		"$pid $want $name"
	# the monitor watches the container from outside it
	if mon=$(ct_monitor_pid "$rt" "$name" 2>/dev/null) && [ -n "$mon" ]; then
		js "$TMP/mon.json" --processes -o PID,RUNTIME,CONTAINER -p "$mon"
		expect_eq "$t0-monitor-outside" \
			"$(pfield "$TMP/mon.json" "$mon" runtime) $(pfield "$TMP/mon.json" "$mon" container)" \
			"null null"
	else
		fail "$t0-monitor-outside" "ct_monitor_pid $rt $name named no process"
	fi

	# ---- nsenter-lite --container NAME
	want_host=$(nsenter -t "$pid" -u hostname 2>/dev/null)
	ne --container "$name" hostname
	expect_eq "$t0-enter-hostname" "$rc:$out" "0:$want_host"
	ne --container "$name" readlink /proc/self/ns/net
	expect_eq "$t0-enter-net" "$rc:$out" "0:net:[$(ns_of "$pid" net)]"
done

# ---- the podman container by ID ------------------------------------------
if [ -n "${init_pid[podman]:-}" ]; then
	pid=${init_pid[podman]}
	id=$(ct_id podman nsinfo-web 2>/dev/null)
	case $id in
	[0-9a-f]*) ;;
	*) id="" ;;
	esac
	if [ "${#id}" = 64 ]; then
		ne --container "${id:0:12}" readlink /proc/self/ns/net
		expect_eq containers-podman-enter-id-prefix "$rc:$out" "0:net:[$(ns_of "$pid" net)]"
		ne --container "$id" readlink /proc/self/ns/uts
		expect_eq containers-podman-enter-full-id "$rc:$out" "0:uts:[$(ns_of "$pid" uts)]"
	else
		fail containers-podman-id "ct_id podman nsinfo-web gave '$id', not 64 hex digits"
	fi
fi

# ---- refusals -----------------------------------------------------------
ne --container no-such-thing true
expect_eq containers-enter-unknown-rc "$rc" 1
check containers-enter-unknown-msg grep -q "no running container 'no-such-thing'" "$TMP/err"
expect_eq containers-enter-unknown-no-output "$out" ""
