#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# metrics.sh - nsls --metrics and nstop -b --metrics give Prometheus what it
# can read, and the figures are the host's:
#   - promtool check metrics (Debian's prometheus) passes on every output,
#     hostile container names included;
#   - the figures against the kernel's and nsls's own: namespaces by type,
#     a leaked net namespace (an ip netns mount, no process) and one held
#     by an fd only counted by holder, containers (a real podman one);
#   - --metrics-file replaces the file whole, says why it cannot, and
#     prints nothing;
#   - a real node_exporter (prometheus-node-exporter) serves the file
#     through its textfile collector, and a real Prometheus server scraping
#     it answers a PromQL query for the leak through its HTTP API. Both on
#     127.0.0.1, started and stopped here, each step bounded in time.
. "$(dirname "$0")/lib.sh"
NT=$NSINFO_BUILD/bin/nstop
PY=/usr/bin/python3

if [ "$(id -u)" != 0 ]; then
	skip metrics "not root: ip netns, cgroups and the servers need root"
	exit 0
fi
if ! command -v promtool >/dev/null; then
	fail metrics-promtool "promtool is missing (make test installs Debian's prometheus)"
	exit 0
fi

# promcheck NAME FILE: promtool check metrics accepts FILE (lint too).
promcheck() {
	local out
	if out=$(promtool check metrics <"$2" 2>&1); then
		pass "$1"
	else
		fail "$1" "promtool: $(echo "$out" | head -n 3 | tr '\n' ' ')"
	fi
}
# value FILE SERIES: the value of the one sample named exactly SERIES
# (name and labels as printed), "" when there is none.
value() {
	awk -v s="$2" 'substr($0, 1, length(s) + 1) == s " " { print $NF }' "$1"
}
# value_of FILE PREFIX: the value of the first sample that starts so.
value_of() {
	awk -v s="$2" 'substr($0, 1, length(s)) == s { print $NF; exit }' "$1"
}


# ---- the figures ----------------------------------------------------------
leak=nsinfo-leak-$$
ip netns add "$leak" || { fail metrics-setup "ip netns add failed"; exit 0; }
evil_cg= twins=() cg=/sys/fs/cgroup/unified
_cleanup_more() {
	ip netns del "$leak" 2>/dev/null
	[ -z "$evil_cg" ] || rmdir "$evil_cg" 2>/dev/null
	for d in "${twins[@]}"; do rmdir "$d" 2>/dev/null; done
	rmdir "$cg/machine.slice" 2>/dev/null
	declare -F ct_cleanup >/dev/null && ct_cleanup
	_cleanup
}
trap _cleanup_more EXIT
# a net namespace only an fd holds: a shell in the host's namespaces keeps
# /proc/PID/ns/net of a process that then exits
bg unshare --net sleep 300
holder=$BG_PID
wait_for unshared "$holder" net
fdnet=$(ns_of "$holder" net)
bg bash -c "exec 7</proc/$holder/ns/net; exec sleep 300"
fdkeeper=$BG_PID
wait_for test -e "/proc/$fdkeeper/fd/7"
kill -KILL "$holder"
wait "$holder" 2>/dev/null
# a namespace one process is in
bg unshare --uts sleep 300
wait_for unshared "$BG_PID" uts
utsns=$(ns_of "$BG_PID" uts)

"$NSLS" --metrics >"$TMP/m" 2>"$TMP/m.err"
expect_eq metrics-exit "$?" 0
promcheck metrics-promtool "$TMP/m"
# The counts against nsls's own listing. Namespaces come and go on a busy
# machine between two runs: a few tries, each a metrics run and the
# listing right after it.
for try in 1 2 3 4 5; do
	"$NSLS" --metrics >"$TMP/mc" 2>/dev/null
	"$NSLS" -J -l >"$TMP/l.json" 2>/dev/null
	"$NSLS" -P -l -J -o NS,TYPE >"$TMP/p.json" 2>/dev/null
	got="" want=""
	for t in cgroup ipc mnt net pid time user uts; do
		got="$got $t=$(value "$TMP/mc" "nsinfo_namespaces{type=\"$t\"}")"
		want="$want $t=$(jq --arg t "$t" '[.namespaces[] | select(.type == $t)] | length' "$TMP/l.json")"
	done
	# each namespace no process is in, counted once, under what holds it
	got="$got idle=$(awk '/^nsinfo_namespaces_without_processes\{/ { s += $NF } END { print s + 0 }' "$TMP/mc")"
	want="$want idle=$(jq '.namespaces | length' "$TMP/p.json")"
	[ "$got" = "$want" ] && break
	sleep 0.3
