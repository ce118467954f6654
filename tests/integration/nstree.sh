#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# nstree.sh - nstree on real nested populations, the kernel's word being
# /proc/PID/ns/* and the NSpid line of /proc/PID/status:
#   - 6 levels of user namespaces below ours, 2..5 hidden (one process
#     went through them: `unshare -U -r` five times, each exec'ing the
#     next), level 1 and 6 held by processes;
#   - 4 levels of pid namespaces (`unshare -p -f` four times), the PIDs
#     of every process of the chain at each level against NSpid;
#   - a branch from each kind of start point (PID, inode, TYPE:[N],
#     ip netns name, a container when a runtime works here), --depth,
#     --ancestors, the JSON against the raw text, ASCII against UTF-8;
#   - --processes marks, a thread apart from its process;
#   - as nobody in a user namespace of its own: the top is a stub;
#   - nsls -T owner|parent|process (lsns's trees, tools/common/tree.c too);
#   - golden text for a fixture proc tree (no relations there: what a
#     fixture can show is pid namespaces, NSpid and threads).
. "$(dirname "$0")/lib.sh"

NT=$NSINFO_BUILD/bin/nstree
if [ ! -x "$NT" ]; then
	fail nstree-binary "$NT is missing"
	exit 0
fi

# ids ARGS...: the ID column of nstree -r ARGS, one a line
ids() { "$NT" -r -n -o ID "$@" 2>/dev/null; }

# ---- user namespaces: 6 levels, the middle ones hidden -----------------
bg unshare -U -r sh -c 'sleep 1000 & exec unshare -U -r unshare -U -r unshare -U -r unshare -U -r unshare -U -r sleep 1001'
u6=$BG_PID
u_ok() { [ "$(cat /proc/$u6/comm 2>/dev/null)" = sleep ] && [ -n "$(first_child $u6)" ]; }
if ! wait_for u_ok; then
	fail nstree-user-setup "the user namespace chain did not start"
	exit 0
fi
u1=$(first_child $u6)
top_user=$(ns_of $$ user)
l1=$(ns_of $u1 user)
l6=$(ns_of $u6 user)
# PARENT last: it is empty at the top
"$NT" -r -n -o ID,DEPTH,NODE,PARENT $u6 >"$TMP/u.raw" 2>"$TMP/u.err"
expect_eq nstree-user-exit "$?" 0
# the branch: our user namespace, level 1, four hidden, level 6
expect_eq nstree-user-branch-length "$(wc -l <"$TMP/u.raw")" 7
expect_eq nstree-user-branch-ends \
	"$(awk 'NR == 1 || NR == 2 || NR == 7 { print $1 }' "$TMP/u.raw" | paste -sd' ')" "$top_user $l1 $l6"
expect_eq nstree-user-depths "$(awk '{ print $2 }' "$TMP/u.raw" | paste -sd' ')" "0 1 2 3 4 5 6"
expect_eq nstree-user-hidden-middle \
	"$(awk '{ print ($3 ~ /\\x20\(hidden\)$/) ? "h" : "-" }' "$TMP/u.raw" | paste -sd '')" "--hhhh-"
# each node's PARENT is the line above
expect_eq nstree-user-parents \
	"$(awk '(NR == 1 && $4 != "") || (NR > 1 && $4 != prev) { bad++ } { prev = $1 } END { print bad + 0 }' "$TMP/u.raw")" 0
# the same seven in the whole tree, under each other
"$NT" -r -n -o ID,PARENT >"$TMP/all.raw" 2>/dev/null
chain=$(awk -v id="$l6" '{ p[$1] = $2 } END { n = 0; while (id != "" && n < 50) { printf "%s ", id; id = p[id]; n++ } }' "$TMP/all.raw")
expect_eq nstree-user-whole-tree-chain "$(wc -w <<<"$chain")" 7
# --ancestors: the path alone; a start given as user:[N] or N is the same
expect_eq nstree-ancestors "$(ids --ancestors $u6 | paste -sd' ')" \
	"$(awk '{ print $1 }' "$TMP/u.raw" | paste -sd' ')"
