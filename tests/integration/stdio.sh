#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# stdio.sh - the STDIN, STDOUT and STDERR columns with real processes: a
# process in new namespaces whose stdout is a pipe to a known reader and
# whose stderr is /dev/null; one on a pty that script(1) makes; one whose
# stdin is a unix socket pair with a known peer; a closed fd, a regular
# file (and files whose names look like pipes, or hold a newline), a
# process another user may not read; the same answers from --source=kernel
# as from --source=proc; JSON objects checked with jq.
. "$(dirname "$0")/lib.sh"

HELPERS=$NSINFO_BUILD/tests
NSTREE=$NSINFO_BUILD/bin/nstree
NSTOP=$NSINFO_BUILD/bin/nstop
export LC_ALL=C.UTF-8

if [ "$(id -u)" != 0 ]; then
	skip stdio "not root: cannot make namespaces of other kinds"
	exit 0
fi

# jqt ARGS...: jq -e, quietly
jqt() { jq -e "$@" >/dev/null; }

# row PID [ARGS]: the cells of the process row of PID: STDIN STDOUT STDERR
row() {
	local pid=$1
	shift
	"$NSLS" --processes -n -o PID,STDIN,STDOUT,STDERR "$@" 2>/dev/null |
		awk -v p="$pid" '$1 == p { $1 = ""; sub(/^ /, ""); print }'
}
# obj PID COL [ARGS]: the JSON object of column COL (stdin, ...) of PID
obj() {
	local pid=$1 col=$2
	shift 2
	"$NSLS" --processes -J -o PID,STDIN,STDOUT,STDERR "$@" 2>/dev/null |
		jq -c --argjson p "$pid" --arg c "$col" '.processes[] | select(.pid == $p) | .[$c]'
}

# ---- a pipe to a known reader, stderr /dev/null, in new namespaces ------
exec {w}> >(exec cat >/dev/null)
reader=$!
_pids+=("$reader")
bg unshare --net --uts sleep 1000 >&$w 2>/dev/null </dev/null
writer=$BG_PID
# a second writer: the reader has two peers, a writer has no other
bg sleep 1000 >&$w 2>/dev/null </dev/null
writer2=$BG_PID
exec {w}>&-
wait_for test "$(ns_of "$writer" net)" != "$(ns_of $$ net)"
r=$(row "$writer")
expect_eq stdio-pipe-row "$r" "null pipe→cat[$reader] null"
first=$((writer < writer2 ? writer : writer2))
expect_eq stdio-pipe-reader "$(row "$reader" | awk '{ print $1 }')" "pipe→sleep[$first]+1"
check stdio-pipe-reader-json jqt --argjson a "$writer" --argjson b "$writer2" \
	'.access == "r" and ([.peers[].pid] == ([$a, $b] | sort))' <<<"$(obj "$reader" stdin)"
# a process that holds both ends is not its own peer
exec {w}> >(exec cat >/dev/null)
reader3=$!
_pids+=("$reader3")
bg sleep 1000 >&$w 4<"/proc/$reader3/fd/0" 2>/dev/null </dev/null
both=$BG_PID
exec {w}>&-
wait_for test -e "/proc/$both/fd/4"
expect_eq stdio-pipe-both-ends "$(row "$both" | awk '{ print $2 }')" "pipe→cat[$reader3]"
expect_eq stdio-pipe-ascii "$(LC_ALL=C row "$writer")" "null pipe->cat[$reader] null"
# raw output escapes every byte past ASCII: it has the ASCII arrow
expect_eq stdio-pipe-raw "$(row "$writer" -r)" "null pipe->cat[$reader] null"
o=$(obj "$writer" stdout)
pino=$(readlink "/proc/$writer/fd/1" | tr -dc 0-9)
check stdio-pipe-json jqt --argjson r "$reader" --argjson i "$pino" \
	'.kind == "pipe" and .ino == $i and .access == "w" and
	 .peers == [{"pid": $r, "command": "cat"}]' <<<"$o"
check stdio-null-json jqt '.kind == "null"' <<<"$(obj "$writer" stderr)"
# the namespace view: the new net namespace's PID is the writer
netns=$(ns_of "$writer" net)
expect_eq stdio-ns-view "$("$NSLS" -n -t net -o NS,PID,STDOUT 2>/dev/null |
	awk -v n="$netns" '$1 == n { print $2, $3 }')" "$writer pipe→cat[$reader]"

