#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# tasks.sh - threads that sit in other namespaces than their process
# (tests/helpers/thread-netns: one thread unshares net, one uts). Only
# --tasks reads threads: then nsls lists those namespaces (no process in
# them, one thread), --processes shows the threads as rows of their own,
# and -p takes a TID.
. "$(dirname "$0")/lib.sh"

helper=$NSINFO_BUILD/tests/thread-netns
if [ ! -x "$helper" ]; then
	fail tasks-helper "$helper is missing (make test builds it)"
	exit 0
fi

# fields FILE FILTER [JQ ARGS]: jq -r, quietly ("" on any error)
jr() {
	local f=$1 filter=$2
	shift 2
	jq -r "$@" "$filter" "$f" 2>/dev/null
}
# link_ino PATH: the inode of a namespace link
link_ino() {
	local l
	l=$(readlink "$1") || return 1
	l=${l#*[}
	echo "${l%]}"
}
types="cgroup ipc mnt net pid time user uts"
summary_re=$denied_re	# lib.sh

bg "$helper" >"$TMP/helper.out"
wait_for grep -qx ready "$TMP/helper.out"
hpid=$(sed -n 's/^pid //p' "$TMP/helper.out")
ntid=$(sed -n 's/^net //p' "$TMP/helper.out")
utid=$(sed -n 's/^uts //p' "$TMP/helper.out")
if [ -z "$hpid" ] || [ -z "$ntid" ] || [ -z "$utid" ] || [ "$hpid" != "$BG_PID" ]; then
	fail tasks-helper-ready "thread-netns did not start: $(cat "$TMP/helper.out")"
	exit 0
fi
pass tasks-helper-ready

tnet=$(link_ino /proc/"$hpid"/task/"$ntid"/ns/net)
tuts=$(link_ino /proc/"$hpid"/task/"$utid"/ns/uts)
pnet=$(ns_of "$hpid" net)
puts=$(ns_of "$hpid" uts)
expect_eq tasks-kernel-split \
	"$([ -n "$tnet" ] && [ "$tnet" != "$pnet" ] && [ -n "$tuts" ] && [ "$tuts" != "$puts" ] && echo yes)" yes

# ---- namespace view --------------------------------------------------
"$NSLS" --tasks -J -o NS,TYPE,NPROCS,NTHREADS,PID,HOLDERS,PATH >"$TMP/t.json" 2>"$TMP/t.err"
expect_eq tasks-exit "$?" 0
row() { jr "$TMP/t.json" '.namespaces[] | select(.ns == $n) | "\(.type) \(.nprocs) \(.nthreads) \(.pid)"' --argjson n "$1"; }
holders() { kinds "$(jr "$TMP/t.json" '.namespaces[] | select(.ns == $n) | .holders' --argjson n "$1")"; }
expect_eq tasks-net-row "$(row "$tnet")" "net 0 1 $ntid"
expect_eq tasks-uts-row "$(row "$tuts")" "uts 0 1 $utid"
expect_eq tasks-net-holders "$(holders "$tnet")" thread
expect_eq tasks-uts-holders "$(holders "$tuts")" thread
expect_eq tasks-net-path "$(jr "$TMP/t.json" '.namespaces[] | select(.ns == $n) | .path' --argjson n "$tnet")" \
	"/proc/$hpid/task/$ntid/ns/net"
# the process's own net namespace counts its main thread and the uts one
n=$(jr "$TMP/t.json" '.namespaces[] | select(.ns == $n) | (.nthreads >= .nprocs + 1)' --argjson n "$pnet")
expect_eq tasks-own-net-nthreads "$n" true
expect_eq tasks-stderr-summary-only "$(grep -vE "$summary_re" "$TMP/t.err")" ""

# default columns gain NTHREADS with --tasks
hdr=$("$NSLS" --tasks 2>/dev/null | head -n1 | tr -s ' ' | sed 's/^ //')
expect_eq tasks-default-columns "$hdr" "NS TYPE NPROCS NTHREADS PID USER COMMAND"

# without --tasks the thread namespaces are not seen
"$NSLS" -J -o NS,TYPE >"$TMP/nt.json" 2>/dev/null
expect_eq tasks-without-net-absent \
	"$(jr "$TMP/nt.json" '[.namespaces[] | select(.ns == $n)] | length' --argjson n "$tnet")" 0
expect_eq tasks-without-uts-absent \
	"$(jr "$TMP/nt.json" '[.namespaces[] | select(.ns == $n)] | length' --argjson n "$tuts")" 0
expect_eq tasks-without-own-net-present \
	"$(jr "$TMP/nt.json" '[.namespaces[] | select(.ns == $n)] | length' --argjson n "$pnet")" 1

# ---- process view ----------------------------------------------------
"$NSLS" --processes --tasks -J >"$TMP/p.json" 2>/dev/null
prow() { jr "$TMP/p.json" '.processes[] | select(.pid == $p and .tid == $t) | "\(.netns) \(.utsns)"' \
	--argjson p "$hpid" --argjson t "$1"; }
expect_eq tasks-processes-rows \
	"$(jr "$TMP/p.json" '[.processes[] | select(.pid == $p)] | length' --argjson p "$hpid")" 3
expect_eq tasks-processes-leader "$(prow null)" "$pnet $puts"
expect_eq tasks-processes-net-thread "$(prow "$ntid")" "$tnet $puts"
expect_eq tasks-processes-uts-thread "$(prow "$utid")" "$pnet $tuts"
expect_eq tasks-processes-netns-differs \
	"$([ "$(prow "$ntid" | cut -d' ' -f1)" != "$(prow null | cut -d' ' -f1)" ] && echo yes)" yes
"$NSLS" --processes --tasks -J -o PID,TID,NTHREADS -p "$hpid" >"$TMP/pp.json" 2>/dev/null
expect_eq tasks-processes-p-nthreads \
	"$(jr "$TMP/pp.json" '[.processes[] | "\(.pid)/\(.tid)/\(.nthreads)"] | join(" ")')" \
	"$hpid/null/3 $hpid/$ntid/null $hpid/$utid/null"
"$NSLS" --processes -J -p "$hpid" >"$TMP/pn.json" 2>/dev/null
expect_eq tasks-processes-without-tasks \
	"$(jr "$TMP/pn.json" '[.processes[] | (has("tid") | tostring) + ":" + (.netns | tostring)] | join(" ")')" \
	"false:$pnet"

# ---- -p TID ----------------------------------------------------------
want=$(for t in $types; do echo "$t:$(link_ino /proc/"$hpid"/task/"$ntid"/ns/$t)"; done | sort)
"$NSLS" --tasks -p "$ntid" -J -o NS,TYPE >"$TMP/tid.json" 2>/dev/null
expect_eq tasks-p-tid-exit "$?" 0
expect_eq tasks-p-tid-exact "$(jr "$TMP/tid.json" '.namespaces[] | "\(.type):\(.ns)"' | sort)" "$want"
expect_eq tasks-p-tid-net "$(jr "$TMP/tid.json" '.namespaces[] | select(.type == "net") | .ns')" "$tnet"
want=$(for t in $types; do echo "$t:$(link_ino /proc/"$hpid"/task/"$utid"/ns/$t)"; done | sort)
"$NSLS" --tasks -p "$utid" -J -o NS,TYPE >"$TMP/tid2.json" 2>/dev/null
expect_eq tasks-p-uts-tid-exact "$(jr "$TMP/tid2.json" '.namespaces[] | "\(.type):\(.ns)"' | sort)" "$want"
# -p of the process itself: the leader's namespaces, not its threads'
want=$(for t in $types; do echo "$t:$(ns_of "$hpid" $t)"; done | sort)
"$NSLS" --tasks -p "$hpid" -J -o NS,TYPE >"$TMP/pid.json" 2>/dev/null
expect_eq tasks-p-pid-exact "$(jr "$TMP/pid.json" '.namespaces[] | "\(.type):\(.ns)"' | sort)" "$want"

# the view of one namespace lists processes only: none in the thread's,
# which shows its own row then (NPROCS 0, held by the thread)
"$NSLS" --tasks "$tnet" -J >"$TMP/m.json" 2>"$TMP/m.err"
expect_eq tasks-nsid-thread-only "$?:$(jr "$TMP/m.json" '[.namespaces[] | [.ns, .nprocs, .holders[0].kind]] | tostring'):$(grep -cvE "$summary_re" "$TMP/m.err")" \
	"0:[[$tnet,0,\"thread\"]]:0"

# ---- the thread goes away: so does its namespace ---------------------
kill -KILL "$hpid"
wait "$hpid" 2>/dev/null
# reaped: forget it, lib.sh's cleanup must not signal a reused PID
_pids=()
"$NSLS" --tasks -J -o NS >"$TMP/gone.json" 2>/dev/null
expect_eq tasks-gone-net-absent \
	"$(jr "$TMP/gone.json" '[.namespaces[] | select(.ns == $n)] | length' --argjson n "$tnet")" 0
