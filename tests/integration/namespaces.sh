#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# namespaces.sh - real namespaces of every type, made with unshare(1) and
# held by sleep processes. nsls must find each one with what the kernel
# says about it (TYPE, NPROCS, PID, PNS, ONS, DEPTH, HOLDERS), and its
# options (-t, -p, a NSID argument, --processes, -o, -n, -r, -J) must show
# them. The kernel's word is /proc/PID/ns/* of the processes we started:
# a namespace's parent is the namespace of the process that created it.
. "$(dirname "$0")/lib.sh"

# cleanup, leaves first: reap_all in lib.sh

# ---- helpers ---------------------------------------------------------
# chain PID: PID and its first children, top to bottom.
chain() {
	local p=$1
	while [ -n "$p" ]; do echo "$p"; p=$(first_child "$p"); done
}
min() { printf '%s\n' "$@" | sort -n | head -n1; }

# jcheck NAME FILTER FILE [JQ ARGS...]: pass when FILTER is true.
jcheck() {
	local name=$1 filter=$2 file=$3
	shift 3
	if jq -e "$@" "$filter" "$file" >/dev/null 2>&1; then
		pass "$name"
	else
		fail "$name" "jq: $filter: not true of $(head -c 300 "$file")"
	fi
}

types="cgroup ipc mnt net pid time user uts"
cols=NS,TYPE,NPROCS,PID,PNS,ONS,DEPTH,HOLDERS,PATH,OWNERUID
my_user=$(ns_of $$ user)
my_pid=$(ns_of $$ pid)

js "$TMP/base.json" -o NS,TYPE,DEPTH
base_user=$(field "$TMP/base.json" "$my_user" depth)
base_pid=$(field "$TMP/base.json" "$my_pid" depth)
expect_eq ns-own-user-depth-known "$(case $base_user in [0-9]*) echo ok ;; esac)" ok
expect_eq ns-own-pid-depth-known "$(case $base_pid in [0-9]*) echo ok ;; esac)" ok
case $base_user in [0-9]*) ;; *) base_user=0 ;; esac
case $base_pid in [0-9]*) ;; *) base_pid=0 ;; esac

# ---- every type at once ----------------------------------------------
# unshare moves itself into the new namespaces, except pid and time,
# which only its children enter: NPROCS 2 (unshare and sleep) or 1.
bg unshare --mount --uts --ipc --net --pid --cgroup --time --user \
	--map-root-user --fork --kill-child sleep 1000
all_top=$BG_PID
wait_for settled "$all_top" sleep
all_leaf=$(leaf_of "$all_top")
all_user=$(ns_of "$all_leaf" user)
js "$TMP/all.json" -o $cols
for t in $types; do
	ino=$(ns_of "$all_leaf" "$t")
	if [ -z "$ino" ] || [ "$ino" = "$(ns_of $$ "$t")" ]; then
		fail "ns-all-$t-created" "unshare made no new $t namespace (got '$ino')"
		continue
	fi
	pass "ns-all-$t-created"
	expect_eq "ns-all-$t-type" "$(field "$TMP/all.json" "$ino" type)" "$t"
	case $t in
	pid | time)
		want_n=1 want_pid=$all_leaf ;;
	*)
		want_n=2 want_pid=$(min "$all_top" "$all_leaf") ;;
	esac
	expect_eq "ns-all-$t-nprocs" "$(field "$TMP/all.json" "$ino" nprocs)" "$want_n"
	expect_eq "ns-all-$t-pid" "$(field "$TMP/all.json" "$ino" pid)" "$want_pid"
	case $t in
	user) want_ons=$my_user want_pns=$my_user ;;
	pid) want_ons=$all_user want_pns=$my_pid ;;
	*) want_ons=$all_user want_pns=0 ;;
	esac
	expect_eq "ns-all-$t-ons" "$(field "$TMP/all.json" "$ino" ons)" "$want_ons"
	expect_eq "ns-all-$t-pns" "$(field "$TMP/all.json" "$ino" pns)" "$want_pns"
	case $t in
	user) want_depth=$((base_user + 1)) ;;
	pid) want_depth=$((base_pid + 1)) ;;
	*) want_depth=null ;;
	esac
	expect_eq "ns-all-$t-depth" "$(field "$TMP/all.json" "$ino" depth)" "$want_depth"
