# SPDX-License-Identifier: LGPL-2.1-or-later
# docs.sh - the man pages and the shell completions agree with the code:
# every column, type and option nsls (and, at the end, nstree and nstop)
# knows is documented and completed, and so is every key of nstop and
# the --source of all four tools (nsenter-lite too),
# the completions offer nothing nsls does not know, the pages render
# without warnings, and libnsinfo(3) names every exported symbol.
#
# The facts come from the binary ($NSLS -H, --processes -H, --help) and
# from libnsinfo/libnsinfo.sym; the files checked are below $NSINFO_SRC
# (default: this source tree), so a broken copy can be checked too.

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/integration/lib.sh"
SRC=${NSINFO_SRC:-$top}
set -f	# word lists below are split on purpose, never globbed

MAN1=$SRC/man/man1/nsls.1
MAN3=$SRC/man/man3/libnsinfo.3
MAN7=$SRC/man/man7/nsinfo.7
SYMS=$SRC/libnsinfo/libnsinfo.sym
BASH_COMP=$SRC/completions/bash/nsls
ZSH_COMP=$SRC/completions/zsh/_nsls
FISH_COMP=$SRC/completions/fish/nsls.fish

# ---- helpers ----------------------------------------------------------

# words LIST...: one word a line, sorted bytewise (keys such as "<" and
# ">" stay two in any locale), no duplicates.
words() {
	local w
	for w in $*; do echo "$w"; done | LC_ALL=C sort -u
}

# same_set NAME WANT HAVE [WHAT]: HAVE has every word of WANT, and
# nothing else (nothing stale). The facts are nsls's unless the caller
# says otherwise in facts_from.
same_set() {
	local name=$1 want=$2 have=$3 missing stale
	if [ -z "$(words "$have")" ]; then
		fail "$name" "found no ${4:-words} at all"
		return
	fi
	missing=$(LC_ALL=C comm -23 <(words "$want") <(words "$have") | tr '\n' ' ')
	stale=$(LC_ALL=C comm -13 <(words "$want") <(words "$have") | tr '\n' ' ')
	if [ -z "$missing$stale" ]; then
		pass "$name"
	else
		fail "$name" "missing: ${missing:-none}; not in ${facts_from:-nsls}: ${stale:-none}"
	fi
}

# has_all NAME WANT HAVE: HAVE has every word of WANT (may have more).
has_all() {
	local missing
	missing=$(LC_ALL=C comm -23 <(words "$2") <(words "$3") | tr '\n' ' ')
	if [ -z "$missing" ]; then pass "$1"; else fail "$1" "missing: $missing"; fi
}

