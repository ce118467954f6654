# SPDX-License-Identifier: LGPL-2.1-or-later
# fish completion for nsls(1), part of nsinfo.
#
# The word lists below are kept in step with `nsls -H`, `nsls --processes -H`
# and `nsls --help` by tests/integration/docs.sh.

# A process view is chosen by --processes or by a namespace argument (a
# number that is not the value of an option).
function __nsls_proc_view
    set -l args (commandline -opc)
    set -e args[1]
    set -l skip 0
    for a in $args
        if test $skip = 1
            set skip 0
            continue
        end
        switch $a
            case --processes
                set -g __nsls_view processes
                return 0
            case --output --task --filter --type --sources --source --proc-root --save --metrics-file
                set skip 1
            case '-*'
                string match -qr -- '^-[JlnruWHPhV]*[otpQ]$' $a; and set skip 1
            case '*'
                string match -qr -- '^[0-9]+$' $a; and set -g __nsls_view members; and return 0
        end
    end
    return 1
end

# The column names of the view, one a line.
function __nsls_view_columns
    set -l ns_columns NS TYPE PATH NPROCS PID PPID COMMAND UID USER NETNSID NSFS PNS ONS NTHREADS OWNERUID NSID DEPTH HOLDERS NAME RUNTIME CONTAINER %CPU RSS AGE CGROUP CGNSROOT MEM MEMMAX CPUMAX CGCPU PIDS PIDSMAX PSI STDIN STDOUT STDERR
    set -l proc_columns PID TID PPID UID USER STATE NTHREADS COMMAND RUNTIME CONTAINER %CPU RSS AGE NSPID CGROUP CGNSROOT MEM MEMMAX CPUMAX CGCPU PIDS PIDSMAX PSI STDIN STDOUT STDERR CGROUPNS IPCNS MNTNS NETNS PIDNS TIMENS USERNS UTSNS
    # a namespace argument's view: the namespace view's columns, then these
    set -l member_extra STATE NSPID CGROUPNS IPCNS MNTNS NETNS PIDNS TIMENS USERNS UTSNS
    if not __nsls_proc_view
        printf '%s\n' $ns_columns
    else if test "$__nsls_view" = members
        printf '%s\n' $ns_columns $member_extra
    else
        printf '%s\n' $proc_columns
    end
end

# -o LIST: comma-separated column names of the view, "+LIST" appends.
function __nsls_columns
    set -l cols (__nsls_view_columns)

    # the list typed so far, without "--output=" or "-o"
    set -l tok (commandline -ct)
    set tok (string replace -r -- '^--[a-z-]+=' '' $tok)
    set tok (string replace -r -- '^-[JlnruWHPhV]*o' '' $tok)
    set -l head ''
    if string match -q -- '*,*' $tok
        set head (string replace -r -- '[^,]*$' '' $tok)
    else if string match -q -- '+*' $tok
        set head +
    end
    set -l have (string split , -- (string upper -- (string trim -l -c + -- $head)))
    for c in $cols
        contains -- $c $have; or printf "%s%s\tcolumn\n" $head $c
    end
end

# -Q EXPR (scols-filter(5)): the column name being typed at its end.
function __nsls_filter_columns
    set -l tok (commandline -ct)
    set tok (string replace -r -- '^--[a-z-]+=' '' $tok)
    set tok (string replace -r -- '^-[JlnruWHPhV]*Q' '' $tok)
    set -l head (string replace -r -- '[A-Za-z0-9_.%:/-]*$' '' $tok)
    for c in (__nsls_view_columns)
        printf '%s%s\tcolumn\n' $head $c
    end
end

# --sources LIST: comma-separated sources, "+LIST" adds to the defaults.
function __nsls_sources
    set -l sources processes threads for-children fds sockets mounts ancestors
    set -l tok (string replace -r -- '^--[a-z-]+=' '' (commandline -ct))
    set -l head ''
    if string match -q -- '*,*' $tok
        set head (string replace -r -- '[^,]*$' '' $tok)
    else if string match -q -- '+*' $tok
        set head +
    end
    set -l have (string split , -- (string trim -l -c + -- $head))
    for s in $sources
        contains -- $s $have; or printf '%s%s\tsource\n' $head $s
    end
end

# The namespace argument: the inode numbers nsls itself can see.
function __nsls_namespaces
    set -l cmd (commandline -opc)[1]
    command -q $cmd; or return
    command $cmd -rn -o NS,TYPE 2>/dev/null | string replace -r -- '^(\S+) (\S+)$' '$1\t$2 namespace'
end

set -l __nsls_types cgroup ipc mnt net pid time user uts

complete -c nsls -f
complete -c nsls -s J -l json -d 'use JSON output format'
complete -c nsls -s l -l list -d 'use list format output'
complete -c nsls -s n -l noheadings -d "don't print headings"
complete -c nsls -s o -l output -x -a '(__nsls_columns)' -d 'define which output columns to use (+LIST appends)'
complete -c nsls -l output-all -d 'output all columns'
complete -c nsls -s p -l task -x -a '(__fish_complete_pids)' -d 'print process namespaces'
complete -c nsls -s Q -l filter -x -a '(__nsls_filter_columns)' -d 'only the rows the expression is true of (scols-filter(5))'
complete -c nsls -s r -l raw -d 'use the raw output format'
complete -c nsls -s u -l notruncate -d "don't truncate text in columns"
complete -c nsls -s W -l nowrap -d "don't use multi-line representation"
complete -c nsls -s T -l tree -f -a 'owner parent process' -d 'use tree format (parent | owner | process)'
complete -c nsls -s t -l type -x -a "$__nsls_types" -d 'namespace type'
complete -c nsls -s H -l list-columns -d 'list the available columns'
complete -c nsls -s P -l persistent -d 'only namespaces without a process'
complete -c nsls -l tasks -d 'read threads too: threads apart from their process'
complete -c nsls -l sockets -d 'find net namespaces held by sockets (costs a pidfd per process)'
complete -c nsls -l sources -x -a '(__nsls_sources)' -d 'where to look (+LIST adds)'
complete -c nsls -l source -x -a 'auto proc kernel' -d 'scan source'
complete -c nsls -l processes -d 'one row per process, one column per namespace type'
complete -c nsls -l color -f -a 'auto always never' -d 'colorize output'
complete -c nsls -l proc-root -x -a '(__fish_complete_directories)' -d 'read processes from a directory instead of /proc'
complete -c nsls -l save -r -F -d 'save the whole snapshot to a file for nsdiff, list nothing'
complete -c nsls -l metrics -d 'print Prometheus metrics (text format), list nothing'
complete -c nsls -l metrics-file -r -F -d 'write the metrics to a file atomically'
complete -c nsls -l metrics-namespaces -d 'add series per namespace'
complete -c nsls -s h -l help -d 'display this help'
complete -c nsls -s V -l version -d 'display version'
complete -c nsls -n 'not string match -q -- "-*" (commandline -ct)' -a '(__nsls_namespaces)'