# ---- a terminal: script(1) makes the pty, bash leads its session --------
if command -v script >/dev/null; then
	# script's stdin must not end: a pipe from a sleep, killed at the end
	exec {feed}< <(exec sleep 1000)
	_pids+=("$!")
	# script runs $SHELL -c, and /bin/sh where SHELL is unset (as on CI)
	bg env SHELL=/bin/bash script -qfc "unshare --uts sleep 1000; true" /dev/null <&$feed >/dev/null 2>&1
	scr=$BG_PID
	exec {feed}<&-
	# script -> bash -> sleep
	wait_for test -n "$(first_child "$(first_child "$scr")")"
	sh=$(first_child "$scr")
	tsl=$(first_child "$sh")
	pts=$(readlink "/proc/$tsl/fd/0")
	pts=${pts#/dev/}
	wait_for test "$(ns_of "$tsl" uts)" != "$(ns_of $$ uts)"
	expect_eq stdio-pty-row "$(row "$tsl")" "$pts→bash[$sh] $pts→bash[$sh] $pts→bash[$sh]"
	# the session leader is not its own peer
	expect_eq stdio-pty-leader "$(row "$sh" | awk '{ print $1 }')" "$pts"
	check stdio-pty-json jqt --argjson s "$sh" --arg t "$pts" \
		'.kind == "tty" and .tty == $t and .session == $s and
		 .peers == [{"pid": $s, "command": "bash"}]' <<<"$(obj "$tsl" stdin)"
else
	skip stdio-pty "no script(1)"
fi

# ---- a unix socket pair: the helper holds the other end ------------------
bg "$HELPERS/stdio-sockpair" "$TMP/sp.pid" unshare --net sleep 1000
sp=$BG_PID
wait_for test -s "$TMP/sp.pid"
spc=$(cat "$TMP/sp.pid")
wait_for test "$(ns_of "$spc" net)" != "$(ns_of $$ net)"
expect_eq stdio-socket-row "$(row "$spc" | awk '{ print $1 }')" "socket→stdio-sockpair[$sp]"
check stdio-socket-json jqt --argjson p "$sp" \
	'.kind == "socket" and .peer_ino > 0 and .peers == [{"pid": $p, "command": "stdio-sockpair"}]' \
	<<<"$(obj "$spc" stdin)"

# ---- closed, a file, and names another user chose ------------------------
# (an & command's stdin is /dev/null unless it is redirected itself)
bg bash -c 'exec 0<&-; exec unshare --uts sleep 1000' >"$TMP/out.log" 2>"$TMP/pipe:[123]"
fsl=$BG_PID
wait_for test "$(ns_of "$fsl" uts)" != "$(ns_of $$ uts)"
expect_eq stdio-closed-file "$(row "$fsl")" "closed file:$TMP/out.log file:$TMP/pipe:[123]"
check stdio-closed-json jqt '.kind == "closed"' <<<"$(obj "$fsl" stdin)"
check stdio-lookalike-json jqt --arg p "$TMP/pipe:[123]" '.kind == "file" and .path == $p' \
	<<<"$(obj "$fsl" stderr)"
nl="$TMP/two
lines"
bg sleep 1000 >"$nl"
nls=$BG_PID
wait_for test -e "/proc/$nls/fd/1"
r=$("$NSLS" --processes -n -o PID,STDOUT 2>/dev/null | awk -v p="$nls" '$1 == p { print $2 }')
expect_eq stdio-newline-escaped "$r" "file:$TMP/two\\x0alines"
check stdio-newline-json jqt --arg p "$nl" '.kind == "file" and .path == $p' <<<"$(obj "$nls" stdout)"

# ---- a fixture proc root: links only, nothing behind them stated --------
F=$TMP/fx
mkdir -p "$F/100/ns" "$F/100/fd" "$F/200/ns" "$F/200/fd"
ln -s 'net:[4026531992]' "$F/100/ns/net"
ln -s 'net:[4026531992]' "$F/200/ns/net"
ln -s /dev/null "$F/100/fd/0"
ln -s 'pipe:[77]' "$F/100/fd/1"
mkfifo "$TMP/fifo"
ln -s "$TMP/fifo" "$F/100/fd/2"	# would block an open
ln -s 'pipe:[77]' "$F/200/fd/5"
echo reader >"$F/200/comm"
r=$(timeout 10 "$NSLS" --proc-root "$F" --processes -t net -n -o PID,STDIN,STDOUT,STDERR 2>&1 |
	awk '{ $1 = $1; print }' | paste -sd ';')
expect_eq stdio-fixture "$r" "100 file:/dev/null pipe→reader[200] file:$TMP/fifo;200 closed closed closed"

# ---- kernel source and /proc source agree --------------------------------
scope=(--pid "$writer" --pid "$reader" --pid "$spc" --pid "$sp" --pid "$fsl" --pid "$nls")
[ -n "${tsl:-}" ] && scope+=(--pid "$tsl" --pid "$sh")
if [ -n "$(kernel_why)" ]; then
	skip stdio-sources "kernel source unavailable: $(kernel_why)"
else
	"$HELPERS/snapdump" --source proc,kernel --all "${scope[@]}" >"$TMP/sd" 2>"$TMP/sd.err"
	awk '/^== dump/ { n = $3; next } /^stdio / { print > (f n) }' f="$TMP/sd." "$TMP/sd"
	if ! grep -q "asked kernel, used kernel" "$TMP/sd.err"; then
		fail stdio-sources "no kernel dump: $(tr '\n' ' ' <"$TMP/sd.err")"
	elif [ "$(grep -c . "$TMP/sd.1")" -lt 6 ]; then
		fail stdio-sources "too few stdio lines: $(tr '\n' ' ' <"$TMP/sd.1")"
	else
		check stdio-sources cmp -s "$TMP/sd.1" "$TMP/sd.2"
	fi
	a=$(row "$writer" --source=proc; row "$spc" --source=proc; row "$fsl" --source=proc)
	b=$(row "$writer" --source=kernel; row "$spc" --source=kernel; row "$fsl" --source=kernel)
	expect_eq stdio-sources-nsls "$b" "$a"
fi

# ---- nstree and nstop show the same cells --------------------------------
expect_eq stdio-nstree "$("$NSTREE" --ascii -n -o NS,PID,STDOUT 2>/dev/null |
	sed 's/^[-|` ]*//' | awk -v n="$netns" '$1 == n { print $2, $3 }' | head -n 1)" \
	"$writer pipe->cat[$reader]"
