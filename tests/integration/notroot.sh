#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# notroot.sh - nsls run as nobody: the processes of other users cannot be
# read. nsls still exits 0, says how many it skipped in one line on
# stderr (and in -J, under "unreadable"), and lists nobody's own
# processes, here one in a user and net namespace of its own, correctly.
. "$(dirname "$0")/lib.sh"

if ! command -v setpriv >/dev/null; then
	skip notroot "no setpriv"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	skip notroot "not root: cannot become nobody"
	exit 0
fi

# The build tree may not be readable by nobody: a copy with the layout
# the binary expects ($ORIGIN/../lib).
chmod 755 "$TMP"
mkdir -p "$TMP/nb/bin" "$TMP/nb/lib"
cp "$NSLS" "$TMP/nb/bin/nsls"
cp "$NSINFO_BUILD/bin/nstop" "$TMP/nb/bin/nstop"
cp -a "$(dirname "$NSLS")"/../lib/libnsinfo.so* "$TMP/nb/lib/"
chmod -R a+rX "$TMP/nb"
NB=$TMP/nb/bin/nsls
cd "$TMP" || exit 1
if ! as_nobody "$NB" --version >/dev/null 2>"$TMP/err"; then
	fail notroot-runs "nobody cannot run the copy: $(cat "$TMP/err")"
	exit 0
fi
pass notroot-runs

summary_re='^nsls: [0-9]+ of [0-9]+ processes could not be read: permission denied$'
# count_uid CMP: live (not zombie) processes whose uid matches CMP
count_live() {	# count_live root|nobody
	ps -e -o uid=,stat= | awk -v who="$1" -v nb=$NOBODY '
		$2 !~ /^Z/ && ((who == "nobody") == ($1 == nb)) { n++ } END { print n + 0 }'
}

# ---- nobody's own namespaces -------------------------------------------
bg setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups unshare --user --net sleep 1000
own=$BG_PID
own_ok() { [ "$(cat /proc/$own/comm 2>/dev/null)" = sleep ] && [ "$(ns_of $own user)" != "$(ns_of $$ user)" ]; }
wait_for own_ok
own_user=$(ns_of $own user)
own_net=$(ns_of $own net)
expect_eq notroot-own-kernel \
	"$([ -n "$own_user" ] && [ "$own_net" != "$(ns_of $$ net)" ] && echo yes)" yes

# ---- the default table ---------------------------------------------------
root_before=$(count_live root)
as_nobody "$NB" >"$TMP/out" 2>"$TMP/err"
rc=$?
root_after=$(count_live root)
expect_eq notroot-exit "$rc" 0
expect_eq notroot-stdout-table "$(head -n1 "$TMP/out" | tr -s ' ' | sed 's/^ //')" \
	"NS TYPE NPROCS PID USER COMMAND"
expect_eq notroot-stderr-one-line "$(wc -l <"$TMP/err")" 1
check notroot-stderr-summary grep -qE "$summary_re" "$TMP/err"
read -r denied seen < <(sed -nE 's/^nsls: ([0-9]+) of ([0-9]+) processes.*/\1 \2/p' "$TMP/err")
denied=${denied:-0} seen=${seen:-0}
root_min=$((root_before < root_after ? root_before : root_after))
# every root process is denied (ps, awk and the $(...) shell of the counts
# are root too, and gone by then: a little slack); what is
# left is nobody's: at least nsls itself and the sleep
expect_eq notroot-denied-covers-root "$([ "$denied" -ge $((root_min - 5)) ] && echo yes)" \
	yes
expect_eq notroot-readable-plausible \
	"$([ $((seen - denied)) -ge 2 ] && [ $((seen - denied)) -le $(($(count_live nobody) + 3)) ] && echo yes)" yes

# ---- -J: the same numbers under "unreadable" -----------------------------
as_nobody "$NB" -J -o NS,TYPE,NPROCS,PID,USER,PNS,ONS >"$TMP/j.json" 2>"$TMP/jerr"
expect_eq notroot-json-exit "$?" 0
jd=$(sed -nE 's/^nsls: ([0-9]+) of ([0-9]+) processes.*/\1 \2/p' "$TMP/jerr")
expect_eq notroot-json-stderr-one-line "$(wc -l <"$TMP/jerr")" 1
expect_eq notroot-json-unreadable \
	"$(jq -r '"\(.unreadable.processes) \(.unreadable.seen) \(.unreadable.reason)"' "$TMP/j.json" 2>/dev/null)" \
	"$jd permission denied"
