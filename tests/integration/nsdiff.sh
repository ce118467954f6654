#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# nsdiff.sh - nsdiff against real namespaces that differ in exactly one
# known thing each, the kernel's word being what we made:
#   - two processes in our namespaces: exit 0, nothing printed;
#   - a hostname, one extra mount, one extra interface, another uid map,
#     a time offset, a nested pid namespace, a message queue: that type
#     alone differs, and the deep lines are exactly that one thing;
#   - hostile text (a hostname with an escape sequence, a mount point
#     with a newline) comes out escaped;
#   - containers (podman, LXC, systemd-nspawn: tests/containers/lib.sh):
#     the same as their init's PID, against the host exactly the types
#     the kernel says differ; an ID prefix, a number that is no PID, a
#     name that matches nothing;
#   - snapshots: nsls --save, read back against a live side, two files
#     (a namespace created, a process that moved), other versions and
#     what is not a snapshot refused;
#   - as nobody: what cannot be read is "unknown" with exit 2, never same;
#   - bad usage and bad sides: one line on stderr, exit 2, no stdout.
. "$(dirname "$0")/lib.sh"

ND=$NSINFO_BUILD/bin/nsdiff
if [ ! -x "$ND" ]; then
	fail nsdiff-binary "$ND is missing"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	skip nsdiff "needs root to make namespaces of every type"
	exit 0
fi

# run ARGS...: nsdiff into $TMP/out and $TMP/err, status in $rc
run() {
	"$ND" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
}
# facts: the -/+ lines of the last run, the header left out
facts() { grep -E '^[-+]' "$TMP/out" | grep -vE '^(---|\+\+\+) [AB]: '; }
# differing: the types the last run calls different or unknown, in order
differing() { awk '$2 == "different" || $2 == "unknown" { print $1 }' "$TMP/out" | paste -sd' '; }

# one NAME TYPE WANT_FACTS A B: exit 1, TYPE alone differs, and the fact
# lines are exactly WANT_FACTS (a regular expression per line, in order)
one() {
	local name=$1 type=$2 want=$3 got
	shift 3
	run "$@"
	if [ "$rc" != 1 ]; then
		fail "$name" "exit status $rc, want 1: $(head -c 300 "$TMP/err")"
		return
	fi
	if [ "$(differing)" != "$type" ]; then
		fail "$name" "differing types '$(differing)', want '$type'"
		return
	fi
	got=$(facts)
	if [ "$(wc -l <<<"$got")" != "$(wc -l <<<"$want")" ] ||
		! paste -d'\n' <(echo "$want") <(echo "$got") |
		awk 'NR % 2 { re = $0; next } $0 !~ re { bad = 1 } END { exit bad }'; then
		fail "$name" "fact lines '$(tr '\n' '|' <<<"$got")', want '$(tr '\n' '|' <<<"$want")'"
		return
	fi
	pass "$name"
}

# wait_comm PID COMM: until PID runs COMM (its set-up is done)
is_comm() { [ "$(cat /proc/"$1"/comm 2>/dev/null)" = "$2" ]; }
wait_comm() { wait_for is_comm "$1" "$2"; }

# ---- the same: no output, exit 0 ----------------------------------------
bg sleep 1000
s1=$BG_PID
bg sleep 1000
s2=$BG_PID
run "$s1" "$s2"
expect_eq nsdiff-same-exit "$rc" 0
expect_eq nsdiff-same-quiet "$(cat "$TMP/out" "$TMP/err")" ""
run -q "$s1" "$s2"
expect_eq nsdiff-same-brief "$rc:$(cat "$TMP/out")" "0:"
run -J "$s1" "$s2"
expect_eq nsdiff-same-json "$rc $(jq -r '[.same, (.types | length), ([.types[].status] | unique | join(","))] | join(" ")' "$TMP/out" 2>&1)" \
	"0 true 8 same"
run "$s1" "$s1"
expect_eq nsdiff-same-itself "$rc:$(cat "$TMP/out")" "0:"

