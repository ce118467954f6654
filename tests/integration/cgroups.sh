# SPDX-License-Identifier: LGPL-2.1-or-later
# cgroups.sh - the cgroup columns against the cgroup files themselves:
#   - a cgroup made here with a memory, pids and CPU limit (v1 hierarchies
#     on a hybrid host, v2 files on a unified one), a process in it in a
#     new cgroup namespace: CGROUP, CGNSROOT, MEM, MEMMAX, CPUMAX, CGCPU,
#     PIDS, PIDSMAX and PSI in text and JSON, nstree's CGROUP too;
#   - a hierarchy not mounted in our mount namespace: "-" and the reason
#     in JSON, never a zero;
#   - hostile cgroup names: an escape sequence is escaped, a newline (which
#     would forge a line of /proc/PID/cgroup) makes the paths refused;
#   - a podman container run with --memory 64m --pids-limit 50 shows them
#     (nsls and nstop's container view);
#   - nstop marks a container (here: a process) at 90% of its memory limit
#     in a real terminal, and batch mode marks nothing.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../containers/lib.sh"

NSTOP=$NSINFO_BUILD/bin/nstop
NSTREE=$NSINFO_BUILD/bin/nstree
TMP=$_tmp
NAME=nsinfo-cgtest-$$
CG=/sys/fs/cgroup
made=()
cg_cleanup() {
	local d
	for d in "${made[@]}"; do
		# its processes are dead (lib.sh), the directory goes
		for _ in 1 2 3 4 5; do rmdir "$d" 2>/dev/null && break; sleep 0.1; done
	done
}
podman_started=""
trap '[ -n "$podman_started" ] && ct_stop podman "$podman_started" 2>/dev/null; _cleanup; cg_cleanup' EXIT

pfield() {
	jq -r --argjson pid "$2" --arg k "$3" \
		'.processes[] | select(.pid == $pid) | .[$k] | tostring' "$1" 2>/dev/null
}
mk() { mkdir "$1" 2>/dev/null && made=("$1" "${made[@]}"); }

# ---- the layout: a unified host, or the hybrid one ----------------------
if [ "$(stat -f -c %T $CG)" = cgroup2fs ]; then
	V2=$CG
	MEMDIR=$CG/$NAME PIDSDIR=$CG/$NAME CPUDIR=$CG/$NAME
	for c in memory pids cpu; do
		grep -qw $c $CG/cgroup.controllers || { skip cgroups "no $c controller in v2"; exit 0; }
		echo "+$c" >$CG/cgroup.subtree_control 2>/dev/null
	done
	mk $CG/$NAME || { skip cgroups "cannot make a cgroup"; exit 0; }
	echo 67108864 >$MEMDIR/memory.max
	echo 50 >$PIDSDIR/pids.max
	echo "50000 100000" >$CPUDIR/cpu.max
	dirs="$CG/$NAME"
	memcur=memory.current
else
	V2=$CG/unified
	for c in memory pids cpu; do
		[ "$(stat -f -c %T $CG/$c 2>/dev/null)" = cgroupfs ] || { skip cgroups "no v1 $c hierarchy"; exit 0; }
	done
	MEMDIR=$CG/memory/$NAME PIDSDIR=$CG/pids/$NAME CPUDIR=$CG/cpu/$NAME
	for d in $MEMDIR $PIDSDIR $CPUDIR $V2/$NAME; do mk $d || { skip cgroups "cannot make $d"; exit 0; }; done
	echo 67108864 >$MEMDIR/memory.limit_in_bytes
	echo 50 >$PIDSDIR/pids.max
	echo 100000 >$CPUDIR/cpu.cfs_period_us
	echo 50000 >$CPUDIR/cpu.cfs_quota_us
	dirs="$MEMDIR $PIDSDIR $CPUDIR $V2/$NAME"
	memcur=memory.usage_in_bytes
