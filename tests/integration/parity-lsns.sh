#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# parity-lsns.sh - nsls is a drop-in for util-linux lsns: on namespaces made
# here (a process tree that crosses user, mount and pid namespaces; nested
# user namespaces with no process in the middle; a named net namespace
# with an id and two nsfs mounts; one with no process at all; a net+uts
# pair with two processes; a thread apart; a zombie in a pid namespace),
# lsns and nsls run with the same arguments, one table row per check, and
# must give the same exit status, the same header, the same rows of these
# namespaces in the same order and nesting, and in JSON the same keys with
# the same values and JSON types. Every option and column lsns 2.38 has is
# used at least once.
#
# What nsls does differently on purpose is listed once, in DELIBERATE
# below; each item is checked to be exactly that difference (lsns does X,
# nsls does Y), and the list is the one nsls(1) gives under DIFFERENCES
# FROM LSNS.
#
# Rows of other namespaces (the machine's, other tests') change between
# two runs and are left out, but for the header; the namespaces made here
# hold still. Everything made here is undone on exit.

# lsns reads /proc in quadratic time: on a machine with thousands of
# processes one run takes seconds, and a hundred of them would not fit in
# the time of a test. There the test runs in a pid namespace of its own,
# with its own /proc, where lsns and nsls see the processes made here and
# nothing else (the namespaces are as real; PID 1 is this shell). A time
# budget below is the last guard.
if [ -z "${PARITY_INNER:-}" ] && [ "$(id -u)" = 0 ] && command -v lsns >/dev/null; then
	nprocs=$(ls /proc | grep -c '^[0-9]')
	if [ "$nprocs" -gt "${PARITY_MAX_PROCS:-1000}" ]; then
		echo "# $nprocs processes: in a pid namespace of our own"
		exec unshare --pid --fork --mount-proc env PARITY_INNER=1 bash "$0" "$@"
	fi
fi
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || { skip parity-lsns "needs root (unshare, ip netns, mount)"; exit 0; }
command -v lsns >/dev/null || { skip parity-lsns "no lsns"; exit 0; }
command -v jq >/dev/null || { skip parity-lsns "no jq"; exit 0; }
command -v ip >/dev/null || { skip parity-lsns "no ip (iproute2)"; exit 0; }
# the same tree art for both, whatever the caller's locale
export LC_ALL=C.UTF-8

# ---- cleanup: processes (lib.sh), then the mount, then the netns ---------
n1=nsinfo-parity-$$-a
n2=nsinfo-parity-$$-b
bindf=$TMP/netns-bind
parity_cleanup() {
	exec 2>/dev/null
	# PID 1 of G's pid namespace has a child that never goes (the zombie):
	# it is no leaf, so reap_all would leave it; SIGKILL ends the namespace
	[ -n "${g_pid1:-}" ] && kill -KILL "$g_pid1"
	reap_all
	mountpoint -q "$bindf" && { umount "$bindf" || umount -l "$bindf"; }
	ip netns del "$n1"
	ip netns del "$n2"
	_cleanup
}
trap parity_cleanup EXIT

comm_is() { [ "$(cat /proc/"$1"/comm 2>/dev/null)" = "$2" ]; }
nsino() { stat -L -c %i "$1" 2>/dev/null; }

# ---- the namespaces -------------------------------------------------------
# A: user, mount and pid namespaces; sh is PID 1 of the pid namespace
bg unshare -Urpf --mount-proc sh -c 'sleep 1001 & sleep 1001 & wait'
a_un=$BG_PID
# B: user in user, the middle one with no process (2.38 shows it in -T)
bg unshare -Ur unshare -Ur sleep 1002
b_sl=$BG_PID
# E: net + uts, and a second process in both
bg unshare --net --uts sleep 1003
e_sl=$BG_PID
# G: a zombie in a pid namespace, with PID 1 (a sleep) that never reaps it
bg unshare --pid --fork --uts bash -c 'sleep 0.3 & exec sleep 1004'
g_un=$BG_PID
# F: a thread apart (net, uts)
helper=$NSINFO_BUILD/tests/thread-netns
[ -x "$helper" ] && { bg "$helper" >"$TMP/helper.out"; f_pid=$BG_PID; }
# C: a named net namespace with an id, a process and a second mount;
# D: one with nothing but its mount
made_net=0
if ip netns add "$n1" 2>/dev/null && ip netns add "$n2" 2>/dev/null; then
	ip netns set "$n1" auto 2>/dev/null
	: >"$bindf"
	mount --bind "/run/netns/$n1" "$bindf" 2>/dev/null
	bg ip netns exec "$n1" sleep 1005
	c_sl=$BG_PID
	made_net=1
