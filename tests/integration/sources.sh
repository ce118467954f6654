#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# sources.sh - the kernel source (BPF task iterator) must give the same
# snapshot as the /proc source. Real populations are made here, and for
# each, tests/helpers/snapdump dumps a proc and a kernel snapshot with
# every scan flag, back-to-back in one process; the two dumps must be
# equal, line for line:
#   - user+pid namespaces nested 3 deep (unshare -Urpf --mount-proc), and
#     10 deep (NSpid past what the iterator keeps by value);
#   - hidden intermediate user namespaces (ancestors only);
#   - threads apart from their leader in net and uts (thread-netns), and
#     in mnt, ipc, cgroup (python3 ctypes), one with a socket there;
#   - pid_for_children only: an init that exited, and no init yet (which
#     /proc does not show); time_for_children only (unshare, no exec);
#   - net and uts namespaces held only by fds of a process outside them,
#     O_PATH fds, and 300 fds (more than the iterator takes: KITER_CUT);
#   - a net namespace held only by a socket (holders-socket), and ours
#     held by a socket of a process that left it;
#   - `ip netns add`, an nsfs bind mount, with a NETNSID (ip netns set);
#   - every type at once; a user namespace that nobody made;
#   - zombies, one of them in namespaces of its own; a zombie leader
#     whose thread lives on;
#   - containers (podman, LXC, systemd-nspawn: tests/containers/lib.sh);
#   - all of it at once, with some types only, one scan flag at a time,
#     and as a scanner's third refresh.
# And: a kernel snapshot says "kernel"; PID 1 (which this kernel hides
# from BPF iterators) is denied in both; as nobody, kernel fails with a
# reason and auto falls back to proc saying why; a fixture --proc-root
# gives proc with auto and fails with kernel.
#
# Why scopes (snapdump --tree/--pid/--ns), not whole-machine dumps:
# other work runs on this machine (thousands of processes, tools that
# spawn every second), so two whole dumps always differ by whatever was
# born or died between them. A scope is the population's processes (the
# tree below what the test started, read once before the scans) and the
# namespaces they reach; of a namespace that processes outside the scope
# are in too (the host's), only what they cannot change is compared.
# Both scans run in one snapdump process, a few ms apart; when the two
# differ, proc,kernel,proc is dumped again: if the two proc dumps agree
# and the kernel one does not, the kernel source is wrong (FAIL with the
# diff); if the proc dumps disagree the population itself moved, and it
# is tried again (up to 3 times).
. "$(dirname "$0")/lib.sh"

HELPERS=$NSINFO_BUILD/tests
SD=$HELPERS/snapdump
if [ ! -x "$SD" ]; then
	fail sources-helper "$SD is missing (make tests builds it)"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	skip sources "needs root (namespaces of every kind, the kernel source)"
	exit 0
fi

netns=nsinfo-sources-$$
netns_made=0
nid=nsinfo-nid-$$
nid_made=""
SD_IN=""
sources_cleanup() {
	local p
	exec 2>/dev/null
	# a zombie's parent never waits: reap_all would wait for it (it
	# kills leaves only); kill the parents, and they take the zombies
	for p in ${zparents:-}; do kill -KILL "$p"; done
	reap_all
	[ "$netns_made" = 1 ] && ip netns del "$netns"
	for p in $nid_made; do ip netns del "$nid-$p"; done
	[ -n "${CT_OWNER:-}" ] && declare -F ct_cleanup >/dev/null && ct_cleanup
	[ "$netns_made" = 1 ] && [ -e "/run/netns/$netns" ] &&
		echo "FAIL sources-cleanup: netns $netns left behind"
	return 0
}
trap 'sources_cleanup; _cleanup' EXIT

# leaf PID: the last of the first-child chain below PID
leaf() {
	local p=$1 c
	while c=$(first_child "$p") && [ -n "$c" ]; do p=$c; done
	echo "$p"
}
# one line of a file, for a FAIL message
oneline() { head -c 600 "$1" | tr '\n\t' '  '; }

# ---- does this build have the kernel source? ---------------------------
"$SD" --source kernel --pid 1 >"$TMP/probe.out" 2>"$TMP/probe.err"
probe_rc=$?
if [ "$probe_rc" != 0 ]; then
	if grep -q "built without BPF support" "$TMP/probe.err"; then
		skip sources "$(oneline "$TMP/probe.err")"
		exit 0
	fi
	fail sources-kernel-loads "snapdump --source kernel: rc $probe_rc: $(oneline "$TMP/probe.err")"
	exit 0