fi
# cpuacct too where v1 has it, so that CGCPU is this cgroup's
if [ -d $CG/cpuacct ] && [ "$(stat -f -c %T $CG/cpuacct)" = cgroupfs ] && [ ! -e $CG/cpu/cpuacct.usage ]; then
	mk $CG/cpuacct/$NAME && dirs="$dirs $CG/cpuacct/$NAME"
fi

# a shell moves itself in, then a new cgroup namespace rooted there
bg sh -c "for d in $dirs; do echo \$\$ >\$d/cgroup.procs; done; exec unshare -C --fork sleep 1000"
wait_for test -n "$(first_child $BG_PID)"
upid=$BG_PID	# unshare: the cgroup namespace's leader (its lowest PID)
pid=$(first_child "$BG_PID")
wait_for grep -q "$NAME" /proc/"$pid"/cgroup
[ -n "$pid" ] || { fail cgroups-start "no process in the cgroup"; exit 0; }

COLS=PID,CGROUP,CGNSROOT,MEM,MEMMAX,CPUMAX,CGCPU,PIDS,PIDSMAX,PSI
"$NSLS" --processes -J -o $COLS >"$TMP/p.json" 2>"$TMP/p.err"
expect_eq cgroups-json-memmax "$(pfield "$TMP/p.json" "$pid" memmax)" 67108864
expect_eq cgroups-json-pidsmax "$(pfield "$TMP/p.json" "$pid" pidsmax)" 50
expect_eq cgroups-json-cpumax "$(pfield "$TMP/p.json" "$pid" cpumax)" 0.5
expect_eq cgroups-json-pids "$(pfield "$TMP/p.json" "$pid" pids)" "$(cat $PIDSDIR/pids.current)"
mem=$(pfield "$TMP/p.json" "$pid" mem)
want=$(cat $MEMDIR/$memcur)
# usage moves a little between the two reads; same order of size
if [ "$mem" -gt 0 ] 2>/dev/null && [ $((mem / 4096)) -le $((want / 4096 + 64)) ] && [ $((mem + 262144)) -ge "$want" ]; then
	pass cgroups-json-mem
else
	fail cgroups-json-mem "mem '$mem', $memcur says $want"
fi
cpu=$(pfield "$TMP/p.json" "$pid" cgcpu)
case $cpu in ''|null|*[!0-9]*) fail cgroups-json-cgcpu "'$cpu' is not microseconds" ;; *) pass cgroups-json-cgcpu ;; esac
v2path=$(jq -r --argjson pid "$pid" '.processes[] | select(.pid == $pid) | .cgroup[] | select(.controllers == "") | .path' "$TMP/p.json")
expect_eq cgroups-json-cgroup-v2 "$v2path" "/$NAME"
if [ "$V2" != "$CG" ]; then
	mpath=$(jq -r --argjson pid "$pid" '.processes[] | select(.pid == $pid) | .cgroup[] | select(.controllers == "memory") | .path' "$TMP/p.json")
	expect_eq cgroups-json-cgroup-v1 "$mpath" "/$NAME"
fi
root=$(jq -r --argjson pid "$pid" '.processes[] | select(.pid == $pid) | .cgnsroot[] | select(.controllers == "") | .path' "$TMP/p.json")
expect_eq cgroups-json-cgnsroot "$root" "/$NAME"
# and the process itself sees "/" there: what makes the paths confusing
expect_eq cgroups-inside-sees-root "$(grep '^0::' /proc/$pid/cgroup | cut -d: -f3)" "/$NAME"
psi=$(jq -r --argjson pid "$pid" '.processes[] | select(.pid == $pid) | .psi.cpu.some | type' "$TMP/p.json")
expect_eq cgroups-json-psi "$psi" number
expect_eq cgroups-json-no-unknown "$(jq -r --argjson pid "$pid" '.processes[] | select(.pid == $pid) | .unknown // {} | length' "$TMP/p.json")" 0

