# SPDX-License-Identifier: LGPL-2.1-or-later
# abi.sh - libnsinfo.so.0 exports exactly what libnsinfo/libnsinfo.sym
# promises, under its soname and version node, and a program that uses
# only nsinfo.h builds against the build tree and runs.

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/integration/lib.sh"
SRC=${NSINFO_SRC:-$top}
SYMS=$SRC/libnsinfo/libnsinfo.sym
LIB=$NSINFO_BUILD/lib/libnsinfo.so.0
CC=${CC:-cc}

for tool in nm readelf; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		skip "abi" "$tool is not installed (binutils)"
		exit 0
	fi
done
if [ ! -e "$LIB" ]; then
	fail "abi-library" "$LIB is missing"
	exit 0
fi
pass "abi-library"

# The global symbols of the version script, and its version nodes.
want=$(awk '/^[ \t]*global:/ { g = 1; next } /^[ \t]*local:/ { g = 0 }
	g && /^[ \t]*[A-Za-z_][A-Za-z0-9_]*;/ { sub(/;.*/, ""); gsub(/[ \t]/, ""); print }' "$SYMS" |
	sort -u)
nodes=$(sed -nE 's/^([A-Za-z_][A-Za-z0-9_.]*)[ \t]*\{.*/\1/p' "$SYMS" | sort -u)
if [ -z "$want" ] || [ -z "$nodes" ]; then
	fail "abi-version-script" "no global symbols or version nodes in ${SYMS#"$SRC"/}"
	exit 0
fi
pass "abi-version-script"

# "ADDR T name@@NODE": the functions it exports, and everything else it
# defines dynamically (version nodes are type A).
dyn=$(nm -D --defined-only "$LIB")
have=$(awk '$2 == "T" { sub(/@.*/, "", $3); print $3 }' <<<"$dyn" | sort -u)
missing=$(comm -23 <(echo "$want") <(echo "$have") | tr '\n' ' ')
extra=$(comm -13 <(echo "$want") <(echo "$have") | tr '\n' ' ')
if [ -z "$missing$extra" ] && [ -n "$have" ]; then
	pass "abi-exports"
else
	fail "abi-exports" "in the .sym but not exported: ${missing:-none}; exported but not in the .sym: ${extra:-none}"
fi

other=$(awk '$2 != "T" && $2 != "A" { print $2 " " $3 }' <<<"$dyn" | tr '\n' ' ')
if [ -z "$other" ]; then
	pass "abi-no-other-exports"
else
	fail "abi-no-other-exports" "exports that are not functions: $other"
fi

# every export carries one of the script's version nodes, as the default
unversioned=$(awk '$2 == "T" { print $3 }' <<<"$dyn" | while read -r s; do
	node=${s#*@@}
	if [ "$node" = "$s" ] || ! grep -qxF -- "$node" <<<"$nodes"; then echo "$s"; fi
done | tr '\n' ' ')
if [ -z "$unversioned" ]; then
	pass "abi-symbol-versions"
else
	fail "abi-symbol-versions" "not versioned with a node of the .sym: $unversioned"
fi

soname=$(readelf -d "$LIB" | sed -nE 's/.*\(SONAME\).*\[(.*)\].*/\1/p')
expect_eq "abi-soname" "$soname" "libnsinfo.so.0"

# ---- a program that uses only nsinfo.h --------------------------------

if ! command -v "$CC" >/dev/null 2>&1; then
	skip "abi-program" "no C compiler ($CC)"
	exit 0
fi
# A sanitizer build of the library needs the program built the same way
# (the ASan runtime must come first).
cflags=()
if readelf -d "$LIB" | grep -q 'NEEDED.*libasan'; then
	cflags+=(-fsanitize=address,undefined)
fi

cat >"$TMP/types.c" <<'EOF'
#include <stdio.h>
#include <nsinfo.h>

int main(void)
{
	for (int t = 0; t < NSINFO_NTYPES; t++) {
		const char *name = nsinfo_type_name((enum nsinfo_type)t);

		if (!name || nsinfo_type_from_name(name) != t)
			return 1;
		puts(name);
	}
	return 0;
}
EOF
if "$CC" -std=c99 -Wall -Wextra -Werror "${cflags[@]}" -I "$SRC/libnsinfo/include" \
	-o "$TMP/types" "$TMP/types.c" -L "$NSINFO_BUILD/lib" -lnsinfo 2>"$TMP/cc.log"; then
	pass "abi-program-builds"
	got=$(LD_LIBRARY_PATH=$NSINFO_BUILD/lib "$TMP/types" 2>&1 | tr '\n' ' ')
	# the enum order is ABI: the values must never move
	expect_eq "abi-program-runs" "$got" "cgroup ipc mnt net pid time user uts "
else
	fail "abi-program-builds" "$(head -n 5 "$TMP/cc.log" | tr '\n' ' ')"
fi

# The program the libnsinfo(3) EXAMPLES section prints builds and runs.
MAN3=$SRC/man/man3/libnsinfo.3
awk '/^\.SH EXAMPLES/ { ex = 1 } ex && /^\.EX/ { on = 1; next }
	on && /^\.EE/ { exit } on { print }' "$MAN3" |
	sed -e 's/\\e/\\/g' -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\(dq/"/g' -e 's/\\&//g' \
		>"$TMP/example.c"
if ! grep -q 'nsinfo_snapshot_new' "$TMP/example.c"; then
	fail "abi-man-example" "no example program in the EXAMPLES section of libnsinfo.3"
elif ! "$CC" -std=gnu11 -Wall -Wextra -Werror "${cflags[@]}" -I "$SRC/libnsinfo/include" \
	-o "$TMP/example" "$TMP/example.c" -L "$NSINFO_BUILD/lib" -lnsinfo 2>"$TMP/cc.log"; then
	fail "abi-man-example" "does not build: $(head -n 5 "$TMP/cc.log" | tr '\n' ' ')"
elif ! LD_LIBRARY_PATH=$NSINFO_BUILD/lib "$TMP/example" >"$TMP/example.out" 2>"$TMP/example.err"; then
	fail "abi-man-example" "exited with an error: $(head -n 3 "$TMP/example.err" | tr '\n' ' ')"
elif ! grep -q '^net:\[[0-9]*\] procs=[0-9]* ' "$TMP/example.out"; then
	fail "abi-man-example" "printed no net namespace: $(head -n 3 "$TMP/example.out" | tr '\n' ' ')"
else
	pass "abi-man-example"
fi
