#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# filter.sh - nsls -Q (the scols-filter(5) language, tools/common/filter.h)
# against real namespaces this test makes with unshare(1): the rows an
# expression keeps are those the kernel's /proc/PID/ns links and nsls's
# own unfiltered JSON say it should keep, in every view (namespaces,
# --processes, the NSID view, -p, a tree); a column the filter names but
# -o does not show is read all the same; bad expressions are one-line
# usage errors (exit 1) with nothing on stdout.
. "$(dirname "$0")/lib.sh"

if ! unshare --net --uts true 2>/dev/null; then
	skip filter "cannot unshare namespaces here (needs root)"
	exit 0
fi

# a word of our own in the command lines, so our rows are ours alone
T=$((100000 + $$ % 100000))
comm_is() { [ "$(cat /proc/"$1"/comm 2>/dev/null)" = "$2" ]; }
# lines LIST...: one a line, sorted (set comparisons)
lines() { printf '%s\n' "$@" | sed '/^$/d' | LC_ALL=C sort -u | paste -sd' ' -; }
# q NAME WANT ARGS...: the first column of nsls -rn ARGS is the set WANT
q() {
	local name=$1 want=$2 got
	shift 2
	got=$("$NSLS" -rn "$@" 2>"$TMP/q.err" | awk '{ print $1 }')
	expect_eq "$name" "$(lines $got)" "$(lines $want)"
}
# pids_in TYPE INODE: the processes whose TYPE link names INODE (the kernel)
pids_in() {
	local d p
	for d in /proc/[0-9]*; do
		p=${d#/proc/}
		[ "$(ns_of "$p" "$1" 2>/dev/null)" = "$2" ] && echo "$p"
	done
}

# A: one process in a new net and uts namespace
bg unshare --net --uts sleep $T
a=$BG_PID
wait_for comm_is "$a" sleep
a_net=$(ns_of "$a" net)
a_uts=$(ns_of "$a" uts)
# B: a new net namespace with four processes (unshare, sh, two sleeps)
bg unshare --net --fork sh -c "sleep $((T + 1)) & sleep $((T + 1)) & wait"
b=$BG_PID
b_sh_ready() { [ "$(pids_in net "$(ns_of "$b" net)" | wc -l)" -ge 4 ]; }
wait_for b_sh_ready
b_net=$(ns_of "$b" net)
if [ -z "$a_net" ] || [ -z "$b_net" ] || [ "$a_net" = "$(ns_of $$ net)" ] ||
	[ "$b_net" = "$(ns_of $$ net)" ] || [ "$a_net" = "$b_net" ]; then
	fail filter-setup "no namespaces of our own (a: '$a_net', b: '$b_net')"
	exit 0
fi
pass filter-setup

# ---- the namespace view ------------------------------------------------
q filter-ns-equal "$a_net" -o NS -Q "NS == $a_net"
q filter-ns-words "$a_net" -o NS -Q "NS eq $a_net and type EQ 'net'"
q filter-ns-or "$a_net $a_uts $b_net" -o NS -Q "NS == $a_net || NS == $a_uts || NS == $b_net"
q filter-ns-not "$a_uts" -o NS -Q "!(TYPE == \"net\") && (NS == $a_uts || NS == $a_net)"
# NPROCS as the kernel counts (B has four, A one), against nsls's own
# unfiltered rows; only ours: the rest of the machine may change between
# two runs
js "$TMP/all.json" -o NS,TYPE,NPROCS,PID,COMMAND
want=$(jq -r --argjson a "$a_net" --argjson b "$b_net" \
	'.namespaces[] | select(.type == "net" and .nprocs > 1 and (.ns == $a or .ns == $b)) | .ns' "$TMP/all.json")
expect_eq filter-ns-oracle "$want" "$b_net"
q filter-ns-net-nprocs "$want" -o NS -Q "TYPE == \"net\" && NPROCS > 1 && (NS == $a_net || NS == $b_net)"
expect_eq filter-ns-b-kept "$("$NSLS" -rn -o NS -Q 'TYPE == "net" && NPROCS > 1' 2>/dev/null |
	grep -cx "$b_net")" 1
expect_eq filter-ns-a-left-out "$("$NSLS" -rn -o NS -Q 'TYPE == "net" && NPROCS > 1' 2>/dev/null |
	grep -cx "$a_net")" 0
expect_eq filter-ns-b-nprocs "$("$NSLS" -rn -o NPROCS -Q "NS == $b_net" 2>/dev/null)" \
	"$(pids_in net "$b_net" | wc -l)"
