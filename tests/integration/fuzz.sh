#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# fuzz.sh - the fuzz harnesses of tests/fuzz/ (one per parser of text we
# do not control). In every flavour each harness, which the tests build
# makes a replay program (gcc, that build's flags: ASan+UBSan in
# build/asan), reads all of its seed corpus and regression inputs: a
# crash, a sanitizer report or a failed check of the harness fails it.
# Then, except in build/asan (the same run would test the same), each is
# built with clang and libFuzzer and run for FUZZ_SECONDS (3) seconds
# (tests/fuzz/run.sh, which make fuzz runs for longer); skipped when clang
# cannot link -fsanitize=fuzzer.
. "$(dirname "$0")/lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
flavour=${NSINFO_BUILD##*/}

names=()
for f in "$top"/tests/fuzz/fuzz-*.c; do
	n=${f##*/fuzz-}
	names+=("${n%.c}")
done
if [ ${#names[@]} -lt 12 ]; then
	fail "fuzz harnesses" "${#names[@]} in tests/fuzz, want one per parser (12)"
fi

for n in "${names[@]}"; do
	bin=$NSINFO_BUILD/fuzz/fuzz-$n
	seeds=$top/tests/fuzz/corpus/$n regress=$top/tests/fuzz/regress/$n
	if [ ! -x "$bin" ]; then
		fail "fuzz replay $n" "$bin is missing (the tests build makes it)"
		continue
	fi
	want=$(find "$seeds" -maxdepth 1 -type f ! -name '.*' 2>/dev/null | wc -l)
	if [ "$want" -eq 0 ]; then
		fail "fuzz replay $n" "no seed corpus in tests/fuzz/corpus/$n"
		continue
	fi
	dirs=("$seeds")
	if [ -d "$regress" ]; then
		dirs+=("$regress")
		want=$((want + $(find "$regress" -maxdepth 1 -type f ! -name '.*' | wc -l)))
	fi
	out=$("$bin" "${dirs[@]}" 2>"$TMP/replay-$n.err")
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "fuzz replay $n" "exit status $rc: $(grep -m 1 -E 'ERROR|runtime error|replay:' \
			"$TMP/replay-$n.err" || tail -n 1 "$TMP/replay-$n.err")"
	elif [ "$out" != "$want inputs" ]; then
		fail "fuzz replay $n" "replayed '$out', want '$want inputs'"
	else
		pass "fuzz replay $n ($want inputs)"
	fi
done

# libFuzzer: once per suite run (the ASan flavour would run the same)
if [ "$flavour" = asan ]; then
	skip "fuzz run" "libFuzzer runs in the build/test flavour, not again here"
	exit 0
fi
cc=${FUZZ_CC:-clang}
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
	>"$TMP/probe.c"
if ! command -v "$cc" >/dev/null; then
	skip "fuzz run" "no $cc (scripts/install-deps build installs it)"
	exit 0
fi
if ! "$cc" -fsanitize=fuzzer,address,undefined -o "$TMP/probe" "$TMP/probe.c" 2>"$TMP/probe.err"; then
	skip "fuzz run" "$cc cannot link -fsanitize=fuzzer: $(head -n 1 "$TMP/probe.err")"
	exit 0
fi
FUZZ_SECONDS=${FUZZ_SECONDS:-3} "$top/tests/fuzz/run.sh" >"$TMP/run.out" 2>&1
rc=$?
if [ "$rc" -eq 2 ]; then
	fail "fuzz run" "$(cat "$TMP/run.out")"
	exit 0
fi
for n in "${names[@]}"; do
	line=$(grep "^fuzz-$n: " "$TMP/run.out")
	case $line in
	"fuzz-$n: ok, "*) pass "fuzz run $n (${line#*ok, })" ;;
	"") fail "fuzz run $n" "no result from tests/fuzz/run.sh" ;;
	*) fail "fuzz run $n" "${line#fuzz-$n: }" ;;
	esac
done
