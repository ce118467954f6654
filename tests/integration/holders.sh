#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# holders.sh - namespaces that no process is in, each kept alive for real
# by what lsns does not look at, and what nsls says holds them:
#   - `ip netns add` (a bind mount below /run/netns): NAME, NSFS, HOLDERS
#     "mount /run/netns/NAME", in -P; lsns 2.38 does not list it;
#   - an nsfs bind mount of each of the 8 types (unshare --TYPE=FILE on a
#     propagation-private mount point, as unshare(1) shows): "mount PATH";
#   - an open descriptor of a process outside the namespace: "fd 7 of PID";
#   - a bind mount made in a private mount namespace, invisible in ours:
#     "mount PATH in mnt:[INODE]";
#   - user namespaces between ours and a process three levels down, with
#     no process of their own: "descendants only (hidden)", PNS, DEPTH;
#   - a socket made in a net namespace whose only process exited
#     (--sockets): "socket fd N of PID P";
#   - --sources: what each source finds, and what a bad one says.
# The kernel's word is /proc/PID/ns/*, /proc/PID/mountinfo, stat(2) of an
# nsfs mount (its inode is the namespace's) and NS_GET_PARENT
# (tests/helpers/ns-parents). Everything made here is undone on exit,
# failure or not: processes, mounts, the netns.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || { skip holders "needs root (ip netns, mounts)"; exit 0; }

HELPERS=$NSINFO_BUILD/tests
TYPES="cgroup ipc mnt net pid time user uts"
COLS=NS,TYPE,NPROCS,NAME,NSFS,HOLDERS

# ---- cleanup ------------------------------------------------------------
# Every process here is a direct child whose command exec'd down to its
# sleep (no --fork), so killing it and reaping it is enough; that also
# ends the private mount namespace and the copies of our mounts in it.
# Then the bind mounts, then the netns.
netns=nsinfo-holders-$$
netns_made=0
BIND=""
holders_cleanup() {
	local p f left=""
	exec 2>/dev/null	# no "Killed" notices from the shell
	for p in "${_pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
	wait 2>/dev/null
	_pids=()
	if [ -n "$BIND" ]; then
		for f in "$BIND"/*; do
			mountpoint -q "$f" 2>/dev/null && { umount "$f" 2>/dev/null || umount -l "$f"; }
		done
		mountpoint -q "$BIND" && { umount "$BIND" 2>/dev/null || umount -l "$BIND"; }
		mountpoint -q "$BIND" || rm -rf "$BIND"
	fi
	[ "$netns_made" = 1 ] && ip netns del "$netns" 2>/dev/null
	# nothing of ours may outlive the test
	[ -n "$BIND" ] && grep -qF " $BIND" /proc/self/mountinfo && left="$left mounts under $BIND;"
	[ -e "/run/netns/$netns" ] && left="$left netns $netns;"
	[ -n "$left" ] && fail holders-cleanup "left behind:$left"
	return 0
}
trap 'holders_cleanup; _cleanup' EXIT

# ---- helpers ------------------------------------------------------------
# listed FILE NS: yes when the listing has a row for NS.
listed() {
	jq -e --argjson ns "$2" 'any(.namespaces[]; .ns == $ns)' "$1" >/dev/null 2>&1 && echo yes ||
		echo no
}
# has_line NAME FILE NS KEY LINE: pass when the cell (lines joined by
# newlines, as NSFS is in JSON) has LINE as one of its lines.
has_line() {
	local name=$1 file=$2 ns=$3 key=$4 line=$5
	if jq -e --argjson ns "$ns" --arg k "$key" --arg l "$line" \
		'any(.namespaces[]; .ns == $ns and ((.[$k] // "") | split("\n") | index($l) != null))' \
		"$file" >/dev/null 2>&1; then
		pass "$name"
	else
		fail "$name" "no line '$line' in $key of $ns: '$(field "$file" "$ns" "$key")'"
	fi
}
# has_holder NAME FILE NS KIND ARGS... FILTER: pass when the JSON HOLDERS
# array of NS has an object of that kind of which FILTER is true (ARGS:
# jq options that bind its $variables).
has_holder() {
	local name=$1 file=$2 ns=$3 kind=$4
	shift 4
	local filter=${!#}
	if jq -e --argjson ns "$ns" --arg kind "$kind" "${@:1:$#-1}" \
		"any(.namespaces[] | select(.ns == \$ns) | (.holders // [])[]; .kind == \$kind and ($filter))" \
		"$file" >/dev/null 2>&1; then
		pass "$name"
	else
		fail "$name" "no $kind holder with $filter in $ns: '$(field "$file" "$ns" holders)'"
	fi
}
# table_item NAME NS ITEM: pass when the HOLDERS of NS in `nsls -W` (items
# joined with commas; ITEM has none) has ITEM as one of its items.
table_item() {
	if "$NSLS" -n -W -o NS,HOLDERS 2>/dev/null | sed -E 's/^ +//' |
		awk -v ns="$2" -v it="$3" '$1 == ns { sub(/^[^ ]+ /, ""); n = split($0, a, ",");
			for (i = 1; i <= n; i++) if (a[i] == it) f = 1 } END { exit !f }'; then
		pass "$1"
	else
		fail "$1" "no item '$3' in the HOLDERS of $2 (-W)"
	fi
}
# nsfs_ino PATH: the inode of the namespace an nsfs mount shows.
nsfs_ino() { stat -L -c %i "$1" 2>/dev/null; }
# in_any_process INODE TYPE: yes when some thread of some process is in it.
in_any_process() {
	readlink /proc/[0-9]*/task/[0-9]*/ns/"$2" 2>/dev/null | grep -qxF "$2:[$1]" && echo yes || echo no
}