# roff_tags FILE: "SECTION|SUBSECTION|TAG" for every .TP/.TQ tag, with the
# roff markup taken off (\fB, \-, quotes, .B/.BR/.IR macros).
roff_tags() {
	awk '
	function plain(s) {
		gsub(/\\f[BIRP]/, "", s); gsub(/\\-/, "-", s); gsub(/\\%/, "", s)
		gsub(/"/, "", s); sub(/^\.[A-Z][A-Z]? */, "", s)
		return s
	}
	/^\.SH / { sh = plain(substr($0, 5)); ss = ""; rs = 0; next }
	/^\.SS / { ss = plain(substr($0, 5)); rs = 0; next }
	/^\.RS/ { rs++; next }
	/^\.RE/ { if (rs) rs--; next }
	/^\.T[PQ]$/ { tag = !rs; next }	# tags of nested lists are not items
	tag { tag = 0; print sh "|" ss "|" plain($0) }
	' "$1"
}


# ---- what nsls knows --------------------------------------------------

ns_cols=$("$NSLS" -H -r -n | awk '{ print $1 }')
proc_cols=$("$NSLS" --processes -H -r -n | awk '{ print $1 }')
help=$("$NSLS" --help)
# option lines: " -J, --json ...", "     --tasks ..."
long_opts=$(sed -nE 's/^ +(-[A-Za-z], )?(--[a-z][a-z-]*).*/\2/p' <<<"$help")
short_opts=$(sed -nE 's/^ +(-[A-Za-z]),.*/\1/p' <<<"$help")
types=$(sed -nE 's/.*namespace type \(([a-z, ]+)\).*/\1/p' <<<"$help" | tr -d ' ' | tr , ' ')
# --sources <list>: "where to look (...): a, b,\n      c, d" (optional)
sources=$(awk '/^ +--sources / { on = 1; sub(/.*\): */, ""); print; next }
	on && /^         *[a-z]/ { print; next } { on = 0 }' <<<"$help" | tr ',' ' ')
syms=$(awk '/^[ \t]*global:/ { g = 1; next } /^[ \t]*local:/ { g = 0 }
	g && /^[ \t]*[A-Za-z_][A-Za-z0-9_]*;/ { sub(/;.*/, ""); gsub(/[ \t]/, ""); print }' "$SYMS")

for v in ns_cols proc_cols long_opts short_opts types syms; do
	if [ -z "$(words "${!v}")" ]; then
		fail "docs-facts" "could not read the $v from nsls or libnsinfo.sym"
		exit 0
	fi
done
pass "docs-facts"

for f in "$MAN1" "$MAN3" "$MAN7" "$BASH_COMP" "$ZSH_COMP" "$FISH_COMP"; do
	if [ ! -f "$f" ]; then
		fail "docs-files" "${f#"$SRC"/} is missing"
		exit 0
	fi
done
pass "docs-files"

spdx_ok=1
for f in "$MAN1" "$MAN3" "$MAN7" "$BASH_COMP" "$FISH_COMP"; do
	head -n 1 "$f" | grep -q 'SPDX-License-Identifier: LGPL-2.1-or-later' ||
		{ fail "docs-spdx" "${f#"$SRC"/}: no SPDX line on top"; spdx_ok=0; }
done
if [ "$(sed -n 1p "$ZSH_COMP")" != "#compdef nsls" ] ||
	! sed -n 2p "$ZSH_COMP" | grep -q 'SPDX-License-Identifier: LGPL-2.1-or-later'; then
	fail "docs-spdx" "completions/zsh/_nsls must start with #compdef nsls, then SPDX"
	spdx_ok=0
fi
[ "$spdx_ok" = 1 ] && pass "docs-spdx"

# ---- nsls.1 -----------------------------------------------------------

tags1=$(roff_tags "$MAN1")
man_ns_cols=$(awk -F'|' '$1 == "OUTPUT COLUMNS" && $2 == "Namespace view" { split($3, w, " "); print w[1] }' <<<"$tags1")
man_proc_cols=$(awk -F'|' '$1 == "OUTPUT COLUMNS" && $2 == "Process view" { split($3, w, " "); print w[1] }' <<<"$tags1")
same_set "docs-man1-namespace-columns" "$ns_cols" "$man_ns_cols" "columns in OUTPUT COLUMNS, Namespace view"
same_set "docs-man1-process-columns" "$proc_cols" "$man_proc_cols" "columns in OUTPUT COLUMNS, Process view"
if [ -n "$sources" ]; then
	same_set "docs-man1-sources" "$sources" \
		"$(awk -F'|' '$1 == "WHERE NAMESPACES ARE FOUND" { print $3 }' <<<"$tags1")" \
		"sources in WHERE NAMESPACES ARE FOUND"
fi
man_opts=$(awk -F'|' '$1 == "OPTIONS" { print $3 }' <<<"$tags1")
same_set "docs-man1-long-options" "$long_opts" \
	"$(grep -oE -- '--[a-z][a-z-]*' <<<"$man_opts")" "options in OPTIONS"
same_set "docs-man1-short-options" "$short_opts" \
	"$(grep -oE -- '(^|[ ,])-[A-Za-z]\b' <<<"$man_opts" | tr -d ' ,')" "options in OPTIONS"
has_all "docs-man1-types" "$types" \
	"$(sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$MAN1" | sed -nE 's/^\.BR? ([a-z]+)( .*)?$/\1/p')"

# ---- man pages render cleanly -----------------------------------------

if ! command -v man >/dev/null 2>&1; then
	skip "docs-man-warnings" "man is not installed (scripts/install-deps test installs man-db)"
else
	for f in "$MAN1" "$MAN3" "$MAN7"; do
		name=${f##*/}
		out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$f" 2>&1 >/dev/null)
		rc=$?
		if [ "$rc" -eq 0 ] && [ -z "$out" ]; then
			pass "docs-man-warnings-$name"
		else
			fail "docs-man-warnings-$name" "man exited $rc: $(head -n 3 <<<"$out" | tr '\n' ' ')"
		fi
	done
fi

# ---- libnsinfo.3 and nsinfo.7 -----------------------------------------

# each exported symbol named with its signature (a .B/.BI line with
# "name("), and no signature of a call the library does not export
sig_syms=$(grep -E '^\.BI? ' "$MAN3" | grep -oE '\bnsinfo_[a-z_0-9]+\(' | tr -d '(')
same_set "docs-man3-symbols" "$syms" "$sig_syms" "nsinfo_* signatures"
man7_types=$(awk -F'|' '$2 == "Namespace types" { print $3 }' <<<"$(roff_tags "$MAN7")")
same_set "docs-man7-types" "$types" "$man7_types" "types in Namespace types"

# ---- bash completion --------------------------------------------------

if bash -n "$BASH_COMP" 2>"$TMP/bash-n"; then
	pass "docs-bash-syntax"
else
	fail "docs-bash-syntax" "bash -n: $(head -n 3 "$TMP/bash-n" | tr '\n' ' ')"
fi
spec=$(bash --norc --noprofile -c 'source "$0" >/dev/null 2>&1; complete -p nsls' "$BASH_COMP" 2>/dev/null)
if [[ $spec == complete*-F*nsls ]]; then
	pass "docs-bash-registered"
else
	fail "docs-bash-registered" "no 'complete -F ... nsls' after sourcing (got '$spec')"
fi
got=$(bash_complete nsls -o N)
if grep -qx NS <<<"$got" && grep -qx NPROCS <<<"$got"; then
	pass "docs-bash-output-N"
else
	fail "docs-bash-output-N" "'nsls -o N' offers '$(tr '\n' ' ' <<<"$got")', want NS and NPROCS"
fi
got=$(bash_complete nsls -o +NS,T)
expect_eq "docs-bash-output-append" "$(tr '\n' ' ' <<<"$got")" "+NS,TYPE "
same_set "docs-bash-namespace-columns" "$ns_cols" "$(bash_complete nsls -o '')" "columns offered for -o"
same_set "docs-bash-process-columns" "$proc_cols" "$(bash_complete nsls --processes -o '')" \
	"columns offered for --processes -o"
# the view of one namespace has columns of its own (nsls 1 -H lists them)
same_set "docs-bash-nsid-columns" "$("$NSLS" 1 -H -r -n | awk '{ print $1 }')" \
	"$(bash_complete nsls 4026531837 -o '')" "columns offered for NSID -o"
same_set "docs-bash-types" "$types" "$(bash_complete nsls -t '')" "types offered for -t"
if [ -n "$sources" ]; then
	same_set "docs-bash-sources" "$sources" "$(bash_complete nsls --sources '')" \
		"sources offered for --sources"
fi
same_set "docs-bash-long-options" "$long_opts" "$(bash_complete nsls --)" "options offered for --"
same_set "docs-bash-short-options" "$short_opts" "$(bash_complete nsls - | grep -E '^-[^-]')" \
	"options offered for -"
same_set "docs-bash-color" "auto always never" "$(bash_complete nsls --color = '')" "words for --color="
got=$(bash_complete nsls -p "$$")
if grep -qx "$$" <<<"$got"; then
	pass "docs-bash-pids"
else
	fail "docs-bash-pids" "'nsls -p $$' does not offer PID $$"
fi
got=$(bash_complete nsls --proc-root /pro)
if grep -qx /proc <<<"$got"; then
	pass "docs-bash-proc-root"
else
	fail "docs-bash-proc-root" "'nsls --proc-root /pro' offers '$(tr '\n' ' ' <<<"$got")', want /proc"
fi
# the namespace argument: the inodes nsls lists (it must be on PATH)
ino=$(ns_of $$ net)
got=$(PATH=$(dirname "$NSLS"):$PATH bash_complete nsls "${ino%??}")
if grep -qx "$ino" <<<"$got" && ! grep -qvE '^[0-9]+$' <<<"$got"; then
	pass "docs-bash-namespaces"
else
	fail "docs-bash-namespaces" "'nsls ${ino%??}' offers '$(head -c 120 <<<"$got" | tr '\n' ' ')', want $ino among inodes"
fi

# ---- zsh and fish completions (word lists read from the files) ---------

# list_in FILE NAME: the words of a one-line list "NAME=(...)" (zsh) or
# "set -l NAME ..." (fish).
list_in() {
	sed -nE -e "s/^[[:space:]]*$2=\((.*)\)[[:space:]]*\$/\1/p" \
		-e "s/^[[:space:]]*set -l $2 (.*)\$/\1/p" "$1"
}
code_of() {	# FILE: without comment lines
	grep -vE '^[[:space:]]*#' "$1"
}

if command -v zsh >/dev/null 2>&1; then
	if zsh -n "$ZSH_COMP" 2>"$TMP/zsh-n"; then
		pass "docs-zsh-syntax"
	else
		fail "docs-zsh-syntax" "zsh -n: $(head -n 3 "$TMP/zsh-n" | tr '\n' ' ')"
	fi
else
	skip "docs-zsh-syntax" "zsh is not installed (optional)"
fi
same_set "docs-zsh-namespace-columns" "$ns_cols" "$(list_in "$ZSH_COMP" ns_columns)" "ns_columns=(...)"
same_set "docs-zsh-process-columns" "$proc_cols" "$(list_in "$ZSH_COMP" proc_columns)" "proc_columns=(...)"
same_set "docs-zsh-nsid-columns" "$("$NSLS" 1 -H -r -n | awk '{ print $1 }')" \
	"$(list_in "$ZSH_COMP" ns_columns) $(list_in "$ZSH_COMP" member_extra)" "ns_columns + member_extra"
same_set "docs-zsh-types" "$types" "$(list_in "$ZSH_COMP" types)" "types=(...)"
[ -n "$sources" ] &&
	same_set "docs-zsh-sources" "$sources" "$(list_in "$ZSH_COMP" sources)" "sources=(...)"
same_set "docs-zsh-long-options" "$long_opts" \
	"$(code_of "$ZSH_COMP" | grep -oE -- '--[a-z][a-z-]*')" "long options"
same_set "docs-zsh-short-options" "$short_opts" \
	"$(code_of "$ZSH_COMP" | grep -oE -- '\{-[A-Za-z]' | tr -d '{')" "{-X,--long} options"

if command -v fish >/dev/null 2>&1; then
	if fish -n "$FISH_COMP" 2>"$TMP/fish-n"; then
		pass "docs-fish-syntax"
	else
		fail "docs-fish-syntax" "fish -n: $(head -n 3 "$TMP/fish-n" | tr '\n' ' ')"
	fi
else
	skip "docs-fish-syntax" "fish is not installed (optional)"
fi
same_set "docs-fish-namespace-columns" "$ns_cols" "$(list_in "$FISH_COMP" ns_columns)" "set -l ns_columns"
same_set "docs-fish-process-columns" "$proc_cols" "$(list_in "$FISH_COMP" proc_columns)" "set -l proc_columns"
same_set "docs-fish-nsid-columns" "$("$NSLS" 1 -H -r -n | awk '{ print $1 }')" \
	"$(list_in "$FISH_COMP" ns_columns) $(list_in "$FISH_COMP" member_extra)" "ns_columns + member_extra"
same_set "docs-fish-types" "$types" "$(list_in "$FISH_COMP" __nsls_types)" "set -l __nsls_types"
[ -n "$sources" ] &&
	same_set "docs-fish-sources" "$sources" "$(list_in "$FISH_COMP" sources)" "set -l sources"
fish_complete=$(code_of "$FISH_COMP" | grep -E '^complete ')
same_set "docs-fish-long-options" "$long_opts" \
	"$(grep -oE -- ' -l [a-z][a-z-]*' <<<"$fish_complete" | sed 's/ -l /--/')" "complete -l options"
same_set "docs-fish-short-options" "$short_opts" \
	"$(grep -oE -- ' -s [A-Za-z]' <<<"$fish_complete" | sed 's/ -s /-/')" "complete -s options"
# the namespace argument, in zsh and fish too: nsls's own listing of NS
check docs-zsh-namespaces bash -c 'grep -qE -- "-rn -o NS" "$1" && grep -qF "::namespace:_nsls_namespaces" "$1"' _ "$ZSH_COMP"
if command -v fish >/dev/null 2>&1; then
	ino=$(ns_of $$ net)
	got=$(PATH=$(dirname "$NSLS"):$PATH timeout 20 fish --no-config -c \
		"source '$FISH_COMP'; complete -C 'nsls ${ino%??}'" 2>/dev/null | cut -f1)
	if grep -qx "$ino" <<<"$got"; then
		pass "docs-fish-namespaces"
	else
		fail "docs-fish-namespaces" "'nsls ${ino%??}' offers '$(head -c 120 <<<"$got" | tr '\n' ' ')', want $ino"
	fi
fi

# ---- the other tools: nstree and nstop ---------------------------------
# The same agreements for nstree and nstop: their --help and -H against
# their man page and their three completions, and nstop's keys (the end
# of its --help) against the KEYS of nstop.1. (nsenter-lite has its own
# checks in nsenter.sh.)

# help_keys HELP: the key names of the "Interactive keys:" list, one a
# line: the comma-separated words before the gap of two or more spaces
# (" q, F10            quit"); continuation lines are indented deeper.
help_keys() {
	awk '/^Interactive keys:/ { on = 1; next }
	on && /^[^ ]/ { on = 0 }
	on && /^ [^ ]/ { sub(/^ /, ""); sub(/  .*/, ""); print }' <<<"$1" |
		sed 's/, /\n/g'
}

# man_keys TAGS: the same from the .TP tags of KEYS ("\fBq\fR, \fBF10\fR").
man_keys() {
	awk -F'|' '$1 == "KEYS" { print $3 }' <<<"$1" |
		sed -e 's/\\e/\\/g' -e 's/\\&//g' -e 's/, /\n/g'
}

# help_words HELP OPTION: the words after the colon of OPTION's --help line
# (" -g, --group <rows>     what a row is: namespaces, containers, sets").
help_words() {
	sed -nE "s/^ +(-[A-Za-z], )?$2 <[a-z]+> +[^:]*: *//p" <<<"$1" | tr -d ' ' | tr , ' '
}

# nstop_docs HELP TAGS BASH_COMP ZSH_COMP FISH_COMP: what only nstop has,
# its keys and the words of -g.
nstop_docs() {
	local h=$1 tags=$2 bc=$3 zc=$4 fc=$5 p=docs-nstop keys mk groups

	keys=$(help_keys "$h")
	mk=$(man_keys "$tags")
	if [ -z "$(words "$keys")" ]; then
		fail "$p-man1-keys" "found no keys under 'Interactive keys:' in nstop --help"
	else
		same_set "$p-man1-keys" "$keys" "$mk" "key tags in KEYS"
	fi
	has_all "$p-man1-figures" "%CPU RSS AGE HOST" \
		"$(awk -F'|' '$1 == "COLUMNS" { split($3, w, " "); print w[1] }' <<<"$tags")"
	groups=$(help_words "$h" --group)
	if [ -z "$(words "$groups")" ]; then
		fail "$p-help-words" "could not read the words of --group from nstop --help"
		return
	fi
	BASH_COMP=$bc
	same_set "$p-bash-group" "$groups" "$(bash_complete nstop -g '')" "words for -g"
	same_set "$p-zsh-group" "$groups" "$(list_in "$zc" groups)" "groups=(...)"
	same_set "$p-fish-group" "$groups" \
		"$(code_of "$fc" | sed -nE "s/^complete .* -l group .*-a '([^']*)'.*/\1/p")" \
		"complete -l group -a '...'"
}

# source_docs TOOL: --source (the scan source, every tool has it) agrees
# everywhere. The facts are the binary's own: the names its "unknown
# source" error lists (the library's table). Against them: the words of
# its --help line, what its man page says under the option, the three
# completions (zsh: scan_sources=(...), fish: complete -l source -a), and
# the second line of --version.
source_docs() {
	local tool=$1 bin=$NSINFO_BUILD/bin/$1 p=docs-$1-source facts_from=$1
	local man=$SRC/man/man1/$1.1 bc=$SRC/completions/bash/$1
	local zc=$SRC/completions/zsh/_$1 fc=$SRC/completions/fish/$1.fish
	local names err h v item

	err=$("$bin" --source=@bogus 2>&1 >/dev/null </dev/null)
	names=$(sed -nE "s/^$tool: unknown source '@bogus' \(([a-z, ]+)\)\$/\1/p" <<<"$err" | tr -d ' ' | tr , ' ')
	if [ -z "$(words "$names")" ]; then
		fail "$p-facts" "no \"unknown source '@bogus' (...)\" from $tool --source=@bogus: '$err'"
		return
	fi
	pass "$p-facts"
	h=$("$bin" --help)
	same_set "$p-help" "$names" "$(help_words "$h" --source)" "words of --source in --help"
	# the man page's item: from its tag to the next .TP
	item=$(awk '/^\.TP/ { on = 0 } on { print } /^\\fB\\-\\-source\\fR/ { on = 1 }' "$man")
	has_all "$p-man1" "$names" "$(sed -E 's/\\f[BIRP]//g' <<<"$item" | grep -oE '[a-z]+')"
	BASH_COMP=$bc
	same_set "$p-bash" "$names" "$(bash_complete "$tool" --source '')" "words for --source"
	same_set "$p-bash-equals" "$names" "$(bash_complete "$tool" --source = '')" "words for --source="
	same_set "$p-zsh" "$names" "$(list_in "$zc" scan_sources)" "scan_sources=(...)"
	if code_of "$zc" | grep -q -- "--source=\[.*compadd -a scan_sources"; then
		pass "$p-zsh-used"
	else
		fail "$p-zsh-used" "no '--source=[...]:...:compadd -a scan_sources' in ${zc#"$SRC"/}"
	fi
	same_set "$p-fish" "$names" \
		"$(code_of "$fc" | sed -nE "s/^complete .* -l source .*-a '([^']*)'.*/\1/p")" \
		"complete -l source -a '...'"
	v=$("$bin" --version | sed -n 2p)
	if [[ $v =~ ^sources:\ proc(,\ kernel|\ \(kernel:\ .+\))$ ]]; then
		pass "$p-version"
	else
		fail "$p-version" "second line of $tool --version is '$v'"
	fi
}