done
expect_eq ns-all-user-owneruid "$(field "$TMP/all.json" "$all_user" owneruid)" 0

# -p: exactly the 8 namespaces of the process, whatever their types.
want=$(for t in $types; do echo "$t:$(ns_of "$all_leaf" "$t")"; done | sort)
js "$TMP/p.json" -p "$all_leaf" -o NS,TYPE
got=$(jq -r '.namespaces[] | "\(.type):\(.ns)"' "$TMP/p.json" | sort)
expect_eq ns-p-count "$(jq '.namespaces | length' "$TMP/p.json")" 8
expect_eq ns-p-exact "$got" "$want"
want=$(for t in $types; do echo "$t:$(ns_of $$ "$t")"; done | sort)
js "$TMP/p2.json" -p $$ -o NS,TYPE
expect_eq ns-p-self-exact "$(jq -r '.namespaces[] | "\(.type):\(.ns)"' "$TMP/p2.json" | sort)" "$want"
# -p with -t: the intersection
js "$TMP/p3.json" -p "$all_leaf" -t net -t pid -o NS,TYPE
expect_eq ns-p-with-t "$(jq -r '.namespaces[] | "\(.type):\(.ns)"' "$TMP/p3.json" | sort)" \
	"$(printf 'net:%s\npid:%s' "$(ns_of "$all_leaf" net)" "$(ns_of "$all_leaf" pid)")"

# ---- three processes in one net namespace ----------------------------
bg unshare --net sleep 1000
n1=$BG_PID
wait_for settled "$n1" sleep
net3=$(ns_of "$n1" net)
bg nsenter --net=/proc/"$n1"/ns/net sleep 1000
n2=$BG_PID
bg nsenter --net=/proc/"$n1"/ns/net sleep 1000
n3=$BG_PID
in_net3() { [ "$(ns_of "$1" net)" = "$net3" ] && settled "$1" sleep; }
wait_for in_net3 "$n2"
wait_for in_net3 "$n3"
js "$TMP/net3.json" -o NS,TYPE,NPROCS,PID,PNS
expect_eq ns-net3-new "$([ "$net3" != "$(ns_of $$ net)" ] && echo yes)" yes
expect_eq ns-net3-type "$(field "$TMP/net3.json" "$net3" type)" net
expect_eq ns-net3-nprocs "$(field "$TMP/net3.json" "$net3" nprocs)" 3
expect_eq ns-net3-pid "$(field "$TMP/net3.json" "$net3" pid)" "$(min "$n1" "$n2" "$n3")"
expect_eq ns-net3-pns "$(field "$TMP/net3.json" "$net3" pns)" 0
# the other types of these three are ours: counted among the rest
expect_eq ns-net3-others-shared \
	"$([ "$(ns_of "$n2" uts)" = "$(ns_of $$ uts)" ] && echo yes)" yes

# NSID argument: that namespace's processes, flat (unrelated siblings)
js "$TMP/mem.json" "$net3" -o PID
# rows of processes, under lsns's key
expect_eq ns-nsid-json-key "$(jq -r 'keys_unsorted[0]' "$TMP/mem.json")" namespaces
expect_eq ns-nsid-pids "$(jq -r '[.namespaces[].pid] | sort | map(tostring) | join(" ")' "$TMP/mem.json")" \
	"$(printf '%s\n' "$n1" "$n2" "$n3" | sort -n | tr '\n' ' ' | sed 's/ $//')"