my_mnt=$(ns_of $$ mnt)
my_net=$(ns_of $$ net)
my_user=$(ns_of $$ user)

# ---- ip netns add ---------------------------------------------------------
if ip netns add "$netns" 2>"$TMP/ip.err"; then
	netns_made=1
	netns_ino=$(nsfs_ino "/run/netns/$netns")
else
	fail holders-netns-add "ip netns add $netns: $(cat "$TMP/ip.err")"
	netns_ino=""
fi

# ---- a bind mount of each type ----------------------------------------------
# unshare(1): the files go on a mount point made private, which a mount
# namespace's file needs (its parent must not propagate) and the others
# do not mind. unshare --user=FILE of util-linux 2.38 fails (its mount is
# made from inside the new user namespace: EPERM), so the user namespace
# of an exited `unshare --user sleep` is bound by hand.
BIND=$(mktemp -d /tmp/nsinfo-holders.XXXXXX)
declare -A bind_ino
if mount --bind "$BIND" "$BIND" && mount --make-private "$BIND"; then
	for t in $TYPES; do
		touch "$BIND/$t"
		case $t in
		mnt) unshare --mount="$BIND/$t" true ;;
		uts) unshare --uts="$BIND/$t" true ;;
		ipc) unshare --ipc="$BIND/$t" true ;;
		net) unshare --net="$BIND/$t" true ;;
		pid) unshare --pid="$BIND/$t" --fork true ;;
		cgroup) unshare --cgroup="$BIND/$t" true ;;
		time) unshare --time="$BIND/$t" true ;;
		user)
			unshare --user sleep 1000 &
			u=$!
			_pids+=("$u")
			wait_for runs "$u" sleep
			mount --bind "/proc/$u/ns/user" "$BIND/$t"
			{ kill -KILL "$u"; wait "$u"; } 2>/dev/null
			;;
		esac >"$TMP/bind.err" 2>&1
		bind_ino[$t]=$(mountpoint -q "$BIND/$t" && nsfs_ino "$BIND/$t")
		if [ -z "${bind_ino[$t]}" ]; then
			fail "holders-bind-$t-made" "no nsfs mount on $BIND/$t: $(cat "$TMP/bind.err")"
		elif [ "$(in_any_process "${bind_ino[$t]}" "$t")" = yes ]; then
			fail "holders-bind-$t-made" "a process is still in $t:[${bind_ino[$t]}]"
			bind_ino[$t]=""
		fi
	done
else
	fail holders-bind-made "mount --bind/--make-private $BIND failed"
fi

# ---- an fd to a namespace whose process exited ------------------------------
# The holder opens the member's net namespace on fd 7, then execs sleep
# (the fd stays open, the PID stays the same); then the member dies.
bg unshare --net sleep 1000
member=$BG_PID
wait_for runs "$member" sleep
fd_net=$(ns_of "$member" net)
bg bash -c 'exec 7<"/proc/$1/ns/net" && exec sleep 1000' fdholder "$member"
fd_pid=$BG_PID
wait_for runs "$fd_pid" sleep
{ kill -KILL "$member"; wait "$member"; } 2>/dev/null
fd_ok=no
[ "$(readlink "/proc/$fd_pid/fd/7" 2>/dev/null)" = "net:[$fd_net]" ] && [ "$fd_net" != "$my_net" ] &&
	[ "$(in_any_process "$fd_net" net)" = no ] && fd_ok=yes
