#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# schemas.sh - every JSON document the tools print against its JSON Schema
# in schemas/ (draft 2020-12, tests/helpers/schema-check.py with Debian's
# python3-jsonschema): nsls -J in each view (namespaces, --processes, the
# NSID view, -p, -P, every -T tree), nstree -J in each view, nstop -b -J
# frames of each grouping (with events), nsls --save snapshot files,
# nsdiff -J of sides and of snapshots, and --list-columns -J; with every
# column, as root and as nobody (whose view has "denied" cells), over a
# population with real content: a process in new user, pid, mnt, net, uts,
# ipc, cgroup and time namespaces, an `ip netns add` namespace, an nsfs
# bind mount held by no process, a process in a cgroup made here with
# memory and pids limits (and a cgroup namespace rooted there) whose
# stdout is a pipe to a cat and stderr /dev/null, and a podman container
# when podman runs here offline (tests/containers/). Each document's "schema" key is its
# schema's $id, and every schema but the rows' is some document's.
#
# And the schemas keep in step with the catalogues: every column a tool's
# --list-columns -J names has a property in the row schema of that view,
# of the JSON type the catalogue says (and, where the view is the whole
# catalogue, every property is a column). A copy of the schemas with one
# type changed and one column dropped must fail that check and validation.
. "$(dirname "$0")/lib.sh"
# (a podman that hangs on a lock costs this test a podman start, no more)
CT_TIMEOUT=${CT_TIMEOUT:-20}
. "$(dirname "$0")/../containers/lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
SCHEMAS=$top/schemas
CHECKER=$top/tests/helpers/schema-check.py
B=$NSINFO_BUILD/bin
TYPES="cgroup ipc mnt net pid time user uts"

# Debian's python3 first (its python3-jsonschema, what install-deps
# installs), else whichever python3 is first on PATH and has the module.
PY=""
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import jsonschema' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
	fail schemas-jsonschema "no python3 with the jsonschema module (scripts/install-deps test installs python3-jsonschema)"
	exit 0
fi
pass "schemas-jsonschema ($("$PY" -c 'import importlib.metadata as m; print("jsonschema", m.version("jsonschema"))' 2>/dev/null))"

# ---- cleanup ------------------------------------------------------------
netns=nsinfo-schema-$$
netns2=nsinfo-schema2-$$
ctname=nsinfo-schema-$$
cgname=nsinfo-schema-$$
BIND=""
cgmade=()
schemas_cleanup() {
	local d i
	exec 2>/dev/null
	ct_cleanup
	reap_all
	for d in "${cgmade[@]}"; do
		for i in 1 2 3 4 5; do rmdir "$d" && break; sleep 0.1; done
	done
	if [ -n "$BIND" ]; then
		mountpoint -q "$BIND/uts" && { umount "$BIND/uts" || umount -l "$BIND/uts"; }
		mountpoint -q "$BIND" && { umount "$BIND" || umount -l "$BIND"; }
		mountpoint -q "$BIND" || rm -rf "$BIND"
	fi
	ip netns del "$netns"
	ip netns del "$netns2"
	return 0
}
trap 'schemas_cleanup; _cleanup' EXIT

# ---- the schemas themselves -------------------------------------------------
if "$PY" "$CHECKER" "$SCHEMAS" ids >"$TMP/ids" 2>"$TMP/ids.err"; then
	pass schemas-valid-draft-2020-12
else
	fail schemas-valid-draft-2020-12 "$(cat "$TMP/ids.err")"
	exit 0
fi
# each file is named after its $id: urn:nsinfo:NAME:VERSION in NAME.schema.json
bad=$(awk '{ split($1, p, ":"); if (p[1] != "urn" || p[2] != "nsinfo" || p[4] !~ /^[0-9]+$/ ||
	$2 != p[3] ".schema.json") print }' "$TMP/ids")
expect_eq schemas-ids-name-files "$bad" ""

# ---- the population ---------------------------------------------------------
# (unshare --fork says it could not unblock signals when killed at the end)
bg sh -c 'exec unshare --user --map-root-user --pid --fork --mount --net --uts --ipc \
	--cgroup --time sleep 1000 2>/dev/null'
