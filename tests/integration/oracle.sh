#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# oracle.sh - util-linux lsns is the oracle: on the live machine (plus a
# few namespaces made here, held by sleep processes), every namespace lsns
# reports, nsls reports too, with the same value in every column the two
# share. lsns and nsls run back to back; a namespace whose row changed
# between two lsns runs (a process came or went) is not compared, and a
# mismatch is retried (3 tries) before it counts.
. "$(dirname "$0")/lib.sh"

# ---- cleanup: leaves first (reap_all in lib.sh) -----------------------
netns_name=nsinfo-oracle-$$
trap 'reap_all; ip netns del "$netns_name" 2>/dev/null; _cleanup' EXIT

if ! command -v lsns >/dev/null; then
	skip oracle "no lsns"
	exit 0
fi

# ---- a few namespaces of our own ---------------------------------------
made=()
bg unshare --net --uts --ipc sleep 1000
made+=("$BG_PID:net")
bg unshare --user --map-root-user --mount sleep 1000
made+=("$BG_PID:user")
bg unshare --pid --cgroup --time --fork --kill-child sleep 1000
made+=("$BG_PID:pid")
# two more processes in the first one's net namespace
p0=${made[0]%%:*}
wait_for settled "$p0"
bg nsenter --net=/proc/"$p0"/ns/net sleep 1000
bg nsenter --net=/proc/"$p0"/ns/net --uts=/proc/"$p0"/ns/uts sleep 1000
# a named net namespace (nsfs mount, NSFS column) with an id (NETNSID)
netnsid=
if ip netns add "$netns_name" 2>/dev/null; then
	# the next free id: a fixed one may still belong to a net namespace
	# of an earlier run that the kernel has not finished destroying
	ip netns set "$netns_name" auto 2>/dev/null
	netnsid=$(ip netns list | sed -n "s/^$netns_name (id: \([0-9]*\))\$/\1/p")
	bg ip netns exec "$netns_name" sleep 1000
	made+=("$BG_PID:net")
fi
for m in "${made[@]}"; do
	wait_for settled "${m%%:*}"