tool_docs() {	# TOOL: man page, completions, --help and -H agree
	local tool=$1 bin=$NSINFO_BUILD/bin/$1 p=docs-$1 facts_from=$1
	local man=$SRC/man/man1/$1.1 bc=$SRC/completions/bash/$1
	local zc=$SRC/completions/zsh/_$1 fc=$SRC/completions/fish/$1.fish
	local cols h lo so ty tags mo f out rc fcode
	local colsec colsub probe want hopts hskip

	# how -H lists the columns (nstop has no -r or -n there: -n is
	# --iterations, so its header line is skipped instead); where the man
	# page lists them; what "-o +NS,<part>" offers
	case $tool in
	nstop)
		hopts=-H hskip=1 colsec=COLUMNS colsub="Namespace view"
		probe=+NS,TY want="+NS,TYPE "
		;;
	*)
		hopts="-H -r -n" hskip=0 colsec="OUTPUT COLUMNS" colsub=""
		probe=+NS,NOD want="+NS,NODE "
		;;
	esac

	for f in "$man" "$bc" "$zc" "$fc"; do
		if [ ! -f "$f" ]; then
			fail "$p-files" "${f#"$SRC"/} is missing"
			return
		fi
	done
	pass "$p-files"
	if [ ! -x "$bin" ]; then
		fail "$p-binary" "$tool is missing (${bin#"$NSINFO_BUILD"/} in $NSINFO_BUILD)"
		return
	fi
	cols=$("$bin" $hopts | awk -v skip="$hskip" 'NR > skip { print $1 }')
	h=$("$bin" --help)
	lo=$(sed -nE 's/^ +(-[A-Za-z], )?(--[a-z][a-z-]*).*/\2/p' <<<"$h")
	so=$(sed -nE 's/^ +(-[A-Za-z]),.*/\1/p' <<<"$h")
	# "namespace type (cgroup, ipc, ...)" or "namespace types (comma list: cgroup,ipc,...)"
	ty=$(sed -nE 's/.*namespace types? \(([a-z ]+: *)?([a-z, ]+)\).*/\2/p' <<<"$h" | tr -d ' ' | tr , ' ')
	if [ -z "$(words "$cols")" ] || [ -z "$(words "$lo")" ] || [ -z "$(words "$ty")" ]; then
		fail "$p-facts" "could not read the columns, options or types from $tool"
		return
	fi
	pass "$p-facts"
	if head -n 1 "$man" | grep -q 'SPDX-License-Identifier: LGPL-2.1-or-later' &&
		head -n 1 "$bc" | grep -q SPDX && head -n 1 "$fc" | grep -q SPDX &&
		[ "$(sed -n 1p "$zc")" = "#compdef $tool" ] && sed -n 2p "$zc" | grep -q SPDX; then
		pass "$p-spdx"
	else
		fail "$p-spdx" "an SPDX line (or #compdef $tool) is missing on top"
	fi

	tags=$(roff_tags "$man")
	same_set "$p-man1-columns" "$cols" \
		"$(awk -F'|' -v sec="$colsec" -v ss="$colsub" '$1 == sec && (ss == "" || $2 == ss) {
			split($3, w, " "); print w[1] }' <<<"$tags")" \
		"columns in $colsec${colsub:+, $colsub}"
	mo=$(awk -F'|' '$1 == "OPTIONS" { print $3 }' <<<"$tags")
	same_set "$p-man1-long-options" "$lo" "$(grep -oE -- '--[a-z][a-z-]*' <<<"$mo")" "options in OPTIONS"
	same_set "$p-man1-short-options" "$so" \
		"$(grep -oE -- '(^|[ ,])-[A-Za-z]\b' <<<"$mo" | tr -d ' ,')" "options in OPTIONS"
	has_all "$p-man1-types" "$ty" \
		"$(sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$man" | sed -nE 's/^\.BR? ([a-z]+)( .*)?$/\1/p')"
	if command -v man >/dev/null 2>&1; then
		out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$man" 2>&1 >/dev/null)
		rc=$?
		if [ "$rc" -eq 0 ] && [ -z "$out" ]; then
			pass "$p-man-warnings"
		else
			fail "$p-man-warnings" "man exited $rc: $(head -n 3 <<<"$out" | tr '\n' ' ')"
		fi
	fi

	if bash -n "$bc" 2>"$TMP/bash-n"; then
		pass "$p-bash-syntax"
	else
		fail "$p-bash-syntax" "bash -n: $(head -n 3 "$TMP/bash-n" | tr '\n' ' ')"
	fi
	BASH_COMP=$bc
	same_set "$p-bash-columns" "$cols" "$(bash_complete "$tool" -o '')" "columns offered for -o"
	same_set "$p-bash-types" "$ty" "$(bash_complete "$tool" -t '')" "types offered for -t"
	same_set "$p-bash-long-options" "$lo" "$(bash_complete "$tool" --)" "options offered for --"
	same_set "$p-bash-short-options" "$so" "$(bash_complete "$tool" - | grep -E '^-[^-]')" \
		"options offered for -"
	same_set "$p-bash-color" "auto always never" "$(bash_complete "$tool" --color = '')" \
		"words for --color="
	expect_eq "$p-bash-output-append" "$(bash_complete "$tool" -o "$probe" | tr '\n' ' ')" "$want"

	if command -v zsh >/dev/null 2>&1; then
		if zsh -n "$zc" 2>"$TMP/zsh-n"; then
			pass "$p-zsh-syntax"
		else
			fail "$p-zsh-syntax" "zsh -n: $(head -n 3 "$TMP/zsh-n" | tr '\n' ' ')"
		fi
	fi
	same_set "$p-zsh-columns" "$cols" "$(list_in "$zc" columns)" "columns=(...)"
	same_set "$p-zsh-types" "$ty" "$(list_in "$zc" types)" "types=(...)"
	same_set "$p-zsh-long-options" "$lo" "$(code_of "$zc" | grep -oE -- '--[a-z][a-z-]*')" "long options"
	same_set "$p-zsh-short-options" "$so" "$(code_of "$zc" | grep -oE -- '\{-[A-Za-z]' | tr -d '{')" \
		"{-X,--long} options"

	if command -v fish >/dev/null 2>&1; then
		if fish -n "$fc" 2>"$TMP/fish-n"; then
			pass "$p-fish-syntax"
		else
			fail "$p-fish-syntax" "fish -n: $(head -n 3 "$TMP/fish-n" | tr '\n' ' ')"
		fi
	fi
	same_set "$p-fish-columns" "$cols" "$(list_in "$fc" columns)" "set -l columns"
	same_set "$p-fish-types" "$ty" "$(list_in "$fc" __${tool}_types)" "set -l __${tool}_types"
	fcode=$(code_of "$fc" | grep -E '^complete ')
	same_set "$p-fish-long-options" "$lo" \
		"$(grep -oE -- ' -l [a-z][a-z-]*' <<<"$fcode" | sed 's/ -l /--/')" "complete -l options"
	same_set "$p-fish-short-options" "$so" \
		"$(grep -oE -- ' -s [A-Za-z]' <<<"$fcode" | sed 's/ -s /-/')" "complete -s options"

	[ "$tool" = nstop ] && nstop_docs "$h" "$tags" "$bc" "$zc" "$fc"
	return 0
}