got=$("$NSLS" "$net3" -l -r -n -o PID 2>/dev/null | sort -n | tr '\n' ' ')
expect_eq ns-nsid-list-raw "$got" "$(printf '%s\n' "$n1" "$n2" "$n3" | sort -n | tr '\n' ' ')"
"$NSLS" "$net3" -t net -o PID >/dev/null 2>&1
expect_eq ns-nsid-with-matching-t "$?" 0
"$NSLS" "$net3" -t uts -o PID >"$TMP/out" 2>"$TMP/err"
expect_eq ns-nsid-with-other-t "$?:$(wc -c <"$TMP/out")" "1:0"

# NSID argument as a tree: sh and its sleep, the sleep under sh
bg unshare --net sh -c 'sleep 1000 & wait'
tsh=$BG_PID
wait_for settled "$tsh" sleep
tchild=$(leaf_of "$tsh")
tnet=$(ns_of "$tsh" net)
js "$TMP/tree.json" "$tnet" -o PID,PPID,COMMAND
expect_eq ns-nsid-tree-top "$(jq -c '[.namespaces[].pid]' "$TMP/tree.json")" "[$tsh]"
expect_eq ns-nsid-tree-child "$(jq -c '[.namespaces[0].children[]?.pid]' "$TMP/tree.json")" "[$tchild]"
expect_eq ns-nsid-tree-ppid "$(jq -r '.namespaces[0].children[0].ppid' "$TMP/tree.json")" "$tsh"
js "$TMP/flat.json" "$tnet" -l -o PID
expect_eq ns-nsid-l-flat "$(jq -c '[.namespaces[] | .pid, (.children // [] | length)]' "$TMP/flat.json")" \
	"[$tsh,0,$tchild,0]"
# the table shows the tree art in COMMAND: line drawing in a UTF-8 locale,
# ASCII in the C locale (as lsns, through libsmartcols)
LC_ALL=C.UTF-8 "$NSLS" "$tnet" -o PID,COMMAND >"$TMP/out" 2>/dev/null
check ns-nsid-tree-art grep -q "[└├]─sleep 1000" "$TMP/out"
LC_ALL=C "$NSLS" "$tnet" -o PID,COMMAND >"$TMP/out" 2>/dev/null
check ns-nsid-tree-art-ascii grep -q "[|\`]-sleep 1000" "$TMP/out"

# --processes: one row per process, its NETNS is the inode
js "$TMP/procs.json" --processes
expect_eq ns-processes-netns \
	"$(jq -r --argjson p "$n2" '.processes[] | select(.pid == $p) | .netns' "$TMP/procs.json")" "$net3"
expect_eq ns-processes-all-types \
	"$(jq -r --argjson p "$all_leaf" '.processes[] | select(.pid == $p) |
		"\(.cgroupns) \(.ipcns) \(.mntns) \(.netns) \(.pidns) \(.timens) \(.userns) \(.utsns)"' "$TMP/procs.json")" \
	"$(for t in $types; do ns_of "$all_leaf" "$t"; done | tr '\n' ' ' | sed 's/ $//')"
js "$TMP/procs-p.json" --processes -p "$n1" -o PID,NETNS
expect_eq ns-processes-p "$(jq -c '.processes' "$TMP/procs-p.json")" "[{\"pid\":$n1,\"netns\":$net3}]"
js "$TMP/procs-t.json" --processes -t net
expect_eq ns-processes-t-columns "$(jq -r '.processes[0] | keys_unsorted | join(",")' "$TMP/procs-t.json")" \
	"pid,netns,user,command"

# ---- nested user namespaces, 3 levels --------------------------------
# Each level is `unshare --user --fork`: the unshare process is in the
# new level, its child goes on to make the next one.
bg unshare --user --map-root-user --fork --kill-child \
	unshare --user --map-root-user --fork --kill-child \
	unshare --user --map-root-user --fork --kill-child sleep 1000
