#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# parity-nsenter.sh - nsenter-lite against util-linux nsenter (2.38), the
# same command lines on the same real namespaces, row by row.
#
# Every row runs both tools and compares three things:
#  - how the run ended: the exit status, or the signal (and whether a core
#    was dumped), read by perl from the wait status;
#  - what the program printed (stdout);
#  - the effect: the program is a probe (dash reading one line from a FIFO
#    before it execs the row's command), and while it waits, /proc/PROBE
#    is read from outside: every namespace, pid_for_children and
#    time_for_children, root, cwd, UIDs, GIDs, groups, capabilities, the
#    cgroup, a variable of the target's environment, its descriptors, and
#    whether it is the tool's own process (exec in place) or a child.
# A row passes when both give the same (and what the row wants, so that a
# broken setup that fails both the same way is no pass). A row tagged with
# one of the deliberate differences (DIFFS below, and nowhere else) passes
# when the two differ and nsenter-lite gives what the row wants. At the end:
# every difference was seen, and DIFFS is the list of nsenter-lite(1),
# DIFFERENCES FROM NSENTER. nsenter.sh checks nsenter-lite on its own.
. "$(dirname "$0")/lib.sh"

NE=$NSINFO_BUILD/bin/nsenter-lite
HELPERS=$NSINFO_BUILD/tests
SRC=$(cd "$(dirname "$0")/../.." && pwd)
MAN=$SRC/man/man1/nsenter-lite.1
PROBE=dash	# found in PATH, also under -r/usr (/bin/dash there)

# ---- the deliberate differences: this list, and nsenter-lite(1) -------
DIFFS="own-userns forward no-core shell-fallback short-equals wdns-word follow-context newer-options own-options"

UL=$(command -v nsenter)
if [ -z "$UL" ] || ! command -v perl >/dev/null || ! command -v "$PROBE" >/dev/null; then
	skip parity-nsenter "needs util-linux nsenter, perl and $PROBE"
	exit 0
fi
ulv=$("$UL" --version 2>/dev/null)
if [[ $ulv != *" 2.38"* ]]; then
	# the rows know 2.38: newer releases have some of nsenter-lite's
	# additions (-e, -N, ...), so those rows would tell nothing
	skip parity-nsenter "the rows are for util-linux 2.38, this is '$ulv'"
	exit 0
fi

# ---- cleanup: leaves first (reap_all in lib.sh) -----------------------
netns_name=parity-nsenter-$$
cg_dirs=()
cleanup() {
	local d
	reap_all
	ip netns del "$netns_name" 2>/dev/null
	for d in "${cg_dirs[@]}"; do
		wait_for rmdir "$d" 2>/dev/null
	done
	return 0
}
trap 'cleanup; _cleanup' EXIT
trap 'exit 143' TERM INT	# so that the EXIT trap runs


# ---- the targets ------------------------------------------------------
HERE=$TMP/here		# where both tools are started
mkdir -p "$TMP/work" "$TMP/work2" "$HERE" "$HERE/usr"
cd "$HERE" || exit 1
setup_failed() { fail "parity-setup-$1" "$2"; exit 0; }

# F: every type, its own user namespace (IDs 0-65535 mapped to
# themselves), a host name, cwd and environment of its own
mkfifo "$TMP/go"
(cd "$TMP/work" && exec env PARITY_FOO=bar unshare --user sh -c 'read x <"$1"; exec unshare \
	--mount --uts --ipc --net --pid --cgroup --time --fork --mount-proc \
	sh -c "hostname parity; exec sleep 1000"' sh "$TMP/go") &
_pids+=("$!")
holder=$!
if ! wait_for own_userns "$holder" || ! echo '0 0 65536' >"/proc/$holder/uid_map" ||
	! echo '0 0 65536' >"/proc/$holder/gid_map"; then
	setup_failed full "could not start the target (unshare --user, uid_map)"
fi
echo go >"$TMP/go"
target_up() { sleeps_apart "$(first_child "$holder")"; }
wait_for target_up || setup_failed full "the target did not come up"
F=$(first_child "$holder")

# S: our own user namespace, new mount, uts, net, ipc, pid
bg unshare --mount --uts --net --ipc --pid --fork --mount-proc \
	sh -c 'hostname plain; cd "$1" && exec sleep 1000' sh "$TMP/work2"