fi

leaf_is_sleep() { comm_is "$(leaf_of "$1")" sleep; }
# PID 1 of G is the sleep, and its child a zombie
zombie_ready() {
	local p1 z
	p1=$(first_child "$g_un")
	z=$(first_child "$p1")
	comm_is "$p1" sleep && [ -n "$z" ] && [ "$(cut -d' ' -f3 /proc/"$z"/stat 2>/dev/null)" = Z ]
}
wait_for leaf_is_sleep "$a_un"
wait_for comm_is "$b_sl" sleep
wait_for comm_is "$e_sl" sleep
wait_for zombie_ready
wait_for grep -qx ready "$TMP/helper.out" 2>/dev/null
[ "$made_net" = 1 ] && wait_for comm_is "$c_sl" sleep
bg nsenter --net=/proc/"$e_sl"/ns/net --uts=/proc/"$e_sl"/ns/uts sleep 1006
wait_for comm_is "$BG_PID" sleep

a_sh=$(first_child "$a_un")
a_leaf=$(leaf_of "$a_un")
g_pid1=$(first_child "$g_un")
g_zombie=$(first_child "$g_pid1")
f_tid=$(sed -n 's/^net //p' "$TMP/helper.out" 2>/dev/null)
U1=$(ns_of "$a_un" user) M1=$(ns_of "$a_un" mnt) P1=$(ns_of "$a_sh" pid)
U3=$(ns_of "$b_sl" user)
U2=$("$NSINFO_BUILD"/tests/ns-parents /proc/"$b_sl"/ns/user 2>/dev/null | sed -n 2p)
N1="" N2=""
[ "$made_net" = 1 ] && N1=$(nsino "/run/netns/$n1") N2=$(nsino "/run/netns/$n2")
PZ=$(ns_of "$g_pid1" pid)

ready=yes
for v in a_sh a_leaf g_zombie U1 M1 P1 U3 PZ; do [ -n "${!v}" ] || ready="no $v"; done
if [ "$ready" != yes ] || [ "$(cut -d' ' -f3 /proc/"$g_zombie"/stat 2>/dev/null)" != Z ]; then
	fail parity-setup "the namespaces were not made ($ready; zombie $g_zombie)"
	exit 0
fi
pass parity-setup