# ---- a hostname ----------------------------------------------------------
bg unshare -u sleep 1000
u1=$BG_PID
wait_comm "$u1" sleep
bg unshare -u sh -c 'hostname nsdiff-other && exec sleep 1000'
u2=$BG_PID
wait_comm "$u2" sleep
host=$(hostname)
one nsdiff-uts uts "^-hostname: ${host}\$
^\\+hostname: nsdiff-other\$" "$u1" "$u2"
check nsdiff-uts-relation grep -qE '^@@ uts: both owned by user:\[[0-9]+\] @@$' "$TMP/out"
check nsdiff-uts-inodes grep -qE "^ uts +different +$(ns_of "$u1" uts) $(ns_of "$u2" uts)\$" "$TMP/out"
run -J "$u1" "$u2"
expect_eq nsdiff-uts-json \
	"$(jq -c '[.types[] | select(.status != "same") | {type, d: [.deep.differences[] | [.what, .a, .b]]}]' "$TMP/out")" \
	"[{\"type\":\"uts\",\"d\":[[\"hostname\",\"$host\",\"nsdiff-other\"]]}]"
run -q "$u1" "$u2"
expect_eq nsdiff-uts-brief "$rc:$(cat "$TMP/out")" "1:uts differs"
run --no-deep "$u1" "$u2"
expect_eq nsdiff-uts-no-deep "$rc:$(facts | wc -l):$(differing)" "1:0:uts"
run -t net,ipc "$u1" "$u2"
expect_eq nsdiff-type-filter "$rc:$(cat "$TMP/out")" "0:"

# ---- one extra mount ------------------------------------------------------
# both copied from one private mount namespace, so that nothing mounted on
# the host meanwhile makes a second difference
mkdir -p "$TMP/m"
bg unshare -m --propagation private sh -c "
	unshare -m sleep 1000 &
	unshare -m sh -c 'mount -t tmpfs -o size=1m nsdiff-t $TMP/m && exec sleep 1001' &
	wait"
mp=$BG_PID
m_ok() { [ "$(for c in $(_kids "$mp"); do tr '\0' ' ' </proc/"$c"/cmdline; echo; done | grep -c '^sleep 100[01] $')" = 2 ]; }
if wait_for m_ok; then
	for c in $(_kids "$mp"); do
		case $(tr '\0' ' ' </proc/"$c"/cmdline) in
		"sleep 1000 ") m1=$c ;;
		"sleep 1001 ") m2=$c ;;
		esac
	done
	one nsdiff-mnt mnt "^\\+mount $TMP/m: tmpfs nsdiff-t rw,.* private\$" "$m1" "$m2"
	run -J "$m2" "$m1"
	expect_eq nsdiff-mnt-json-sides \
		"$(jq -r '.types[] | select(.type == "mnt") | .deep.differences[] | [.name, (.a | type), (.b | type)] | join(" ")' "$TMP/out")" \
		"$TMP/m string null"
else
	fail nsdiff-mnt "the two mount namespaces did not start"
fi

# ---- one extra interface ----------------------------------------------------
bg unshare -n sleep 1000
n1=$BG_PID
wait_comm "$n1" sleep
# a dummy where the kernel has it (modules), else a bridge, still one link
bg unshare -n sh -c '{ ip link add nsd0 type dummy || ip link add nsd0 type bridge; } 2>/dev/null && exec sleep 1000'
n2=$BG_PID
if wait_comm "$n2" sleep; then
	one nsdiff-net net '^\+link nsd0: (dummy|bridge), down, state DOWN, mtu 1500$' "$n1" "$n2"
else
	fail nsdiff-net "no dummy or bridge interface could be made"
fi
# an address and a route, up: in B only, from rtnetlink
bg unshare -n sh -c 'ip link set lo up && ip addr add 10.93.0.1/24 dev lo && exec sleep 1000'
n3=$BG_PID
wait_comm "$n3" sleep
run "$n1" "$n3"
if [ "$rc" = 1 ] && facts | grep -qx '+address lo 10.93.0.1/24' &&
	facts | grep -qx '+route local 10.93.0.1/32 dev lo table local proto kernel scope host src 10.93.0.1' &&
	facts | grep -qx -- '-link lo: loopback, down, state DOWN, mtu 65536' &&
	facts | grep -qx '+link lo: loopback, up, state UNKNOWN, mtu 65536'; then
	pass nsdiff-net-address-route
else
	fail nsdiff-net-address-route "rc $rc: $(facts | tr '\n' '|')"
