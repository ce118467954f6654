#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# churn.sh - nsls while processes, namespaces and threads come and go.
# A loop spawns short-lived processes (true, sleep 0.01, unshare --net
# true) and tests/helpers/thread-netns --churn starts and ends threads
# that unshare their net namespace, while nsls runs up to 200 times in
# several modes. Every run must exit 0 and print a non-empty table (or
# JSON), and say nothing on stderr but the permission-denied summary:
# a process or thread that vanishes mid-scan is not an error. Then nstree,
# nstop -J and nsdiff run in turn for a while in the same churn, and
# every JSON any tool printed must parse, give each namespace it names
# the type the kernel gives it, and give the processes that stayed alive
# throughout (in namespaces of their own) the namespaces they are in.
. "$(dirname "$0")/lib.sh"

RUNS=200
BUDGET=45	# seconds for the nsls runs, so ASan on 2 cores fits
summary_re=$denied_re	# lib.sh

# The churn loop stops when $TMP/stop appears, after reaping its own
# children: killing it would orphan them (PID 1 may not reap).
churn_loop() {
	local i=0
	while [ ! -e "$TMP/stop" ]; do
		/bin/true &
		/bin/true &
		/bin/true &
		sleep 0.01 &
		if [ $((i % 3)) = 0 ]; then
			unshare --net /bin/true &
		fi
		i=$((i + 1))
		wait
	done
}
_alive() {
	local s
	s=$(cat /proc/"$1"/stat 2>/dev/null) || return 1
	s=${s##*) }
	[ "${s%% *}" != Z ]
}
not_alive() { ! _alive "$1"; }
stop_churn() {
	touch "$TMP/stop"
	[ -n "${loop:-}" ] && wait_for not_alive "$loop"
	[ -n "${threads:-}" ] && kill -KILL "$threads" 2>/dev/null
	# the stayers too: wait waits for every child
	for p in ${stay1:-} ${stay2:-}; do kill -KILL "$p" 2>/dev/null; done
	wait 2>/dev/null
}
trap 'stop_churn; _cleanup' EXIT

# The processes that stay: in namespaces of their own, and their truth
# from the kernel, read before the churn starts: "inode type" lines of
# every namespace they and this shell are in, and "pid type inode".
bg unshare --net --uts --ipc sleep 600
stay1=$BG_PID
bg unshare --user --map-root-user --mount --cgroup sleep 600
stay2=$BG_PID
wait_for unshared "$stay1" net
wait_for unshared "$stay2" user
: >"$TMP/types"
: >"$TMP/members"
for p in "$stay1" "$stay2" $$; do
	for t in cgroup ipc mnt net pid time user uts; do
		i=$(ns_of "$p" "$t") || continue
		echo "$i $t" >>"$TMP/types"
		[ "$p" != $$ ] && echo "$p $t $i" >>"$TMP/members"
	done
done
sort -u -o "$TMP/types" "$TMP/types"
# truth_check FILE: every {ns, type} object anywhere in the JSON lines of
# FILE whose inode is known has the kernel's type; and where the stayers
# are process rows, their namespace columns are the truth. Prints what
# is wrong.
truth_check() {
	jq -r '.. | objects | select(has("ns") and has("type")) | "\(.ns) \(.type)"' "$1" 2>/dev/null |
		sort -u | join - "$TMP/types" 2>/dev/null | awk '$2 != $3 { print "ns " $1 " is " $2 ", the kernel says " $3 }'
	jq -r '.. | objects | select(has("pid") and has("netns")) |
		(.pid | tostring) as $p | to_entries[] | select(.key | endswith("ns")) |
		select(.key != "ns" and (.value | type) == "number") | "\($p) \(.key | rtrimstr("ns")) \(.value)"' "$1" 2>/dev/null |
		awk 'NR == FNR { want[$1 " " $2] = $3; next } ($1 " " $2) in want && want[$1 " " $2] != $3 {
			print "PID " $1 " " $2 ": " $3 ", the kernel says " want[$1 " " $2] }' "$TMP/members" -
}

helper=$NSINFO_BUILD/tests/thread-netns
bg churn_loop
loop=$BG_PID
threads=
if [ -x "$helper" ]; then
	bg "$helper" --churn 120 >/dev/null
	threads=$BG_PID
else
	fail churn-helper "$helper is missing (make test builds it)"
fi
sleep 0.5

modes=("" "--output-all" "--tasks" "--processes" "-J" "--processes --tasks -J"
	"--output-all -J" "-o NS,TYPE,NPROCS,NTHREADS,HOLDERS,PNS,ONS,DEPTH" "-t net")
