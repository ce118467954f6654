#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# fixtures.sh - nsls --proc-root on a made-up proc tree, for the cases a
# live kernel cannot be made to show on demand: a process without a time
# link (kernels before 5.6), entries that are not PIDs, a PID directory
# without ns (exited), link texts that are garbage or name another type,
# a thread apart from its process. The tree is generated here, in $TMP.
# Fixture roots have no task info: PPID, USER, COMMAND... stay empty
# (nsls(1), --proc-root).
. "$(dirname "$0")/lib.sh"

P=$TMP/proc
types="cgroup ipc mnt net pid time user uts"
# The initial namespaces of the fixture machine.
declare -A I=(
	[cgroup]=4026531835 [ipc]=4026531839 [mnt]=4026531840 [net]=4026531992
	[pid]=4026531836 [time]=4026531834 [user]=4026531837 [uts]=4026531838
)
# links DIR TYPE=TEXT...: namespace links in DIR; TEXT is the link text,
# or a bare inode, which becomes TYPE:[inode] (TYPE without a _for_children)
links() {
	local dir=$1 kv name text
	shift
	mkdir -p "$dir"
	for kv in "$@"; do
		name=${kv%%=*}
		text=${kv#*=}
		case $text in
		[0-9]*) text="${name%_for_children}:[$text]" ;;
		esac
		ln -sfn "$text" "$dir/$name"
	done
}
# proc PID [TYPE=TEXT...]: a process with the initial namespaces of every
# type, changed by the arguments (TYPE=- removes that link)
proc() {
	local pid=$1 t kv
	shift
	local args=()
	for t in $types; do args+=("$t=${I[$t]}"); done
	args+=("pid_for_children=${I[pid]}" "time_for_children=${I[time]}")
	links "$P/$pid/ns" "${args[@]}"
	for kv in "$@"; do
		if [ "${kv#*=}" = - ]; then
			rm -f "$P/$pid/ns/${kv%%=*}"
		else
			links "$P/$pid/ns" "$kv"
		fi
	done
}

proc 100
proc 101 net=4026532002
proc 102 time=- time_for_children=-			# a kernel before 5.6
proc 103 net=4026532002 pid=4026532010 pid_for_children=4026532010
proc 104 pid_for_children=4026532011 time_for_children=4026532012
proc 106 net='net:[garbage]'				# one bad link
proc 107 $(for t in $types; do echo "$t=garbage"; done)	# nothing valid
proc 108 uts='ipc:[4026531839]'				# another type's text
proc 109 $(for t in $types; do [ $t = user ] || echo "$t=-"; done) \
	pid_for_children=- time_for_children=-
mkdir -p "$P/105"					# exited: no ns
echo 'not a directory' >"$P/110"
# a thread of 100 that left its net namespace, and 100's own task entry
mkdir -p "$P/100/task/100"
for t in $types; do links "$P/100/task/150/ns" "$t=${I[$t]}"; done
links "$P/100/task/150/ns" net=4026532001
# not PIDs: /proc's own names, a leading zero, signs, too big
ln -s 100 "$P/self"
ln -s 100/task/100 "$P/thread-self"
for e in 0123 abc -1 +5 2147483648 0 99x; do proc "$e"; done
echo '1234.56 789.01' >"$P/uptime"

# ---- the namespace view ----------------------------------------------------
"$NSLS" --proc-root "$P" -o NS,TYPE,NPROCS,PID -J >"$TMP/ns.json" 2>"$TMP/err"
expect_eq fixture-exit "$?" 0
expect_eq fixture-stderr-empty "$(cat "$TMP/err")" ""
got=$(jq -r '.namespaces[] | "\(.ns) \(.type) \(.nprocs) \(.pid)"' "$TMP/ns.json" 2>/dev/null)
want="4026531834 time 6 100
4026531835 cgroup 7 100
4026531836 pid 6 100
4026531837 user 8 100
4026531838 uts 6 100
4026531839 ipc 7 100
4026531840 mnt 7 100
4026531992 net 4 100
4026532002 net 2 101
4026532010 pid 1 103
4026532011 pid 0 104
4026532012 time 0 104"
expect_eq fixture-rows-exact "$got" "$want"
# the same, line by line, to say which one is off
while read -r ns type n pid; do
	expect_eq "fixture-row-$type-$ns" \
		"$(jq -r --argjson ns "$ns" '.namespaces[] | select(.ns == $ns) | "\(.type) \(.nprocs) \(.pid)"' "$TMP/ns.json" 2>/dev/null)" \
		"$type $n $pid"
