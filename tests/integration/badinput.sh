#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# badinput.sh - bad input: one clear line on stderr (plus the usage hint
# for usage errors), exit status 1, and nothing at all on stdout. Also
# --help and --version, and output errors (a full device, a closed pipe).
. "$(dirname "$0")/lib.sh"

hint="Try 'nsls --help' for more information."
summary_re=$denied_re	# lib.sh

# run ARGS...: nsls into $TMP/out, $TMP/err, $rc
run() {
	"$NSLS" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
}
# bad NAME MESSAGE ARGS...: exit 1, stdout empty, stderr is MESSAGE alone
bad() {
	local name=$1 msg=$2
	shift 2
	run "$@"
	local got
	got=$(cat "$TMP/err")
	if [ "$rc" != 1 ]; then
		fail "$name" "exit status $rc, want 1 (nsls $*)"
	elif [ -s "$TMP/out" ]; then
		fail "$name" "stdout not empty: $(head -c 100 "$TMP/out")"
	elif [ "$got" != "$msg" ]; then
		fail "$name" "stderr '$got', want '$msg'"
	else
		pass "$name"
	fi
}
# usage NAME MESSAGE_RE ARGS...: as bad, but stderr is a line matching
# MESSAGE_RE (getopt names the program by its path) and then the hint
usage() {
	local name=$1 re=$2
	shift 2
	run "$@"
	if [ "$rc" != 1 ]; then
		fail "$name" "exit status $rc, want 1 (nsls $*)"
	elif [ -s "$TMP/out" ]; then
		fail "$name" "stdout not empty: $(head -c 100 "$TMP/out")"
	elif [ "$(wc -l <"$TMP/err")" != 2 ] || ! head -n1 "$TMP/err" | grep -qE "$re" ||
		[ "$(tail -n1 "$TMP/err")" != "$hint" ]; then
		fail "$name" "stderr '$(cat "$TMP/err")', want /$re/ and the hint"
	else
		pass "$name"
	fi
}

# ---- columns, types ----------------------------------------------------
bad badinput-o-unknown "nsls: unknown column 'FOO'" -o FOO
bad badinput-o-plus-unknown "nsls: unknown column 'FOO'" -o +FOO
bad badinput-o-list-unknown "nsls: unknown column 'FOO'" -o NS,FOO,TYPE
bad badinput-o-empty "nsls: empty column list" -o ''
bad badinput-o-plus-empty "nsls: empty column list" -o +
bad badinput-o-process-column "nsls: unknown column 'NETNS'" -o NS,NETNS
bad badinput-processes-o-ns-column "nsls: unknown column 'NPROCS'" --processes -o PID,NPROCS
bad badinput-o-unknown-json "nsls: unknown column 'FOO'" -J -o FOO
bad badinput-t-unknown "nsls: unknown namespace type 'foo'" -t foo
bad badinput-t-unknown-second "nsls: unknown namespace type 'network'" -t net -t network
bad badinput-t-empty "nsls: unknown namespace type ''" -t ''

# ---- PIDs ----------------------------------------------------------------
bad badinput-p-abc "nsls: invalid PID 'abc'" -p abc
bad badinput-p-negative "nsls: invalid PID '-5'" -p -5
bad badinput-p-leading-zero "nsls: invalid PID '01'" -p 01
bad badinput-p-trailing "nsls: invalid PID '12x'" -p 12x
bad badinput-p-huge "nsls: invalid PID '99999999999'" -p 99999999999
# as lsns: a PID that is not there has no rows, and that is no error;
# above any pid_max (4194304 at most): never a process. -p 0 is "any".
quiet() {	# NAME WANT-STDOUT ARGS...: exit 0, that stdout, no stderr but the report
	local name=$1 want=$2
	shift 2
	run "$@"
	expect_eq "$name" "$rc:$(cat "$TMP/out"):$(grep -cvE "$summary_re" "$TMP/err")" "0:$want:0"
}
quiet badinput-p-missing "" -p 4000000
run -J -o NS -p 4000000
expect_eq badinput-p-missing-json "$rc:$(jq -c .namespaces "$TMP/out" 2>/dev/null):$(grep -cvE "$summary_re" "$TMP/err")" \
	"0:[]:0"
