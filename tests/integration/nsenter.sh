#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# nsenter.sh - nsenter-lite against real namespaces of every type.
#
# The target is a sleep that is PID 1 of a new pid namespace, in new
# user, mount, uts, ipc, net, cgroup and time namespaces, with a hostname,
# a cwd and an environment of its own. The user namespace maps IDs
# 0-65535 to themselves (written from here, since newuidmap may be
# missing), so -S/-G have IDs to change to. The kernel's word for what a
# process is in is /proc/PID/ns/*; nsenter-lite's command must see the
# same. Then: exit status and signals, descriptors, --net files and
# --netns, -r/-w/-e/-F, -S/-G, PID:INODE, --dry-run, the refusals of bad
# input, exec failures, and what nobody may and may not enter.
. "$(dirname "$0")/lib.sh"

NE=$NSINFO_BUILD/bin/nsenter-lite
TYPES="cgroup ipc mnt net pid time user uts"
unset NSENTER_TEST_FOO

# ---- cleanup: leaves first (reap_all in lib.sh) -----------------------
netns_name=nsenter-lite-test-$$
netns_made=0
netns_cleanup() {
	[ "$netns_made" = 1 ] && ip netns del "$netns_name" 2>/dev/null
	return 0
}
trap 'reap_all; netns_cleanup; _cleanup' EXIT

# ---- helpers ----------------------------------------------------------
# ne ARGS...: run nsenter-lite; $rc, $out (stdout), $err (stderr). A run
# that hangs is cut off after 20 s (status 124).
ne() {
	# (bash's own "Terminated" for a run that ends by a signal: not ours)
	{ timeout -k 2 20 "$NE" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null; } 2>/dev/null
	rc=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}
# "${nobody[@]}" CMD...: CMD as UID/GID 65534 without supplementary groups
# (an array, not a function, so that bg's PID is the command's).
nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
# ne_nobody ARGS...: the world-readable copy of nsenter-lite, as nobody.
ne_nobody() {
	timeout -k 2 20 "${nobody[@]}" "$NB/bin/nsenter-lite" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}