done <<<"$want"
expect_eq fixture-no-unreadable "$(jq 'has("unreadable")' "$TMP/ns.json" 2>/dev/null)" false

# HOLDERS and PATH (HOLDERS reads threads: the thread's net namespace too)
"$NSLS" --proc-root "$P" -o NS,NPROCS,NTHREADS,PID,HOLDERS,PATH -J >"$TMP/h.json" 2>/dev/null
h() { jq -r --argjson ns "$1" '.namespaces[] | select(.ns == $ns) | "\(.nprocs) \(.pid) \(.path)"' "$TMP/h.json" 2>/dev/null; }
hk() { kinds "$(jq -r --argjson ns "$1" '.namespaces[] | select(.ns == $ns) | .holders' "$TMP/h.json" 2>/dev/null)"; }
expect_eq fixture-process-row "$(h 4026532010)" "1 103 $P/103/ns/pid"
expect_eq fixture-holders-process "$(hk 4026532010)" process
expect_eq fixture-pid-for-children-row "$(h 4026532011)" "0 104 $P/104/ns/pid_for_children"
expect_eq fixture-holders-pid-for-children "$(hk 4026532011)" for_children
expect_eq fixture-time-for-children-row "$(h 4026532012)" "0 104 $P/104/ns/time_for_children"
expect_eq fixture-holders-time-for-children "$(hk 4026532012)" for_children
expect_eq fixture-thread-row "$(h 4026532001)" "0 150 $P/100/task/150/ns/net"
expect_eq fixture-holders-thread "$(hk 4026532001)" thread
expect_eq fixture-holders-init-net "$(hk 4026531992)" process
expect_eq fixture-nthreads-thread \
	"$(jq -r '.namespaces[] | select(.ns == 4026532001) | .nthreads' "$TMP/h.json" 2>/dev/null)" 1

# --tasks: the thread's namespace gets a row; without, it does not
"$NSLS" --proc-root "$P" --tasks -o NS,TYPE,NPROCS,NTHREADS,PID -J >"$TMP/t.json" 2>/dev/null
expect_eq fixture-tasks-thread-row \
	"$(jq -r '.namespaces[] | select(.ns == 4026532001) | "\(.type) \(.nprocs) \(.nthreads) \(.pid)"' "$TMP/t.json" 2>/dev/null)" \
	"net 0 1 150"
expect_eq fixture-tasks-rows "$(jq '.namespaces | length' "$TMP/t.json" 2>/dev/null)" 13
expect_eq fixture-no-tasks-no-thread-row \
	"$(jq '[.namespaces[] | select(.ns == 4026532001)] | length' "$TMP/ns.json" 2>/dev/null)" 0

# ---- no task info: the process details are empty ---------------------------
"$NSLS" --proc-root "$P" -J >"$TMP/d.json" 2>/dev/null
expect_eq fixture-default-rows "$(jq '.namespaces | length' "$TMP/d.json" 2>/dev/null)" 12
expect_eq fixture-no-task-info \
	"$(jq -c '[.namespaces[] | .user, .command] | unique' "$TMP/d.json" 2>/dev/null)" "[null]"
# relations cannot be read from text links: empty, never made up
"$NSLS" --proc-root "$P" -o NS,PNS,ONS,DEPTH,NSID -J >"$TMP/r.json" 2>/dev/null
expect_eq fixture-no-relations \
	"$(jq -c '[.namespaces[] | .pns, .ons, .depth, .nsid] | unique' "$TMP/r.json" 2>/dev/null)" "[null]"
