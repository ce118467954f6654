#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# options.sh - every option of every tool, refused well: exit status 1 (2
# for nsdiff, as diff(1)), nothing on standard output, one clear line on
# standard error (and the usage hint after a usage error), never a crash.
#
# Two parts:
#   - derived from each tool's --help, so that a new option is covered the
#     day it lands: an option that takes an argument, given none; one that
#     takes none, given one; an option that is not there; --help and
#     --version onto a full device;
#   - a table of a bad value for each option that takes one, with the
#     message it must give.
# badinput.sh goes deeper into nsls's own cases.
. "$(dirname "$0")/lib.sh"
B=$NSINFO_BUILD/bin
TOOLS="nsls nstree nstop nsdiff nsenter-lite"

trouble() { [ "$1" = nsdiff ] && echo 2 || echo 1; }
hint() { echo "Try '$1 --help' for more information."; }

# refused NAME TOOL RC LINE1_RE [HINT] -- ARGS...: TOOL ARGS exits RC with
# an empty stdout and a stderr of one line matching LINE1_RE, then the
# usage hint: always when HINT is "hint", else if the tool likes.
refused() {
	local name=$1 tool=$2 want=$3 re=$4 withhint=$5 rc got lines
	shift 6
	timeout 20 "$B/$tool" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
	got=$(head -n 1 "$TMP/err")
	lines=$(wc -l <"$TMP/err")
	if [ "$rc" != "$want" ]; then
		fail "$name" "exit $rc, want $want ($tool $*): $(head -c 200 "$TMP/err")"
	elif [ -s "$TMP/out" ]; then
		fail "$name" "stdout not empty ($tool $*): $(head -c 100 "$TMP/out")"
	elif ! [[ $got =~ $re ]]; then
		fail "$name" "stderr '$got', want /$re/ ($tool $*)"
	elif [ "$withhint" = hint ] && { [ "$lines" != 2 ] || [ "$(tail -n 1 "$TMP/err")" != "$(hint "$tool")" ]; }; then
		fail "$name" "no usage hint after '$got' ($tool $*): $(tail -n 1 "$TMP/err")"
	elif [ "$withhint" != hint ] && [ "$lines" != 1 ] &&
		{ [ "$lines" != 2 ] || [ "$(tail -n 1 "$TMP/err")" != "$(hint "$tool")" ]; }; then
		fail "$name" "$lines lines on stderr, want the line (and the hint) ($tool $*): $(tr '\n' '|' <"$TMP/err")"
	else
		pass "$name"
	fi
}