set_parent=$BG_PID
wait_for test -n "$(first_child "$set_parent")"
set_pid=$(first_child "$set_parent")
own=0
for t in $TYPES; do
	[ -n "$set_pid" ] && [ "$(ns_of "$set_pid" "$t")" != "$(ns_of $$ "$t")" ] && own=$((own + 1))
done
expect_eq schemas-population-set "$own" 8

ip netns add "$netns" 2>"$TMP/ip.err" || fail schemas-population-netns "ip netns add: $(cat "$TMP/ip.err")"
netns_ino=$(stat -L -c %i "/run/netns/$netns" 2>/dev/null)

# an nsfs bind mount no process holds (its parent made private, as
# unshare(1) wants it)
BIND=$(mktemp -d /tmp/nsinfo-schema.XXXXXX)
bind_ino=""
if mount --bind "$BIND" "$BIND" && mount --make-private "$BIND" && touch "$BIND/uts" &&
	unshare --uts="$BIND/uts" true; then
	bind_ino=$(stat -L -c %i "$BIND/uts")
fi
check schemas-population-nsfs-bind test -n "$bind_ino"

# a cgroup with memory and pids limits (v1 hierarchies beside the unified
# one on a hybrid host, as cgroups.sh makes it), a process in it in a
# cgroup namespace rooted there; its stdout a pipe to a cat, its stderr
# /dev/null
CG=/sys/fs/cgroup
cgdirs=""
if [ "$(stat -f -c %T $CG)" = cgroup2fs ]; then
	for c in memory pids; do echo "+$c" >$CG/cgroup.subtree_control 2>/dev/null; done
	mkdir "$CG/$cgname" 2>/dev/null && cgmade=("$CG/$cgname") && cgdirs=$CG/$cgname &&
		echo 67108864 >"$CG/$cgname/memory.max" && echo 50 >"$CG/$cgname/pids.max" || cgdirs=""