# has TEXT WORD...: TEXT contains every WORD (case-insensitive).
has() {
	local text=$1 w
	shift
	for w in "$@"; do
		grep -qiF -- "$w" <<<"$text" || return 1
	done
}
# refused NAME RC WORD...: the last ne run exited RC, printed nothing on
# stdout, and its message names every WORD.
refused() {
	local name=$1 want=$2
	shift 2
	if [ "$rc" != "$want" ]; then
		fail "$name" "exit $rc, want $want (stderr: $err)"
	elif [ -n "$out" ]; then
		fail "$name" "printed on stdout: $out"
	elif [ -z "$err" ] || ! has "$err" "$@"; then
		fail "$name" "stderr '$err' does not name: $*"
	else
		pass "$name"
	fi
}
# explained NAME WORD...: the last run exited 1, printed nothing on
# stdout and one line on stderr that names every WORD and is more than
# strerror(EPERM or EACCES).
explained() {
	local name=$1
	shift
	if [ "$rc" != 1 ]; then
		fail "$name" "exit $rc, want 1 (stderr: $err)"
	elif [ -n "$out" ]; then
		fail "$name" "printed on stdout: $out"
	elif [ "$(printf '%s\n' "$err" | wc -l)" != 1 ]; then
		fail "$name" "want one line, got: $err"
	elif [[ $err == *": Operation not permitted" || $err == *": Permission denied" ]]; then
		fail "$name" "not explained: $err"
	elif ! has "$err" "$@"; then
		fail "$name" "'$err' does not name: $*"
	else
		pass "$name"
	fi
}
# closefds CMD...: CMD with only descriptors 0, 1 and 2 open.
closefds() {
	bash -c 'for f in /proc/$$/fd/*; do
			n=${f##*/}
			[ "$n" -gt 2 ] && eval "exec $n>&-"
		done 2>/dev/null
		exec "$@"' closefds "$@"
}
# pidfd_inode PID: what --dry-run says to pin the target with.
pidfd_inode() {
	"$NE" -t "$1" -u --dry-run 2>/dev/null | sed -n 's/^target: PID [0-9]*, pidfd inode \([0-9]*\) .*/\1/p'
}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BASH_COMP=$SRC/completions/bash/nsenter-lite
ZSH_COMP=$SRC/completions/zsh/_nsenter-lite
FISH_COMP=$SRC/completions/fish/nsenter-lite.fish
MAN=$SRC/man/man1/nsenter-lite.1

# ---- the man page and the completions know every option ---------------
# A function: it runs at the end, and also when the target cannot be made
# (the documentation can be checked all the same).
docs_checks() {
words() { local w; for w in $*; do echo "$w"; done | sort -u; }
# same_set NAME WANT HAVE: HAVE has every word of WANT and nothing else.
same_set() {
	local missing stale
	missing=$(comm -23 <(words "$2") <(words "$3") | tr '\n' ' ')
	stale=$(comm -13 <(words "$2") <(words "$3") | tr '\n' ' ')
	if [ -z "$(words "$3")" ]; then
		fail "$1" "found no options at all"
	elif [ -z "$missing$stale" ]; then
		pass "$1"
	else
		fail "$1" "missing: ${missing:-none}; not in --help: ${stale:-none}"
	fi
}
help=$("$NE" --help)
long_opts=$(sed -nE 's/^ +(-[A-Za-z], )?(--[a-z][a-z-]*).*/\2/p' <<<"$help")
short_opts=$(sed -nE 's/^ +(-[A-Za-z]),.*/\1/p' <<<"$help")
if [ "$(words "$long_opts" | wc -l)" -lt 20 ] || [ "$(words "$short_opts" | wc -l)" -lt 15 ]; then
	fail nsenter-docs-help "could not read the options from --help"
fi
code_of() { grep -vE '^[[:space:]]*#' "$1"; }
set -f
if [ -f "$MAN" ]; then
	check nsenter-docs-man-spdx grep -q 'SPDX-License-Identifier: LGPL-2.1-or-later' <(head -n 1 "$MAN")
	# the tags of the OPTIONS section, markup taken off
	tags=$(awk '/^\.SH / { on = ($2 == "OPTIONS") } on && tag { print; tag = 0 }
		on && /^\.TP/ { tag = 1 }' "$MAN" | sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g')
	same_set nsenter-docs-man-long-options "$long_opts" "$(grep -oE -- '--[a-z][a-z-]*' <<<"$tags")"
	same_set nsenter-docs-man-short-options "$short_opts" \
		"$(grep -oE -- '(^|[ ,])-[A-Za-z]\b' <<<"$tags" | tr -d ' ,')"
	missing=""
	for sec in NAME SYNOPSIS DESCRIPTION OPTIONS TARGETS "ORDER OF ENTERING" SAFETY "DRY RUN" \
		"DIFFERENCES FROM NSENTER" \
		"EXIT STATUS" EXAMPLES "SEE ALSO"; do
		grep -qx "\.SH $sec" "$MAN" || missing+="$sec; "
	done
	expect_eq nsenter-docs-man-sections "$missing" ""
	if command -v man >/dev/null 2>&1; then
		out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$MAN" 2>&1 >/dev/null)
		expect_eq nsenter-docs-man-warnings "$?:$out" "0:"
	else
		skip nsenter-docs-man-warnings "man is not installed"
	fi
else
	fail nsenter-docs-man "man/man1/nsenter-lite.1 is missing"
fi

if [ -f "$BASH_COMP" ]; then
	check nsenter-docs-bash-spdx grep -q 'SPDX-License-Identifier: LGPL-2.1-or-later' <(head -n 1 "$BASH_COMP")
	check nsenter-docs-bash-syntax bash -n "$BASH_COMP"
	same_set nsenter-docs-bash-long-options "$long_opts" "$(bash_complete nsenter-lite --)"
	same_set nsenter-docs-bash-short-options "$short_opts" \
		"$(bash_complete nsenter-lite - | grep -E '^-[^-]')"
	check nsenter-bash-completes-pid grep -qx "$$" <<<"$(bash_complete nsenter-lite -t "$$")"
	check nsenter-bash-completes-net-file grep -qx -- "--net=/proc/$$/ns/net" \
		<<<"$(bash_complete nsenter-lite "--net=/proc/$$/ns/ne")"
	check nsenter-bash-completes-root-dir grep -qx -- "--root=/usr" \
		<<<"$(bash_complete nsenter-lite --root=/us)"
	# after the options: a program, and no more options
	check nsenter-bash-completes-program grep -qx bash \
		<<<"$(bash_complete nsenter-lite -t 1 -a -n bas)"
	expect_eq nsenter-bash-no-options-after-program \
		"$(bash_complete nsenter-lite -t 1 -a ls --al | grep -c -- --all)" 0
else
	fail nsenter-docs-bash "completions/bash/nsenter-lite is missing"
fi

if [ -f "$ZSH_COMP" ]; then
	if [ "$(sed -n 1p "$ZSH_COMP")" = "#compdef nsenter-lite" ] &&
		sed -n 2p "$ZSH_COMP" | grep -q 'SPDX-License-Identifier: LGPL-2.1-or-later'; then
		pass nsenter-docs-zsh-spdx
	else
		fail nsenter-docs-zsh-spdx "must start with #compdef nsenter-lite, then SPDX"
	fi
	if command -v zsh >/dev/null 2>&1; then
		check nsenter-docs-zsh-syntax zsh -n "$ZSH_COMP"
	else
		skip nsenter-docs-zsh-syntax "zsh is not installed (optional)"
	fi
	# the specs, without their exclusion lists "(-a --all)"
	same_set nsenter-docs-zsh-long-options "$long_opts" \
		"$(code_of "$ZSH_COMP" | sed -E "s/'\([^)]*\)//g" | grep -oE -- "--[a-z][a-z-]*")"
	same_set nsenter-docs-zsh-short-options "$short_opts" \
		"$(code_of "$ZSH_COMP" | grep -oE -- '\{-[A-Za-z]' | tr -d '{')"
else
	fail nsenter-docs-zsh "completions/zsh/_nsenter-lite is missing"
fi

if [ -f "$FISH_COMP" ]; then
	check nsenter-docs-fish-spdx grep -q 'SPDX-License-Identifier: LGPL-2.1-or-later' <(head -n 1 "$FISH_COMP")
	if command -v fish >/dev/null 2>&1; then
		check nsenter-docs-fish-syntax fish -n "$FISH_COMP"
	else
		skip nsenter-docs-fish-syntax "fish is not installed (optional)"
	fi
	fish_complete=$(code_of "$FISH_COMP" | grep -E '^complete ')
	same_set nsenter-docs-fish-long-options "$long_opts" \
		"$(grep -oE -- ' -l [a-z][a-z-]*' <<<"$fish_complete" | sed 's/ -l /--/')"
	same_set nsenter-docs-fish-short-options "$short_opts" \
		"$(grep -oE -- ' -s [A-Za-z]' <<<"$fish_complete" | sed 's/ -s /-/')"
else
	fail nsenter-docs-fish "completions/fish/nsenter-lite.fish is missing"
fi
set +f
}

# ---- the target -------------------------------------------------------
mkdir -p "$TMP/work"
mkfifo "$TMP/go"
cd "$TMP/work" || exit 1
bg env NSENTER_TEST_FOO=bar unshare --user sh -c 'read x <"$1"; exec unshare --mount --uts \
	--ipc --net --pid --cgroup --time --fork --mount-proc sh -c "hostname target; exec sleep 1000"' \
	sh "$TMP/go"
holder=$BG_PID
cd / || exit 1
if ! wait_for own_userns "$holder" ||
	! echo '0 0 65536' >"/proc/$holder/uid_map" ||
	! echo '0 0 65536' >"/proc/$holder/gid_map"; then
	fail nsenter-target "could not start the target (unshare --user, uid_map)"
	
	docs_checks
	exit 0
fi
echo go >"$TMP/go"
target_up() { sleeps_apart "$(first_child "$holder")"; }
if ! wait_for target_up; then
	fail nsenter-target "the target did not come up: $(ps -o pid,comm --ppid "$holder" 2>&1)"
	
	docs_checks
	exit 0
fi
P=$(first_child "$holder")
pass nsenter-target

# ---- the supervisor exits --------------------------------------------
# After setns(CLONE_NEWPID) nsenter-lite's own later children land in the
# target's pid namespace. An exit handler that forks there (the leak
# check of the ASan build clone()s a tracer, which then sees getppid() ==
# 0 and quits) leaves the parent spinning for ever; nsenter-lite must
# _exit. Should that come back, the rest of this file runs without the
# leak check, so that it can run at all.
timeout -k 2 10 "$NE" -t "$P" -p true >/dev/null 2>"$TMP/err" </dev/null
rc=$?
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	fail nsenter-exits-after-pid-ns "'nsenter-lite -t PID -p true' did not exit in 10 s (the child \
had; does the parent run exit handlers that fork, as LeakSanitizer's does?)"
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
else
	expect_eq nsenter-exits-after-pid-ns "$rc" 0
fi

# ---- every type, as the kernel says -----------------------------------
ne -t "$P" -a sh -c "for t in $TYPES; do readlink /proc/self/ns/\$t; done"
for ty in $TYPES; do
	got=$(grep "^$ty:" <<<"$out")
	expect_eq "nsenter-ns-$ty" "$got" "$(readlink "/proc/$P/ns/$ty")"
done

ne -t "$P" -u hostname
expect_eq nsenter-hostname "$out" target

# the command lands in the pid namespace: small PIDs, and PID 1 is the
# target's init (the sleep)
ne -t "$P" -a sh -c 'echo $$; cat /proc/1/comm; readlink /proc/1/ns/pid'
if [ "$rc" = 0 ] && [ "$(sed -n 1p <<<"$out")" -lt 100 ] 2>/dev/null; then
	pass nsenter-pid-small
else
	fail nsenter-pid-small "rc $rc, \$\$ inside is '$(sed -n 1p <<<"$out")' ($err)"
fi
expect_eq nsenter-pid-init "$(sed -n 2,3p <<<"$out" | tr '\n' ' ')" \
	"sleep $(readlink "/proc/$P/ns/pid") "

# ---- exit status and signals ------------------------------------------
ne -t "$P" -a sh -c 'exit 7'
expect_eq nsenter-exit-status "$rc" 7
ne -t "$P" -a true
expect_eq nsenter-exit-zero "$rc" 0
ne -t "$P" -a sh -c 'kill -TERM $$'
expect_eq nsenter-killed-status "$rc" 143

rm -f "$TMP/ready" "$TMP/term"
bg "$NE" -t "$P" -a sh -c 'trap "echo got >$1/term; exit 3" TERM
	echo >$1/ready
	i=0; while [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done' sh "$TMP"
fwd=$BG_PID
if wait_for test -e "$TMP/ready"; then
	kill -TERM "$fwd"
	wait "$fwd"
	rc=$?
	expect_eq nsenter-forward-term "$rc:$(cat "$TMP/term" 2>/dev/null)" "3:got"
else
	fail nsenter-forward-term "the command did not start"
fi

# ---- descriptors ------------------------------------------------------
# every kind nsenter-lite opens (pidfd, namespaces, root, cwd, environ)
fds=$(closefds timeout 20 "$NE" -t "$P" -a -r -w -e sh -c 'ls /proc/$$/fd' 2>&1 </dev/null | tr '\n' ' ')
expect_eq nsenter-no-fd-leak "$fds" "0 1 2 "
# -F: nsenter-lite's own process becomes the command (no pid or mount
# namespace, so that /proc/$$ is the shell's)
fds=$(closefds timeout 20 "$NE" -t "$P" -u -i -n -C -w -e -F sh -c 'ls /proc/$$/fd' 2>&1 </dev/null |
	tr '\n' ' ')
expect_eq nsenter-no-fd-leak-no-fork "$fds" "0 1 2 "

# ---- namespace files --------------------------------------------------
ne --net="/proc/$P/ns/net" readlink /proc/self/ns/net
expect_eq nsenter-net-proc-file "$out" "$(readlink "/proc/$P/ns/net")"
ne -t "$P" "-u/proc/$P/ns/uts" -n hostname
expect_eq nsenter-uts-short-file "$out" target
if ip netns add "$netns_name" 2>/dev/null; then
	netns_made=1
	want="net:[$(stat -L -c %i "/run/netns/$netns_name")]"
	ne --net="/run/netns/$netns_name" readlink /proc/self/ns/net
	expect_eq nsenter-net-run-netns "$out" "$want"
	ne --netns "$netns_name" readlink /proc/self/ns/net
	expect_eq nsenter-netns-name "$out" "$want"
	# a file beside namespaces of the target: util-linux enters what it
	# can before the target's user namespace, so root may mix a network
	# namespace of the init user namespace with a target in a child one
	ne -t "$P" -a --net="/run/netns/$netns_name" readlink /proc/self/ns/net /proc/self/ns/uts
	expect_eq nsenter-target-and-file "$rc:$(tr '\n' ' ' <<<"$out")" \
		"0:$want $(readlink "/proc/$P/ns/uts") "
	got=$(bash_complete nsenter-lite --netns '')
	check nsenter-bash-completes-netns grep -qx "$netns_name" <<<"$got"
	ne --netns nsenter-lite-no-such-netns true
	refused nsenter-netns-missing 1 nsenter-lite-no-such-netns
	ip netns del "$netns_name" && netns_made=0
else
	skip nsenter-net-run-netns "ip netns add failed"
fi

# ---- -r -w -e -F -S -G ------------------------------------------------
ne -t "$P" -a -w /bin/pwd
expect_eq nsenter-wd-target "$out" "$TMP/work"
ne -t "$P" -a -r -w /bin/pwd
expect_eq nsenter-root-wd-target "$out" "$TMP/work"
ne -t "$P" -a --wd=/usr /bin/pwd
expect_eq nsenter-wd-dir "$out" /usr
ne -t "$P" -a /bin/pwd
expect_eq nsenter-wd-unchanged "$out" /

# a target chrooted into a directory of its own (in its own mount
# namespace, where /usr is bound into it)
root=$TMP/root
mkdir -p "$root/usr" "$root/work"
for l in bin lib lib64 sbin; do ln -s "usr/$l" "$root/$l"; done
echo rooted >"$root/marker"
bg unshare --mount sh -c 'mount --bind /usr "$1/usr" && cd "$1" && exec chroot . /bin/sleep 1000' \
	sh "$root"
if wait_for is_sleep "$BG_PID"; then
	R=$BG_PID
	ne -t "$R" -m -r cat /marker
	expect_eq nsenter-root-target "$out" rooted
	ne -t "$R" -m --root="/proc/$R/root" cat /marker
	expect_eq nsenter-root-dir "$out" rooted
	ne -t "$R" -m cat /marker
	expect_eq nsenter-root-not-asked "$rc" 1
else
	fail nsenter-root-target "the chrooted target did not come up"
fi

ne -t "$P" -a -e sh -c 'echo "$NSENTER_TEST_FOO"'
expect_eq nsenter-env "$out" bar
ne -t "$P" -a sh -c 'echo "${NSENTER_TEST_FOO-unset}"'
expect_eq nsenter-env-not-asked "$out" unset

# -F: the command is nsenter-lite's process (same PID), so it stays in
# our pid namespace; its children would be in the target's
out=$(timeout -k 2 20 sh -c 'echo $$; exec "$0" -t "$1" -p -F sh -c "echo \$\$; readlink /proc/\$\$/ns/pid \
	/proc/\$\$/ns/pid_for_children"' "$NE" "$P" 2>&1 </dev/null)
expect_eq nsenter-no-fork "$(tr '\n' ' ' <<<"$out")" \
	"$(sed -n 1p <<<"$out") $(sed -n 1p <<<"$out") $(readlink /proc/$$/ns/pid) $(readlink "/proc/$P/ns/pid") "
ne -t "$P" -p sh -c 'readlink /proc/self/ns/pid'
expect_eq nsenter-fork-enters-pid "$out" "$(readlink "/proc/$P/ns/pid")"

# no command: $SHELL as a login shell ("-sh"), as nsenter runs it, or
# /bin/sh when $SHELL is empty or not there (HOME: no ~/.profile)
out=$(echo 'hostname; echo "$0"' | HOME=/nonexistent SHELL=/bin/sh timeout 20 "$NE" -t "$P" -u 2>&1)
expect_eq nsenter-default-shell "$(tr '\n' ' ' <<<"$out")" "target -sh "
out=$(echo 'hostname; echo "$0"' | HOME=/nonexistent SHELL=/nonexistent/nsenter-lite-shell \
	timeout 20 "$NE" -t "$P" -u 2>&1)
expect_eq nsenter-default-shell-missing "$(tr '\n' ' ' <<<"$out")" "target -sh "
out=$(echo 'echo "$0"' | HOME=/nonexistent SHELL='' timeout 20 "$NE" -t "$P" -u 2>&1)
expect_eq nsenter-default-shell-empty "$out" "-sh"

ne -t "$P" -a sh -c 'id -u; id -g'
expect_eq nsenter-user-default-root "$(tr '\n' ' ' <<<"$out")" "0 0 "
ne -t "$P" -a -S 1000 -G 1001 sh -c 'id -u; id -g'
expect_eq nsenter-setuid-setgid "$(tr '\n' ' ' <<<"$out")" "1000 1001 "
ne -t "$P" -a --setuid=2000 --setgid=2001 sh -c 'id -u; id -g'
expect_eq nsenter-setuid-setgid-long "$(tr '\n' ' ' <<<"$out")" "2000 2001 "
ne -t "$P" -a -S 70000 true
refused nsenter-setuid-unmapped 1 setuid

# ---- PID:INODE --------------------------------------------------------
ino=$(pidfd_inode "$P")
if [ -n "$ino" ]; then
	ne -t "$P:$ino" -u hostname
	expect_eq nsenter-pin-right "$rc:$out" "0:target"
	ne -t "$P:$((ino + 1))" -u hostname
	refused nsenter-pin-wrong 1 "another process" "$ino"
else
	fail nsenter-pin-right "--dry-run did not print the pidfd inode (pidfs, Linux 6.9+)"
fi
ne -t "$P:x" -u true
refused nsenter-pin-syntax 1 "PID:INODE"

# ---- --dry-run --------------------------------------------------------
rm -f "$TMP/dry"
ne -t "$P" -a --dry-run touch "$TMP/dry"
rows=$(awk -v types=" $TYPES " 'index(types, " " $1 " ")' <<<"$out")
expect_eq nsenter-dry-run-exit "$rc" 0
expect_eq nsenter-dry-run-rows "$(awk '{print $1}' <<<"$rows" | tr '\n' ' ')" "$TYPES "
want=""
for ty in $TYPES; do want+="$ty $(ns_of "$P" "$ty") $(ns_of "$P" user) enter;"; done
expect_eq nsenter-dry-run-table "$(awk '{printf "%s %s %s %s;", $1, $2, $3, $NF}' <<<"$rows")" "$want"
check nsenter-dry-run-runs-nothing test ! -e "$TMP/dry"
check nsenter-dry-run-header grep -q '^TYPE  *NS  *OWNER  *OWNERUID  *SOURCE  *ACTION' <<<"$out"
ne -t $$ -U -n --dry-run
expect_eq nsenter-dry-run-skip-own-user "$rc:$(awk '$1 == "user"' <<<"$out" | grep -o 'skip: already in it')" \
	"0:skip: already in it"

# ---- bad input: one message each, exit 1, nothing on stdout -----------
ne -t 4000000 -n true
refused nsenter-bad-gone-pid 1 "4000000" "no such process"
ne -t "$P" --net=/etc/passwd true
refused nsenter-bad-regular-file 1 /etc/passwd "not a namespace file"
ne -t "$P" --net=/proc/self/ns/uts true
refused nsenter-bad-wrong-type 1 "uts" "not a net namespace"
ne -t "$P" --net=/nonexistent/nsenter-lite true
refused nsenter-bad-missing-file 1 /nonexistent/nsenter-lite
ne --container nsenter-lite-no-such-container -a true
refused nsenter-bad-container 1 "nsenter-lite-no-such-container" "container"
ne --container nsenter-lite-no-such-container -t "$P" -a true
refused nsenter-bad-container-and-target 1 "--container" "--target"

# ---- --source: what reads the processes when --container looks -------
ne --source=bogus --container nsenter-lite-no-such-container -a true
expect_eq nsenter-source-unknown "$rc:$out:$err" \
	"1::nsenter-lite: unknown source 'bogus' (auto, proc, kernel)"
ne --source=proc --container nsenter-lite-no-such-container -a true
refused nsenter-source-proc-container 1 "nsenter-lite-no-such-container" "no running container"
kwhy=$(kernel_why "$NE")
expect_eq nsenter-source-version-line "$?" 0
ne --source=kernel --container nsenter-lite-no-such-container -a true
if [ -z "$kwhy" ]; then
	refused nsenter-source-kernel-container 1 "nsenter-lite-no-such-container" "no running container"
else
	expect_eq nsenter-source-kernel-container "$rc:$out:$err" "1::nsenter-lite: kernel source: $kwhy"
fi
# without --container nothing is scanned: accepted, and no container line
ne --source=kernel -t "$P" -u --dry-run
expect_eq nsenter-source-without-container "$rc:$(grep -c '^container:' <<<"$out"):$(grep -c '^target: PID' <<<"$out")" \
	"0:0:1"
# a made-up Docker container (its cgroup path is all the lookup needs):
# --dry-run names the source that found it
cg2=$(findmnt -n -t cgroup2 -o TARGET 2>/dev/null | head -n1)
ctid=$(printf 'c5%062d' $$)
if [ -z "$cg2" ] || ! mkdir "$cg2/docker-$ctid.scope" 2>/dev/null; then
	skip nsenter-source-container "no cgroup2 hierarchy to make a container cgroup in"
else
	bg sleep 300
	ct=$BG_PID
	if echo "$ct" >"$cg2/docker-$ctid.scope/cgroup.procs"; then
		for src in proc kernel auto; do
			ne --source=$src --container "${ctid:0:12}" -u --dry-run
			case $src in
			proc) want=proc ;;
			kernel) want=kernel ;;
			# either, as the library judges it (a one-shot scan of a
			# small system reads /proc)
			auto) want=$(sed -nE '1s/^container: .*, found by the (kernel|proc) source$/\1/p' <<<"$out") ;;
			esac
			if [ $src = kernel ] && [ -n "$kwhy" ]; then
				expect_eq nsenter-source-container-$src "$rc:$err" "1:nsenter-lite: kernel source: $kwhy"
				continue
			fi
			expect_eq nsenter-source-container-$src \
				"$rc:$(sed -n 1p <<<"$out"):$(sed -n 2p <<<"$out" | sed -nE 's/^target: PID ([0-9]+).*/\1/p')" \
				"0:container: ${ctid:0:12}, found by the $want source:$ct"
		done
	else
		fail nsenter-source-container-setup "could not move PID $ct into $cg2/docker-$ctid.scope"
	fi
	kill "$ct" 2>/dev/null
	wait "$ct" 2>/dev/null
	wait_for rmdir "$cg2/docker-$ctid.scope" 2>/dev/null