s_up() { sleeps_apart "$(first_child "$1")"; }
wait_for s_up "$BG_PID" || setup_failed plain "unshare did not come up"
S=$(first_child "$BG_PID")

# R: chrooted into a directory of its own, in its own mount namespace
root=$TMP/root
mkdir -p "$root/usr" "$root/work"
for l in bin lib lib64 sbin; do ln -s "usr/$l" "$root/$l"; done
bg unshare --mount sh -c 'mount --bind /usr "$1/usr" &&
	exec chroot "$1" /bin/sh -c "cd /work && exec /bin/sleep 1000"' sh "$root"
wait_for is_sleep "$BG_PID" || setup_failed rooted "the chrooted target did not come up"
R=$BG_PID

# U: a user namespace in which root (our UID 0) is not mapped
bg unshare --user --net sleep 1000
U=$BG_PID
if ! wait_for own_userns "$U" || ! echo '0 100000 65536' >"/proc/$U/uid_map" ||
	! echo '0 100000 65536' >"/proc/$U/gid_map"; then
	setup_failed unmapped "unshare --user did not come up"
fi

# U2: a user namespace in a user namespace, for --user-parent
bg unshare --user --map-root-user unshare --user --map-root-user sleep 1000
U2=$BG_PID
u2_up() { is_sleep "$U2" && own_userns "$U2"; }
wait_for u2_up || setup_failed nested "nested unshare --user did not come up"
# its parent, as nsls sees it (PNS of U2's user namespace)
u2p=$("$NSLS" -n -r -o NS,PNS -t user 2>/dev/null | awk -v ns="$(ns_of "$U2" user)" '$1 == ns { print $2 }')

# S2: a process of UID 1234, GID 1235, for -S follow / -G follow
bg setpriv --reuid=1234 --regid=1235 --clear-groups sleep 1000
S2=$BG_PID
wait_for is_sleep "$S2" || setup_failed uid "setpriv sleep did not come up"

# K: a pid namespace of its own for the signal rows (killed after them)
bg unshare --pid --fork sleep 1000
k_up() { is_sleep "$(first_child "$1")"; }
wait_for k_up "$BG_PID" || setup_failed fwd "unshare --pid did not come up"
K=$(first_child "$BG_PID")

# a thread in a net namespace of its own, another in a uts namespace
bg "$HELPERS/thread-netns" >"$TMP/tn.out"
wait_for grep -qx ready "$TMP/tn.out" || setup_failed thread "thread-netns: $(cat "$TMP/tn.out")"
TN=$(awk '$1 == "net" { print $2 }' "$TMP/tn.out")
TU=$(awk '$1 == "uts" { print $2 }' "$TMP/tn.out")

# a socket whose net namespace no process is in, for -N
bg "$HELPERS/holders-socket" >"$TMP/hs.out"
wait_for grep -qx ready "$TMP/hs.out" || setup_failed socket "holders-socket: $(cat "$TMP/hs.out")"
SK=$(awk '$1 == "pid" { print $2 }' "$TMP/hs.out")
SK_FD=$(awk '$1 == "fd" { print $2 }' "$TMP/hs.out")
SK_NET=$(awk '$1 == "netns" { print $2 }' "$TMP/hs.out")

ip netns add "$netns_name" 2>/dev/null || setup_failed netns "ip netns add failed"
NETNS_INO=$(stat -L -c %i "/run/netns/$netns_name")

# cgroup v2, for -c (nsenter-lite reads it at /sys/fs/cgroup: where it is
# elsewhere, the -c rows run in a mount namespace with it bound there)
CG2=$(findmnt -n -t cgroup2 -o TARGET | head -n 1)
CGW=""
C=""
if [ -n "$CG2" ] && mkdir "$CG2/parity-$$" 2>/dev/null; then
	cg_dirs+=("$CG2/parity-$$")
	bg sleep 1000
	C=$BG_PID
	echo "$C" >"$CG2/parity-$$/cgroup.procs" || C=""
	[ "$CG2" != /sys/fs/cgroup ] &&
		CGW="unshare --mount sh -c 'mount --bind \"\$0\" /sys/fs/cgroup && exec \"\$@\"' $CG2"
fi
# a made-up Docker container (its cgroup path is all --container needs)
CT_ID=$(printf 'c6%062d' $$)
CT=""
if [ -n "$CG2" ] && mkdir "$CG2/docker-$CT_ID.scope" 2>/dev/null; then
	cg_dirs+=("$CG2/docker-$CT_ID.scope")
	bg sleep 1000
	echo "$BG_PID" >"$CG2/docker-$CT_ID.scope/cgroup.procs" && CT=$BG_PID