row() { jq -r --argjson n "$1" '.namespaces[] | select(.ns == $n) |
	"\(.type) \(.nprocs) \(.pid) \(.user) \(.pns) \(.ons)"' "$TMP/j.json" 2>/dev/null; }
my_user=$(ns_of $$ user)
expect_eq notroot-own-user-row "$(row "$own_user")" "user 1 $own nobody $my_user $my_user"
expect_eq notroot-own-net-row "$(row "$own_net")" "net 1 $own nobody 0 $own_user"
# the initial net namespace: only nobody's processes are counted in it
n=$(jq -r --argjson n "$(ns_of $$ net)" '.namespaces[] | select(.ns == $n) | .nprocs' "$TMP/j.json" 2>/dev/null)
expect_eq notroot-init-net-counts-readable "$([ "${n:-0}" -ge 1 ] && [ "${n:-0}" -lt "$root_min" ] && echo yes)" yes

# ---- -p --------------------------------------------------------------------
as_nobody "$NB" -p $own -J -o NS,TYPE >"$TMP/p.json" 2>"$TMP/perr"
expect_eq notroot-p-own-exit "$?" 0
want=$(for t in cgroup ipc mnt net pid time user uts; do echo "$t:$(ns_of $own $t)"; done | sort)
expect_eq notroot-p-own-exact "$(jq -r '.namespaces[] | "\(.type):\(.ns)"' "$TMP/p.json" 2>/dev/null | sort)" "$want"
# as lsns: no rows for a process that could not be read, and no error;
# the report after the output counts it with the others
as_nobody "$NB" -p 1 >"$TMP/p1.out" 2>"$TMP/p1.err"
expect_eq notroot-p1-exit "$?" 0
expect_eq notroot-p1-stdout-empty "$(wc -c <"$TMP/p1.out")" 0
check notroot-p1-message bash -c '[ "$(wc -l <"$1")" = 1 ] && grep -qE "$2" "$1"' _ "$TMP/p1.err" "$summary_re"

# ---- --processes: denied cells say so ---------------------------------------
as_nobody "$NB" --processes -J >"$TMP/pr.json" 2>/dev/null
expect_eq notroot-processes-own \
	"$(jq -r --argjson p $own '.processes[] | select(.pid == $p) | "\(.netns) \(.userns)"' "$TMP/pr.json" 2>/dev/null)" \
	"$own_net $own_user"
expect_eq notroot-processes-denied-cell \
	"$(jq -r '.processes[] | select(.pid == 1) | .netns' "$TMP/pr.json" 2>/dev/null)" denied

# ---- --tasks as nobody: still one summary, no thread noise ------------------
as_nobody "$NB" --tasks >/dev/null 2>"$TMP/terr"
expect_eq notroot-tasks-exit "$?" 0
check notroot-tasks-stderr bash -c '[ "$(wc -l <"$1")" = 1 ] && grep -qE "$2" "$1"' _ "$TMP/terr" "$summary_re"

# ---- --source: the kernel source needs CAP_BPF and CAP_PERFMON ------------
# nobody has neither: --version says why, --source=kernel fails with that
# reason in one line and prints nothing, auto and proc read /proc and say so
NT=$TMP/nb/bin/nstop
nb_why=$(as_nobody bash -c "$(declare -f kernel_why); kernel_why \"\$1\"" _ "$NB")
expect_eq notroot-source-version-says-why "$([ -n "$nb_why" ] && echo yes)" yes
as_nobody "$NB" --source=kernel -o NS,TYPE >"$TMP/k.out" 2>"$TMP/k.err"
expect_eq notroot-source-kernel "$?:$(wc -c <"$TMP/k.out"):$(cat "$TMP/k.err")" \
	"1:0:nsls: kernel source: $nb_why"
as_nobody "$NB" --source=kernel -J -o NS,TYPE >"$TMP/k.out" 2>"$TMP/k.err"
expect_eq notroot-source-kernel-json "$?:$(wc -c <"$TMP/k.out"):$(cat "$TMP/k.err")" \
	"1:0:nsls: kernel source: $nb_why"
as_nobody "$NB" --source=auto -J -o NS,TYPE >"$TMP/a.json" 2>"$TMP/a.err"
expect_eq notroot-source-auto "$?:$(jq -c '[.source, (.source_why | type == "string" and length > 0),
	(.namespaces | length > 0)]' "$TMP/a.json" 2>/dev/null)" '0:["proc",true,true]'
check notroot-source-auto-stderr-summary bash -c \
	'[ "$(wc -l <"$1")" = 1 ] && grep -qE "$2" "$1"' _ "$TMP/a.err" "$summary_re"
as_nobody "$NB" --source=proc -J -o NS,TYPE >"$TMP/pp.json" 2>/dev/null
expect_eq notroot-source-proc "$?:$(jq -c '[.source, has("source_why")]' "$TMP/pp.json" 2>/dev/null)" \
	'0:["proc",false]'
# the same rows either way
expect_eq notroot-source-auto-same-rows "$(jq -c '.namespaces' "$TMP/a.json" 2>/dev/null | md5sum)" \
	"$(jq -c '.namespaces' "$TMP/pp.json" 2>/dev/null | md5sum)"
# nstop holds a scanner: auto tried the kernel source and says why not,
# the reason --version gives
as_nobody "$NT" -J -n 1 -t net >"$TMP/t.json" 2>"$TMP/t.err"
expect_eq notroot-nstop-source-auto "$?:$(jq -c '[.source, .source_why]' "$TMP/t.json" 2>/dev/null)" \
	"0:[\"proc\",\"$nb_why\"]"
as_nobody "$NT" -b -n 1 -t net >"$TMP/t.out" 2>/dev/null
expect_eq notroot-nstop-header-source "$(sed -n 2p "$TMP/t.out" | sed -nE 's/.*; (source: .*)$/\1/p')" \
	"source: proc (kernel: $nb_why)"
as_nobody "$NT" -b -n 1 --source=kernel >"$TMP/t.out" 2>"$TMP/t.err"
expect_eq notroot-nstop-source-kernel "$?:$(wc -c <"$TMP/t.out"):$(cat "$TMP/t.err")" \
	"1:0:nstop: kernel source: $nb_why"
