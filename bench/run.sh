#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# bench/run.sh [SIZE...] - time nsls against lsns, ps and a bare /proc walk
# on synthetic process populations made by bench/popgen.
#
# For every SIZE (default: 1000 5000 10000 processes) it starts popgen, waits
# for it to report ready, times every command on that same population, tears
# the population down and checks that nothing was left behind.  The medians
# go to bench/RESULTS.md as a Markdown table.  See bench/README.md.
#
# Environment:
#   RUNS=N         timed runs per command (default 7; the median is kept)
#   CMD_BUDGET=S   seconds one command may take per size (default 60); a
#                  slower one (lsns at 10k: 5-15 s a run) gets fewer runs,
#                  but at least MIN_RUNS (default 3)
#   NSLS=PATH      nsls binary to time (default build/bin/nsls, made with
#                  "make" if missing); e.g. NSLS=lsns to test this script
#   SETS_PER=K     processes per namespace set (default 20)
#   RESULTS=FILE   where to write the table (default bench/RESULTS.md)
#   NO_INSTALL=1   do not apt-get install hyperfine when it is missing
#   NO_HYPERFINE=1 time with the date +%s%N loop even if hyperfine exists
#   CC=cc          compiler for popgen and walk
#   SETTLE=S       seconds to let the machine calm down after popgen is
#                  ready (netns/RCU work of the setup) (default 2)
#   READY_TIMEOUT=S  seconds popgen may take to get ready (default 300)
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# command lines are kept as words in strings: no spaces in paths
[[ $top != *[[:space:]]* ]] || { echo "bench: error: path '$top' has spaces" >&2; exit 1; }
bindir=$top/build/bench
RUNS=${RUNS:-7}
MIN_RUNS=${MIN_RUNS:-3}
CMD_BUDGET=${CMD_BUDGET:-60}
SETS_PER=${SETS_PER:-20}
RESULTS=${RESULTS:-$top/bench/RESULTS.md}
CC=${CC:-cc}
READY_TIMEOUT=${READY_TIMEOUT:-300}
SETTLE=${SETTLE:-2}

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
	sed -n '3,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

case ${1:-} in
-h|--help) usage; exit 0 ;;
esac

sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000 5000 10000)
for s in "${sizes[@]}"; do
	[[ $s =~ ^[1-9][0-9]*$ ]] || die "size '$s' is not a positive number"