fi
pass sources-kernel-loads
expect_eq sources-kernel-says-kernel "$(cat "$TMP/probe.err")" \
	"snapdump: dump 1: asked kernel, used kernel"

# ---- the comparison ----------------------------------------------------
# dumps FILE SOURCES SCOPE...: snapdump into FILE.1, FILE.2, ... (one per
# source, without the "== dump N" lines); rc of snapdump, stderr in FILE.err
dumps() {
	local f=$1 src=$2 rc
	shift 2
	$SD_IN "$SD" --source "$src" --all "$@" >"$f" 2>"$f.err"
	rc=$?
	rm -f "$f".[0-9]
	awk -v f="$f" '/^== dump [0-9]+$/ { n = $3; next } { print > (f "." n) }' "$f"
	return $rc
}
# compare NAME SCOPE...: the kernel dump of the scope equals the proc one.
# Sets $CMP to the file of the last proc dump (for sanity checks).
compare() {
	local name=$1 f=$TMP/cmp-$1 try
	shift
	CMP=$f.1
	if ! dumps "$f" proc,kernel "$@"; then
		fail "$name" "snapdump failed: $(oneline "$f.err")"
		return
	fi
	if ! grep -q "asked kernel, used kernel" "$f.err"; then
		fail "$name" "the kernel dump was not made by the kernel source: $(oneline "$f.err")"
		return
	fi
	if cmp -s "$f.1" "$f.2"; then
		pass "$name"
		return
	fi
	# a difference: the kernel source's, or the population's moving?
	for try in 1 2 3; do
		dumps "$f" proc,kernel,proc "$@" || break
		cmp -s "$f.1" "$f.3" || continue
		if cmp -s "$f.1" "$f.2"; then
			pass "$name"
		else
			fail "$name" "kernel != proc (diff proc kernel): $(diff "$f.1" "$f.2" |
				grep '^[<>]' | head -n 6 | cut -c1-400 | tr '\n' ' ')"
			# SOURCES_KEEP=DIR keeps both dumps for a closer look
			if [ -n "${SOURCES_KEEP:-}" ]; then
				cp "$f.1" "$SOURCES_KEEP/$name.proc"
				cp "$f.2" "$SOURCES_KEEP/$name.kernel"
			fi
		fi
		return
	done
	fail "$name" "the population kept changing between two proc dumps: $(diff "$f.1" "$f.3" |
		grep '^[<>]' | head -n 4 | tr '\n' ' ')"
}
# has NAME FILE ERE [COUNT]: the dump has at least COUNT (1) lines matching
# ERE (a comparison of two empty dumps proves nothing)
has() {
	local n
	n=$(grep -cE "$3" "$2" 2>/dev/null)
	if [ "${n:-0}" -ge "${4:-1}" ]; then
		pass "$1"
	else
		fail "$1" "${n:-0} lines match /$3/ in the proc dump, want ${4:-1}: $(oneline "$2")"
	fi
}

my_user=$(ns_of $$ user)
my_net=$(ns_of $$ net)

# ---- PID 1: hidden from the iterator, denied by /proc --------------------
compare sources-pid1 --pid 1
has sources-pid1-denied "$CMP" '^proc 1 flags=0x[0-9a-f]*[13579bdf] .*ns=cgroup:-,ipc:-,mnt:-,net:-,pid:-,time:-,user:-,uts:- '
has sources-pid1-denied-kernel "$TMP/cmp-sources-pid1.2" \
	'^proc 1 flags=0x[0-9a-f]*[13579bdf] .*ns=cgroup:-,ipc:-,mnt:-,net:-,pid:-,time:-,user:-,uts:- '
has sources-pid1-scope "$CMP" '^scope procs=1/1 denied=1$'

# ---- user+pid namespaces, 3 deep and 10 deep ----------------------------
nest() {
	local n=$1 cmd=(sleep 1000)
	for _ in $(seq 1 "$n"); do cmd=(unshare -Urpf --mount-proc "${cmd[@]}"); done
	bg "${cmd[@]}" 2>>"$TMP/unshare.err"
}
nest 3
nest3=$BG_PID
nest 10
nest10=$BG_PID
wait_for settled "$nest3" sleep && wait_for settled "$nest10" sleep
compare sources-nested-3 --tree "$nest3"
has sources-nested-3-depth "$CMP" '^ns user [0-9]+ procs=2 .* depth=0:3 '
has sources-nested-3-pid-depth "$CMP" '^ns pid .* depth=0:3 '
has sources-nested-3-nspid "$CMP" '^proc [0-9]+ .* nspid=[0-9]+,[0-9]+,[0-9]+,1 '
compare sources-nested-10 --tree "$nest10"
has sources-nested-10-nspid "$CMP" '^proc [0-9]+ .* nspid=([0-9]+,){10}1 '

