#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# nstop.sh - nstop on the live machine, against namespaces the test makes
# (`unshare`), the kernel's word being /proc/PID/ns/*:
#   - batch text: the frame layout (header, Tasks/Namespaces/Containers,
#     blank line, heading), the test's net and uts rows, -t, -g, -o, and
#     every bad option failing with one line and nothing on stdout;
#   - events: a namespace made and destroyed while batch text and JSON
#     lines run, ns-new then ns-gone in a later frame;
#   - JSON lines: one valid object a frame, its keys, numbers as numbers;
#   - a command line of escape sequences and a newline: escaped in text,
#     in JSON and on the screen;
#   - -p and -u, color, TERM=dumb;
#   - the interactive view in a tmux pane of its own: filter, drill-down,
#     sort, g/T/e/h, resizing, E, k, and the terminal given back as it
#     was after q, SIGTERM, SIGHUP and Ctrl-C.
# The rest of the machine does not hold still (other tests make and drop
# namespaces meanwhile): checks look at the test's own rows, never at
# counts of everything, and the screen is polled, not slept on.
. "$(dirname "$0")/lib.sh"

NT=$NSINFO_BUILD/bin/nstop
if [ ! -x "$NT" ]; then
	fail nstop-binary "$NT is missing"
	exit 0
fi
# a signal ends the run through the EXIT trap (cleanup)
trap 'exit 143' TERM INT HUP

TYPES="cgroup ipc mnt net pid time user uts"

# poll SECS CMD...: CMD until it succeeds, for at most SECS seconds.
poll() {
	local end now
	end=$(awk -v a="$EPOCHREALTIME" -v s="$1" 'BEGIN { printf "%.0f", (a + s) * 1000000 }')
	shift
	while :; do
		"$@" && return 0
		now=${EPOCHREALTIME/./}
		[ "$now" -lt "$end" ] || return 1
		sleep 0.1
	done
}

# rows FILE: the main table's rows of each text frame, "FRAME ROW".
rows() {
	awk '/^nstop - / { f++; l = 0; t = 0 }
	     { l++ }
	     l == 6 { t = 1; next }
	     t && /^$/ { t = 0 }
	     t { print f, $0 }' "$1"
}
# frames FILE: how many text frames FILE holds
frames() { grep -cE '^nstop - [0-9]{2}:[0-9]{2}:[0-9]{2} up ' "$1"; }

# The host's namespaces, as nstop's HOST column takes them: PID 1's,
# or its own when PID 1 cannot be read.
host=1
readlink /proc/1/ns/net >/dev/null 2>&1 || host=$$
# shared PID: the types PID shares with the host, comma separated;
# unshared PID: the others
shared() { local t; for t in $TYPES; do [ "$(ns_of "$1" $t)" = "$(ns_of $host $t)" ] && echo $t; done | paste -sd,; }
unshared() { local t; for t in $TYPES; do [ "$(ns_of "$1" $t)" != "$(ns_of $host $t)" ] && echo $t; done | paste -sd,; }

# ---- the test's namespaces ------------------------------------------------
# Command lines no other run of this test has (one may run meanwhile):
# sleep takes "3001.PID" seconds.
T1=3001.$$ T2=3002.$$ T3=3003.$$
bg unshare --net --uts sleep $T1
m=$BG_PID
if ! wait_for is_sleep $m; then
	fail nstop-setup "unshare --net --uts sleep $T1 did not start"
	exit 0
fi
net1=$(ns_of $m net)
uts1=$(ns_of $m uts)
# argv[0] "ESC[31mEVILPID NEWLINE line": raw, it would turn the terminal
# red and break its row in two (every frame below has it)
EVIL=EVIL$$
bg unshare --net bash -c 'exec -a $'"'"'\e[31m'"$EVIL"'\nline'"'"' sleep 300'
h=$BG_PID
hostile_up() { grep -q "$EVIL" /proc/$h/cmdline 2>/dev/null; }
if ! poll 5 hostile_up; then
	fail nstop-setup "the process with the hostile command line did not start"
	exit 0
fi
hn=$(ns_of $h net)

# ---- batch text ------------------------------------------------------
"$NT" -b -n 2 -d 0.2 >"$TMP/b2" 2>"$TMP/b2.err"
expect_eq nstop-batch-exit "$?:$(cat "$TMP/b2.err")" "0:"
expect_eq nstop-batch-frames "$(frames "$TMP/b2")" 2
# layout FILE: "FRAMES:ok", or where a frame is not as top -b writes it
layout() {
	awk 'function bad(what) { b = b " frame" f ":" what }
	     /^nstop - / { f++; l = 0 }
	     !f { bad("before the first header"); next }
	     { l++ }
	     l == 1 && !/^nstop - [0-9][0-9]:[0-9][0-9]:[0-9][0-9] up .*load average: [0-9.]+, [0-9.]+, [0-9.]+$/ { bad("header") }
	     l == 2 && !/^Tasks: [0-9]+ total, [0-9]+ threads, [0-9]+ unreadable/ { bad("Tasks") }
	     l == 3 && !/^Namespaces: [0-9]+ total: cgroup [0-9]+, ipc [0-9]+, mnt [0-9]+, net [0-9]+, pid [0-9]+, time [0-9]+, user [0-9]+, uts [0-9]+$/ { bad("Namespaces") }
	     l == 4 && !/^Containers: [0-9]+; namespaces created [0-9]+, destroyed [0-9]+/ { bad("Containers") }
	     l == 5 && !/^$/ { bad("blank") }
	     l == 6 && !('"$2"') { bad("heading:" $0) }
	     END { print f ":" (b == "" ? "ok" : b) }' "$1"
}
ns_heading='/^ *NS TYPE +NPROCS .* COMMAND$/'
expect_eq nstop-batch-layout "$(layout "$TMP/b2" "$ns_heading")" "2:ok"
# the test's rows in both frames: NS TYPE NPROCS ... COMMAND
row_in_frames() {	# FILE INODE TYPE COMMAND: the frames with that row, "1 2"
	rows "$1" | awk -v n="$2" -v t="$3" -v c="$4" \
		'$2 == n && $3 == t && $4 == 1 && substr($0, length($0) - length(c) + 1) == c { print $1 }' |
		paste -sd' '
}
expect_eq nstop-batch-net-row "$(row_in_frames "$TMP/b2" "$net1" net "sleep $T1")" "1 2"
expect_eq nstop-batch-uts-row "$(row_in_frames "$TMP/b2" "$uts1" uts "sleep $T1")" "1 2"