done
expect_eq metrics-namespaces-by-type "$got" "$want"
mounted=$(value "$TMP/m" 'nsinfo_namespaces_without_processes{type="net",holder="mount"}')
held=$(value "$TMP/m" 'nsinfo_namespaces_without_processes{type="net",holder="fd"}')
check metrics-leak-mount test "${mounted:-0}" -ge 1
check metrics-leak-fd test "${held:-0}" -ge 1
procs=$(value "$TMP/m" nsinfo_processes)
check metrics-processes test "${procs:-0}" -ge "$(ls -d /proc/[0-9]* | wc -l | awk '{ print int($1 * 0.8) }')"
expect_eq metrics-source-label "$(grep -c '^nsinfo_scan_info{version="[0-9.]*",source="\(proc\|kernel\)"} 1$' "$TMP/m")" 1
check metrics-help-type awk '/^nsinfo_/ { split($1, a, "{"); n[a[1]]++ }
	/^# TYPE / { t[$3]++ } /^# HELP / { h[$3]++ }
	END { for (k in n) if (!t[k] || !h[k]) exit 1 }' "$TMP/m"

# per namespace only when asked: the leaked one by its name and inode
"$NSLS" --metrics-namespaces >"$TMP/mn" 2>/dev/null
promcheck metrics-namespaces-promtool "$TMP/mn"
check metrics-per-ns-absent bash -c "! grep -q '^nsinfo_namespace_processes' '$TMP/m'"
expect_eq metrics-per-ns-fd "$(value "$TMP/mn" "nsinfo_namespace_processes{type=\"net\",ns=\"$fdnet\"}")" 0
expect_eq metrics-per-ns-uts "$(value "$TMP/mn" "nsinfo_namespace_processes{type=\"uts\",ns=\"$utsns\"}")" 1
check metrics-per-ns-name grep -q "^nsinfo_namespace_processes{type=\"net\",ns=\"[0-9]*\",name=\"$leak\"} 0$" "$TMP/mn"

# ---- hostile names ------------------------------------------------------
# LXC names a container after its cgroup (lxc.payload.NAME): anyone with a
# delegated cgroup picks it. The kernel refuses a newline there; quotes,
# backslashes, escapes and bytes that are not UTF-8 it takes.
cg=/sys/fs/cgroup/unified
[ -f "$cg/cgroup.procs" ] || cg=/sys/fs/cgroup
evil=$'ev"il\\x41 \x1b[31m\xff} 1'
if mkdir "$cg/lxc.payload.$evil" 2>/dev/null; then
	evil_cg=$cg/lxc.payload.$evil
	bg sleep 300
	echo "$BG_PID" >"$evil_cg/cgroup.procs"
	"$NSLS" --metrics >"$TMP/evil" 2>/dev/null
	promcheck metrics-hostile-promtool "$TMP/evil"
	want='nsinfo_container_processes{runtime="lxc",container="ev\"il\\x5cx41 \\x1b[31m\\xff} 1",owner="0"} 1'
	check metrics-hostile-escaped grep -qxF "$want" "$TMP/evil"
	check metrics-hostile-no-raw bash -c "! LC_ALL=C grep -q \$'[\x1b\x80-\xff]' '$TMP/evil'"
	kill -KILL "$BG_PID"
	wait "$BG_PID" 2>/dev/null
	for i in $(seq 1 50); do rmdir "$evil_cg" 2>/dev/null && break; sleep 0.1; done
else
	skip metrics-hostile "cannot make a cgroup in $cg"
fi

# Two cgroups that claim podman IDs with the same first 12 digits (the
# label): one series, never two, or node_exporter drops the whole file.
# Both are counted as containers.
twin1=$(printf 'abcdef012345%052d' 1) twin2=$(printf 'abcdef012345%052d' 2)
twins=()
if mkdir -p "$cg/machine.slice"; then
	for id in "$twin1" "$twin2"; do
		mkdir "$cg/machine.slice/libpod-$id.scope" || continue
		twins+=("$cg/machine.slice/libpod-$id.scope")
		bg sleep 300
		echo "$BG_PID" >"$cg/machine.slice/libpod-$id.scope/cgroup.procs"
	done
fi
if [ "${#twins[@]}" = 2 ]; then
	"$NSLS" --metrics >"$TMP/twins" 2>/dev/null
	promcheck metrics-twins-promtool "$TMP/twins"
	expect_eq metrics-twins-one-series \
		"$(grep -c '^nsinfo_container_processes{runtime="podman",container="abcdef012345",id="abcdef012345",' "$TMP/twins")" 1
	check metrics-twins-counted test "$(value "$TMP/twins" 'nsinfo_containers{runtime="podman"}')" -ge 2
