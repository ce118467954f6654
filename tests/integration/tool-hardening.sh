#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# tool-hardening.sh - what the audit of the tools (issue 7) fixed, each
# against the real thing: -e drops the loader's variables of another
# user's target (a preloaded library tells who loaded it), every catchable
# signal reaches the command, one strict number parser, the last -t wins,
# root and cwd before -S/-G, exact messages, write errors on stdout, and
# nsls -p on a real zombie.
. "$(dirname "$0")/lib.sh"

NE=$NSINFO_BUILD/bin/nsenter-lite
nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
hint="Try 'nsenter-lite --help' for more information."

# ne ARGS...: run nsenter-lite; $rc, $out (stdout), $err (stderr).
ne() {
	timeout -k 2 20 "$NE" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}
# ls_run ARGS...: the same for nsls.
ls_run() {
	timeout -k 2 60 "$NSLS" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}
# refused NAME MESSAGE: the last run exited 1, printed nothing on stdout,
# and its stderr is MESSAGE exactly (one line, or MESSAGE and the hint).
refused() {
	if [ "$rc" != 1 ]; then
		fail "$1" "exit $rc, want 1 (stderr: $err)"
	elif [ -n "$out" ]; then
		fail "$1" "printed on stdout: $out"
	elif [ "$err" != "$2" ]; then
		fail "$1" "stderr '$err', want '$2'"
	else
		pass "$1"
	fi
}
state_of() { local s; s=$(cat /proc/"$1"/stat 2>/dev/null) || return 1; s=${s##*) }; echo "${s%% *}"; }
is_zombie() { [ "$(state_of "$1")" = Z ]; }

# ---- 1. -e and another user's environment ------------------------------
# mark.so, preloaded, appends "uid=UID PROGRAM" to $NSENTER_TEST_MARK: the
# target's own line shows it works, a "uid=0" line would be root running
# code of nobody's choosing.
envdir=$TMP/env
mkdir -p "$envdir"
chmod 0711 "$TMP"
chmod 0777 "$envdir"
cat >"$envdir/mark.c" <<'EOF'
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((constructor)) static void mark(void)
{
	const char *path = getenv("NSENTER_TEST_MARK");
	char line[256];
	int fd;

	if (!path)
		return;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0)
		return;
	snprintf(line, sizeof(line), "uid=%u %s\n", (unsigned int)getuid(),
		 program_invocation_short_name);
	if (write(fd, line, strlen(line)) < 0)
		line[0] = '\0';
	close(fd);
}
EOF
so=$envdir/mark.so
if ! cc -shared -fPIC -o "$so" "$envdir/mark.c" 2>"$TMP/cc.err"; then
	fail nsenter-env-preload-built "cc: $(cat "$TMP/cc.err")"
else
	chmod 0755 "$so"
	mark=$envdir/mark-nobody
	bg "${nobody[@]}" env -i PATH=/usr/bin:/bin LD_PRELOAD="$so" LD_LIBRARY_PATH=/nonexistent \
		GCONV_PATH=/nonexistent TMPDIR=/tmp NSENTER_TEST_MARK="$mark" NSENTER_TEST_KEEP=kept \
		sleep 300
	N=$BG_PID
	if wait_for grep -sqx "uid=65534 sleep" "$mark"; then
		pass nsenter-env-preload-works
		want="nsenter-lite: PID $N runs as UID 65534: dropped LD_PRELOAD, LD_LIBRARY_PATH, \
GCONV_PATH, TMPDIR from its environment"
		ne -t "$N" -n -e id -u
		expect_eq nsenter-env-other-uid-runs "$rc:$out" "0:0"
		expect_eq nsenter-env-other-uid-one-line "$err" "$want"
		expect_eq nsenter-env-other-uid-not-preloaded "$(grep -c '^uid=0 ' "$mark")" 0
		# what is left is the rest of its environment, untouched
		ne -t "$N" -n -e env
		expect_eq nsenter-env-other-uid-kept "$rc:$(sort <<<"$out" | tr '\n' ' ')" \
			"0:NSENTER_TEST_KEEP=kept NSENTER_TEST_MARK=$mark PATH=/usr/bin:/bin "
		# --dry-run reads the environment as a run does, and says the same
		ne -t "$N" -n -e --dry-run
		expect_eq nsenter-env-other-uid-dry-run "$rc:$err" "0:$want"
	else
		fail nsenter-env-preload-works "nobody's preloaded sleep left no mark: $(cat "$mark" 2>&1)"
	fi

	# root's own process: its environment is ours to trust, LD_PRELOAD
	# and all; nothing dropped, nothing said
	mark=$envdir/mark-root
	bg env -i PATH=/usr/bin:/bin LD_PRELOAD="$so" NSENTER_TEST_MARK="$mark" sleep 300
	R=$BG_PID
	if wait_for grep -sqx "uid=0 sleep" "$mark"; then
		ne -t "$R" -n -e id -u
		expect_eq nsenter-env-own-uid-kept "$rc:$out:$err" "0:0:"
		expect_eq nsenter-env-own-uid-preloaded "$(grep -c '^uid=0 id$' "$mark")" 1
	else
		fail nsenter-env-own-uid-kept "root's preloaded sleep left no mark: $(cat "$mark" 2>&1)"
	fi
fi

# only the effective UID is nobody's: still not ours
bg setpriv --euid=65534 env -i LD_PRELOAD=/nonexistent/x.so sleep 300
E=$BG_PID
if wait_for is_sleep "$E"; then
	ne -t "$E" -n -e true
	expect_eq nsenter-env-other-euid "$rc:$err" \
		"0:nsenter-lite: PID $E runs as UID 65534 (real UID 0): dropped LD_PRELOAD from its environment"
else
	fail nsenter-env-other-euid "setpriv --euid=65534 sleep did not come up"
fi

# every LD_ name, one line however odd the names, the first 8 named
bg "${nobody[@]}" env -i $'LD_\e[1m\nX=1' LD_1=1 LD_2=1 LD_3=1 LD_4=1 LD_5=1 LD_6=1 LD_7=1 \
	LD_8=1 LD_9=1 LD=kept LDX=kept sleep 300
M=$BG_PID
if wait_for is_sleep "$M"; then
	ne -t "$M" -n -e env
	expect_eq nsenter-env-many-names "$rc:$err" "0:nsenter-lite: PID $M runs as UID 65534: \
dropped LD_??1m?X, LD_1, LD_2, LD_3, LD_4, LD_5, LD_6, LD_7 and 2 more from its environment"
	expect_eq nsenter-env-many-kept "$(sort <<<"$out" | tr '\n' ' ')" "LD=kept LDX=kept "
else
	fail nsenter-env-many-names "nobody's sleep did not come up"
fi

# ---- 2. every catchable signal reaches the command ----------------------
# (not INT and QUIT: a background command of a script starts with them
# ignored, and a shell cannot trap what it was started ignoring; TERM ends
# the run, as in nsenter.sh)
sigs="USR1 USR2 WINCH CONT ALRM URG PWR VTALRM PROF XCPU XFSZ PIPE TSTP RTMIN RTMIN+1 RTMAX HUP"
rm -f "$TMP/sig" "$TMP/sigready"
bg "$NE" -t $$ -u bash -c 'for s in $2; do trap "echo $s >>$1/sig" "$s"; done
	trap "exit 5" TERM
	echo >"$1/sigready"
	i=0; while [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done; exit 9' sh "$TMP" "$sigs"
fwd=$BG_PID
if wait_for test -e "$TMP/sigready"; then
	for s in $sigs; do
		kill -s "$s" "$fwd" 2>/dev/null
		got=no
		wait_for grep -sqxF -- "$s" "$TMP/sig" && got=yes
		# alive: asleep, or running for a moment on a loaded machine; not
		# stopped (TSTP is forwarded, not taken) and not a zombie
		alive=dead
		case $(state_of "$fwd") in S | R | D) alive=alive ;; esac
		expect_eq "nsenter-forwards-$s" "$got $alive" "yes alive"
	done
	kill -TERM "$fwd"
	wait "$fwd"
	expect_eq nsenter-forwards-exit-status "$?" 5
else
	fail nsenter-forwards-USR1 "the command did not start"
fi

# ---- 3. one strict number parser ---------------------------------------
# Each lenient form would name a real namespace, UID or pidfd inode, so
# strtoull() would take it. lenient NAME ARG...: "name=value" pairs; ARG
# with N in it stands for the number, P for our PID.
forms=("space= N" "plus=+N" "zero=0N" "trailing-space=N " "tab=$(printf '\t')N" "minus=-N")
net=$(ns_of $$ net)
for f in "${forms[@]}"; do
	a=${f#*=}
	a=${a//N/$net}
	ls_run -- "$a"
	refused "nsls-nsid-strict-${f%%=*}" "nsls: invalid namespace argument '$a'"
done
ls_run "$net"
expect_eq nsls-nsid-plain "$rc" 0
for f in "${forms[@]}" "hex=0x5" "no-id=4294967295" "overflow=99999999999999999999"; do
	a=${f#*=}
	a=${a//N/5}
	ne -t $$ -u -S "$a" true
	refused "nsenter-setuid-strict-${f%%=*}" "nsenter-lite: invalid UID '$a'"
	ne -t $$ -u -G "$a" true
	refused "nsenter-setgid-strict-${f%%=*}" "nsenter-lite: invalid GID '$a'"
done
ne -t $$ -u -S 0 -G 0 id -u
expect_eq nsenter-setuid-zero "$rc:$out" "0:0"
ino=$("$NE" -t $$ -u --dry-run 2>/dev/null | sed -n 's/^target: PID [0-9]*, pidfd inode \([0-9]*\) .*/\1/p')
if [ -n "$ino" ]; then
	ne -t "$$:$ino" -u true
	expect_eq nsenter-pin-plain "$rc" 0
	for f in "${forms[@]}" "empty=" "pid-space= P:N" "pid-plus=+P" "pid-zero=0P"; do
		a=${f#*=}
		[[ $a == *P* ]] || a=P:$a
		a=${a//N/$ino}
		a=${a//P/$$}
		ne -t "$a" -u true
		refused "nsenter-target-strict-${f%%=*}" \
			"nsenter-lite: invalid target '$a': expected PID or PID:INODE"
	done
else
	fail nsenter-pin-plain "--dry-run did not print the pidfd inode (pidfs, Linux 6.9+)"
fi

# ---- 4. the last -t wins, pin and all -----------------------------------
ne -t "$$:1" -t "$$" -u true
expect_eq nsenter-last-target-drops-pin "$rc:$err" "0:"
ne -t "$$" -t "$$:1" -u true
if [ "$rc" = 1 ] && [[ $err == *"another process"* ]]; then
	pass nsenter-last-target-pins
else
	fail nsenter-last-target-pins "exit $rc, stderr '$err'; want the pin of the last -t refused"
fi

# ---- 5. root and cwd before -S/-G --------------------------------------
bg sh -c 'cd /usr && exec sleep 300'
S=$BG_PID
if wait_for is_sleep "$S"; then
	ne -t "$S" -m -r -S 65534 -G 65534 id -u
	expect_eq nsenter-root-then-setuid "$rc:$out:$err" "0:65534:"
	ne -t "$S" -m -r -w -S 65534 -G 65534 sh -c 'id -u; id -g; pwd'
	expect_eq nsenter-root-wd-then-setuid "$rc:$(tr '\n' ' ' <<<"$out")" "0:65534 65534 /usr "
else
	fail nsenter-root-then-setuid "the target sleep did not come up"
fi

# ---- 6. messages --------------------------------------------------------
ne -a true
refused nsenter-all-needs-target "nsenter-lite: --all needs a target process: -t PID
$hint"
ne -m true
refused nsenter-mount-needs-target "nsenter-lite: --mount needs a target process: -t PID
$hint"

# ---- 7. write errors on stdout -----------------------------------------
for args in --help -h --version -V "-t $$ -u --dry-run"; do
	# shellcheck disable=SC2086
	"$NE" $args >/dev/full 2>"$TMP/err" </dev/null
	rc=$?
	expect_eq "nsenter-full-${args// /_}" "$rc:$(cat "$TMP/err")" \
		"1:nsenter-lite: write error: No space left on device"
	# a reader that has gone: quiet, and 0 (SIGPIPE ignored, so the
	# write fails with EPIPE; the reader is gone before the write)
	# shellcheck disable=SC2086
	(trap '' PIPE; sleep 0.3; exec "$NE" $args 2>"$TMP/err" </dev/null) | true
	rc=${PIPESTATUS[0]}
	expect_eq "nsenter-closed-pipe-${args// /_}" "$rc:$(cat "$TMP/err")" "0:"
done
for args in --help -H -V; do
	"$NSLS" $args >/dev/full 2>"$TMP/err" </dev/null
	rc=$?
	expect_eq "nsls-full-$args" "$rc:$(cat "$TMP/err")" "1:nsls: write error: No space left on device"
done

# ---- 8. nsls -p on a zombie --------------------------------------------
# the first sleep exits and its parent, now the second sleep, never reaps it
bg bash -c 'sleep 0.1 & exec sleep 300'
zp=$BG_PID
z_up() { z=$(first_child "$zp"); [ -n "$z" ] && is_zombie "$z"; }
if wait_for z_up; then
	# no rows, exit 0 (as lsns for a PID without namespaces), and why
	for args in "-p" "-J -o NS -p" "-t net -p"; do
		# shellcheck disable=SC2086
		ls_run $args "$z"
		case $args in
		-J*) rows=$(jq '.namespaces | length' "$TMP/out" 2>/dev/null) ;;
		*) rows=$(wc -l <"$TMP/out") ;;
		esac
		expect_eq "nsls-zombie-${args// /_}" \
			"$rc:$rows:$(grep -c "^nsls: PID $z is a zombie: its namespaces are gone\$" "$TMP/err")" \
			"0:0:1"
	done
	# the process view shows its row: state Z, only pid and user
	ls_run --processes -o PID,STATE,NETNS,PIDNS -r -n -p "$z"
	expect_eq "nsls-zombie-processes-row" "$rc:$out" "0:$z Z  $(ns_of "$zp" pid)"
else
	fail nsls-zombie-p "no zombie: child of $zp is '$(first_child "$zp")', state '$(state_of "$(first_child "$zp")")'"
fi
# its parent never reaps it: kill the parent, so that cleanup need not wait
kill -KILL "$zp" 2>/dev/null
wait "$zp" 2>/dev/null
ls_run -p $$
expect_eq nsls-p-running "$rc" 0
exit 0