# ours: every namespace and process made here (as decimal words). Rows of
# other namespaces are left out of the comparisons.
ours=$TMP/ours
{
	for p in $(for q in "${_pids[@]}"; do echo "$q"; _tree "$q"; done); do
		echo "$p"
		for l in /proc/"$p"/ns/*; do
			i=$(readlink "$l" 2>/dev/null) || continue
			i=${i#*[}
			echo "${i%]}"
		done
	done
	echo "$U2"
	echo "$N1"
	echo "$N2"
} | grep -E '^[0-9]+$' | LC_ALL=C sort -u >"$ours.all"
# the machine's own namespaces are not ours
for l in /proc/$$/ns/*; do i=$(readlink "$l"); i=${i#*[}; echo "${i%]}"; done | LC_ALL=C sort -u >"$TMP/mine"
LC_ALL=C comm -23 "$ours.all" "$TMP/mine" >"$ours"
# what lsns 2.38 never lists: a namespace only a mount holds; the middle
# user namespace but in an owner or parent tree (see DELIBERATE)
nsls_only_always="$N2"
nsls_only_flat="$U2"

# ---- comparison ------------------------------------------------------------

# norm_text OUT SKIP HEADER: the header (HEADER yes), then the rows that
# name one of ours (a decimal word), blanks squeezed (the widths depend on
# every row); a line without a number continues the row before it (a
# wrapped cell). The tree art is kept but for what depends on the rows
# of others (a last child's corner, the bar of an ancestor with more
# children): in raw output the depth stays exact; -J checks the nesting.
# SKIP: words whose rows are left out.
norm_text() {
	awk -v header="$3" -v skip="$2" '
	BEGIN { n = split(skip, s, " "); for (i = 1; i <= n; i++) if (s[i] != "") sk[s[i]] = 1 }
	FILENAME == ARGV[1] { our[$0] = 1; next }
	{
		line = $0
		gsub(/\\xe2\\x94\\x9c|\\xe2\\x94\\x94/, "+", line)
		gsub(/\\xe2\\x94\\x82/, "\\x20", line)
		gsub(/\\xe2\\x94\\x80/, "-", line)
		gsub(/├|└/, "+", line)
		gsub(/│/, " ", line)
		gsub(/─/, "-", line)
		gsub(/ +/, " ", line)
		sub(/^ /, "", line)
	}
	FNR == 1 && header == "yes" { print "H: " line; next }
	{
		t = line; gsub(/\\x[0-9a-f][0-9a-f]/, " ", t); gsub(/[^0-9]+/, " ", t)
		m = split(t, w, " "); mine = 0; skipped = 0
		for (i = 1; i <= m; i++) { if (w[i] in sk) skipped = 1; if (w[i] in our) mine = 1 }
		if (m == 0) { if (last) print "C: " line; next }
		last = mine && !skipped
		if (last) print "R: " line
	}' "$ours" "$1"
}

# norm_json OUT SKIP: "R ROW" for every row of ours at any depth, with the
# row it is nested under as "@up"; "K" the key lists of all rows (names
# and order); "T" the first top-level key.
norm_json() {
	jq -r --slurpfile our <(jq -R 'tonumber' "$ours") --arg skip "$2" '
		def id: if has("ns") then .ns elif has("pid") then .pid else null end;
		def rows($up): .[] | (del(.children) + {"@up": $up}), (id as $me | (.children // []) | rows($me));
		($our | map({key: tostring, value: true}) | from_entries) as $set |
		($skip | split(" ") | map(select(. != "") | {key: ., value: true}) | from_entries) as $sk |
		[.namespaces | rows(null)] as $all |
		($all[] | select([.[] | numbers | tostring] as $w |
			any($w[]; $set[.]) and (any($w[]; $sk[.]) | not)) | "R " + tojson),
		"K " + ([$all[] | del(.["@up"]) | keys_unsorted] | unique | tojson),
		"T " + (keys_unsorted[0:1] | tojson)' "$1" 2>&1
}

# run_both ARGS...: lsns and nsls with these arguments, into $TMP/l.* and
# $TMP/n.* (out, err, rc)
run_both() {
	local i
	# lsns 2.38 fails without a word when a process exits while it reads
	# /proc (it compares read_process()'s -ESRCH with ESRCH): run it again
	for i in 1 2 3 4 5; do
		lsns "$@" >"$TMP/l.out" 2>"$TMP/l.err"
		echo $? >"$TMP/l.rc"
		[ "$(cat "$TMP/l.rc")" = 1 ] && [ ! -s "$TMP/l.err" ] && [ ! -s "$TMP/l.out" ] || break
	done
	"$NSLS" "$@" >"$TMP/n.out" 2>"$TMP/n.err"
	echo $? >"$TMP/n.rc"
}

# compare NAME KIND MIN ARGS...: one row of CHECKS.
#   text, raw  header and our rows; json: our rows, their nesting and
#   values, the key lists of all rows, the top-level key;
#   all        every line as it is (a listing of stable rows only);
#   rc         exit status and whether stdout is empty.
# MIN: rows of ours lsns must show, so that a check cannot pass on two
# empty outputs (0: both must be empty).
compare() {
	local name=$1 kind=$2 min=$3 skip="$nsls_only_always" header=yes a
	shift 3
	for a in "$@"; do
		case $a in -n | --noheadings) header=no ;; esac
	done
	case " $* " in
	*" -T "* | *" --tree "* | *" -T=owner "* | *" -T=parent "* | *" --tree=owner "* | *" --tree=parent "*) ;;
	*) skip="$skip $nsls_only_flat" ;;
	esac
	run_both "$@"
	local lrc nrc
	lrc=$(cat "$TMP/l.rc") nrc=$(cat "$TMP/n.rc")
	case $kind in
	text | raw)
		norm_text "$TMP/l.out" "$skip" "$header" >"$TMP/l.norm"
		norm_text "$TMP/n.out" "$skip" "$header" >"$TMP/n.norm"
		;;
	json)
		norm_json "$TMP/l.out" "$skip" >"$TMP/l.norm"
		norm_json "$TMP/n.out" "$skip" >"$TMP/n.norm"
		;;
	all)
		cp "$TMP/l.out" "$TMP/l.norm"
		cp "$TMP/n.out" "$TMP/n.norm"
		;;
	rc)
		[ -s "$TMP/l.out" ] && echo stdout >"$TMP/l.norm" || : >"$TMP/l.norm"
		[ -s "$TMP/n.out" ] && echo stdout >"$TMP/n.norm" || : >"$TMP/n.norm"
		;;
	esac
	local got
	got=$(grep -c . "$TMP/l.norm")
	[ "$kind" = all ] && sed -i 's/^/R /' "$TMP/l.norm" "$TMP/n.norm"
	if [ "$lrc" != "$nrc" ]; then
		fail "parity-$name" "exit status: lsns $lrc, nsls $nrc (${*}): $(head -c 160 "$TMP/n.err")"
	elif ! cmp -s "$TMP/l.norm" "$TMP/n.norm"; then
		fail "parity-$name" "lsns and nsls differ (${*}): $(diff "$TMP/l.norm" "$TMP/n.norm" | grep '^[<>]' | head -n 4 | cut -c1-200 | tr '\n' '|')"
	elif [ "$min" -gt 0 ] && [ "$(grep -c '^R' "$TMP/l.norm")" -lt "$min" ]; then
		fail "parity-$name" "lsns showed fewer than $min rows of ours (${*}); compared: $got lines"
	elif [ "$min" = 0 ] && [ "$kind" != rc ] && [ -s "$TMP/l.out" ] && [ "$kind" = all ]; then
		fail "parity-$name" "lsns printed rows, none expected (${*})"
	else
		pass "parity-$name"
	fi
}

ALL13=NS,TYPE,PATH,NPROCS,PID,PPID,COMMAND,UID,USER,NETNSID,NSFS,PNS,ONS

# NAME | KIND | MIN | ARGS (@X@: a value made above). The most telling
# first: a machine so busy that lsns takes seconds a run (it reads /proc
# in quadratic time) runs what fits in the time budget, and skips the rest.
CHECKS=(
	"default|text|6|"
	"default-json|json|6|-J"
	"default-raw|raw|6|-r"
	"columns-13-json|json|6|-J -o $ALL13"
	"columns-13|text|6|-o $ALL13"
	"columns-13-raw|raw|6|-r -o $ALL13"
	"tree-owner-json|json|6|-T -J"
	"tree-owner|text|6|-T"
	"tree-parent-json|json|6|--tree=parent -J"
	"tree-process-json|json|6|--tree=process -J"
	"nsid|text|3|@P1@"
	"nsid-json|json|3|-J @P1@"
	"nsid-13-json|json|3|-J -o $ALL13 @P1@"
	"p-leaf|text|3|-p @LEAF@"
	"t-net-json-netnsid|json|2|-J -t net -o NS,NETNSID,NSFS"
	"t-net-user|text|4|-t net -t user"
	"output-plus|text|6|-o +PATH"
	"output-last|text|6|-o NS -o +PID"
	"output-last-replaces|text|6|-o NS,TYPE -o PID,NS"
	"p-missing|all|0|-p 4000000"
	"p-zero|text|6|-p 0 -o NS,TYPE,PID"
	"list|text|6|-l"
	"list-long-json|json|6|--list -J"
	"noheadings|text|6|-n"
	"noheadings-raw|raw|6|--noheadings -r"
	"notruncate|text|6|-u"
	"nowrap|text|2|-W -t net -o NS,TYPE,NSFS,NETNSID"
	"nowrap-long|text|2|--nowrap --notruncate -t net -o NS,NSFS"
	"wrap|text|2|-t net -o NS,TYPE,NSFS,NETNSID"
	"columns-13-json-list|json|6|-J -l -o $ALL13"
	"columns-lower|text|6|-o ns,type,path,nprocs,pid,ppid,command,uid,user,netnsid,nsfs,pns,ons"
	"columns-long|text|6|--output NS,PNS,ONS,COMMAND"
	"columns-twice|text|6|-o NS,NS,TYPE"
	"output-all-then-o|text|6|--output-all -o NS,PATH"
	"o-then-output-all|text|6|-o NS,PATH --output-all"
	"no-command-no-tree-json|json|6|-J -o NS,TYPE,PID"
	"tree-only-command|json|3|-J -o COMMAND,NS"
	"t-mnt|text|2|-t mnt"
	"t-net|text|2|-t net"
	"t-pid|text|2|-t pid"
	"t-uts|text|2|-t uts"
	"t-ipc|text|0|-t ipc"
	"t-user|text|2|-t user"
	"t-cgroup|text|0|-t cgroup"
	"t-time|text|0|-t time"
	"t-long|text|2|--type pid"
	"t-net-raw-nsfs|raw|2|-r -t net -o NS,NSFS,NETNSID"
	"t-pid-zombie-counted|text|1|-t pid -t uts -o NS,TYPE,NPROCS,PID"
	"p-leaf-long-json|json|3|--task @LEAF@ --json"
	"p-leaf-t|text|1|-p @LEAF@ -t pid"
	"p-missing-json|json|0|-J -p 4000000"
	"p-out-of-range|rc|0|-p 99999999999"
	"p-thread-process|all|1|-p @FPID@ -t net -t uts -o NS,TYPE,PID"
	"tree-owner-eq|text|6|-T=owner"
	"tree-owner-raw|raw|6|-T -r"
	"tree-owner-no-ns|text|6|-T -o TYPE,PID,PNS,ONS"
	"tree-owner-t-user|text|3|-T -t user -o NS,TYPE,NPROCS,PID,USER,UID,PNS,ONS"
	"tree-owner-p|text|3|-T -p @LEAF@"
	"tree-parent|text|6|-T=parent"
	"tree-parent-pid-user|text|4|-T=parent -t pid -t user -o NS,PNS,PID,COMMAND"
	"tree-parent-p|text|3|--tree=parent -p @LEAF@"
	"tree-process|text|6|-T=process"
	"tree-process-raw|raw|6|--tree=process -r -o NS,PID,COMMAND"
	"tree-process-p|json|3|-T=process -J -p @LEAF@"
	"tree-bad|rc|0|-T=bogus"
	"tree-space-is-argument|rc|0|-T process"
	"nsid-user|text|4|@U1@"
	"nsid-list|text|3|-l @P1@"
	"nsid-list-json|json|3|-l -J @P1@"
	"nsid-raw|raw|3|-r @P1@"
	"nsid-noheadings|text|3|-n @P1@"
	"nsid-ns-columns|text|3|-o NS,TYPE @P1@"
	"nsid-plus|text|3|-o +PATH @P1@"
	"nsid-13|text|3|-o $ALL13 @P1@"
	"nsid-tree-owner|text|3|-T -o NS,PID,COMMAND @P1@"
	"nsid-tree-process|text|3|-T=process @P1@"
	"nsid-t-matching|text|3|-t pid @P1@"
	"nsid-t-other|rc|0|-t uts @P1@"
	"nsid-net|text|1|-o PID,NETNSID,NSFS,COMMAND @N1@"
	"nsid-unknown|rc|0|123"
	"nsid-bad|rc|0|abc"
	"nsid-and-p|rc|0|-p @LEAF@ @P1@"
	"bad-type|rc|0|-t bogus"
	"bad-type-comma|rc|0|-t net,user"
	"bad-column|rc|0|-o BOGUS"
	"bad-column-trailing-comma|rc|0|-o NS,"
	"bad-empty-output|rc|0|-o +"
	"json-and-raw|rc|0|-J -r"
	"missing-argument|rc|0|-p"
	"bad-option|rc|0|--bogus"
)

# ---- what nsls does differently on purpose ---------------------------------
# TITLE (as nsls(1) tags it under DIFFERENCES FROM LSNS) | check function
DELIBERATE=(
	"Namespaces no process is in|d_extra_rows"
	"--output-all|d_output_all"
	"A namespace argument no process is in|d_nsid_no_process"
	"-p with a thread ID|d_p_tid"
	"-p with a zombie|d_p_zombie"
	"JSON|d_json"
	"-h and -V|d_help_version"
	"Options of its own|d_own_options"
	"PID syntax|d_pid_syntax"
	"Namespace argument syntax|d_nsid_syntax"
	"-l with -T|d_list_tree"
	"-t with an owner or parent tree|d_tree_types"
	"Standard error|d_stderr"
	"A closed pipe|d_closed_pipe"
)

# lsns lists none of the namespaces held only by a mount (2.38; HEAD
# does), nor, outside -T owner and -T parent, a user namespace only its
# children keep: nsls lists both, and every namespace lsns lists
d_extra_rows() {
	local l n
	run_both -r -n -o NS
	l=$(grep -xFf "$ours" "$TMP/l.out" | sort)
	n=$(grep -xFf "$ours" "$TMP/n.out" | sort)
	expect_eq "$1" "lsns:$(comm -23 <(echo "$l") <(echo "$n") | grep -c .) nsls-only:$(comm -13 <(echo "$l") <(echo "$n") | paste -sd' ')" \
		"lsns:0 nsls-only:$(printf '%s\n' $nsls_only_always $nsls_only_flat | sort | paste -sd' ')"
}
# every column: lsns's 13 first, then nsls's own, in both views
d_output_all() {
	local l n v ok=yes
	for v in "" "$P1"; do
		run_both --output-all $v
		l=$(head -n 1 "$TMP/l.out" | tr -s ' ' | sed 's/^ //')
		n=$(head -n 1 "$TMP/n.out" | tr -s ' ' | sed 's/^ //')
		[ "$l" = "NS TYPE PATH NPROCS PID PPID COMMAND UID USER NETNSID NSFS PNS ONS" ] &&
			[ "${n#"$l" }" != "$n" ] && [ "$(cat "$TMP/l.rc")$(cat "$TMP/n.rc")" = 00 ] || ok="no: '$l' / '$n'"
	done
	expect_eq "$1" "$ok" yes
}
# lsns: "not found namespace", 1; nsls: its row and what holds it, 0
d_nsid_no_process() {
	[ "$made_net" = 1 ] || { skip "$1" "ip netns add failed"; return; }
	run_both -J "$N2"
	expect_eq "$1" "$(cat "$TMP/l.rc"):$(wc -c <"$TMP/l.out"):$(cat "$TMP/n.rc"):$(jq -c '[.namespaces[] | [.ns, .nprocs, .holders[0].kind]]' "$TMP/n.out" 2>/dev/null)" \
		"1:0:0:[[$N2,0,\"mount\"]]"
}
# lsns: no rows (a TID is not in its list); nsls: the thread's own
d_p_tid() {
	[ -n "$f_tid" ] || { skip "$1" "no thread-netns helper"; return; }
	run_both -p "$f_tid" -t net -o NS -n -r
	expect_eq "$1" "$(cat "$TMP/l.rc"):$(cat "$TMP/l.out"):$(cat "$TMP/n.rc"):$(cat "$TMP/n.out")" \
		"0::0:$(ns_of "$f_pid/task/$f_tid" net)"
}
# lsns: the two links a zombie still has (user, pid); nsls: none, and why
d_p_zombie() {
	run_both -p "$g_zombie" -o NS -n -r
	expect_eq "$1" "$(cat "$TMP/l.rc"):$(sort "$TMP/l.out" | paste -sd' '):$(cat "$TMP/n.rc"):$(wc -c <"$TMP/n.out"):$(grep -c "^nsls: PID $g_zombie is a zombie: its namespaces are gone\$" "$TMP/n.err")" \
		"0:$(printf '%s\n' "$PZ" "$(ns_of $$ user)" | sort | paste -sd' '):0:0:1"
}
# the same rows; nsls adds top-level keys after "namespaces" (schema,
# source, unreadable) and indents with tabs
d_json() {
	run_both -J -o NS,TYPE
	expect_eq "$1" "$(jq -c keys_unsorted "$TMP/l.out"):$(jq -c 'keys_unsorted | .[0]' "$TMP/n.out"):$(jq -c 'keys_unsorted - ["namespaces", "schema", "source", "source_why", "unreadable"]' "$TMP/n.out"):$(grep -c "$(printf '^\t"namespaces"')" "$TMP/n.out")" \
		'["namespaces"]:"namespaces":[]:1'
}
# both 0; nsls's help has every option lsns's has; -V names nsinfo
d_help_version() {
	local missing
	lsns -h >"$TMP/l.out"
	"$NSLS" -h >"$TMP/n.out"
	missing=$(sed -nE 's/^ +(-[A-Za-z]), (--[a-z-]+).*/\1 \2/p; s/^ +(--[a-z-]+) .*/\1/p' "$TMP/l.out" |
		tr ' ' '\n' | while read -r o; do grep -qE -- "(^|[ ,])$o([ ,=[]|\$)" "$TMP/n.out" || echo "$o"; done | paste -sd' ')
	expect_eq "$1" "$(lsns -V | cut -d' ' -f1-3):$("$NSLS" -V | head -n 1 | cut -d' ' -f1-3):${missing:-none}" \
		"lsns from util-linux:nsls from nsinfo:none"
}
# what lsns 2.38 does not have is refused there, and works in nsls
d_own_options() {
	local o got=""
	for o in -H -P --processes --tasks --sockets "--sources=processes" "--source=proc" --color=never; do
		lsns "$o" -o NS >/dev/null 2>&1
		got="$got $?"
		"$NSLS" "$o" -o "$([ "$o" = --processes ] && echo PID || echo NS)" >/dev/null 2>&1
		got="$got:$?"
	done
	expect_eq "$1" "$got" " 1:0 1:0 1:0 1:0 1:0 1:0 1:0 1:0"
}
# lsns's strtol takes a sign, blanks and leading zeros (and finds no such
# process); nsls wants plain decimal digits
d_pid_syntax() {
	local p got=""
	for p in -1 01 +5 " 5"; do
		run_both -p "$p" -o NS
		got="$got $(cat "$TMP/l.rc"):$(cat "$TMP/n.rc"):$(grep -c "^nsls: invalid PID " "$TMP/n.err")"
	done
	expect_eq "$1" "$got" " 0:1:1 0:1:1 0:1:1 0:1:1"
}
# lsns takes 0 (no filter: every namespace, with the NSID view's columns)
# and ignores a second argument; nsls refuses both
d_nsid_syntax() {
	run_both 0
	local got="$(cat "$TMP/l.rc"):$(cat "$TMP/n.rc")"
	run_both "$P1" "$U1"
	got="$got $(cat "$TMP/l.rc"):$(cat "$TMP/n.rc"):$(grep -c "^nsls: unexpected argument '$U1'" "$TMP/n.err")"
	expect_eq "$1" "$got" "0:1 0:1:1"
}
# 2.38 takes both (the tree wins); lsns HEAD and nsls refuse them
d_list_tree() {
	run_both -l -T -o NS
	expect_eq "$1" "$(cat "$TMP/l.rc"):$(cat "$TMP/n.rc"):$(grep -c 'mutually exclusive' "$TMP/n.err")" "0:1:1"
}
# 2.38 adds the owners' user namespaces to -T owner and -T parent whatever
# -t says (HEAD and nsls do not): rows of user namespaces in "-t pid"
d_tree_types() {
	local l n
	run_both -T=parent -t pid -o TYPE,NS -n -r
	l=$(awk '{ print $1 }' "$TMP/l.out" | sed 's/\\x[0-9a-f][0-9a-f]//g; s/[^a-z]//g' | sort -u | paste -sd' ')
	n=$(awk '{ print $1 }' "$TMP/n.out" | sed 's/\\x[0-9a-f][0-9a-f]//g; s/[^a-z]//g' | sort -u | paste -sd' ')
	expect_eq "$1" "$l:$n:$(sed 's/\\x[0-9a-f][0-9a-f]/ /g' "$TMP/l.out" | grep -cw -e "$P1" -e "$PZ"):$(sed 's/\\x[0-9a-f][0-9a-f]/ /g' "$TMP/n.out" | grep -cw -e "$P1" -e "$PZ")" \
		"pid user:pid:2:2"
}
# lsns says nothing of what it could not read; nsls says which processes
# (or how many) in lines of their own, and nothing else
d_stderr() {
	local named
	run_both -o NS -n -r -p 1
	# by name and why, in a pid namespace of our own: root's sh (PID 1),
	# another user's sleep (PID 2), the caller as nobody
	unshare --pid --fork --mount-proc sh -c '
		setpriv --reuid=4242 --regid=4242 --clear-groups --inh-caps=-all sleep 100 &
		sleep 0.2
		for t in lsns "$2"; do
			setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
				"$t" -o NS -n >/dev/null 2>>"$1"
		done
		kill $!' _ "$TMP/named.err" "$NSLS" 2>/dev/null
	named=$(sed "s|^${NSLS##*/}:|nsls:|" "$TMP/named.err" 2>/dev/null | paste -sd'|')
	expect_eq "$1" "$(cat "$TMP/l.rc"):$(wc -c <"$TMP/l.err"):$(cat "$TMP/n.rc"):$(grep -cvE "$denied_re" "$TMP/n.err"):$(cmp -s "$TMP/l.out" "$TMP/n.out" && echo same):$named" \
		"0:0:0:0:same:nsls: PID 1 (sh) could not be read: it holds capabilities we lack|nsls: PID 2 (sleep) could not be read: it runs as another user"
}

