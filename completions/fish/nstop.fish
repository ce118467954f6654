# SPDX-License-Identifier: LGPL-2.1-or-later
# fish completion for nstop(1), part of nsinfo.
#
# The word lists below are kept in step with `nstop -H` and
# `nstop --help` by tests/integration/docs.sh.

# A comma-separated list: the words of $argv not yet in the list typed so
# far (after "--opt=" or "-X"), each with the list before it; with
# --upper, matched case-insensitively; with --plus, "+LIST" appends.
function __nstop_list
    argparse upper plus 'd=' -- $argv; or return
    set -l tok (commandline -ct)
    set tok (string replace -r -- '^--[a-z-]+=' '' $tok)
    set tok (string replace -r -- '^-[A-Za-z]' '' $tok)
    set -l head ''
    if string match -q -- '*,*' $tok
        set head (string replace -r -- '[^,]*$' '' $tok)
    else if set -q _flag_plus; and string match -q -- '+*' $tok
        set head +
    end
    set -l have (string split , -- (string trim -l -c + -- $head))
    set -q _flag_upper; and set have (string upper -- $have)
    for w in $argv
        contains -- $w $have; or printf "%s%s\t%s\n" $head $w $_flag_d
    end
end

# The rows -g chose so far: "c..." and "s..." have columns of their own.
function __nstop_group
    set -l args (commandline -opc)
    set -l g ''
    set -l next 0
    for a in $args
        if test $next = 1
            set g $a
            set next 0
            continue
        end
        switch $a
            case -g --group
                set next 1
            case '--group=*'
                set g (string replace -- '--group=' '' $a)
            case '-g?*'
                set g (string sub -s 3 -- $a)
        end
    end
    echo $g
end

# The columns of the view -g chose.
function __nstop_view_columns
    set -l columns NS TYPE PATH NPROCS PID PPID COMMAND UID USER NETNSID NSFS PNS ONS NTHREADS OWNERUID NSID DEPTH HOLDERS NAME RUNTIME CONTAINER %CPU RSS AGE CGROUP CGNSROOT MEM MEMMAX CPUMAX CGCPU PIDS PIDSMAX PSI STDIN STDOUT STDERR
    set -l group_columns CONTAINER RUNTIME ID PID NPROCS NTHREADS %CPU RSS AGE HOST USER COMMAND CGROUP CGNSROOT MEM MEMMAX CPUMAX CGCPU PIDS PIDSMAX PSI STDIN STDOUT STDERR CGROUPNS IPCNS MNTNS NETNS PIDNS TIMENS USERNS UTSNS
    if string match -qr -- '^[cs]' (__nstop_group)
        printf '%s\n' $group_columns
    else
        printf '%s\n' $columns
    end
end

# -o LIST: comma-separated column names of the view -g chose.
function __nstop_columns
    __nstop_list --upper --plus -d column (__nstop_view_columns)
end

# -s COLUMN: a column of the view -g chose (containers and sets have their
# own).
function __nstop_sort_columns
    printf '%s\tcolumn\n' (__nstop_view_columns)
end

# -p PID[,...]: the processes we can see.
function __nstop_pids
    set -l pids (string replace -r -- '^/proc/' '' /proc/*)
    __nstop_list -d process (string match -r -- '^[1-9][0-9]*$' $pids)
end

function __nstop_types
    set -l __nstop_types cgroup ipc mnt net pid time user uts
    __nstop_list -d 'namespace type' $__nstop_types
end

complete -c nstop -f
complete -c nstop -s b -l batch -d 'batch mode: text frames, no terminal needed'
complete -c nstop -s n -l iterations -x -d 'stop after N frames'
complete -c nstop -s d -l delay -x -d 'seconds between refreshes'
complete -c nstop -s J -l json -d 'batch mode with one JSON object per frame'
complete -c nstop -s p -l pid -x -a '(__nstop_pids)' -d 'only rows with one of these processes'
complete -c nstop -s u -l user -x -a '(__fish_complete_users)' -d 'only rows with a process of this effective user'
complete -c nstop -s t -l type -x -a '(__nstop_types)' -d 'only these namespace types'
complete -c nstop -s g -l group -x -a 'namespaces containers sets' -d 'what a row is'
complete -c nstop -s o -l output -x -a '(__nstop_columns)' -d 'columns of the rows -g chose (+LIST appends)'
complete -c nstop -s s -l sort -x -a '(__nstop_sort_columns)' -d 'sort by this column'
complete -c nstop -l reverse -d 'reverse the sort order'
complete -c nstop -s H -l list-columns -d 'list the columns of the rows -g chose'
complete -c nstop -l source -x -a 'auto proc kernel' -d 'scan source'
complete -c nstop -l proc-root -x -a '(__fish_complete_directories)' -d 'read processes from a directory instead of /proc'
complete -c nstop -l color -f -a 'auto always never' -d 'colorize'
complete -c nstop -l metrics -d 'batch mode, Prometheus metrics a frame'
complete -c nstop -l metrics-file -r -F -d 'rewrite a file with the metrics each frame, print nothing'
complete -c nstop -l metrics-namespaces -d 'add series per namespace'
complete -c nstop -s h -l help -d 'display this help'
complete -c nstop -s V -l version -d 'display version'
