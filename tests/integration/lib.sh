# SPDX-License-Identifier: LGPL-2.1-or-later
# lib.sh - sourced by every integration test. Prints the lines tests/run
# counts, and cleans up every process a test started (real namespaces are
# held by real processes, so cleanup is killing them).
#
#   NSLS            the nsls binary under test (tests/run sets it)
#   NSINFO_BUILD    its build tree

set -u
: "${NSLS:?run me through tests/run}"
: "${NSINFO_BUILD:?run me through tests/run}"

_pids=()
_tmp=$(mktemp -d)

# Kill leaves first: an orphan waits for PID 1 to reap it, which can be
# slow (or never, in a minimal VM or container), so a process must die
# before its parent: kill only processes without children, and let each
# parent (unshare --fork, sh) reap them and exit in turn.
_kids() { cat /proc/"$1"/task/*/children 2>/dev/null; }
_tree() { local c; for c in $(_kids "$1"); do echo "$c"; _tree "$c"; done; }
_alive() {
	local s
	s=$(cat /proc/"$1"/stat 2>/dev/null) || return 1
	s=${s##*) }
	[ "${s%% *}" != Z ]
}
reap_all() {
	local i p q any
	for i in $(seq 1 100); do
		any=0
		for p in "${_pids[@]}"; do
			_alive "$p" || continue
			any=1
			for q in "$p" $(_tree "$p"); do
				_alive "$q" && [ -z "$(_kids "$q")" ] && kill -KILL "$q" 2>/dev/null
			done
		done
		[ "$any" = 0 ] && return 0
		sleep 0.05
	done
}
_cleanup() {
	local p
	reap_all
	for p in "${_pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$_tmp"
}
trap _cleanup EXIT

# What a tool says on stderr after its output about what it could not
# read (cli_say_denied()): a few processes named, many counted, threads.
denied_re='^[a-z-]+: (PID [0-9]+( \(.*\))? could not be read: [a-z ]+|[0-9]+ of [0-9]+ processes could not be read: permission denied|[0-9]+ threads could not be read: permission denied)$'

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2"; }

# check NAME CMD...: pass when CMD exits 0.
check() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name" "failed: $*"; fi
}

# expect_eq NAME GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got '$2', want '$3'"; fi
}

# bg CMD...: start CMD in the background, remember it for cleanup; its
# PID is in $BG_PID.
bg() {
	"$@" &
	BG_PID=$!
	_pids+=("$BG_PID")
}

# wait_for CMD...: up to 5 s for CMD to succeed.
wait_for() {
	local i
	for i in $(seq 1 100); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}

# The helpers every test shares, defined here once (a test that needs
# another meaning picks another name).
NOBODY=65534
# as_nobody CMD...: CMD as the user nobody, no groups.
as_nobody() { setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups "$@"; }
# comm_of PID: its command name; runs PID COMM: it runs COMM now (has
# exec'd it); is_sleep PID: it runs sleep.
comm_of() { cat /proc/"$1"/comm 2>/dev/null; }
runs() { [ "$(comm_of "$1")" = "$2" ]; }
is_sleep() { runs "$1" sleep; }
# leaf_of PID: the last of the first-child chain below PID (what an
# unshare --fork chain runs at its bottom).
leaf_of() {
	local p=$1 c
	while c=$(first_child "$p") && [ -n "$c" ]; do p=$c; done
	echo "$p"
}
# settled PID [COMM]: the process at the bottom below PID runs COMM
# (sleep): every unshare on the way has done its work and exec'd.
settled() { runs "$(leaf_of "$1")" "${2:-sleep}"; }
# unshared PID TYPE: PID is in a namespace of TYPE apart from this shell's;
# own_userns PID: in a user namespace of its own; sleeps_apart PID: it
# runs sleep, in a net namespace of its own.
unshared() {
	local a b
	a=$(ns_of "$1" "$2") && b=$(ns_of $$ "$2") && [ "$a" != "$b" ]
}
own_userns() { unshared "$1" user; }
sleeps_apart() { is_sleep "$1" && unshared "$1" net; }
# kinds HOLDERS: the kinds of holder a JSON HOLDERS array names, sorted
# and comma-joined: process ("processes"), for_children, thread ("thread",
# "threads"). Other holders are left out; null has none.
kinds() {
	printf '%s\n' "$1" | jq -r '(. // [])[] | .kind' 2>/dev/null | sed -nE \
		-e 's/^processes$/process/p' \
		-e 's/^for_children$/for_children/p' \
		-e 's/^threads?$/thread/p' | sort -u | paste -sd, -
}

# ns_of PID TYPE: the inode of a process's namespace.
ns_of() {
	local l
	l=$(readlink "/proc/$1/ns/$2") || return 1
	l=${l#*[}
	echo "${l%]}"
}

# first_child PID: the first child of PID (unshare --fork runs the command
# as a child).
first_child() {
	local c
	c=$(cat "/proc/$1/task/$1/children" 2>/dev/null)
	echo "${c%% *}"
}

# js FILE ARGS...: nsls -J ARGS into FILE (stderr into FILE.err).
js() {
	local f=$1
	shift
	"$NSLS" -J "$@" >"$f" 2>"$f.err"
}
# field FILE NS KEY: that key of namespace NS's row ("" when there is no
# such row, "null" when the cell is empty).
field() {
	jq -r --argjson ns "$2" --arg k "$3" \
		'.namespaces[] | select(.ns == $ns) | .[$k] | tostring' "$1" 2>/dev/null
}

# bash_complete WORD...: what the bash completion in $BASH_COMP offers for
# the command line WORD... (WORD 1 is the command, the last word is the one
# being completed), one a line.
bash_complete() {
	bash --norc --noprofile -c '
		source "$0" >/dev/null 2>&1 || exit 2
		fn=$(complete -p "$1" 2>/dev/null | sed -nE "s/.* -F ([^ ]+) .*/\1/p")
		[ -n "$fn" ] || exit 3
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		"$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"
	' "$BASH_COMP" "$@" 2>/dev/null
}

# kernel_why [TOOL]: why the kernel source cannot be used here, as the
# second line of TOOL --version says it ("sources: proc (kernel: WHY)"),
# or nothing when it can ("sources: proc, kernel"). Status 2 when the line
# is neither (a test of --source then fails on its own).
kernel_why() {
	local v
	v=$("${1:-$NSLS}" --version 2>/dev/null | sed -n 2p)
	case $v in
	"sources: proc, kernel") return 0 ;;
	"sources: proc (kernel: "*")") v=${v#"sources: proc (kernel: "}; echo "${v%)}" ;;
	*) return 2 ;;
	esac
}

TMP=$_tmp
