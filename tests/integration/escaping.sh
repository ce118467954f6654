#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# escaping.sh - text that another user controls cannot forge output lines
# or items (issue 7, item 5). Real directories whose names hold a newline,
# a carriage return, ESC [31m, a comma and a literal backslash-x sequence
# get a bind mount of a real net namespace file (of a sleep in `unshare
# --net`, which runs as nobody with a newline and an ESC in its argv).
# Every form (table, -W, -r, -J, -l, the tree of one namespace, the
# process view), as root and as nobody, must then:
#   - never show the forged "mount /run/netns/production-db" as a line,
#     an item of its own (after a comma in the joined forms), or a cell;
#   - show the newline as \x0a, and no raw ESC or CR byte at all;
#   - in JSON, parse, give HOLDERS as an array of objects whose paths are
#     the real names byte for byte, and COMMAND as the real argv joined.
# It all happens in a private mount namespace: the mounts die with it.
top=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${NSINFO_ESCAPING_INNER:-}" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "SKIP escaping: needs root (mounts)"
		exit 0
	fi
	NSINFO_ESCAPING_INNER=1 exec unshare --mount --propagation private bash "$0" "$@"
fi
. "$top/tests/integration/lib.sh"

FORGED="mount /run/netns/production-db"
NL=$'\n' CR=$'\r' ESC=$'\e'
# the hostile process: argv[0] forges a line and colors the terminal
ARGV0="evil${NL}${FORGED}${ESC}[31mred"
COLS=NS,TYPE,NPROCS,NAME,NSFS,HOLDERS,COMMAND

# ---- the namespace, the names, the mounts --------------------------------
# A tmpfs of our own (mount namespace private: nobody else sees it);
# nobody must reach it to run nsls there.
chmod 711 "$TMP"
M=$TMP/m
mkdir "$M"
# the mounts first, then lib.sh's cleanup can remove $TMP
trap 'umount -R "$M" 2>/dev/null || umount -R -l "$M" 2>/dev/null; _cleanup' EXIT
if ! mount -t tmpfs -o mode=755 nsinfo-escaping "$M" 2>"$TMP/mnt.err"; then
	fail escaping-setup "mount tmpfs on $M: $(cat "$TMP/mnt.err")"
	exit 0
fi
dirs=(
	"$M/x${NL}${FORGED}"
	"$M/cr${CR}${FORGED}"
	"$M/esc${ESC}[31mred"
	"$M/comma,${FORGED}"
	"$M/bs\\x0a${FORGED}"
)

bg unshare --net setpriv --reuid=65534 --regid=65534 --clear-groups \
	bash -c 'exec -a "$0" sleep 1000' "$ARGV0"
evil=$BG_PID
wait_for eval '[ "$(cat /proc/$evil/comm 2>/dev/null)" = sleep ]'
net=$(ns_of "$evil" net)
paths=()
made=yes
for d in "${dirs[@]}"; do
	p=$d/net
	# the names hold slashes: the forged line is a path
	if mkdir -p "$d" 2>"$TMP/bind.err" && touch "$p" 2>>"$TMP/bind.err" &&
		mount --bind "/proc/$evil/ns/net" "$p" 2>>"$TMP/bind.err"; then
		paths+=("$p")
	else
		made=no
		fail escaping-setup-mount "bind mount on $(printf '%q' "$p"): $(cat "$TMP/bind.err")"
	fi
done
# the kernel's word: each mount point is that namespace
for p in "${paths[@]}"; do
	[ "$(stat -L -c %i "$p" 2>/dev/null)" = "$net" ] || made=no
done
real_argv=$(tr '\0' ' ' <"/proc/$evil/cmdline")
real_argv=${real_argv% }
[ -n "$net" ] && [ "$real_argv" = "$ARGV0 1000" ] || made=no
expect_eq escaping-setup "$made" yes
[ "$made" = yes ] || exit 0