# ---- hidden intermediate user namespaces ------------------------------------
# Without --fork each unshare execs the next: the sleep is in level 3, and
# levels 1 and 2 have no process, only a descendant.
bg unshare --user --map-root-user unshare --user --map-root-user \
	unshare --user --map-root-user sleep 1000
hid=$BG_PID
wait_for runs "$hid" sleep
mapfile -t chain < <("$HELPERS/ns-parents" "/proc/$hid/ns/user" 2>/dev/null)
if [ "${#chain[@]}" = 4 ] && [ "${chain[3]}" = "$my_user" ]; then
	compare sources-hidden-user --tree "$hid"
	has sources-hidden-user-l1 "$CMP" "^ns user ${chain[2]} procs=0 threads=0 hold=0x8 .* depth=0:1 "
	has sources-hidden-user-l2 "$CMP" "^ns user ${chain[1]} procs=0 threads=0 hold=0x8 .* parent=0:${chain[2]} "
else
	fail sources-hidden-user-made "ns-parents: ${chain[*]}"
fi

# ---- threads apart from their leader ------------------------------------
bg "$HELPERS/thread-netns" >"$TMP/tn.out"
tn=$BG_PID
if wait_for grep -qx ready "$TMP/tn.out"; then
	ntid=$(sed -n 's/^net //p' "$TMP/tn.out")
	utid=$(sed -n 's/^uts //p' "$TMP/tn.out")
	compare sources-threads --tree "$tn"
	has sources-threads-split "$CMP" "^proc $tn flags=0x[0-9a-f]*[4567cdef] threads=3 .* split=([^ ]*;)?$ntid\\[[^ ]*;$utid\\[|split=([^ ]*;)?$utid\\[[^ ]*;$ntid\\["
	has sources-threads-net "$CMP" "^ns net [0-9]+ procs=0 threads=1 hold=0x2 .* leader=0:$tn/$ntid/0x2 "
	has sources-threads-uts "$CMP" "^ns uts [0-9]+ procs=0 threads=1 hold=0x2 .* leader=0:$tn/$utid/0x2 "
else
	fail sources-threads-made "thread-netns: $(oneline "$TMP/tn.out")"
fi

# ---- pid_for_children and time_for_children only --------------------------
# unshare --pid, then a first child (the namespace's init) that exits: the
# sleep's pid_for_children names a namespace no process is in any more.
bg unshare --pid sh -c '/bin/true; exec sleep 1000'
fc=$BG_PID
wait_for runs "$fc" sleep
compare sources-pid-for-children --tree "$fc"
has sources-pid-for-children-line "$CMP" "^ns pid [0-9]+ procs=0 threads=0 hold=0x4 .* depth=0:1 .*leader=0:$fc/$fc/0x4 "
# unshare --pid and no child yet: the namespace has no init, and /proc
# shows no pid_for_children link (pidns_for_children_get() in the kernel)
bg unshare --pid sleep 1000
fc0=$BG_PID
wait_for runs "$fc0" sleep
compare sources-pid-for-children-no-init --tree "$fc0"
has sources-pid-for-children-no-init-line "$CMP" "^proc $fc0 .* fc=pid:-,"
# gone again: one difference makes one FAIL, not one in every check below
{ kill -KILL "$fc0"; wait "$fc0"; } 2>/dev/null
# time_for_children: exec(2) enters it, so only a process that unshares
# and does not exec keeps it apart (python's ctypes: no helper needed)
PY=$(command -v python3)
if [ -n "$PY" ] && "$PY" -c 'import ctypes' 2>/dev/null; then
	bg "$PY" -c 'import ctypes, sys, time
libc = ctypes.CDLL(None, use_errno=True)
if libc.unshare(0x80) != 0:
    sys.exit("unshare(CLONE_NEWTIME): errno %d" % ctypes.get_errno())