wait_for settled "$BG_PID" sleep
mapfile -t uchain < <(chain "$BG_PID")
js "$TMP/user.json" -o $cols
prev=$my_user
for lvl in 1 2 3; do
	p=${uchain[$((lvl - 1))]:-}
	ino=$(ns_of "${p:-0}" user)
	if [ -z "$ino" ] || [ "$ino" = "$prev" ]; then
		fail "ns-user-l$lvl-created" "level $lvl made no new user namespace"
		prev=$ino
		continue
	fi
	pass "ns-user-l$lvl-created"
	expect_eq "ns-user-l$lvl-type" "$(field "$TMP/user.json" "$ino" type)" user
	expect_eq "ns-user-l$lvl-depth" "$(field "$TMP/user.json" "$ino" depth)" $((base_user + lvl))
	expect_eq "ns-user-l$lvl-pns" "$(field "$TMP/user.json" "$ino" pns)" "$prev"
	expect_eq "ns-user-l$lvl-ons" "$(field "$TMP/user.json" "$ino" ons)" "$prev"
	# level 3 holds the last unshare and the sleep
	want_n=1
	[ $lvl = 3 ] && want_n=2
	expect_eq "ns-user-l$lvl-nprocs" "$(field "$TMP/user.json" "$ino" nprocs)" "$want_n"
	expect_eq "ns-user-l$lvl-pid" "$(field "$TMP/user.json" "$ino" pid)" "$p"
	prev=$ino
done

# ---- nested pid namespaces, 3 levels ---------------------------------
# `unshare --pid --fork`: the child is in the new level (its PID 1), the
# unshare process stays above and points at it with pid_for_children.
bg unshare --pid --fork --kill-child \
	unshare --pid --fork --kill-child \
	unshare --pid --fork --kill-child sleep 1000
wait_for settled "$BG_PID" sleep
mapfile -t pchain < <(chain "$BG_PID")
js "$TMP/pid.json" -o $cols
prev=$my_pid
for lvl in 1 2 3; do
	p=${pchain[$lvl]:-}
	ino=$(ns_of "${p:-0}" pid)
	if [ -z "$ino" ] || [ "$ino" = "$prev" ]; then
		fail "ns-pid-l$lvl-created" "level $lvl made no new pid namespace"
		prev=$ino
		continue
	fi
	pass "ns-pid-l$lvl-created"
	expect_eq "ns-pid-l$lvl-type" "$(field "$TMP/pid.json" "$ino" type)" pid
	expect_eq "ns-pid-l$lvl-depth" "$(field "$TMP/pid.json" "$ino" depth)" $((base_pid + lvl))
	expect_eq "ns-pid-l$lvl-pns" "$(field "$TMP/pid.json" "$ino" pns)" "$prev"
	# pid namespaces are owned by the user namespace of their creator
	expect_eq "ns-pid-l$lvl-ons" "$(field "$TMP/pid.json" "$ino" ons)" "$my_user"
	expect_eq "ns-pid-l$lvl-nprocs" "$(field "$TMP/pid.json" "$ino" nprocs)" 1
	expect_eq "ns-pid-l$lvl-pid" "$(field "$TMP/pid.json" "$ino" pid)" "$p"
	expect_eq "ns-pid-l$lvl-holders" "$(kinds "$(field "$TMP/pid.json" "$ino" holders)")" for_children,process
	prev=$ino
done

# ---- time: the creator stays, its children enter ---------------------
bg unshare --time --fork --kill-child sleep 1000
ttop=$BG_PID
wait_for settled "$ttop" sleep
tleaf=$(leaf_of "$ttop")
tns=$(ns_of "$tleaf" time)
tfc=$(readlink /proc/"$ttop"/ns/time_for_children)
expect_eq ns-time-kernel-creator-stays \
	"$([ "$(ns_of "$ttop" time)" = "$(ns_of $$ time)" ] && [ "$tfc" = "time:[$tns]" ] && echo yes)" yes