done
made_ns=()
for m in "${made[@]}"; do
	l=$(leaf_of "${m%%:*}")
	made_ns+=("$(ns_of "$l" "${m#*:}")")
done

# ---- the comparison -----------------------------------------------------
cols=NS,TYPE,NPROCS,PID,PPID,UID,USER,COMMAND,PNS,ONS,PATH,NETNSID,NSFS
props="type nprocs pid ppid uid user command pns ons path netnsid nsfs"

# lsns 2.38 -J may nest rows under "children": every object with an "ns"
# at any depth is a row. Out: {"NS": row, ...}
flatten='[.. | objects | select(has("ns") and has("type")) | del(.children)]
	 | map({key: (.ns | tostring), value: .}) | from_entries'

# compare A1 B A2: one line per finding
#   stable N         namespaces whose lsns rows agree between A1 and A2
#   missing NS       in lsns (stable), not in nsls
#   extra NS         in nsls with processes, in neither lsns run
#   diff PROP NS L N the column differs: lsns L, nsls N
compare() {
	jq -nr --slurpfile a1 "$1" --slurpfile b "$2" --slurpfile a2 "$3" --arg props "$props" '
		# every value as it is: NETNSID is a string ("77") in both
		def norm($p): .;
		$a1[0] as $x | $a2[0] as $y | $b[0] as $z |
		[$x | keys[] | select($x[.] == $y[.])] as $stable |
		"stable \($stable | length)",
		($stable[] as $k |
			if $z[$k] == null then "missing \($k)"
			else ($props | split(" ")[] as $p |
				select(($x[$k][$p] | norm($p)) != ($z[$k][$p] | norm($p))) |
				"diff \($p) \($k) \($x[$k][$p] | tojson) \($z[$k][$p] | tojson)")
			end),
		($z | keys[] | select($z[.].nprocs > 0 and $x[.] == null and $y[.] == null) |
			"extra \(.)")'
}

for try in 1 2 3; do
	lsns -J -o $cols >"$TMP/a1.raw" 2>"$TMP/lsns.err"
	lsns_rc=$?
	"$NSLS" -J -o $cols >"$TMP/b.raw" 2>"$TMP/nsls.err"
	nsls_rc=$?
	lsns -J -o $cols >"$TMP/a2.raw" 2>>"$TMP/lsns.err"
	lsns_rc=$((lsns_rc + $?))
	for f in a1 b a2; do
		jq -ce "$flatten" "$TMP/$f.raw" >"$TMP/$f.json" 2>/dev/null || echo null >"$TMP/$f.json"
	done
	compare "$TMP/a1.json" "$TMP/b.json" "$TMP/a2.json" >"$TMP/findings" 2>"$TMP/jq.err"
	[ "$lsns_rc" = 0 ] && [ "$nsls_rc" = 0 ] && grep -q '^stable ' "$TMP/findings" &&
		! grep -qvE '^stable ' "$TMP/findings" && break
	sleep 0.5
done

expect_eq oracle-lsns-ran "$lsns_rc" 0
expect_eq oracle-nsls-exit "$nsls_rc" 0
check oracle-nsls-stderr bash -c \
	'! grep -vE "$2" "$1"' _ "$TMP/nsls.err" "$denied_re"
stable=$(sed -n 's/^stable //p' "$TMP/findings")
if [ -z "$stable" ]; then
	# the comparison itself failed: no property can pass
	why="no comparison: $(head -c 200 "$TMP/jq.err")"
	for p in none-missing none-extra $(for p in $props; do echo "same-$p"; done); do
		fail "oracle-$p" "$why"
	done
else
	missing=$(grep '^missing ' "$TMP/findings" | head -n 5 | tr '\n' ' ')
	expect_eq oracle-none-missing "$missing" ""
	extra=$(grep '^extra ' "$TMP/findings" | head -n 5 | tr '\n' ' ')
	expect_eq oracle-none-extra "$extra" ""
	for p in $props; do
		d=$(grep "^diff $p " "$TMP/findings" | head -n 3 | cut -d' ' -f3- | tr '\n' ';')
		expect_eq "oracle-same-$p" "$d" ""
	done
fi
expect_eq oracle-compared-enough "$([ "${stable:-0}" -ge $((8 + ${#made_ns[@]})) ] && echo yes)" yes
# ours were compared, not skipped as unstable or absent
i=0
for ns in "${made_ns[@]}"; do
	i=$((i + 1))
	ok=$(jq -r --arg k "$ns" --slurpfile a2 "$TMP/a2.json" \
		'if .[$k] != null and .[$k] == $a2[0][$k] then "yes" else "no" end' "$TMP/a1.json")
	expect_eq "oracle-made-$i-compared" "$ok" yes
done
expect_eq oracle-made-net3-nprocs \
	"$(jq -r --arg k "${made_ns[0]}" '.[$k].nprocs' "$TMP/b.json")" 3
if [ ${#made_ns[@]} -ge 4 ] && [ -n "$netnsid" ]; then
	expect_eq oracle-made-nsfs \
		"$(jq -r --arg k "${made_ns[3]}" '"\(.[$k].nsfs) \(.[$k].netnsid)"' "$TMP/b.json")" \
		"/run/netns/$netns_name $netnsid"
else
	skip oracle-made-nsfs "ip netns add or ip netns set failed"
fi

# -p PID: the same namespaces as lsns -p (the first of ours: all are alike)
l=$(leaf_of "${made[0]%%:*}")
a=$(lsns -p "$l" -J -o NS,TYPE 2>/dev/null | jq -r '.. | objects | select(has("ns")) | "\(.type):\(.ns)"' | sort)
b=$("$NSLS" -p "$l" -J -o NS,TYPE 2>/dev/null | jq -r '.namespaces[] | "\(.type):\(.ns)"' | sort)
expect_eq oracle-p-same-namespaces "$b" "$a"
expect_eq oracle-p-eight-types "$(echo "$a" | grep -c .)" 8
# -t net, default columns: same header and the same rows for ours
a=$(lsns -t net 2>/dev/null | head -n1 | tr -s ' ' | sed 's/^ //')
b=$("$NSLS" -t net 2>/dev/null | head -n1 | tr -s ' ' | sed 's/^ //')
expect_eq oracle-t-net-header "$b" "$a"
a=$(lsns -r -n -t net 2>/dev/null | grep -E "^(${made_ns[0]}|${made_ns[3]:-x}) ")
b=$("$NSLS" -r -n -t net 2>/dev/null | grep -E "^(${made_ns[0]}|${made_ns[3]:-x}) ")
expect_eq oracle-t-net-raw-rows "$b" "$a"