print("ready", flush=True)
time.sleep(1000)' >"$TMP/tfc.out"
	tfc=$BG_PID
	if wait_for grep -qx ready "$TMP/tfc.out"; then
		compare sources-time-for-children --tree "$tfc"
		has sources-time-for-children-line "$CMP" "^ns time [0-9]+ procs=0 threads=0 hold=0x4 .*leader=0:$tfc/$tfc/0x4 "
	else
		fail sources-time-for-children-made "python3 unshare(CLONE_NEWTIME) did not start"
	fi
else
	skip sources-time-for-children "no python3 with ctypes (to unshare without exec)"
fi

# ---- a net namespace held by an fd only ---------------------------------
bg unshare --net --uts sleep 1000
member=$BG_PID
wait_for runs "$member" sleep
fd_net=$(ns_of "$member" net)
bg bash -c 'exec 7<"/proc/$1/ns/net" 8<"/proc/$1/ns/uts" && exec sleep 1000' fdholder "$member"
fdh=$BG_PID
wait_for runs "$fdh" sleep
{ kill -KILL "$member"; wait "$member"; } 2>/dev/null
if [ "$(readlink "/proc/$fdh/fd/7" 2>/dev/null)" = "net:[$fd_net]" ] && [ "$fd_net" != "$my_net" ]; then
	compare sources-fd --tree "$fdh"
	has sources-fd-net "$CMP" "^ns net $fd_net procs=0 threads=0 hold=0x10 .* holders=fd:$fdh:7 "
	has sources-fd-netnsid "$CMP" "^ns net $fd_net .* netnsid=0:"
	has sources-fd-uts "$CMP" "^ns uts [0-9]+ procs=0 threads=0 hold=0x10 .* holders=fd:$fdh:8 "
else
	fail sources-fd-made "no fd 7 to net:[$fd_net] in $fdh"
fi

# ---- a net namespace held by a socket only ----------------------------------
bg "$HELPERS/holders-socket" >"$TMP/sock.out" 2>"$TMP/sock.err"
sk=$BG_PID
if wait_for grep -qx ready "$TMP/sock.out"; then
	sock_fd=$(sed -n 's/^fd //p' "$TMP/sock.out")
	sock_net=$(sed -n 's/^netns //p' "$TMP/sock.out")
	compare sources-socket --tree "$sk"
	has sources-socket-net "$CMP" "^ns net $sock_net procs=0 threads=0 hold=0x20 .* holders=socket:$sk:$sock_fd "
	has sources-socket-netnsid "$CMP" "^ns net $sock_net .* netnsid=0:"
else
	fail sources-socket-made "holders-socket: $(oneline "$TMP/sock.err")"
fi

# ---- ip netns add, with a NETNSID ----------------------------------------
# First held by its mount alone, then with a process in it too (ip netns
# exec: in a mount namespace of its own, where the mount is seen again).
if ip netns add "$netns" 2>"$TMP/ip.err"; then
	netns_made=1
	nsino=$(stat -L -c %i "/run/netns/$netns")
	ip netns set "$netns" 77 2>>"$TMP/ip.err"
	compare sources-netns --ns "$nsino"
	has sources-netns-mount "$CMP" \
		"^ns net $nsino procs=0 threads=0 hold=0x40 .* netnsid=0:77 leader=ENODATA holders=mount:self:mnt=[0-9]+:own=1:/run/netns/$netns nsfs=/run/netns/$netns name=$netns$"
	bg ip netns exec "$netns" sleep 1000
	inns=$BG_PID
	wait_for runs "$inns" sleep
	compare sources-netns-exec --ns "$nsino" --tree "$inns"
	has sources-netns-exec-line "$CMP" "^ns net $nsino procs=1 threads=1 hold=0x41 .* netnsid=0:77 leader=0:$inns/$inns/0x1 .*mount:$inns:"
else
	fail sources-netns-made "ip netns add: $(oneline "$TMP/ip.err")"
fi

# ---- NETNSIDs, as the program reads them -----------------------------------
# The kernel source reads the IDs our net namespace gave others (an IDR)
# in the program, and asks the network stack nothing. Seen from a net
# namespace of its own (a viewer: no IDs but the ones given here), each
# shape of the IDR: none, one (ID 0: the head is the entry), a level (ID
# 5), two levels (ID 100), and three (ID 5000, which the program does not
# walk: then each namespace is asked for, as before).
nid_getnsid() { # the RTM_GETNSID queries of a kernel scan seen by the viewer
	nsenter --net="/run/netns/$nid-v" strace -f -o "$TMP/nid.strace" -e trace=sendto \
		"$SD" --source kernel --all "${nid_scope[@]}" >/dev/null 2>&1
	grep -c RTM_GETNSID "$TMP/nid.strace"
}
nid_set() { ip -n "$nid-v" netns set "$nid-$1" "$2" 2>>"$TMP/nid.err"; }
for p in v a b c d; do
	ip netns add "$nid-$p" 2>>"$TMP/nid.err" && nid_made="$nid_made $p"