for tool in nstree nstop; do
	tool_docs "$tool"
done
for tool in nsls nstree nstop nsenter-lite; do
	source_docs "$tool"
done

# ---- nsdiff ------------------------------------------------------------
# nsdiff has no columns: its --help against nsdiff.1 and the three
# completions (options, types, --color), then --source as for the rest.

nsdiff_docs() {
	local bin=$NSINFO_BUILD/bin/nsdiff p=docs-nsdiff facts_from=nsdiff
	local man=$SRC/man/man1/nsdiff.1 bc=$SRC/completions/bash/nsdiff
	local zc=$SRC/completions/zsh/_nsdiff fc=$SRC/completions/fish/nsdiff.fish
	local h lo so ty tags mo out rc fcode f

	for f in "$man" "$bc" "$zc" "$fc"; do
		if [ ! -f "$f" ]; then
			fail "$p-files" "${f#"$SRC"/} is missing"
			return
		fi
	done
	pass "$p-files"
	if [ ! -x "$bin" ]; then
		fail "$p-binary" "nsdiff is missing in $NSINFO_BUILD"
		return
	fi
	h=$("$bin" --help)
	lo=$(sed -nE 's/^ +(-[A-Za-z], )?(--[a-z][a-z-]*).*/\2/p' <<<"$h")
	so=$(sed -nE 's/^ +(-[A-Za-z]),.*/\1/p' <<<"$h")
	ty=$(sed -nE 's/.*namespace types? \(([a-z ]+: *)?([a-z, ]+)\).*/\2/p' <<<"$h" | tr -d ' ' | tr , ' ')
	if [ -z "$(words "$lo")" ] || [ -z "$(words "$so")" ] || [ -z "$(words "$ty")" ]; then
		fail "$p-facts" "could not read the options or types from nsdiff --help"
		return
	fi
	pass "$p-facts"
	if head -n 1 "$man" | grep -q 'SPDX-License-Identifier: LGPL-2.1-or-later' &&
		head -n 1 "$bc" | grep -q SPDX && head -n 1 "$fc" | grep -q SPDX &&
		[ "$(sed -n 1p "$zc")" = "#compdef nsdiff" ] && sed -n 2p "$zc" | grep -q SPDX; then
		pass "$p-spdx"
	else
		fail "$p-spdx" "an SPDX line (or #compdef nsdiff) is missing on top"
	fi
	tags=$(roff_tags "$man")
	mo=$(awk -F'|' '$1 == "OPTIONS" { print $3 }' <<<"$tags")
	same_set "$p-man1-long-options" "$lo" "$(grep -oE -- '--[a-z][a-z-]*' <<<"$mo")" "options in OPTIONS"
	same_set "$p-man1-short-options" "$so" \
		"$(grep -oE -- '(^|[ ,])-[A-Za-z]\b' <<<"$mo" | tr -d ' ,')" "options in OPTIONS"
	has_all "$p-man1-types" "$ty" \
		"$(sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$man" | sed -nE 's/^\.BR? ([a-z]+)( .*)?$/\1/p')"
	# every exit status the help names has its item in EXIT STATUS
	has_all "$p-man1-exit-status" "0 1 2" \
		"$(awk -F'|' '$1 == "EXIT STATUS" { print $3 }' <<<"$tags")"
	if command -v man >/dev/null 2>&1; then
		out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$man" 2>&1 >/dev/null)
		rc=$?
		if [ "$rc" -eq 0 ] && [ -z "$out" ]; then
			pass "$p-man-warnings"
		else
			fail "$p-man-warnings" "man exited $rc: $(head -n 3 <<<"$out" | tr '\n' ' ')"
		fi
	fi

	if bash -n "$bc" 2>"$TMP/bash-n"; then
		pass "$p-bash-syntax"
	else
		fail "$p-bash-syntax" "bash -n: $(head -n 3 "$TMP/bash-n" | tr '\n' ' ')"
	fi
	BASH_COMP=$bc
	same_set "$p-bash-types" "$ty" "$(bash_complete nsdiff -t '')" "types offered for -t"
	expect_eq "$p-bash-types-list" "$(bash_complete nsdiff -t net,u | tr '\n' ' ')" \
		"net,user net,uts "
	same_set "$p-bash-long-options" "$lo" "$(bash_complete nsdiff --)" "options offered for --"
	same_set "$p-bash-short-options" "$so" "$(bash_complete nsdiff - | grep -E '^-[^-]')" \
		"options offered for -"
	same_set "$p-bash-color" "auto always never" "$(bash_complete nsdiff --color = '')" \
		"words for --color="
	if bash_complete nsdiff ho | grep -qx host && bash_complete nsdiff "$$" | grep -qx "$$"; then
		pass "$p-bash-sides"
	else
		fail "$p-bash-sides" "'nsdiff ho' offers no host, or 'nsdiff $$' no PID $$"
	fi

	if command -v zsh >/dev/null 2>&1; then
		if zsh -n "$zc" 2>"$TMP/zsh-n"; then
			pass "$p-zsh-syntax"
		else
			fail "$p-zsh-syntax" "zsh -n: $(head -n 3 "$TMP/zsh-n" | tr '\n' ' ')"
		fi
	fi
	same_set "$p-zsh-types" "$ty" "$(list_in "$zc" types)" "types=(...)"
	same_set "$p-zsh-long-options" "$lo" "$(code_of "$zc" | grep -oE -- '--[a-z][a-z-]*')" "long options"
	same_set "$p-zsh-short-options" "$so" "$(code_of "$zc" | grep -oE -- '\{-[A-Za-z]' | tr -d '{')" \
		"{-X,--long} options"

	if command -v fish >/dev/null 2>&1; then
		if fish -n "$fc" 2>"$TMP/fish-n"; then
			pass "$p-fish-syntax"
		else
			fail "$p-fish-syntax" "fish -n: $(head -n 3 "$TMP/fish-n" | tr '\n' ' ')"
		fi
	fi
	same_set "$p-fish-types" "$ty" "$(list_in "$fc" __nsdiff_types)" "set -l __nsdiff_types"
	fcode=$(code_of "$fc" | grep -E '^complete ')
	same_set "$p-fish-long-options" "$lo" \
		"$(grep -oE -- ' -l [a-z][a-z-]*' <<<"$fcode" | sed 's/ -l /--/')" "complete -l options"
	same_set "$p-fish-short-options" "$so" \
		"$(grep -oE -- ' -s [A-Za-z]' <<<"$fcode" | sed 's/ -s /-/')" "complete -s options"
	return 0
}

nsdiff_docs
source_docs nsdiff