# the reader is gone before a byte is written: lsns dies of SIGPIPE
d_closed_pipe() {
	local l n i
	for i in 1 2 3; do	# (run_both: lsns's silent failure on a race)
		{ sleep 0.3; lsns -o NS; } 2>/dev/null | true
		l=${PIPESTATUS[0]}
		[ "$l" = 1 ] || break
	done
	{ sleep 0.3; "$NSLS" -o NS; } 2>"$TMP/n.err" | true
	n=${PIPESTATUS[0]}
	expect_eq "$1" "$l:$n:$(grep -cvE "$denied_re" "$TMP/n.err")" "141:0:0"
}

# One row of CHECKS, its placeholders filled in.
check_row() {
	local name kind min args
	IFS='|' read -r name kind min args <<<"$1"
	args=${args//@LEAF@/$a_leaf}
	args=${args//@P1@/$P1}
	args=${args//@U1@/$U1}
	args=${args//@FPID@/${f_pid:-}}
	args=${args//@N1@/$N1}
	case $1 in
	*@FPID@*) [ -n "${f_pid:-}" ] || { skip "parity-$name" "no thread-netns helper"; return; } ;;
	*@N1@*) [ "$made_net" = 1 ] || { skip "parity-$name" "ip netns add failed"; return; } ;;
	esac
	# shellcheck disable=SC2086 # the arguments are words
	compare "$name" "$kind" "$min" $args
}
# in_time NAME: false, with a SKIP line, once the time budget is spent (a
# machine with thousands of processes, where one lsns run takes seconds)
budget=${PARITY_BUDGET:-60}
in_time() {
	[ "$SECONDS" -lt "$budget" ] && return 0
	skip "$1" "out of time (${budget} s; lsns is slow on $(ls /proc | grep -c "^[0-9]") processes)"
	return 1
}
# the first rows of CHECKS, then every deliberate difference, then the rest
for row in "${CHECKS[@]:0:10}"; do
	in_time "parity-${row%%|*}" && check_row "$row"
done
for d in "${DELIBERATE[@]}"; do
	title=${d%%|*}
	fn=${d##*|}
	id=$(tr 'A-Z ' 'a-z-' <<<"$title" | tr -cd 'a-z0-9-' | sed 's/^-*//')
	in_time "parity-deliberate-$id" && "$fn" "parity-deliberate-$id"
done
for row in "${CHECKS[@]:10}"; do
	in_time "parity-${row%%|*}" && check_row "$row"
done

# the list is nsls(1)'s: the tags of DIFFERENCES FROM LSNS, markup off
man1=$(dirname "$0")/../../man/man1/nsls.1
tags=$(awk '/^\.SH / { on = ($0 ~ /DIFFERENCES FROM LSNS/); next }
	on && /^\.TP/ { t = 1; next }
	on && t { t = 0; s = $0; sub(/^\.[A-Z]+ +/, "", s); gsub(/\\f[BIRP]/, "", s); gsub(/\\-/, "-", s); gsub(/"/, "", s); print s }' "$man1")
expect_eq parity-deliberate-is-man-list "$(sort <<<"$tags")" \
	"$(for d in "${DELIBERATE[@]}"; do echo "${d%%|*}"; done | sort)"