done
if [ "$nid_made" = " v a b c d" ]; then
	nid_scope=()
	for p in a b c d; do
		ino=$(stat -L -c %i "/run/netns/$nid-$p")
		eval "nid_$p=\$ino"
		nid_scope+=(--ns "$ino")
	done
	SD_IN="nsenter --net=/run/netns/$nid-v"
	compare sources-netnsid-none "${nid_scope[@]}"
	has sources-netnsid-none-all "$CMP" "^ns net [0-9]+ .* netnsid=0:-1 " 4
	expect_eq sources-netnsid-none-asked "$(nid_getnsid)" 0
	nid_set a 0 && nid_set b 5 && nid_set c 100
	compare sources-netnsid-levels "${nid_scope[@]}"
	has sources-netnsid-head "$CMP" "^ns net $nid_a .* netnsid=0:0 "
	has sources-netnsid-level "$CMP" "^ns net $nid_b .* netnsid=0:5 "
	has sources-netnsid-two-levels "$CMP" "^ns net $nid_c .* netnsid=0:100 "
	has sources-netnsid-unset "$CMP" "^ns net $nid_d .* netnsid=0:-1 "
	expect_eq sources-netnsid-levels-asked "$(nid_getnsid)" 0
	nid_set d 5000
	compare sources-netnsid-deep "${nid_scope[@]}"
	has sources-netnsid-deep-id "$CMP" "^ns net $nid_d .* netnsid=0:5000 "
	asked=$(nid_getnsid)
	if [ "${asked:-0}" -ge 4 ]; then
		pass sources-netnsid-deep-asked
	else
		fail sources-netnsid-deep-asked "a tree the program does not walk: $asked queries, want one per namespace"
	fi
	SD_IN=""
else
	fail sources-netnsid-made "ip netns add: $(oneline "$TMP/nid.err")"
fi

# ---- zombies ---------------------------------------------------------------
# The sleep never waits: the child that exits stays a zombie. One in our
# namespaces, one in namespaces of its own (net, uts, user, pid).
bg sh -c 'true & exec sleep 1000'
z1=$BG_PID
bg unshare -Urpf --net --uts sh -c 'unshare --net true & exec sleep 1000' 2>>"$TMP/unshare.err"
z2=$BG_PID
zombie_of() { local c; c=$(first_child "$1"); [ -n "$c" ] && ! _alive "$c" && [ -d "/proc/$c" ]; }
wait_for runs "$z1" sleep && wait_for zombie_of "$z1"
z2sleep() { runs "$(first_child "$z2")" sleep; }
wait_for z2sleep && wait_for zombie_of "$(first_child "$z2")"
zparents="$z1 $(first_child "$z2")"
compare sources-zombie --tree "$z1" --tree "$z2"
# NSINFO_PROC_ZOMBIE (0x10): in its pid and user namespaces only
has sources-zombie-two "$CMP" "^proc [0-9]+ flags=0x1[0-9a-f] threads=[0-9]+ ns=cgroup:-,ipc:-,mnt:-,net:-,pid:[0-9]+,time:-,user:[0-9]+,uts:-" 2

# ---- every type at once, and a user namespace nobody made -----------------
bg unshare -Urpf --mount-proc --ipc --uts --net --cgroup --time sleep 1000 2>>"$TMP/unshare.err"
every=$BG_PID
bg setpriv --reuid=65534 --regid=65534 --clear-groups unshare --user --net sleep 1000
nob=$BG_PID
wait_for settled "$every" sleep && wait_for runs "$nob" sleep
compare sources-every-type --tree "$every"
has sources-every-type-own "$CMP" '^ns (cgroup|ipc|mnt|net|pid|time|user|uts) [0-9]+ procs=[12] ' 8
compare sources-nobody-userns --tree "$nob"
has sources-nobody-userns-uid "$CMP" '^ns user [0-9]+ procs=1 .* uid=0:65534 '

# ---- more namespace fds than the iterator takes (KITER_CUT: /proc) -------
# 300 fds of one net namespace and one of a uts namespace, after the cut
bg unshare --net --uts sleep 1000
m2=$BG_PID
wait_for runs "$m2" sleep
bg bash -c 'for i in $(seq 1 300); do exec {x}<"/proc/$1/ns/net"; done
	exec 900<"/proc/$1/ns/uts" && exec sleep 1000' manyfds "$m2"