# ---- checks ----------------------------------------------------------------
# forged FILE [joined]: the lines (after the padding of the table) that
# begin with the forged text, and with joined the comma-separated items
# that do. Raw output spells its space \x20.
forged() {
	local re='^ *mount( |\\x20)/run/netns/production-db'
	if [ "${2:-}" = joined ]; then
		tr ',' '\n' <"$1" | grep -aE "$re"
	else
		grep -aE "$re" "$1"
	fi
}
no_forged() {	# NAME FILE [joined]
	# the hostile text must be there to be judged
	if ! grep -qaF production-db "$2"; then
		fail "$1" "the output shows none of the names: $(head -c 300 "$2" | cat -v)"
	elif [ -n "$(forged "$2" "${3:-}")" ]; then
		fail "$1" "forged line or item: $(forged "$2" "${3:-}" | head -n 3 | cat -v)"
	else
		pass "$1"
	fi
}
# No terminal control reaches the output: no ESC, no CR.
no_controls() {	# NAME FILE
	if grep -qa "[$ESC$CR]" "$2"; then
		fail "$1" "raw ESC or CR in the output: $(grep -na "[$ESC$CR]" "$2" | head -n 2 | cat -v)"
	else
		pass "$1"
	fi
}
has_text() {	# NAME FILE TEXT
	if grep -qaF -- "$3" "$2"; then pass "$1"; else fail "$1" "no '$3' in: $(head -c 600 "$2" | cat -v)"; fi
}

text_forms() {	# PREFIX RUNNER...
	local pre=$1 c f
	shift
	# Each column alone: every line of the table is one item or cell,
	# every comma of -W and -r separates two; none may be forged.
	for c in NAME NSFS HOLDERS COMMAND; do
		"$@" "$NSLS" -n -u -o "$c" >"$TMP/$pre-$c" 2>/dev/null
		"$@" "$NSLS" -n -W -u -o "$c" >"$TMP/$pre-$c-W" 2>/dev/null
		"$@" "$NSLS" -n -r -o "$c" >"$TMP/$pre-$c-r" 2>/dev/null
		no_forged "escaping-$pre-$c-table-no-forged-line" "$TMP/$pre-$c"
		no_forged "escaping-$pre-$c-W-no-forged-item" "$TMP/$pre-$c-W" joined
		no_forged "escaping-$pre-$c-r-no-forged-item" "$TMP/$pre-$c-r" joined
	done
	# all of them together, and the other views
	"$@" "$NSLS" -u -o "$COLS" >"$TMP/$pre-table" 2>/dev/null
	"$@" "$NSLS" -W -u -o "$COLS" >"$TMP/$pre-W" 2>/dev/null
	"$@" "$NSLS" -r -o "$COLS" >"$TMP/$pre-r" 2>/dev/null
	"$@" "$NSLS" -l -u -o "$COLS" >"$TMP/$pre-l" 2>/dev/null
	"$@" "$NSLS" -u "$net" -o PID,USER,COMMAND >"$TMP/$pre-tree" 2>/dev/null
	"$@" "$NSLS" -l -r "$net" -o PID,COMMAND >"$TMP/$pre-members-r" 2>/dev/null
	"$@" "$NSLS" --processes -u -p "$evil" -o PID,NETNS,COMMAND >"$TMP/$pre-procs" 2>/dev/null
	for f in table W r l tree members-r procs; do
		no_forged "escaping-$pre-$f-no-forged-line" "$TMP/$pre-$f"
		no_controls "escaping-$pre-$f-no-controls" "$TMP/$pre-$f"
	done
	# the escapes themselves, each once (none doubled into \x5cx0a)
	has_text "escaping-$pre-table-newline" "$TMP/$pre-table" "x\\x0a$FORGED/net"
	has_text "escaping-$pre-table-cr" "$TMP/$pre-table" "cr\\x0d$FORGED/net"
	has_text "escaping-$pre-table-esc" "$TMP/$pre-table" "esc\\x1b[31mred/net"
	has_text "escaping-$pre-table-backslash-x" "$TMP/$pre-table" "bs\\x5cx0a$FORGED/net"
	has_text "escaping-$pre-W-comma" "$TMP/$pre-W" "comma\\x2c$FORGED/net"
	has_text "escaping-$pre-W-newline" "$TMP/$pre-W" ",mount $M/x\\x0a$FORGED/net,"
	has_text "escaping-$pre-r-comma" "$TMP/$pre-r" "comma\\x2cmount\\x20/run/netns/production-db/net"
	has_text "escaping-$pre-r-newline" "$TMP/$pre-r" "/x\\x0amount\\x20/run/netns/production-db/net"
	# one HOLDERS item a line in the table: 1 process + 5 mounts
	expect_eq "escaping-$pre-HOLDERS-lines" \
		"$(grep -caE "^ *mount $M/" "$TMP/$pre-HOLDERS")" "${#paths[@]}"
	# the argv as it is: its newline and ESC escaped, in every view
	for f in table tree procs; do
		has_text "escaping-$pre-$f-command" "$TMP/$pre-$f" "evil\\x0a$FORGED\\x1b[31mred 1000"
	done
}