quiet badinput-processes-p-missing "" --processes -p 4000000
# -p 0 is every namespace: the same list as without -p. Namespaces come
# and go on a busy machine between the two runs, so a few tries.
for try in 1 2 3 4 5; do
	run -p 0 -n -r -o NS
	all=$("$NSLS" -n -r -o NS 2>/dev/null | sort)
	[ "$rc:$(sort "$TMP/out")" = "0:$all" ] && break
	sleep 0.2
done
expect_eq badinput-p-zero-is-any "$rc:$(sort "$TMP/out" | cksum)" "0:$(printf '%s\n' "$all" | cksum)"

# ---- namespace argument --------------------------------------------------
bad badinput-nsid-unknown "nsls: namespace 123: not found" 123
bad badinput-nsid-unknown-json "nsls: namespace 123: not found" -J 123
bad badinput-nsid-abc "nsls: invalid namespace argument 'abc'" abc
bad badinput-nsid-zero "nsls: invalid namespace argument '0'" 0
bad badinput-nsid-trailing "nsls: invalid namespace argument '4026531836x'" 4026531836x
bad badinput-nsid-overflow "nsls: invalid namespace argument '99999999999999999999999'" 99999999999999999999999
bad badinput-nsid-negative-after-dashdash "nsls: invalid namespace argument '-5'" -- -5
# a namespace that exists, but of another type than -t asks
net=$(ns_of $$ net)
bad badinput-nsid-wrong-type "nsls: namespace $net: not found" -t pid "$net"
usage badinput-nsid-extra "^nsls: unexpected argument '2'$" 1 2

# ---- proc root -------------------------------------------------------------
bad badinput-proc-root-missing "nsls: cannot read /nonexistent: No such file or directory" \
	--proc-root /nonexistent
bad badinput-proc-root-file "nsls: cannot read /etc/passwd: Not a directory" \
	--proc-root /etc/passwd
bad badinput-proc-root-missing-processes "nsls: cannot read /nonexistent: No such file or directory" \
	--processes --proc-root /nonexistent

# ---- options ---------------------------------------------------------------
usage badinput-unknown-long "^(.*/)?nsls: unrecognized option '--bogus'$" --bogus
usage badinput-unknown-short "^(.*/)?nsls: invalid option -- 'X'$" -X
usage badinput-missing-arg-o "^(.*/)?nsls: option requires an argument -- 'o'$" -o
usage badinput-missing-arg-p "^(.*/)?nsls: option requires an argument -- 'p'$" -p
usage badinput-missing-arg-proc-root "^(.*/)?nsls: option '--proc-root' requires an argument$" --proc-root
usage badinput-json-raw "^nsls: --json and --raw are mutually exclusive$" -J -r
usage badinput-raw-json "^nsls: --json and --raw are mutually exclusive$" --raw --json
usage badinput-processes-nsid "^nsls: --processes and a NSID argument are mutually exclusive$" \
	--processes "$net"
usage badinput-p-nsid "^nsls: --task and a NSID argument are mutually exclusive$" -p $$ "$net"
usage badinput-color-bad "^nsls: unsupported color mode 'bogus'$" --color=bogus

# ---- --source (what reads) beside --sources (where to look) -----------------
bad badinput-source-unknown "nsls: unknown source 'foo' (auto, proc, kernel)" --source=foo
bad badinput-source-unknown-next-word "nsls: unknown source 'foo' (auto, proc, kernel)" --source foo
bad badinput-source-empty "nsls: unknown source '' (auto, proc, kernel)" --source=
bad badinput-source-case "nsls: unknown source 'PROC' (auto, proc, kernel)" --source=PROC
bad badinput-source-unknown-json "nsls: unknown source 'foo' (auto, proc, kernel)" -J --source=foo
# --source is matched exactly, never as an abbreviation of --sources: a
# word of --sources given to it is refused, and the other way round
bad badinput-source-not-sources "nsls: unknown source 'processes' (auto, proc, kernel)" \
	--source processes