many=$BG_PID
wait_for runs "$many" sleep
compare sources-many-fds --tree "$many"
has sources-many-fds-net "$CMP" "^ns net [0-9]+ shared .*(fd:$many:[0-9]+\\|){299}fd:$many:[0-9]+$"
has sources-many-fds-uts "$CMP" "^ns uts [0-9]+ shared .*holders=fd:$many:900$"

# ---- O_PATH descriptors; a leader that exited ------------------------------
# PYPROG MEMBER [exit]: O_PATH fds of MEMBER's net and ipc namespaces, a
# thread that unshares uts; with "exit" the leader then ends and its thread
# lives on (the leader is a zombie, the process is not)
PYPROG='import ctypes, os, sys, threading, time
m = sys.argv[1]
a = os.open("/proc/%s/ns/net" % m, os.O_PATH)
b = os.open("/proc/%s/ns/ipc" % m, os.O_PATH)
done = threading.Event()
def worker():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.unshare(0x04000000)
    done.set()
    time.sleep(1000)
threading.Thread(target=worker, daemon=True).start()
done.wait()
print("ready", a, b, flush=True)
if sys.argv[2:] == ["exit"]:
    ctypes.CDLL(None).pthread_exit(None)
time.sleep(1000)'
if [ -n "$PY" ]; then
	for mode in opath exit; do
		bg unshare --net --ipc sleep 1000
		m3=$BG_PID
		wait_for runs "$m3" sleep
		bg "$PY" -c "$PYPROG" "$m3" "$mode" >"$TMP/py.out"
		op=$BG_PID
		if ! wait_for grep -q '^ready' "$TMP/py.out"; then
			fail "sources-py-$mode-made" "python3: $(oneline "$TMP/py.out")"
			continue
		fi
		{ kill -KILL "$m3"; wait "$m3"; } 2>/dev/null
		read -r _ fa fb <"$TMP/py.out"
		if [ "$mode" = opath ]; then
			compare sources-opath --tree "$op"
			has sources-opath-net "$CMP" "^ns net [0-9]+ procs=0 threads=0 hold=0x10 .*holders=fd:$op:$fa "
			has sources-opath-ipc "$CMP" "^ns ipc [0-9]+ procs=0 threads=0 hold=0x10 .*holders=fd:$op:$fb "
		else
			compare sources-leader-exited --tree "$op"
			has sources-leader-exited-line "$CMP" "^proc $op flags=0x[0-9a-f]*[13579bdf][4567cdef] threads=2 "
		fi
	done
fi

# ---- threads apart in more types, sockets of other namespaces -------------
# The process makes a socket in our net namespace and then unshares its
# own: it holds a socket of ours. Thread A unshares mnt, ipc and cgroup;
# thread B net, and makes a socket there (not the leader's namespace:
# a socket holder of a namespace a thread is in); thread C pid and time,
# which only its children would enter (threads have no for_children).
PYMIX='import ctypes, socket, threading, time
libc = ctypes.CDLL(None, use_errno=True)
def must(rc, what):
    if rc != 0:
        raise SystemExit("unshare %s: errno %d" % (what, ctypes.get_errno()))
s0 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
must(libc.unshare(0x40000000), "net")
keep = []
def a():
    must(libc.unshare(0x00020000 | 0x08000000 | 0x02000000), "mnt|ipc|cgroup")