check stdio-nstree-json jqt --argjson n "$netns" --argjson r "$reader" \
	'[.. | objects | select(.ns? == $n) | .stdout.peers[0].pid] | index($r) != null' \
	< <("$NSTREE" -J -o NS,PID,STDOUT 2>/dev/null)
check stdio-nstop-json jqt -s --argjson n "$netns" --argjson r "$reader" \
	'[.[] | .rows[] | select(.ns == $n) | .stdout.peers[0].pid] | index($r) != null' \
	< <("$NSTOP" -J -n 1 -t net -o NS,PID,STDOUT 2>/dev/null)

# ---- a container's init: its stdout goes to conmon (podman) -------------
. "$(dirname "$0")/../containers/lib.sh"
trap '(exec 2>/dev/null; ct_cleanup); _cleanup' EXIT
ct_setup >"$TMP/setup.out" 2>&1
if ! ct_available podman 2>"$TMP/ct.err"; then
	skip stdio-container "$(tr '\n' ' ' <"$TMP/ct.err")"
elif ! cpid=$(ct_start podman nsinfo-stdio 2>"$TMP/ct.err"); then
	fail stdio-container "podman did not start: $(tr '\n' ' ' <"$TMP/ct.err")"
else
	conmon=$(_ct_podman inspect --format '{{.State.ConmonPid}}' nsinfo-stdio 2>/dev/null)
	check stdio-container jqt -s --arg c nsinfo-stdio --argjson p "$cpid" --argjson m "${conmon:-0}" \
		'[.[] | .rows[] | select(.container == $c)] | length == 1 and
		 (.[0] | .pid == $p and .stdout.kind == "pipe" and
		  .stdout.peers[0] == {"pid": $m, "command": "conmon"})' \
		< <("$NSTOP" -J -n 1 -g containers -o CONTAINER,PID,STDOUT 2>/dev/null)
	ct_stop podman nsinfo-stdio 2>/dev/null
fi

# ---- a process we may not read: "-", and why in JSON ----------------------
if command -v setpriv >/dev/null; then
	chmod 755 "$TMP"
	mkdir -p "$TMP/nb/bin" "$TMP/nb/lib"
	cp "$NSLS" "$TMP/nb/bin/nsls"
	cp -a "$NSINFO_BUILD"/lib/libnsinfo.so* "$TMP/nb/lib/"
	chmod -R a+rX "$TMP/nb"
	nb() { (cd "$TMP" && setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups "$TMP/nb/bin/nsls" "$@"); }
	bg setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups sleep 1000 </dev/null >/dev/null 2>&1
	own=$BG_PID
	wait_for test "$(stat -c %u "/proc/$own")" = $NOBODY
	r=$(nb --processes -r -n -o PID,STDIN,STDOUT,STDERR 2>/dev/null | awk -v p="$writer" '$1 == p')
	expect_eq stdio-denied-row "$r" "$writer - - -"
	check stdio-denied-json jqt --argjson p "$writer" \
		'.processes[] | select(.pid == $p) | .stdout == {"kind": "unknown", "error": "permission denied"}' \
		< <(nb --processes -J -o PID,STDOUT 2>/dev/null)
	r=$(nb --processes -r -n -o PID,STDIN,STDOUT,STDERR 2>/dev/null | awk -v p="$own" '$1 == p')
	expect_eq stdio-own-row "$r" "$own null null null"
else
	skip stdio-denied "no setpriv"
fi

# ---- the cost: nothing read for users who do not ask ----------------------
c=$(strace -f -c -e trace=readlinkat -o "$TMP/st" "$NSLS" --processes -o PID,COMMAND >/dev/null 2>&1; \
	awk '$NF == "readlinkat" { print $4 }' "$TMP/st")
d=$(strace -f -c -e trace=readlinkat -o "$TMP/st2" "$NSLS" --processes -o PID,COMMAND,STDOUT >/dev/null 2>&1; \
	awk '$NF == "readlinkat" { print $4 }' "$TMP/st2")
if ! command -v strace >/dev/null; then
	skip stdio-cost "no strace"
elif [ "${c:-0}" -lt "${d:-0}" ]; then
	pass stdio-cost
else
	fail stdio-cost "readlinkat calls without STDOUT $c, with $d"
fi
