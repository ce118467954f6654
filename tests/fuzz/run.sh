#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/fuzz/run.sh [HARNESS...] - build the libFuzzer harnesses with clang
# into build/fuzz and run each (all of them, or those named: cgroup,
# fuzz-cgroup) for FUZZ_SECONDS (60) seconds, one after the other, from
# its seeds (corpus/NAME) and regression inputs (regress/NAME). What a
# run finds that is new goes to build/fuzz/corpus/NAME (kept for the next
# run), a crash to build/fuzz/crashes/NAME/. One line a harness:
#   fuzz-cgroup: ok, 123456 runs in 60 s
#   fuzz-cgroup: CRASH, build/fuzz/crashes/cgroup/crash-... (log: ...)
# Exit 0, 1 when a harness crashed, 2 when the build failed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
seconds=${FUZZ_SECONDS:-60}
out=build/fuzz
cc=${FUZZ_CC:-clang}

# The longest input worth trying for each parser: about what the kernel or
# the runtime writes at most in one file (a mountinfo line can hold four
# escaped paths of PATH_MAX), so the fuzzer does not waste runs on inputs
# no real file has.
max_len() {
	case $1 in
	ns-link) echo 64 ;;
	fd-link) echo 128 ;;
	stat) echo 1024 ;;
	timens) echo 256 ;;
	columns) echo 1024 ;;
	status | cgroup | filter) echo 4096 ;;
	idmap) echo 12288 ;;
	mountinfo) echo 65536 ;;
	state-json | snapshot) echo 65536 ;;
	*) echo 4096 ;;
	esac
}

version=$(sed -n 's/^VERSION := //p' Makefile)
if ! make --no-print-directory -s -j"$(nproc)" -f build.mk BUILD="$out" CC="$cc" \
	SANITIZE=fuzzer NSINFO_BPF=0 CFLAGS='-O1 -g' WERROR=1 VERSION="$version" fuzzers \
	>"$out.log" 2>&1; then
	echo "fuzz: the build failed (CC=$cc):"
	tail -n 20 "$out.log"
	exit 2
fi

names=()
if [ $# -eq 0 ]; then
	for f in tests/fuzz/fuzz-*.c; do
		n=${f##*/fuzz-}
		names+=("${n%.c}")
	done
else
	for n in "$@"; do
		names+=("${n#fuzz-}")
	done
fi

status=0
for n in "${names[@]}"; do
	bin=$out/fuzz/fuzz-$n
	if [ ! -x "$bin" ]; then
		echo "fuzz-$n: no such harness"
		status=1
		continue
	fi
	mkdir -p "$out/corpus/$n" "$out/crashes/$n"
	dirs=("$out/corpus/$n" "tests/fuzz/corpus/$n")
	[ -d "tests/fuzz/regress/$n" ] && dirs+=("tests/fuzz/regress/$n")
	log=$out/crashes/$n.log
	"$bin" -max_total_time="$seconds" -max_len="$(max_len "$n")" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/crashes/$n/" \
		"${dirs[@]}" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ "$rc" -eq 0 ]; then
		echo "fuzz-$n: ok, ${runs:-?} runs in $seconds s"
	else
		crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
		echo "fuzz-$n: CRASH, ${crash:-exit $rc} (log: $log)"
		grep -m 3 -E 'ERROR|runtime error|SUMMARY' "$log" | sed 's/^/    /'
		status=1
	fi
done
exit $status
