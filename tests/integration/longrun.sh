#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# longrun.sh - nstop -b for thousands of frames while processes and
# namespaces come and go: it ends with 0 after exactly that many frames,
# its open descriptors do not grow, its memory levels off, and no process
# it saw is left a zombie of its.
#
# Descriptors are counted while nstop sleeps between frames (its
# /proc/PID/syscall is clock_nanosleep): a refresh holds a few more while
# it reads, so the least count at rest must be the same at the end as at
# the start. Memory is
# judged on the second half of the run against the first (the allocator
# settles, the churn's peak is held for a while): the growth over the
# second half must stay under LONGRUN_GROWTH_KIB (2048). 2,000 frames
# 10 ms apart here (LONGRUN_FRAMES); bench/RESULTS.md ("Long runs") has a
# run of 10,000. Under ASan (its quarantine holds freed memory) 800
# frames and no memory bound.
. "$(dirname "$0")/lib.sh"
NT=$NSINFO_BUILD/bin/nstop
FRAMES=${LONGRUN_FRAMES:-2000}
GROWTH=${LONGRUN_GROWTH_KIB:-2048}
asan=0
case $NSINFO_BUILD in *asan*) asan=1 FRAMES=${LONGRUN_FRAMES:-800} ;; esac

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

"$NT" -b -d 0.01 -n "$FRAMES" --source=proc >"$TMP/frames" 2>"$TMP/err" &
nt=$!
# samples: "rss" while it runs, every 0.1 s, and "fds" when it was
# asleep between frames both before and after the count (x86_64 and
# aarch64 name clock_nanosleep 230 and 115)
: >"$TMP/samples"
: >"$TMP/rest"
asleep() { case $(cut -d' ' -f1 "/proc/$nt/syscall" 2>/dev/null) in 230 | 115 | 35) return 0 ;; esac; return 1; }
while kill -0 "$nt" 2>/dev/null; do
	rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$nt/status" 2>/dev/null)
	[ -n "$rss" ] && echo "$rss" >>"$TMP/samples"
	if asleep; then
		fds=$(ls "/proc/$nt/fd" 2>/dev/null | wc -l)
		asleep && [ "$fds" -gt 0 ] && echo "$fds" >>"$TMP/rest"
	fi
	sleep 0.1
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
rest=$(wc -l <"$TMP/rest")
if [ "$n" -lt 10 ] || [ "$rest" -lt 10 ]; then
	fail longrun-samples "only $n samples, $rest of them at rest, of a run of $FRAMES frames"
	exit 0
fi
# a frame may still run between the two looks: the least count of the
# first third of the rest samples against that of the last third (a leak
# raises the floor)
read -r fd_first fd_last fd_hi < <(awk '{ fd[NR] = $1 } END { a = b = 1e9
	for (i = 1; i <= NR; i++) { if (i <= NR / 3 && fd[i] < a) a = fd[i]
		if (i > 2 * NR / 3 && fd[i] < b) b = fd[i]; if (fd[i] > m) m = fd[i] }
	print a, b, m }' "$TMP/rest")
expect_eq longrun-fds-flat "$fd_last" "$fd_first"
read -r r_mid r_last r_max < <(awk -v n="$n" 'NR == int(n / 2) { mid = $1 } { last = $1; if ($1 > mx) mx = $1 }
	END { print mid, last, mx }' "$TMP/samples")
echo "longrun: $FRAMES frames, $n samples: fds at rest $fd_first then $fd_last, most $fd_hi ($rest samples); RSS KiB at the middle $r_mid, at the end $r_last, most $r_max; growth over the second half $((r_last - r_mid))"
if [ "$asan" = 1 ]; then
	skip longrun-rss "ASan holds freed memory in its quarantine: RSS says nothing here"
else
	check longrun-rss test $((r_last - r_mid)) -lt "$GROWTH"
fi
# no zombie of ours or of nstop's (it starts none; the churn's are reaped)
zombies=$(ps -e -o stat=,ppid= | awk -v a=$$ -v b="$nt" '$1 ~ /^Z/ && ($2 == a || $2 == b)' | wc -l)
expect_eq longrun-no-zombies "$zombies" 0