# -t net: net rows only
"$NT" -b -n 1 -t net --source=auto >"$TMP/tnet" 2>"$TMP/tnet.err"
expect_eq nstop-batch-type-exit "$?:$(cat "$TMP/tnet.err")" "0:"
expect_eq nstop-source-auto "$(frames "$TMP/tnet")" 1
expect_eq nstop-batch-type-only-net "$(rows "$TMP/tnet" | awk '$3 != "net"' | wc -l):$(rows "$TMP/tnet" | wc -l | awk '{ print ($1 > 0) }')" "0:1"
expect_eq nstop-batch-type-net-row "$(row_in_frames "$TMP/tnet" "$net1" net "sleep $T1")" 1
expect_eq nstop-batch-type-no-uts "$(rows "$TMP/tnet" | awk -v n="$uts1" '$2 == n' | wc -l)" 0

# -g containers: its heading, also with no row to show (-p: the test's
# sleep is in no container), as top -b heads an empty list
"$NT" -b -n 1 -g containers >"$TMP/gc" 2>"$TMP/gc.err"
expect_eq nstop-batch-containers-exit "$?:$(cat "$TMP/gc.err")" "0:"
"$NT" -b -n 1 -g containers -p $m >"$TMP/gc0" 2>"$TMP/gc0.err"
expect_eq nstop-batch-containers-empty-exit "$?:$(cat "$TMP/gc0.err"):$(rows "$TMP/gc0" | wc -l)" "0::0"
expect_eq nstop-batch-containers-heading \
	"$(layout "$TMP/gc0" '/^CONTAINER +RUNTIME +ID +NPROCS .* COMMAND$/')" "1:ok"

# -g sets: the sleep's set, HOST naming what it shares with the host
"$NT" -b -n 1 -g sets >"$TMP/gs" 2>"$TMP/gs.err"
expect_eq nstop-batch-sets-exit "$?:$(cat "$TMP/gs.err")" "0:"
sets_heading='/^NPROCS +%CPU +RSS +HOST +CONTAINER +NETNS +PIDNS +USERNS +COMMAND$/'
expect_eq nstop-batch-sets-heading "$(layout "$TMP/gs" "$sets_heading")" "1:ok"
# HOST is left-aligned: its cell is the text under the heading's HOST
host_cell=$(awk -v n="$net1" -v t="$T1" '
	/^NPROCS / { s = index($0, "HOST"); e = index($0, "CONTAINER"); next }
	s && index($0, " sleep " t) && index($0, " " n " ") {
		h = substr($0, s, e - s); sub(/ +$/, "", h); print h }' "$TMP/gs")
want_shared=$(shared $m)
want_unshared=$(unshared $m)
case $host_cell in
"$want_shared" | "all but $want_unshared") pass nstop-batch-sets-host ;;
*) fail nstop-batch-sets-host "HOST of the sleep's set is '$host_cell', want '$want_shared' or 'all but $want_unshared'" ;;
esac
expect_eq nstop-batch-sets-unshared "$want_unshared" "net,uts"

# -o NS,TYPE
"$NT" -b -n 1 -o NS,TYPE --source=proc >"$TMP/o" 2>"$TMP/o.err"
expect_eq nstop-batch-output-exit "$?:$(cat "$TMP/o.err")" "0:"
expect_eq nstop-source-proc "$(frames "$TMP/o")" 1
expect_eq nstop-batch-output-heading "$(layout "$TMP/o" '/^ *NS TYPE$/')" "1:ok"
expect_eq nstop-batch-output-cells "$(rows "$TMP/o" | awk 'NF != 3' | wc -l)" 0
expect_eq nstop-batch-output-row "$(rows "$TMP/o" | awk -v n="$net1" '$2 == n { print $3 }')" net
"$NT" -b -n 1 -o BOGUS >"$TMP/e.out" 2>"$TMP/e.err"
expect_eq nstop-batch-output-bogus "$?:$(wc -c <"$TMP/e.out"):$(cat "$TMP/e.err")" "1:0:nstop: unknown column 'BOGUS'"

