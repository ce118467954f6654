#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# privileges.sh - every tool with less than root's view, one table: as an
# ordinary user, as root in a user namespace of its own, with /proc
# mounted hidepid=invisible or subset=pid in a mount namespace of its own,
# and as root with CAP_SYS_PTRACE, CAP_SYS_ADMIN or CAP_BPF dropped. For
# each: the documented exit status, output that is whole (JSON that
# parses), nothing on standard error but the notes of what could not be
# read, and those notes exact: the count on stderr is the count in the
# JSON of the same run. notroot.sh goes deeper into nsls as nobody.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
	skip privileges "needs root and setpriv to set up the contexts"
	exit 0
fi

# The tools, copied where nobody can run them (the build tree may not be
# readable to nobody), with the layout they expect ($ORIGIN/../lib).
chmod 755 "$TMP"
mkdir -p "$TMP/p/bin" "$TMP/p/lib" "$TMP/w"
chmod 1777 "$TMP/w"
cp "$NSINFO_BUILD"/bin/* "$TMP/p/bin/"
cp -a "$NSINFO_BUILD"/lib/libnsinfo.so* "$TMP/p/lib/"
chmod -R a+rX "$TMP/p"
P=$TMP/p/bin

# The notes a tool may print on stderr when it could not read everything,
# and the notes of the kernel source's absence (auto says nothing).
notes_re="$denied_re"'|^[a-z-]+: about [0-9]+ tasks are hidden from you: .* is mounted with hidepid=[a-z]+$'

jq_true() { jq -e "$@" >/dev/null 2>&1; }
# the contexts: each runs its arguments there
ctx_nobody() { as_nobody "$@"; }
ctx_userns_root() { as_nobody unshare --user --map-root-user "$@"; }
ctx_hidepid() {
	unshare --mount --propagation private sh -c \
		'mount -t proc -o hidepid=invisible proc /proc && exec setpriv --reuid='$NOBODY' --regid='$NOBODY' --clear-groups "$@"' \
		sh "$@"
}
ctx_subset_pid() {
	unshare --mount --propagation private sh -c 'mount -t proc -o subset=pid proc /proc && exec "$@"' sh "$@"
}
ctx_no_ptrace() { setpriv --inh-caps=-sys_ptrace --bounding-set=-sys_ptrace "$@"; }
ctx_no_sysadmin() { setpriv --inh-caps=-sys_admin --bounding-set=-sys_admin "$@"; }
ctx_no_bpf() { setpriv --inh-caps=-bpf --bounding-set=-bpf "$@"; }
CONTEXTS="nobody userns_root hidepid subset_pid no_ptrace no_sysadmin no_bpf"

# a process of each user, for the tools that take a PID
# (setpriv itself, not a function: BG_PID is then the process that becomes
# the sleep)
bg setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups sleep 600
nobody_pid=$BG_PID
bg sleep 600
root_pid=$BG_PID
owned_by_nobody() { [ "$(stat -c %u "/proc/$nobody_pid")" = $NOBODY ]; }
wait_for owned_by_nobody

# The commands: NAME | exit statuses allowed | output kind | argv.
# PID is the context's own process, SNAP a snapshot saved in the context.
# nsdiff: 0 same (and silent, as diff), 1 different, 2 a side that
# cannot be read (PID 1 as nobody); nsenter-lite --dry-run: 1 when an
# entry would fail, or when the target may not be inspected at all (root
# of a user namespace of nobody's looking at nobody's process outside,
# root without CAP_SYS_PTRACE at root's).
COMMANDS='
nsls|0|text|nsls
nsls-json|0|json|nsls -J --output-all
nsls-processes|0|json|nsls --processes -J
nsls-tree|0|text|nsls -T
nsls-metrics|0|text|nsls --metrics
nsls-save|0|none|nsls --save SNAP
nstree|0|text|nstree
nstree-json|0|json|nstree -J
nstree-pid|0|text|nstree -P
nstop|0|text|nstop -b -n 1 -d 0
nstop-json|0|jsonl|nstop -J -n 2 -d 0 -g containers
nsdiff-snap|0 1|any|nsdiff SNAP now
nsdiff-pid1|0 1 2|any|nsdiff PID 1
nsenter-dry-run|0 1|or-error|nsenter-lite --dry-run -a -t PID
'

for ctx in $CONTEXTS; do
	case $ctx in
	nobody | userns_root | hidepid) pid=$nobody_pid ;;
	*) pid=$root_pid ;;
	esac
	snap=$TMP/w/snap-$ctx.json
	while IFS='|' read -r name allowed kind argv; do
		[ -n "$name" ] || continue
		read -r -a args <<<"${argv//SNAP/$snap}"
		args=("${args[@]//PID/$pid}")
		args[0]=$P/${args[0]}
		t=priv-$ctx-$name
		"ctx_$ctx" timeout 60 "${args[@]}" >"$TMP/out" 2>"$TMP/err" </dev/null
		rc=$?
		bad=""
		[[ " $allowed " == *" $rc "* ]] || bad="exit $rc, want one of: $allowed"
		if [ -z "$bad" ]; then
			case $kind in
			json) jq -e . "$TMP/out" >/dev/null 2>&1 || bad="stdout is not JSON" ;;
			jsonl) [ "$(jq -c . "$TMP/out" 2>/dev/null | wc -l)" = 2 ] || bad="stdout is not two JSON lines" ;;
			text) [ -s "$TMP/out" ] || bad="nothing on stdout" ;;
			none) [ -s "$snap" ] || bad="no snapshot written" ;;
			# the table, or why not in one line (a target it may not inspect)
			or-error) [ -s "$TMP/out" ] || { [ "$(wc -l <"$TMP/err")" = 1 ] &&
				grep -q "^nsenter-lite: cannot open /proc/$pid/ns/[a-z]*: permission denied: " "$TMP/err"; } ||
				bad="neither the table nor one line why" ;;
			esac
		fi
		if [ -z "$bad" ] && [[ $name != nsdiff* && $name != nsenter* ]]; then
			other=$(grep -cvE "$notes_re" "$TMP/err")
			[ "$other" = 0 ] || bad="stderr: $(grep -vE "$notes_re" "$TMP/err" | head -n 2 | tr '\n' '|')"
		fi
		if [ -z "$bad" ] && [[ $name == nsdiff* || $name == nsenter* ]]; then
			# one line each at most, and no crash report
			grep -qiE 'sanitizer|core dumped|segmentation' "$TMP/err" && bad="stderr: $(head -n 2 "$TMP/err" | tr '\n' '|')"
		fi
		# exact: what stderr counts is what the JSON of the same run says
		if [ -z "$bad" ] && [ "$name" = nsls-json ]; then
			json_n=$(jq '.unreadable.processes // 0' "$TMP/out")
			err_n=$(sed -nE 's/^[a-z-]+: ([0-9]+) of [0-9]+ processes could not be read: permission denied$/\1/p' "$TMP/err")
			[ -n "$err_n" ] || err_n=$(grep -cE '^[a-z-]+: PID [0-9]+( \(.*\))? could not be read' "$TMP/err")
			[ "$json_n" = "$err_n" ] || bad="stderr counts $err_n unreadable processes, the JSON $json_n"
		fi
		if [ -z "$bad" ]; then pass "$t"; else fail "$t" "$bad ($argv): ${args[*]}: $(head -c 300 "$TMP/err")"; fi
	done <<<"$COMMANDS"
done

# What each context must show, beyond not failing: nobody sees its own
# process and not PID 1's namespaces; hidepid hides and says so; subset=pid
# still lists processes; without CAP_BPF the kernel source says why.
ctx_nobody "$P/nsls" -J -o NS,PID --processes >"$TMP/o" 2>/dev/null
check priv-nobody-sees-own jq_true --argjson p "$nobody_pid" 'any(.processes[]; .pid == $p)' "$TMP/o"
ctx_hidepid "$P/nsls" >/dev/null 2>"$TMP/e"
check priv-hidepid-said grep -qE 'tasks are hidden from you: .* is mounted with hidepid=invisible$' "$TMP/e"
ctx_subset_pid "$P/nsls" --processes -J -o PID >"$TMP/o" 2>/dev/null
check priv-subset-pid-lists jq_true --argjson p "$root_pid" 'any(.processes[]; .pid == $p)' "$TMP/o"
# CAP_SYS_ADMIN still lets BPF in (bpf_capable()): the kernel source goes
# only with both, and then says why, as --version does
ctx_no_bpf_admin() { setpriv --inh-caps=-bpf,-sys_admin --bounding-set=-bpf,-sys_admin "$@"; }
why=$(ctx_no_bpf_admin "$P/nsls" --version | sed -n 's/^sources: proc (kernel: \(.*\))$/\1/p')
ctx_no_bpf_admin "$P/nsls" --source=kernel >/dev/null 2>"$TMP/e"
rc=$?
expect_eq priv-no-bpf-admin-kernel "$rc:$(cat "$TMP/e")" "1:nsls: kernel source: ${why:-(the version line named no reason)}"
ctx_no_bpf_admin "$P/nsls" -J >"$TMP/o" 2>/dev/null
check priv-no-bpf-admin-auto-proc jq_true '.source == "proc"' "$TMP/o"
ctx_no_ptrace "$P/nsls" -J >"$TMP/o" 2>/dev/null
check priv-no-ptrace-denied jq_true '.unreadable.processes > 0' "$TMP/o"