expect_eq nstree-start-inode "$(ids "$l1" | paste -sd' ')" "$(ids "user:[$l1]" | paste -sd' ')"
# --depth N below the start: level 1 with N levels under it
expect_eq nstree-depth-0 "$(ids --depth 0 "$l1" | paste -sd' ')" "$top_user $l1"
expect_eq nstree-depth-1 "$(ids --depth 1 "$l1" | wc -l)" 3
expect_eq nstree-depth-2 "$(ids --depth 2 "$l1" | wc -l)" 4
expect_eq nstree-depth-all "$(ids "$l1" | tail -n 1)" "$l6"

# JSON against the raw text: the same nodes, depth first, same nesting
"$NT" -J $u6 >"$TMP/u.json" 2>/dev/null
expect_eq nstree-json-vs-text \
	"$(jq -r 'def walk(p): (.ns|tostring) + " " + p, (.ns as $n | (.children // [])[] | walk($n|tostring)); .nodes[] | walk("")' "$TMP/u.json" 2>/dev/null | sed 's/ $//')" \
	"$(awk '{ print $1 " " $4 }' "$TMP/u.raw" | sed 's/ $//')"
expect_eq nstree-json-types "$(jq -r '[.. | objects | select(has("ns")) | .type] | unique | join(",")' "$TMP/u.json" 2>/dev/null)" user

# ASCII and UTF-8 art
LC_ALL=C.UTF-8 "$NT" $u6 >"$TMP/utf8" 2>/dev/null
LC_ALL=C.UTF-8 "$NT" --ascii $u6 >"$TMP/ascii" 2>/dev/null
LC_ALL=C "$NT" $u6 >"$TMP/c" 2>/dev/null
check nstree-art-utf8 grep -q '└─' "$TMP/utf8"
check nstree-art-ascii bash -c 'grep -q "\`-" "$1" && ! LC_ALL=C grep -qP "[\x80-\xff]" "$1"' _ "$TMP/ascii"
expect_eq nstree-art-c-locale "$(cat "$TMP/c")" "$(LC_ALL=C cat "$TMP/ascii")"
expect_eq nstree-art-same-rows "$(wc -l <"$TMP/utf8")" "$(wc -l <"$TMP/ascii")"

# ---- pid namespaces: 4 levels, PIDs at each level ---------------------
bg unshare -p -f unshare -p -f unshare -p -f unshare -p -f sleep 1002
p0=$BG_PID
chain_pids() {	# the unshare chain from $p0 down, one PID a line
	local p=$p0
	while [ -n "$p" ]; do echo "$p"; p=$(first_child "$p"); done
}
p_ok() { [ "$(chain_pids | wc -l)" = 5 ] && [ "$(cat /proc/"$(chain_pids | tail -n 1)"/comm 2>/dev/null)" = sleep ]; }
if ! wait_for p_ok; then
	fail nstree-pid-setup "the pid namespace chain did not start"
else
	leaf=$(chain_pids | tail -n 1)
	"$NT" -P -r -n -o ID,NSPID >"$TMP/p.raw" 2>/dev/null
	bad=""
	for p in $(chain_pids); do
		want=$(awk '/^NSpid:/ { $1 = ""; sub(/^ /, ""); gsub(/[ \t]+/, ","); print }' /proc/$p/status)
		got=$(awk -v p=$p '$1 == p { print $2 }' "$TMP/p.raw")
		[ "$got" = "$want" ] || bad="$bad $p:'$got'!='$want'"
	done
	expect_eq nstree-pid-nspid-each-level "${bad:-none}" none
	expect_eq nstree-pid-leaf-levels "$(awk -v p=$leaf '$1 == p { print $2 }' "$TMP/p.raw" | tr , '\n' | wc -l)" 5
	# the branch: 5 pid namespaces (ours, then one per level), the leaf
	want=$( (ns_of $$ pid; for p in $(chain_pids | tail -n +2); do ns_of "$p" pid; done; echo "$leaf") | paste -sd' ')
	expect_eq nstree-pid-branch "$(ids -P --ancestors "$leaf" | paste -sd' ')" "$want"
	"$NT" -P -J --ancestors "$leaf" >"$TMP/p.json" 2>/dev/null
	expect_eq nstree-pid-json-nspid \
		"$(jq -c '[.. | objects | select(.pid == '"$leaf"' and .ns == null) | .nspid][0]' "$TMP/p.json" 2>/dev/null)" \
		"[$(awk '/^NSpid:/ { $1 = ""; sub(/^ /, ""); gsub(/[ \t]+/, ","); print }' /proc/$leaf/status)]"
	# the innermost pid namespace as a start point: it and its process
	expect_eq nstree-pid-start-ns "$(ids -P "pid:[$(ns_of "$leaf" pid)]" | tail -n 2 | paste -sd' ')" \
		"$(ns_of "$leaf" pid) $leaf"