js "$TMP/time.json" -t time -o $cols
expect_eq ns-time-type "$(field "$TMP/time.json" "$tns" type)" time
expect_eq ns-time-nprocs "$(field "$TMP/time.json" "$tns" nprocs)" 1
expect_eq ns-time-pid "$(field "$TMP/time.json" "$tns" pid)" "$tleaf"
expect_eq ns-time-holders "$(kinds "$(field "$TMP/time.json" "$tns" holders)")" for_children,process
expect_eq ns-time-ons "$(field "$TMP/time.json" "$tns" ons)" "$my_user"
expect_eq ns-time-only-time "$(jq -r '[.namespaces[].type] | unique | join(",")' "$TMP/time.json")" time

# A time namespace nobody is in yet: a process that called unshare(2)
# and neither forked nor exec'd (exec would enter it). unshare(1) always
# execs, so perl calls the syscall itself.
case $(uname -m) in
x86_64) nr_unshare=272 ;;
aarch64 | riscv64) nr_unshare=97 ;;
*) nr_unshare= ;;
esac
if [ -z "$nr_unshare" ] || ! command -v perl >/dev/null; then
	skip ns-time-for-children-only "no perl or unknown unshare syscall number"
else
	bg perl -e "syscall($nr_unshare, 0x80) == 0 or die \"unshare: \$!\"; print STDOUT qq(ok\n); sleep 1000" >"$TMP/perl.out"
	tp=$BG_PID
	wait_for grep -q ok "$TMP/perl.out"
	l=$(readlink /proc/"$tp"/ns/time_for_children)
	l=${l#*[}
	tonly=${l%]}
	js "$TMP/time2.json" -o $cols
	expect_eq ns-time-fc-kernel "$([ -n "$tonly" ] && [ "$tonly" != "$(ns_of "$tp" time)" ] && echo yes)" yes
	expect_eq ns-time-fc-type "$(field "$TMP/time2.json" "$tonly" type)" time
	expect_eq ns-time-fc-nprocs "$(field "$TMP/time2.json" "$tonly" nprocs)" 0
	expect_eq ns-time-fc-holders "$(kinds "$(field "$TMP/time2.json" "$tonly" holders)")" for_children
	expect_eq ns-time-fc-pid "$(field "$TMP/time2.json" "$tonly" pid)" "$tp"
	expect_eq ns-time-fc-path "$(field "$TMP/time2.json" "$tonly" path)" "/proc/$tp/ns/time_for_children"
fi

# ---- a pid namespace seen only through pid_for_children --------------
# The kernel shows pid_for_children only once the namespace has had a
# process; sh runs /bin/true there (its PID 1, which exits), then execs
# sleep, which stays outside and keeps pointing at the now empty one.
bg unshare --pid sh -c '/bin/true; exec sleep 1000'
pp=$BG_PID
wait_for settled "$pp" sleep
pfc=$(readlink /proc/"$pp"/ns/pid_for_children)
pfc=${pfc#*[}
pfc=${pfc%]}
expect_eq ns-pidfc-kernel "$([ -n "$pfc" ] && [ "$pfc" != "$(ns_of "$pp" pid)" ] && echo yes)" yes
js "$TMP/pidfc.json" -o NS,NPROCS,HOLDERS
expect_eq ns-pidfc-nprocs "$(field "$TMP/pidfc.json" "$pfc" nprocs)" 0
expect_eq ns-pidfc-holders "$(kinds "$(field "$TMP/pidfc.json" "$pfc" holders)")" for_children
js "$TMP/pidfc2.json" -o $cols
expect_eq ns-pidfc-type "$(field "$TMP/pidfc2.json" "$pfc" type)" pid
expect_eq ns-pidfc-pid "$(field "$TMP/pidfc2.json" "$pfc" pid)" "$pp"
expect_eq ns-pidfc-pns "$(field "$TMP/pidfc2.json" "$pfc" pns)" "$my_pid"
expect_eq ns-pidfc-depth "$(field "$TMP/pidfc2.json" "$pfc" depth)" $((base_pid + 1))
expect_eq ns-pidfc-path "$(field "$TMP/pidfc2.json" "$pfc" path)" "/proc/$pp/ns/pid_for_children"