done
for v in RUNS MIN_RUNS CMD_BUDGET SETS_PER; do
	[[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v='${!v}' is not a positive number"
done
((MIN_RUNS <= RUNS)) || MIN_RUNS=$RUNS
[[ $EUID -eq 0 ]] || die "must run as root: popgen creates pid, net, mnt... namespaces"

# Leftovers would both skew the numbers and be counted as ours.
if pgrep popgen >/dev/null; then
	die "popgen processes are already running ($(pgrep -c popgen)); stop them first"
fi

tmp=$(mktemp -d /tmp/nsinfo-bench.XXXXXX)
popgen_pid=
pg_in=

stop_popgen() {
	[[ -n $popgen_pid ]] || return 0
	# EOF on its stdin asks popgen to kill and reap its whole population
	if [[ -n $pg_in ]]; then
		exec {pg_in}>&-
		pg_in=
	fi
	kill -TERM "$popgen_pid" 2>/dev/null || true
	wait "$popgen_pid" 2>/dev/null || true
	popgen_pid=
}

on_exit() {
	local rc=$?

	stop_popgen
	rm -rf "$tmp"
	exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- build
mkdir -p "$bindir"
log "building popgen and walk into ${bindir#"$top"/}"
$CC -std=gnu11 -O2 -Wall -Wextra -Werror -pthread \
	-o "$bindir/popgen" "$top/bench/popgen.c"
$CC -std=gnu11 -O2 -Wall -Wextra -Werror -o "$bindir/walk" "$top/bench/walk.c"

if [[ -n ${NSLS:-} ]]; then
	nsls=$(command -v "$NSLS") || die "NSLS=$NSLS: not found"
else
	nsls=$top/build/bin/nsls
	if [[ ! -x $nsls ]]; then
		log "build/bin/nsls missing: running make"
		make -C "$top" >&2 || die "make failed; set NSLS=... to time another binary"
	fi
	[[ -x $nsls ]] || die "$nsls not built by make; set NSLS=... to time another binary"
fi
if [[ -d $top/build/lib ]]; then
	export LD_LIBRARY_PATH=$top/build/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
fi
lsns=$(command -v lsns) || die "lsns (util-linux) not installed"
ps=$(command -v ps) || die "ps (procps) not installed"
"$nsls" >/dev/null || die "$nsls exits with an error; not timing it"

use_hf=0
if [[ ${NO_HYPERFINE:-0} != 1 ]] && ! command -v hyperfine >/dev/null &&
   [[ ${NO_INSTALL:-0} != 1 ]] && command -v apt-get >/dev/null; then
	log "installing hyperfine with apt-get"
	# the package lists may be missing or stale: update only if needed
	if ! apt-get install -y hyperfine >"$bindir/apt.log" 2>&1; then
		if ! { apt-get update && apt-get install -y hyperfine; } \
			>>"$bindir/apt.log" 2>&1; then
			log "could not install hyperfine ($bindir/apt.log); using a date +%s%N loop"
		fi
	fi
fi
if [[ ${NO_HYPERFINE:-0} != 1 ]] && command -v hyperfine >/dev/null; then
	use_hf=1
	timer="hyperfine $(hyperfine --version | awk '{print $2}')"
else
	timer="bash loop around date +%s%N"
fi

rows=()
cpurows=()
checks=()
notes=()
declare -A lines=()

# ------------------------------------------------------------- commands
# Names index the results; argv is what is run, stdout to /dev/null.
names=(nsls nsls_procs nsls_net lsns ps walk)
declare -A argv label
argv[nsls]="$nsls"
# what lsns looks at (processes only): no fds, mounts, ancestors
argv[nsls_procs]="$nsls --sources=processes"
argv[nsls_net]="$nsls -t net"
argv[lsns]="$lsns"
argv[ps]="$ps -eo pid,ipcns,mntns,netns,pidns,userns,utsns"
argv[walk]="$bindir/walk"
for n in "${names[@]}"; do
	label[$n]=${argv[$n]//"$top"\//}
done

now_ns() { date +%s%N; }

# The process count as README.md defines it; pid names are plain digits.
# shellcheck disable=SC2010
proc_count() { ls /proc | grep -c '^[0-9]'; }

# median of nanosecond values on stdin, printed in ms
median_ms() {
	sort -n | awk '{ a[NR] = $1 }
		END { m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
		      printf "%.1f", m / 1e6 }'
}

# time_cmd NAME RUNS: prints "MEDIAN_MS CPU_MS" (CPU: mean user+sys, or
# n/a without hyperfine); hyperfine's report goes to stderr
time_cmd() {
	local name=$1 runs=$2 i t0
	local -a cmd
	read -ra cmd <<<"${argv[$name]}"

	if ((use_hf)); then
		# -N: no intermediate shell, whose startup would swamp walk
		hyperfine -N --style basic --warmup 0 --runs "$runs" \
			--command-name "$name" --export-csv "$tmp/$name.csv" \
			"${argv[$name]}" >&2 {pg_in}>&-
		# command,mean,stddev,median,user,system,min,max (seconds)
		awk -F, 'NR == 2 { printf "%.1f %.1f\n", $4 * 1000, ($5 + $6) * 1000 }' \
			"$tmp/$name.csv"
		return
	fi
	for ((i = 0; i < runs; i++)); do
		t0=$(now_ns)
		"${cmd[@]}" >/dev/null 2>&1 {pg_in}>&-
		echo $(($(now_ns) - t0))
	done | median_ms
	echo " n/a"
}

# cpu_busy SECS: percentage of all CPUs busy over SECS seconds, from
# /proc/stat.  Our population only sleeps, so this is everyone else.
cpu_busy() {
	local a b

	a=$(head -1 /proc/stat)
	sleep "$1"
	b=$(head -1 /proc/stat)
	awk -v a="$a" -v b="$b" 'BEGIN {
		na = split(a, x); split(b, y)
		for (i = 2; i <= na; i++) {
			d = y[i] - x[i]; tot += d
			if (i == 5 || i == 6) idle += d	# idle, iowait
		}
		printf "%.0f\n", (tot > 0) ? 100 * (tot - idle) / tot : 0
	}'
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.1fx", a / b; else print "n/a" }'
}

# A busy machine skews every number here; say so up front.  The load
# average is no use for this: it lags, and popgen's own setup and teardown
# (thousands of runnable tasks for a moment) inflate it.
busy=$(cpu_busy 1)
if ((busy > 10)); then
	log "warning: CPUs ${busy}% busy before starting; results will be noisy"
	notes+=("CPUs were ${busy}% busy before the benchmark started: another workload was running; wall times are inflated, CPU times less so")
fi

# ---------------------------------------------------------------- runs
for size in "${sizes[@]}"; do
	sets=$((size / SETS_PER))
	((sets >= 10)) || sets=10
	log "size $size: starting popgen ($sets namespace sets)"
	mkfifo "$tmp/popgen.in"
	rm -f "$tmp/ready"
	t0=$(now_ns)
	"$bindir/popgen" -n "$size" -m "$sets" -q -r "$tmp/ready" \
		<"$tmp/popgen.in" >/dev/null 2>"$tmp/popgen.log" &
	popgen_pid=$!
	# holding the write end open is what keeps popgen alive
	exec {pg_in}>"$tmp/popgen.in"
	rm -f "$tmp/popgen.in"
	for ((i = 0; i < READY_TIMEOUT * 10; i++)); do
		[[ -e $tmp/ready ]] && break
		if ! kill -0 "$popgen_pid" 2>/dev/null; then
			cat "$tmp/popgen.log" >&2
			die "popgen failed for size $size (see its messages above)"
		fi
		sleep 0.1
	done
	[[ -e $tmp/ready ]] || die "popgen not ready after ${READY_TIMEOUT}s"
	setup_s=$(awk -v ns=$(($(now_ns) - t0)) 'BEGIN { printf "%.1f", ns / 1e9 }')
	threads=$(sed -n 's/.* threads=\([0-9]*\).*/\1/p' "$tmp/ready")
	busy=$(cpu_busy "$SETTLE")

	procs=$(proc_count)
	tasks=$(awk '{ split($4, a, "/"); print a[2] }' /proc/loadavg)
	walk_out=$("$bindir/walk")
	nscount=$(sed -n 's/.*namespaces=\([0-9]*\).*/\1/p' <<<"$walk_out")
	log "size $size: ready in ${setup_s}s; $procs processes, $tasks tasks; walk: $walk_out"

	declare -A med=() cpu=() nruns=()
	for n in "${names[@]}"; do
		# The warm-up run primes the dentry cache, gives the output
		# size, and tells how many runs fit in CMD_BUDGET.
		read -ra cmd <<<"${argv[$n]}"
		t0=$(now_ns)
		"${cmd[@]}" >"$tmp/$n.out" 2>/dev/null {pg_in}>&- ||
			die "${label[$n]} failed"
		warm_ms=$((($(now_ns) - t0) / 1000000))
		lines[$n]=$(wc -l <"$tmp/$n.out")
		r=$RUNS
		if ((warm_ms * RUNS > CMD_BUDGET * 1000)); then
			r=$((CMD_BUDGET * 1000 / (warm_ms > 0 ? warm_ms : 1)))
			((r >= MIN_RUNS)) || r=$MIN_RUNS
			((r <= RUNS)) || r=$RUNS
		fi
		nruns[$n]=$r
		if ((r < RUNS)); then
			notes+=("size $size: ${n/_net/ -t net} got $r runs instead of $RUNS (one run took ${warm_ms} ms; CMD_BUDGET=${CMD_BUDGET}s)")
			log "${notes[-1]}"
		fi
		log "size $size: timing ${label[$n]} ($r runs)"
		read -r "med[$n]" "cpu[$n]" < <(time_cmd "$n" "$r") || true
		[[ -n ${med[$n]} ]] || die "timing ${label[$n]} failed"
	done

	declare -A cell=()
	for n in "${names[@]}"; do
		cell[$n]=${med[$n]}
		((nruns[$n] == RUNS)) || cell[$n]+=" (${nruns[$n]} runs)"
	done
	rows+=("| $size | $procs | $tasks | $nscount | ${cell[nsls]} | ${cell[nsls_procs]} | ${cell[nsls_net]} | ${cell[lsns]} | ${cell[ps]} | ${cell[walk]} | $(ratio "${med[lsns]}" "${med[nsls]}") | $(ratio "${med[lsns]}" "${med[nsls_procs]}") | $(ratio "${med[nsls]}" "${med[walk]}") | $(ratio "${med[nsls_procs]}" "${med[walk]}") |")
	cpurows+=("| $size | ${cpu[nsls]} | ${cpu[nsls_procs]} | ${cpu[nsls_net]} | ${cpu[lsns]} | ${cpu[ps]} | ${cpu[walk]} | $(ratio "${cpu[lsns]}" "${cpu[nsls]}") | $(ratio "${cpu[nsls]}" "${cpu[walk]}") |")
	checks+=("| $size | $setup_s | $threads | $busy | ${lines[nsls]} | ${lines[lsns]} | ${lines[nsls_net]} | ${lines[ps]} |")

	log "size $size: stopping popgen"
	t0=$(now_ns)
	stop_popgen
	for ((i = 0; i < 100; i++)); do
		left=$(pgrep -c popgen || true)
		((left == 0)) && break
		sleep 0.1
	done
	((left == 0)) || die "$left popgen processes left after cleanup"
	log "size $size: cleaned up in $((($(now_ns) - t0) / 1000000)) ms; $(proc_count) processes left in /proc"
	unset med cpu nruns cell
done

# -------------------------------------------------------------- report
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
{
	echo "# nsinfo benchmark results"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC') · kernel $(uname -r) ($(uname -m)) · CPU: ${cpu_model:-unknown} × $(nproc) · $mem RAM · timer: $timer, median of $RUNS runs after 1 warm-up run · $(lsns --version) · ps from $(ps --version | sed 's/^ps from //')"
	echo
	echo "Commands (stdout to /dev/null, all timed on the same population):"
	echo
	echo "- population: \`build/bench/popgen -n SIZE -m SIZE/$SETS_PER\` (${SETS_PER} processes per namespace set, every 10th worker with 4 threads)"
	for n in "${names[@]}"; do
		echo "- $n: \`${label[$n]} >/dev/null\`"
	done
	[[ -n ${LD_LIBRARY_PATH:-} ]] && echo "- environment: \`LD_LIBRARY_PATH=${LD_LIBRARY_PATH//"$top"\//}\`"
	if ((use_hf)); then
		echo "- timer: \`hyperfine -N --warmup 0 --runs R CMD\`, after one warm-up run of CMD by run.sh"
	fi
	echo
	echo "Times are medians in milliseconds."
	echo
	echo "| size | procs in /proc | tasks | namespaces (walk) | nsls | nsls_procs | nsls -t net | lsns | ps | walk | lsns / nsls | lsns / nsls_procs | nsls / walk | nsls_procs / walk |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s\n' "${rows[@]}"
	echo
	echo "CPU time (user + system, mean of the timed runs, ms): less disturbed than wall time when other work competes for the CPUs."
	echo
	echo "| size | nsls | nsls_procs | nsls -t net | lsns | ps | walk | lsns / nsls | nsls / walk |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s\n' "${cpurows[@]}"
	echo
	echo "Sanity checks: popgen setup time, threads it created, % of CPU busy with other work during the ${SETTLE} s before timing (the population only sleeps), and output lines of the warm-up runs (headers included)."
	echo
	echo "| size | popgen setup s | threads | other CPU busy % | nsls lines | lsns lines | nsls -t net lines | ps lines |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s\n' "${checks[@]}"
	if ((${#notes[@]})); then
		echo
		echo "Notes:"
		echo
		printf -- '- %s\n' "${notes[@]}"
	fi
} >"$RESULTS"
log "wrote ${RESULTS#"$top"/}"
cat "$RESULTS"