fi
ne -t "$P" --nsenter-lite-bogus true
refused nsenter-bad-option 1 "nsenter-lite-bogus" "--help"
# nothing to enter: the program runs all the same, as with nsenter
ne -t "$P" sh -c 'echo ran'
expect_eq nsenter-no-namespace-runs "$rc:$out" "0:ran"
ne -t "$P" -w /bin/pwd
expect_eq nsenter-no-namespace-wd "$rc:$out" "0:$TMP/work"
ne -n true
refused nsenter-bad-no-target 1 "-t"
# -S and -G still count with --preserve-credentials: it only stops the
# 0/0 that entering a user namespace brings
ne -t "$P" -a --preserve-credentials -S 1000 sh -c 'id -u; id -g'
expect_eq nsenter-preserve-and-setuid "$rc:$(tr '\n' ' ' <<<"$out")" "0:1000 0 "
ne -t "$P" -a -w -W /usr true
refused nsenter-bad-wd-and-wdns 1 "--wd and --wdns"

# ---- the options of newer nsenter: refusals ----------------------------
# (what they do is checked against nsenter in parity-nsenter.sh)
bg sh -c 'exec sleep 1000 3</etc/passwd'
if wait_for is_sleep "$BG_PID"; then
	X=$BG_PID
	ne -t "$X" -N 3 true
	refused nsenter-net-socket-not-socket 1 "file descriptor 3" "not a socket"
	ne -t "$X" -N 9 true
	refused nsenter-net-socket-no-fd 1 "no file descriptor 9"
