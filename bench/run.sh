#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# bench/run.sh [SIZE...] - time nsls against lsns, ps and a bare /proc walk
# on synthetic process populations made by bench/popgen.
#
# For every SIZE (default: 1000 5000 10000 processes) it starts popgen, waits
# for it to report ready, times every command on that same population, tears
# the population down and checks that nothing was left behind.  On the same
# population it also times a warm libnsinfo scanner refresh against a cold
# nsinfo_snapshot_new() (bench/refresh.c), top -b -n 1 and a monitor-like ps,
# and at one size the memory of a scanner refreshed while processes and
# namespaces come and go.  The medians go to bench/RESULTS.md as Markdown
# tables.  See bench/README.md.
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
#   REFRESH=0      skip the scanner refresh tables (bench/refresh.c)
#   REFRESH_N=N    timed refreshes per cold/warm measurement (default 21; the
#                  median is kept; CMD_BUDGET cuts it down, to at least 3)
#   RSS_SIZE=SIZE  size at which the scanner memory is measured (default
#                  1000 if it is one of the sizes, else the first size; 0:
#                  not at all)
#   RSS_N=N        refreshes of that scanner (default 1000)
#   CHURN_MAX=S    the churn loop run during it stops by itself after S
#                  seconds (default 900); it is killed when RSS_N is done
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
REFRESH=${REFRESH:-1}
REFRESH_N=${REFRESH_N:-21}
RSS_N=${RSS_N:-1000}
CHURN_MAX=${CHURN_MAX:-900}

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
for v in RUNS MIN_RUNS CMD_BUDGET SETS_PER REFRESH_N RSS_N CHURN_MAX; do
	[[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v='${!v}' is not a positive number"
done
((MIN_RUNS <= RUNS)) || MIN_RUNS=$RUNS
[[ $REFRESH == [01] ]] || die "REFRESH='$REFRESH' is not 0 or 1"
if [[ -z ${RSS_SIZE:-} ]]; then
	RSS_SIZE=${sizes[0]}
	for s in "${sizes[@]}"; do
		[[ $s != 1000 ]] || RSS_SIZE=1000
	done
fi
[[ $RSS_SIZE =~ ^[0-9]+$ ]] || die "RSS_SIZE='$RSS_SIZE' is not a number"
((REFRESH)) || RSS_SIZE=0
[[ $EUID -eq 0 ]] || die "must run as root: popgen creates pid, net, mnt... namespaces"

# Leftovers would both skew the numbers and be counted as ours.
if pgrep popgen >/dev/null; then
	die "popgen processes are already running ($(pgrep -c popgen)); stop them first"
fi
# the churn loop's processes (see start_churn)
if pgrep -x nsinfo-churn >/dev/null; then
	die "nsinfo-churn processes are already running; another bench/run.sh?"
fi

tmp=$(mktemp -d /tmp/nsinfo-bench.XXXXXX)
popgen_pid=
pg_in=
churn_pid=
rss_pid=

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

# start_churn: while the scanner memory is measured, processes in new net
# and uts namespaces come and go: every 50 ms one more, each living 200 ms
# (about 4 at a time).  They exec a symlink to sleep named nsinfo-churn, so
# that stop_churn can check that none is left.  Bounded by CHURN_MAX even
# if this script is killed with SIGKILL.
start_churn() {
	ln -sf "$(command -v sleep)" "$tmp/nsinfo-churn"
	(
		trap 'exit 0' TERM
		end=$((SECONDS + CHURN_MAX))
		while ((SECONDS < end)); do
			unshare --net --uts "$tmp/nsinfo-churn" 0.2 &
			sleep 0.05
		done
		wait
	) </dev/null >/dev/null 2>&1 {pg_in}>&- &
	churn_pid=$!
}

# stop_churn [check]: stop the loop; with "check", fail if any of its
# processes is still there after 3 s (each lives 0.2 s)
stop_churn() {
	local i

	[[ -n $churn_pid ]] || return 0
	kill -TERM "$churn_pid" 2>/dev/null || true
	wait "$churn_pid" 2>/dev/null || true
	churn_pid=
	for ((i = 0; i < 30; i++)); do
		pgrep -x nsinfo-churn >/dev/null || return 0
		sleep 0.1
	done
	[[ ${1:-} != check ]] || die "churn processes left after cleanup: $(pgrep -x nsinfo-churn | tr '\n' ' ')"
}

on_exit() {
	local rc=$?

	if [[ -n $rss_pid ]]; then
		kill -TERM "$rss_pid" 2>/dev/null || true
		wait "$rss_pid" 2>/dev/null || true
	fi
	stop_churn
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
if ((REFRESH)); then
	# bench/refresh.c links against the library that make builds
	if [[ ! -e $top/build/lib/libnsinfo.so ]]; then
		log "build/lib/libnsinfo.so missing: running make"
		make -C "$top" >&2 || die "make failed; REFRESH=0 skips the scanner tables"
	fi
	log "building refresh into ${bindir#"$top"/}"
	$CC -std=gnu11 -O2 -Wall -Wextra -Werror -I"$top/libnsinfo/include" \
		-o "$bindir/refresh" "$top/bench/refresh.c" \
		-L"$top/build/lib" -lnsinfo -Wl,-rpath,"$top/build/lib"
	top_cmd=$(command -v top) || die "top (procps) not installed; REFRESH=0 skips the scanner tables"
	command -v unshare >/dev/null || die "unshare (util-linux) not installed"
	"$bindir/refresh" cold 1 links >/dev/null || die "build/bench/refresh fails"
fi
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
refrows=()
anchorrows=()
rssrows=()
rssinfo=
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
# the anchors of the scanner refresh table: what a monitor is compared with
anchors=()
if ((REFRESH)); then
	anchors=(top ps_mon)
	argv[top]="$top_cmd -b -n 1"
	argv[ps_mon]="$ps -e -o pid,ppid,user,stat,pcpu,rss,nlwp,lstart,cgroupns,ipcns,mntns,netns,pidns,userns,utsns,cgroup,args"
fi
refsets=(nstop nsls)
for n in "${names[@]}" "${anchors[@]}"; do
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

# bench_cmd NAME: one warm-up run, then the timed runs of NAME on the
# current population; sets med[NAME], cpu[NAME], nruns[NAME], lines[NAME]
bench_cmd() {
	local n=$1 warm_ms r t0
	local -a cmd

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
}

# field KEY LINE: the value of KEY=VALUE in a line of refresh's output
field() {
	sed -n "s/.*\\<$1=\\([^ ]*\\).*/\\1/p" <<<"$2"
}

# bench_refresh SIZE: cold and warm refreshes of each flag set, then the
# anchors (top, ps), all on the current population; adds table rows
bench_refresh() {
	local size=$1 fs mode out
	declare -A rc=() rw=() rn=()

	for fs in "${refsets[@]}"; do
		for mode in cold warm; do
			log "size $size: refresh $mode $REFRESH_N $fs"
			out=$("$bindir/refresh" "$mode" "$REFRESH_N" "$fs" "$CMD_BUDGET" {pg_in}>&-) ||
				die "build/bench/refresh $mode $REFRESH_N $fs failed"
			log "  $out"
			rc[$mode.$fs]=$(awk -v v="$(field cpu_ms_median "$out")" 'BEGIN { printf "%.1f", v }')
			rw[$mode.$fs]=$(awk -v v="$(field wall_ms_median "$out")" 'BEGIN { printf "%.1f", v }')
			rn[$mode.$fs]=$(field n "$out")
			if ((rn[$mode.$fs] < REFRESH_N)); then
				notes+=("size $size: refresh $mode $fs got ${rn[$mode.$fs]} refreshes instead of $REFRESH_N (CMD_BUDGET=${CMD_BUDGET}s)")
				log "${notes[-1]}"
			fi
		done
		refrows+=("| $size | $fs | ${rc[cold.$fs]} | ${rc[warm.$fs]} | $(ratio "${rc[cold.$fs]}" "${rc[warm.$fs]}") | ${rw[cold.$fs]} | ${rw[warm.$fs]} | $(ratio "${rw[cold.$fs]}" "${rw[warm.$fs]}") | ${rn[cold.$fs]} / ${rn[warm.$fs]} |")
	done
	for n in "${anchors[@]}"; do
		bench_cmd "$n"
	done
	anchorrows+=("| $size | ${med[top]} | ${cpu[top]} | ${med[ps_mon]} | ${cpu[ps_mon]} | ${rw[warm.nstop]} | ${rc[warm.nstop]} | $(ratio "${med[top]}" "${rw[warm.nstop]}") | $(ratio "${cpu[top]}" "${rc[warm.nstop]}") | $(ratio "${med[ps_mon]}" "${rw[warm.nstop]}") | $(ratio "${cpu[ps_mon]}" "${rc[warm.nstop]}") | ${lines[top]} | ${lines[ps_mon]} |")
}

# bench_rss SIZE: one nstop scanner refreshed RSS_N times while start_churn
# makes processes and namespaces come and go
bench_rss() {
	local size=$1 line t0

	log "size $size: refresh rss $RSS_N nstop, with churn"
	start_churn
	t0=$(now_ns)
	# in the background: a signal to this script must not wait for
	# RSS_N refreshes (bash runs traps only once a foreground child ends)
	"$bindir/refresh" rss "$RSS_N" nstop >"$tmp/rss.out" {pg_in}>&- &
	rss_pid=$!
	wait "$rss_pid" || die "build/bench/refresh rss $RSS_N nstop failed"
	rss_pid=
	rssinfo="size $size, \`build/bench/refresh rss $RSS_N nstop\`, $(awk -v ns=$(($(now_ns) - t0)) 'BEGIN { printf "%.1f", ns / 1e9 }') s"
	stop_churn check
	while read -r line; do
		log "  $line"
		rssrows+=("| $(field refreshes "$line") | $(field maxrss_kib "$line") | $(field rss_kib "$line") | $(field namespaces "$line") (max $(field namespaces_max "$line")) | $(field procs "$line") (max $(field procs_max "$line")) | $(field ns_new "$line") / $(field ns_gone "$line") | $(field proc_born "$line") / $(field proc_exited "$line") |")
	done <"$tmp/rss.out"
}

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
		bench_cmd "$n"
	done

	declare -A cell=()
	for n in "${names[@]}"; do
		cell[$n]=${med[$n]}
		((nruns[$n] == RUNS)) || cell[$n]+=" (${nruns[$n]} runs)"
	done
	rows+=("| $size | $procs | $tasks | $nscount | ${cell[nsls]} | ${cell[nsls_procs]} | ${cell[nsls_net]} | ${cell[lsns]} | ${cell[ps]} | ${cell[walk]} | $(ratio "${med[lsns]}" "${med[nsls]}") | $(ratio "${med[lsns]}" "${med[nsls_procs]}") | $(ratio "${med[nsls]}" "${med[walk]}") | $(ratio "${med[nsls_procs]}" "${med[walk]}") |")
	cpurows+=("| $size | ${cpu[nsls]} | ${cpu[nsls_procs]} | ${cpu[nsls_net]} | ${cpu[lsns]} | ${cpu[ps]} | ${cpu[walk]} | $(ratio "${cpu[lsns]}" "${cpu[nsls]}") | $(ratio "${cpu[nsls]}" "${cpu[walk]}") |")
	checks+=("| $size | $setup_s | $threads | $busy | ${lines[nsls]} | ${lines[lsns]} | ${lines[nsls_net]} | ${lines[ps]} |")

	if ((REFRESH)); then
		bench_refresh "$size"
		((size != RSS_SIZE)) || bench_rss "$size"
	fi

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
	if ((REFRESH)); then
		echo
		echo "## Scanner refresh (issue 8)"
		echo
		echo "What a live tool pays per refresh, on the same populations as above, in the same run: \`build/bench/refresh cold|warm $REFRESH_N FLAGSET $CMD_BUDGET\`. cold: $REFRESH_N × (\`nsinfo_snapshot_new()\` + unref), after one untimed one; warm: one \`nsinfo_scanner\`, one untimed first refresh, then $REFRESH_N × (\`nsinfo_scanner_refresh()\` + unref). Medians per refresh in ms; CPU is \`CLOCK_PROCESS_CPUTIME_ID\` (the library's scan threads included), wall is \`CLOCK_MONOTONIC\`. The population does not change between refreshes, so warm is the scanner's best case."
		echo
		echo "- nsls: \`NSINFO_SCAN_FOR_CHILDREN | FDS | MOUNTS | RELATIONS | INFO_LEADERS\` (what plain nsls reads)"
		echo "- nstop: \`NSINFO_SCAN_RELATIONS | INFO_ALL | TASK_STATS | CONTAINERS\` (what a monitor reads)"
		echo
		echo "| size | flags | cold cpu | warm cpu | cold / warm cpu | cold wall | warm wall | cold / warm wall | refreshes cold / warm |"
		echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
		printf '%s\n' "${refrows[@]}"
		echo
		echo "The anchors a monitor is compared with, timed like the commands of the first table (hyperfine median wall, mean user + sys CPU, ms; output lines of the warm-up run), against the warm nstop refresh above:"
		echo
		echo "- top: \`${label[top]} >/dev/null\` (procps top sleeps 0.15 s between its two reads of /proc, for %CPU, so its wall time is mostly that sleep: compare CPU)"
		echo "- ps: \`${label[ps_mon]} >/dev/null\` (about the columns of nstop)"
		echo
		echo "| size | top wall | top cpu | ps wall | ps cpu | warm nstop wall | warm nstop cpu | top / warm wall | top / warm cpu | ps / warm wall | ps / warm cpu | top lines | ps lines |"
		echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
		printf '%s\n' "${anchorrows[@]}"
		if ((${#rssrows[@]})); then
			echo
			echo "### Memory of a long-running scanner"
			echo
			echo "One nstop scanner refreshed $RSS_N times ($rssinfo), each snapshot dropped after the next refresh, while a loop starts a process in new net and uts namespaces every 50 ms, each living 200 ms (\`unshare --net --uts sleep 0.2\`). maxrss is getrusage \`ru_maxrss\`, RSS is the resident field of \`/proc/self/statm\` (both KiB; they are counted differently and can differ by a few pages). namespaces and procs: in that refresh's snapshot (the largest so far in brackets: a peak of the population explains a step in maxrss). The last two columns add up \`nsinfo_scanner_diff()\` over all refreshes so far."
			echo
			echo "| refreshes | maxrss KiB | current RSS KiB | namespaces | procs | namespaces new / gone | procs born / exited |"
			echo "|---:|---:|---:|---:|---:|---:|---:|"
			printf '%s\n' "${rssrows[@]}"
		fi
	fi
	if ((${#notes[@]})); then
		echo
		echo "Notes:"
		echo
		printf -- '- %s\n' "${notes[@]}"
	fi
} >"$RESULTS"
log "wrote ${RESULTS#"$top"/}"
cat "$RESULTS"