bad_rc="" bad_out="" bad_err="" first_err="" bad_truth=""
start=$SECONDS
runs=0
for i in $(seq 1 $RUNS); do
	[ $((SECONDS - start)) -ge $BUDGET ] && break
	mode=${modes[$((i % ${#modes[@]}))]}
	# shellcheck disable=SC2086
	"$NSLS" $mode >"$TMP/out" 2>"$TMP/err"
	rc=$?
	runs=$i
	[ "$rc" = 0 ] || bad_rc="$bad_rc $i($mode):$rc"
	case $mode in
	*-J*)
		jq -e '(.namespaces // .processes) | length > 0' "$TMP/out" >/dev/null 2>&1 ||
			bad_out="$bad_out $i($mode)"
		wrong=$(truth_check "$TMP/out")
		[ -z "$wrong" ] || bad_truth="$bad_truth $i($mode): $(echo "$wrong" | head -n 2 | tr '\n' ';')"
		;;
	*)
		[ "$(wc -l <"$TMP/out")" -ge 2 ] || bad_out="$bad_out $i($mode)"
		;;
	esac
	if grep -qvE "$summary_re" "$TMP/err"; then
		bad_err="$bad_err $i($mode)"
		[ -z "$first_err" ] && first_err=$(head -c 300 "$TMP/err")
	fi
done
elapsed=$((SECONDS - start))
echo "churn: $runs runs of nsls in ${elapsed}s"

# The other tools, in turn, in the same churn: their JSON whole and true.
"$NSLS" --save "$TMP/snap.json" 2>/dev/null
others=("nstree -J" "nstree -J -P" "nstop -J -n 3 -d 0" "nstop -J -n 2 -d 0 -g containers"
	"nsdiff -J $TMP/snap.json now" "nsdiff -J $stay1 $stay2" "nstree -J --processes")
bad_tools="" truth_tools="" tool_runs=0 truth_hits=0
start=$SECONDS
while [ $((SECONDS - start)) -lt $((BUDGET / 3)) ]; do
	cmd=${others[$((tool_runs % ${#others[@]}))]}
	read -r -a argv <<<"$cmd"
	"$NSINFO_BUILD/bin/${argv[0]}" "${argv[@]:1}" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	tool_runs=$((tool_runs + 1))
	ok=0
	case $cmd in
	nsdiff*) [ "$rc" -le 1 ] && ok=1 ;;	# 0 same, 1 different
	*) [ "$rc" = 0 ] && ok=1 ;;
	esac
	[ "$(jq -c . "$TMP/out" 2>/dev/null | wc -l)" -ge 1 ] || ok=0
	grep -qvE "$summary_re" "$TMP/err" && ok=0
	[ "$ok" = 1 ] || bad_tools="$bad_tools $tool_runs($cmd):$rc:$(head -c 120 "$TMP/err" | tr '\n' ' ')"
	grep -q "$(ns_of "$stay1" net)" "$TMP/out" && truth_hits=$((truth_hits + 1))
	wrong=$(truth_check "$TMP/out")
	[ -z "$wrong" ] || truth_tools="$truth_tools $tool_runs($cmd): $(echo "$wrong" | head -n 2 | tr '\n' ';')"
done
echo "churn: $tool_runs runs of nstree, nstop and nsdiff in $((SECONDS - start))s"
churning=$(_alive "$loop" && { [ -z "$threads" ] || _alive "$threads"; } && echo yes)
stop_churn
loop=
threads=

expect_eq churn-exit-status "$bad_rc" ""
expect_eq churn-truth "$bad_truth" ""
expect_eq churn-other-tools "$bad_tools" ""
expect_eq churn-other-tools-truth "$truth_tools" ""
check churn-other-tools-ran test "$tool_runs" -ge "${#others[@]}"
# the truth was there to check: the stayers' namespaces in the output
check churn-other-tools-saw-stayers test "$truth_hits" -ge 1
expect_eq churn-output-nonempty "$bad_out" ""
expect_eq churn-stderr-summary-only "$bad_err${first_err:+: $first_err}" ""
# all 200 runs, or as many as the time allowed on a slow machine
expect_eq churn-enough-runs "$([ "$runs" -ge $RUNS ] || { [ "$elapsed" -ge $BUDGET ] && [ "$runs" -ge 30 ]; } && echo yes)" yes
# the churn really went on until the last run
expect_eq churn-churned-until-end "$churning" yes