else
	fail nsenter-net-socket-not-socket "the sleep did not come up"
fi
ne -N 3 true
refused nsenter-net-socket-needs-target 1 "--net-socket needs a target"
ne -t $$ --user-parent true
refused nsenter-user-parent-of-initial 1 "parent of user namespace" "not visible"
ne --net=:x true
refused nsenter-nsid-syntax 1 "invalid namespace ID ':x'"
nsid=$("$NSLS" -n -r -o NSID,TYPE -p "$P" 2>/dev/null | awk '$2 == "net" { print $1 }')
if [ -n "$nsid" ]; then
	ne --uts=:"$nsid" true
	refused nsenter-nsid-wrong-type 1 "no uts namespace has ID $nsid"
	ne --net=:"$nsid" --dry-run
	expect_eq nsenter-nsid-dry-run "$rc:$(awk '$1 == "net" { print $2, $5, $6 }' <<<"$out")" \
		"0:$(ns_of "$P" net) nsid $nsid"
else
	skip nsenter-nsid-wrong-type "nsls shows no NSID (Linux 6.18+)"
fi
ne -t "$P" -S follow -G follow -a --dry-run
expect_eq nsenter-follow-dry-run "$rc" 0
ne -S follow true
refused nsenter-follow-needs-target 1 "--setuid follow needs a target"
if [ ! -e /sys/fs/selinux/enforce ]; then
	ne -t "$P" -u -Z true
	refused nsenter-follow-context-off 1 "SELinux is not enabled"