# bad options: exit 1, one line naming the value, nothing on stdout
for args in "-d abc" "-d -1" "-n 0" "-t foo" "-g foo" "--source=nope" "-p x" "-u nosuchuser_zz"; do
	name=nstop-bad-option${args//[^a-z0-9_]/_}
	val=${args##*[ =]}
	# shellcheck disable=SC2086
	"$NT" -b -n 1 $args >"$TMP/e.out" 2>"$TMP/e.err"
	rc=$?
	got="$rc:$(wc -c <"$TMP/e.out"):$(wc -l <"$TMP/e.err")"
	if [ "$got" = "1:0:1" ] && grep -q "^nstop: .*'$val'" "$TMP/e.err"; then
		pass "$name"
	else
		fail "$name" "nstop $args: exit:stdout bytes:stderr lines $got, stderr '$(tr '\n' '|' <"$TMP/e.err")'"
	fi
done
# --source=kernel: frames from the BPF task iterator where --version says
# it can be used here, else one line why and nothing on stdout
kwhy=$(kernel_why "$NT")
expect_eq nstop-source-version-line "$?" 0
"$NT" -b -n 1 -t net --source=kernel >"$TMP/e.out" 2>"$TMP/e.err"
rc=$?
if [ -z "$kwhy" ]; then
	expect_eq nstop-source-kernel "$rc:$(frames "$TMP/e.out"):$(sed -n 2p "$TMP/e.out" | sed -nE 's/.*; (source: .*)$/\1/p')" \
		"0:1:source: kernel"
	expect_eq nstop-source-kernel-net-row "$(row_in_frames "$TMP/e.out" "$net1" net "sleep $T1")" 1
	"$NT" -J -n 2 -d 0 -t net --source=kernel >"$TMP/e.json" 2>/dev/null
	expect_eq nstop-source-kernel-json "$?:$(jq -c '[.source, has("source_why")]' "$TMP/e.json" 2>/dev/null | sort -u)" \
		'0:["kernel",false]'
else
	expect_eq nstop-source-kernel "$rc:$(wc -c <"$TMP/e.out"):$(cat "$TMP/e.err")" \
		"1:0:nstop: kernel source: $kwhy"
fi
# --source=proc says so in the header and in JSON, with no why
expect_eq nstop-source-proc-header "$(sed -n 2p "$TMP/o" | sed -nE 's/.*; (source: .*)$/\1/p')" "source: proc"
"$NT" -J -n 1 -t net --source=proc >"$TMP/p.json" 2>/dev/null
expect_eq nstop-source-proc-json "$?:$(jq -c '[.source, has("source_why")]' "$TMP/p.json" 2>/dev/null)" \
	'0:["proc",false]'
# auto holds a scanner: the kernel source whenever it can be used, else
# /proc and the reason --version gives
if [ -z "$kwhy" ]; then
	want='source: kernel'
else
	want="source: proc (kernel: $kwhy)"
fi
expect_eq nstop-source-auto-header "$(sed -n 2p "$TMP/tnet" | sed -nE 's/.*; (source: .*)$/\1/p')" "$want"
"$NT" --help >"$TMP/h.out" 2>"$TMP/h.err"
expect_eq nstop-help "$?:$(sed -n 2p "$TMP/h.out"):$(grep -c '^Interactive keys:$' "$TMP/h.out"):$(grep -c '^ q, F10 ' "$TMP/h.out"):$(wc -c <"$TMP/h.err")" \
	"0:Usage::1:1:0"
"$NT" --version >"$TMP/v.out" 2>&1
expect_eq nstop-version "$?:$(grep -cE '^nstop from nsinfo [0-9]' "$TMP/v.out")" "0:1"

# ---- events, text and JSON lines at once ---------------------------
# Both watch net namespaces; one is made once both have a first frame,
# destroyed once both have logged it; then SIGTERM stops them (batch
# mode ends at the frame it is in, exit 0). -n: a bound, never reached.
bg "$NT" -b -d 0.3 -n 100 -t net >"$TMP/ev.txt" 2>"$TMP/ev.err"
evt=$BG_PID
bg "$NT" -J -d 0.3 -n 100 -t net >"$TMP/ev.json" 2>"$TMP/ev.jerr"
evj=$BG_PID
started() { [ "$(frames "$TMP/ev.txt")" -ge 1 ] && [ "$(grep -c '' "$TMP/ev.json")" -ge 1 ]; }
# An inode number is reused as soon as its namespace is freed: the one
# the test makes may carry the number of one that another test dropped
# in the same refresh, so ns-gone is looked for after the ns-new.
# The ns-new is the one with the test's PID.
# text_event FILE EVENT INODE AFTER [PID]: the first frame after frame
# AFTER whose Events: has EVENT for net INODE (and PID)
text_event() {
	awk -v ev="$2" -v n="$3" -v a="$4" -v p="${5:-}" '/^nstop - / { f++; e = 0 }
		/^Events:$/ { e = 1; next }
		f > a && e && $2 == ev && $3 == "net" && $4 == n && (p == "" || $5 == p) { print f; exit }' "$1"
}
# json_event FILE EVENT INODE AFTER [PID]: the same for JSON lines
json_event() {
	jq -R -r --arg ev "$2" --argjson n "$3" --argjson a "$4" --arg p "${5:-}" \
		'fromjson? | select(input_line_number > $a and
			any(.events[]; .event == $ev and .ns == $n and ($p == "" or .pid == ($p | tonumber))))
		| input_line_number' "$1" 2>/dev/null | head -n 1
}
new_seen() {
	fnew=$(text_event "$TMP/ev.txt" ns-new "$en" 0 "$e")
	jnew=$(json_event "$TMP/ev.json" ns-new "$en" 0 "$e")
	[ -n "$fnew" ] && [ -n "$jnew" ]
}
gone_seen() {
	fgone=$(text_event "$TMP/ev.txt" ns-gone "$en" "$fnew")
	jgone=$(json_event "$TMP/ev.json" ns-gone "$en" "$jnew")
	[ -n "$fgone" ] && [ -n "$jgone" ]
}
if ! poll 10 started; then
	fail nstop-events-start "no first frame: $(head -c 300 "$TMP/ev.err" "$TMP/ev.jerr" | tr '\n' '|')"
else
	bg unshare --net sleep $T3
	e=$BG_PID
	poll 5 is_sleep $e
	en=$(ns_of $e net)
	poll 8 new_seen
	kill -KILL $e
	wait $e 2>/dev/null
	poll 8 gone_seen
	kill -TERM $evt $evj
	both_done() { ! _alive $evt && ! _alive $evj; }
	poll 5 both_done
	wait $evt
	expect_eq nstop-events-text-exit "$?:$(cat "$TMP/ev.err")" "0:"
	wait $evj
	expect_eq nstop-events-json-exit "$?:$(cat "$TMP/ev.jerr")" "0:"
	# whole frames to the end: the last text frame ends in its blank
	# line, every JSON line parses
	expect_eq nstop-events-text-whole "$(layout "$TMP/ev.txt" "$ns_heading" | sed 's/^[0-9]*://'):$(tail -c 2 "$TMP/ev.txt" | od -An -c | tr -d ' ')" 'ok:\n\n'
	expect_eq nstop-events-json-whole "$(jq -R 'fromjson? | 1' "$TMP/ev.json" 2>/dev/null | wc -l)" "$(wc -l <"$TMP/ev.json")"
	new_seen
	gone_seen
	check nstop-events-text-new test -n "$fnew"
	check nstop-events-text-gone-later test -n "$fgone"
	# the events' heading; the ns-new line: TIME ns-new net NS PID COMMAND
	# (FROM and CONTAINER empty)
	expect_eq nstop-events-text-heading "$(grep -A1 '^Events:$' "$TMP/ev.txt" | sed -n 2p | tr -s ' ')" \
		"TIME EVENT TYPE NS FROM PID CONTAINER COMMAND"
	expect_eq nstop-events-text-new-line \
		"$(awk -v n="$en" -v f="$fnew" '/^nstop - / { k++ }
			k == f && $2 == "ns-new" && $3 == "net" && $4 == n { $1 = "T"; print; exit }' "$TMP/ev.txt")" \
		"T ns-new net $en $e sleep $T3"
	# the new namespace's row is in the frame that logged it
	expect_eq nstop-events-text-row "$(rows "$TMP/ev.txt" | awk -v f="$fnew" -v n="$en" '$1 == f && $2 == n { print $3, $4 }')" "net 1"
	check nstop-events-json-new-and-gone test -n "$jnew" -a -n "$jgone"
	expect_eq nstop-events-json-new \
		"$(sed -n "${jnew:-1}p" "$TMP/ev.json" | jq -c --argjson n "$en" '.events[] | select(.ns == $n and .event == "ns-new") | [.event, .type, .pid, .command, .from, (keys | sort)]' 2>/dev/null)" \
		"[\"ns-new\",\"net\",$e,\"sleep $T3\",null,[\"command\",\"container\",\"event\",\"from\",\"ns\",\"pid\",\"time\",\"type\"]]"
	expect_eq nstop-events-json-gone \
		"$(sed -n "${jgone:-1}p" "$TMP/ev.json" | jq -c --argjson n "$en" '.events[] | select(.ns == $n and .event == "ns-gone") | [.event, .type, .pid]' 2>/dev/null)" \
		'["ns-gone","net",null]'
	expect_eq nstop-events-json-created \
		"$(sed -n "${jnew:-1}p" "$TMP/ev.json" | jq '.created.last >= 1 and .created.since_start >= 1' 2>/dev/null)" true
fi

# ---- JSON lines ------------------------------------------------------------
"$NT" -J -n 3 -d 0.2 >"$TMP/j3" 2>"$TMP/j3.err"
expect_eq nstop-json-exit "$?:$(cat "$TMP/j3.err")" "0:"
expect_eq nstop-json-lines "$(wc -l <"$TMP/j3")" 3
n=0
while IFS= read -r line; do
	jq -e 'type == "object"' <<<"$line" >/dev/null 2>&1 && n=$((n + 1))
done <"$TMP/j3"
expect_eq nstop-json-each-line-valid "$n" 3
expect_eq nstop-json-keys "$(jq -c 'keys - ["source_why"]' "$TMP/j3" 2>/dev/null | sort -u)" \
	'["containers","created","destroyed","events","group","load","namespaces","rows","schema","source","tasks","time","uptime"]'
# what auto reads with: the kernel source when it can be used here
want_source=proc
[ -z "$kwhy" ] && want_source=kernel
expect_eq nstop-json-header \
	"$(jq -c '[(.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")), (.uptime | type), (.load | map(type)),
		(.tasks.processes > 0), (.namespaces.net >= 1), (.containers | type), .source, .group, (.events | type)]' "$TMP/j3" 2>/dev/null | sort -u)" \
	"[true,\"number\",[\"number\",\"number\",\"number\"],true,true,\"number\",\"$want_source\",\"namespaces\",\"array\"]"