# ---- -t (repeatable) ---------------------------------------------------
js "$TMP/t.json" -t net -t uts -o NS,TYPE
expect_eq ns-t-types-only "$(jq -r '[.namespaces[].type] | unique | join(",")' "$TMP/t.json")" net,uts
expect_eq ns-t-has-net "$(jq --argjson n "$net3" '[.namespaces[] | select(.ns == $n)] | length' "$TMP/t.json")" 1
expect_eq ns-t-has-uts "$(jq --argjson n "$(ns_of "$all_leaf" uts)" '[.namespaces[] | select(.ns == $n)] | length' "$TMP/t.json")" 1
js "$TMP/t1.json" -t pid -o NS,TYPE
expect_eq ns-t-single "$(jq -r '[.namespaces[].type] | unique | join(",")' "$TMP/t1.json")" pid
# net among the types adds NETNSID and NSFS, as lsns does
hdr=$("$NSLS" -t net 2>/dev/null | head -n1 | tr -s ' ' | sed 's/^ //')
expect_eq ns-t-net-columns "$hdr" "NS TYPE NPROCS PID USER NETNSID NSFS COMMAND"
hdr=$("$NSLS" -t user -t net 2>/dev/null | head -n1 | tr -s ' ' | sed 's/^ //')
expect_eq ns-t-net-user-columns "$hdr" "NS TYPE NPROCS PID USER NETNSID NSFS COMMAND"
hdr=$("$NSLS" -t user 2>/dev/null | head -n1 | tr -s ' ' | sed 's/^ //')
expect_eq ns-t-user-columns "$hdr" "NS TYPE NPROCS PID USER COMMAND"

# ---- -o, --output-all, -n, -r, -J ------------------------------------
hdr=$("$NSLS" 2>/dev/null | head -n1 | tr -s ' ' | sed 's/^ //')
expect_eq ns-default-columns "$hdr" "NS TYPE NPROCS PID USER COMMAND"
hdr=$("$NSLS" -o +PNS,ONS 2>/dev/null | head -n1 | tr -s ' ' | sed 's/^ //')
expect_eq ns-o-plus "$hdr" "NS TYPE NPROCS PID USER COMMAND PNS ONS"
# as lsns: the last -o alone counts, +LIST on the defaults
hdr=$("$NSLS" -o NS,TYPE -o +DEPTH 2>/dev/null | head -n1 | tr -s ' ' | sed 's/^ //')
expect_eq ns-o-then-plus "$hdr" "NS TYPE NPROCS PID USER COMMAND DEPTH"
hdr=$("$NSLS" -o NS,TYPE -o DEPTH 2>/dev/null | head -n1 | tr -s ' ' | sed 's/^ //')
expect_eq ns-o-then-o "$hdr" "DEPTH"
hdr=$("$NSLS" -o ns,type 2>/dev/null | head -n1 | tr -s ' ' | sed 's/^ //')
expect_eq ns-o-case-insensitive "$hdr" "NS TYPE"
all_cols=$("$NSLS" -H -J 2>/dev/null | jq -r '[.columns[].name] | join(" ")')
# lsns's 13 columns and nsls's own, in this order (more may follow)
want_cols="NS TYPE PATH NPROCS PID PPID COMMAND UID USER NETNSID NSFS PNS ONS NTHREADS OWNERUID NSID DEPTH HOLDERS"
expect_eq ns-H-columns "$(echo "$all_cols" | tr ' ' '\n' | grep -xF -f <(echo "$want_cols" | tr ' ' '\n') | paste -sd' ' -)" \
	"$want_cols"
