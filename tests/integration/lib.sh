# SPDX-License-Identifier: LGPL-2.1-or-later
# lib.sh - sourced by every integration test. Prints the lines tests/run
# counts, and cleans up every process a test started (real namespaces are
# held by real processes, so cleanup is killing them).
#
#   NSLS            the nsls binary under test (tests/run sets it)
#   NSINFO_BUILD    its build tree

set -u
: "${NSLS:?run me through tests/run}"
: "${NSINFO_BUILD:?run me through tests/run}"

_pids=()
_tmp=$(mktemp -d)
_cleanup() {
	local p
	for p in "${_pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$_tmp"
}
trap _cleanup EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2"; }

# check NAME CMD...: pass when CMD exits 0.
check() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name" "failed: $*"; fi
}

# expect_eq NAME GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got '$2', want '$3'"; fi
}

# bg CMD...: start CMD in the background, remember it for cleanup; its
# PID is in $BG_PID.
bg() {
	"$@" &
	BG_PID=$!
	_pids+=("$BG_PID")
}

# wait_for CMD...: up to 5 s for CMD to succeed.
wait_for() {
	local i
	for i in $(seq 1 100); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}

# ns_of PID TYPE: the inode of a process's namespace.
ns_of() {
	local l
	l=$(readlink "/proc/$1/ns/$2") || return 1
	l=${l#*[}
	echo "${l%]}"
}

# first_child PID: the first child of PID (unshare --fork runs the command
# as a child).
first_child() {
	local c
	c=$(cat "/proc/$1/task/$1/children" 2>/dev/null)
	echo "${c%% *}"
}

TMP=$_tmp