def b():
    must(libc.unshare(0x40000000), "net (thread)")
    keep.append(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
def c():
    must(libc.unshare(0x20000000 | 0x00000080), "pid|time (thread)")
evs = []
for f in (a, b, c):
    e = threading.Event()
    def run(f=f, e=e):
        f()
        e.set()
        time.sleep(1000)
    threading.Thread(target=run, daemon=True).start()
    evs.append(e)
for e in evs:
    e.wait()
print("ready", s0.fileno(), keep[0].fileno(), flush=True)
time.sleep(1000)'
if [ -n "$PY" ]; then
	bg "$PY" -c "$PYMIX" >"$TMP/mix.out" 2>"$TMP/mix.err"
	mix=$BG_PID
	if wait_for grep -q '^ready' "$TMP/mix.out"; then
		read -r _ s0 s1 <"$TMP/mix.out"
		compare sources-threads-more --tree "$mix"
		has sources-threads-more-split "$CMP" "^proc $mix flags=0x[0-9a-f]*[4567cdef] threads=4 "
		has sources-threads-more-host-socket "$CMP" "^ns net $my_net shared .*holders=socket:$mix:$s0$"
		has sources-threads-more-thread-socket "$CMP" "^ns net [0-9]+ procs=0 threads=1 hold=0x22 .*holders=socket:$mix:$s1 "
		has sources-threads-more-mnt "$CMP" "^ns mnt [0-9]+ procs=0 threads=1 hold=0x2 "
	else
		fail sources-threads-more-made "python3: $(oneline "$TMP/mix.err")"
	fi
fi

# ---- containers ------------------------------------------------------------
CT_DONE=""
if [ -f "$(dirname "$0")/../containers/lib.sh" ]; then
	. "$(dirname "$0")/../containers/lib.sh"
	# a runtime that hangs (a loaded machine) must not take the minute
	export CT_TIMEOUT=${CT_TIMEOUT:-15}
	for rt in podman lxc nspawn; do
		if [ "$SECONDS" -gt 40 ]; then
			skip "sources-container-$rt" "out of time (${SECONDS} s spent already)"
			continue
		fi
		if ! ct_available "$rt" 2>"$TMP/ct.err"; then
			skip "sources-container-$rt" "$(oneline "$TMP/ct.err")"
			continue
		fi
		if ! cpid=$(ct_start "$rt" "nsinfo-src-$rt" 2>"$TMP/ct.err"); then
			skip "sources-container-$rt" "ct_start: $(oneline "$TMP/ct.err")"
			continue
		fi
		CT_DONE="$CT_DONE $rt"
		compare "sources-container-$rt" --tree "$cpid"
		has "sources-container-$rt-named" "$CMP" "^proc $cpid .* container=[a-z-]+/[^ ]+/nsinfo-src-$rt"
		mon=$(ct_monitor_pid "$rt" "nsinfo-src-$rt" 2>/dev/null)
		[ -n "$mon" ] && compare "sources-container-$rt-monitor" --tree "$mon"
		ct_stop "$rt" "nsinfo-src-$rt" >/dev/null 2>&1
	done
else
	skip sources-containers "no tests/containers/lib.sh"
fi

# ---- everything at once, some types only, some flags only --------------------
ALL=(--tree $$ ${nsino:+--ns $nsino})
compare sources-all "${ALL[@]}"
for t in user pid,time net mnt uts,ipc,cgroup; do
	compare "sources-all-types-$t" "${ALL[@]}" --types "$t"
done
# scan flags one at a time (bits of enum nsinfo_scan_flags), and none
for f in 0 0x1 0x2 0x4 0x8 0x10 0x20 0x40 0x80 0x100 0x200 0x800 0x1000 0x26 0x180; do
	compare "sources-all-flags-$f" "${ALL[@]}" --flags "$f"
done
# a scanner's third refresh: relations kept from the refresh before, the
# iterator's buffers and its "seen" map reused
compare sources-all-refresh-3 "${ALL[@]}" --refreshes 3

# ---- not root: kernel fails, auto is proc and says why ----------------------
if command -v setpriv >/dev/null; then
	chmod 755 "$TMP"
	mkdir -p "$TMP/nb/tests" "$TMP/nb/lib"
	cp "$SD" "$TMP/nb/tests/"
	cp -a "$NSINFO_BUILD"/lib/libnsinfo.so* "$TMP/nb/lib/"
	chmod -R a+rX "$TMP/nb"
	as_nobody() { (cd "$TMP" && setpriv --reuid=65534 --regid=65534 --clear-groups "$@"); }
	as_nobody "$TMP/nb/tests/snapdump" --source kernel --pid 1 >"$TMP/nb.out" 2>"$TMP/nb.err"
	rc=$?
	expect_eq sources-nobody-kernel-rc "$rc" 1
	check sources-nobody-kernel-reason grep -qE '^snapdump: kernel: .*: needs CAP_BPF and CAP_PERFMON$' "$TMP/nb.err"
	expect_eq sources-nobody-kernel-one-line "$(wc -l <"$TMP/nb.err")" 1
	as_nobody "$TMP/nb/tests/snapdump" --source auto --pid 1 >"$TMP/nb.out" 2>"$TMP/nb.err"
	rc=$?
	# auto may also choose /proc for a small machine; it must say why
	expect_eq sources-nobody-auto "$rc:$(grep -cE '^snapdump: dump 1: asked auto, used proc \(why: .+\)$' "$TMP/nb.err")" 0:1
	has sources-nobody-auto-pid1 "$TMP/nb.out" '^proc 1 flags=0x[0-9a-f]*[13579bdf] '
else
	skip sources-nobody "no setpriv"
fi

# ---- a fixture proc root: not a procfs ---------------------------------------
P=$TMP/proc
mkdir -p "$P/42/ns"
i=4026531835
for t in cgroup ipc mnt net pid time user uts; do ln -s "$t:[$((i++))]" "$P/42/ns/$t"; done
"$SD" --source auto --all --proc-root "$P" >"$TMP/fx.out" 2>"$TMP/fx.err"
rc=$?
expect_eq sources-fixture-auto "$rc:$(cat "$TMP/fx.err")" \
	"0:snapdump: dump 1: asked auto, used proc (why: the proc root is not a procfs)"
has sources-fixture-auto-proc "$TMP/fx.out" '^proc 42 flags=0x0 threads=0 ns=cgroup:4026531835,ipc:4026531836,' 
"$SD" --source kernel --all --proc-root "$P" >"$TMP/fx.out" 2>"$TMP/fx.err"
rc=$?
expect_eq sources-fixture-kernel-rc "$rc:$(wc -c <"$TMP/fx.out")" "1:0"
check sources-fixture-kernel-reason grep -qE '^snapdump: kernel: .*: the proc root is not a procfs$' "$TMP/fx.err"

# ---- mount tables: read only where nsfs mounts are, and kept -------------
# The iterator counts each mount namespace's nsfs mounts, and a namespace
# without any has its mountinfo left unread; a scanner keeps the tables
# that did not change (libnsinfo/mountcache.c, keyed by the mount event the
# iterator reads): three nstop frames read each namespace with an nsfs
# mount once, not three times; test-mount-refresh checks that what it
# keeps is right
NT=$NSINFO_BUILD/bin/nstop
mnt_kids=()
if command -v strace >/dev/null; then
	mountinfo_reads() {
		ASAN_OPTIONS=detect_leaks=0 timeout 60 strace -f -qq -e trace=openat,openat2 \
			-o "$TMP/mi.strace" "$NT" --source=kernel -b -d 0.1 -n "$1" >/dev/null 2>&1
		grep -c '"mountinfo"' "$TMP/mi.strace"
	}
	before=$(mountinfo_reads 1)
	# 20 mount namespaces with an nsfs mount each, 20 without: a copy of
	# ours has ours (the netns above), which each lets go first
	no_nsfs='awk '"'"'$9 == "nsfs" { print $5 }'"'"' /proc/self/mountinfo | xargs -r -n1 umount -l'
	for i in $(seq 1 20); do
		: >"$TMP/nsb.$i"
		bg unshare --mount sh -c "$no_nsfs; mount --bind /proc/self/ns/uts $TMP/nsb.$i && exec sleep 1000"
		mnt_kids+=("$BG_PID")
		bg unshare --mount sh -c "$no_nsfs; exec sleep 1000"
		mnt_kids+=("$BG_PID")
	done
	for p in "${mnt_kids[@]}"; do
		wait_for test "$(ns_of "$p" mnt)" != "$(ns_of $$ mnt)"
	done
	for i in $(seq 1 20); do
		wait_for grep -q " $TMP/nsb.$i " "/proc/${mnt_kids[$((2 * i - 2))]}/mountinfo"
	done
	for i in $(seq 2 2 40); do
		wait_for is_sleep "${mnt_kids[$((i - 1))]}"
	done
	one=$(mountinfo_reads 1)
	three=$(mountinfo_reads 3)
	# the 20 with one, not the 20 without (a few more or less: other
	# namespaces of the machine may come or go meanwhile)
	check sources-mount-count-read test "$((one - before))" -ge 18 -a "$((one - before))" -le 30
	# the uts namespace's holders: every bind mount, in its namespace
	"$NSINFO_BUILD/bin/nsls" --source=kernel -t uts -o NS,HOLDERS >"$TMP/mh.out" 2>/dev/null
	check sources-mount-count-holders test "$(grep -o "mount $TMP/nsb\.[0-9]* in mnt:" "$TMP/mh.out" | sort -u | wc -l)" -eq 20
	# frames 2 and 3 read only the namespaces born or changed meanwhile
	check sources-mount-cache-kept test "$three" -lt $((one + one / 2 + 5))
else
	skip sources-mount-cache "no strace"
fi