# ---- derived from --help --------------------------------------------------
# getopt names the program as it was run (its path)
for tool in $TOOLS; do
	"$B/$tool" --help >"$TMP/help" 2>/dev/null
	nopt=0
	# " -o, --output <list>  ..." / "     --color[=<when>]  ..." / "--json"
	while IFS= read -r line; do
		[[ $line =~ ^\ +(-([A-Za-z]),\ )?--([a-z][a-z-]*)(\[=)?(\ <)? ]] || continue
		short=${BASH_REMATCH[2]} long=${BASH_REMATCH[3]}
		optional=${BASH_REMATCH[4]} required=${BASH_REMATCH[5]}
		nopt=$((nopt + 1))
		if [ -n "$required" ]; then
			refused "options-$tool-$long-no-argument" "$tool" "$(trouble "$tool")" \
				"^(.*/)?$tool: option '--$long' requires an argument$" hint -- "--$long"
			[ -n "$short" ] && refused "options-$tool-$short-no-argument" "$tool" "$(trouble "$tool")" \
				"^(.*/)?$tool: option requires an argument -- '$short'$" hint -- "-$short"
		elif [ -z "$optional" ]; then
			refused "options-$tool-$long-argument" "$tool" "$(trouble "$tool")" \
				"^(.*/)?$tool: option '--$long' doesn't allow an argument$" hint -- "--$long=x"
		fi
	done <"$TMP/help"
	# the parse found the options (a --help that changed its layout must
	# not make this test check nothing)
	check "options-$tool-help-parsed" test "$nopt" -ge 8
	refused "options-$tool-unknown-long" "$tool" "$(trouble "$tool")" \
		"^(.*/)?$tool: unrecognized option '--no-such-option'$" hint -- --no-such-option
	refused "options-$tool-unknown-short" "$tool" "$(trouble "$tool")" \
		"^(.*/)?$tool: invalid option -- '%'$" hint -- -%
	# output errors: --help and --version too
	for o in --help --version; do
		"$B/$tool" "$o" >/dev/full 2>"$TMP/err"
		rc=$?
		expect_eq "options-$tool$o-full" "$rc:$(head -n 1 "$TMP/err")" \
			"$(trouble "$tool"):$tool: write error: No space left on device"
	done
done

# ---- a bad value for each option that takes one ----------------------------
T=$(trouble nsdiff)
while IFS='|' read -r tool msg args; do
	[ -n "$tool" ] || continue
	eval "set -- $args"
	refused "options-value-$tool-$(printf '%s' "$args" | tr -c 'A-Za-z0-9' '-' | tr -s '-')" \
		"$tool" "$(trouble "$tool")" "^$tool: $msg$" "" -- "$@"
done <<'EOF'
nsls|unknown column 'FOO'|-o FOO
nsls|invalid PID 'abc'|-p abc
nsls|filter: unknown column 'FOO'|-Q 'FOO == 1'
nsls|unknown namespace type 'bogus'|-t bogus
nsls|unknown tree type: bogus|--tree=bogus
nsls|unknown source 'bogus'|--sources bogus
nsls|unknown source 'bogus' \(auto, proc, kernel\)|--source bogus
nsls|/nonexistent/x: cannot create: No such file or directory|--save /nonexistent/x
nsls|/nonexistent/x: cannot create: No such file or directory|--metrics-file /nonexistent/x
nsls|unsupported color mode 'bogus'|--color=bogus
nsls|cannot read /nonexistent: No such file or directory|--proc-root /nonexistent
nsls|invalid namespace argument 'abc'|abc
nstree|unknown namespace type 'bogus'|-t bogus
nstree|invalid depth 'x'|--depth x
nstree|unknown column 'FOO'|-o FOO
nstree|unsupported color mode 'x'|--color=x
nstree|cannot read /nonexistent: No such file or directory|--proc-root /nonexistent
nstree|unknown source 'x' \(auto, proc, kernel\)|--source x
nstree|abc: no such container or network namespace|abc
nstop|invalid number of iterations '0'|-n 0
nstop|invalid delay 'x' \(seconds, up to 86400\)|-d x
nstop|invalid PID 'x'|-p x
nstop|unknown user 'nosuchuser'|-u nosuchuser
nstop|unknown namespace type 'x'|-t x
nstop|unknown group 'x' \(namespaces, containers, sets\)|-g x
nstop|unknown column 'FOO'|-o FOO
nstop|unknown column 'FOO'|-s FOO
nstop|unknown source 'x' \(auto, proc, kernel\)|--source x
nstop|cannot read /nonexistent: No such file or directory|--proc-root /nonexistent -n 1
nstop|unsupported color mode 'x'|--color=x
nstop|/nonexistent/x: cannot create: No such file or directory|--metrics-file /nonexistent/x -n 1
nsdiff|unknown namespace type 'x'|-t x 1 1
nsdiff|unsupported color mode 'x'|--color=x 1 1
nsdiff|unknown source 'x' \(auto, proc, kernel\)|--source x 1 1
nsdiff|two sides to compare are needed|1
nsdiff|PID 999999999: no such process|999999999 1
nsenter-lite|invalid target 'x': expected PID or PID:INODE|-t x
nsenter-lite|invalid file descriptor 'x'|-N x -t 1
nsenter-lite|invalid network namespace name 'a/b'|--netns a/b
nsenter-lite|no running container 'nosuch' .*|--container nosuch
nsenter-lite|unknown source 'x' \(auto, proc, kernel\)|--source x -t 1
nsenter-lite|invalid UID 'x'|-S x -t 1
nsenter-lite|invalid GID 'x'|-G x -t 1
nsenter-lite|invalid directory '' for --wdns|-W '' -t 1
nsenter-lite|cannot open /nonexistent: No such file or directory|--mount=/nonexistent true
nsenter-lite|PID 999999999: no such process|-t 999999999 true
EOF
