#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# churn.sh - nsls while processes, namespaces and threads come and go.
# A loop spawns short-lived processes (true, sleep 0.01, unshare --net
# true) and tests/helpers/thread-netns --churn starts and ends threads
# that unshare their net namespace, while nsls runs up to 200 times in
# several modes. Every run must exit 0 and print a non-empty table (or
# JSON), and say nothing on stderr but the permission-denied summary:
# a process or thread that vanishes mid-scan is not an error.
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
	wait 2>/dev/null
}
trap 'stop_churn; _cleanup' EXIT

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
bad_rc="" bad_out="" bad_err="" first_err=""
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
churning=$(_alive "$loop" && { [ -z "$threads" ] || _alive "$threads"; } && echo yes)
echo "churn: $runs runs of nsls in ${elapsed}s"
stop_churn
loop=
threads=

expect_eq churn-exit-status "$bad_rc" ""
expect_eq churn-output-nonempty "$bad_out" ""
expect_eq churn-stderr-summary-only "$bad_err${first_err:+: $first_err}" ""
# all 200 runs, or as many as the time allowed on a slow machine
expect_eq churn-enough-runs "$([ "$runs" -ge $RUNS ] || { [ "$elapsed" -ge $BUDGET ] && [ "$runs" -ge 30 ]; } && echo yes)" yes
# the churn really went on until the last run
expect_eq churn-churned-until-end "$churning" yes