fi

# ---- --processes: where a process changes namespaces -------------------
bg unshare --net --uts sleep 1003
m=$BG_PID
wait_for bash -c '[ "$(cat /proc/$1/comm)" = sleep ]' _ $m
node=$("$NT" --processes -r -n -o ID,NODE 2>/dev/null | awk -v p=$m '$1 == p { $1 = ""; print substr($0, 2) }')
expect_eq nstree-processes-mark "$node" "$m\x20sleep\x20[net:$(ns_of $m net)\x20uts:$(ns_of $m uts)]"
node=$("$NT" --processes -t net -r -n -o ID,NODE 2>/dev/null | awk -v p=$m '$1 == p { print $2 }')
expect_eq nstree-processes-type "$node" "$m\x20sleep\x20[net:$(ns_of $m net)]"
node=$("$NT" --processes -r -n -o ID,PARENT 2>/dev/null | awk -v p=$m '$1 == p { print $2 }')
expect_eq nstree-processes-parent "$node" "$$"
# the same process as a PID start point in -U: its user namespace
expect_eq nstree-start-pid-user "$(ids --ancestors $m | tail -n 1)" "$top_user"

# ---- nsls -T: lsns's trees, from the same tree code ---------------------
# pairs FILE: "NS PARENT-NS" for every node of a nested -J, depth first
pairs() {
	jq -r 'def walk(p): (.ns|tostring) + " " + p, (.ns as $n | (.children // [])[] | walk($n|tostring)); .namespaces[] | walk("")' "$1" 2>/dev/null | sed 's/ $//'
}
# up FILE NS: NS and the nodes above it, one line
up() {
	pairs "$1" | awk -v id="$2" '{ p[$1] = $2 } END { n = 0; while (id != "" && n < 50) { printf "%s ", id; id = p[id]; n++ } }' | sed 's/ $//'
}
"$NSLS" -T -J -o NS,TYPE >"$TMP/t-owner.json" 2>/dev/null
expect_eq nsls-tree-owner-exit "$?" 0
expect_eq nsls-tree-owner-chain "$(up "$TMP/t-owner.json" "$l6" | wc -w):$(up "$TMP/t-owner.json" "$l6" | awk '{ print $NF }')" "7:$top_user"
expect_eq nsls-tree-owner-net "$(up "$TMP/t-owner.json" "$(ns_of $m net)")" "$(ns_of $m net) $top_user"
"$NSLS" --tree=parent -t pid -J -o NS >"$TMP/t-parent.json" 2>/dev/null
if [ -n "${leaf:-}" ]; then
	want=$( (ns_of "$leaf" pid; for p in $(chain_pids | tail -n +2 | tac); do ns_of "$p" pid; done | tail -n +2; ns_of $$ pid) | paste -sd' ')
	expect_eq nsls-tree-parent-chain "$(up "$TMP/t-parent.json" "$(ns_of "$leaf" pid)")" "$want"
fi
# -T process as lsns draws it: under the row of the process's parent, in
# COMMAND; without COMMAND no column carries it and the rows are flat. The
# sleep's parent (this shell) leads no row, so its net namespace is a root
# (tests/integration/parity-lsns.sh compares the shapes with lsns itself)
"$NSLS" --tree=process -t net -J -o NS >"$TMP/t-process.json" 2>/dev/null
expect_eq nsls-tree-process-flat "$(jq -c '[.namespaces[] | has("children")] | any' "$TMP/t-process.json")" false
"$NSLS" --tree=process -t net -J -o NS,COMMAND >"$TMP/t-process.json" 2>/dev/null
expect_eq nsls-tree-process "$(up "$TMP/t-process.json" "$(ns_of $m net)")" "$(ns_of $m net)"
# the raw tree is the JSON's nodes, depth first; the table draws art in NS.
# Two scans: namespaces that came or went between them (the rest of the
# system does not wait) are left out of the comparison.
"$NSLS" -T -r -n -o NS 2>/dev/null >"$TMP/t-raw.ids"
pairs "$TMP/t-owner.json" | awk '{ print $1 }' >"$TMP/t-json.ids"
both() { grep -Fxf "$2" "$1" | paste -sd' '; }
expect_eq nsls-tree-raw-order "$(both "$TMP/t-raw.ids" "$TMP/t-json.ids")" \
	"$(both "$TMP/t-json.ids" "$TMP/t-raw.ids")"
