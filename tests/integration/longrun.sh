#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# longrun.sh - nstop -b for thousands of frames while processes and
# namespaces come and go: it ends with 0 after exactly that many frames,
# its open descriptors do not grow (a refresh holds a few while it reads,
# so the least seen in the last third of the run must be no more than the
# least in the first), its memory levels off, and no process it saw is
# left a zombie of its. 3,000 frames here (LONGRUN_FRAMES); bench/ runs
# it with 10,000 for bench/RESULTS.md ("Long runs").
#
# Memory is judged on the second half of the run against the first (the
# allocator settles, the churn's peak is held for a while): the growth
# over the second half must stay under LONGRUN_GROWTH_KIB (2048); the
# figures are printed for bench/RESULTS.md ("Long runs"). Under ASan (its
# quarantine holds freed memory) 1,000 frames and no memory bound.
. "$(dirname "$0")/lib.sh"
NT=$NSINFO_BUILD/bin/nstop
FRAMES=${LONGRUN_FRAMES:-3000}
GROWTH=${LONGRUN_GROWTH_KIB:-2048}
asan=0
case $NSINFO_BUILD in *asan*) asan=1 FRAMES=${LONGRUN_FRAMES:-1000} ;; esac

# churn: a process in new net and uts namespaces and a few plain ones,
# about every 20 ms, each living a moment; it stops when $TMP/stop exists
churn() {
	while [ ! -e "$TMP/stop" ]; do
		unshare --net --uts sleep 0.1 &
		/bin/true &
		/bin/true &
		sleep 0.02
		wait
	done
}
bg churn
churner=$BG_PID
trap 'touch "$TMP/stop"; _cleanup' EXIT

"$NT" -b -d 0 -n "$FRAMES" --source=proc >"$TMP/frames" 2>"$TMP/err" &
nt=$!
# samples: "fds rss" while it runs, every 0.2 s
: >"$TMP/samples"
while kill -0 "$nt" 2>/dev/null; do
	fds=$(ls "/proc/$nt/fd" 2>/dev/null | wc -l)
	rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$nt/status" 2>/dev/null)
	[ -n "$rss" ] && [ "$fds" -gt 0 ] && echo "$fds $rss" >>"$TMP/samples"
	sleep 0.2
done
wait "$nt"
rc=$?
touch "$TMP/stop"
churner_gone() { ! kill -0 "$churner" 2>/dev/null; }
wait_for churner_gone
expect_eq longrun-exit "$rc" 0
# a text frame starts with the header's first line, "nstop - HH:MM:SS ..."
expect_eq longrun-frames "$(grep -c '^nstop - ' "$TMP/frames")" "$FRAMES"
check longrun-stderr bash -c "! grep -qvE '$denied_re' '$TMP/err'"

n=$(wc -l <"$TMP/samples")
if [ "$n" -lt 10 ]; then
	fail longrun-samples "only $n samples of a run of $FRAMES frames"
	exit 0
fi
# the first sample may precede the first frame's descriptors
read -r fd_first fd_last fd_max < <(tail -n +2 "$TMP/samples" | awk '{ fd[NR] = $1 }
	END { n = NR; a = b = 1e9; for (i = 1; i <= n; i++) {
		if (i <= n / 3 && fd[i] < a) a = fd[i]; if (i > 2 * n / 3 && fd[i] < b) b = fd[i]
		if (fd[i] > m) m = fd[i] } print a, b, m }')
check longrun-fds-flat test "$fd_last" -le "$fd_first"
read -r r_mid r_last r_max < <(awk -v n="$n" 'NR == int(n / 2) { mid = $2 } { last = $2; if ($2 > mx) mx = $2 }
	END { print mid, last, mx }' "$TMP/samples")
echo "longrun: $FRAMES frames, $n samples: fds at rest $fd_first then $fd_last, most $fd_max; RSS KiB at the middle $r_mid, at the end $r_last, most $r_max; growth over the second half $((r_last - r_mid))"
if [ "$asan" = 1 ]; then
	skip longrun-rss "ASan holds freed memory in its quarantine: RSS says nothing here"
else
	check longrun-rss test $((r_last - r_mid)) -lt "$GROWTH"
fi
# no zombie of ours or of nstop's (it starts none; the churn's are reaped)
zombies=$(ps -e -o stat=,ppid= | awk -v a=$$ -v b="$nt" '$1 ~ /^Z/ && ($2 == a || $2 == b)' | wc -l)
expect_eq longrun-no-zombies "$zombies" 0