# the columns that -t net adds, and NSFS from the (missing) mountinfo
"$NSLS" --proc-root "$P" -t net -J >"$TMP/net.json" 2>"$TMP/err"
expect_eq fixture-t-net "$?:$(jq -c '[.namespaces[] | "\(.ns):\(.nprocs):\(.netnsid):\(.nsfs)"]' "$TMP/net.json" 2>/dev/null)" \
	'0:["4026531992:4:null:null","4026532002:2:null:null"]'

# ---- the process view ------------------------------------------------------
"$NSLS" --proc-root "$P" --processes -o PID,NETNS,TIMENS,UTSNS,USERNS -J >"$TMP/p.json" 2>/dev/null
expect_eq fixture-processes-pids \
	"$(jq -c '[.processes[].pid]' "$TMP/p.json" 2>/dev/null)" "[100,101,102,103,104,106,108,109]"
pr() { jq -c --argjson p "$1" '.processes[] | select(.pid == $p) | [.netns, .timens, .utsns, .userns]' "$TMP/p.json" 2>/dev/null; }
expect_eq fixture-processes-no-time "$(pr 102)" "[4026531992,null,4026531838,4026531837]"
expect_eq fixture-processes-garbage-link "$(pr 106)" "[null,4026531834,4026531838,4026531837]"
expect_eq fixture-processes-wrong-type-link "$(pr 108)" "[4026531992,4026531834,null,4026531837]"
expect_eq fixture-processes-user-only "$(pr 109)" "[null,null,null,4026531837]"
"$NSLS" --proc-root "$P" --processes --tasks -o PID,TID,NETNS -J >"$TMP/pt.json" 2>/dev/null
expect_eq fixture-processes-tasks \
	"$(jq -c '[.processes[] | select(.pid == 100) | [.tid, .netns]]' "$TMP/pt.json" 2>/dev/null)" \
	"[[null,4026531992],[150,4026532001]]"

# ---- -p and the namespace argument -----------------------------------------
pns() { "$NSLS" --proc-root "$P" "$@" -o TYPE,NS -J 2>/dev/null | jq -r '[.namespaces[] | "\(.type):\(.ns)"] | join(" ")' 2>/dev/null; }
expect_eq fixture-p-full "$(pns -p 101)" \
	"time:4026531834 cgroup:4026531835 pid:4026531836 user:4026531837 uts:4026531838 ipc:4026531839 mnt:4026531840 net:4026532002"
expect_eq fixture-p-no-time "$(pns -p 102)" \
	"cgroup:4026531835 pid:4026531836 user:4026531837 uts:4026531838 ipc:4026531839 mnt:4026531840 net:4026531992"
expect_eq fixture-p-user-only "$(pns -p 109)" "user:4026531837"
expect_eq fixture-p-thread "$(pns --tasks -p 150 -t net -t uts)" "uts:4026531838 net:4026532001"
# as lsns: no rows, and no error
for e in 105 107 110; do
	"$NSLS" --proc-root "$P" -p $e >"$TMP/out" 2>"$TMP/err"
	expect_eq "fixture-p-$e-not-a-process" "$?:$(wc -c <"$TMP/out"):$(cat "$TMP/err")" \
		"0:0:"
done
"$NSLS" --proc-root "$P" 4026532002 -o PID,PPID,COMMAND -J >"$TMP/m.json" 2>/dev/null
expect_eq fixture-nsid-members "$(jq -c '.namespaces' "$TMP/m.json" 2>/dev/null)" \
	'[{"pid":101,"ppid":null,"command":null},{"pid":103,"ppid":null,"command":null}]'
# no process in it: its own row (lsns: "not found")
"$NSLS" --proc-root "$P" 4026532011 -J >"$TMP/m2.json" 2>/dev/null
expect_eq fixture-nsid-for-children-only "$?:$(jq -c '[.namespaces[] | [.ns, .nprocs, .holders[0].kind]]' "$TMP/m2.json" 2>/dev/null)" \
	'0:[[4026532011,0,"for_children"]]'