fi

F_NETID=$("$NSLS" -n -r -o NSID,TYPE -p "$F" 2>/dev/null | awk '$2 == "net" { print $1 }')
F_PIN=$("$NE" -t "$F" -u --dry-run 2>/dev/null |
	sed -n 's/^target: PID [0-9]*, pidfd inode \([0-9]*\) .*/\1/p')
printf 'echo hi\n' >"$TMP/noexec"
chmod 0644 "$TMP/noexec"
export PARITY_ST=$TMP/st
for v in F S R U U2 u2p S2 K TN TU SK SK_FD SK_NET NETNS_INO F_NETID F_PIN; do
	[ -n "${!v}" ] || setup_failed facts "found no $v"
done
pass parity-setup

# ---- running one tool -------------------------------------------------
# effect PROBE TOOLPID: the probe's effect, one field a word.
effect() {
	local x=$1 l=$2 t k v e
	if [ "$x" = "$l" ]; then e="fork=no"; else e="fork=child"; fi
	for t in cgroup ipc mnt net pid pid_for_children time time_for_children user uts; do
		e+=" $t=$(readlink "/proc/$x/ns/$t")"
	done
	e+=" root=$(readlink "/proc/$x/root") cwd=$(readlink "/proc/$x/cwd")"
	while read -r k v; do
		case $k in
		Uid: | Gid: | Groups: | CapInh: | CapPrm: | CapEff: | CapAmb:)
			v=${v//$'\t'/,}
			e+=" ${k%:}=${v// /,}"
			;;
		esac
	done <"/proc/$x/status"
	e+=" cg=$(grep '^0::' "/proc/$x/cgroup")"
	e+=" env=$(tr '\0' '\n' <"/proc/$x/environ" | grep -c '^PARITY_FOO=bar$')"
	e+=" fds=$(ls "/proc/$x/fd" | tr '\n' ,)"
	echo "$e"
}