else
	skip metrics-twins "cannot make cgroups in $cg/machine.slice"
fi
for d in "${twins[@]}"; do
	for p in $(cat "$d/cgroup.procs" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
done

# ---- a real container ----------------------------------------------------
. "$(dirname "$0")/../containers/lib.sh"
ctname=nsinfo-metrics-$$
if ctpid=$(ct_start podman "$ctname" 2>"$TMP/ct.err"); then
	"$NSLS" --metrics >"$TMP/ct" 2>/dev/null
	promcheck metrics-podman-promtool "$TMP/ct"
	id=$(ct_id podman "$ctname")
	labels="{runtime=\"podman\",container=\"$ctname\",id=\"${id:0:12}\","
	expect_eq metrics-podman-processes "$(value_of "$TMP/ct" "nsinfo_container_processes$labels")" \
		"$("$NSLS" --processes -J -o PID,CONTAINER 2>/dev/null | jq "[.processes[] | select(.container == \"$ctname\")] | length")"
	check metrics-podman-own-net grep -q "^nsinfo_container_host_namespace$labels.*type=\"net\"} 0$" "$TMP/ct"
	check metrics-podman-count test "$(value "$TMP/ct" 'nsinfo_containers{runtime="podman"}')" -ge 1
	ct_stop podman "$ctname"
else
	skip metrics-podman "no podman container: $(tr '\n' ' ' <"$TMP/ct.err")"
fi

# ---- options and errors ----------------------------------------------------
out=$("$NSLS" --metrics -J 2>"$TMP/e")
expect_eq metrics-conflict-exit "$?" 1
expect_eq metrics-conflict-stdout "$out" ""
check metrics-conflict-msg grep -q '^nsls: --metrics and --json are mutually exclusive$' "$TMP/e"
out=$("$NSLS" --metrics-file /nonexistent-dir/x.prom 2>"$TMP/e")
expect_eq metrics-file-bad-exit "$?" 1
expect_eq metrics-file-bad-stdout "$out" ""
check metrics-file-bad-msg grep -q '^nsls: /nonexistent-dir/x.prom: cannot create: No such file or directory$' "$TMP/e"
"$NSLS" --metrics >/dev/full 2>"$TMP/e"
expect_eq metrics-full-exit "$?" 1

# the file: whole, 0644, nothing left beside it, nothing on stdout; a
# symlink in its place is replaced, not followed
tdir=$TMP/textfile
mkdir "$tdir"
echo keep >"$TMP/target"
ln -s "$TMP/target" "$tdir/nsinfo.prom"
out=$("$NSLS" --metrics-file "$tdir/nsinfo.prom" 2>/dev/null)
expect_eq metrics-file-exit "$?" 0
expect_eq metrics-file-stdout "$out" ""
check metrics-file-regular test -f "$tdir/nsinfo.prom" -a ! -L "$tdir/nsinfo.prom"
expect_eq metrics-file-symlink-target "$(cat "$TMP/target")" keep
expect_eq metrics-file-mode "$(stat -c %a "$tdir/nsinfo.prom")" 644
expect_eq metrics-file-alone "$(ls -A "$tdir")" nsinfo.prom
promcheck metrics-file-promtool "$tdir/nsinfo.prom"

# ---- contrib/: the service and timer ----------------------------------------
# As installed they name /usr/bin/nsls and Debian's textfile directory;
# here the same units name the build's nsls and a directory of the test.
units=$(cd "$(dirname "$0")/../../contrib/systemd" && pwd)
mkdir "$TMP/units" "$TMP/ne-dir"
for u in nsinfo-metrics.service nsinfo-metrics.timer; do
	sed -e "s|/usr/bin/nsls|$NSLS|" -e "s|/var/lib/prometheus/node-exporter|$TMP/ne-dir|g" \
		"$units/$u" >"$TMP/units/$u"
done
if command -v systemd-analyze >/dev/null; then
	check contrib-units-verify systemd-analyze --man=no verify \
		"$TMP/units/nsinfo-metrics.service" "$TMP/units/nsinfo-metrics.timer"
else
	skip contrib-units-verify "no systemd-analyze (package systemd)"
fi
expect_eq contrib-timer-30s "$(sed -n 's/^OnUnitActiveSec=//p' "$units/nsinfo-metrics.timer")" 30s
# the service's command, word by word, as systemd would run it
read -r -a cmd <<<"$(sed -n 's/^ExecStart=//p' "$TMP/units/nsinfo-metrics.service")"
"${cmd[@]}" 2>/dev/null
expect_eq contrib-service-exit "$?" 0
promcheck contrib-service-file "$TMP/ne-dir/nsinfo.prom"

# ---- nstop -b --metrics ----------------------------------------------------
"$NT" -b --metrics -n 2 -d 0.2 >"$TMP/nt" 2>/dev/null
expect_eq nstop-metrics-exit "$?" 0
expect_eq nstop-metrics-frames "$(grep -c '^nsinfo_scan_info{' "$TMP/nt")" 2
awk -v dir="$TMP" 'BEGIN { RS = "" } { print > (dir "/nt." NR) }' "$TMP/nt"
promcheck nstop-metrics-promtool "$TMP/nt.2"
check nstop-metrics-counter grep -q '^# TYPE nsinfo_namespaces_created_total counter$' "$TMP/nt.2"
# a daemon: the file rewritten each frame; a namespace made meanwhile is
# counted as created
bg "$NT" --metrics-file "$tdir/nstop.prom" -d 0.3 -n 400 >"$TMP/nt.out"
ntpid=$BG_PID
wait_for test -s "$tdir/nstop.prom"
bg unshare --ipc sleep 300
created() { [ "$(value "$tdir/nstop.prom" nsinfo_namespaces_created_total)" -ge 1 ] 2>/dev/null; }
check nstop-metrics-file-created wait_for created
promcheck nstop-metrics-file-promtool "$tdir/nstop.prom"
kill -TERM "$ntpid"
wait "$ntpid"
expect_eq nstop-metrics-term-exit "$?" 0
expect_eq nstop-metrics-file-quiet "$(wc -c <"$TMP/nt.out")" 0
out=$("$NT" --metrics -J -n 1 2>"$TMP/e")
expect_eq nstop-metrics-conflict "$?:$out" "1:"

# ---- node_exporter and Prometheus ---------------------------------------------
free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# get URL: the body, within 5 s
get() { curl -sf --max-time 5 "$1"; }

NE=$(command -v prometheus-node-exporter)
PROM=$(command -v prometheus)
if [ -z "$NE" ] || [ -z "$PROM" ]; then
	fail metrics-servers "prometheus-node-exporter or prometheus is missing (make test installs them)"
	exit 0
fi
rm -f "$tdir/nstop.prom"
"$NSLS" --metrics-file "$tdir/nsinfo.prom" 2>/dev/null
# what the file says (ours among them: at least 1), which the servers must
# pass on unchanged
served=$(value "$tdir/nsinfo.prom" 'nsinfo_namespaces_without_processes{type="net",holder="mount"}')
check metrics-file-leak test "${served:-0}" -ge 1
neport=$(free_port)
bg "$NE" --web.listen-address="127.0.0.1:$neport" --collector.disable-defaults \
	--collector.textfile --collector.textfile.directory="$tdir" 2>"$TMP/ne.log"
up() { get "http://127.0.0.1:$neport/metrics" >"$TMP/scrape"; }
if wait_for up; then
	pass node-exporter-up
	check node-exporter-serves grep -q "^nsinfo_namespaces_without_processes{holder=\"mount\",type=\"net\"} $served$" "$TMP/scrape"
	expect_eq node-exporter-no-error "$(sed -n 's/^node_textfile_scrape_error //p' "$TMP/scrape")" 0
else
	fail node-exporter-up "no answer on 127.0.0.1:$neport"
fi

pport=$(free_port)
cat >"$TMP/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:$neport']
EOF
bg "$PROM" --config.file="$TMP/prometheus.yml" --storage.tsdb.path="$TMP/tsdb" \
	--web.listen-address="127.0.0.1:$pport" --log.level=warn 2>"$TMP/prom.log"
# the alert's query: leaked net namespaces (no process, a mount holds them)
q='nsinfo_namespaces_without_processes%7Btype%3D%22net%22%2Cholder%3D%22mount%22%7D'
answered() {
	get "http://127.0.0.1:$pport/api/v1/query?query=$q" >"$TMP/q" &&
		[ "$(jq -r '.data.result[0].value[1] // empty' "$TMP/q")" = "$served" ]
}
ok=0
for i in $(seq 1 60); do
	answered && { ok=1; break; }
	sleep 0.5
done
if [ "$ok" = 1 ]; then
	pass prometheus-query
	expect_eq prometheus-query-job "$(jq -r '.data.result[0].metric.job' "$TMP/q")" node
else
	fail prometheus-query "no answer $served in 30 s: $(head -c 300 "$TMP/q" 2>/dev/null)"
fi