LC_ALL=C.UTF-8 "$NSLS" -T -o NS,TYPE >"$TMP/t.txt" 2>/dev/null
check nsls-tree-art grep -qE "^[│ ]*└─$l6 user" "$TMP/t.txt"
"$NSLS" -T --processes >/dev/null 2>"$TMP/e.err"
expect_eq nsls-tree-conflict "$?:$(head -n 1 "$TMP/e.err")" "1:nsls: --tree and --processes are mutually exclusive"
"$NSLS" --tree=bogus >/dev/null 2>"$TMP/e.err"
expect_eq nsls-tree-bad-relation "$?:$(cat "$TMP/e.err")" "1:nsls: unknown tree type: bogus"

helper=$NSINFO_BUILD/tests/thread-netns
if [ -x "$helper" ]; then
	bg "$helper" >"$TMP/helper.out"
	wait_for grep -qx ready "$TMP/helper.out"
	hpid=$(sed -n 's/^pid //p' "$TMP/helper.out")
	ntid=$(sed -n 's/^net //p' "$TMP/helper.out")
	tnet=$(readlink /proc/$hpid/task/$ntid/ns/net | tr -dc 0-9)
	"$NT" --processes -t net -r -n -o ID,PARENT,NODE $hpid >"$TMP/t.raw" 2>/dev/null
	expect_eq nstree-thread-under-process \
		"$(awk -v t=$ntid '$1 == t { print $2 " " $3 }' "$TMP/t.raw")" "$hpid $ntid\x20(thread)\x20[net:$tnet]"
	"$NT" -P -r -n -o ID,PARENT $hpid >"$TMP/tp.raw" 2>/dev/null
	expect_eq nstree-thread-pid-view "$(awk -v t=$ntid '$1 == t { print $2 }' "$TMP/tp.raw")" "$hpid"
	# --owned: the thread is listed under the net namespace it sits in
	"$NT" --owned -t net -r -n -o ID,PARENT,NODE $hpid >"$TMP/to.raw" 2>/dev/null
	expect_eq nstree-thread-owned-view \
		"$(awk -v t=$ntid '$1 == t { print $2 }' "$TMP/to.raw")" "$tnet"
else
	fail nstree-thread-helper "$helper is missing (make test builds it)"
fi

# ---- an ip netns name; a container ------------------------------------
nn=nstree-t$$
if ip netns add "$nn" 2>/dev/null; then
	ino=$(stat -L -c %i /run/netns/"$nn")
	expect_eq nstree-start-netns "$(ids --ancestors "$nn" | paste -sd' ')" "$top_user $ino"
	ip netns del "$nn"
else
	fail nstree-start-netns "ip netns add failed"
fi

. "$(dirname "$0")/../containers/lib.sh"
trap 'ct_cleanup >/dev/null 2>&1; _cleanup' EXIT
ct_setup >"$TMP/setup.out" 2>&1
cpid="" crt=""
for rt in nspawn lxc podman; do
	if cpid=$(ct_start "$rt" nsinfo-tree 2>"$TMP/ct.err"); then
		crt=$rt
		break
	fi
done
if [ -n "$crt" ]; then
	expect_eq nstree-start-container-pid "$(ids -P --ancestors nsinfo-tree | tail -n 1)" "$cpid"
	expect_eq nstree-start-container-user "$(ids --ancestors nsinfo-tree | tail -n 1)" "$(ns_of "$cpid" user)"
	ct_stop "$crt" nsinfo-tree >/dev/null 2>&1