# run_effect WRAPPER TOOL ARGS...: the tool, run with the probe as its
# program (after ARGS; the row's command, if any, is in CMD[@]); sets
# $res: "end=... out=... EFFECT".
run_effect() {
	local wrap=$1 tool=$2 l x="" c gate=$TMP/gate st=""
	shift 2
	rm -f "$gate"
	mkfifo "$gate"
	exec 7<>"$gate"
	# shellcheck disable=SC2086
	(cd "$HERE" && eval exec $wrap '"$tool" "$@" "$PROBE" -c '\''read -r x; exec "$@"'\'' probe "${CMD[@]}"') \
		<"$gate" >"$TMP/o" 2>"$TMP/e" 7>&- &
	l=$!
	for _ in $(seq 1 400); do
		if [ "$(comm_of "$l")" = dash ]; then
			x=$l
		else
			for c in $(_kids "$l"); do
				[ "$(comm_of "$c")" = dash ] && x=$c
			done
		fi
		[ -n "$x" ] && break
		_alive "$l" || break
		sleep 0.01
	done
	if [ -n "$x" ]; then
		eff=$(effect "$x" "$l")
	elif _alive "$l"; then
		eff="hung"
		for c in $(_tree "$l") "$l"; do kill -KILL "$c" 2>/dev/null; done
	else
		eff="no-probe"
	fi
	echo >&7
	wait "$l"
	st=$?
	exec 7>&-
	rm -f "$gate"
	res="end=$st out=$(tr '\n' '~' <"$TMP/o") $eff"
}

# run_status WRAPPER STDIN TOOL ARGS...: the tool with ARGS (its program
# among them), stdin from STDIN (a string), the wait status as perl reads
# it; sets $res: "end=exit:N" or "end=sig:N,core:C", then out=... (stdout,
# a ~ for each newline).
# shellcheck disable=SC2034 # used in the eval below
PERL_STATUS='system { $ARGV[0] } @ARGV;
	open(F, ">", $ENV{PARITY_ST}) or die;
	print F (($? & 127) ? "sig:" . ($? & 127) . ",core:" . (($? & 128) ? 1 : 0) : "exit:" . ($? >> 8));'
run_status() {
	local wrap=$1 input=$2 tool=$3 st
	shift 3
	rm -f "$PARITY_ST"
	# shellcheck disable=SC2086
	(cd "$HERE" && eval exec timeout -k 2 15 perl -e '"$PERL_STATUS"' -- $wrap '"$tool" "$@"') \
		<<<"$input" >"$TMP/o" 2>"$TMP/e"
	st=$(cat "$PARITY_ST" 2>/dev/null)
	res="end=${st:-hung} out=$(tr '\n' '~' <"$TMP/o")"
}

# ---- comparing ---------------------------------------------------------
seen=" "
# fields_apart A B: the fields (words) in which two results differ.
fields_apart() {
	local -A a=() b=()
	local w k out=""
	local -
	set -f
	for w in $1; do a[${w%%=*}]=$w; done
	for w in $2; do b[${w%%=*}]=$w; done
	for k in "${!a[@]}" "${!b[@]}"; do
		[ "${a[$k]-}" = "${b[$k]-}" ] && continue
		[[ $out == *"[$k]"* ]] && continue
		out+="[$k] nsenter '${a[$k]-}' nsenter-lite '${b[$k]-}'; "
	done
	echo "$out"
}
# judge NAME TAG WANT WANT_UL: $ul_res (nsenter) against $ne_res.
judge() {
	local name=parity-$1 tag=$2 want=$3 want_ul=$4
	if [[ " $DIFFS " != *" $tag "* && $tag != - ]]; then
		fail "$name" "tag '$tag' is not in DIFFS"
		return
	fi
	if [ "$tag" = - ]; then
		if [ "$ul_res" != "$ne_res" ]; then
			fail "$name" "$(fields_apart "$ul_res" "$ne_res")"
		elif [ "$want" != - ] && ! [[ $ne_res =~ $want ]]; then
			fail "$name" "both gave '$ne_res', want /$want/"
		else
			pass "$name"
		fi
		return
	fi
	if [ "$ul_res" = "$ne_res" ]; then
		fail "$name" "documented difference '$tag' not seen: both gave '$ne_res'"
	elif [ "$want" != - ] && ! [[ $ne_res =~ $want ]]; then
		fail "$name" "nsenter-lite gave '$ne_res', want /$want/ ($tag)"
	elif [ "$want_ul" != - ] && ! [[ $ul_res =~ $want_ul ]]; then
		fail "$name" "nsenter gave '$ul_res', want /$want_ul/ ($tag)"
	else
		seen+="$tag "
		pass "$name"
	fi
}

# row NAME TAG KIND WRAPPER ARGS CMD WANT [WANT_UL]: one row.
#   KIND: E (effect, probe), R (run CMD, status and stdout), R0 (status
#   only), S:TEXT (no program: the shell reads TEXT).
row() {
	local name=$1 tag=$2 kind=$3 wrap=$4 args=$5 cmd=$6 want=$7 want_ul=${8:--}
	local -a A=()
	[ "$wrap" = - ] && wrap=""
	[ "$args" != - ] && eval "A=($args)"
	CMD=()
	[ "$cmd" != - ] && eval "CMD=($cmd)"
	case $kind in
	E)
		run_effect "$wrap" "$UL" "${A[@]}"; ul_res=$res
		run_effect "$wrap" "$NE" "${A[@]}"; ne_res=$res
		;;
	R | R0)
		run_status "$wrap" "" "$UL" "${A[@]}" "${CMD[@]}"; ul_res=$res
		run_status "$wrap" "" "$NE" "${A[@]}" "${CMD[@]}"; ne_res=$res
		if [ "$kind" = R0 ]; then
			ul_res=${ul_res%% out=*}
			ne_res=${ne_res%% out=*}
		fi
		;;
	S:*)
		run_status "$wrap" "${kind#S:}" "$UL" "${A[@]}"; ul_res=$res
		run_status "$wrap" "${kind#S:}" "$NE" "${A[@]}"; ne_res=$res
		;;
	esac
	judge "$name" "$tag" "$want" "$want_ul"
}

