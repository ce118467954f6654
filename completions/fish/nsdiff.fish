# SPDX-License-Identifier: LGPL-2.1-or-later
# fish completion for nsdiff(1), part of nsinfo.
#
# The word lists below are kept in step with `nsdiff --help` by
# tests/integration/docs.sh.

set -l __nsdiff_types cgroup ipc mnt net pid time user uts

# a side: host, now, an ip netns name (PIDs and files come from fish)
function __nsdiff_sides
    printf '%s\tside\n' host now
    for n in /run/netns/*
        test -e $n; and printf '%s\tip netns\n' (basename $n)
    end
end

complete -c nsdiff -s d -l deep -d 'compare what differing namespaces show'
complete -c nsdiff -l no-deep -d 'compare which namespaces only'
complete -c nsdiff -s q -l brief -d 'report only which namespace types differ'
complete -c nsdiff -s t -l type -x -a "$__nsdiff_types" -d 'namespace types'
complete -c nsdiff -s J -l json -d 'use JSON output format'
complete -c nsdiff -l color -f -a 'auto always never' -d 'colorize output'
complete -c nsdiff -l source -x -a 'auto proc kernel' -d 'scan source'
complete -c nsdiff -s h -l help -d 'display this help'
complete -c nsdiff -s V -l version -d 'display version'
complete -c nsdiff -n 'not string match -q -- "-*" (commandline -ct)' -a '(__nsdiff_sides) (__fish_complete_pids)'