else
	skip nstree-start-container "no runtime starts here: $(tr '\n' ' ' <"$TMP/ct.err")"
fi

# ---- errors -----------------------------------------------------------
"$NT" nstree-no-such-thing >"$TMP/e.out" 2>"$TMP/e.err"
expect_eq nstree-error-start "$?:$(wc -c <"$TMP/e.out"):$(cat "$TMP/e.err")" \
	"1:0:nstree: nstree-no-such-thing: no such container or network namespace"
"$NT" 999999999 >/dev/null 2>"$TMP/e.err"
expect_eq nstree-error-number "$?:$(cat "$TMP/e.err")" "1:nstree: 999999999: no such process, namespace or container"
"$NT" 'net:[12]' >/dev/null 2>"$TMP/e.err"
expect_eq nstree-error-ns "$?:$(cat "$TMP/e.err")" "1:nstree: namespace net:[12]: not found"
"$NT" --ancestors >/dev/null 2>"$TMP/e.err"
expect_eq nstree-error-ancestors "$?:$(cat "$TMP/e.err")" "1:nstree: --ancestors needs a start point"
"$NT" -J -r >/dev/null 2>"$TMP/e.err"
expect_eq nstree-error-conflict "$?:$(head -n 1 "$TMP/e.err")" "1:nstree: --json and --raw are mutually exclusive"
"$NT" --depth -1 >/dev/null 2>"$TMP/e.err"
expect_eq nstree-error-depth "$?:$(cat "$TMP/e.err")" "1:nstree: invalid depth '-1'"
"$NT" >/dev/full 2>"$TMP/e.err"
expect_eq nstree-error-write "$?:$(head -n 1 "$TMP/e.err")" "1:nstree: write error: No space left on device"
"$NT" --help >"$TMP/h.out"
expect_eq nstree-help "$?:$(sed -n 2p "$TMP/h.out")" "0:Usage:"
check nstree-version bash -c '"$1" --version | grep -q "^nstree from nsinfo "' _ "$NT"

# ---- --source ----------------------------------------------------------------
"$NT" --source=bogus >"$TMP/e.out" 2>"$TMP/e.err"
expect_eq nstree-source-unknown "$?:$(wc -c <"$TMP/e.out"):$(cat "$TMP/e.err")" \
	"1:0:nstree: unknown source 'bogus' (auto, proc, kernel)"
"$NT" -J --source=proc $u6 >"$TMP/sp.json" 2>/dev/null
expect_eq nstree-source-proc-json "$?:$(jq -c '[keys, .source]' "$TMP/sp.json" 2>/dev/null)" \
	'0:[["nodes","schema","source"],"proc"]'
expect_eq nstree-source-proc-same-tree "$(jq -c .nodes "$TMP/sp.json" 2>/dev/null)" \
	"$(jq -c .nodes "$TMP/u.json" 2>/dev/null)"
# auto (the default): kernel, or proc and why; source_why only then
expect_eq nstree-source-auto-json \
	"$(jq '(.source == "kernel" and (has("source_why") | not)) or
		(.source == "proc" and (.source_why | type == "string" and length > 0))' "$TMP/u.json" 2>/dev/null)" true
why=$(kernel_why "$NT")
if [ -z "$why" ]; then
	"$NT" -J --source=kernel $u6 >"$TMP/sk.json" 2>/dev/null
	expect_eq nstree-source-kernel-json "$?:$(jq -c '[keys, .source]' "$TMP/sk.json" 2>/dev/null)" \
		'0:[["nodes","schema","source"],"kernel"]'
	# the test's chain of seven user namespaces, read by the iterator
	expect_eq nstree-source-kernel-same-tree "$(jq -c .nodes "$TMP/sk.json" 2>/dev/null)" \
		"$(jq -c .nodes "$TMP/sp.json" 2>/dev/null)"
else
	"$NT" -J --source=kernel $u6 >"$TMP/e.out" 2>"$TMP/e.err"
	expect_eq nstree-source-kernel-refused "$?:$(wc -c <"$TMP/e.out"):$(cat "$TMP/e.err")" \
		"1:0:nstree: kernel source: $why"
fi