expect_eq holders-fd-made "$fd_ok" yes

# ---- a bind mount in a private mount namespace ----------------------------
# Inside a new mount namespace (propagation private) a uts namespace is
# bound on a file of ours; the sh execs sleep, which stays in that mount
# namespace. Our mountinfo never sees the mount.
touch "$TMP/priv-uts"
bg unshare --mount --propagation private \
	sh -c 'unshare --uts="$1" true && exec sleep 1000' privmnt "$TMP/priv-uts"
priv_pid=$BG_PID
wait_for runs "$priv_pid" sleep
priv_mnt=$(ns_of "$priv_pid" mnt)
priv_uts=$(awk -v t="$TMP/priv-uts" '$5 == t && $4 ~ /^uts:\[/ { gsub(/[^0-9]/, "", $4); print $4 }' \
	"/proc/$priv_pid/mountinfo" 2>/dev/null)
priv_ok=no
[ -n "$priv_uts" ] && [ "$priv_mnt" != "$my_mnt" ] &&
	! grep -q " $TMP/priv-uts " /proc/self/mountinfo &&
	! findmnt -n "$TMP/priv-uts" >/dev/null 2>&1 && priv_ok=yes
expect_eq holders-private-mount-made "$priv_ok" yes

# ---- three nested user namespaces, a process in the last only -----------
# Without --fork each unshare execs the next: one PID ends as the sleep,
# in the third level; the first two have no process left.
bg unshare --user --map-root-user unshare --user --map-root-user \
	unshare --user --map-root-user sleep 1000
nest_pid=$BG_PID
wait_for runs "$nest_pid" sleep
mapfile -t chain < <("$HELPERS/ns-parents" "/proc/$nest_pid/ns/user" 2>"$TMP/np.err")
# chain: level 3, level 2, level 1, ours
nest_ok=no
[ "${#chain[@]}" = 4 ] && [ "${chain[3]}" = "$my_user" ] &&
	[ "${chain[0]}" = "$(ns_of "$nest_pid" user)" ] &&
	[ "$(in_any_process "${chain[1]}" user)" = no ] &&
	[ "$(in_any_process "${chain[2]}" user)" = no ] && nest_ok=yes
expect_eq holders-nested-made "$nest_ok" yes
if [ "$nest_ok" != yes ]; then
	echo "chain: ${chain[*]} ($(cat "$TMP/np.err"))"
fi

# ---- a socket whose net namespace has no process ----------------------------
bg "$HELPERS/holders-socket" >"$TMP/sock.out" 2>"$TMP/sock.err"
sock_pid=$BG_PID
wait_for grep -qx ready "$TMP/sock.out"
sock_fd=$(sed -n 's/^fd //p' "$TMP/sock.out")
sock_net=$(sed -n 's/^netns //p' "$TMP/sock.out")
sock_ok=no
[ -n "$sock_net" ] && [ "$sock_net" != "$my_net" ] &&
	[ "$(sed -n 's/^pid //p' "$TMP/sock.out")" = "$sock_pid" ] &&
	[ "$(in_any_process "$sock_net" net)" = no ] && sock_ok=yes
expect_eq holders-socket-made "$sock_ok" yes
[ "$sock_ok" = yes ] || echo "holders-socket: $(cat "$TMP/sock.out" "$TMP/sock.err")"

# ======== what nsls says ===================================================
js "$TMP/all.json" -o "$COLS"
js "$TMP/p.json" -P -o "$COLS"

# ip netns
if [ -n "$netns_ino" ]; then
	expect_eq holders-netns-type "$(field "$TMP/all.json" "$netns_ino" type)" net
	expect_eq holders-netns-nprocs "$(field "$TMP/all.json" "$netns_ino" nprocs)" 0
	expect_eq holders-netns-name "$(field "$TMP/all.json" "$netns_ino" name)" "$netns"
	has_line holders-netns-nsfs "$TMP/all.json" "$netns_ino" nsfs "/run/netns/$netns"
	has_holder holders-netns-holders "$TMP/all.json" "$netns_ino" mount \
		--arg p "/run/netns/$netns" '.path == $p and .own_mntns == true'
	table_item holders-netns-holders-table "$netns_ino" "mount /run/netns/$netns"
	expect_eq holders-netns-in-P "$(listed "$TMP/p.json" "$netns_ino")" yes
	# the point: lsns lists namespaces from processes only
	case $(lsns --version 2>/dev/null) in
	*2.38*)
		lsns -J -o NS >"$TMP/lsns.json" 2>/dev/null
		expect_eq holders-netns-not-in-lsns "$(listed "$TMP/lsns.json" "$netns_ino")" no ;;
	*)
		skip holders-netns-not-in-lsns "lsns is not 2.38: $(lsns --version 2>&1)" ;;
	esac