# ---- an empty proc root: nothing to list, not an error --------------------
mkdir -p "$TMP/empty"
"$NSLS" --proc-root "$TMP/empty" -J >"$TMP/e.json" 2>"$TMP/err"
expect_eq fixture-empty-root "$?:$(jq -c 'del(.source, .source_why)' "$TMP/e.json" 2>/dev/null):$(cat "$TMP/err")" \
	'0:{"namespaces":[],"schema":"urn:nsinfo:nsls:1"}:'
expect_eq fixture-empty-root-source "$(jq -r .source "$TMP/e.json" 2>/dev/null)" proc

# ---- --source: a fixture tree is no procfs, the kernel source cannot read it
# (its PIDs are the initial pid namespace's, not the tree's): kernel is
# refused in one line, before anything is printed; auto reads the tree
# and says why; proc reads it and says nothing more
for tool in nsls nstree nstop; do
	bin=$NSINFO_BUILD/bin/$tool
	args=()
	[ $tool = nstop ] && args=(-b -n 1)
	"$bin" "${args[@]}" --proc-root "$P" --source=kernel >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc:$(wc -c <"$TMP/out"):$(wc -l <"$TMP/err")" = 1:0:1 ] &&
		grep -qE "^$tool: kernel source: .*proc root" "$TMP/err"; then
		pass "fixture-source-kernel-$tool"
	else
		fail "fixture-source-kernel-$tool" "exit $rc, $(wc -c <"$TMP/out") bytes out, stderr '$(tr '\n' '|' <"$TMP/err")'"
	fi
done
"$NSLS" --proc-root "$P" --source=auto -o NS,TYPE,NPROCS,PID -J >"$TMP/sa.json" 2>"$TMP/err"
expect_eq fixture-source-auto "$?:$(jq -c '[.source, (.source_why | type == "string" and test("proc root"))]' "$TMP/sa.json" 2>/dev/null):$(cat "$TMP/err")" \
	'0:["proc",true]:'
expect_eq fixture-source-auto-rows "$(jq -c .namespaces "$TMP/sa.json" 2>/dev/null)" \
	"$(jq -c .namespaces "$TMP/ns.json" 2>/dev/null)"
expect_eq fixture-source-default-is-auto "$(jq -c '[.source, .source_why]' "$TMP/ns.json" 2>/dev/null)" \
	"$(jq -c '[.source, .source_why]' "$TMP/sa.json" 2>/dev/null)"
"$NSLS" --proc-root "$P" --source=proc -o NS,TYPE,NPROCS,PID -J >"$TMP/sp.json" 2>"$TMP/err"
expect_eq fixture-source-proc "$?:$(jq -c '[.source, has("source_why")]' "$TMP/sp.json" 2>/dev/null):$(cat "$TMP/err")" \
	'0:["proc",false]:'
expect_eq fixture-source-proc-rows "$(jq -c .namespaces "$TMP/sp.json" 2>/dev/null)" \
	"$(jq -c .namespaces "$TMP/ns.json" 2>/dev/null)"
"$NSINFO_BUILD/bin/nstree" --proc-root "$P" -J >"$TMP/st.json" 2>"$TMP/err"
expect_eq fixture-source-nstree-auto "$?:$(jq -c '[.source, (.source_why | type == "string" and test("proc root")), (.nodes | length > 0)]' "$TMP/st.json" 2>/dev/null)" \
	'0:["proc",true,true]'
"$NSINFO_BUILD/bin/nstop" -J -n 1 --proc-root "$P" >"$TMP/sn.json" 2>"$TMP/err"
expect_eq fixture-source-nstop-auto "$?:$(jq -c '[.source, (.source_why | type == "string" and test("proc root"))]' "$TMP/sn.json" 2>/dev/null)" \
	'0:["proc",true]'