else
	for d in $CG/unified $CG/memory $CG/pids; do
		mkdir "$d/$cgname" 2>/dev/null && cgmade=("$d/$cgname" "${cgmade[@]}") && cgdirs="$cgdirs $d/$cgname"
	done
	[ ${#cgmade[@]} = 3 ] && echo 67108864 >"$CG/memory/$cgname/memory.limit_in_bytes" &&
		echo 50 >"$CG/pids/$cgname/pids.max" || cgdirs=""
fi
exec {w}> >(exec cat >/dev/null)
reader=$!
_pids+=("$reader")
bg sh -c "for d in $cgdirs; do echo \$\$ >\$d/cgroup.procs; done; exec unshare --cgroup --uts sleep 1000" \
	>&$w 2>/dev/null </dev/null
cg_pid=$BG_PID
exec {w}>&-
wait_for test "$(ns_of "$cg_pid" uts)" != "$(ns_of $$ uts)"
"$B/nsls" -J --processes -p "$cg_pid" -o PID,STDOUT,STDERR,MEMMAX,PIDSMAX,CGNSROOT \
	>"$TMP/cg.json" 2>"$TMP/cg.err"
expect_eq schemas-population-stdio "$(jq -r '.processes[0] |
	"\(.stdout.kind) \(.stdout.peers[0].command) \(.stdout.peers[0].pid) \(.stderr.kind)"' "$TMP/cg.json" 2>&1)" \
	"pipe cat $reader null"
if [ -n "$cgdirs" ]; then
	expect_eq schemas-population-cgroup "$(jq -r '.processes[0] |
		"\(.memmax) \(.pidsmax) \([.cgnsroot[] | select(.controllers | test("^(|memory|pids)$")) | .path] |
		unique | join(","))"' "$TMP/cg.json" 2>&1)" \
		"67108864 50 /$cgname"
else
	fail schemas-population-cgroup "could not make a cgroup with memory and pids limits"
fi

ct_pid=""
ct_setup >"$TMP/setup.out" 2>&1
if ct_pid=$(ct_start podman "$ctname" 2>"$TMP/ct.err"); then
	pass schemas-population-podman
else
	ct_pid=""
	skip schemas-podman "no podman container: $(tr '\n' ' ' <"$TMP/ct.err")"
fi

# nobody's copies of the tools (the build tree may not be readable by
# nobody), with the layout they expect ($ORIGIN/../lib)
chmod 755 "$TMP"
mkdir -p "$TMP/nb/bin" "$TMP/nb/lib"
for t in nsls nstree nstop nsdiff; do cp "$B/$t" "$TMP/nb/bin/"; done
cp -a "$B"/../lib/libnsinfo.so* "$TMP/nb/lib/"
chmod -R a+rX "$TMP/nb"
as_nobody=(setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups)
NB=$TMP/nb/bin
nobody=1
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null ||
	! "${as_nobody[@]}" "$NB/nsls" --version >/dev/null 2>&1; then
	nobody=0
	skip schemas-nobody "cannot run the tools as nobody (not root, or no setpriv)"
fi

# ---- running the tools ------------------------------------------------------
# out NAME CMD...: CMD's stdout into $TMP/doc/NAME.json, kept for
# validation when it ran (nsdiff: 0 same, 1 different; OUT_OK=2: 2 too,
# nsdiff's word for "could not tell"); a FAIL otherwise.
mkdir -p "$TMP/doc"
out() {
	local name=$1 rc
	shift
	timeout -k 2 30 "$@" >"$TMP/doc/$name.json" 2>"$TMP/doc/$name.err" </dev/null
	rc=$?
	if [ "$rc" -gt "${OUT_OK:-1}" ] || [ ! -s "$TMP/doc/$name.json" ]; then
		fail "schemas-run-$name" "exit $rc, $(head -c 300 "$TMP/doc/$name.err")"
		rm -f "$TMP/doc/$name.json"
	fi
}
# all_columns TOOL ARGS...: every column of that view, for -o
all_columns() { "$@" -H -J 2>/dev/null | jq -r '[.columns[].name] | join(",")'; }

set_net=$(ns_of "$set_pid" net)
ns_cols=$(all_columns "$B/nsls")
member_cols=$(all_columns "$B/nsls" "$set_net")
proc_cols=$(all_columns "$B/nsls" --processes)

# nsls: each view, with all its columns
out nsls-default "$B/nsls" -J
out nsls-output-all "$B/nsls" -J --output-all
out nsls-o-every "$B/nsls" -J -o "$ns_cols"
out nsls-tree-process "$B/nsls" -J --tree=process -o "$ns_cols"
out nsls-tree-owner "$B/nsls" -J --tree=owner -o "$ns_cols"
out nsls-tree-parent "$B/nsls" -J --tree=parent -o "$ns_cols"
out nsls-list-all-sources "$B/nsls" -J -l --sources=+threads,sockets -o "$ns_cols"
out nsls-type-net "$B/nsls" -J -t net
out nsls-persistent "$B/nsls" -J -P -o "$ns_cols"
out nsls-task "$B/nsls" -J -p "$set_pid" -o "$ns_cols"
out nsls-processes "$B/nsls" -J --processes
out nsls-processes-all "$B/nsls" -J --processes --tasks -o "$proc_cols"
out nsls-processes-task "$B/nsls" -J --processes -p "$set_pid" --output-all
out nsls-nsid "$B/nsls" -J "$set_net"
out nsls-nsid-all "$B/nsls" -J -o "$member_cols" "$set_net"
out nsls-nsid-all-list "$B/nsls" -J -l -o "$member_cols" "$(ns_of "$set_pid" pid)"
[ -n "$netns_ino" ] && out nsls-nsid-netns "$B/nsls" -J "$netns_ino"
[ -n "$bind_ino" ] && out nsls-nsid-bind "$B/nsls" -J -o "$member_cols" "$bind_ino"
if kernel_why "$B/nsls" >/dev/null; then
	out nsls-source-kernel "$B/nsls" -J --source=kernel -o "$ns_cols"
fi
out nsls-source-proc "$B/nsls" -J --source=proc -o "$ns_cols"
[ -n "$ct_pid" ] && out nsls-container "$B/nsls" -J -p "$ct_pid" -o "$ns_cols"

# nstree: each view, and one started at the set's process
for v in user:-U pid:-P processes:--processes owned:--owned; do
	out "nstree-${v%%:*}" "$B/nstree" -J "${v#*:}"
	out "nstree-${v%%:*}-all" "$B/nstree" -J "${v#*:}" --output-all
done
out nstree-start "$B/nstree" -J -P --output-all "$set_pid"
out nstree-ancestors "$B/nstree" -J -U --ancestors --output-all "$set_pid"

# nstop: frames of each grouping; in the namespaces frames a namespace set
# comes (and goes) between refreshes, so that they have events
nstop_cols=$(all_columns "$B/nstop")
(
	sleep 0.5
	unshare --uts --ipc sleep 0.8
) &
_pids+=($!)
out nstop-namespaces "$B/nstop" -b -J -n 5 -d 0.35 -o "$nstop_cols"
out nstop-default "$B/nstop" -b -J -n 1
out nstop-containers "$B/nstop" -b -J -n 2 -d 0.1 -g containers
out nstop-sets "$B/nstop" -b -J -n 2 -d 0.1 -g sets
out nstop-containers-all "$B/nstop" -b -J -n 1 -g containers -o "$(all_columns "$B/nstop" -g containers)"
out nstop-sets-all "$B/nstop" -b -J -n 1 -g sets -o "$(all_columns "$B/nstop" -g sets)"
events=$(jq -s '[.[].events[]] | length' "$TMP/doc/nstop-namespaces.json" 2>/dev/null)
check schemas-nstop-has-events test "${events:-0}" -gt 0

# --list-columns -J
out columns-nsls "$B/nsls" -H -J
out columns-nsls-processes "$B/nsls" -H -J --processes
out columns-nsls-nsid "$B/nsls" -H -J "$set_net"
out columns-nstree "$B/nstree" -H -J
out columns-nstop "$B/nstop" -H -J
out columns-nstop-containers "$B/nstop" -H -J -g containers
out columns-nstop-sets "$B/nstop" -H -J -g sets

# snapshots, and nsdiff of them: a namespace set, a netns and a process
# come between the two
"$B/nsls" --save "$TMP/doc/snapshot-1.json" 2>"$TMP/save.err" ||
	fail schemas-save "nsls --save: $(cat "$TMP/save.err")"
ip netns add "$netns2" 2>/dev/null
bg unshare --net --uts sleep 1000
wait_for test "$(ns_of "$BG_PID" net)" != "$(ns_of $$ net)"
"$B/nsls" --save "$TMP/doc/snapshot-2.json" 2>>"$TMP/save.err" ||
	fail schemas-save "nsls --save: $(cat "$TMP/save.err")"
out nsdiff-snapshots "$B/nsdiff" -J "$TMP/doc/snapshot-1.json" "$TMP/doc/snapshot-2.json"
changes=$(jq '.changes | length' "$TMP/doc/nsdiff-snapshots.json" 2>/dev/null)
check schemas-nsdiff-has-changes test "${changes:-0}" -gt 0
out nsdiff-snapshot-now "$B/nsdiff" -J "$TMP/doc/snapshot-1.json" now
out nsdiff-pid-at-file "$B/nsdiff" -J "$$@$TMP/doc/snapshot-1.json" "$set_pid"
out nsdiff-deep "$B/nsdiff" -J "$$" "$set_pid"
out nsdiff-no-deep "$B/nsdiff" -J --no-deep host "$set_pid"
out nsdiff-same "$B/nsdiff" -J "$$" "$$"
out nsdiff-netns "$B/nsdiff" -J -t net,uts "$netns" host
[ -n "$ct_pid" ] && out nsdiff-container "$B/nsdiff" -J "$ctname" host

# as nobody: root's processes are denied ("denied" cells, "unreadable")
if [ "$nobody" = 1 ]; then
	out nobody-nsls "${as_nobody[@]}" "$NB/nsls" -J -o "$ns_cols"
	out nobody-nsls-processes "${as_nobody[@]}" "$NB/nsls" -J --processes -o "$proc_cols"
	out nobody-nsls-tree "${as_nobody[@]}" "$NB/nsls" -J --tree=owner -o "$ns_cols"
	out nobody-nstree "${as_nobody[@]}" "$NB/nstree" -J --processes --output-all
	out nobody-nstop "${as_nobody[@]}" "$NB/nstop" -b -J -n 1 -o "$nstop_cols"
	out nobody-nstop-sets "${as_nobody[@]}" "$NB/nstop" -b -J -n 1 -g sets
	"${as_nobody[@]}" "$NB/nsls" --save "$TMP/nobody-snapshot.json" 2>/dev/null &&
		cp "$TMP/nobody-snapshot.json" "$TMP/doc/snapshot-nobody.json"
	OUT_OK=2 out nobody-nsdiff "${as_nobody[@]}" "$NB/nsdiff" -J 1 "$$"
	denied=$(jq '[.processes[] | .[] | select(. == "denied")] | length' \
		"$TMP/doc/nobody-nsls-processes.json" 2>/dev/null)
	check schemas-nobody-has-denied test "${denied:-0}" -gt 0
	denied=$(jq '[.processes[] | .stdout | select(.kind? == "unknown")] | length' \
		"$TMP/doc/nobody-nsls-processes.json" 2>/dev/null)
	check schemas-nobody-has-stdio-unknown test "${denied:-0}" -gt 0
fi

# the documents hold the new columns' content: the pipe and /dev/null, the
# limits, PSI, and the reasons of null cells
has() { jq -e "$2" "$TMP/doc/$1.json" >/dev/null 2>&1; }
check schemas-has-stdio-pipe has nsls-processes-all \
	'[.processes[] | select(.pid == '"$cg_pid"' and .stdout.kind == "pipe" and .stderr.kind == "null")] | length > 0'
check schemas-has-cgroup-limits has nsls-o-every \
	'[.namespaces[] | select(.pid == '"$cg_pid"' and .memmax == 67108864 and .pidsmax == 50)] | length > 0'
check schemas-has-psi has nsls-processes-all '[.processes[] | .psi | objects] | length > 0'
check schemas-has-unknown has nsls-processes-all '[.processes[] | .unknown | objects] | length > 0'
check schemas-has-group-stdio has nstop-sets-all '[.rows[] | .stdout | objects] | length > 0'

# ---- validation -------------------------------------------------------------
# validate ID FILE...: each file against schema ID (--lines: JSON lines)
validate() {
	local id=$1 f name
	shift
	for f in "$@"; do
		[ -f "$f" ] || continue
		name=${f##*/}
		if "$PY" "$CHECKER" "$SCHEMAS" validate "$id" $lines "$f" >"$TMP/v.out" 2>&1; then
			pass "schemas-valid-${name%.json}"
		else
			fail "schemas-valid-${name%.json}" "$(head -c 1500 "$TMP/v.out")"
		fi
	done
}
D=$TMP/doc
lines=""
validate urn:nsinfo:nsls:1 "$D"/nsls-*.json "$D"/nobody-nsls*.json
validate urn:nsinfo:nstree:1 "$D"/nstree-*.json "$D"/nobody-nstree.json
validate urn:nsinfo:snapshot:1 "$D"/snapshot-*.json
validate urn:nsinfo:nsdiff:1 "$D"/nsdiff-*.json "$D"/nobody-nsdiff.json
validate urn:nsinfo:columns:1 "$D"/columns-*.json
lines=--lines
validate urn:nsinfo:nstop-frame:1 "$D"/nstop-*.json "$D"/nobody-nstop*.json

# every document names its schema, and every schema (but the rows', which
# the others refer to) is some document's
used=$(cat "$D"/*.json | jq -r '.schema? // empty' 2>/dev/null | sort -u | tr '\n' ' ')
want=$(awk '$1 != "urn:nsinfo:rows:1" { print $1 }' "$TMP/ids" | sort | tr '\n' ' ')
expect_eq schemas-every-schema-used "$used" "$want"
# the snapshot's schema is its format version, one number
expect_eq schemas-snapshot-one-version \
	"$(jq -r '"\(.schema) \(.version)"' "$D/snapshot-1.json" 2>/dev/null)" "urn:nsinfo:snapshot:1 1"
# lsns users read .namespaces: still the array it was
expect_eq schemas-nsls-lsns-shape \
	"$(jq -r '[(.namespaces | type), (keys - ["schema", "source", "source_why", "unreadable"] | join(","))] | join(" ")' \
		"$D/nsls-default.json" 2>/dev/null)" "array namespaces"

# A file saved before "schema" was written still reads; one whose schema
# says another version does not.
jq 'del(.schema)' "$D/snapshot-1.json" >"$TMP/old.json"
"$B/nsdiff" -J "$TMP/old.json" "$D/snapshot-1.json" >"$TMP/old.out" 2>&1
expect_eq schemas-snapshot-old-reads "$?:$(jq -r .same "$TMP/old.out" 2>/dev/null)" "0:true"
jq '.schema = "urn:nsinfo:snapshot:2"' "$D/snapshot-1.json" >"$TMP/new.json"
"$B/nsdiff" -J "$TMP/new.json" now >"$TMP/new.out" 2>&1
expect_eq schemas-snapshot-other-schema-refused "$?:$(cat "$TMP/new.out")" \
	"2:nsdiff: $TMP/new.json: snapshot \"schema\" is not urn:nsinfo:snapshot:1 (what format version 1 is)"

# ---- the schemas in step with the catalogues --------------------------------
# columns SCHEMAS NAME ID POINTER [--exact]: the list columns-NAME against
# that row schema
columns() {
	"$PY" "$CHECKER" "$1" columns "$3" "$4" "$D/columns-$2.json" ${5:-}
}
# (nsls's namespace view is part of its NSID view's catalogue: its row
# schema is that one's, so only the NSID list is the whole of it)
SYNC="nsls:urn:nsinfo:nsls:1:#/\$defs/namespaceRow:
nsls-nsid:urn:nsinfo:nsls:1:#/\$defs/namespaceRow:--exact
nsls-processes:urn:nsinfo:nsls:1:#/\$defs/processRow:--exact
nstree:urn:nsinfo:nstree:1:#/\$defs/node:--exact
nstop:urn:nsinfo:nstop-frame:1:#/\$defs/namespaceRow:--exact
nstop-containers:urn:nsinfo:nstop-frame:1:#/\$defs/groupRow:--exact
nstop-sets:urn:nsinfo:nstop-frame:1:#/\$defs/groupRow:--exact"
while IFS= read -r spec; do
	name=${spec%%:urn:*}
	rest=${spec#"$name":}
	id=${rest%%:#*}
	rest=${rest#"$id":}
	ptr=${rest%%:*}
	exact=${rest#"$ptr":}
	if [ ! -f "$D/columns-$name.json" ]; then
		fail "schemas-columns-$name" "no --list-columns output"
	elif columns "$SCHEMAS" "$name" "$id" "$ptr" "$exact" >"$TMP/c.out" 2>&1; then
		pass "schemas-columns-$name ($(jq '.columns | length' "$D/columns-$name.json") columns)"
	else
		fail "schemas-columns-$name" "$(head -c 1500 "$TMP/c.out")"
	fi
done <<<"$SYNC"

# The checks can fail: a copy whose NPROCS is a string and whose AGE and
# STDERR are gone fails the catalogue check and validation.
cp -rL "$SCHEMAS" "$TMP/broken"
jq '.["$defs"].nsColumns.properties.nprocs = {"type": ["string", "null"]} |
	del(.["$defs"].nsColumns.properties.age) | del(.["$defs"].stdioColumns.properties.stderr)' \
	"$SCHEMAS/rows.schema.json" >"$TMP/broken/rows.schema.json"
columns "$TMP/broken" nstop urn:nsinfo:nstop-frame:1 '#/$defs/namespaceRow' --exact >"$TMP/c.out" 2>&1
expect_eq schemas-columns-check-can-fail \
	"$?:$(grep -c 'NPROCS is number\|no property for column AGE\|no property for column STDERR' "$TMP/c.out")" "1:3"
"$PY" "$CHECKER" "$TMP/broken" validate urn:nsinfo:nsls:1 "$D/nsls-output-all.json" >"$TMP/v.out" 2>&1
rc=$?
expect_eq schemas-validate-can-fail "$rc:$(grep -q 'nprocs: [0-9]* is not of type' "$TMP/v.out" && echo said)" "1:said"
