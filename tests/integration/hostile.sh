#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# hostile.sh - what another user controls must never block root's tools,
# make them open something else, or steer them (issue 7). Each case is a
# real attack by `nobody`: an nsfs mount covered by a FIFO or /etc/shadow
# in its own mount namespace, a descriptor flipped between nsfs and a FIFO
# while root scans, a fake conmon whose store is a FIFO, a symlink to
# /etc/shadow or a name of its choosing, a FIFO named on nsenter-lite's
# command line, a fake proc tree full of FIFOs, and a hidepid= proc.
#
# "Never opened for reading" is observed, not assumed: each planted FIFO
# has a writer waiting in open(2), which returns only once someone opens
# the FIFO for reading; the writer then leaves a mark.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
	skip hostile "needs root and setpriv, to become nobody"
	exit 0
fi
NSENTER=$NSINFO_BUILD/bin/nsenter-lite
FLIP=$NSINFO_BUILD/tests/fd-flipper

# Copies nobody can run ($ORIGIN/../lib), as in notroot.sh.
chmod 755 "$TMP"
mkdir -p "$TMP/nb/bin" "$TMP/nb/lib"
cp "$NSLS" "$NSENTER" "$FLIP" "$TMP/nb/bin/"
cp -a "$NSINFO_BUILD"/lib/libnsinfo.so* "$TMP/nb/lib/"
chmod -R a+rX "$TMP/nb"
NB=$TMP/nb/bin

# evil DIR: a directory nobody owns.
evil() { mkdir -p "$1" && chown $NOBODY:$NOBODY "$1" && chmod 755 "$1"; }
# trap_fifo FIFO: a writer waits on FIFO as nobody; FIFO.opened appears
# when anyone opens it for reading.
trap_fifo() {
	[ -p "$1" ] || as_nobody mkfifo -m 666 "$1"
	bg as_nobody sh -c 'exec 3>"$1"; echo opened >"$1.opened"' _ "$1"
}
never_opened() {	# NAME FIFO
	if [ -e "$2.opened" ]; then fail "$1" "$2 was opened for reading"; else pass "$1"; fi
}
# bounded NAME RC_WANT CMD...: CMD ends within 20 s with status RC_WANT.
bounded() {
	local name=$1 want=$2 rc
	shift 2
	timeout 20 "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" = 124 ]; then
		fail "$name" "hung (killed after 20 s): $*"
	elif [ "$rc" != "$want" ]; then
		fail "$name" "exit $rc, want $want: $(head -c 300 "$TMP/err")"
	else
		pass "$name"
	fi
}

# ---- 1. an nsfs mount covered by a FIFO, no race ---------------------
D1=$TMP/overmount
evil "$D1"
trap_fifo "$D1/ff"
bg as_nobody unshare -Urm sh -c 'cd "$1" && touch x && unshare --uts="$PWD/x" true &&
	mount --bind ff x && echo $$ >ready && exec sleep 300' _ "$D1"
if ! wait_for test -s "$D1/ready"; then
	fail hostile-overmount-setup "nobody could not cover its nsfs mount"
else
	om=$(cat "$D1/ready")	# the sleep, in nobody's mount namespace
	for args in "" "-P" "-J" "-o +PNS" "-P -o +HOLDERS,NAME,NSID"; do
		# shellcheck disable=SC2086
		bounded "hostile-overmount-fifo-nsls${args:+ $args}" 0 "$NSLS" $args
	done
	never_opened hostile-overmount-fifo-never-read "$D1/ff"
	# the truth still shows: the uts namespace the covered mount holds
	uts=$(sed -nE 's/.* (uts:\[[0-9]+\]) .* - nsfs .*/\1/p' "/proc/$om/mountinfo" | head -n1)
	uts=${uts#uts:[}; uts=${uts%]}
	js "$TMP/om.json" -P -t uts
	expect_eq hostile-overmount-listed "$(field "$TMP/om.json" "${uts:-0}" nprocs)" 0
fi

# /etc/shadow over the nsfs file: root never opens it for reading
if command -v strace >/dev/null; then
	D1b=$TMP/overshadow
	evil "$D1b"
	bg as_nobody unshare -Urm sh -c 'cd "$1" && touch x && unshare --uts="$PWD/x" true &&
		mount --bind /etc/shadow x && echo ready >ready && exec sleep 300' _ "$D1b"
	if wait_for test -e "$D1b/ready"; then
		# LeakSanitizer cannot work under ptrace: no leak check while traced
		ASAN_OPTIONS=detect_leaks=0 timeout 20 strace -f -y -qq -e trace=open,openat,openat2 -o "$TMP/strace" "$NSLS" \
			-o +PNS,HOLDERS >/dev/null 2>&1
		expect_eq hostile-overshadow-exit "$?" 0
		bad=$(grep -E '<[^>]*shadow>' "$TMP/strace" | grep -v O_PATH)
		expect_eq hostile-overshadow-never-read "$bad" ""
	else
		fail hostile-overshadow-setup "nobody could not cover its nsfs mount with /etc/shadow"
	fi
else
	skip hostile-overshadow "no strace"
fi

# ---- 2. a descriptor flipped between nsfs and a FIFO -----------------
D2=$TMP/flip
evil "$D2"
trap_fifo "$D2/ff"
bg as_nobody unshare -Ur "$NB/fd-flipper" "$D2/ff" 120 >"$D2/flip.out"
if wait_for grep -q ready "$D2/flip.out"; then
	hung=0 bad=0
	for i in $(seq 1 40); do
		timeout 10 "$NSLS" -t net -o NS,HOLDERS >/dev/null 2>&1
		case $? in
		0) ;;
		124) hung=$((hung + 1)) ;;
		*) bad=$((bad + 1)) ;;
		esac
	done
	expect_eq hostile-fd-flip-never-hangs "$hung" 0
	expect_eq hostile-fd-flip-exit-0 "$bad" 0
	never_opened hostile-fd-flip-never-read "$D2/ff"
