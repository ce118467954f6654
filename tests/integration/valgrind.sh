#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# valgrind.sh - every tool's main paths under valgrind memcheck: no invalid
# read or write, no use of an uninitialised value, no leak of a definite
# block. The sanitizer build covers the same code by other means; memcheck
# also sees what the kernel writes through syscalls and ioctls it knows
# (which is why the library sets the out-values of the nsfs ioctls that
# valgrind 3.19 does not know, NS_GET_OWNER_UID and NS_GET_ID, before
# the call). Its warnings about syscalls it does not know (openat2,
# pidfd_open: the library then takes its fallbacks) are not errors.
#
# The /proc source: the kernel source's BPF syscalls are beyond valgrind.
# Not in the ASan build (the two do not mix): SKIP there.
. "$(dirname "$0")/lib.sh"
B=$NSINFO_BUILD/bin

case $NSINFO_BUILD in
*asan* | *tsan*)
	skip valgrind "a sanitizer build ($NSINFO_BUILD): valgrind runs on build/test"
	exit 0
	;;
esac
if ! command -v valgrind >/dev/null; then
	fail valgrind "valgrind is missing (make test installs it)"
	exit 0
fi

# a namespace of each kind to look at, and one only an ip netns mount holds
bg unshare --user --map-root-user --pid --fork --mount --uts --ipc --net --cgroup --time sleep 300
netns=nsinfo-vg-$$
ip netns add "$netns" 2>/dev/null && trap 'ip netns del "$netns" 2>/dev/null; _cleanup' EXIT
snap=$TMP/snap.json
"$NSLS" --save "$snap" 2>/dev/null

# vg NAME CMD...: CMD under memcheck, its output thrown away; PASS when
# memcheck found nothing (exit 99 is its own) and CMD exited 0, 1 or 2 as
# a tool may.
vg() {
	local name=$1 rc
	shift
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		--show-leak-kinds=definite "$@" >/dev/null 2>"$TMP/vg.$name" </dev/null
	rc=$?
	if [ "$rc" = 99 ]; then
		fail "valgrind-$name" "$(grep '^==[0-9]*==' "$TMP/vg.$name" | grep -v 'Warning: noted but unhandled ioctl\|This could cause spurious\|See README_MISSING' | head -n 8 | tr '\n' ' ')"
	elif [ "$rc" -gt 2 ]; then
		fail "valgrind-$name" "exit $rc: $(tail -n 3 "$TMP/vg.$name" | tr '\n' ' ')"
	else
		pass "valgrind-$name"
	fi
}

vg nsls "$B/nsls" --source=proc
vg nsls-all "$B/nsls" --source=proc --output-all --sources=+threads
vg nsls-json "$B/nsls" --source=proc -J --output-all
vg nsls-tree "$B/nsls" --source=proc -T parent
vg nsls-processes "$B/nsls" --source=proc --processes --output-all
vg nsls-metrics "$B/nsls" --source=proc --metrics-namespaces
vg nsls-filter "$B/nsls" --source=proc -Q 'TYPE == "net" || NPROCS > 1'
vg nsls-save "$B/nsls" --source=proc --save "$TMP/snap2.json"
vg nstree "$B/nstree" --source=proc
vg nstree-pid "$B/nstree" --source=proc -P
vg nstop-batch "$B/nstop" --source=proc -b -n 2 -d 0
vg nstop-json "$B/nstop" --source=proc -J -n 2 -d 0 -g containers
vg nsdiff-pids "$B/nsdiff" 1 $$
vg nsdiff-snap "$B/nsdiff" "$snap" now
vg nsenter-lite "$B/nsenter-lite" -t $$ -n -u true