expect_eq nstop-json-ns-numbers "$(jq -s 'all(.[]; all(.rows[]; (.ns | type) == "number"))' "$TMP/j3" 2>/dev/null)" true
expect_eq nstop-json-test-row \
	"$(jq -c --argjson n "$net1" '[.rows[] | select(.ns == $n) | [.type, .nprocs, .command]]' "$TMP/j3" 2>/dev/null | sort -u)" \
	"[[\"net\",1,\"sleep $T1\"]]"
"$NT" -J -n 1 -g containers --color=always >"$TMP/jc" 2>"$TMP/jc.err"
expect_eq nstop-json-containers "$?:$(jq -c '[.group, (.rows | type)]' "$TMP/jc" 2>/dev/null):$(cat "$TMP/jc.err")" \
	'0:["containers","array"]:'
"$NT" -J -n 1 -g sets >"$TMP/js" 2>"$TMP/js.err"
expect_eq nstop-json-sets \
	"$?:$(jq -c --argjson n "$net1" '[.group, [.rows[] | select(.netns == $n) | [.nprocs, .command, (.host | join(","))]]]' "$TMP/js" 2>/dev/null)" \
	"0:[\"sets\",[[1,\"sleep $T1\",\"$want_shared\"]]]"

# ---- the hostile command line, in the frames above ----------------------------
# text: no ESC byte anywhere, no line begun by the newline, the row's
# command escaped (in each of the two frames, and in the sets)
expect_eq nstop-hostile-text-no-esc "$(LC_ALL=C grep -c $'\e' "$TMP/b2"):$(LC_ALL=C grep -c $'\e' "$TMP/gs")" "0:0"
expect_eq nstop-hostile-text-no-extra-line "$(grep -c '^line' "$TMP/b2"):$(grep -c '^line' "$TMP/gs")" "0:0"
expect_eq nstop-hostile-text-escaped \
	"$(rows "$TMP/b2" | awk -v n="$hn" '$2 == n' | grep -F ' \x1b[31m'"$EVIL"'\x0aline 300' | awk '{ print $1 }' | paste -sd' ')" "1 2"