# ---- as nobody, in a user namespace of its own: the top is out of view ---
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod 755 "$TMP"
	mkdir -p "$TMP/nb/bin" "$TMP/nb/lib"
	cp "$NT" "$TMP/nb/bin/nstree"
	cp -a "$NSINFO_BUILD"/lib/libnsinfo.so* "$TMP/nb/lib/"
	chmod -R a+rX "$TMP/nb"
	cd "$TMP" || exit 1
	setpriv --reuid=65534 --regid=65534 --clear-groups unshare -U -r \
		sh -c 'readlink /proc/self/ns/user; exec "$1" -r -n -o ID,PARENT,NODE' _ "$TMP/nb/bin/nstree" \
		>"$TMP/nb.raw" 2>"$TMP/nb.err"
	rc=$?
	own=$(head -n 1 "$TMP/nb.raw" | tr -dc 0-9)
	expect_eq nstree-nobody-exit "$rc" 0
	expect_eq nstree-nobody-stub-top "$(sed -n 2p "$TMP/nb.raw")" "0  ?\x20(above\x20our\x20view)"
	expect_eq nstree-nobody-own-under-stub "$(awk -v u="$own" '$1 == u { print $2 }' "$TMP/nb.raw")" 0
	check nstree-nobody-says-denied grep -qE '^nstree: [0-9]+ of [0-9]+ processes could not be read: permission denied$' "$TMP/nb.err"
	cd - >/dev/null || exit 1
else
	skip nstree-nobody "not root or no setpriv"
fi

# ---- golden: a fixture proc tree --------------------------------------
P=$TMP/proc
fx() {	# PID PIDNS NSPID...: a process in pid namespace PIDNS
	local pid=$1 pidns=$2 t
	shift 2
	mkdir -p "$P/$pid/ns"
	for t in cgroup ipc mnt net time user uts; do ln -sfn "$t:[40265318$((30 + ${#t}))]" "$P/$pid/ns/$t"; done
	ln -sfn "pid:[$pidns]" "$P/$pid/ns/pid"
	printf 'Name:\tx\nNSpid:\t%s\nNSpgid:\t1\n' "$(printf '%s\t' "$@" | sed 's/\t$//')" >"$P/$pid/status"
}
fx 1 4026531836 1
fx 200 4026531836 200
fx 300 4026532300 300 1
fx 301 4026532300 301 2
fx 302 4026532302 302 3 1
# a thread of 1 in another net namespace
mkdir -p "$P/1/task/1" "$P/1/task/7/ns"
cp -a "$P/1/ns/." "$P/1/task/7/ns/"
ln -sfn 'net:[4026532999]' "$P/1/task/7/ns/net"
# trailing blanks (the table pads every cell) are not the point
"$NT" -P --ascii --proc-root "$P" 2>"$TMP/golden.err" | sed 's/ *$//' >"$TMP/golden.out"
expect_eq nstree-golden-exit "${PIPESTATUS[0]}:$(cat "$TMP/golden.err")" "0:"
cat >"$TMP/golden.want" <<'EOF'
NODE                            NSPID   COMMAND
pid:[4026531836]
|-1                             1
| `-7 (thread) [net:4026532999]
`-200                           200
pid:[4026532300]
|-300                           300,1
`-301                           301,2
pid:[4026532302]
`-302                           302,3,1
EOF
if diff -u "$TMP/golden.want" "$TMP/golden.out" >"$TMP/golden.diff"; then
	pass nstree-golden-pid
else
	fail nstree-golden-pid "$(head -n 20 "$TMP/golden.diff" | tr '\n' '|')"
fi
"$NT" --processes --ascii -o NODE,ID,PARENT --proc-root "$P" 2>/dev/null | sed 's/ *$//' >"$TMP/golden2.out"
cat >"$TMP/golden2.want" <<'EOF'
NODE                                  ID PARENT
1                                      1
`-7 (thread) [net:4026532999]          7      1
200                                  200
300                                  300
301                                  301
302                                  302
EOF
if diff -u "$TMP/golden2.want" "$TMP/golden2.out" >"$TMP/golden2.diff"; then
	pass nstree-golden-processes
else
	fail nstree-golden-processes "$(head -n 20 "$TMP/golden2.diff" | tr '\n' '|')"
fi