fi
# a listening socket: a shell listening on a TCP port in B (bash's
# /dev/tcp connects, it does not listen: python or nc, when there)
if command -v python3 >/dev/null; then
	bg unshare -n python3 -c 'import socket, time; s = socket.socket(); s.bind(("0.0.0.0", 4711)); s.listen(); time.sleep(1000)'
	n4=$BG_PID
	# port 4711 (0x1267) in LISTEN (0A), in its own namespace by then
	wait_for grep -qE '^ *[0-9]+: [0-9A-F]+:1267 [0-9A-F:]+ 0A ' /proc/"$n4"/net/tcp
	run -t net "$n1" "$n4"
	if facts | grep -qx '+listening tcp 0.0.0.0:4711'; then
		pass nsdiff-net-listening
	else
		fail nsdiff-net-listening "no '+listening tcp 0.0.0.0:4711': $(facts | tr '\n' '|')"
	fi
else
	skip nsdiff-net-listening "no python3 to listen"
fi

# ---- another uid map ----------------------------------------------------------
bg unshare -U --map-user=0 --map-group=0 sleep 1000
w1=$BG_PID
wait_comm "$w1" sleep
bg unshare -U --map-user=1000 --map-group=0 sleep 1000
w2=$BG_PID
wait_comm "$w2" sleep
wait_for grep -q 1000 /proc/"$w2"/uid_map
one nsdiff-user user '^-uid_map: 0 0 1$
^\+uid_map: 1000 0 1$' "$w1" "$w2"
check nsdiff-user-siblings grep -qE "^@@ user: siblings: both children of user:\[$(ns_of $$ user)\]" "$TMP/out"

# ---- a time offset ----------------------------------------------------------
if [ -e /proc/self/ns/time ]; then
	bg unshare -T --fork sleep 1000
	t1p=$BG_PID
	bg unshare -T --monotonic 3600 --fork sleep 1000
	t2p=$BG_PID
	t_ok() { [ -n "$(first_child "$t1p")" ] && [ -n "$(first_child "$t2p")" ]; }
	wait_for t_ok
	one nsdiff-time time '^-monotonic: 0 s$
^\+monotonic: 3600 s$' "$(first_child "$t1p")" "$(first_child "$t2p")"
	# the unshare process itself is in our time namespace, its children
	# in the new one (time_for_children): read through a child
	run "$t2p" "$(first_child "$t2p")"
	expect_eq nsdiff-time-for-children "$rc:$(facts | paste -sd'|')" "1:-monotonic: 0 s|+monotonic: 3600 s"
else
	skip nsdiff-time "no time namespaces in this kernel"
fi

# ---- a nested pid namespace ---------------------------------------------------
bg unshare -p -f sh -c 'sleep 1000 & exec unshare -p -f sleep 1001'
pp=$BG_PID
p_ok() { local k; k=$(first_child "$pp"); [ -n "$k" ] && [ "$(wc -w <<<"$(_kids "$k")")" = 2 ] && is_comm "$(first_child "$k")" sleep; }
if wait_for p_ok; then
	k=$(first_child "$pp")
	for c in $(_kids "$k"); do
		case $(tr '\0' ' ' </proc/"$c"/cmdline) in
		"sleep 1000 ") p1=$c ;;
		*) p2=$(first_child "$c"); [ -n "$p2" ] || p2=$c ;;
		esac
	done
	# p2: the sleep 1001, PID 1 of the inner namespace
	in_a=$(awk '/^NSpid:/ { print $3 }' /proc/"$p2"/status)
	one nsdiff-pid pid "^-level: 1\$
^\\+level: 2\$
^-sees the other: as PID $in_a\$
^\\+sees the other: not at all\$" "$p1" "$p2"
	check nsdiff-pid-child grep -qE "^@@ pid: B's is a child of A's; both owned by user:\[[0-9]+\] @@$" "$TMP/out"
else
	fail nsdiff-pid "the nested pid namespaces did not start"
fi

# ---- a message queue ------------------------------------------------------------
if command -v ipcmk >/dev/null && command -v ipcs >/dev/null; then
	bg unshare -i sleep 1000
	i1=$BG_PID
	wait_comm "$i1" sleep
	# ipcmk of util-linux 2.38 has no -k: the key is the kernel's pick
	bg unshare -i sh -c "ipcmk -Q >/dev/null && ipcs -q >'$TMP/ipcs' && exec sleep 1000"
	i2=$BG_PID
	wait_comm "$i2" sleep
	key=$(awk '$1 ~ /^0x/ { print $1; exit }' "$TMP/ipcs")
	one nsdiff-ipc ipc "^\\+message queue key $key\$