else
	skip nsenter-follow-context-off "SELinux is enabled here"
fi
# -W is a path of the target's: a /proc magic link on the way is refused
ne -t "$P" -a -W /proc/self/cwd true
refused nsenter-wdns-magic-link 1 "/proc/self/cwd"
ne -t "$P" -a -W /usr /bin/pwd
expect_eq nsenter-wdns "$rc:$out" "0:/usr"
# -c: cgroup v2 at /sys/fs/cgroup only, and only below it
out=$(unshare --mount sh -c 'mount -t tmpfs none /sys/fs/cgroup && exec "$@"' sh \
	timeout 20 "$NE" -t "$P" -c true 2>&1 </dev/null)
expect_eq nsenter-join-cgroup-needs-v2 "$?:$out" \
	"1:nsenter-lite: --join-cgroup needs cgroup v2 mounted at /sys/fs/cgroup"
cg2=$(findmnt -n -t cgroup2 -o TARGET 2>/dev/null | head -n1)
if [ -n "$cg2" ] && mkdir "$cg2/nsenter-lite-$$" 2>/dev/null; then
	# nsenter-lite in a cgroup namespace rooted below the target's
	# cgroup: the target's path starts with "/..", outside our view
	out=$(sh -c 'cg=$1; shift; echo $$ >"$cg/cgroup.procs" && exec unshare --cgroup --mount \
		sh -c "mount -t cgroup2 none /sys/fs/cgroup && exec \"\$@\"" sh "$@"' sh \
		"$cg2/nsenter-lite-$$" timeout 20 "$NE" -t "$P" -c true 2>&1 </dev/null)
	expect_eq nsenter-join-cgroup-outside "$?:$out" "1:nsenter-lite: the cgroup of PID $P \
($(sed -n 's/^0:://p' "/proc/$P/cgroup" | sed 's|^|/..|; s|/\.\./$|/..|')) is not below /sys/fs/cgroup as we see it"
	wait_for rmdir "$cg2/nsenter-lite-$$"