bad badinput-sources-not-source "nsls: unknown source 'kernel'" --sources kernel
# an abbreviation of both is ambiguous; one of --sources alone is --sources
usage badinput-source-ambiguous "^(.*/)?nsls: option '--sourc=proc' is ambiguous" --sourc=proc
usage badinput-source-ambiguous-so "^(.*/)?nsls: option '--so' is ambiguous" --so proc
run --sources processes -o NS,TYPE -n -r
expect_eq badinput-sources-still-works "$rc:$(grep -cvE '^[0-9]+ [a-z]+$' "$TMP/out"):$(grep -cvE "$summary_re" "$TMP/err")" \
	"0:0:0"

# --source=proc reads /proc and says so; the rows are those auto gives
run -J --source=proc -o NS,TYPE
expect_eq badinput-source-proc "$rc:$(jq -c '[.source, has("source_why"), (.namespaces | length > 0)]' "$TMP/out" 2>/dev/null)" \
	'0:["proc",false,true]'
run --source=proc -o NS,TYPE -n -r
expect_eq badinput-source-proc-table "$rc:$(grep -cvE '^[0-9]+ [a-z]+$' "$TMP/out"):$(grep -c source "$TMP/out")" "0:0:0"
# -J always names its source, auto why it read /proc when it did (the
# kernel source cannot be used, or costs more than it saves on a small
# system), and only then. What the kernel source can do here is what
# --version says; --source=kernel below must agree with it
why=$(kernel_why)
why_rc=$?
expect_eq badinput-source-version-line "$why_rc" 0
auto_ok='(.source == "kernel" and (has("source_why") | not)) or
	(.source == "proc" and (.source_why | type == "string" and length > 0))'
[ -n "$why" ] && auto_ok='.source == "proc" and (.source_why | type == "string" and length > 0)'
run -J -o NS,TYPE
expect_eq badinput-source-auto-json "$rc:$(jq "$auto_ok" "$TMP/out" 2>/dev/null)" "0:true"
run -J --processes -o PID,NETNS --source=auto
expect_eq badinput-source-auto-processes-json "$rc:$(jq "$auto_ok" "$TMP/out" 2>/dev/null)" "0:true"
# --source=kernel: the data from the kernel, or one line why and no output
if [ -z "$why" ]; then
	run -J --source=kernel -o NS,TYPE
	expect_eq badinput-source-kernel "$rc:$(jq -c '[.source, has("source_why"), (.namespaces | length > 0)]' "$TMP/out" 2>/dev/null)" \
		'0:["kernel",false,true]'
	# the same namespaces as /proc (the test's shell's, which do not come
	# and go during the two scans)
	ns_self=$(for t in cgroup ipc mnt net pid user uts; do ns_of $$ $t; done | sort -n | paste -sd' ')
	got=$(jq -r --arg w "$ns_self" '($w | split(" ") | map(tonumber)) - [.namespaces[].ns] | length' "$TMP/out" 2>/dev/null)
	expect_eq badinput-source-kernel-has-own-namespaces "$got" 0
else
	bad badinput-source-kernel "nsls: kernel source: $why" --source=kernel
	bad badinput-source-kernel-json "nsls: kernel source: $why" -J --source=kernel
fi