fi

# a bind mount of each type
for t in $TYPES; do
	ino=${bind_ino[$t]:-}
	[ -n "$ino" ] || continue
	expect_eq "holders-bind-$t-type" "$(field "$TMP/all.json" "$ino" type)" "$t"
	expect_eq "holders-bind-$t-nprocs" "$(field "$TMP/all.json" "$ino" nprocs)" 0
	has_holder "holders-bind-$t-mount" "$TMP/all.json" "$ino" mount \
		--arg p "$BIND/$t" --argjson m "$my_mnt" '.path == $p and .mntns == $m and .own_mntns'
	has_line "holders-bind-$t-nsfs" "$TMP/all.json" "$ino" nsfs "$BIND/$t"
	expect_eq "holders-bind-$t-in-P" "$(listed "$TMP/p.json" "$ino")" yes
done

# the fd
if [ "$fd_ok" = yes ]; then
	expect_eq holders-fd-nprocs "$(field "$TMP/all.json" "$fd_net" nprocs)" 0
	has_holder holders-fd-holders "$TMP/all.json" "$fd_net" fd \
		--argjson p "$fd_pid" '.fd == 7 and .pid == $p'
	table_item holders-fd-holders-table "$fd_net" "fd 7 of PID $fd_pid"
	expect_eq holders-fd-in-P "$(listed "$TMP/p.json" "$fd_net")" yes
fi

# the mount in the private mount namespace
if [ "$priv_ok" = yes ]; then
	expect_eq holders-private-type "$(field "$TMP/all.json" "$priv_uts" type)" uts
	expect_eq holders-private-nprocs "$(field "$TMP/all.json" "$priv_uts" nprocs)" 0
	has_holder holders-private-holders "$TMP/all.json" "$priv_uts" mount \
		--arg p "$TMP/priv-uts" --argjson m "$priv_mnt" \
		'.path == $p and .mntns == $m and .own_mntns == false'
	table_item holders-private-holders-table "$priv_uts" "mount $TMP/priv-uts in mnt:[$priv_mnt]"
	# not ours: no NSFS (lsns's column is about our mount namespace)
	expect_eq holders-private-no-nsfs "$(field "$TMP/all.json" "$priv_uts" nsfs)" null
	expect_eq holders-private-name "$(field "$TMP/all.json" "$priv_uts" name)" "$TMP/priv-uts"
	expect_eq holders-private-in-P "$(listed "$TMP/p.json" "$priv_uts")" yes
	# -t uts asks for fewer rows, not for fewer places to look
	js "$TMP/puts.json" -P -t uts -o "$COLS"
	expect_eq holders-private-in-P-t-uts "$(listed "$TMP/puts.json" "$priv_uts")" yes
fi

# the hidden user namespaces
if [ "$nest_ok" = yes ]; then
	js "$TMP/user.json" -t user -o NS,TYPE,NPROCS,PNS,DEPTH,HOLDERS
	l3=${chain[0]} l2=${chain[1]} l1=${chain[2]}
	for lv in 1 2; do
		eval "ino=\$l$lv"
		expect_eq "holders-nested-l$lv-nprocs" "$(field "$TMP/user.json" "$ino" nprocs)" 0
		expect_eq "holders-nested-l$lv-holders" "$(field "$TMP/user.json" "$ino" holders)" \
			'[{"kind":"descendants","only":true}]'
		expect_eq "holders-nested-l$lv-depth" "$(field "$TMP/user.json" "$ino" depth)" "$lv"
		expect_eq "holders-nested-l$lv-in-P" "$(listed "$TMP/p.json" "$ino")" yes
	done
	expect_eq holders-nested-l1-pns "$(field "$TMP/user.json" "$l1" pns)" "$my_user"
	expect_eq holders-nested-l2-pns "$(field "$TMP/user.json" "$l2" pns)" "$l1"
	expect_eq holders-nested-l3-pns "$(field "$TMP/user.json" "$l3" pns)" "$l2"
	expect_eq holders-nested-l3-depth "$(field "$TMP/user.json" "$l3" depth)" 3
	expect_eq holders-nested-l3-nprocs "$(field "$TMP/user.json" "$l3" nprocs)" 1
	expect_eq holders-nested-l3-not-in-P "$(listed "$TMP/p.json" "$l3")" no