line=$("$NSLS" --processes -r -n -o PID,MEMMAX,CPUMAX,PIDSMAX | awk -v p="$pid" '$1 == p')
expect_eq cgroups-text "$line" "$pid 64M 50% 50"
# -Q compares the sizes as numbers (bytes), not as the table's "64M"
line=$("$NSLS" --processes -r -n -o PID -Q "MEMMAX == 67108864 && PIDSMAX < 51" | awk -v p="$pid" '$1 == p')
expect_eq cgroups-filter-bytes "$line" "$pid"
line=$("$NSLS" --processes -r -n -o PID -Q "MEMMAX > 67108864" | awk -v p="$pid" '$1 == p')
expect_eq cgroups-filter-bytes-not "$line" ""
line=$("$NSLS" --processes -r -n -o PID,CGROUP | awk -v p="$pid" '$1 == p')
case $line in "$pid /$NAME"*) pass cgroups-text-path ;; *) fail cgroups-text-path "got '$line'" ;; esac

# nstree: the process rows have the columns too
"$NSTREE" --processes -J -o ID,CGROUP,MEMMAX "$pid" >"$TMP/t.json" 2>"$TMP/t.err"
got=$(jq -r --argjson pid "$pid" '.. | objects | select(.id == $pid) | .memmax' "$TMP/t.json" 2>/dev/null | head -1)
expect_eq cgroups-nstree-memmax "$got" 67108864

# ---- a hierarchy not mounted here: "-" and why, never 0 ------------------
if [ "$V2" != "$CG" ]; then
	out=$(unshare -m sh -c "umount $CG/pids && '$NSLS' --processes -J -o PID,PIDSMAX" 2>&1)
	got=$(echo "$out" | jq -r --argjson pid "$pid" '.processes[] | select(.pid == $pid) | "\(.pidsmax) \(.unknown.pidsmax)"' 2>/dev/null)
	expect_eq cgroups-unmounted-json "$got" "null pids.max: hierarchy not mounted here"
	got=$(unshare -m sh -c "umount $CG/pids && '$NSLS' --processes -r -n -o PID,PIDSMAX" 2>&1 | awk -v p="$pid" '$1 == p')
	expect_eq cgroups-unmounted-text "$got" "$pid -"
else
	skip cgroups-unmounted "one hierarchy only: nothing to unmount but all"
fi

# ---- hostile names --------------------------------------------------------
esc=$V2/$NAME-$'\033[31mred'
nl=$V2/$NAME-$'x\n0::forged'
if mk "$esc"; then
	bg sh -c "echo \$\$ >'$esc/cgroup.procs'; exec sleep 1000"
	epid=$BG_PID
	wait_for grep -q red /proc/$epid/cgroup
	got=$("$NSLS" --processes -n -o PID,CGROUP | awk -v p="$epid" '$1 == p')
	case $got in *'\x1b[31mred'*) pass cgroups-hostile-escaped ;; *) fail cgroups-hostile-escaped "got '$got'" ;; esac
else
	skip cgroups-hostile-escaped "cannot make a cgroup with an escape in its name"
fi
if mk "$nl"; then
	bg sh -c "echo \$\$ >'$nl/cgroup.procs'; exec sleep 1000"
	npid=$BG_PID
	wait_for grep -q forged /proc/$npid/cgroup
	"$NSLS" --processes -J -o PID,CGROUP,MEMMAX >"$TMP/n.json" 2>&1
	got=$(jq -r --argjson pid "$npid" '.processes[] | select(.pid == $pid) | "\(.cgroup) \(.unknown.cgroup)"' "$TMP/n.json")
	expect_eq cgroups-hostile-newline "$got" "null /proc/PID/cgroup: cgroup file refused: a name with a newline"
	got=$("$NSLS" --processes -r -n -o PID,CGROUP | grep -c forged)
	expect_eq cgroups-hostile-no-forged-line "$got" 0
