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
#   SETS_PER=K     processes per namespace set (default 20; 10 with
#                  ONLY=kernel, so that 10000 processes make 1000 sets)
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
#   NSTOP=0        skip the "nstop beside top (issue 9)" section: per-refresh
#                  CPU of nstop, top and htop, nstop's RSS over many frames,
#                  and a profile of nstop
#   ONLY=nstop     run that section alone: no nsls/lsns table, no scanner
#                  tables; RESULTS keeps everything else and only the
#                  nstop section is replaced (or added)
#   NSTOP_BIN=PATH nstop binary (default build/bin/nstop, made with "make")
#   NSTOP_N=N      refreshes timed per tool and size (default 20): a run
#                  of N+1 frames minus a run of 1 frame, over N
#   NSTOP_DELAY=S  seconds between frames for nstop, top and htop (default
#                  0.2; htop takes tenths of seconds, so a multiple of 0.1)
#   NSTOP_RUNS=N   runs of each of those commands (default 5; medians)
#   HTOP=0         do not measure htop (it is run in a tmux pane under
#                  strace; installed with apt-get when missing)
#   HTOP_WINDOW=S  seconds of each of htop's NSTOP_RUNS measuring windows
#                  (default 4)
#   NSTOP_RSS_SIZE=SIZE  size at which nstop's RSS is followed over frames
#                  (default 500; a size not in the list gets a population
#                  of its own after the others; 0: not at all)
#   NSTOP_RSS_N=N  frames of that run (default 10000), VmRSS read about
#                  every NSTOP_RSS_EVERY (default 100) frames
#   NSTOP_PERF=0   no profile of nstop (default: perf record of
#                  NSTOP_PERF_N frames, default 20, at the largest size;
#                  strace -c when perf is missing)
#   KERNEL=0       skip the "Kernel source (issue 11)" section: nsls with
#                  --source=kernel, proc and auto beside lsns and walk
#                  (wall, CPU and peak RSS, from build/bench/cpurun),
#                  SOURCE=proc and kernel scanner refreshes, nstop
#                  --source=kernel beside --source=proc, top and htop, and
#                  nstop --source=kernel's RSS over NSTOP_RSS_N frames
#   ONLY=kernel    run that section alone (no other table), replacing
#                  only it in RESULTS (or adding it); NSTOP_N, NSTOP_RUNS,
#                  NSTOP_DELAY, HTOP, REFRESH_N, RUNS and CMD_BUDGET apply
#   KERNEL_RSS_SIZE=SIZE  size of its nstop --source=kernel memory run
#                  (default 1000 if it is one of the sizes, else the
#                  first; a size not in the list gets a population of its
#                  own after the others; 0: not at all)
#   QUIET_WAIT=S   before each population, wait up to S seconds (default
#                  0: not at all) until the CPUs are less than QUIET_BUSY %
#                  (default 15) busy over 5 s; the notes say how long
#   CODE_REV=TEXT  what the kernel section says was measured (default: git
#                  describe --always --dirty of the tree, if it is one)
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# command lines are kept as words in strings: no spaces in paths
[[ $top != *[[:space:]]* ]] || { echo "bench: error: path '$top' has spaces" >&2; exit 1; }
bindir=$top/build/bench
RUNS=${RUNS:-7}
MIN_RUNS=${MIN_RUNS:-3}
CMD_BUDGET=${CMD_BUDGET:-60}
if [[ -z ${SETS_PER:-} ]]; then
	SETS_PER=20
	# issue 11's population: 10000 processes in 1000 sets
	[[ ${ONLY:-} != kernel ]] || SETS_PER=10
fi
RESULTS=${RESULTS:-$top/bench/RESULTS.md}
CC=${CC:-cc}
READY_TIMEOUT=${READY_TIMEOUT:-300}
SETTLE=${SETTLE:-2}
REFRESH=${REFRESH:-1}
REFRESH_N=${REFRESH_N:-21}
RSS_N=${RSS_N:-1000}
CHURN_MAX=${CHURN_MAX:-900}
NSTOP=${NSTOP:-1}
ONLY=${ONLY:-}
NSTOP_N=${NSTOP_N:-20}
NSTOP_DELAY=${NSTOP_DELAY:-0.2}
NSTOP_RUNS=${NSTOP_RUNS:-5}
HTOP=${HTOP:-1}
HTOP_WINDOW=${HTOP_WINDOW:-4}
NSTOP_RSS_N=${NSTOP_RSS_N:-10000}
NSTOP_RSS_EVERY=${NSTOP_RSS_EVERY:-100}
NSTOP_PERF=${NSTOP_PERF:-1}
NSTOP_PERF_N=${NSTOP_PERF_N:-20}
KERNEL=${KERNEL:-1}
QUIET_WAIT=${QUIET_WAIT:-0}
QUIET_BUSY=${QUIET_BUSY:-15}

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
for v in RUNS MIN_RUNS CMD_BUDGET SETS_PER REFRESH_N RSS_N CHURN_MAX \
	NSTOP_N NSTOP_RUNS HTOP_WINDOW NSTOP_RSS_N NSTOP_RSS_EVERY NSTOP_PERF_N; do
	[[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v='${!v}' is not a positive number"
done
((MIN_RUNS <= RUNS)) || MIN_RUNS=$RUNS
for v in QUIET_WAIT QUIET_BUSY; do
	[[ ${!v} =~ ^[0-9]+$ ]] || die "$v='${!v}' is not a number"
done
for v in REFRESH NSTOP HTOP NSTOP_PERF KERNEL; do
	[[ ${!v} == [01] ]] || die "$v='${!v}' is not 0 or 1"
done
[[ $NSTOP_DELAY =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "NSTOP_DELAY='$NSTOP_DELAY' is not a number of seconds"
# htop's -d is in tenths of a second
htop_d=$(awk -v d="$NSTOP_DELAY" 'BEGIN { t = d * 10; if (t >= 1 && t == int(t)) print t }')
[[ -n $htop_d ]] || die "NSTOP_DELAY='$NSTOP_DELAY' is not a multiple of 0.1 s (htop's -d is in tenths)"
# LISTING: the first table (nsls, lsns, ps, walk) and its sanity checks
LISTING=1
case $ONLY in
'') ;;
nstop) LISTING=0 REFRESH=0 NSTOP=1 KERNEL=0 ;;
kernel) LISTING=0 REFRESH=0 NSTOP=0 KERNEL=1 ;;
*) die "ONLY='$ONLY': only ONLY=nstop and ONLY=kernel are known" ;;
esac
if [[ -z ${RSS_SIZE:-} ]]; then
	RSS_SIZE=${sizes[0]}
	for s in "${sizes[@]}"; do
		[[ $s != 1000 ]] || RSS_SIZE=1000
	done
fi
[[ $RSS_SIZE =~ ^[0-9]+$ ]] || die "RSS_SIZE='$RSS_SIZE' is not a number"
((REFRESH)) || RSS_SIZE=0
# 10000 frames of nstop at 1000 processes take more than 10 minutes on a
# 2-CPU machine: 500 by default, a population of its own
NSTOP_RSS_SIZE=${NSTOP_RSS_SIZE:-500}
[[ $NSTOP_RSS_SIZE =~ ^[0-9]+$ ]] || die "NSTOP_RSS_SIZE='$NSTOP_RSS_SIZE' is not a number"
# the profile is taken at the largest size
perf_size=0
if ((NSTOP && NSTOP_PERF)); then
	for s in "${sizes[@]}"; do
		((s <= perf_size)) || perf_size=$s
	done
fi
((NSTOP)) || NSTOP_RSS_SIZE=0
if [[ -z ${KERNEL_RSS_SIZE:-} ]]; then
	KERNEL_RSS_SIZE=${sizes[0]}
	for s in "${sizes[@]}"; do
		[[ $s != 1000 ]] || KERNEL_RSS_SIZE=1000
	done
fi
[[ $KERNEL_RSS_SIZE =~ ^[0-9]+$ ]] || die "KERNEL_RSS_SIZE='$KERNEL_RSS_SIZE' is not a number"
((KERNEL)) || KERNEL_RSS_SIZE=0
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
nstop_rss_pid=
htop_sock=
htop_pid=
htop_strace_pid=

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

# stop_htop: quit the htop of bench_htop (q, then the tmux server), and
# make sure neither it nor its strace is left
stop_htop() {
	local i p

	[[ -n $htop_sock ]] || return 0
	if [[ -n $htop_pid ]]; then
		tmux -S "$htop_sock" send-keys -t htop q 2>/dev/null || true
		for ((i = 0; i < 30; i++)); do
			kill -0 "$htop_pid" 2>/dev/null || break
			sleep 0.1
		done
	fi
	tmux -S "$htop_sock" kill-server 2>/dev/null || true
	for p in $htop_pid $htop_strace_pid; do
		for ((i = 0; i < 30; i++)); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$p" 2>/dev/null || true
	done
	htop_sock='' htop_pid='' htop_strace_pid=''
}