else
	skip nsenter-join-cgroup-outside "no cgroup v2 hierarchy to make a cgroup in"
fi
# a thread: --dry-run says whose
bg "$NSINFO_BUILD/tests/thread-netns" >"$TMP/tn.out"
if wait_for grep -qx ready "$TMP/tn.out"; then
	tid=$(awk '$1 == "net" { print $2 }' "$TMP/tn.out")
	tpid=$(awk '$1 == "pid" { print $2 }' "$TMP/tn.out")
	ne -t "$tid" -n --dry-run
	check nsenter-thread-dry-run grep -q "^target: PID $tid, .*, a thread of PID $tpid\$" <<<"$out"
	ne -t "$tid" -n readlink /proc/self/ns/net
	expect_eq nsenter-thread-net "$rc:$out" "0:$(readlink "/proc/$tid/ns/net")"
else
	fail nsenter-thread-dry-run "thread-netns did not start: $(cat "$TMP/tn.out")"
fi

# ---- exec failures ----------------------------------------------------
printf 'echo hi\n' >"$TMP/noexec"
chmod 0644 "$TMP/noexec"
ne -t "$P" -u nsenter-lite-no-such-command
refused nsenter-exec-not-found 127 nsenter-lite-no-such-command
ne -t "$P" -u "$TMP/noexec"
refused nsenter-exec-not-executable 126 "$TMP/noexec"
ne -t "$P" -u -F nsenter-lite-no-such-command
refused nsenter-exec-not-found-no-fork 127 nsenter-lite-no-such-command