fi

# the socket: only --sockets looks (a pidfd per process)
if [ "$sock_ok" = yes ]; then
	js "$TMP/sock.json" --sockets -t net -o NS,TYPE,NPROCS,HOLDERS
	expect_eq holders-socket-nprocs "$(field "$TMP/sock.json" "$sock_net" nprocs)" 0
	has_holder holders-socket-holders "$TMP/sock.json" "$sock_net" socket \
		--argjson p "$sock_pid" --argjson fd "$sock_fd" '.fd == $fd and .pid == $p'
	js "$TMP/nosock.json" -t net -o NS,TYPE,NPROCS,HOLDERS
	expect_eq holders-socket-absent-without-sockets "$(listed "$TMP/nosock.json" "$sock_net")" no
	js "$TMP/sock-src.json" --sources=+sockets -t net -o NS,HOLDERS
	expect_eq holders-socket-sources-plus "$(listed "$TMP/sock-src.json" "$sock_net")" yes
fi

# ---- --sources ----------------------------------------------------------------
# processes: nothing that only an fd, a mount or descendants hold
js "$TMP/src-proc.json" --sources=processes -o NS,TYPE,NPROCS
rc=$?
expect_eq holders-sources-processes-rc "$rc" 0
extra=""
for ino in "$netns_ino" "${bind_ino[@]}" "$([ "$fd_ok" = yes ] && echo "$fd_net")" \
	"$([ "$priv_ok" = yes ] && echo "$priv_uts")" \
	"$([ "$nest_ok" = yes ] && echo "${chain[1]} ${chain[2]}")"; do
	for i in $ino; do
		[ "$(listed "$TMP/src-proc.json" "$i")" = yes ] && extra="$extra $i"
	done
done
expect_eq holders-sources-processes-only "${extra# }" ""
expect_eq holders-sources-processes-nprocs \
	"$(jq '[.namespaces[] | select(.nprocs == 0)] | length' "$TMP/src-proc.json" 2>/dev/null)" 0
# fds: the fd-held one, not the mount-held ones
if [ "$fd_ok" = yes ] && [ -n "$netns_ino" ]; then
	js "$TMP/src-fds.json" --sources=fds -t net -o NS
	expect_eq holders-sources-fds "$(listed "$TMP/src-fds.json" "$fd_net"):$(listed "$TMP/src-fds.json" "$netns_ino")" \
		yes:no
	js "$TMP/src-mnt.json" --sources=mounts -t net -o NS
	expect_eq holders-sources-mounts "$(listed "$TMP/src-mnt.json" "$fd_net"):$(listed "$TMP/src-mnt.json" "$netns_ino")" \
		no:yes
fi
# ancestors: the hidden levels, and nothing else
if [ "$nest_ok" = yes ]; then
	js "$TMP/src-anc.json" --sources=ancestors -t user -o NS
	expect_eq holders-sources-ancestors \
		"$(listed "$TMP/src-anc.json" "${chain[2]}"):$(listed "$TMP/src-anc.json" "${chain[1]}")" yes:yes
fi
for s in +threads +for-children threads,fds processes,mounts,ancestors; do
	"$NSLS" --sources="$s" -o NS >/dev/null 2>"$TMP/src.err"
	expect_eq "holders-sources-accepts-$s" "$?:$(cat "$TMP/src.err" | grep -v 'could not be read')" "0:"
done
"$NSLS" --sources=bogus >"$TMP/out" 2>"$TMP/err"
rc=$?
expect_eq holders-sources-bogus-rc "$rc" 1
check holders-sources-bogus-msg grep -q "unknown source 'bogus'" "$TMP/err"
expect_eq holders-sources-bogus-no-output "$(wc -c <"$TMP/out")" 0
"$NSLS" --sources=fds,bogus >/dev/null 2>"$TMP/err"
rc=$?
expect_eq holders-sources-bogus-in-list "$rc:$(grep -c "unknown source 'bogus'" "$TMP/err")" 1:1