^-message queues: 0\$
^\\+message queues: 1\$" "$i1" "$i2"
else
	skip nsdiff-ipc "no ipcmk or ipcs"
fi

# ---- hostile text comes out escaped ------------------------------------------------
# hostname(1) checks the name; the kernel takes any bytes
bg unshare -u sh -c 'printf "a\033[2Jb" >/proc/sys/kernel/hostname && exec sleep 1000'
h2=$BG_PID
wait_comm "$h2" sleep
run "$u1" "$h2"
if [ "$rc" = 1 ] && grep -qxF '+hostname: a\x1b[2Jb' "$TMP/out" && ! grep -q $'\033' "$TMP/out"; then
	pass nsdiff-escape-hostname
else
	fail nsdiff-escape-hostname "rc $rc: $(facts | od -c | head -3 | tr '\n' ' ')"
fi
nl_dir="$TMP/a
b"
mkdir -p "$nl_dir"
bg unshare -m --propagation private sh -c 'mount -t tmpfs nsdiff-nl "$1" && exec sleep 1000' sh "$nl_dir"
e2=$BG_PID
wait_comm "$e2" sleep
run -t mnt "$m1" "$e2"
if grep -qF "+mount $TMP/a\\x0ab: tmpfs nsdiff-nl" "$TMP/out"; then
	pass nsdiff-escape-mount-point
else
	fail nsdiff-escape-mount-point "no escaped mount point: $(grep nsdiff-nl "$TMP/out" | od -c | head -3)"
fi

# ---- ip netns, host ----------------------------------------------------------------
nn=nsdiff-$$
if ip netns add "$nn" 2>/dev/null; then
	run -t net,uts "$nn" host
	expect_eq nsdiff-netns "$rc:$(differing):$(head -n1 "$TMP/out")" "1:net:--- A: netns $nn"
	ip netns del "$nn"
else
	skip nsdiff-netns "ip netns add failed"
fi
# host: PID 1's namespaces, or ours when PID 1 cannot be read
run -t net host $$
if p1=$(readlink /proc/1/ns/net 2>/dev/null) && [ "$p1" != "$(readlink /proc/$$/ns/net)" ]; then
	want=1
else
	want=0
fi
expect_eq nsdiff-host "$rc" "$want"
run -J -t net host $$
expect_eq nsdiff-host-json "$(jq -r '.a.kind' "$TMP/out")" host