else
	# Linux refuses them since 5.x; cg_paths_parse's -EBADMSG is unit-tested
	skip cgroups-hostile-newline "the kernel refuses a newline in a cgroup name"
fi

# ---- nstop: at 90% of the memory limit, in a terminal ---------------------
if command -v tmux >/dev/null; then
	use=$(cat $MEMDIR/$memcur)
	lim=$(( (use * 105 / 100 / 4096 + 2) * 4096 ))
	if [ "$V2" = "$CG" ]; then echo $lim >$MEMDIR/memory.max; else echo $lim >$MEMDIR/memory.limit_in_bytes; fi
	TM=(tmux -S "$TMP/tmux.sock" -f /dev/null)
	"${TM[@]}" new-session -d -s cg -x 160 -y 40 \
		"env TERM=xterm-256color $NSTOP -o NS,TYPE,PID,MEM,MEMMAX -d 0.5" 2>"$TMP/tmux.err"
	sleep 1.5
	# the filter: the cgroup namespace of the test process (its leader)
	"${TM[@]}" send-keys -t cg "/" 2>/dev/null
	sleep 0.3
	"${TM[@]}" send-keys -t cg -l -- "$upid" 2>/dev/null
	"${TM[@]}" send-keys -t cg Enter 2>/dev/null
	sleep 1.5
	screen=$("${TM[@]}" capture-pane -p -e -t cg 2>/dev/null)
	"${TM[@]}" kill-server >/dev/null 2>&1
	row=$(printf "%s\n" "$screen" | grep -E "cgroup.*[^0-9]$upid[^0-9]" | head -1)
	case $row in
	*$'\033[1m'*|*$'\033[1;'*|*$'\033[33m'*|*';33m'*) pass cgroups-nstop-alert ;;
	'') skip cgroups-nstop-alert "the row of $upid was not on the screen" ;;
	*) fail cgroups-nstop-alert "no bold/yellow MEM in: $(printf '%q' "$row")" ;;
	esac
	got=$("$NSTOP" -b -n 1 -g processes -o PID,MEM --color=always 2>/dev/null | grep -c $'\033')
	expect_eq cgroups-nstop-batch-no-mark "$got" 0
else
	skip cgroups-nstop-alert "no tmux"
fi

# ---- podman with --memory 64m --pids-limit 50 ----------------------------
ct_setup >"$TMP/setup.out" 2>&1
if ! ct_available podman 2>"$TMP/avail.err"; then
	skip cgroups-podman "podman cannot run here: $(tr '\n' ' ' <"$TMP/avail.err")"
	exit 0
fi
cname=nsinfo-cglim-$$
_ct_podman rm -f -t 0 "$cname" >/dev/null 2>&1
if ! out=$(_ct_podman run -d --name "$cname" --network none --log-driver k8s-file \
	--memory 64m --pids-limit 50 "$CT_IMAGE" $CT_CMD 2>&1 </dev/null); then
	skip cgroups-podman "podman run --memory: $(echo "$out" | tail -1)"
	exit 0
fi
podman_started=$cname
cpid=$(_ct_podman inspect --format '{{.State.Pid}}' "$cname" 2>/dev/null)
"$NSLS" --processes -J -o PID,MEMMAX,PIDSMAX,CONTAINER >"$TMP/c.json" 2>&1
expect_eq cgroups-podman-memmax "$(pfield "$TMP/c.json" "$cpid" memmax)" 67108864
expect_eq cgroups-podman-pidsmax "$(pfield "$TMP/c.json" "$cpid" pidsmax)" 50
# the container view's own columns (its defaults), found by their headings
row=$("$NSTOP" -b -n 1 -g containers 2>/dev/null | awk -v c="$cname" '
	$1 == "CONTAINER" { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$1 == c { print $1, $col["MEMMAX"], $col["PIDSMAX"] }')
expect_eq cgroups-nstop-container-limits "$row" "$cname 64M 50"