# ---- not root ---------------------------------------------------------
# a world-readable copy: the binary finds its library at $ORIGIN/../lib
NB=$TMP/nobody
mkdir -p "$NB/bin" "$NB/lib"
cp "$NE" "$NB/bin/" && cp -P "$NSINFO_BUILD"/lib/libnsinfo.so* "$NB/lib/"
chmod 0711 "$TMP"
chmod -R a+rX "$NB"
userns0=$(ns_of $$ user)

# nobody's own user and net namespaces: nobody may enter them
bg "${nobody[@]}" unshare --user --net sleep 1000
if wait_for sleeps_apart "$BG_PID"; then
	N=$BG_PID
	ne_nobody -t "$N" -U -n --preserve-credentials sh -c 'readlink /proc/self/ns/user /proc/self/ns/net'
	expect_eq nsenter-nobody-own-userns "$rc:$(tr '\n' ' ' <<<"$out")" \
		"0:$(readlink "/proc/$N/ns/user") $(readlink "/proc/$N/ns/net") "
	ne_nobody -t "$N" -U -n --preserve-credentials --dry-run
	expect_eq nsenter-nobody-own-dry-run "$rc:$(grep -c ' enter$' <<<"$out")" "0:2"
	# without -U: setns() wants CAP_SYS_ADMIN in the namespace's owner
	# (nobody has it there) and in the caller's own user namespace (the
	# init one, where nobody lacks it), so the kernel says no
	ne_nobody -t "$N" -n --dry-run
	row=$(awk '$1 == "net"' <<<"$out")
	if [ "$rc" = 1 ] && has "$row" "would fail" CAP_SYS_ADMIN; then
		pass nsenter-nobody-net-without-user-dry-run
	else
		fail nsenter-nobody-net-without-user-dry-run "rc $rc, row '$row', want 'would fail' \
naming CAP_SYS_ADMIN and exit 1 ($err)"
	fi
	ne_nobody -t "$N" -n true
	explained nsenter-nobody-net-without-user-explained CAP_SYS_ADMIN