on_exit() {
	local rc=$?

	if [[ -n $rss_pid ]]; then
		kill -TERM "$rss_pid" 2>/dev/null || true
		wait "$rss_pid" 2>/dev/null || true
	fi
	if [[ -n $nstop_rss_pid ]]; then
		kill -TERM "$nstop_rss_pid" 2>/dev/null || true
		wait "$nstop_rss_pid" 2>/dev/null || true
	fi
	stop_htop
	stop_churn
	if [[ -n ${watch_pid:-} ]]; then
		kill -TERM "$watch_pid" 2>/dev/null || true
		wait "$watch_pid" 2>/dev/null || true
	fi
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

# apt_install PKG...: install with apt-get (unless NO_INSTALL=1), updating
# the package lists only if the first try fails; the log is apt.log
apt_install() {
	[[ ${NO_INSTALL:-0} != 1 ]] && command -v apt-get >/dev/null || return 1
	log "installing $* with apt-get"
	apt-get install -y "$@" >>"$bindir/apt.log" 2>&1 && return 0
	{ apt-get update && apt-get install -y "$@"; } >>"$bindir/apt.log" 2>&1
}

if ((LISTING || KERNEL)); then
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
fi
if ((NSTOP || KERNEL)); then
	if [[ -n ${NSTOP_BIN:-} ]]; then
		nstop_bin=$(command -v "$NSTOP_BIN") || die "NSTOP_BIN=$NSTOP_BIN: not found"
	else
		nstop_bin=$top/build/bin/nstop
		if [[ ! -x $nstop_bin ]]; then
			log "build/bin/nstop missing: running make"
			make -C "$top" >&2 || die "make failed; set NSTOP_BIN=... or NSTOP=0"
		fi
		[[ -x $nstop_bin ]] || die "$nstop_bin not built by make; set NSTOP_BIN=... or NSTOP=0"
	fi
fi
if [[ -d $top/build/lib ]]; then
	export LD_LIBRARY_PATH=$top/build/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
fi
if ((LISTING || KERNEL)); then
	lsns=$(command -v lsns) || die "lsns (util-linux) not installed"
	ps=$(command -v ps) || die "ps (procps) not installed"
fi
if ((REFRESH || KERNEL)); then
	# bench/refresh.c links against the library that make builds
	if [[ ! -e $top/build/lib/libnsinfo.so ]]; then
		log "build/lib/libnsinfo.so missing: running make"
		make -C "$top" >&2 || die "make failed; REFRESH=0 skips the scanner tables"
	fi
	log "building refresh into ${bindir#"$top"/}"
	$CC -std=gnu11 -O2 -Wall -Wextra -Werror -I"$top/libnsinfo/include" \
		-o "$bindir/refresh" "$top/bench/refresh.c" \
		-L"$top/build/lib" -lnsinfo -Wl,-rpath,"$top/build/lib"
	"$bindir/refresh" cold 1 links >/dev/null || die "build/bench/refresh fails"
fi
if ((REFRESH || NSTOP || KERNEL)); then
	top_cmd=$(command -v top) || die "top (procps) not installed; REFRESH=0 NSTOP=0 KERNEL=0 skip the tables that need it"
	command -v unshare >/dev/null || die "unshare (util-linux) not installed"
fi
((!LISTING)) || "$nsls" >/dev/null || die "$nsls exits with an error; not timing it"
if ((KERNEL)); then
	# the section is about the kernel source: it must work here (the
	# tools and the library say why not on stderr)
	"$nsls" --source=kernel >/dev/null 2>"$tmp/kcheck.err" ||
		die "$nsls --source=kernel fails: $(head -c 300 "$tmp/kcheck.err"); KERNEL=0 skips its section"
	SOURCE=kernel "$bindir/refresh" warm 1 links >/dev/null 2>"$tmp/kcheck.err" ||
		die "SOURCE=kernel build/bench/refresh fails: $(head -c 300 "$tmp/kcheck.err"); KERNEL=0 skips its section"
	"$nstop_bin" --source=kernel -b -d 0 -n 1 >/dev/null 2>"$tmp/kcheck.err" ||
		die "$nstop_bin --source=kernel -b -n 1 fails: $(head -c 300 "$tmp/kcheck.err"); KERNEL=0 skips its section"
fi
if ((NSTOP || KERNEL)); then
	log "building cpurun into ${bindir#"$top"/}"
	$CC -std=gnu11 -O2 -Wall -Wextra -Werror -o "$bindir/cpurun" "$top/bench/cpurun.c"
	"$nstop_bin" --source=proc -b -d 0 -n 1 >/dev/null ||
		die "$nstop_bin --source=proc -b -n 1 exits with an error; not timing it"
	# htop has no batch mode: it runs in a tmux pane, under strace (its
	# refreshes are counted from its poll() timeouts, see bench_htop)
	if ((HTOP)); then
		missing=()
		for c in htop tmux strace; do
			command -v $c >/dev/null || missing+=("$c")
		done
		if ((${#missing[@]})) && ! apt_install "${missing[@]}"; then
			log "could not install ${missing[*]} ($bindir/apt.log)"
		fi
		htop_why=
		for c in htop tmux strace; do
			command -v $c >/dev/null || htop_why+="${htop_why:+, }$c not installed"
		done
		if [[ $(uname -m) != x86_64 ]]; then
			# bench_htop reads poll()'s number and timeout in /proc/PID/syscall
			htop_why+="${htop_why:+, }not x86_64"
		fi
		[[ -r /proc/self/schedstat ]] || htop_why+="${htop_why:+, }no /proc/PID/schedstat"
		if [[ -n $htop_why ]]; then
			log "not measuring htop: $htop_why"
			HTOP=0
		else
			htop_ver=$(htop --version | awk 'NR == 1 { print $2 }')
		fi
	fi
	if ((perf_size)); then
		if ! command -v perf >/dev/null || ! perf --version >/dev/null 2>&1; then
			apt_install linux-perf || log "could not install linux-perf ($bindir/apt.log)"
		fi
		prof_tool=
		if perf --version >/dev/null 2>&1 &&
		   perf record -q -o "$tmp/perf.check" -- true >/dev/null 2>&1; then
			prof_tool=perf
		elif command -v strace >/dev/null || apt_install strace; then
			prof_tool=strace
			log "perf does not work here: nstop is profiled with strace -c instead"
		else
			log "neither perf nor strace: no profile of nstop"
			perf_size=0
		fi
		rm -f "$tmp/perf.check"
	fi
fi

use_hf=0
if ((LISTING || REFRESH)); then
	if [[ ${NO_HYPERFINE:-0} != 1 ]] && ! command -v hyperfine >/dev/null &&
	   ! apt_install hyperfine; then
		log "could not install hyperfine ($bindir/apt.log); using a date +%s%N loop"
	fi
	if [[ ${NO_HYPERFINE:-0} != 1 ]] && command -v hyperfine >/dev/null; then
		use_hf=1
		timer="hyperfine $(hyperfine --version | awk '{print $2}')"
	else
		timer="bash loop around date +%s%N"
	fi
fi

rows=()
cpurows=()
checks=()
refrows=()
anchorrows=()
rssrows=()
rssinfo=
notes=()
# the notes of the "Kernel source (issue 11)" section
kern_notes=()
declare -A lines=()

# ------------------------------------------------------------- commands
# Names index the results; argv is what is run, stdout to /dev/null.
names=()
((!LISTING)) || names=(nsls nsls_procs nsls_net lsns ps walk)
declare -A argv label
if ((LISTING)); then
	argv[nsls]="$nsls"
	# what lsns looks at (processes only): no fds, mounts, ancestors
	argv[nsls_procs]="$nsls --sources=processes"
	argv[nsls_net]="$nsls -t net"
	argv[lsns]="$lsns"
	argv[ps]="$ps -eo pid,ipcns,mntns,netns,pidns,userns,utsns"
	argv[walk]="$bindir/walk"
fi
# the anchors of the scanner refresh table: what a monitor is compared with
anchors=()
if ((REFRESH)); then
	anchors=(top ps_mon)
	argv[top]="$top_cmd -b -n 1"
	argv[ps_mon]="$ps -e -o pid,ppid,user,stat,pcpu,rss,nlwp,lstart,cgroupns,ipcns,mntns,netns,pidns,userns,utsns,cgroup,args"
fi
refsets=(nstop nsls)
# the listings of the kernel source section (issue 11), timed by cpurun
knames=()
if ((KERNEL)); then
	knames=(k_walk k_nsls_kernel k_nsls_proc k_nsls k_net_kernel k_net_proc k_net k_lsns k_lsns_net)
	argv[k_walk]="$bindir/walk"
	argv[k_nsls_kernel]="$nsls --source=kernel"
	argv[k_nsls_proc]="$nsls --source=proc"
	argv[k_nsls]="$nsls"
	argv[k_net_kernel]="$nsls -t net --source=kernel"
	argv[k_net_proc]="$nsls -t net --source=proc"
	argv[k_net]="$nsls -t net"
	argv[k_lsns]="$lsns"
	argv[k_lsns_net]="$lsns -t net"
fi
for n in "${names[@]}" "${anchors[@]}" "${knames[@]}"; do
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
	kern_notes+=("${notes[-1]}")
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

# ------------------------------------------------- nstop beside top (issue 9)
# Rows and notes of the "nstop beside top" section, which is written (or,
# with ONLY=nstop, replaced in RESULTS) as one block: see nstop_section.
nstop_rows=()
nstop_startrows=()
nstop_rssrows=()
nstop_rsssum=()
nstop_rssinfo=
nstop_prof=()
nstop_notes=()
# an empty HOME: top and htop read no rc file of whoever runs this
nstop_home=$tmp/home
mkdir -p "$nstop_home"

# median of numbers on stdin, printed with 3 decimals (n/a if none)
median_f() {
	sort -g | awk '{ a[NR] = $1 }
		END { if (!NR) { print "n/a"; exit }
		      m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
		      printf "%.3f\n", m }'
}

# fmt1 X: X with one decimal, or n/a
fmt1() {
	awk -v v="$1" 'BEGIN { if (v == "n/a" || v == "") print "n/a"; else printf "%.1f", v }'
}

# ratio2 A B: A / B with two decimals (the issue's target is a ratio of 1.0)
ratio2() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2fx", a / b; else print "n/a" }'
}

nstop_noh_cols=NS,TYPE,NPROCS,NTHREADS,%CPU,RSS,USER,CONTAINER,AGE,COMMAND
nstop_tools=(nstop nstop_noh top)

# monitor_cmd TOOL FRAMES: the command line of nstop or top printing FRAMES
# frames NSTOP_DELAY s apart, as words
monitor_cmd() {
	case $1 in
	nstop) echo "$nstop_bin --source=proc -b -d $NSTOP_DELAY -n $2" ;;
	# the default columns but HOLDERS, which makes the scanner read
	# every process's fds and *_for_children links and the mounts
	nstop_noh) echo "$nstop_bin --source=proc -b -d $NSTOP_DELAY -n $2 -o $nstop_noh_cols" ;;
	# the kernel source (issue 11): the BPF task iterator
	nstop_k) echo "$nstop_bin --source=kernel -b -d $NSTOP_DELAY -n $2" ;;
	nstop_k_noh) echo "$nstop_bin --source=kernel -b -d $NSTOP_DELAY -n $2 -o $nstop_noh_cols" ;;
	top) echo "env -u XDG_CONFIG_HOME HOME=$nstop_home $top_cmd -b -d $NSTOP_DELAY -n $2" ;;
	esac
}

# htop_sample: wait until htop sleeps in its poll() of NSTOP_DELAY (so no
# refresh is half done), then set s_t (epoch seconds, as strace -ttt
# prints them) and s_c (CPU ns of all its threads, /proc/PID/schedstat)
htop_sample() {
	local -a a
	local i f x s t

	for ((i = 0; i < 1000; i++)); do
		read -ra a 2>/dev/null <"/proc/$htop_pid/syscall" || return 1
		if [[ ${a[0]} == 7 && ${a[3]:-} == "$htop_hex" ]]; then
			t=$EPOCHREALTIME
			s=0
			for f in /proc/"$htop_pid"/task/*/schedstat; do
				read -r x _ 2>/dev/null <"$f" && s=$((s + x))
			done
			# still in the same poll: 200 ms of it are not over yet
			read -ra a 2>/dev/null <"/proc/$htop_pid/syscall" || return 1
			if [[ ${a[0]} == 7 && ${a[3]:-} == "$htop_hex" ]]; then
				s_t=$t s_c=$s
				return 0
			fi
		fi
		sleep 0.01
	done
	return 1
}

# bench_htop SIZE: htop -d (NSTOP_DELAY in tenths) in a 200x50 tmux pane,
# under strace -f --seccomp-bpf -e trace=poll (only its poll()s stop it).
# Each poll() of htop's delay that times out is followed by one refresh
# (read /proc, sort, draw). After 3 s of warm-up, NSTOP_RUNS windows of
# HTOP_WINDOW s: CPU from schedstat at both ends (htop asleep in that
# poll() each time), refreshes = the timeouts that ended in the window.
# Sets h_cpu (median CPU ms per refresh), h_gap (median wall ms per
# refresh minus the delay) and h_scans (refreshes in all windows).  Its
# notes go to the array named NOTES (default nstop_notes).
bench_htop() {
	local size=$1 i n ta tb ca cb
	local -n hnotes=${2:-nstop_notes}
	local -a wt=() wc=() wper=() wgap=()

	h_cpu=n/a h_gap=n/a h_scans=0
	htop_hex=$(printf '0x%x' $((htop_d * 100)))
	# a server of our own, its socket in tmp (deleted on exit)
	htop_sock=$tmp/tmux.sock
	rm -f "$tmp/htop.st"
	log "size $size: htop -d $htop_d in tmux, $NSTOP_RUNS windows of ${HTOP_WINDOW}s"
	tmux -S "$htop_sock" -f /dev/null new-session -d -s htop -x 200 -y 50 \
		"exec env -u XDG_CONFIG_HOME HOME=$nstop_home strace -f --seccomp-bpf -e trace=poll -ttt -T -o $tmp/htop.st htop -d $htop_d" \
		</dev/null >/dev/null 2>&1 {pg_in}>&- ||
		{ hnotes+=("size $size: tmux could not start htop"); stop_htop; return 0; }
	htop_strace_pid=$(tmux -S "$htop_sock" display -p -t htop '#{pane_pid}' 2>/dev/null || true)
	for ((i = 0; i < 100; i++)); do
		[[ -z $htop_strace_pid ]] || htop_pid=$(pgrep -P "$htop_strace_pid" -x htop || true)
		[[ -z $htop_pid ]] || break
		sleep 0.1
	done
	if [[ -z $htop_pid ]]; then
		hnotes+=("size $size: htop did not start in its tmux pane; no htop numbers")
		log "${hnotes[-1]}"
		stop_htop
		return 0
	fi
	sleep 3
	for ((i = 0; i <= NSTOP_RUNS; i++)); do
		((i == 0)) || sleep "$HTOP_WINDOW"
		if ! htop_sample; then
			hnotes+=("size $size: htop was never seen waiting in its poll() of ${htop_d}00 ms; no htop numbers")
			log "${hnotes[-1]}"
			stop_htop
			return 0
		fi
		wt+=("$s_t") wc+=("$s_c")
	done
	stop_htop
	for ((i = 1; i <= NSTOP_RUNS; i++)); do
		ta=${wt[i - 1]} tb=${wt[i]} ca=${wc[i - 1]} cb=${wc[i]}
		# "PID 1796168270.704343 poll([...], 1, 200) = 0 (Timeout) <0.200379>"
		n=$(awk -v a="$ta" -v b="$tb" -v ms="$((htop_d * 100))" '
			$3 ~ /^poll\(/ && index($0, ", " ms ") = 0 (Timeout)") {
				d = $NF; gsub(/[<>]/, "", d); e = $2 + d
				if (e > a && e < b) n++
			}
			END { print n + 0 }' "$tmp/htop.st")
		((n > 0)) || continue
		h_scans=$((h_scans + n))
		wper+=("$(awk -v c=$((cb - ca)) -v n="$n" 'BEGIN { printf "%.3f", c / n / 1e6 }')")
		wgap+=("$(awk -v a="$ta" -v b="$tb" -v n="$n" -v d="$NSTOP_DELAY" 'BEGIN { printf "%.3f", (b - a) / n * 1000 - d * 1000 }')")
	done
	if ((${#wper[@]})); then
		h_cpu=$(printf '%s\n' "${wper[@]}" | median_f)
		h_gap=$(printf '%s\n' "${wgap[@]}" | median_f)
	else
		hnotes+=("size $size: no htop refresh was counted in its windows; no htop numbers")
		log "${hnotes[-1]}"
	fi
	log "  htop: $h_scans refreshes; median $h_cpu ms CPU, $h_gap ms wall beyond the delay per refresh"
}

# monitor_measure SIZE TOOL...: per-refresh CPU of each TOOL (see
# monitor_cmd), steady state: for each, NSTOP_RUNS runs of -n 1 and of -n
# NSTOP_N+1 (in turns), per refresh = (median of -n N+1 - median of -n 1)
# / N.  Sets mm_c1 mm_cN mm_w1 mm_wN mm_m1 mm_mN (medians of CPU, wall,
# maxrss), mm_pc mm_pw (per refresh) and mm_nl (lines of one frame), by
# TOOL
# shellcheck disable=SC2034 # read through namerefs
declare -A mm_c1 mm_cN mm_w1 mm_wN mm_m1 mm_mN mm_pc mm_pw mm_nl
# shellcheck disable=SC2034 # mm_*: read through namerefs
monitor_measure() {
	local size=$1 tool k r f sfx nN=$((NSTOP_N + 1))
	local -a cmd tools=("${@:2}")

	for tool in "${tools[@]}"; do
		# warm-up run: primes the dentry cache, gives one frame's lines
		read -ra cmd <<<"$(monitor_cmd "$tool" 1)"
		"${cmd[@]}" >"$tmp/$tool.frame" 2>"$tmp/$tool.err" {pg_in}>&- ||
			die "${cmd[*]} failed: $(head -c 300 "$tmp/$tool.err")"
		mm_nl[$tool]=$(wc -l <"$tmp/$tool.frame")
		rm -f "$tmp/$tool.cpu1" "$tmp/$tool.cpuN"
	done
	log "size $size: ${tools[*]}, $NSTOP_RUNS × (-n 1, -n $nN) each, -d $NSTOP_DELAY"
	for ((r = 0; r < NSTOP_RUNS; r++)); do
		for tool in "${tools[@]}"; do
			for k in 1 "$nN"; do
				sfx=N
				((k != 1)) || sfx=1
				read -ra cmd <<<"$(monitor_cmd "$tool" "$k")"
				"$bindir/cpurun" "$tmp/$tool.cpu$sfx" "${cmd[@]}" >/dev/null 2>"$tmp/$tool.err" {pg_in}>&- ||
					die "${cmd[*]} failed: $(head -c 300 "$tmp/$tool.err")"
			done
		done
	done
	for tool in "${tools[@]}"; do
		f=$tmp/$tool.cpu
		mm_c1[$tool]=$(sed -n 's/.*\<cpu_ms=\([^ ]*\).*/\1/p' "${f}1" | median_f)
		mm_cN[$tool]=$(sed -n 's/.*\<cpu_ms=\([^ ]*\).*/\1/p' "${f}N" | median_f)
		mm_w1[$tool]=$(sed -n 's/.*\<wall_ms=\([^ ]*\).*/\1/p' "${f}1" | median_f)
		mm_wN[$tool]=$(sed -n 's/.*\<wall_ms=\([^ ]*\).*/\1/p' "${f}N" | median_f)
		mm_m1[$tool]=$(sed -n 's/.*\<maxrss_kib=\([^ ]*\).*/\1/p' "${f}1" | median_f)
		mm_mN[$tool]=$(sed -n 's/.*\<maxrss_kib=\([^ ]*\).*/\1/p' "${f}N" | median_f)
		mm_pc[$tool]=$(awk -v a="${mm_c1[$tool]}" -v b="${mm_cN[$tool]}" -v n="$NSTOP_N" 'BEGIN { printf "%.2f", (b - a) / n }')
		mm_pw[$tool]=$(awk -v a="${mm_w1[$tool]}" -v b="${mm_wN[$tool]}" -v n="$NSTOP_N" -v d="$NSTOP_DELAY" 'BEGIN { printf "%.2f", (b - a) / n - d * 1000 }')
		log "  $tool: -n 1 ${mm_c1[$tool]} ms CPU, -n $nN ${mm_cN[$tool]} ms CPU: ${mm_pc[$tool]} ms CPU per refresh, ${mm_pw[$tool]} ms wall beyond the delay"
	done
}