# ---- containers ----------------------------------------------------------------------
# Real ones (tests/containers/lib.sh): each runtime's container against the
# PID of its init, and against the host, where exactly the types the kernel
# says they unshare differ; podman's ID prefix as a side; names that match
# nothing. The host side is PID 1's namespaces, or ours when PID 1 cannot
# be read (as nsdiff takes it).
if readlink /proc/1/ns/mnt >/dev/null 2>&1; then href=1; else href=$$; fi
# ct_want PID: the types in which PID's namespaces are not the host's
ct_want() {
	local t w=""
	for t in cgroup ipc mnt net pid time user uts; do
		[ "$(readlink /proc/"$href"/ns/$t)" != "$(readlink /proc/"$1"/ns/$t)" ] && w="$w $t"
	done
	echo "${w# }"
}
# hostname_of PID: the hostname of PID's uts namespace, as a regular expression
hostname_of() {
	nsenter -t "$1" -u cat /proc/sys/kernel/hostname | sed 's/[]\[^$.*+?(){}|\\/]/\\&/g'
}
# no_match NAME SIDE ARGS...: exit 2, stdout empty, and on stderr the one
# line of SIDE not found
no_match() {
	local name=$1 want="nsdiff: $2: no such process, container or network namespace"
	shift 2
	run "$@"
	if [ "$rc" = 2 ] && [ ! -s "$TMP/out" ] && [ "$(cat "$TMP/err")" = "$want" ]; then
		pass "$name"
	else
		fail "$name" "rc $rc, stdout $(wc -c <"$TMP/out") bytes, stderr '$(cat "$TMP/err")', want 2 and '$want'"
	fi
}
ct_why() { head -c 300 "$1" | tr '\n\t' '  ' | sed 's/ *$//'; }
CT_DONE=""
if [ -f "$(dirname "$0")/../containers/lib.sh" ]; then
	. "$(dirname "$0")/../containers/lib.sh"
	trap 'ct_cleanup; _cleanup' EXIT
	# a runtime that hangs (a loaded machine) must not take the minute
	export CT_TIMEOUT=${CT_TIMEOUT:-15}
	ct_t0=$SECONDS
	for rt in podman lxc nspawn; do
		n=nsdiff-container-$rt
		if [ $((SECONDS - ct_t0)) -gt 40 ]; then
			skip "$n" "out of time ($((SECONDS - ct_t0)) s spent on containers already)"
			continue
		fi
		if ! ct_available "$rt" 2>"$TMP/ct.err"; then
			skip "$n" "$(ct_why "$TMP/ct.err")"
			continue
		fi
		ct=nsinfo-diff-$rt
		if ! cpid=$(ct_start "$rt" "$ct" 2>"$TMP/ct.err"); then
			skip "$n" "ct_start: $(ct_why "$TMP/ct.err")"
			continue
		fi
		CT_DONE="$CT_DONE $rt"
		case $rt in nspawn) rtname=systemd-nspawn ;; *) rtname=$rt ;; esac
		want=$(ct_want "$cpid")
		# what the runtimes unshare here at least; more is the kernel's word
		miss=""
		for t in mnt net pid uts; do
			case " $want " in *" $t "*) ;; *) miss="$miss $t" ;; esac
		done
		if [ -z "$miss" ]; then
			pass "$n-unshares"
		else
			fail "$n-unshares" "the kernel says '$want' differ from the host's, not$miss"
		fi
		run "$ct" "$cpid"
		expect_eq "$n-is-its-init" "$rc:$(cat "$TMP/out" "$TMP/err")" "0:"
		run --brief host "$ct"
		brief=$(cat "$TMP/out" "$TMP/err")
		expect_eq "$n-brief" "$rc:$brief" "1:$(for t in $want; do echo "$t differs"; done)"
		run host "$ct"
		expect_eq "$n-differing" "$rc:$(differing):$(grep '^+++ ' "$TMP/out")" \
			"1:$want:+++ B: container $ct ($rtname), PID $cpid (sleep)"
		# deep: read in the container's own uts namespace
		one "$n-uts" uts "^-hostname: $(hostname_of "$href")\$
^\\+hostname: $(hostname_of "$cpid")\$" -t uts host "$ct"
		run -J host "$ct"
		if command -v python3 >/dev/null; then
			check "$n-json-valid" python3 -m json.tool "$TMP/out" /dev/null
		else
			skip "$n-json-valid" "no python3"
		fi
		expect_eq "$n-json" "$rc $(jq -r '[.same, .b.kind, .b.container, .b.runtime, .b.pid,
				([.types[] | select(.status != "same") | .type] | join(" "))] | map(tostring) | join(":")' "$TMP/out" 2>&1)" \
			"1 false:container:$ct:$rtname:$cpid:$want"
		if [ "$rt" = podman ]; then
			id=$(ct_id podman "$ct" 2>"$TMP/ct.err")
			if [ "${#id}" = 64 ]; then
				# a unique prefix, as podman ps shows it, and the full ID
				for key in "${id:0:12}" "$id"; do
					k=prefix
					[ "$key" = "$id" ] && k=full-id
					run "$key" "$ct"
					expect_eq "$n-$k-is-name" "$rc:$(cat "$TMP/out" "$TMP/err")" "0:"
					run --brief host "$key"
					expect_eq "$n-$k-brief" "$rc:$(cat "$TMP/out" "$TMP/err")" "1:$brief"
					run -J --no-deep host "$key"
					expect_eq "$n-$k-json" "$rc $(jq -r '[.b.arg, .b.kind, .b.container, .b.pid] | map(tostring) | join(":")' "$TMP/out" 2>&1)" \
						"1 $key:container:$ct:$cpid"
				done
			else
				fail "$n-id" "ct_id gave '$id': $(ct_why "$TMP/ct.err")"
			fi
		fi
		# a name matches whole: one more letter, one less, is no container
		no_match "$n-no-match" "${ct}x" host "${ct}x"
		no_match "$n-name-prefix" "${ct%?}" "${ct%?}" "$cpid"
		ct_stop "$rt" "$ct" >/dev/null 2>&1
	done
	# a number that is no PID is a container's name (or ID prefix): the
	# containers must be read for it too
	rt=""
	for r in nspawn lxc podman; do
		case " $CT_DONE " in *" $r "*) rt=$r; break ;; esac
	done
	num=1$(printf %09d $$)
	if [ -z "$rt" ]; then
		skip nsdiff-container-number "no runtime started"
	elif [ $((SECONDS - ct_t0)) -gt 40 ]; then
		skip nsdiff-container-number "out of time ($((SECONDS - ct_t0)) s spent on containers already)"
	elif [ -e /proc/"$num" ]; then
		skip nsdiff-container-number "$num is a PID"
	elif ! cpid=$(ct_start "$rt" "$num" 2>"$TMP/ct.err"); then
		skip nsdiff-container-number "ct_start $rt: $(ct_why "$TMP/ct.err")"
	else
		run "$num" "$cpid"
		expect_eq nsdiff-container-number "$rc:$(cat "$TMP/out" "$TMP/err")" "0:"
		run -J --no-deep host "$num"
		expect_eq nsdiff-container-number-json "$rc $(jq -r '[.b.kind, .b.container, .b.pid] | map(tostring) | join(":")' "$TMP/out" 2>&1)" \
			"1 container:$num:$cpid"
		ct_stop "$rt" "$num" >/dev/null 2>&1
	fi
	no_match nsdiff-container-no-match "nsinfo-diff-none-$$" "nsinfo-diff-none-$$" host