else
	fail nsenter-nobody-own-userns "nobody's unshare --user --net did not come up"
fi

# a root-owned target: /proc/PID/ns is closed to nobody; say why
ne_nobody -t "$P" -a true
explained nsenter-nobody-root-target CAP_SYS_ADMIN "UID 0"

# nobody's process in the host namespaces: its files open, but the net
# namespace belongs to the init user namespace, where nobody lacks
# CAP_SYS_ADMIN
bg "${nobody[@]}" sleep 1000
if wait_for is_sleep "$BG_PID"; then
	H=$BG_PID
	ne_nobody -t "$H" -n --dry-run
	row=$(awk '$1 == "net"' <<<"$out")
	if [ "$rc" = 1 ] && has "$row" "would fail" CAP_SYS_ADMIN "$userns0" &&
		[ "$(awk '{print $2}' <<<"$row")" = "$(ns_of "$H" net)" ]; then
		pass nsenter-nobody-dry-run-would-fail
	else
		fail nsenter-nobody-dry-run-would-fail "rc $rc, row '$row' ($err)"
	fi
	ne_nobody -t "$H" -n true
	explained nsenter-nobody-setns-explained CAP_SYS_ADMIN "$userns0" "net"
else
	fail nsenter-nobody-dry-run-would-fail "nobody's sleep did not come up"
fi

docs_checks
exit 0