# jnul FILE FILTER: the strings FILTER gives, each ended by a NUL, sorted
jnul() {
	jq -j --argjson ns "$net" "$2 | . + \"\\u0000\"" "$1" 2>/dev/null | sort -z | od -An -c
}

json_forms() {	# PREFIX RUNNER...
	local pre=$1 want
	shift
	# -l: a list (the default process tree may nest the row, as lsns's does)
	"$@" "$NSLS" -J -l -o "$COLS" >"$TMP/$pre.json" 2>/dev/null
	"$@" "$NSLS" -J "$net" -o PID,COMMAND >"$TMP/$pre-members.json" 2>/dev/null
	check "escaping-$pre-json-parses" jq -e . "$TMP/$pre.json" >/dev/null
	check "escaping-$pre-json-members-parses" jq -e . "$TMP/$pre-members.json" >/dev/null
	check "escaping-$pre-json-holders-objects" jq -e --argjson ns "$net" \
		'.namespaces[] | select(.ns == $ns) | .holders | type == "array" and length > 0 and all(.[]; type == "object")' \
		"$TMP/$pre.json" >/dev/null
	# the mount paths, byte for byte, NUL-separated
	want=$(printf '%s\0' "${paths[@]}" | sort -z | od -An -c)
	expect_eq "escaping-$pre-json-holder-paths" \
		"$(jnul "$TMP/$pre.json" '.namespaces[] | select(.ns == $ns) | .holders[] | select(.kind == "mount") | .path')" \
		"$want"
	check "escaping-$pre-json-holder-own-mntns" jq -e --argjson ns "$net" \
		'[.namespaces[] | select(.ns == $ns) | .holders[] | select(.kind == "mount") | .own_mntns] | all' \
		"$TMP/$pre.json" >/dev/null
	# NSFS stays one string, as lsns prints it: one item a line, the
	# newline inside a name escaped, so still five items and no forged one
	check "escaping-$pre-json-nsfs-items" jq -e --argjson ns "$net" --arg f "$FORGED/net" \
		'.namespaces[] | select(.ns == $ns) | .nsfs | type == "string" and (split("\n") | length == 5 and index($f) == null)' \
		"$TMP/$pre.json" >/dev/null
	expect_eq "escaping-$pre-json-nsfs-verbatim" \
		"$(jnul "$TMP/$pre.json" '.namespaces[] | select(.ns == $ns) | .nsfs | split("\n")[] | select(contains("/comma,") or contains("/cr\r") or contains("/esc\u001b"))')" \
		"$(printf '%s\0' "${paths[1]}" "${paths[2]}" "${paths[3]}" | sort -z | od -An -c)"
	# NAME: one of the real paths
	expect_eq "escaping-$pre-json-name" \
		"$(jq -r --argjson ns "$net" --args '.namespaces[] | select(.ns == $ns) | .name as $n | $ARGS.positional | index($n) != null' \
			"${paths[@]}" <"$TMP/$pre.json" 2>/dev/null)" true
	expect_eq "escaping-$pre-json-command" \
		"$(jq -j --argjson ns "$net" '.namespaces[] | select(.ns == $ns) | .command' "$TMP/$pre.json" 2>/dev/null)" \
		"$real_argv"
	expect_eq "escaping-$pre-json-members-command" \
		"$(jq -j '.namespaces[0].command' "$TMP/$pre-members.json" 2>/dev/null)" "$real_argv"
	# libcjson's escapes, not raw bytes
	check "escaping-$pre-json-escaped" grep -qF 'x\nmount /run/netns/production-db/net' "$TMP/$pre.json"
	check "escaping-$pre-json-escaped-cr" grep -qF 'cr\rmount /run/netns/production-db/net' "$TMP/$pre.json"
	check "escaping-$pre-json-escaped-esc" grep -qF 'esc\u001b[31mred/net' "$TMP/$pre.json"
	check "escaping-$pre-json-escaped-backslash" grep -qF 'bs\\x0amount /run/netns/production-db/net' "$TMP/$pre.json"
	no_controls "escaping-$pre-json-no-controls" "$TMP/$pre.json"
}

text_forms root
json_forms root
# nobody: the same text, from a process that cannot read everything
if as_nobody test -x "$NSLS"; then
	text_forms nobody as_nobody
	json_forms nobody as_nobody
else
	skip escaping-nobody "nobody cannot run $NSLS"
fi