expect_eq nstop-hostile-sets-escaped "$(grep -cF ' \x1b[31m'"$EVIL"'\x0aline 300' "$TMP/gs")" 1
# JSON: the string escaped by JSON, the same bytes once decoded
expect_eq nstop-hostile-json-no-esc "$(LC_ALL=C grep -c $'\e' "$TMP/j3")" 0
expect_eq nstop-hostile-json-escaped "$(grep -cF '"command":"\u001b[31m'"$EVIL"'\nline 300"' "$TMP/j3")" 3
expect_eq nstop-hostile-json-value \
	"$(jq -r --argjson n "$hn" '.rows[] | select(.ns == $n) | .command' "$TMP/j3" 2>/dev/null | head -n 2)" $'\e[31m'"$EVIL"$'\nline 300'

# ---- -p and -u ---------------------------------------------------------------
# -p: exactly the namespaces the process is in
"$NT" -J -n 1 -p $m >"$TMP/p.json" 2>"$TMP/p.err"
expect_eq nstop-pid-exit "$?:$(cat "$TMP/p.err")" "0:"
expect_eq nstop-pid-rows "$(jq -r '.rows[] | "\(.type):\(.ns)"' "$TMP/p.json" 2>/dev/null | sort | paste -sd' ')" \
	"$(for t in $TYPES; do echo "$t:$(ns_of $m $t)"; done | sort | paste -sd' ')"
# -u: a net namespace whose only process is nobody's
if command -v setpriv >/dev/null; then
	bg unshare --net setpriv --reuid=65534 --regid=65534 --clear-groups sleep 3006
	nb=$BG_PID
	poll 5 is_sleep $nb
	nbn=$(ns_of $nb net)
	has() {	# FILE INODE: 1 when the JSON frame has that namespace's row
		jq --argjson n "$2" '[.rows[] | select(.ns == $n)] | length' "$1" 2>/dev/null
	}
	for u in root nobody 65534; do
		"$NT" -J -n 1 -u $u >"$TMP/u.$u" 2>"$TMP/u.$u.err"
		rc=$?
		case $u in
		root) want="0:1:0:" ;;
		*) want="0:0:1:" ;;
		esac
		expect_eq nstop-user-$u "$rc:$(has "$TMP/u.$u" "$net1"):$(has "$TMP/u.$u" "$nbn"):$(cat "$TMP/u.$u.err")" "$want"
	done
else
	skip nstop-user "no setpriv, to start a process of nobody"
fi

# ---- color, batch ------------------------------------------------------------
# --color=auto colors a terminal only (into a file: the frames above,
# without an ESC byte); NO_COLOR=1 and --color=never keep it plain.
# script(1) gives batch mode a terminal.
esc_count() { LC_ALL=C grep -c $'\e' "$1"; }
if command -v script >/dev/null; then
	on_tty() {	# OUT ENV... -- ARGS...: nstop -b -n 1 -t net ARGS on a terminal
		local out=$1 env=()
		shift
		while [ "$1" != -- ]; do env+=("$1"); shift; done
		shift
		script -qec "env ${env[*]} TERM=xterm $NT -b -n 1 -t net $*" /dev/null </dev/null >"$out" 2>&1
	}
	on_tty "$TMP/t-auto" --
	expect_eq nstop-color-auto-tty "$?:$(frames "$TMP/t-auto"):$(esc_count "$TMP/t-auto" | awk '{ print ($1 > 0) }')" "0:1:1"
	on_tty "$TMP/t-nocolor" NO_COLOR=1 --
	expect_eq nstop-color-no-color-env "$?:$(frames "$TMP/t-nocolor"):$(esc_count "$TMP/t-nocolor")" "0:1:0"
	on_tty "$TMP/t-never" -- --color=never
	expect_eq nstop-color-never "$?:$(frames "$TMP/t-never"):$(esc_count "$TMP/t-never")" "0:1:0"
else
	skip nstop-color-tty "no script(1), to give batch mode a terminal"
fi
"$NT" -b -n 1 --color=always >"$TMP/c4" 2>/dev/null
check nstop-color-always test "$(esc_count "$TMP/c4")" -gt 0
expect_eq nstop-color-always-json "$(esc_count "$TMP/jc"):$(jq -e 'type == "object"' "$TMP/jc" >/dev/null 2>&1 && echo valid)" "0:valid"

# ---- the interactive view, in tmux -----------------------------------------
if ! command -v tmux >/dev/null; then
	skip nstop-tui "tmux is not installed"
	exit 0
fi
# a server of its own, its socket in $TMP; no configuration read
TM=(tmux -S "$TMP/tmux.sock" -f /dev/null)
sess=nstop$$
trap '"${TM[@]}" kill-server >/dev/null 2>&1; _cleanup' EXIT
if ! "${TM[@]}" new-session -d -s "$sess" -x 100 -y 30 \
	"env PS1='nstop-test> ' HISTFILE=/dev/null bash --norc --noprofile" 2>"$TMP/tmux.err"; then
	skip nstop-tui "tmux cannot start a session: $(head -n 1 "$TMP/tmux.err")"
	exit 0
fi
cap() { "${TM[@]}" capture-pane -p -t "$sess"; }
line() { cap | sed -n "$1p"; }
keys() { "${TM[@]}" send-keys -t "$sess" "$@"; }
type_in() { "${TM[@]}" send-keys -t "$sess" -l -- "$1"; }
fmt() { "${TM[@]}" display-message -p -t "$sess" "$1"; }
# status REGEX: the status line (under the header) matches
status() { line 5 | grep -qE -- "$1"; }
# heading REGEX: the column headings match
heading() { line 6 | grep -qE -- "$1"; }
# visible: the rows on screen, without the trailing blanks
visible() { cap | sed -n '7,$p' | sed 's/ *$//' | grep -v '^$'; }
# prompt_back: the shell waits at its prompt, alone on the last line
prompt_back() { [ "$(cap | grep -v '^$' | tail -n 1)" = 'nstop-test>' ]; }
# shell_run CMD: type CMD at the prompt
shell_run() { type_in "$1"; keys Enter; }
# term_state: what a program leaves of the terminal: the alternate
# screen, the cursor shown, the cursor and keypad modes
term_state() { fmt '#{alternate_on} #{cursor_flag} #{keypad_cursor_flag} #{keypad_flag}'; }
shell_pid=$(fmt '#{pane_pid}')
nstop_pid() {
	local c
	for c in $(_kids "$shell_pid"); do
		[ "$(cat /proc/"$c"/comm 2>/dev/null)" = nstop ] && echo "$c" && return 0
	done
	return 1
}
running() { nstop_pid >/dev/null && status '^namespaces: [0-9]+' && heading 'NS TYPE'; }
# stty_same NAME: the pane's terminal modes are those at the start
stty_same() {
	rm -f "$TMP/stty1"
	shell_run "stty -g >$TMP/stty1"
	poll 5 test -s "$TMP/stty1"
	expect_eq "$1" "$(cat "$TMP/stty1" 2>/dev/null)" "$(cat "$TMP/stty0")"
}
start_nstop() {	# ARGS: nstop in the pane, on a clean screen
	shell_run "clear; $NT $*; echo NSTOP_RC=\$?"
	poll 8 running
}
rc_line() { cap | sed -n 's/^NSTOP_RC=//p' | tail -n 1; }