# ---- --help, --version -------------------------------------------------------
run --help
expect_eq badinput-help-exit "$rc" 0
expect_eq badinput-help-stderr-empty "$(wc -c <"$TMP/err")" 0
check badinput-help-usage grep -q '^ nsls \[options\] \[<namespace>\]$' "$TMP/out"
check badinput-help-columns grep -qE '^ +HOLDERS +' "$TMP/out"
run -h
expect_eq badinput-h-same-as-help "$rc:$(md5sum <"$TMP/out")" "0:$("$NSLS" --help | md5sum)"
run --version
expect_eq badinput-version-exit "$rc" 0
check badinput-version-text grep -qxE 'nsls from nsinfo [0-9]+\.[0-9]+\.[0-9]+' "$TMP/out"
check badinput-version-sources grep -qxE 'sources: proc(, kernel| \(kernel: .+\))' <(sed -n 2p "$TMP/out")
expect_eq badinput-version-two-lines "$(wc -l <"$TMP/out"):$(wc -c <"$TMP/err")" "2:0"
run -V
expect_eq badinput-V-same "$rc:$(cat "$TMP/out")" "0:$("$NSLS" --version)"

# ---- output errors -----------------------------------------------------------
# full_device NAME ARGS...: exit 1 and one "write error" line (the
# permission-denied summary may come too); --processes -J is large enough
# (some 300 bytes a process) to overflow the stdio buffer, so the error
# comes while printing, not only when stdout is closed.
full_device() {
	local name=$1
	shift
	"$NSLS" "$@" >/dev/full 2>"$TMP/err"
	rc=$?
	local we other
	we=$(grep -c 'write error' "$TMP/err")
	other=$(grep -v 'write error' "$TMP/err" | grep -cvE "$summary_re")
	if [ "$rc" != 1 ]; then
		fail "$name" "exit status $rc, want 1"
	elif [ "$we" != 1 ] || [ "$other" != 0 ] ||
		! grep -qx 'nsls: write error: No space left on device' "$TMP/err"; then
		fail "$name" "stderr '$(tr '\n' '|' <"$TMP/err")', want one 'nsls: write error: No space left on device'"
	else
		pass "$name"
	fi
}
full_device badinput-full-table
full_device badinput-full-processes --processes
full_device badinput-full-json -J
full_device badinput-full-processes-json --processes -J
full_device badinput-full-help --help
full_device badinput-full-version --version
full_device badinput-full-list-columns -H

# A closed pipe is not an error (nsls(1), EXIT STATUS): no message, and
# exit 0, SIGPIPE ignored or not (the output layer ignores it while it
# writes: no death by signal, 141, as lsns dies). The reader exits at
# once, long before nsls has scanned /proc and writes.
# closed_pipe NAME IGNORE ARGS...: IGNORE=yes runs nsls with SIGPIPE
# ignored already; TOOL (default nsls) in the environment
closed_pipe() {
	local name=$1 ign=$2
	shift 2
	(
		[ "$ign" = yes ] && trap '' PIPE
		{ sleep 0.2; "${TOOL:-$NSLS}" "$@" 2>"$TMP/err"; echo $? >"$TMP/rc"; } | true
	)
	rc=$(cat "$TMP/rc")
	if [ "$rc" != 0 ]; then
		fail "$name" "exit status $rc, want 0; stderr: $(tr '\n' '|' <"$TMP/err")"
	elif grep -qvE "$summary_re" "$TMP/err"; then
		fail "$name" "stderr '$(tr '\n' '|' <"$TMP/err")'"
	else
		pass "$name"
	fi
}
closed_pipe badinput-closed-pipe-table no --processes
closed_pipe badinput-closed-pipe-json no --processes -J
closed_pipe badinput-closed-pipe-table-sigpipe-ignored yes --processes
closed_pipe badinput-closed-pipe-json-sigpipe-ignored yes --processes -J
closed_pipe badinput-closed-pipe-help-sigpipe-ignored yes --help
closed_pipe badinput-closed-pipe-help no --help
closed_pipe badinput-closed-pipe-raw-tree no -r
TOOL=$NSINFO_BUILD/bin/nstree closed_pipe badinput-closed-pipe-nstree no
TOOL=$NSINFO_BUILD/bin/nstree closed_pipe badinput-closed-pipe-nstree-json no -J