else
	fail hostile-fd-flip-setup "the flipper did not start"
fi

# ---- 3. a fake conmon with a delegated cgroup ----------------------
cg2=$(findmnt -n -t cgroup2 -o TARGET 2>/dev/null | head -n1)
if [ -z "$cg2" ]; then
	skip hostile-conmon "no cgroup2 hierarchy mounted"
else
	ID=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
	CG=$cg2/nsinfo-hostile-$$
	E=$TMP/store
	evil "$E"
	as_nobody mkdir -p "$E/vfs-containers/$ID/userdata"
	mkdir "$CG" && mkdir "$CG/libpod-$ID" && chown -R $NOBODY:$NOBODY "$CG/libpod-$ID"
	cleanup_cg() { reap_all; rmdir "$CG/libpod-$ID" "$CG" 2>/dev/null; }
	trap 'cleanup_cg; _cleanup' EXIT
	# conmon's argv: -c ID -b BUNDLE (the last -c wins); its child is
	# the container's init, moved into the delegated cgroup by root
	bg as_nobody bash -c 'sleep 300 & echo $! >"$1/init"
		exec -a conmon bash -c "sleep 300; :" -c "$2" -b "$1/vfs-containers/$2/userdata"' \
		_ "$E" "$ID"
	if wait_for test -s "$E/init" && echo "$(cat "$E/init")" >"$CG/libpod-$ID/cgroup.procs"; then
		init=$(cat "$E/init")
		store=$E/vfs-containers/containers.json
		# a) the store is a FIFO
		trap_fifo "$E/ff"
		as_nobody ln -sf "$E/ff" "$store"
		bounded hostile-conmon-fifo-nsls-container 0 "$NSLS" -o +CONTAINER
		bounded hostile-conmon-fifo-nsls-output-all 0 "$NSLS" --output-all
		bounded hostile-conmon-fifo-nsenter 1 "$NSENTER" --container web true
		never_opened hostile-conmon-fifo-never-read "$E/ff"
		# b) the store is a link to /etc/shadow
		as_nobody ln -sfn /etc/shadow "$store"
		if command -v strace >/dev/null; then
			ASAN_OPTIONS=detect_leaks=0 timeout 20 strace -f -y -qq -e trace=open,openat,openat2 -o "$TMP/strace2" \
				"$NSLS" -o +CONTAINER >/dev/null 2>&1
			expect_eq hostile-conmon-shadow-exit "$?" 0
			bad=$(grep -E '<[^>]*shadow>' "$TMP/strace2" | grep -v O_PATH)
			expect_eq hostile-conmon-shadow-never-read "$bad" ""
		else
			skip hostile-conmon-shadow "no strace"
		fi
		# c) nobody's own store names it "web": shown as nobody's claim,
		# never used to pick a target for root
		as_nobody rm -f "$store"
		as_nobody sh -c 'printf "[{\"id\": \"%s\", \"names\": [\"web\"]}]\n" "$2" >"$1"' _ "$store" "$ID"
		"$NSLS" --processes -p "$init" -o PID,RUNTIME,CONTAINER -n -r >"$TMP/out" 2>/dev/null
		expect_eq hostile-conmon-name-shown "$(cat "$TMP/out")" "$init podman web"
		bounded hostile-conmon-root-refuses-name 1 "$NSENTER" --container web true
		check hostile-conmon-root-refusal-says-why grep -q "another user's" "$TMP/err"
		bounded hostile-conmon-root-refuses-id 1 "$NSENTER" --container "$ID" true
		as_nobody "$NB/nsenter-lite" --container web --dry-run -n >"$TMP/out" 2>&1
		check hostile-conmon-owner-may-use-it grep -q "^target: PID $init\b" "$TMP/out"
		# a group- or world-writable directory on the way: not read
		chmod o+w "$E/vfs-containers"
		"$NSLS" --processes -p "$init" -o PID,RUNTIME,CONTAINER -n -r >"$TMP/out" 2>/dev/null
		expect_eq hostile-conmon-writable-dir-not-read "$(cat "$TMP/out")" "$init podman ${ID:0:12}"
		chmod o-w "$E/vfs-containers"
	else
		fail hostile-conmon-setup "could not place the fake container in $CG"
	fi