poll 5 prompt_back
shell_run "stty -g >$TMP/stty0"
poll 5 test -s "$TMP/stty0"
check nstop-tui-stty-recorded grep -qE '^[0-9a-f]+(:[0-9a-f]+){10,}$' "$TMP/stty0"
state0=$(term_state)
if ! start_nstop -d 1; then
	fail nstop-tui-start "no nstop screen: $(cap | grep -v '^$' | head -n 5 | tr '\n' '|')"
	exit 0
fi
pass nstop-tui-start
expect_eq nstop-tui-alternate-screen "$(fmt '#{alternate_on} #{cursor_flag}')" "1 0"
check nstop-tui-header bash -c '[[ "$1" =~ ^nstop\ -\ [0-9]{2}:[0-9]{2}:[0-9]{2}\ up ]]' _ "$(line 1)"

# The rest of the machine may have more namespaces than the screen has
# lines: the test's rows are found through the filter. It is set before
# the namespace exists, so the row appearing is the refresh's doing.
keys /
poll 5 status '^Filter'
type_in "sleep $T2"
keys Enter
check nstop-tui-filter-empty poll 5 status "^namespaces: 0; filter 'sleep $T2'"
bg unshare --net --uts sleep $T2
s2=$BG_PID
poll 5 is_sleep $s2
net2=$(ns_of $s2 net)
uts2=$(ns_of $s2 uts)
# its rows: NS TYPE NPROCS ... COMMAND, and nothing else
own_rows() {
	[ "$(visible | awk -v t="$T2" '{ print $1, $2, $3, (substr($0, length($0) - length(t) - 5) == "sleep " t) }' | sort | paste -sd' ')" = \
		"$(printf '%s\n' "$net2 net 1 1" "$uts2 uts 1 1" | sort | paste -sd' ')" ]
}
if poll 4.5 own_rows; then
	pass nstop-tui-new-namespace-shown
else
	fail nstop-tui-new-namespace-shown "after 4.5 s: $(visible | tr '\n' '|')"
fi
check nstop-tui-filter-status status "^namespaces: 2; filter 'sleep $T2'"
keys '\'
check nstop-tui-filter-clear poll 5 status '^namespaces: [0-9]+   \(h: help\)'
expect_eq nstop-tui-filter-clear-more "$(line 5 | awk '{ print ($2 > 2) }')" 1
# the same two rows by an expression (scols-filter(5), as nsls -Q)
keys /
poll 5 status '^Filter'
type_in "NS == $net2 || ns eq $uts2"
keys Enter
check nstop-tui-filter-expr poll 5 status "^namespaces: 2; where 'NS == $net2 \|\| ns eq $uts2'"
check nstop-tui-filter-expr-rows poll 5 own_rows
# an operator, but no expression: found as text, and the line says why
keys /
poll 5 status '^Filter'
type_in "NOSUCH == 1"
keys Enter
check nstop-tui-filter-note poll 5 status "^filter: unknown column 'NOSUCH'; finding it as text"
keys C-l	# any key takes the message away
check nstop-tui-filter-note-rows poll 5 status "^namespaces: 0; filter 'NOSUCH == 1'"
keys '\'
check nstop-tui-filter-expr-clear poll 5 status '^namespaces: [0-9]+   \(h: help\)'

# sort: > and < move along the columns (the heading underlines the one
# sorted by), r reverses; the rows follow
sorted_by() {	# the underlined heading
	"${TM[@]}" capture-pane -p -e -t "$sess" | sed -n 6p |
		sed -nE $'s/.*\e\\[[0-9;]*;4m([^\e]+)\e.*/\\1/p; s/.*\e\\[4m([^\e]+)\e.*/\\1/p' | head -n 1 | tr -d ' '
}
column() {	# HEADING: the visible cells of that right-aligned column; -1: empty
	cap | awk -v c="$1" 'NR == 6 { i = index($0, " " c " "); e = i ? i + length(c) : 0; next }
		NR > 6 && e && $0 !~ /^ *$/ {
			ch = substr($0, e, 1)
			if (ch == " " || ch == "") { print -1; next }
			n = split(substr($0, 1, e), a, " "); print a[n] + 0 }'
}
ordered() {	# HEADING desc|asc: the column runs that way, and has rows
	column "$1" | awk -v d="$2" 'NR > 1 && ((d == "desc" && $1 > p) || (d == "asc" && $1 < p)) { bad = 1 }
		{ p = $1; n++ } END { exit !(n > 1 && !bad) }'
}
first_of() { column "$1" | head -n 1; }
sorted_is() { [ "$(sorted_by)" = "$1" ]; }
expect_eq nstop-tui-sort-default "$(sorted_by)" "%CPU"
keys '>'
poll 5 sorted_is RSS
expect_eq nstop-tui-sort-right "$(sorted_by)" RSS
check nstop-tui-sort-right-rows poll 5 ordered RSS desc
rss_top=$(first_of RSS)
keys r
check nstop-tui-sort-reverse-rows poll 5 ordered RSS asc
check nstop-tui-sort-reverse-top test "$(first_of RSS)" -lt "${rss_top:-0}"
keys '<'
poll 5 sorted_is %CPU
expect_eq nstop-tui-sort-left "$(sorted_by)" "%CPU"
check nstop-tui-sort-left-rows poll 5 ordered %CPU asc
keys r
check nstop-tui-sort-reverse-again poll 5 ordered %CPU desc
check nstop-tui-sort-heading heading '^ +NS TYPE +NPROCS'

