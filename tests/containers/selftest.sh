#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/containers/selftest.sh [CACHE]: check lib.sh against the real runtimes:
# for each runtime that setup.sh made usable, start a container, check what
# /proc shows of it (the cgroup lines recorded in FINDINGS.md), stop it and
# check that nothing is left.  Ends with "N passed, N failed, N skipped".
set -u
CT_CACHE=${1:-${CT_CACHE:-/var/tmp/nsinfo-containers}}
export CT_CACHE
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
trap ct_cleanup EXIT

pass=0 fail=0 skipped=0
ok() { pass=$((pass + 1)); echo "PASS $*"; }
ko() { fail=$((fail + 1)); echo "FAIL $*"; }

ct_setup | sed 's/^/setup: /'

check_lines() {  # check_lines WHAT FILE REGEX: every line of FILE that names
	# the systemd hierarchy or cgroup2 matches REGEX
	local what=$1 file=$2 re=$3 l n=0
	while IFS= read -r l; do
		case $l in *:name=systemd:*|0::*) ;; *) continue ;; esac
		n=$((n + 1))
		if ! [[ ${l#*:*:} =~ $re ]]; then ko "$what: '$l' !~ $re"; return; fi
	done <"$file"
	if [ $n -eq 0 ]; then ko "$what: no name=systemd or 0:: line in $file"; return; fi
	ok "$what"
}

for rt in $CT_RUNTIMES; do
	if ! why=$(ct_available "$rt" 2>&1); then
		skipped=$((skipped + 1)); why=${why#ct: }; echo "SKIP $rt: ${why#"$rt": }"; continue
	fi
	name=selftest-$rt
	t0=$(date +%s%N)
	if ! pid=$(ct_start "$rt" "$name"); then ko "$rt: start"; continue; fi
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	ok "$rt: start ($ms ms, pid $pid)"
	[ "$(tr '\0' ' ' <"/proc/$pid/cmdline")" = "$CT_CMD " ] && ok "$rt: pid runs $CT_CMD" || ko "$rt: pid $pid is not $CT_CMD"
	[ "$(readlink "/proc/$pid/ns/pid")" != "$(readlink /proc/self/ns/pid)" ] && ok "$rt: own pid namespace" || ko "$rt: same pid namespace as the host"
	mon=$(ct_monitor_pid "$rt" "$name") && [ -n "$mon" ] && ok "$rt: monitor pid $mon" || ko "$rt: monitor pid"
	cp "/proc/$pid/cgroup" "$CT_CACHE/selftest.cgroup"
	cp "/proc/$mon/cgroup" "$CT_CACHE/selftest-monitor.cgroup" 2>/dev/null
	id=$(ct_id "$rt" "$name")
	case $rt in
	podman)
		[[ $id =~ ^[0-9a-f]{64}$ ]] && ok "podman: id $id" || ko "podman: id '$id'"
		check_lines "podman: init cgroup" "$CT_CACHE/selftest.cgroup" "^/libpod_parent/libpod-$id\$"
		grep -qx "[0-9]*:memory:/libpod_parent/conmon" "$CT_CACHE/selftest-monitor.cgroup" \
			&& ok "podman: conmon in /libpod_parent/conmon" || ko "podman: conmon cgroup: $(tr '\n' ' ' <"$CT_CACHE/selftest-monitor.cgroup")"
		grep -q "\"id\":\"$id\",\"names\":\[\"$name\"\]" "$CT_PODMAN/storage/vfs-containers/containers.json" \
			&& ok "podman: containers.json maps id to name" || ko "podman: $id/$name not in containers.json"
		;;
	lxc)
		[ -z "$id" ] && ok "lxc: no id" || ko "lxc: id '$id'"
		check_lines "lxc: init cgroup" "$CT_CACHE/selftest.cgroup" "^/lxc\\.payload\\.$name\$"
		check_lines "lxc: monitor cgroup" "$CT_CACHE/selftest-monitor.cgroup" "^/lxc\\.monitor\\.$name\$"
		;;
	nspawn)
		[ -z "$id" ] && ok "nspawn: no id" || ko "nspawn: id '$id'"
		esc=$(_ct_escape "$name"); esc=${esc//\\/\\\\}
		check_lines "nspawn: init cgroup" "$CT_CACHE/selftest.cgroup" "^/machine\\.slice/systemd-nspawn@$esc\\.service/payload\$"
		check_lines "nspawn: supervisor cgroup" "$CT_CACHE/selftest-monitor.cgroup" "^/machine\\.slice/systemd-nspawn@$esc\\.service/supervisor\$"
		[ "$(nsenter -t "$pid" -u hostname)" = "$name" ] && ok "nspawn: hostname is the machine name" || ko "nspawn: hostname"
		;;
	esac
	t0=$(date +%s%N)
	if ct_stop "$rt" "$name"; then ok "$rt: stop ($(( ($(date +%s%N) - t0) / 1000000 )) ms)"; else ko "$rt: stop"; fi
	if _ct_alive "$pid" || _ct_alive "$mon"; then ko "$rt: pid $pid or monitor $mon still runs"; else ok "$rt: nothing left running"; fi
	rm -f "$CT_CACHE/selftest.cgroup" "$CT_CACHE/selftest-monitor.cgroup"
done
echo "$pass passed, $fail failed, $skipped skipped"
[ $fail -eq 0 ]