# a regular expression on our command line: A's two namespaces
q filter-ns-regex "$a_net $a_uts" -o NS -Q "COMMAND =~ \"^sleep $T\$\""
q filter-ns-regex-not "" -o NS -Q "COMMAND =~ \"^sleep $T\$\" && COMMAND !~ 'sleep'"
# columns the filter names, -o does not show: read all the same (PPID:
# the leaders' task info; RSS: their numbers; PID)
q filter-ns-hidden-ppid "$a_net $a_uts" -o NS -Q "PPID == $$ && PID == $a"
q filter-ns-hidden-rss "$a_net" -o NS -Q "NS == $a_net && RSS > 0 && AGE >= 0"
q filter-ns-hidden-pid "$(jq -r --argjson p "$a" '.namespaces[] | select(.pid == $p) | .ns' "$TMP/all.json")" \
	-o NS -Q "PID == $a"
# an empty cell is NULL: alone false, !NAME true
q filter-ns-null "$a_net" -o NS -Q "NS == $a_net && !NAME"
q filter-ns-null-alone "" -o NS -Q "NS == $a_net && NAME"
# -p and a tree
q filter-ns-task "$a_net" -o NS -p "$a" -Q 'TYPE == "net"'
# a tree: an owner the filter leaves out is not shown for context (as
# lsns filters every row it adds), so what it owns is a root
q filter-ns-tree "$a_net" -o NS -T -Q "NS == $a_net"
q filter-ns-tree-parent "$a_net" -o NS --tree=parent -Q "NS == $a_net"
q filter-ns-tree-process "$a_net $a_uts" -o NS,COMMAND --tree=process -Q "PID == $a"
# JSON: the same rows
js "$TMP/q.json" -o NS,TYPE -Q "NS == $a_net || NS == $b_net"
expect_eq filter-ns-json "$(jq -r '.namespaces[].ns' "$TMP/q.json" 2>/dev/null | LC_ALL=C sort | paste -sd' ')" \
	"$(lines "$a_net" "$b_net")"

# ---- the process view --------------------------------------------------
q filter-procs-netns "$(pids_in net "$b_net")" --processes -o PID -Q "NETNS == $b_net"
q filter-procs-and "$(pids_in net "$b_net" | while read -r p; do comm_is "$p" sleep && echo "$p"; done)" \
	--processes -o PID -Q "NETNS == $b_net && COMMAND =~ '^sleep'"
q filter-procs-pid "$a" --processes -o PID -Q "PID == $a && UTSNS == $a_uts"

# ---- the NSID view -----------------------------------------------------
q filter-members "$(pids_in net "$b_net" | while read -r p; do comm_is "$p" sleep && echo "$p"; done)" \
	"$b_net" -o PID -Q "COMMAND =~ '^sleep'"
q filter-members-list "$(pids_in net "$b_net")" "$b_net" -l -o PID -Q "PID > 0"
q filter-members-none "" "$b_net" -o PID -Q "PID == 0"

# ---- errors: one line, exit 1, nothing on stdout ------------------------
# err NAME WANT-STDERR ARGS...
err() {
	local name=$1 want=$2 out rc
	shift 2
	out=$("$NSLS" "$@" 2>"$TMP/err" </dev/null)
	rc=$?
	if [ "$rc" = 1 ] && [ -z "$out" ] && [ "$(cat "$TMP/err")" = "$want" ]; then
		pass "$name"
	else
		fail "$name" "exit $rc, stdout '$(head -c 80 <<<"$out")', stderr '$(head -c 200 "$TMP/err")'"
	fi
}
err filter-err-unknown "nsls: filter: unknown column 'FOO'" -Q 'FOO == 1'
err filter-err-paren "nsls: filter: unexpected ')' at 14" -Q 'TYPE == "net")'
err filter-err-unclosed "nsls: filter: missing ')' at 15 (for the '(' at 1)" -Q '(TYPE == "net"'
err filter-err-view "nsls: filter: unknown column 'TYPE'" --processes -Q 'TYPE == "net"'
err filter-err-regex-side "nsls: filter: '=~' wants a string at 12, not '5'" -Q 'COMMAND =~ 5'
err filter-err-equals "nsls: filter: unexpected '=' at 6 (did you mean '=='?)" -Q 'TYPE = "net"'
err filter-err-empty "nsls: filter: unexpected end of expression at 1" -Q ''
deep=$(printf '(%.0s' $(seq 1 100000))
err filter-err-deep "nsls: filter: expression nested too deeply at 257 (more than 256 levels)" -Q "${deep}NS"
err filter-err-bytes "nsls: filter: unexpected character '\\x1b' at 9" -Q $'TYPE == \e[31m'
exit 0