# g: containers, namespace sets, namespaces again
keys g
check nstop-tui-group-containers poll 5 status '^containers: [0-9]+'
check nstop-tui-group-containers-heading heading '^CONTAINER +RUNTIME +ID'
keys g
check nstop-tui-group-sets poll 5 status '^namespace sets: [0-9]+'
check nstop-tui-group-sets-heading heading '^NPROCS +%CPU +RSS +HOST'
keys g
check nstop-tui-group-namespaces poll 5 status '^namespaces: [0-9]+'
# T: the ownership tree; Esc back
keys T
check nstop-tui-tree poll 5 status '^ownership tree: [0-9]+'
tree_top() { visible | head -n 1 | grep -qE '^[0-9]+ +user '; }
check nstop-tui-tree-user-top poll 5 tree_top
keys Escape
check nstop-tui-tree-back poll 5 status '^namespaces: [0-9]+'

# the hostile command line, on the screen: escaped, on one line
keys /
poll 5 status '^Filter'
type_in "$EVIL"
keys Enter
poll 5 status "^namespaces: 1; filter '$EVIL'"
# (COMMAND may be cut to its 12 columns: what is left is the escape)
expect_eq nstop-tui-hostile "$(visible | awk '{ print $1 }'):$(visible | grep -cF ' \x1b[31mEVIL'):$(cap | grep -c '^line')" "$hn:1:0"

# e: the event log has the namespaces made after nstop started (found
# with a filter there too: newest first, others' events may come after)
keys /
poll 5 status '^Filter'
type_in "sleep $T2"
keys Enter
poll 5 status "^namespaces: 2; filter 'sleep $T2'"
keys e
check nstop-tui-events poll 5 status "^event log: [0-9]+"
keys /
poll 5 status '^Filter'
type_in "sleep $T2"
keys Enter
check nstop-tui-events-filter poll 5 status "^event log: [0-9]+; filter 'sleep $T2'"
expect_eq nstop-tui-events-new \
	"$(visible | awk -v p=$s2 -v t="$T2" '$2 == "ns-new" && $5 == p && $NF == t && $(NF - 1) == "sleep" { print $3 ":" $4 }' | sort | paste -sd' ')" \
	"net:$net2 uts:$uts2"
keys Escape
check nstop-tui-events-back poll 5 status "^namespaces: 2; filter 'sleep $T2'"

# Enter: the processes of the selected row (net or uts); Esc back
keys Enter
if poll 5 status "^processes: 1 of (net:\[$net2\]|uts:\[$uts2\])"; then
	pass nstop-tui-drill
else
	fail nstop-tui-drill "status line '$(line 5)'"
fi
check nstop-tui-drill-heading heading '^ *PID +NSPID +USER'
drill_row() { [ "$(visible | awk '{ print $1, $NF }')" = "$s2 $T2" ]; }
check nstop-tui-drill-row drill_row
keys Escape
check nstop-tui-drill-back poll 5 status "^namespaces: 2; filter 'sleep $T2'"

# h: the help screen; any key back
keys h
help_shown() { cap | grep -q '^q, F10 *quit' && line 1 | grep -qE '^nstop .* - keys$'; }
check nstop-tui-help poll 5 help_shown
keys x
check nstop-tui-help-back poll 5 status "^namespaces: 2"

# resizing: smaller, too small, back
clean_at() {	# WxH: the window has that size, every line printable and inside it
	[ "$(fmt '#{window_width}x#{window_height}')" = "$1" ] &&
		[ "$(cap | LC_ALL=C grep -c '[^[:print:]]')" = 0 ] &&
		[ "$(cap | awk -v w="${1%x*}" 'length($0) > w' | wc -l)" = 0 ]
}
small_ok() { clean_at 50x15 && line 1 | grep -q '^nstop - ' && status '^namespaces: 2' && heading '^ +NS TYPE'; }
"${TM[@]}" resize-window -t "$sess" -x 50 -y 15
if poll 5 small_ok; then
	pass nstop-tui-resize-small
else
	fail nstop-tui-resize-small "$(fmt '#{window_width}x#{window_height}'): $(cap | head -n 7 | tr '\n' '|')"
fi
expect_eq nstop-tui-resize-small-rows "$(visible | awk '{ print $1 }' | sort | paste -sd' ')" "$(printf '%s\n' "$net2" "$uts2" | sort | paste -sd' ')"
"${TM[@]}" resize-window -t "$sess" -x 30 -y 8
too_small() { clean_at 30x8 && [ "$(line 1)" = "terminal too small" ] && line 2 | grep -q '^(30x8, nstop needs'; }
if poll 5 too_small; then
	pass nstop-tui-resize-too-small
else
	fail nstop-tui-resize-too-small "$(cap | head -n 3 | tr '\n' '|')"
fi
"${TM[@]}" resize-window -t "$sess" -x 100 -y 30
big_again() { clean_at 100x30 && line 1 | grep -q '^nstop - ' && status '^namespaces: 2' && own_rows; }
check nstop-tui-resize-back poll 5 big_again

# E: the command that enters the selected row
keys E
if poll 5 status "^nsenter-lite -t $s2 --(net|uts) *\$"; then
	pass nstop-tui-enter-command
else
	fail nstop-tui-enter-command "status line '$(line 5)'"
fi
enter_cmd=$(line 5 | sed 's/ *$//')

# a filter by the namespace's inode, then Enter: the process of the
# namespace chosen (the filter picked the namespace, not the processes)
keys /
poll 5 status '^Filter'
type_in "$net2"
keys Enter
poll 5 status "^namespaces: 1; filter '$net2'"
keys Enter
if poll 5 status "^processes: 1 of net:\[$net2\]" && poll 3 drill_row; then
	pass nstop-tui-drill-inode-filter
else
	fail nstop-tui-drill-inode-filter "Enter on the row '/$net2' left: status '$(line 5 | sed 's/ *$//')', rows '$(visible | tr '\n' '|')'"
