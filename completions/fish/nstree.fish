# SPDX-License-Identifier: LGPL-2.1-or-later
# fish completion for nstree(1), part of nsinfo.
#
# The word lists below are kept in step with `nstree -H` and
# `nstree --help` by tests/integration/docs.sh.

# -o LIST: comma-separated column names, "+LIST" appends.
function __nstree_columns
    set -l columns NS TYPE PATH NPROCS PID PPID COMMAND UID USER NETNSID NSFS PNS ONS NTHREADS OWNERUID NSID DEPTH HOLDERS NAME RUNTIME CONTAINER %CPU RSS AGE CGROUP CGNSROOT MEM MEMMAX CPUMAX CGCPU PIDS PIDSMAX PSI STDIN STDOUT STDERR NODE ID PARENT NSPID
    set -l tok (commandline -ct)
    set tok (string replace -r -- '^--[a-z-]+=' '' $tok)
    set tok (string replace -r -- '^-o' '' $tok)
    set -l head ''
    if string match -q -- '*,*' $tok
        set head (string replace -r -- '[^,]*$' '' $tok)
    else if string match -q -- '+*' $tok
        set head +
    end
    set -l have (string split , -- (string upper -- (string trim -l -c + -- $head)))
    for c in $columns
        contains -- $c $have; or printf "%s%s\tcolumn\n" $head $c
    end
end

set -l __nstree_types cgroup ipc mnt net pid time user uts

complete -c nstree -f
complete -c nstree -s U -l user -d 'user namespace tree, each with what it owns (default)'
complete -c nstree -s P -l pid -d 'pid namespace tree, each process with its PID at every level'
complete -c nstree -l processes -d 'process tree, marking where a process changes namespaces'
complete -c nstree -l owned -d 'user namespace tree, what it owns and their processes'
complete -c nstree -s t -l type -x -a "$__nstree_types" -d 'namespace type'
complete -c nstree -l depth -x -d 'show at most N levels below the start'
complete -c nstree -l ancestors -d 'show only the path from the top to the start'
complete -c nstree -l ascii -d 'use ASCII line art'
complete -c nstree -s J -l json -d 'use JSON output format (nested)'
complete -c nstree -s r -l raw -d 'use the raw output format, with ID and PARENT'
complete -c nstree -s n -l noheadings -d "don't print headings"
complete -c nstree -s o -l output -x -a '(__nstree_columns)' -d 'define which output columns to use (+LIST appends)'
complete -c nstree -l output-all -d 'output all columns'
complete -c nstree -s u -l notruncate -d "don't truncate text in columns"
complete -c nstree -s H -l list-columns -d 'list the available columns'
complete -c nstree -l color -f -a 'auto always never' -d 'colorize output'
complete -c nstree -l proc-root -x -a '(__fish_complete_directories)' -d 'read processes from a directory instead of /proc'
complete -c nstree -l source -x -a 'auto proc kernel' -d 'scan source'
complete -c nstree -s h -l help -d 'display this help'
complete -c nstree -s V -l version -d 'display version'
complete -c nstree -n 'not string match -q -- "-*" (commandline -ct)' -a '(__fish_complete_pids)'