ok='^end=0 '		# E rows: the probe ran and ended well
okx='^end=exit:0 '	# R rows
bad='^end=1 out= no-probe$'
badx='^end=exit:1 out=$'
# nsre PID TYPE: the namespace link of PID, as a regex ("net:\[123\]")
nsre() {
	local l
	l=$(readlink "/proc/$1/ns/$2")
	l=${l//[/\\[}
	echo "${l//]/\\]}"
}
netF=$(nsre "$F" net)
in_F="net=$netF .*user=$(nsre "$F" user)"

# ---- the table ----------------------------------------------------------
# name | tag | kind | wrapper | nsenter arguments | command | want (regex) | want of nsenter
while IFS='|' read -r name tag kind wrap args cmd want want_ul; do
	[[ -z $name || $name == \#* ]] && continue
	row "$name" "$tag" "$kind" "$wrap" "$args" "$cmd" "$want" "$want_ul"
done <<EOF
# every namespace option, short and long, of a target in its own user namespace
all|-|E|-|-t $F -a|-|$ok.*fork=child .*$in_F
mount|-|E|-|-t $F -m|-|$ok.*fork=no .*mnt=$(nsre "$F" mnt)
uts|-|E|-|-t $F -u|-|$ok.*uts=$(nsre "$F" uts)
uts-hostname|-|R|-|-t $F -u|hostname|^end=exit:0 out=parity~$
ipc|-|E|-|-t $F -i|-|$ok.*ipc=$(nsre "$F" ipc)
net|-|E|-|-t $F -n|-|$ok.*fork=no .*net=$netF
pid-forks|-|E|-|-t $F -p|-|$ok.*fork=child .*pid=$(nsre "$F" pid)
cgroup|-|E|-|-t $F -C|-|$ok.*cgroup=$(nsre "$F" cgroup)
time-no-fork|-|E|-|-t $F -T|-|$ok.*fork=no .*time=$(nsre "$F" time)
user|-|E|-|-t $F -U|-|$ok.*user=$(nsre "$F" user) .*Uid=0,0,0,0
user-preserve|-|E|-|-t $F -U --preserve-credentials|-|$ok
long-options|-|E|-|--target=$F --mount --uts --ipc --net --pid --cgroup --time --user|-|$ok.*$in_F
long-target-word|-|E|-|--target $F --net|-|$ok.*net=$netF
cluster|-|E|-|-aFt $F|-|$ok.*fork=no
no-fork-pid|-|E|-|-t $F -p -F|-|$ok.*fork=no .*pid_for_children=$(nsre "$F" pid)
no-fork-long|-|E|-|-t $F -a --no-fork|-|$ok
# namespace files, and files beside a target
net-file|-|E|-|--net=/proc/$F/ns/net|-|$ok.*net=$netF
net-file-short|-|E|-|-n/proc/$F/ns/net|-|$ok.*net=$netF
net-run-netns|-|E|-|--net=/run/netns/$netns_name|-|$ok.*net=net:\[$NETNS_INO\]
all-and-file|-|E|-|-t $F -a --net=/run/netns/$netns_name|-|$ok.*net=net:\[$NETNS_INO\]
files-all-types|-|E|-|--mount=/proc/$S/ns/mnt --uts=/proc/$S/ns/uts --ipc=/proc/$S/ns/ipc --pid=/proc/$S/ns/pid|-|$ok.*uts=$(nsre "$S" uts)
user-file|-|E|-|--user=/proc/$F/ns/user --net=/proc/$F/ns/net|-|$ok.*$in_F
# a target in our own user namespace
plain-all|-|E|-|-t $S -a|-|$ok.*net=$(nsre "$S" net)
plain-user-own|own-userns|E|-|-t $S -U -n|-|$ok.*net=$(nsre "$S" net)|$bad
plain-user-file-own|own-userns|E|-|--user=/proc/$S/ns/user -n/proc/$S/ns/net|-|$ok|$bad
# a thread in namespaces of its own (-t TID)
thread-net|-|E|-|-t $TN -n|-|$ok.*net=$(nsre "$TN" net)
thread-all|-|E|-|-t $TN -a|-|$ok.*uts=$(nsre "$TN" uts)
thread-uts|-|E|-|-t $TU -u|-|$ok.*uts=$(nsre "$TU" uts)
# the last -t counts
target-twice|-|E|-|-t $S -t $F -u|-|$ok.*uts=$(nsre "$F" uts)
# nothing to enter: the program runs all the same
no-namespace|-|E|-|-t $F|-|$ok.*fork=no .*net=$(nsre $$ net)
no-options|-|E|-|-|-|$ok.*fork=no
only-wd|-|E|-|-t $F -w|-|$ok.*cwd=$TMP/work
only-root|-|E|-|-t $S -r|-|$ok
# credentials
setuid-setgid|-|E|-|-t $F -a -S 1000 -G 1001|-|$ok.*Uid=1000,.*Gid=1001,
setuid-setgid-long|-|E|-|-t $F -a --setuid=2000 --setgid 2001|-|$ok.*Uid=2000,.*Gid=2001,
setuid-no-user|-|E|setpriv --groups 4,27|-t $S -u -S 1000|-|$ok.*Uid=1000,.*Gid=0,.*Groups=4,27
setgid-no-user|-|E|setpriv --groups 4,27|-t $S -u -G 1000|-|$ok.*Uid=0,.*Gid=1000,.*Groups= 
preserve-and-setuid|-|E|-|-t $F -a --preserve-credentials -S 1000|-|$ok.*Uid=1000,.*Gid=0,
preserve-unmapped|-|E|-|-t $U -U -n --preserve-credentials|-|$ok.*CapEff=0000000000000000
user-unmapped|-|E|-|-t $U -U -n|-|$ok.*Uid=100000,
setuid-unmapped|-|R|-|-t $F -a -S 70000|true|$badx
# root and working directory
wd-target|-|E|-|-t $F -a -w|-|$ok.*cwd=$TMP/work 
root-target|-|E|-|-t $F -a -r|-|$ok
root-wd-target|-|E|-|-t $F -a -r -w|-|$ok.*cwd=$TMP/work 
wd-dir|-|E|-|-t $F -a --wd=/usr|-|$ok.*cwd=/usr
wd-dir-short|-|E|-|-t $F -a -w/usr|-|$ok.*cwd=/usr
root-rooted|-|E|-|-t $R -m -r|-|$ok.*root=/
root-rooted-dir|-|E|-|-t $R -m --root=/proc/$R/root|-|$ok
root-keeps-cwd|-|E|-|-t $R -u -r|-|$ok.*cwd=$HERE
root-dir-keeps-cwd|-|E|-|-t $S -u -r/usr|-|$ok.*root=/usr cwd=$HERE
root-wd-rooted|-|E|-|-t $R -m -r -w|-|$ok.*cwd=$root/work
wdns|-|E|-|-t $F -a -W /usr|-|$ok.*cwd=/usr
wdns-short|-|E|-|-t $F -a -W/etc|-|$ok.*cwd=/etc
wdns-long|-|E|-|-t $F -a --wdns=/etc|-|$ok.*cwd=/etc
wdns-relative-mnt|-|E|-|-t $F -m -W usr|-|$ok.*cwd=/usr
wdns-relative-root|-|E|-|-t $S -u -r/usr -W bin|-|$ok.*cwd=/usr/bin
wdns-rooted|-|E|-|-t $R -m -r -W /work|-|$ok.*cwd=$root/work
wdns-missing|-|R|-|-t $F -u -W nsenter-parity-none|true|$badx
wd-and-wdns|-|R|-|-t $F -a -w -W /etc|true|$badx
# exit status and signals
exit-status|-|R|-|-t $F -a|sh -c 'exit 7'|^end=exit:7 out=$
exit-status-no-fork|-|R|-|-t $F -n|sh -c 'exit 7'|^end=exit:7 out=$
killed-in-place|-|R|-|-t $F -n|sh -c 'kill -TERM \$\$'|^end=sig:15,core:0 out=$
killed-child-term|-|R|-|-t $F -p|sh -c 'kill -TERM \$\$'|^end=sig:15,core:0 out=$
killed-child-int|-|R|-|-t $F -p|sh -c 'kill -INT \$\$'|^end=sig:2,core:0 out=$
killed-child-segv|-|R|-|-t $F -p|sh -c 'kill -SEGV \$\$'|^end=sig:11,core:0 out=$
killed-child-kill|-|R|-|-t $F -p|sh -c 'kill -KILL \$\$'|^end=sig:9,core:0 out=$
prints|-|R|-|-t $F -a|sh -c 'echo one; echo two >&2; echo three'|^end=exit:0 out=one~three~$
not-found|-|R|-|-t $F -u|nsenter-parity-no-such-command|^end=exit:127 out=$
not-found-child|-|R|-|-t $F -p|nsenter-parity-no-such-command|^end=exit:127 out=$
not-executable|-|R|-|-t $F -u|$TMP/noexec|^end=exit:126 out=$
# no program: \$SHELL as a login shell
shell|-|S:echo "\$0"; hostname|env HOME=/nonexistent SHELL=/bin/sh|-t $F -u|-|^end=exit:0 out=-sh~parity~$
shell-missing|shell-fallback|S:echo "\$0"; hostname|env HOME=/nonexistent SHELL=/nonexistent/shell|-t $F -u|-|^end=exit:0 out=-sh~parity~$|^end=exit:127
shell-empty|shell-fallback|S:echo "\$0"|env HOME=/nonexistent SHELL=|-t $F -u|-|^end=exit:0 out=-sh~$|^end=exit:127
# bad input: exit 1 and nothing on stdout
bad-all-no-target|-|R|-|-a|true|$badx
bad-ns-no-target|-|R|-|-n|true|$badx
bad-root-no-target|-|R|-|-r|true|$badx
bad-gone-pid|-|R|-|-t 4000000 -n|true|$badx
bad-pid-word|-|R|-|-t x -n|true|$badx
bad-regular-file|-|R|-|-t $F --net=/etc/passwd|true|$badx
bad-wrong-type|-|R|-|-t $F --net=/proc/self/ns/uts|true|$badx
bad-missing-file|-|R|-|--net=/nonexistent/parity|true|$badx
bad-option|-|R|-|-t $F --parity-bogus|true|$badx
bad-uid|-|R|-|-t $F -u -S x|true|$badx
help|-|R0|-|--help|-|^end=exit:0$
version|-|R0|-|--version|-|^end=exit:0$
# the value of a short option after '='
equals-net|short-equals|E|-|-t $F -n=/proc/$F/ns/net|-|$ok.*net=$netF|$bad
equals-wd|short-equals|E|-|-t $F -a -w=/usr|-|$ok.*cwd=/usr|$bad
equals-root|short-equals|E|-|-t $S -m -r=/usr|-|$ok.*root=/usr|$bad
# --wdns DIR, and a bare --wdns
wdns-next-word|wdns-word|E|-|-t $F -a --wdns /etc|-|$ok.*cwd=/etc|^end=126
wdns-bare|wdns-word|R|env HOME=/nonexistent SHELL=/bin/sh|-t $F -a --wdns|-|$badx|^end=exit:0
# -Z without SELinux
follow-context|follow-context|R|-|-t $F -u -Z|true|$badx|$okx
# what newer nsenter has
env|newer-options|E|-|-t $F -a -e|-|$ok.*env=1|$bad
keep-caps|newer-options|E|-|-t $U -U -n --preserve-credentials --keep-caps|-|$ok.*CapAmb=0*[1-9a-f]|$bad
setuid-follow|newer-options|E|-|-t $S2 -u -S follow -G follow|-|$ok.*Uid=1234,.*Gid=1235,|$bad
net-socket|newer-options|E|-|-t $SK -N $SK_FD|-|$ok.*net=net:\[$SK_NET\]|$bad
user-parent|newer-options|E|-|-t $U2 --user-parent|-|$ok.*user=user:\[$u2p\] .*Uid=0,|$bad
nsid|newer-options|E|-|--net=:$F_NETID|-|$ok.*net=$netF|$bad
pin|newer-options|E|-|-t $F:$F_PIN -u|-|$ok.*uts=$(nsre "$F" uts)|$bad
# nsenter-lite's own options
netns|own-options|E|-|--netns $netns_name|-|$ok.*net=net:\[$NETNS_INO\]|$bad
dry-run|own-options|R|-|-t $F -a --dry-run|true|^end=exit:0 out=target: PID $F,|$badx
source|own-options|E|-|--source=proc -t $F -u|-|$ok|$bad
EOF

# rows that need what this machine may lack
if [ -n "$C" ]; then
	row join-cgroup newer-options E "$CGW" "-t $C -c" - "$ok.*cg=0::/parity-$$ " "$bad"
else
	skip parity-join-cgroup "no cgroup v2 hierarchy to make a cgroup in"
fi
if [ -n "$CT" ]; then
	row container own-options E - "--container ${CT_ID:0:12} -n" - "$ok.*net=$(nsre "$CT" net)" "$bad"
else
	skip parity-container "no cgroup v2 hierarchy to make a container cgroup in"
fi

# ---- signals sent to the tool while its child runs ---------------------
# nsenter dies of a SIGTERM and leaves the program running (it is killed
# with K's pid namespace below); nsenter-lite passes it on.
fwd_run() {
	local tool=$1 l
	rm -f "$TMP/ready"
	(cd "$HERE" && exec "$tool" -t "$K" -p sh -c 'trap "echo got; exit 3" TERM
		echo >"$1/ready"
		i=0; while [ $i -lt 60 ]; do sleep 0.05; i=$((i + 1)); done; exit 9' sh "$TMP") \
		>"$TMP/o" 2>"$TMP/e" </dev/null &
	l=$!
	if wait_for test -e "$TMP/ready"; then
		kill -TERM "$l"
		wait "$l"
		res="end=$? out=$(tr '\n' '~' <"$TMP/o")"
	else
		kill -KILL "$l" 2>/dev/null
		wait "$l"
		res="did-not-start"
	fi
}
fwd_run "$UL"; ul_res=$res
fwd_run "$NE"; ne_res=$res
judge forward-term forward '^end=3 out=got~$' '^end=143 out=$'
kill -KILL "$K"	# and with it what nsenter left running there

# ---- the core of a program that dies of SIGSEGV --------------------------
# With a core limit, nsenter kills itself with the signal and dumps its own
# core into its working directory; nsenter-lite dies of it without one.
# Only where the kernel writes core files into the working directory.
cores_in() { local f n=0; for f in "$1"/core*; do [ -e "$f" ] && n=$((n + 1)); done; echo "$n"; }
core_run() {
	local tool=$1 dir=$TMP/core-$2
	mkdir -p "$dir" "$TMP/core-child"
	rm -f "$dir"/core* "$TMP/core-child"/core*
	# (a sanitizer build sets its core limit to 0 at start, unless told
	# not to, and its child would inherit that)
	(cd "$dir" && ulimit -c unlimited &&
		export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}disable_coredump=0 && exec perl -e 'system { $ARGV[0] } @ARGV;
		print (($? & 127) . "," . (($? & 128) ? 1 : 0))' -- "$tool" -t "$K2" -p \
		sh -c 'cd "$1" && kill -SEGV $$' sh "$TMP/core-child") >"$TMP/o" 2>"$TMP/e" </dev/null
	res="end=$(cat "$TMP/o") cores=$(cores_in "$dir") child-cores=$(cores_in "$TMP/core-child")"
}
bg unshare --pid --fork sleep 1000
if wait_for k_up "$BG_PID"; then
	K2=$(first_child "$BG_PID")
	core_run "$UL" ul; ul_res=$res
	core_run "$NE" ne; ne_res=$res
	if [[ $ul_res != *child-cores=1 ]]; then
		skip parity-no-core "no core file is written here ($(cat /proc/sys/kernel/core_pattern)): $ul_res"
		seen+="no-core "
	else
		judge no-core no-core '^end=11,0 cores=0 child-cores=1$' '^end=11,1 cores=1'
	fi
	rm -rf "$TMP/core-ul" "$TMP/core-ne" "$TMP/core-child"
	kill -KILL "$K2"
else
	fail parity-no-core "unshare --pid did not come up"
fi

# ---- the list itself ---------------------------------------------------
# shellcheck disable=SC2048 # split on purpose
words() { local w -; set -f; for w in $*; do echo "$w"; done | LC_ALL=C sort -u; }
man_diffs=$(sed -n '/^\.SH DIFFERENCES FROM NSENTER/,/^\.SH /p' "$MAN" |
	sed -n 's/^\.\\" parity: *\([a-z-]*\)$/\1/p')
missing=$(LC_ALL=C comm -23 <(words "$DIFFS") <(words "$man_diffs") | tr '\n' ' ')
stale=$(LC_ALL=C comm -13 <(words "$DIFFS") <(words "$man_diffs") | tr '\n' ' ')
if [ -z "$(words "$man_diffs")" ]; then
	fail parity-man-list "no '.\\\" parity: NAME' items under DIFFERENCES FROM NSENTER in nsenter-lite.1"
elif [ -n "$missing$stale" ]; then
	fail parity-man-list "DIFFS here and nsenter-lite(1) disagree: not in the man page: ${missing:-none}; \
only there: ${stale:-none}"
else
	pass parity-man-list
fi
unseen=$(LC_ALL=C comm -23 <(words "$DIFFS") <(words "$seen") | tr '\n' ' ')
expect_eq parity-every-difference-seen "$unseen" ""
exit 0