fi
keys Escape
poll 5 status '^namespaces: '
keys '\'
poll 5 status '^namespaces: [0-9]+   '

# k in the drill-down: SIGTERM to the sleep, after a y
keys /
poll 5 status '^Filter'
type_in "sleep $T2"
keys Enter
poll 5 status "^namespaces: 2; filter 'sleep $T2'"
keys Enter
poll 5 status '^processes: 1 of '
keys k
check nstop-tui-kill-prompt poll 5 status "^Signal to send to PID $s2 \[TERM\]:"
keys Enter
check nstop-tui-kill-confirm poll 5 status "^Send SIGTERM to PID $s2\? \[y/N\]"
type_in y
keys Enter
if poll 5 status '^SIGTERM sent to 1 process$'; then
	pass nstop-tui-kill-message
else
	fail nstop-tui-kill-message "status line '$(line 5 | sed 's/ *$//')'"
fi
gone() { ! _alive "$1"; }
if poll 2 gone $s2; then
	pass nstop-tui-kill-done
else
	fail nstop-tui-kill-done "sleep $T2 ($s2) is still running after k, TERM, y"
fi

# q: the shell back, the terminal as it was, the last E on stdout
keys q
if poll 5 prompt_back; then
	pass nstop-tui-quit
else
	fail nstop-tui-quit "$(cap | grep -v '^$' | tail -n 3 | tr '\n' '|')"
fi
expect_eq nstop-tui-quit-rc "$(rc_line)" 0
expect_eq nstop-tui-quit-enter-command "$(cap | grep -B1 '^NSTOP_RC=' | head -n 1)" "$enter_cmd"
expect_eq nstop-tui-quit-terminal "$(term_state)" "$state0"
stty_same nstop-tui-quit-stty

# signals: SIGTERM, SIGHUP (to nstop alone), Ctrl-C
for sig in TERM HUP INT; do
	if ! start_nstop -d 1; then
		fail nstop-tui-sig$sig "no nstop screen: $(cap | grep -v '^$' | head -n 3 | tr '\n' '|')"
		continue
	fi
	np=$(nstop_pid)
	case $sig in
	INT) keys C-c; want="0|130" ;;
	TERM) kill -TERM "$np"; want=143 ;;
	HUP) kill -HUP "$np"; want=129 ;;
	esac
	if poll 5 prompt_back && [[ "$(rc_line)" =~ ^($want)$ ]]; then
		pass nstop-tui-sig$sig
	else
		fail nstop-tui-sig$sig "exit '$(rc_line)' (want $want), screen end '$(cap | grep -v '^$' | tail -n 2 | tr '\n' '|')'"
		# not to type the next command into it
		kill -KILL "$np" 2>/dev/null
		poll 5 prompt_back
	fi
	expect_eq nstop-tui-sig$sig-terminal "$(term_state)" "$state0"
	stty_same nstop-tui-sig$sig-stty
done

# the terminal gone without a SIGHUP to nstop: the script that ran it
# killed (the shell takes the terminal back, nstop is left in a
# background process group: the hangup's SIGHUP goes to the shell's
# group, not to it), then the terminal closed. Reads fail from then on:
# nstop must end, not run on.
"${TM[@]}" new-session -d -s "$sess-gone" -x 100 -y 30 \
	"env PS1='nstop-test> ' HISTFILE=/dev/null bash --norc --noprofile"
gone_shell=$("${TM[@]}" display-message -p -t "$sess-gone" '#{pane_pid}')
"${TM[@]}" send-keys -t "$sess-gone" -l -- "sh -c '$NT -d 1; echo NSTOP_RC=\$?'"
"${TM[@]}" send-keys -t "$sess-gone" Enter
orphan_up() {
	gone_sh=$(_kids "$gone_shell" | awk '{ print $1 }') && [ -n "$gone_sh" ] &&
		orph=$(_kids "$gone_sh" | awk '{ print $1 }') && [ "$(cat /proc/"$orph"/comm 2>/dev/null)" = nstop ]
}
if poll 5 orphan_up; then
	_pids+=("$orph")
	kill -KILL "$gone_sh"
	# the shell has the terminal again
	shell_fg() { [ "$(ps -o tpgid= -p "$gone_shell" | tr -d ' ')" = "$gone_shell" ]; }
	poll 3 shell_fg
	"${TM[@]}" kill-session -t "$sess-gone"
	if poll 3 gone "$orph"; then
		pass nstop-tui-terminal-gone
	else
		fail nstop-tui-terminal-gone "nstop ($orph) still runs 3 s after its terminal closed ($(ps -o stat=,pcpu= -p "$orph" | tr -s ' ')% CPU)"
		kill -KILL "$orph"
	fi
else
	fail nstop-tui-terminal-gone "nstop did not start in a second session"
	"${TM[@]}" kill-session -t "$sess-gone" 2>/dev/null
fi

# ---- TERM=dumb in the pane: a batch frame, not a screen ------------------------
# (the frame may be longer than the pane: the history is read too)
shell_run "clear"
poll 5 prompt_back
"${TM[@]}" clear-history -t "$sess"
shell_run "TERM=dumb $NT -n 1 -t net; echo NSTOP_RC=\$?"
if poll 8 prompt_back && [ "$(rc_line)" = 0 ]; then
	pass nstop-tui-term-dumb-exit
else
	fail nstop-tui-term-dumb-exit "$(cap | grep -v '^$' | tail -n 3 | tr '\n' '|')"
fi
"${TM[@]}" capture-pane -p -S - -t "$sess" >"$TMP/dumb"
expect_eq nstop-tui-term-dumb-frame \
	"$(frames "$TMP/dumb"):$(grep -c '^Tasks: ' "$TMP/dumb"):$(grep -cE '^ *NS TYPE +NPROCS' "$TMP/dumb"):$(grep -c "^$net1 net " "$TMP/dumb")" "1:1:1:1"
expect_eq nstop-tui-term-dumb-terminal "$(term_state)" "$state0"