# bench_nstop SIZE: per-refresh CPU of nstop and top (monitor_measure),
# and htop's (bench_htop); adds table rows
bench_nstop() {
	local size=$1

	monitor_measure "$size" "${nstop_tools[@]}"
	local -n c1=mm_c1 cN=mm_cN w1=mm_w1 m1=mm_m1 mN=mm_mN pc=mm_pc pw=mm_pw nl=mm_nl
	h_cpu=n/a h_gap=n/a h_scans=0
	((!HTOP)) || bench_htop "$size"
	nstop_rows+=("| $size | $procs | $tasks | $nscount | ${pc[nstop]} | ${pc[top]} | $(fmt_h "$h_cpu") | $(ratio2 "${pc[nstop]}" "${pc[top]}") | $(ratio2 "${pc[nstop]}" "$h_cpu") | ${pc[nstop_noh]} | $(ratio2 "${pc[nstop_noh]}" "${pc[top]}") | ${pw[nstop]} | ${pw[top]} | $(fmt_h "$h_gap") | ${nl[nstop]} | ${nl[top]} |")
	nstop_startrows+=("| $size | $(fmt1 "${c1[nstop]}") | $(fmt1 "${c1[top]}") | $(fmt1 "${w1[nstop]}") | $(fmt1 "${w1[top]}") | $(fmt1 "${cN[nstop]}") | $(fmt1 "${cN[top]}") | $(fmt1 "${c1[nstop_noh]}") | $(fmt1 "${cN[nstop_noh]}") | ${m1[nstop]%.*} | ${mN[nstop]%.*} | ${mN[top]%.*} | $h_scans |")
}

# fmt_h X: an htop number with two decimals, or n/a
fmt_h() {
	awk -v v="$1" 'BEGIN { if (v == "n/a" || v == "") print "n/a"; else printf "%.2f", v }'
}