else
	skip nsdiff-containers "no tests/containers/lib.sh"
fi

# ---- snapshots ------------------------------------------------------------------------
"$NSLS" --save "$TMP/s1.json" 2>"$TMP/err"
expect_eq nsdiff-save "$?:$(cat "$TMP/err"):$(jq -r '[.format, .version] | join(" ")' "$TMP/s1.json")" \
	"0::nsinfo-snapshot 1"
expect_eq nsdiff-save-has-sides \
	"$(jq --argjson a "$u1" --argjson b "$u2" '[.processes[] | select(.pid == $a or .pid == $b)] | length' "$TMP/s1.json")" 2
# round trip: a process as saved against itself now
run "$TMP/s1.json" "$u2"
expect_eq nsdiff-roundtrip-same "$rc:$(cat "$TMP/out" "$TMP/err")" "0:"
run "$u1@$TMP/s1.json" "$u2"
expect_eq nsdiff-roundtrip-differ "$rc:$(differing):$(facts | wc -l)" "1:uts:0"
check nsdiff-roundtrip-label grep -qx -- "--- A: PID $u1 (sleep) in $TMP/s1.json" "$TMP/out"
run -d "$TMP/s1.json" "$u2"
expect_eq nsdiff-roundtrip-deep-refused "$rc:$(wc -c <"$TMP/out")" "2:0"
run "$TMP/s1.json" "$TMP/s1.json"
expect_eq nsdiff-snapshots-same "$rc:$(cat "$TMP/out")" "0:"
# two snapshots: a namespace created, a process that moved
mkfifo "$TMP/go"
bg sh -c "read x <'$TMP/go'; exec unshare -n sleep 1000"
mv_pid=$BG_PID
"$NSLS" --save "$TMP/s2.json"
echo go >"$TMP/go"
wait_comm "$mv_pid" sleep
bg unshare -u sleep 1000
wait_comm "$BG_PID" sleep
new_uts=$(ns_of "$BG_PID" uts)
"$NSLS" --save "$TMP/s3.json"
run "$TMP/s2.json" "$TMP/s3.json"
new_net=$(ns_of "$mv_pid" net)
if [ "$rc" = 1 ] && grep -qx "+ns $new_uts (PID $BG_PID sleep)" "$TMP/out" &&
	grep -qx -- "-PID $mv_pid (sleep) in $(ns_of $$ net)" "$TMP/out" &&
	grep -qx "+PID $mv_pid (sleep) in $new_net" "$TMP/out"; then
	pass nsdiff-snapshots-changes
else
	fail nsdiff-snapshots-changes "rc $rc: $(tr '\n' '|' <"$TMP/out" | head -c 600)"
