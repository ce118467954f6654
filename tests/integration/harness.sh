#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# harness.sh - the test harness tests itself: tests/run fails a program
# that printed no result line or exited non-zero without a FAIL, and
# lists the failures above its count line; unit.h fails a test that ran
# no check and a CHECK outside any test, and a skipped test is a SKIP.
# A suite whose harness lets these pass would report PASS for nothing.

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/integration/lib.sh"
CC=${CC:-cc}

# prog NAME C-BODY: a test program of main()'s body, built with unit.h
prog() {
	printf '#include "unit.h"\nint main(void)\n{\n%s\n\tUNIT_EXIT();\n}\n' "$2" >"$TMP/$1.c"
	"$CC" -std=gnu11 -Wall -Wextra -Werror -Wno-unused-function -I"$top/tests/unit" \
		-o "$TMP/$1" "$TMP/$1.c"
}
# only PROGRAM...: tests/run --only on them; $rc and $out
only() {
	out=$("$top/tests/run" --only "$@" 2>&1)
	rc=$?
}

if ! prog good 'TEST_BEGIN("h-good"); CHECK(1 + 1 == 2); TEST_END();'; then
	fail harness-build "$CC cannot build a unit.h program"
	exit 0
fi
prog nocheck 'TEST_BEGIN("h-nocheck"); TEST_END();'
prog outside 'CHECK(1);
	TEST_BEGIN("h-after"); CHECK(1); TEST_END();'
prog skipped 'TEST_BEGIN("h-skipped"); TEST_SKIP("not here"); TEST_END();'
prog failing 'TEST_BEGIN("h-failing"); CHECK(0 == 1); TEST_END();'
printf '#!/bin/sh\necho hello\n' >"$TMP/silent" && chmod +x "$TMP/silent"
printf '#!/bin/sh\necho "PASS h-then-crash"\nexit 3\n' >"$TMP/crash" && chmod +x "$TMP/crash"

# unit.h on its own
"$TMP/good" >"$TMP/o"
expect_eq unit-pass "$?:$(cat "$TMP/o")" "0:PASS h-good"
"$TMP/nocheck" >"$TMP/o"
expect_eq unit-ran-no-check "$?:$(cat "$TMP/o")" "1:FAIL h-nocheck: ran no check"
"$TMP/outside" >"$TMP/o"
expect_eq unit-outside-any-test "$?:$(tr '\n' '|' <"$TMP/o")" \
	"1:PASS h-after|FAIL setup: 1 check ran outside any test, the first at $TMP/outside.c:4|"
"$TMP/skipped" >"$TMP/o"
expect_eq unit-skip "$?:$(cat "$TMP/o")" "0:SKIP h-skipped: not here"
"$TMP/failing" >"$TMP/o"
expect_eq unit-fail "$?:$(cat "$TMP/o")" "1:FAIL h-failing: $TMP/failing.c:4: 0 == 1"

# the runner
only "$TMP/good" "$TMP/skipped"
expect_eq run-clean "$rc:$(tail -n 1 <<<"$out")" "0:1 passed, 0 failed, 1 skipped"
check run-clean-lists-nothing test "$(grep -c 'The failures' <<<"$out")" = 0
only "$TMP/silent"
expect_eq run-no-result-line "$rc:$(tail -n 1 <<<"$out")" "1:0 passed, 1 failed, 0 skipped"
check run-no-result-line-says grep -q "FAIL silent: printed no PASS, FAIL or SKIP line" <<<"$out"
check run-no-result-line-shows-output grep -q "^    hello$" <<<"$out"
only "$TMP/crash"
expect_eq run-bad-exit "$rc:$(tail -n 1 <<<"$out")" "1:1 passed, 1 failed, 0 skipped"
check run-bad-exit-says grep -q "FAIL crash: exited with status 3" <<<"$out"
only "$TMP/good" "$TMP/nocheck" "$TMP/failing"
expect_eq run-counts "$rc:$(tail -n 1 <<<"$out")" "1:1 passed, 2 failed, 0 skipped"
# above the count line: each failure again, with its file
expect_eq run-lists-failures "$(tail -n 3 <<<"$out" | head -n 2 | tr '\n' '|')" \
	"  [only] nocheck: FAIL h-nocheck: ran no check|  [only] failing: FAIL h-failing: $TMP/failing.c:4: 0 == 1|"
check run-lists-heading grep -q "^The failures, with the file each came from:$" <<<"$out"