hdr=$("$NSLS" --output-all 2>/dev/null | head -n1 | tr -s ' ' | sed 's/^ //')
expect_eq ns-output-all-header "$hdr" "$all_cols"
js "$TMP/oa.json" --output-all
# (and "unknown" after them where a cell is null for a reason it gives)
expect_eq ns-output-all-json-keys "$(jq -r '.namespaces[0] | [keys_unsorted[] | select(. != "unknown")] | join(" ")' "$TMP/oa.json")" \
	"$(echo "$all_cols" | tr 'A-Z' 'a-z')"
expect_eq ns-output-all-net3 "$(field "$TMP/oa.json" "$net3" nprocs)" 3
"$NSLS" -n -o NS,TYPE,NPROCS >"$TMP/n.out" 2>/dev/null
expect_eq ns-n-no-header "$(grep -c NPROCS "$TMP/n.out")" 0
expect_eq ns-n-rows "$(grep -cvE '^ *[0-9]+ +[a-z]+ +[0-9]+$' "$TMP/n.out")" 0
check ns-n-has-net3 grep -qE "^ *$net3 +net +3\$" "$TMP/n.out"
"$NSLS" -r -o NS,TYPE,NPROCS,PID,COMMAND >"$TMP/r.out" 2>/dev/null
expect_eq ns-r-header "$(head -n1 "$TMP/r.out")" "NS TYPE NPROCS PID COMMAND"
# a namespace no process holds (an `ip netns add` mount) has no PID, COMMAND;
# a leader that exited between the scan and its task info has no COMMAND
expect_eq ns-r-rows "$(tail -n +2 "$TMP/r.out" | grep -cvE '^[0-9]+ [a-z]+ ([1-9][0-9]* [0-9]+( [^ ]*)?|0 [0-9]* [^ ]*)$')" 0
check ns-r-escapes-space grep -qE "^$net3 net 3 [0-9]+ sleep\\\\x201000\$" "$TMP/r.out"

js "$TMP/shape.json"
jcheck ns-json-shape '
	(keys - ["unreadable", "source_why"]) == ["namespaces", "schema", "source"] and
	(.source == "kernel" or .source == "proc") and
	((.source == "proc") == has("source_why")) and
	(.namespaces | type == "array" and length > 0) and
	all(.namespaces[]; (.ns | type) == "number" and (.type | type) == "string" and
		(.nprocs | type) == "number" and
		((.pid | type) == "number" or (.nprocs == 0 and .pid == null)))' "$TMP/shape.json"
check ns-json-stderr-only-summary bash -c \
	'! grep -vE "$2" "$1"' _ "$TMP/shape.json.err" "$denied_re"
jcheck ns-json-fc-numbers \
	'.namespaces[] | select(.ns == $n) | (.nprocs == 0) and (.pid | type) == "number"' \
	"$TMP/shape.json" --argjson n "$pfc"

# ---- long command lines: as /proc has them, cut at 128 KiB -----------------
# (read into a small buffer first, a large one only when it fills)
for size in 10000 200000; do
	# argv of 70,000-byte words: no one word above the kernel's 128 KiB
	args=()
	left=$size
	while [ "$left" -gt 0 ]; do
		n=$((left > 70000 ? 70000 : left))
		args+=("$(head -c "$n" /dev/zero | tr '\0' a)")
		left=$((left - n))
	done
	# sh waits for its sleep ("; :"), its argv holds the words
	bg unshare --net sh -c 'sleep 1000; :' sh "${args[@]}"
	wait_for unshared "$BG_PID" net
	wait_for test "$(wc -c <"/proc/$BG_PID/cmdline")" -gt "$size"
	want=$(tr '\0' ' ' <"/proc/$BG_PID/cmdline" | head -c 131072)
	want=${want% }
	"$NSLS" -J -t net -o NS,PID,COMMAND >"$TMP/long.json" 2>/dev/null
	got=$(jq -r --argjson p "$BG_PID" '.namespaces[] | select(.pid == $p) | .command' "$TMP/long.json")
	expect_eq "ns-long-cmdline-$size" "${#got}:$([ "$got" = "$want" ] && echo same)" "${#want}:same"
done