fi
run -J "$TMP/s2.json" "$TMP/s3.json"
expect_eq nsdiff-snapshots-json \
	"$(jq -r --argjson p "$mv_pid" '.changes[] | select(.change == "proc_moved" and .pid == $p) | "\(.type) \(.to // .ns)"' "$TMP/out")" \
	"net $new_net"
run "$TMP/s2.json" now
expect_eq nsdiff-snapshot-now "$rc" 1
# what is not a snapshot of this version
jq '.version = 99' "$TMP/s1.json" >"$TMP/v99.json"
run "$TMP/v99.json" "$u1"
expect_eq nsdiff-version-refused "$rc:$(cat "$TMP/err"):$(wc -c <"$TMP/out")" \
	"2:nsdiff: $TMP/v99.json: snapshot format version 99 is not supported (this build reads version 1):0"
echo '{"namespaces": []}' >"$TMP/other.json"
run "$TMP/other.json" "$u1"
expect_eq nsdiff-not-snapshot "$rc:$(cat "$TMP/err")" \
	"2:nsdiff: $TMP/other.json: not an nsinfo snapshot (no \"format\": \"nsinfo-snapshot\")"
jq '.processes[0].pid = "x"' "$TMP/s1.json" >"$TMP/bad.json"
run "$TMP/bad.json" "$u1"
expect_eq nsdiff-bad-field "$rc:$(cat "$TMP/err")" "2:nsdiff: $TMP/bad.json: \"pid\" is not a number"
mkfifo "$TMP/fifo.json"
timeout 5 "$ND" "$TMP/fifo.json" "$u1" >"$TMP/out" 2>"$TMP/err"
expect_eq nsdiff-fifo-refused "$?:$(cat "$TMP/err")" "2:nsdiff: $TMP/fifo.json: not a regular file"
ln -s /etc/shadow "$TMP/link.json"
run "$TMP/link.json" "$u1"
expect_eq nsdiff-symlink-not-snapshot "$rc:$(grep -c root "$TMP/err")" "2:0"

# ---- as nobody ---------------------------------------------------------------------------
if command -v setpriv >/dev/null; then
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	chmod 755 "$TMP"
	mkdir -p "$TMP/nb/bin" "$TMP/nb/lib"
	cp "$ND" "$TMP/nb/bin/nsdiff"
	cp -a "$NSINFO_BUILD"/lib/libnsinfo.so* "$TMP/nb/lib/"
	chmod -R a+rX "$TMP/nb"
	# setpriv itself in the background (a function would run in a
	# subshell of ours, root's)
	bg setpriv --reuid=65534 --regid=65534 --clear-groups sleep 1000
	nb1=$BG_PID
	bg setpriv --reuid=65534 --regid=65534 --clear-groups unshare -U -r -u sh -c 'hostname nb-host && exec sleep 1000'
	nb2=$BG_PID
	wait_comm "$nb2" sleep
	(cd "$TMP" && as_nobody "$TMP/nb/bin/nsdiff" "$s1" "$nb1" >"$TMP/out" 2>"$TMP/err")
	rc=$?
	if [ "$rc" = 2 ] && [ "$(grep -c ' unknown  *cannot read A.s namespace: permission denied$' "$TMP/out")" = 8 ] &&
		! grep -q ' same ' "$TMP/out"; then
		pass nsdiff-nobody-unknown
	else
		fail nsdiff-nobody-unknown "rc $rc: $(head -c 400 "$TMP/out")"
	fi
	(cd "$TMP" && as_nobody "$TMP/nb/bin/nsdiff" -J "$s1" "$nb1" >"$TMP/out" 2>"$TMP/err")
	expect_eq nsdiff-nobody-json "$?:$(jq -r '[.same, ([.types[].status] | unique | join(","))] | join(" ")' "$TMP/out")" \
		"2:false unknown"
	# its own: readable, deep through its own user namespace
	(cd "$TMP" && as_nobody "$TMP/nb/bin/nsdiff" "$nb1" "$nb2" >"$TMP/out" 2>"$TMP/err")
	rc=$?
	if [ "$rc" = 1 ] && [ "$(differing)" = "user uts" ] && facts | grep -qx '+hostname: nb-host'; then
		pass nsdiff-nobody-own
	else
		fail nsdiff-nobody-own "rc $rc, differing '$(differing)': $(facts | tr '\n' '|')"
	fi
	(cd "$TMP" && as_nobody "$TMP/nb/bin/nsdiff" "$nb1" "$nb1" >"$TMP/out" 2>"$TMP/err")
	expect_eq nsdiff-nobody-same "$?:$(cat "$TMP/out")" "0:"
	# a namespace nobody may not enter: said so, never "the same"; trouble
	# when --deep was asked for
	nn=nsdiff-nb-$$
	if ip netns add "$nn" 2>/dev/null; then
		(cd "$TMP" && as_nobody "$TMP/nb/bin/nsdiff" -t net "$nn" host >"$TMP/out" 2>"$TMP/err")
		rc=$?
		expect_eq nsdiff-nobody-not-entered "$rc:$(grep -c "^! not compared: cannot enter A's net namespace: Operation not permitted$" "$TMP/out"):$(facts | wc -l)" 			"1:1:0"
		(cd "$TMP" && as_nobody "$TMP/nb/bin/nsdiff" -d -t net "$nn" host >"$TMP/out" 2>"$TMP/err")
		expect_eq nsdiff-nobody-deep-trouble "$?" 2
		ip netns del "$nn"
	else
		skip nsdiff-nobody-not-entered "ip netns add failed"
	fi
else
	skip nsdiff-nobody "no setpriv"
fi

# ---- color ---------------------------------------------------------------------------------
run --color=always "$u1" "$u2"
if grep -q $'^\033\\[31m-hostname' "$TMP/out" && grep -q $'^\033\\[32m+hostname' "$TMP/out"; then
	pass nsdiff-color-always
else
	fail nsdiff-color-always "no red - and green + lines"
fi
run "$u1" "$u2"
if grep -q $'\033' "$TMP/out"; then fail nsdiff-color-pipe "color codes into a pipe"; else pass nsdiff-color-pipe; fi

# ---- bad usage, bad sides: exit 2, one line (and the hint), nothing on stdout ----------------
hint="Try 'nsdiff --help' for more information."
# bad NAME MESSAGE ARGS...
bad() {
	local name=$1 msg=$2
	shift 2
	run "$@"
	if [ "$rc" != 2 ] || [ -s "$TMP/out" ] || [ "$(cat "$TMP/err")" != "$msg" ]; then
		fail "$name" "rc $rc, stdout $(wc -c <"$TMP/out") bytes, stderr '$(cat "$TMP/err")', want 2 and '$msg'"
	else
		pass "$name"
	fi
}
bad nsdiff-bad-one-side "nsdiff: two sides to compare are needed
$hint" "$s1"
bad nsdiff-bad-three-sides "nsdiff: unexpected argument '3'
$hint" 1 2 3
bad nsdiff-bad-option "$ND: unrecognized option '--bogus'
$hint" --bogus 1 2
bad nsdiff-bad-type "nsdiff: unknown namespace type 'network'" -t net,network 1 2
bad nsdiff-bad-conflict "nsdiff: --deep and --no-deep are mutually exclusive
$hint" -d --no-deep 1 2
bad nsdiff-bad-color "nsdiff: unsupported color mode 'pink'
$hint" --color=pink 1 2
bad nsdiff-bad-source "nsdiff: unknown source 'x' (auto, proc, kernel)" --source=x 1 2
bad nsdiff-bad-pid "nsdiff: PID 4000000: no such process" 4000000 "$s1"
bad nsdiff-bad-name "nsdiff: no-such-thing-here: no such process, container or network namespace" \
	no-such-thing-here "$s1"
bad nsdiff-bad-netns-name "nsdiff: ..: no such process, container or network namespace" .. "$s1"
bad nsdiff-bad-file "nsdiff: $TMP/none.json: No such file or directory" "$TMP/none.json" "$s1"
bad nsdiff-bad-not-in-file "nsdiff: PID 4000000: not in $TMP/s1.json" "4000000@$TMP/s1.json" "$s1"
bad nsdiff-bad-now "nsdiff: now is compared with a snapshot file, not with '$s1'" now "$s1"
run --help
expect_eq nsdiff-help "$rc:$(head -n 3 "$TMP/out" | tail -n 1)" "0: nsdiff [options] <side> <side>"
run --version
expect_eq nsdiff-version "$rc:$(head -n 1 "$TMP/out")" "0:nsdiff from nsinfo $("$NSLS" --version | head -n1 | sed 's/.* //')"
if [ -w /dev/full ]; then
	"$ND" "$u1" "$u2" >/dev/full 2>"$TMP/err"
	expect_eq nsdiff-write-error "$?:$(cat "$TMP/err")" "2:nsdiff: write error: No space left on device"
fi