# bench_nstop_rss SIZE: nstop -b -d 0 -n NSTOP_RSS_N >/dev/null while
# start_churn makes processes and namespaces come and go; VmRSS and VmHWM
# of nstop (/proc/PID/status) after its first frame and about every
# NSTOP_RSS_EVERY frames. Frames are counted from the bytes nstop wrote
# (/proc/PID/io wchar) over the bytes of one frame at this population.
# SOURCE (default proc) is nstop's --source; the rows, summary and notes
# go to PFX_rssrows, PFX_rsssum, PFX_rssinfo and PFX_notes (default PFX:
# nstop), the raw samples to build/bench/nstop-rss.samples (with the
# proc source) or nstop-rss-SOURCE.samples.  Also sets rss_r1000 and
# rss_last (the RSS near frame 1000 and at the end, KiB).
bench_nstop_rss() {
	local size=$1 src=${2:-proc} pfx=${3:-nstop}
	local bpf next frame rss hwm wchar k v st tick nrc=0 t0 last="" missed=0 pmax=0 sfile
	local -a samp=() pl=()
	local -n o_sum=${pfx}_rsssum o_rows=${pfx}_rssrows o_info=${pfx}_rssinfo o_notes=${pfx}_notes

	sfile=$bindir/nstop-rss.samples
	[[ $src == proc ]] || sfile=$bindir/nstop-rss-$src.samples

	start_churn
	# the size of a frame with the churn going on
	sleep 1
	"$nstop_bin" --source="$src" -b -d 0 -n 5 >"$tmp/frames5" 2>/dev/null {pg_in}>&- ||
		die "$nstop_bin -b -d 0 -n 5 failed"
	bpf=$(($(wc -c <"$tmp/frames5") / 5))
	((bpf > 0)) || die "nstop printed nothing"
	log "size $size: nstop --source=$src -b -d 0 -n $NSTOP_RSS_N >/dev/null, with churn (a frame: about $bpf bytes)"
	rm -f "$tmp/tick"
	mkfifo "$tmp/tick"
	# nobody writes to it: reads of it with -t are sleeps without a fork
	exec {tick}<>"$tmp/tick"
	t0=$EPOCHREALTIME
	"$nstop_bin" --source="$src" -b -d 0 -n "$NSTOP_RSS_N" >/dev/null {pg_in}>&- {tick}>&- &
	nstop_rss_pid=$!
	next=1
	while :; do
		wchar='' rss='' hwm=''
		while read -r k v _; do
			[[ $k != wchar: ]] || wchar=$v
		done 2>/dev/null <"/proc/$nstop_rss_pid/io" || true
		while read -r k v _; do
			case $k in
			VmRSS:) rss=$v ;;
			VmHWM:) hwm=$v ;;
			esac
		done 2>/dev/null <"/proc/$nstop_rss_pid/status" || true
		if [[ -z $rss || -z $wchar ]]; then
			# gone, or a zombie (no VmRSS): the end
			read -r _ _ st _ 2>/dev/null <"/proc/$nstop_rss_pid/stat" || break
			[[ $st != Z ]] || break
			# a read that failed while nstop runs: skip it, say so
			missed=$((missed + 1))
			read -rt 0.05 -u "$tick" _ || true
			continue
		fi
		frame=$((wchar / bpf))
		# processes now and the most so far (a glob: no fork); a peak
		# of the population explains a step in the RSS
		pl=(/proc/[0-9]*)
		((${#pl[@]} <= pmax)) || pmax=${#pl[@]}
		last="$frame $rss $hwm $EPOCHREALTIME ${#pl[@]} $pmax"
		if ((frame >= next)); then
			samp+=("$last")
			next=$(((frame / NSTOP_RSS_EVERY + 1) * NSTOP_RSS_EVERY))
		fi
		read -rt 0.05 -u "$tick" _ || true
	done
	wait "$nstop_rss_pid" || nrc=$?
	nstop_rss_pid=
	local secs
	secs=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
	stop_churn check
	exec {tick}>&-
	rm -f "$tmp/tick"
	((nrc == 0)) || die "nstop -b -d 0 -n $NSTOP_RSS_N exited with $nrc"
	if ((missed)); then
		o_notes+=("size $size: $missed reads of nstop's /proc/PID/status or io failed while it ran during the memory run; those samples were skipped")
		log "${o_notes[-1]}"
	fi
	[[ -z $last || $last == "${samp[-1]:-}" ]] || samp+=("$last")
	((${#samp[@]} >= 2)) || die "nstop's RSS: fewer than 2 samples"
	# The last sample is from within 50 ms of nstop's end, i.e. about
	# frame NSTOP_RSS_N: scale the estimates so that it is (frames vary
	# in size with the churn; the estimate from the first 5 was off by
	# some %).  Raw samples: build/bench/nstop-rss*.samples
	printf '%s\n' "${samp[@]}" >"$sfile"
	awk -v n="$NSTOP_RSS_N" 'NR == FNR { last = $1; next }
		{ $1 = last > 0 ? int($1 * n / last + 0.5) : $1; print }' \
		"$sfile" "$sfile" >"$tmp/nstop-rss.samples"
	if awk -v s="$secs" -v m="$CHURN_MAX" 'BEGIN { exit !(s > m) }'; then
		o_notes+=("size $size: the $NSTOP_RSS_N frames took ${secs}s, longer than CHURN_MAX=${CHURN_MAX}s: the churn stopped before nstop did")
		log "${o_notes[-1]}"
	fi
	# shellcheck disable=SC2034 # a nameref
	o_info="size $size, \`${nstop_bin//"$top"\//} --source=$src -b -d 0 -n $NSTOP_RSS_N >/dev/null\`, ${secs} s, $((${#samp[@]})) samples, a frame about $bpf bytes (5 frames printed with the churn going, before the run)"
	# summary: after frame 1; then the samples from about frame
	# NSTOP_RSS_EVERY on: first, median, max, last; growth after ~1000
	local f1 r1 f2 r2 fl rl hl med mx r1000
	read -r f1 r1 _ <"$tmp/nstop-rss.samples"
	read -r f2 r2 _ < <(sed -n 2p "$tmp/nstop-rss.samples")
	local pm
	read -r fl rl hl _ _ pm _ < <(tail -n 1 "$tmp/nstop-rss.samples")
	med=$(tail -n +2 "$tmp/nstop-rss.samples" | cut -d' ' -f2 | median_f)
	mx=$(tail -n +2 "$tmp/nstop-rss.samples" | cut -d' ' -f2 | sort -n | tail -n 1)
	# the RSS of the last sample at or before frame 1000 (or the first)
	r1000=$(awk 'NR == 2 || (NR > 2 && $1 <= 1000) { r = $2 } END { print r }' "$tmp/nstop-rss.samples")
	rss_r1000=$r1000 rss_last=$rl
	o_sum+=("| $size | $NSTOP_RSS_N | $r1 | $r2 (frame $f2) | ${med%.000} | $mx | $rl (frame $fl) | $hl | $(printf '%+d' $((rl - r1000))) | $pm |")
	: "$f1"
	# checkpoints
	local want
	for want in 1 100 200 500 1000 2500 5000 7500 "$NSTOP_RSS_N"; do
		awk -v w="$want" -v t0="$t0" '
			{ d = $1 - w; if (d < 0) d = -d
			  if (best == "" || d < bd) { best = $0; bd = d } }
			END { split(best, a, " ")
			      printf "| %d | %d | %d | %.1f | %d | %d |\n", a[1], a[2], a[3], a[4] - t0, a[5], a[6] }' \
			"$tmp/nstop-rss.samples"
	done | sort -t'|' -k2,2n | uniq >"$tmp/nstop-rss.rows"
	# shellcheck disable=SC2034 # a nameref
	mapfile -t o_rows <"$tmp/nstop-rss.rows"
	log "  ${o_sum[-1]}"
}

# syscall_counts TOOL FRAMES FILE: perf stat of the syscalls TOOL makes
# printing FRAMES frames
nstop_syscalls=(openat openat2 read readlinkat close newfstatat statx getdents64 fcntl ioctl write)
syscall_counts() {
	local ev=raw_syscalls:sys_enter s
	local -a cmd

	for s in "${nstop_syscalls[@]}"; do
		ev+=,syscalls:sys_enter_$s
	done
	read -ra cmd <<<"$(monitor_cmd "$1" "$2")"
	perf stat -x, -e "$ev" -o "$3" -- "${cmd[@]}" >/dev/null 2>&1 {pg_in}>&-
}

# bench_nstop_perf SIZE: where nstop's refresh time goes. perf record
# (DWARF call graphs: the tools and the libraries have no frame pointers)
# of NSTOP_PERF_N frames at -d 0; the 15 functions with the most samples
# of their own, the samples by shared object, and what share of the
# samples falls in (or under) the phases of a frame. Then syscalls per
# refresh of nstop and of top (perf stat, (N+1 frames - 1 frame) / N).
# Without perf, strace -c -f of the same run.
bench_nstop_perf() {
	local size=$1 nN=$((NSTOP_N + 1)) s tool line
	local -a cmd=("$nstop_bin" --source=proc -b -d 0 -n "$NSTOP_PERF_N")
	local -A cnt1 cntN

	nstop_prof=()
	if [[ $prof_tool == strace ]]; then
		log "size $size: strace -c -f of nstop -b -d 0 -n $NSTOP_PERF_N"
		strace -c -f -o "$tmp/strace.c" -- "${cmd[@]}" >/dev/null 2>&1 {pg_in}>&- ||
			die "strace -c of nstop failed"
		nstop_prof+=("Profile: \`strace -c -f ${cmd[*]//"$top"\//} >/dev/null\` at size $size (perf does not work on this machine). The 15 syscalls with the most time (strace's time, inflated by strace itself; counts include start-up):")
		nstop_prof+=("")
		nstop_prof+=("| % time | seconds | calls | errors | syscall |")
		nstop_prof+=("|---:|---:|---:|---:|---|")
		while read -r line; do
			nstop_prof+=("$line")
		done < <(awk '$1 ~ /^[0-9.]+$/ && $NF != "total" {
				e = NF == 6 ? $5 : ""
				printf "| %s | %s | %s | %s | %s |\n", $1, $2, $4, e, $NF }' "$tmp/strace.c" | head -15)
		return 0
	fi
	log "size $size: perf record of nstop -b -d 0 -n $NSTOP_PERF_N"
	perf record -q -F 499 --call-graph dwarf,16384 -o "$tmp/perf.data" -- "${cmd[@]}" \
		>/dev/null 2>"$tmp/perf.log" {pg_in}>&- || die "perf record of nstop failed: $(tail -3 "$tmp/perf.log")"
	log "  perf report (unwinding takes a while)"
	perf report -i "$tmp/perf.data" --stdio --children -g none --sort sym,dso \
		--percent-limit 0 >"$tmp/perf.txt" 2>/dev/null || die "perf report failed"
	rm -f "$tmp/perf.data"
	cp "$tmp/perf.txt" "$bindir/nstop-perf.txt"
	# "    96.74%     0.00%  [.] main    nstop"
	awk '$1 ~ /%$/ && $2 ~ /%$/ && ($3 == "[.]" || $3 == "[k]") {
		c = $1; s = $2; sub(/%/, "", c); sub(/%/, "", s)
		dso = $NF; sym = $4
		for (i = 5; i < NF; i++) sym = sym " " $i
		print c "\t" s "\t" $3 "\t" sym "\t" dso
	}' "$tmp/perf.txt" >"$tmp/perf.tsv"
	local nsamp
	nsamp=$(sed -n 's/^# Samples: \([0-9.]*[KM]*\).*/\1/p' "$tmp/perf.txt" | head -1)
	nstop_prof+=("Profile: \`perf record -F 499 --call-graph dwarf,16384 -- ${cmd[*]//"$top"\//} >/dev/null\` at size $size ($nsamp samples; DWARF unwinding because neither nstop nor the libraries keep frame pointers; \`perf report --children --sort sym,dso\`). The run includes nstop's start-up and its first, cold refresh (1 frame of $NSTOP_PERF_N).")
	nstop_prof+=("")
	nstop_prof+=("The 15 functions with the most samples of their own (self), with their share of samples including what they call (children, all threads):")
	nstop_prof+=("")
	nstop_prof+=("| self % | children % | function | object |")
	nstop_prof+=("|---:|---:|---|---|")
	while IFS=$'\t' read -r c s k sym dso; do
		nstop_prof+=("| $s | $c | \`$k $sym\` | $dso |")
	done < <(sort -t $'\t' -k2,2gr "$tmp/perf.tsv" | head -15)
	nstop_prof+=("")
	nstop_prof+=("Self samples by shared object (kernel: syscalls made by any of them):")
	nstop_prof+=("")
	nstop_prof+=("| object | self % |")
	nstop_prof+=("|---|---:|")
	while IFS=$'\t' read -r dso s; do
		nstop_prof+=("| $dso | $s |")
	done < <(awk -F'\t' '{ t[$5] += $2 } END { for (d in t) if (t[d] > 0) printf "%s\t%.2f\n", d, t[d] }' "$tmp/perf.tsv" | sort -t $'\t' -k2,2gr)
	nstop_prof+=("")
	nstop_prof+=("The 15 functions of nstop and libnsinfo with the most samples under them (children %, kernel time included; the whole report is left in \`build/bench/nstop-perf.txt\`):")
	nstop_prof+=("")
	nstop_prof+=("| children % | self % | function | object |")
	nstop_prof+=("|---:|---:|---|---|")
	while IFS=$'\t' read -r c s k sym dso; do
		nstop_prof+=("| $c | $s | \`$sym\` | $dso |")
	done < <(awk -F'\t' -v me="${nstop_bin##*/}" '$5 == me || $5 ~ /^libnsinfo/' "$tmp/perf.tsv" |
		grep -v -e $'\tmain\t' -e $'\t_start\t' -e '__libc_start' | sort -t $'\t' -k1,1gr | head -15)
	nstop_prof+=("")
	nstop_prof+=("Phases of a frame: share of all samples in each function and what it calls (children %; kernel time included, as the call graphs reach user space). The library's scan runs in up to one thread per CPU: \`start_thread\` is those threads, \`worker_main\` their work (the main thread runs one worker's share itself, under \`nsinfo_scanner_refresh\`).")
	nstop_prof+=("")
	nstop_prof+=("| phase | function | children % |")
	nstop_prof+=("|---|---|---:|")
	local ph fn
	while IFS='|' read -r ph fn; do
		s=$(awk -F'\t' -v f="$fn" '$4 == f || $4 == f " (inlined)" { print $1; exit }' "$tmp/perf.tsv")
		[[ -n $s ]] || s="not sampled"
		nstop_prof+=("| $ph | \`$fn\` | $s |")
	done <<'PHASES'
main thread (all but the scan threads)|main
start-up: scanner, columns|model_init
one frame: scan, events, rows|model_refresh
library: refresh (main thread)|nsinfo_scanner_refresh
library: scan threads|start_thread
library: per-process walk (all threads)|scan_pids
library: libproc2 task info|procinfo_read
libproc2 select (all callers)|procps_pids_select
libproc2 reap (all callers)|procps_pids_reap
nstop: namespace events|events_collect
nstop: rows and their columns|rows_build
nstop: sort|rows_sort
output: the frame|batch_frame
output: libsmartcols table|out_print
exit: free|model_free
PHASES
	# syscalls per refresh, nstop beside top
	log "size $size: syscalls per refresh (perf stat, -n 1 and -n $nN, -d $NSTOP_DELAY)"
	for tool in nstop top; do
		syscall_counts $tool 1 "$tmp/sc.$tool.1" || die "perf stat of $tool failed"
		syscall_counts $tool "$nN" "$tmp/sc.$tool.N" || die "perf stat of $tool failed"
		while IFS=, read -r v _ e _; do
			[[ $e == *sys_enter* ]] || continue
			e=${e##*:}
			e=${e#sys_enter_}
			[[ $e != sys_enter ]] || e=all
			cnt1[$tool.$e]=$v
		done <"$tmp/sc.$tool.1"
		while IFS=, read -r v _ e _; do
			[[ $e == *sys_enter* ]] || continue
			e=${e##*:}
			e=${e#sys_enter_}
			[[ $e != sys_enter ]] || e=all
			cntN[$tool.$e]=$v
		done <"$tmp/sc.$tool.N"
	done
	nstop_prof+=("")
	nstop_prof+=("Syscalls per refresh at size $size: \`perf stat -e raw_syscalls:sys_enter,syscalls:sys_enter_...\` of the nstop and top commands above, (count of -n $nN - count of -n 1) / $NSTOP_N:")
	nstop_prof+=("")
	nstop_prof+=("| syscall | nstop | top | nstop / top |")
	nstop_prof+=("|---|---:|---:|---:|")
	local -A per
	local e other_n other_t
	for e in all "${nstop_syscalls[@]}"; do
		for tool in nstop top; do
			per[$tool.$e]=$(awk -v a="${cnt1[$tool.$e]:-0}" -v b="${cntN[$tool.$e]:-0}" -v n="$NSTOP_N" 'BEGIN { printf "%.0f", (b - a) / n }')
		done
	done
	other_n=${per[nstop.all]} other_t=${per[top.all]}
	for e in all "${nstop_syscalls[@]}"; do
		[[ $e == all ]] || other_n=$((other_n - ${per[nstop.$e]})) other_t=$((other_t - ${per[top.$e]}))
		nstop_prof+=("| $e | ${per[nstop.$e]} | ${per[top.$e]} | $(ratio "${per[nstop.$e]}" "${per[top.$e]}") |")
	done
	nstop_prof+=("| (others) | $other_n | $other_t | $(ratio "$other_n" "$other_t") |")
}

# nstop_section: the "nstop beside top (issue 9)" section, between its
# markers, so that ONLY=nstop can replace it in RESULTS
nstop_section() {
	local nN=$((NSTOP_N + 1))

	echo "<!-- nstop section: begin (bench/run.sh replaces it) -->"
	echo "## nstop beside top (issue 9)"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC') · kernel $(uname -r) · $(nproc) CPUs · $(top -V 2>/dev/null | head -1)${htop_ver:+ · htop $htop_ver}${ONLY:+ · run alone (\`ONLY=nstop\`): the tables above are from an earlier run} · populations as above (\`popgen -n SIZE -m SIZE/$SETS_PER\`)"
	echo
	echo "What a live monitor costs per refresh in steady state. nstop and top print $nN frames and 1 frame, $NSTOP_DELAY s apart, stdout to /dev/null, each $NSTOP_RUNS times in turns, timed by \`build/bench/cpurun\` (user + sys CPU of the command and its threads, from wait4); **per refresh** = (median of the $nN-frame runs - median of the 1-frame runs) / $NSTOP_N, so start-up and the first read are left out. With a delay between frames the wall time is mostly sleep: CPU is what counts, and the **wall - delay** columns are the wall time per refresh beyond the delay."
	echo
	echo "- nstop: \`${nstop_bin//"$top"\//} --source=proc -b -d $NSTOP_DELAY -n N\` (the namespace view, default columns; the scanner is refreshed, not rebuilt)"
	echo "- nstop w/o HOLDERS: the same with \`-o $nstop_noh_cols\` (the default columns but HOLDERS, for which the scanner reads every process's fds and \`*_for_children\` links and the mount tables: what that column costs)"
	echo "- top: \`top -b -d $NSTOP_DELAY -n N\` with an empty HOME (no toprc): one line per process"
	if [[ ${htop_ver:-} ]]; then
		echo "- htop: \`htop -d $htop_d\` (no batch mode; default settings with an empty HOME, so threads are shown) in a 200x50 tmux pane, under \`strace -f --seccomp-bpf -e trace=poll -ttt -T\`, which stops it only at its poll()s. Each poll() of ${htop_d}00 ms that times out is followed by one refresh (read /proc, sort, draw). After 3 s, $NSTOP_RUNS windows of $HTOP_WINDOW s, each between two moments when htop waits in that poll(): CPU from \`/proc/PID/task/*/schedstat\`, refreshes = the timeouts that ended in the window; the median over the windows"
	else
		echo "- htop: not measured (${htop_why:-HTOP=0})"
	fi
	echo
	echo "CPU ms per refresh (nstop / top below 1 means nstop is cheaper), and output lines of one frame (headers included):"
	echo
	echo "| size | procs in /proc | tasks | namespaces (walk) | nstop cpu | top cpu | htop cpu | nstop / top | nstop / htop | nstop w/o HOLDERS cpu | w/o HOLDERS / top | nstop wall - delay | top wall - delay | htop wall - delay | nstop lines | top lines |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s\n' "${nstop_rows[@]}"
	echo
	echo "The runs behind it (medians, ms and KiB): one frame (start-up and the first read; top reads /proc twice before its first frame, for %CPU) and $nN frames; peak RSS (ru_maxrss) of nstop; the number of htop refreshes counted in all its windows."
	echo
	echo "| size | nstop -n 1 cpu | top -n 1 cpu | nstop -n 1 wall | top -n 1 wall | nstop -n $nN cpu | top -n $nN cpu | w/o HOLDERS -n 1 cpu | w/o HOLDERS -n $nN cpu | nstop -n 1 maxrss | nstop -n $nN maxrss | top -n $nN maxrss | htop refreshes |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s\n' "${nstop_startrows[@]}"
	if ((${#nstop_rsssum[@]})); then
		echo
		echo "### nstop's memory over $NSTOP_RSS_N frames"
		echo
		echo "$nstop_rssinfo, while the churn loop of the scanner memory run (above) starts a process in new net and uts namespaces every 50 ms, each living 200 ms. VmRSS and VmHWM (KiB) of nstop from \`/proc/PID/status\`, read after its first frame and then about every $NSTOP_RSS_EVERY frames; the frame numbers are estimates: bytes written (\`/proc/PID/io\` wchar) over the size of a frame measured just before, scaled so that the last sample, read within 50 ms of nstop's end, is frame $NSTOP_RSS_N (the churn changes a frame by a few rows; raw samples in \`build/bench/nstop-rss.samples\`). first / median / max / last are over the samples from about frame $NSTOP_RSS_EVERY on; the last column is the last RSS minus the one near frame 1000. procs: entries in /proc when the sample was read, and the most seen by any read so far (every 50 ms): other work on the machine can start many processes for a while, and nstop's RSS keeps the peak of what it has had to hold."
		echo
		echo "| size | frames | RSS after frame 1 | first | median | max | last | VmHWM at the end | last - at ~1000 | most procs in /proc |"
		echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
		printf '%s\n' "${nstop_rsssum[@]}"
		echo
		echo "| frame (about) | VmRSS KiB | VmHWM KiB | seconds | procs in /proc | most procs so far |"
		echo "|---:|---:|---:|---:|---:|---:|"
		printf '%s\n' "${nstop_rssrows[@]}"
	fi
	if ((${#nstop_prof[@]})); then
		echo
		echo "### Where nstop's refresh time goes"
		echo
		printf '%s\n' "${nstop_prof[@]}"
	fi
	if ((${#nstop_notes[@]})); then
		echo
		echo "Notes on this section:"
		echo
		printf -- '- %s\n' "${nstop_notes[@]}"
	fi
	echo "<!-- nstop section: end -->"
}

# ------------------------------------------------- kernel source (issue 11)
# Rows of the "Kernel source (issue 11)" section, which is written (or,
# with ONLY=kernel, replaced in RESULTS) as one block: see kernel_section.
# KV[SIZE.KEY] keeps the figures that the targets and the growth table
# are made of.
declare -A KV=()
kern_sizes=()
kern_listrows=()
kern_cpurows=()
kern_maxrssrows=()
kern_srcrows=()
kern_refrows=()
kern_nstoprows=()
kern_nstopstartrows=()
kern_rssrows=()
kern_rsssum=()
kern_rssinfo=
kern_rss_size=0
kern_rss_done=0
kern_rss_last=0
kern_rss_r1000=0
krefsets=(links nsls nstop)

# ratio3 A B: A / B with three decimals (issue 11's targets go down to 0.02x)
ratio3() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.3fx", a / b; else print "n/a" }'
}

# kfield KEY FILE: the median of KEY=VALUE over the lines of a cpurun FILE
kfield() {
	sed -n "s/.*\\<$1=\\([^ ]*\\).*/\\1/p" "$2" | median_f
}

# fmt2 X: X with two decimals, or n/a
fmt2() {
	awk -v v="$1" 'BEGIN { if (v == "n/a" || v == "") print "n/a"; else printf "%.2f", v }'
}

# other_mark: remember /proc/stat's busy time, this script's and its
# waited-for children's CPU time, and the time; other_busy then prints the
# % of all CPUs busy since the mark with work that is none of that (other
# programs, and kernel threads), the seconds since the mark, and the % of
# all CPUs the hypervisor stole (steal; not counted as busy), in ob_pct,
# ob_secs and ob_steal.  Both must run in this shell, not in a subshell
# (times counts the children of the shell that runs it).
other_mark() {
	om_stat=$(head -1 /proc/stat)
	times >"$tmp/times"
	om_times=$(tr '\n' ' ' <"$tmp/times")
	om_t=$EPOCHREALTIME
}
other_busy() {
	local st tm

	st=$(head -1 /proc/stat)
	times >"$tmp/times"
	tm=$(tr '\n' ' ' <"$tmp/times")
	read -r ob_pct ob_secs ob_steal < <(awk -v a="$om_stat" -v b="$st" -v ta="$om_times" -v tb="$tm" \
		-v t0="$om_t" -v t1="$EPOCHREALTIME" -v hz="$(getconf CLK_TCK)" -v ncpu="$(nproc)" '
		# "0m1.234s 0m0.123s 1m2.345s 0m3.456s": shell user, sys, children user, sys
		function secs(x, m) { m = x; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", x); sub(/s$/, "", x); return m * 60 + x }
		function own(t, f, n, i, sum) { n = split(t, f, " "); for (i = 1; i <= n; i++) sum += secs(f[i]); return sum }
		BEGIN {
			na = split(a, x); split(b, y)
			# user nice system idle iowait irq softirq steal guest guest_nice:
			# idle and iowait are idle, guest time is in user already
			for (i = 2; i <= 8; i++) if (i != 5 && i != 6) busy += y[i] - x[i]
			busy /= hz
			steal = na >= 9 ? (y[9] - x[9]) / hz : 0
			mine = own(tb) - own(ta)
			wall = (t1 - t0) * ncpu
			o = wall > 0 ? 100 * (busy - mine) / wall : 0
			printf "%.0f %.0f %.0f\n", (o < 0 ? 0 : o), t1 - t0, (wall > 0 ? 100 * steal / wall : 0)
		}')
}

# test_procs: how many processes of the project's test suites run now (the
# brackets keep the pattern from matching a command line that holds it)
test_procs() {
	pgrep -fc 'tests/integ[r]ation|tests/ru[n]' || true
}

# watch_start / watch_stop: while the kernel section measures, a sampler
# looks every 10 s (one pgrep) for the other work that shares machines
# like this one: the project's test suites and test programs, compilers,
# apt and dpkg.  watch_stop sets watch_note: in how many samples it saw
# some, and what.  (The brackets keep the patterns from matching their
# own command lines.)
watch_start() {
	rm -f "$tmp/watch.log"
	(
		trap 'kill $! 2>/dev/null; exit 0' TERM
		while :; do
			w=$(pgrep -fa 'tests/integ[r]ation/|tests/ru[n]|/tests/tes[t]-|cc[1]|apt-ge[t]|dpk[g]' |
				grep -oE 'tests/integ[r]ation/[^ ]*|tests/ru[n]|/tests/tes[t]-[^ ]*|cc[1]|apt-ge[t]|dpk[g]' |
				sed 's|^/tests/|tests/|' | sort -u | tr '\n' ' ') || true
			echo "$EPOCHSECONDS $w" >>"$tmp/watch.log"
			# in the background: TERM must not wait for the sleep
			sleep 10 &
			wait $!
		done
	) </dev/null >/dev/null 2>&1 {pg_in}>&- &
	watch_pid=$!
}
watch_stop() {
	[[ -n ${watch_pid:-} ]] || return 0
	kill -TERM "$watch_pid" 2>/dev/null || true
	wait "$watch_pid" 2>/dev/null || true
	watch_pid=
	watch_note=$(awk '{ n++; if (NF > 1) busy++; for (i = 2; i <= NF; i++) c[$i]++ }
		END {
			printf "other helpers'"'"' programs seen in %d of %d samples (one pgrep every 10 s)", busy, n
			if (busy) {
				printf ":"; k = 0
				for (x in c) { if (k++ < 8) printf "%s %s (%d)", (k > 1 ? "," : ""), x, c[x] }
				if (k > 8) printf ", and %d more", k - 8
			}
		}' "$tmp/watch.log" 2>/dev/null || echo "no sample of other work")
}

# bench_ksource SIZE: which source read the data, from the JSON of nsls
# (and nstop) with each --source, on this population
bench_ksource() {
	local size=$1 n want got why ur
	local -a cmd

	for n in k_nsls_kernel k_nsls_proc k_nsls k_net_kernel k_net; do
		read -ra cmd <<<"${argv[$n]} -J"
		"${cmd[@]}" >"$tmp/src.json" 2>"$tmp/src.err" {pg_in}>&- ||
			die "${label[$n]} -J failed: $(head -c 300 "$tmp/src.err")"
		got=$(sed -n 's/^[[:space:]]*"source":[[:space:]]*"\([a-z]*\)".*/\1/p' "$tmp/src.json" | tail -n 1)
		why=$(sed -n 's/^[[:space:]]*"source_why":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p' "$tmp/src.json" | tail -n 1)
		ur=$(sed -n '/"unreadable":/,/}/s/^[[:space:]]*"processes":[[:space:]]*\([0-9]*\).*/\1/p' "$tmp/src.json" | head -n 1)
		KV[$size.src.$n]=${got:-?}
		KV[$size.why.$n]=$why
		KV[$size.unread.$n]=${ur:-0}
		case $n in
		*_kernel) want=kernel ;;
		*_proc) want=proc ;;
		# auto: a one-shot nsls reads the kernel from 400 tasks on
		*) want=proc; ((tasks < 400)) || want=kernel ;;
		esac
		if [[ $got != "$want" ]]; then
			kern_notes+=("size $size ($tasks tasks): \`${label[$n]} -J\` says \"source\": \"${got:-none}\"${why:+ (\"$why\")}, not $want")
			log "${kern_notes[-1]}"
		fi
	done
	for n in kernel auto; do
		cmd=("$nstop_bin" -J -b -d 0 -n 2)
		[[ $n == auto ]] || cmd+=(--source=kernel)
		"${cmd[@]}" 2>"$tmp/src.err" {pg_in}>&- | tail -n 1 >"$tmp/src.json" ||
			die "${cmd[*]} failed: $(head -c 300 "$tmp/src.err")"
		got=$(grep -o '"source":"[a-z]*"' "$tmp/src.json" | tail -n 1 | cut -d'"' -f4)
		KV[$size.src.nstop_$n]=${got:-?}
		KV[$size.containers.nstop_$n]=$(grep -o '"containers":[0-9]*' "$tmp/src.json" | head -n 1 | cut -d: -f2)
		if [[ $got != kernel ]]; then
			kern_notes+=("size $size: \`${cmd[*]//"$top"\//}\` says \"source\":\"${got:-none}\", not kernel")
			log "${kern_notes[-1]}"
		fi
	done
	log "size $size: sources: $(for n in k_nsls_kernel k_nsls_proc k_nsls k_net_kernel k_net nstop_kernel nstop_auto; do printf '%s=%s ' "$n" "${KV[$size.src.$n]}"; done)"
}

# bench_klist SIZE: the listings of knames, stdout to /dev/null, each
# run by cpurun: one warm-up run (output lines; how many runs fit in
# CMD_BUDGET), then RUNS rounds in turns (a command that got fewer runs
# sits the last rounds out); medians of wall, user + sys CPU and maxrss
bench_klist() {
	local size=$1 n i r warm_ms
	local -a cmd
	local -A kr=()

	for n in "${knames[@]}"; do
		read -ra cmd <<<"${argv[$n]}"
		rm -f "$tmp/$n.warm" "$tmp/$n.runs"
		"$bindir/cpurun" "$tmp/$n.warm" "${cmd[@]}" >"$tmp/$n.out" 2>"$tmp/$n.err" {pg_in}>&- ||
			die "${label[$n]} failed: $(head -c 300 "$tmp/$n.err")"
		KV[$size.lines.$n]=$(wc -l <"$tmp/$n.out")
		warm_ms=$(sed -n 's/.*\<wall_ms=\([0-9]*\).*/\1/p' "$tmp/$n.warm")
		r=$RUNS
		if ((warm_ms * RUNS > CMD_BUDGET * 1000)); then
			r=$((CMD_BUDGET * 1000 / (warm_ms > 0 ? warm_ms : 1)))
			((r >= MIN_RUNS)) || r=$MIN_RUNS
			((r <= RUNS)) || r=$RUNS
		fi
		kr[$n]=$r
		if ((r < RUNS)); then
			kern_notes+=("size $size: \`${label[$n]}\` got $r runs instead of $RUNS (its warm-up run took ${warm_ms} ms; CMD_BUDGET=${CMD_BUDGET}s)")
			log "${kern_notes[-1]}"
		fi
	done
	log "size $size: timing ${#knames[@]} listings in turns, $RUNS rounds"
	for ((i = 0; i < RUNS; i++)); do
		for n in "${knames[@]}"; do
			((i < kr[$n])) || continue
			read -ra cmd <<<"${argv[$n]}"
			"$bindir/cpurun" "$tmp/$n.runs" "${cmd[@]}" >/dev/null 2>&1 {pg_in}>&- ||
				die "${label[$n]} failed"
		done
	done
	for n in "${knames[@]}"; do
		KV[$size.wall.$n]=$(fmt1 "$(kfield wall_ms "$tmp/$n.runs")")
		KV[$size.cpu.$n]=$(fmt1 "$(kfield cpu_ms "$tmp/$n.runs")")
		KV[$size.rss.$n]=$(kfield maxrss_kib "$tmp/$n.runs")
		KV[$size.rss.$n]=${KV[$size.rss.$n]%.*}
		KV[$size.runs.$n]=${kr[$n]}
		log "  ${label[$n]}: ${KV[$size.wall.$n]} ms wall, ${KV[$size.cpu.$n]} ms CPU, ${KV[$size.rss.$n]} KiB maxrss (medians of ${kr[$n]})"
	done
}

# bench_krefresh SIZE: build/bench/refresh cold and warm of each flag set
# of krefsets, with SOURCE=proc and SOURCE=kernel
bench_krefresh() {
	local size=$1 fs src mode out k got

	for fs in "${krefsets[@]}"; do
		for src in proc kernel; do
			for mode in cold warm; do
				log "size $size: SOURCE=$src refresh $mode $REFRESH_N $fs"
				out=$(SOURCE=$src "$bindir/refresh" "$mode" "$REFRESH_N" "$fs" "$CMD_BUDGET" {pg_in}>&-) ||
					die "SOURCE=$src build/bench/refresh $mode $REFRESH_N $fs failed"
				log "  $out"
				k=$size.ref.$src.$fs.$mode
				KV[$k.cpu]=$(fmt2 "$(field cpu_ms_median "$out")")
				KV[$k.user]=$(fmt2 "$(field user_ms_median "$out")")
				KV[$k.sys]=$(fmt2 "$(field sys_ms_median "$out")")
				KV[$k.wall]=$(fmt2 "$(field wall_ms_median "$out")")
				KV[$k.n]=$(field n "$out")
				got=$(field source "$out")
				if [[ $got != "$src" ]]; then
					kern_notes+=("size $size: SOURCE=$src refresh $mode $fs was read by the ${got:-unknown} source")
					log "${kern_notes[-1]}"
				fi
				if ((KV[$k.n] < REFRESH_N)); then
					kern_notes+=("size $size: SOURCE=$src refresh $mode $fs got ${KV[$k.n]} refreshes instead of $REFRESH_N (CMD_BUDGET=${CMD_BUDGET}s)")
					log "${kern_notes[-1]}"
				fi
			done
		done
		for src in proc kernel; do
			k=$size.ref.$src.$fs
			kern_refrows+=("| $size | $fs | $src | ${KV[$k.cold.cpu]} | ${KV[$k.warm.cpu]} | $(ratio "${KV[$k.cold.cpu]}" "${KV[$k.warm.cpu]}") | ${KV[$k.cold.wall]} | ${KV[$k.warm.wall]} | ${KV[$k.warm.user]} / ${KV[$k.warm.sys]} | $(ratio3 "${KV[$k.warm.cpu]}" "${KV[$size.ref.proc.$fs.warm.cpu]}") | ${KV[$k.cold.n]} / ${KV[$k.warm.n]} |")
		done
	done
}

# bench_knstop SIZE: nstop --source=kernel (with and without HOLDERS)
# beside --source=proc and top (monitor_measure), and htop (bench_htop)
bench_knstop() {
	local size=$1 t

	monitor_measure "$size" nstop_k nstop_k_noh nstop top
	local -n c1=mm_c1 cN=mm_cN m1=mm_m1 mN=mm_mN pc=mm_pc pw=mm_pw nl=mm_nl
	h_cpu=n/a h_gap=n/a h_scans=0
	((!HTOP)) || bench_htop "$size" kern_notes
	for t in nstop_k nstop_k_noh nstop top; do
		KV[$size.mon.$t]=${pc[$t]}
	done
	KV[$size.mon.htop]=$h_cpu
	kern_nstoprows+=("| $size | $procs | $tasks | $nscount | ${pc[nstop_k]} | ${pc[nstop]} | ${pc[top]} | $(fmt_h "$h_cpu") | $(ratio3 "${pc[nstop_k]}" "${pc[top]}") | $(ratio2 "${pc[nstop]}" "${pc[top]}") | $(ratio3 "${pc[nstop_k]}" "${pc[nstop]}") | $(ratio3 "${pc[nstop_k]}" "$h_cpu") | ${pc[nstop_k_noh]} | $(ratio3 "${pc[nstop_k_noh]}" "${pc[top]}") | ${pw[nstop_k]} | ${pw[nstop]} | ${pw[top]} | $(fmt_h "$h_gap") | ${nl[nstop_k]} | ${nl[nstop]} |")
	kern_nstopstartrows+=("| $size | $(fmt1 "${c1[nstop_k]}") | $(fmt1 "${c1[nstop]}") | $(fmt1 "${c1[top]}") | $(fmt1 "${cN[nstop_k]}") | $(fmt1 "${cN[nstop]}") | $(fmt1 "${cN[top]}") | $(fmt1 "${c1[nstop_k_noh]}") | $(fmt1 "${cN[nstop_k_noh]}") | ${m1[nstop_k]%.*} | ${mN[nstop_k]%.*} | ${mN[nstop]%.*} | ${mN[top]%.*} | $h_scans |")
}

# bench_kernel SIZE: the kernel source section's measurements on the
# current population (the memory run is apart: see the loop)
bench_kernel() {
	local size=$1 n ob st tp0 tp1

	kern_sizes+=("$size")
	KV[$size.procs]=$procs KV[$size.tasks]=$tasks KV[$size.ns]=$nscount
	tp0=$(test_procs)
	watch_start
	other_mark
	bench_ksource "$size"
	bench_klist "$size"
	bench_krefresh "$size"
	bench_knstop "$size"
	other_busy
	watch_stop
	ob=$ob_pct n=$ob_secs st=$ob_steal
	tp1=$(test_procs)
	kern_notes+=("size $size: ${quiet_note:+$quiet_note; }popgen ready in ${setup_s}s, $threads threads; other work kept ${busy}% of the CPUs busy during the ${SETTLE} s before timing, and ${ob}% during the ${n} s of this size's measurements (busy time in /proc/stat minus that of run.sh and the commands it ran), the hypervisor stole ${st}%; $tp0 processes of tests/integration or tests/run at the start, $tp1 at the end; $watch_note")
	log "${kern_notes[-1]}"
	local -A w cp r
	for n in "${knames[@]}"; do
		w[$n]=${KV[$size.wall.$n]} cp[$n]=${KV[$size.cpu.$n]} r[$n]=${KV[$size.rss.$n]}
		((KV[$size.runs.$n] == RUNS)) || w[$n]+=" (${KV[$size.runs.$n]} runs)" cp[$n]+=" (${KV[$size.runs.$n]} runs)"
	done
	kern_listrows+=("| $size | $procs | $tasks | $nscount | ${w[k_walk]} | ${w[k_nsls_kernel]} | ${w[k_nsls_proc]} | ${w[k_nsls]} | ${w[k_net_kernel]} | ${w[k_net_proc]} | ${w[k_net]} | ${w[k_lsns]} | ${w[k_lsns_net]} | $(kr3 wall k_nsls_kernel k_walk) | $(kr3 wall k_nsls_proc k_walk) | $(kr3 wall k_nsls k_walk) | $(kr3 wall k_nsls_kernel k_lsns) | $(kr3 wall k_nsls_proc k_lsns) | $(kr3 wall k_nsls k_lsns) | $(kr3 wall k_net_kernel k_lsns_net) | $(kr3 wall k_net k_lsns_net) |")
	kern_cpurows+=("| $size | ${cp[k_walk]} | ${cp[k_nsls_kernel]} | ${cp[k_nsls_proc]} | ${cp[k_nsls]} | ${cp[k_net_kernel]} | ${cp[k_net_proc]} | ${cp[k_net]} | ${cp[k_lsns]} | ${cp[k_lsns_net]} | $(kr3 cpu k_nsls_kernel k_walk) | $(kr3 cpu k_nsls_proc k_walk) | $(kr3 cpu k_nsls k_walk) | $(kr3 cpu k_nsls_kernel k_lsns) | $(kr3 cpu k_nsls_proc k_lsns) | $(kr3 cpu k_nsls k_lsns) | $(kr3 cpu k_net_kernel k_lsns_net) | $(kr3 cpu k_net k_lsns_net) |")
	kern_maxrssrows+=("| $size | ${r[k_walk]} | ${r[k_nsls_kernel]} | ${r[k_nsls_proc]} | ${r[k_nsls]} | ${r[k_net_kernel]} | ${r[k_lsns]} | ${r[k_lsns_net]} | $(kr2 rss k_nsls_kernel k_lsns) | $(kr2 rss k_nsls_proc k_lsns) | $(kr2 rss k_nsls k_lsns) |")
	kern_srcrows+=("| $size | $tasks | ${KV[$size.src.k_nsls_kernel]} | ${KV[$size.src.k_nsls_proc]} | ${KV[$size.src.k_nsls]}${KV[$size.why.k_nsls]:+ (\"${KV[$size.why.k_nsls]}\")} | ${KV[$size.src.k_net_kernel]} | ${KV[$size.src.k_net]} | ${KV[$size.src.nstop_kernel]} | ${KV[$size.src.nstop_auto]} | ${KV[$size.containers.nstop_kernel]:-?} | ${KV[$size.unread.k_nsls_kernel]} / ${KV[$size.unread.k_nsls_proc]} | ${KV[$size.lines.k_nsls_kernel]} / ${KV[$size.lines.k_nsls_proc]} / ${KV[$size.lines.k_nsls]} / ${KV[$size.lines.k_lsns]} | ${KV[$size.lines.k_net_kernel]} / ${KV[$size.lines.k_net_proc]} / ${KV[$size.lines.k_lsns_net]} |")
}

# bench_kernel_rss SIZE: nstop --source=kernel's memory over NSTOP_RSS_N
# frames (bench_nstop_rss), on the current population
bench_kernel_rss() {
	local tp0 ob n st

	tp0=$(test_procs)
	watch_start
	other_mark
	bench_nstop_rss "$1" kernel kern
	other_busy
	watch_stop
	ob=$ob_pct n=$ob_secs st=$ob_steal
	kern_rss_done=1 kern_rss_size=$1 kern_rss_last=$rss_last kern_rss_r1000=$rss_r1000
	kern_notes+=("size $1, memory run: other work kept ${ob}% of the CPUs busy during its ${n} s (its churn loop's namespaces are torn down by kernel threads, which count as other work here), the hypervisor stole ${st}%; $tp0 processes of tests/integration or tests/run at the start, $(test_procs) at the end; $watch_note")
	log "${kern_notes[-1]}"
}

# kr3 / kr2 WHAT A B: KV[SIZE.WHAT.A] / KV[SIZE.WHAT.B] (3 or 2 decimals)
kr3() { ratio3 "${KV[$size.$1.$2]}" "${KV[$size.$1.$3]}"; }
kr2() { ratio2 "${KV[$size.$1.$2]}" "${KV[$size.$1.$3]}"; }

# ktarget LABEL TARGET A B [A2 B2]: a row of the targets table: A / B
# (and A2 / B2, the CPU one) against TARGET (a ratio, at most)
ktarget() {
	local lab=$1 t=$2 r1 r2 met
	r1=$(awk -v a="$3" -v b="$4" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.3f", a / b; else print "n/a" }')
	if [[ $# -ge 6 ]]; then
		r2=$(awk -v a="$5" -v b="$6" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.3f", a / b; else print "n/a" }')
		met=$(awk -v a="$r1" -v b="$r2" -v t="$t" 'BEGIN {
			if (a == "n/a" || b == "n/a") { print "n/a"; exit }
			w = a + 0 <= t; c = b + 0 <= t
			print ((w && c) ? "**met**" : c ? "CPU only (wall: not met)" : w ? "wall only (CPU: not met)" : "not met") }')
		echo "| $lab | ≤ ${t}x | ${r1}x ($3 / $4 ms) | ${r2}x ($5 / $6 ms) | $met |"
	else
		met=$(awk -v a="$r1" -v t="$t" 'BEGIN { if (a == "n/a") print "n/a"; else print ((a + 0 <= t) ? "**met**" : "not met") }')
		echo "| $lab | ≤ ${t}x | ${r1}x ($3 / $4) | | $met |"
	fi
}

# kgrowth LABEL KEY: a row of the growth table: KV[SIZE.KEY] at every size,
# the last over the first, and the exponent of its growth with the tasks
# (log ratio of KEY / log ratio of tasks: 1 = linear, 0 = flat)
kgrowth() {
	local lab=$1 key=$2 sz row v first last
	row="| $lab |"
	first=${KV[${kern_sizes[0]}.$key]:-} last=${KV[${kern_sizes[-1]}.$key]:-}
	for sz in "${kern_sizes[@]}"; do
		v=${KV[$sz.$key]:-n/a}
		row+=" $v |"
	done
	row+=" $(ratio2 "$last" "$first") |"
	row+=" $(awk -v a="$first" -v b="$last" -v ta="${KV[${kern_sizes[0]}.tasks]}" -v tb="${KV[${kern_sizes[-1]}.tasks]}" 'BEGIN {
		if (a + 0 > 0 && b + 0 > 0 && tb + 0 > ta + 0) printf "%.2f", log(b / a) / log(tb / ta); else print "n/a" }') |"
	echo "$row"
}

# kernel_section: the "Kernel source (issue 11)" section, between its
# markers, so that ONLY=kernel can replace it in RESULTS
kernel_section() {
	local nN=$((NSTOP_N + 1)) ts fs sz src k
	ts=${kern_sizes[-1]}

	echo "<!-- kernel section: begin (bench/run.sh replaces it) -->"
	echo "## Kernel source (issue 11)"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC') · code ${CODE_REV:-$(git -C "$top" describe --always --dirty 2>/dev/null || echo "not a git tree")} · kernel $(uname -r) · $(nproc) CPUs · $(lsns --version) · $(top -V 2>/dev/null | head -1)${htop_ver:+ · htop $htop_ver}${ONLY:+ · run alone (\`ONLY=$ONLY\`): the other sections are from earlier runs, on their own populations} · population \`build/bench/popgen -n SIZE -m SIZE/$SETS_PER\` (at 10000 processes: $((10000 / SETS_PER)) namespace sets)"
	echo
	echo "The kernel source reads every task's namespaces, threads and namespace-holding fds, and the namespaces' relations, with a BPF task iterator in one pass (\`libnsinfo/source-kernel.c\`, \`kiter.c\`); \`--source=proc\` is the /proc walk the tables above measure. Plain \`nsls\` is \`--source=auto\`: for one snapshot that is the kernel source from 400 tasks on (loading the BPF programs costs some 15 ms), the /proc one below; a scanner (nstop) takes the kernel source at any size. The \"Which source read the data\" table below checks what read each run, from the \`\"source\"\` key of \`-J\`."
	echo
	echo "**Containers.** Issue 11 asks for 10k processes in 1k containers. popgen makes namespace sets only: SIZE/$SETS_PER sets cycling through its 10 templates (5 of which, container, rootful, nested2, nested3 and rootless, are container-like: user/pid/mnt/net... namespaces as a runtime would make them). It creates no cgroups, and the library groups processes into containers by their cgroup paths (\`libnsinfo/cgroup.c\`, \`container.c\`), so on these populations it finds no container: nstop's count is in the sources table. The cgroup-path work of a real container host (one cgroup file per process, which both sources read from /proc) is therefore not in these numbers, and no cgroups were faked."
	echo
	echo "### nsls beside lsns and the /proc floor"
	echo
	echo "Commands, stdout to /dev/null, all on the same population, each run by \`build/bench/cpurun\` (wall time; user + sys CPU and peak RSS of the command from wait4()): one warm-up run, then $RUNS rounds in turns; medians. \`nsls\` is the default listing (every holder: processes, \`*_for_children\`, fds, bind mounts, ancestors); walk (\`build/bench/walk\`) is the floor: one readdir of /proc and 8 readlinkat()s per process, no output."
	echo
	for n in "${knames[@]}"; do
		echo "- ${n#k_}: \`${label[$n]}\`"
	done
	echo
	echo "Wall time, ms (median), and the ratios of the targets: nsls / walk, nsls / lsns, nsls -t net / lsns -t net:"
	echo
	echo "| size | procs in /proc | tasks | namespaces (walk) | walk | nsls kernel | nsls proc | nsls (auto) | -t net kernel | -t net proc | -t net (auto) | lsns | lsns -t net | kernel / walk | proc / walk | auto / walk | kernel / lsns | proc / lsns | auto / lsns | net kernel / lsns net | net auto / lsns net |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s\n' "${kern_listrows[@]}"
	echo
	echo "CPU time (user + sys, ms, median): the library's /proc walk runs in up to one thread per CPU, so its CPU can exceed its wall time; the kernel source's iterator runs in the caller's thread, in the kernel (sys):"
	echo
	echo "| size | walk | nsls kernel | nsls proc | nsls (auto) | -t net kernel | -t net proc | -t net (auto) | lsns | lsns -t net | kernel / walk | proc / walk | auto / walk | kernel / lsns | proc / lsns | auto / lsns | net kernel / lsns net | net auto / lsns net |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s\n' "${kern_cpurows[@]}"
	echo
	echo "Peak RSS (ru_maxrss of the command, KiB, median of the runs):"
	echo
	echo "| size | walk | nsls kernel | nsls proc | nsls (auto) | -t net kernel | lsns | lsns -t net | kernel / lsns | proc / lsns | auto / lsns |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s\n' "${kern_maxrssrows[@]}"
	echo
	echo "Which source read the data: the \`\"source\"\` of \`nsls -J\` with each \`--source\` (for auto, its \`\"source_why\"\` when it chose /proc), and of the last frame of \`nstop -J -b -d 0 -n 2\` with \`--source=kernel\` and without \`--source\` (auto); the containers nstop counted; the processes nsls could not read (kernel / proc source); and the output lines of the warm-up runs (headers included):"
	echo
	echo "| size | tasks | nsls kernel | nsls proc | nsls (auto) | -t net kernel | -t net (auto) | nstop kernel | nstop (auto) | containers | unreadable kernel / proc | lines nsls kernel / proc / auto / lsns | lines -t net kernel / proc / lsns |"
	echo "|---:|---:|---|---|---|---|---|---|---|---:|---:|---:|---:|"
	printf '%s\n' "${kern_srcrows[@]}"
	echo
	echo "### Scanner refresh by source"
	echo
	echo "\`SOURCE=proc|kernel build/bench/refresh cold|warm $REFRESH_N FLAGSET $CMD_BUDGET\` on the same populations, as in \"Scanner refresh (issue 8)\" above (medians per refresh, ms; CPU is \`CLOCK_PROCESS_CPUTIME_ID\`, every thread; user / sys from getrusage). cold is \`nsinfo_snapshot_new()\` each time: with the kernel source that loads and attaches the BPF programs every time; warm is one scanner refreshed, which keeps them loaded. The last column but one is the warm CPU over the /proc source's. refresh prints the source that read its last snapshot; a run read by another one would be in the notes."
	echo
	echo "- links: no flag (the namespace links only)"
	echo "- nsls: \`NSINFO_SCAN_FOR_CHILDREN | FDS | MOUNTS | RELATIONS | INFO_LEADERS\` (what plain nsls reads)"
	echo "- nstop: \`NSINFO_SCAN_RELATIONS | INFO_ALL | TASK_STATS | CONTAINERS\` (what a monitor reads)"
	echo
	echo "| size | flags | source | cold cpu | warm cpu | cold / warm cpu | cold wall | warm wall | warm user / sys | warm cpu / proc's | refreshes cold / warm |"
	echo "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s\n' "${kern_refrows[@]}"
	echo
	echo "### nstop --source=kernel beside top"
	echo
	echo "Measured as in \"nstop beside top (issue 9)\" above, in the same run as the tables of this section: nstop and top print $nN frames and 1 frame, $NSTOP_DELAY s apart, stdout to /dev/null, $NSTOP_RUNS times each in turns (\`build/bench/cpurun\`); **per refresh** = (median CPU of the $nN-frame runs - median of the 1-frame runs) / $NSTOP_N, so start-up (for the kernel source, loading the BPF programs) and the first read drop out."
	echo
	echo "- nstop kernel: \`${nstop_bin//"$top"\//} --source=kernel -b -d $NSTOP_DELAY -n N\`"
	echo "- nstop kernel w/o HOLDERS: the same with \`-o $nstop_noh_cols\`"
	echo "- nstop proc: \`${nstop_bin//"$top"\//} --source=proc -b -d $NSTOP_DELAY -n N\`"
	echo "- top: \`top -b -d $NSTOP_DELAY -n N\` with an empty HOME"
	if ((HTOP)); then
		echo "- htop: \`htop -d $htop_d\` in a tmux pane under strace, as in the issue 9 section"
	else
		echo "- htop: not measured (${htop_why:-HTOP=0})"
	fi
	echo
	echo "CPU ms per refresh, ratios, wall ms per refresh beyond the delay, and the lines of one frame:"
	echo
	echo "| size | procs in /proc | tasks | namespaces (walk) | nstop kernel cpu | nstop proc cpu | top cpu | htop cpu | kernel / top | proc / top | kernel / proc | kernel / htop | kernel w/o HOLDERS cpu | w/o HOLDERS / top | kernel wall - delay | proc wall - delay | top wall - delay | htop wall - delay | kernel lines | proc lines |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s\n' "${kern_nstoprows[@]}"
	echo
	echo "The runs behind it (medians; ms and KiB): 1 frame and $nN frames; peak RSS (ru_maxrss); htop's refreshes counted in its windows."
	echo
	echo "| size | kernel -n 1 cpu | proc -n 1 cpu | top -n 1 cpu | kernel -n $nN cpu | proc -n $nN cpu | top -n $nN cpu | kernel w/o HOLDERS -n 1 cpu | kernel w/o HOLDERS -n $nN cpu | kernel -n 1 maxrss | kernel -n $nN maxrss | proc -n $nN maxrss | top -n $nN maxrss | htop refreshes |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s\n' "${kern_nstopstartrows[@]}"
	if ((${#kern_rsssum[@]})); then
		echo
		echo "### nstop --source=kernel's memory over $NSTOP_RSS_N frames"
		echo
		echo "$kern_rssinfo, with the churn loop of the memory runs above (a process in new net and uts namespaces every 50 ms, each living 200 ms), sampled as in the issue 9 section (VmRSS and VmHWM in KiB, frames estimated from the bytes written; raw samples in \`build/bench/nstop-rss-kernel.samples\`). first / median / max / last are over the samples from about frame $NSTOP_RSS_EVERY on; then the last RSS minus the one near frame 1000."
		echo
		echo "| size | frames | RSS after frame 1 | first | median | max | last | VmHWM at the end | last - at ~1000 | most procs in /proc |"
		echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
		printf '%s\n' "${kern_rsssum[@]}"
		echo
		echo "| frame (about) | VmRSS KiB | VmHWM KiB | seconds | procs in /proc | most procs so far |"
		echo "|---:|---:|---:|---:|---:|---:|"
		printf '%s\n' "${kern_rssrows[@]}"
	fi
	echo
	echo "### Targets"
	echo
	local tnote=
	[[ $ts == 10000 ]] || tnote=" (the targets are for 10000 processes; this run's largest size is $ts)"
	echo "Issue 11's targets (and issue 9's for nstop) at size $ts$tnote, from the tables above. A ratio target is met when the measured ratio is at most the target; for the listings both the wall and the CPU ratio are given."
	echo
	echo "| target | at most | wall (or value) | CPU | met |"
	echo "|---|---:|---:|---:|---|"
	for n in k_nsls_kernel k_nsls_proc k_nsls; do
		ktarget "\`${label[$n]#build/bin/}\` / walk" 0.25 "${KV[$ts.wall.$n]}" "${KV[$ts.wall.k_walk]}" "${KV[$ts.cpu.$n]}" "${KV[$ts.cpu.k_walk]}"
	done
	for n in k_nsls_kernel k_nsls_proc k_nsls; do
		ktarget "\`${label[$n]#build/bin/}\` / lsns" 0.02 "${KV[$ts.wall.$n]}" "${KV[$ts.wall.k_lsns]}" "${KV[$ts.cpu.$n]}" "${KV[$ts.cpu.k_lsns]}"
	done
	for n in k_net_kernel k_net k_net_proc; do
		ktarget "\`${label[$n]#build/bin/}\` / \`lsns -t net\`" 0.05 "${KV[$ts.wall.$n]}" "${KV[$ts.wall.k_lsns_net]}" "${KV[$ts.cpu.$n]}" "${KV[$ts.cpu.k_lsns_net]}"
	done
	for fs in "${krefsets[@]}"; do
		k=${KV[$ts.ref.kernel.$fs.warm.cpu]}
		echo "| warm scanner refresh, kernel source, $fs flags: CPU ≤ 20 ms | 20 ms | ${KV[$ts.ref.kernel.$fs.warm.wall]} ms | $k ms | $(awk -v v="$k" 'BEGIN { print ((v + 0 > 0 && v + 0 <= 20) ? "**met**" : "not met") }') |"
	done
	for fs in "${krefsets[@]}"; do
		k=${KV[$ts.ref.proc.$fs.warm.cpu]}
		echo "| (for comparison: the same with the proc source, $fs flags) | 20 ms | ${KV[$ts.ref.proc.$fs.warm.wall]} ms | $k ms | $(awk -v v="$k" 'BEGIN { print ((v + 0 > 0 && v + 0 <= 20) ? "met" : "not met") }') |"
	done
	for n in k_nsls_kernel k_nsls_proc k_nsls; do
		echo "| peak RSS of \`${label[$n]#build/bin/}\` ≤ lsns's | 1.00x | ${KV[$ts.rss.$n]} / ${KV[$ts.rss.k_lsns]} KiB = $(ratio2 "${KV[$ts.rss.$n]}" "${KV[$ts.rss.k_lsns]}") | | $(awk -v a="${KV[$ts.rss.$n]}" -v b="${KV[$ts.rss.k_lsns]}" 'BEGIN { print ((a + 0 > 0 && b + 0 > 0 && a + 0 <= b + 0) ? "**met**" : "not met") }') |"
	done
	ktarget "nstop --source=kernel / top, CPU per refresh" 0.1 "${KV[$ts.mon.nstop_k]}" "${KV[$ts.mon.top]}"
	ktarget "nstop --source=proc / top, CPU per refresh" 1.0 "${KV[$ts.mon.nstop]}" "${KV[$ts.mon.top]}"
	if ((kern_rss_size)); then
		echo "| nstop --source=kernel's RSS flat over $NSTOP_RSS_N frames (size $kern_rss_size): the last sample within 2% of the one near frame 1000 | 2% | ${kern_rss_last} - ${kern_rss_r1000} KiB = $(printf '%+d' $((kern_rss_last - kern_rss_r1000))) KiB | | $(awk -v a="$kern_rss_last" -v b="$kern_rss_r1000" -v n="$NSTOP_RSS_N" 'BEGIN { d = a - b; if (d < 0) d = -d; print (n < 10000 ? "n/a (fewer than 10000 frames)" : d <= 0.02 * b ? "**met**" : "not met") }') |"
	fi
	echo
	echo "### Growth from ${kern_sizes[0]} to ${kern_sizes[-1]} processes"
	echo
	echo "Each figure at each size (ms of CPU, median, unless said otherwise; KiB for RSS), the last over the first, and its growth exponent with the tasks: log(last / first) / log(tasks at the last size / tasks at the first); 1 means it grows as the tasks do (linear), 0 that it stays flat, above 1 faster than the tasks."
	echo
	local hdr="| figure |" sep="|---|"
	for sz in "${kern_sizes[@]}"; do
		hdr+=" $sz |" sep+="---:|"
	done
	echo "$hdr last / first | exponent |"
	echo "$sep---:|---:|"
	kgrowth "tasks" tasks
	kgrowth "namespaces (walk)" ns
	kgrowth "walk" cpu.k_walk
	kgrowth "nsls --source=kernel" cpu.k_nsls_kernel
	kgrowth "nsls --source=proc" cpu.k_nsls_proc
	kgrowth "nsls (auto)" cpu.k_nsls
	kgrowth "nsls -t net --source=kernel" cpu.k_net_kernel
	kgrowth "lsns" cpu.k_lsns
	kgrowth "lsns -t net" cpu.k_lsns_net
	for fs in "${krefsets[@]}"; do
		kgrowth "warm refresh, kernel, $fs" "ref.kernel.$fs.warm.cpu"
		kgrowth "warm refresh, proc, $fs" "ref.proc.$fs.warm.cpu"
	done
	kgrowth "cold refresh, kernel, nstop" ref.kernel.nstop.cold.cpu
	kgrowth "nstop --source=kernel, per refresh" mon.nstop_k
	kgrowth "nstop --source=proc, per refresh" mon.nstop
	kgrowth "top, per refresh" mon.top
	kgrowth "peak RSS nsls --source=kernel (KiB)" rss.k_nsls_kernel
	kgrowth "peak RSS nsls --source=proc (KiB)" rss.k_nsls_proc
	kgrowth "peak RSS lsns (KiB)" rss.k_lsns
	if ((${#kern_notes[@]})); then
		echo
		echo "Notes on this section:"
		echo
		printf -- '- %s\n' "${kern_notes[@]}"
	fi
	echo "<!-- kernel section: end -->"
}

# ---------------------------------------------------------------- runs
quiet_note=
# population_up SIZE: start popgen, wait until it is ready and SETTLE s
# more; sets setup_s, threads, busy, procs, tasks, walk_out, nscount
population_up() {
	local size=$1 sets i t0 b w0

	if ((QUIET_WAIT)); then
		# other work on the machine: wait for a quiet moment
		w0=$SECONDS
		while b=$(cpu_busy 5); ((b >= QUIET_BUSY && SECONDS - w0 < QUIET_WAIT)); do
			log "size $size: CPUs ${b}% busy; waiting for less than ${QUIET_BUSY}% (QUIET_WAIT=${QUIET_WAIT}s)"
			sleep 10
		done
		quiet_note="waited $((SECONDS - w0)) s for a quiet moment (QUIET_WAIT), the CPUs then ${b}% busy over 5 s"
		((b < QUIET_BUSY)) || quiet_note+=", still ${QUIET_BUSY}% or more: gave up waiting"
		log "size $size: $quiet_note"
	fi
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
}

# population_down SIZE: make popgen tear its population down; fail if any
# popgen process is left
population_down() {
	local size=$1 i left t0

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
}

nstop_rss_done=0
for size in "${sizes[@]}"; do
	population_up "$size"

	declare -A med=() cpu=() nruns=() cell=()
	if ((LISTING)); then
		for n in "${names[@]}"; do
			bench_cmd "$n"
		done

		for n in "${names[@]}"; do
			cell[$n]=${med[$n]}
			((nruns[$n] == RUNS)) || cell[$n]+=" (${nruns[$n]} runs)"
		done
		rows+=("| $size | $procs | $tasks | $nscount | ${cell[nsls]} | ${cell[nsls_procs]} | ${cell[nsls_net]} | ${cell[lsns]} | ${cell[ps]} | ${cell[walk]} | $(ratio "${med[lsns]}" "${med[nsls]}") | $(ratio "${med[lsns]}" "${med[nsls_procs]}") | $(ratio "${med[nsls]}" "${med[walk]}") | $(ratio "${med[nsls_procs]}" "${med[walk]}") |")
		cpurows+=("| $size | ${cpu[nsls]} | ${cpu[nsls_procs]} | ${cpu[nsls_net]} | ${cpu[lsns]} | ${cpu[ps]} | ${cpu[walk]} | $(ratio "${cpu[lsns]}" "${cpu[nsls]}") | $(ratio "${cpu[nsls]}" "${cpu[walk]}") |")
		checks+=("| $size | $setup_s | $threads | $busy | ${lines[nsls]} | ${lines[lsns]} | ${lines[nsls_net]} | ${lines[ps]} |")
	fi

	if ((REFRESH)); then
		bench_refresh "$size"
		((size != RSS_SIZE)) || bench_rss "$size"
	fi
	if ((NSTOP)); then
		nstop_notes+=("size $size: popgen ready in ${setup_s}s, $threads threads; other work kept ${busy}% of the CPUs busy during the ${SETTLE} s before timing")
		bench_nstop "$size"
		if ((size == NSTOP_RSS_SIZE && !nstop_rss_done)); then
			bench_nstop_rss "$size"
			nstop_rss_done=1
		fi
		((size != perf_size)) || bench_nstop_perf "$size"
	fi
	if ((KERNEL)); then
		bench_kernel "$size"
		if ((size == KERNEL_RSS_SIZE && !kern_rss_done)); then
			bench_kernel_rss "$size"
		fi
	fi

	population_down "$size"
	unset med cpu nruns cell
done
# nstop's memory at a size of its own (one where 10000 frames fit in a
# few minutes), when it is none of the sizes
if ((NSTOP && NSTOP_RSS_SIZE && !nstop_rss_done)); then
	population_up "$NSTOP_RSS_SIZE"
	nstop_notes+=("size $NSTOP_RSS_SIZE (memory run only): popgen ready in ${setup_s}s, $threads threads, $procs processes in /proc; other work kept ${busy}% of the CPUs busy during the ${SETTLE} s before it")
	bench_nstop_rss "$NSTOP_RSS_SIZE"
	nstop_rss_done=1
	# the same size for the kernel source's memory run: one population
	if ((KERNEL && KERNEL_RSS_SIZE == NSTOP_RSS_SIZE && !kern_rss_done)); then
		kern_notes+=("size $KERNEL_RSS_SIZE (memory run only): popgen ready in ${setup_s}s, $threads threads, $procs processes in /proc; other work kept ${busy}% of the CPUs busy during the ${SETTLE} s before it")
		bench_kernel_rss "$KERNEL_RSS_SIZE"
	fi
	population_down "$NSTOP_RSS_SIZE"
fi
# likewise nstop --source=kernel's memory at a size of its own
if ((KERNEL && KERNEL_RSS_SIZE && !kern_rss_done)); then
	population_up "$KERNEL_RSS_SIZE"
	kern_notes+=("size $KERNEL_RSS_SIZE (memory run only): popgen ready in ${setup_s}s, $threads threads, $procs processes in /proc; other work kept ${busy}% of the CPUs busy during the ${SETTLE} s before it")
	bench_kernel_rss "$KERNEL_RSS_SIZE"
	population_down "$KERNEL_RSS_SIZE"
fi

# -------------------------------------------------------------- report
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
if [[ -n $ONLY ]]; then
	# ONLY=nstop or ONLY=kernel: replace that section of RESULTS (or add
	# it before the Notes list, or at the end), keep the rest
	"${ONLY}_section" >"$tmp/$ONLY.md"
	if [[ -s $RESULTS ]]; then
		awk -v sec="$tmp/$ONLY.md" -v b="<!-- $ONLY section: begin" -v e="<!-- $ONLY section: end" '
			function put() { while ((getline l < sec) > 0) print l; done = 1 }
			index($0, b) == 1 { if (!done) put(); skip = 1; next }
			index($0, e) == 1 { skip = 0; next }
			skip { next }
			/^Notes:$/ && !done { put(); print "" }
			{ print }
			END { if (!done) { print ""; put() } }' "$RESULTS" >"$tmp/results.md"
	else
		{ echo "# nsinfo benchmark results"; echo; cat "$tmp/$ONLY.md"; } >"$tmp/results.md"
	fi
	cat "$tmp/results.md" >"$RESULTS"
	log "wrote the $ONLY section of ${RESULTS#"$top"/}"
	sed -n "/^<!-- $ONLY section: begin/,/^<!-- $ONLY section: end/p" "$RESULTS"
	exit 0
fi
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
	if ((NSTOP)); then
		echo
		nstop_section
	fi
	if ((KERNEL)); then
		echo
		kernel_section
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