fi

# ---- 6. FIFOs named on the command line, and in a fake proc tree ----
D6=$TMP/cmdline
evil "$D6"
trap_fifo "$D6/ff"
bounded hostile-nsenter-fifo 1 "$NSENTER" --net="$D6/ff" true
check hostile-nsenter-fifo-says grep -q "is not a namespace file" "$TMP/err"
bounded hostile-nsenter-fifo-dry-run 1 "$NSENTER" --net="$D6/ff" --dry-run
never_opened hostile-nsenter-fifo-never-read "$D6/ff"

# a fake proc root whose links, stat, mountinfo and mount target all lead
# to the same FIFO (hard links of it)
P=$TMP/fakeproc
mkdir -p "$P/1/ns" "$P/1/root"
for t in cgroup ipc mnt net pid time user uts; do
	ln -s "$t:[40265320$((RANDOM % 90 + 10))]" "$P/1/ns/$t"
done
ln -sfn 'net:[4026532999]' "$P/1/ns/net"
ln "$D6/ff" "$P/1/ns/net:[4026532999]"
ln "$D6/ff" "$P/1/stat"
ln "$D6/ff" "$P/1/root/x"
printf '30 1 0:4 net:[4026532998] /x rw - nsfs nsfs rw\n' >"$P/1/mountinfo"
bounded hostile-proc-root-fifos 0 "$NSLS" --proc-root "$P"
bounded hostile-proc-root-fifos-json 0 "$NSLS" --proc-root "$P" -J -o +PNS,HOLDERS,NAME
expect_eq hostile-proc-root-mount-listed \
	"$(jq -r '.namespaces[] | select(.ns == 4026532998) | .nprocs' "$TMP/out")" 0
ln -f "$D6/ff" "$P/1/mountinfo"
bounded hostile-proc-root-fifo-mountinfo 0 "$NSLS" --proc-root "$P" -o +HOLDERS
never_opened hostile-proc-root-never-read "$D6/ff"

# ---- hidepid: say how many tasks are hidden -----------------------------
HP=$TMP/hidepid
mkdir -p "$HP"
unshare -m --propagation private sh -c 'mount -t proc -o hidepid=invisible proc "$1" &&
	exec setpriv --reuid=65534 --regid=65534 --clear-groups "$2" --proc-root "$1" -J' \
	_ "$HP" "$NB/nsls" >"$TMP/hp.json" 2>"$TMP/hp.err"
expect_eq hostile-hidepid-exit "$?" 0
hidden=$(jq -r '.unreadable.hidden_tasks // 0' "$TMP/hp.json")
expect_eq hostile-hidepid-counted "$([ "$hidden" -gt 0 ] && echo yes)" yes
expect_eq hostile-hidepid-option "$(jq -r '.unreadable.hidepid' "$TMP/hp.json")" invisible
# not more hidden than there are tasks that are not nobody's
others=$(ps -eLo uid= | awk -v nb=$NOBODY '$1 != nb { n++ } END { print n + 0 }')
expect_eq hostile-hidepid-plausible "$([ "$hidden" -le $((others + 20)) ] && echo yes)" yes
unshare -m --propagation private sh -c 'mount -t proc -o hidepid=invisible proc "$1" &&
	exec setpriv --reuid=65534 --regid=65534 --clear-groups "$2" --proc-root "$1"' \
	_ "$HP" "$NB/nsls" >/dev/null 2>"$TMP/hp.err"
check hostile-hidepid-says grep -qE "^nsls: about [0-9]+ tasks are hidden from you: $HP is mounted with hidepid=invisible$" "$TMP/hp.err"
# root sees everything: nothing (or only the churn of a moment) hidden
unshare -m --propagation private sh -c 'mount -t proc -o hidepid=invisible proc "$1" &&
	exec "$2" --proc-root "$1" -J' _ "$HP" "$NSLS" >"$TMP/hp.json" 2>/dev/null
expect_eq hostile-hidepid-root-sees-all \
	"$([ "$(jq -r '.unreadable.hidden_tasks // 0' "$TMP/hp.json")" -lt 5 ] && echo yes)" yes
# an ordinary proc: no word of hiding
"$NSLS" -J >"$TMP/plain.json" 2>/dev/null
expect_eq hostile-hidepid-none-on-plain-proc "$(jq -r '.unreadable.hidden_tasks // "none"' "$TMP/plain.json")" none
