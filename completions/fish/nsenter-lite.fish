# SPDX-License-Identifier: LGPL-2.1-or-later
# fish completion for nsenter-lite(1), part of nsinfo.
#
# The options below are kept in step with `nsenter-lite --help` by
# tests/integration/nsenter.sh. The namespace options and -r/-w take
# their value only in the same word (--net=FILE, -nFILE, --root=DIR):
# "--net FILE" would run FILE, so they are declared without a parameter
# and their values are completed from the token itself.

# The program and its arguments typed so far, one a line, after a line
# "program"; nothing (status 1) while the options go on.
function __nsenter_lite_program
    set -l args (commandline -opc)
    set -e args[1]
    set -l skip 0
    set -l i 0
    for a in $args
        set i (math $i + 1)
        if test $skip = 1
            set skip 0
            continue
        end
        switch $a
            case --
                echo program
                test $i -lt (count $args); and printf '%s\n' $args[(math $i + 1)..-1]
                return 0
            case -t --target -N --net-socket --netns --container --source -S --setuid -G --setgid -W --wdns
                set skip 1
            case '--*'
            case '-*'
                string match -qr -- '^-[aFehVcZ]*[tSGNW]$' $a; and set skip 1
            case '*'
                echo program
                printf '%s\n' $args[$i..-1]
                return 0
        end
    end
    return 1
end

function __nsenter_lite_in_options
    not __nsenter_lite_program >/dev/null
end

# After the options: the program, then what its own completion offers.
function __nsenter_lite_complete_program
    set -l words (__nsenter_lite_program)
    set -e words[1]
    if test (count $words) = 0
        __fish_complete_command
    else
        complete -C (string join ' ' -- (string escape -- $words) (commandline -ct))
    end
end

# The value in the same word as its option: --net=FILE, -nFILE, -rDIR,
# -t123; printed with the option before it.
function __nsenter_lite_same_word
    set -l tok (commandline -ct)
    set -l m (string match -r -- '^(--(?:mount|uts|ipc|net|pid|cgroup|time|user|root|wd|wdns|target)=|-[aFehVcZ]*[muinpCTUrwWt])(.*)$' $tok)
    or return
    set -l pre $m[2]
    set -l val $m[3]
    switch $pre
        case '--root=' '--wd=' '--wdns=' '*r' '*w' '*W'
            for d in (__fish_complete_directories $val)
                printf '%s%s\n' $pre (string split -f1 \t -- $d)
            end
        case '--target=' '*t'
            for p in (__fish_complete_pids)
                printf '%s%s\n' $pre $p
            end
        case '*'
            for f in (__fish_complete_path $val)
                printf '%s%s\n' $pre (string split -f1 \t -- $f)
            end
    end
end

function __nsenter_lite_netns
    test -d /run/netns; or return
    for f in /run/netns/*
        string replace -r -- '^.*/' '' $f
    end
end

# -N: the sockets among the descriptors of the -t target, when it is named.
function __nsenter_lite_sockets
    set -l args (commandline -opc)
    set -l pid
    for i in (seq (count $args))
        switch $args[$i]
            case -t --target
                set pid $args[(math $i + 1)]
            case '--target=*'
                set pid (string replace -- '--target=' '' $args[$i])
            case '-t*'
                set pid (string sub -s 3 -- $args[$i])
        end
    end
    set pid (string split -f1 : -- "$pid")
    string match -qr -- '^[0-9]+$' "$pid"; or return
    for f in /proc/$pid/fd/*
        string match -q -- 'socket:*' (readlink $f 2>/dev/null); and string replace -r -- '^.*/' '' $f
    end
end

function __nsenter_lite_containers
    command -q nsls; or return
    nsls -rn -o CONTAINER 2>/dev/null | string match -rv -- '^\s*$' | sort -u
end

complete -c nsenter-lite -f
complete -c nsenter-lite -n __nsenter_lite_in_options -s a -l all -d 'enter all namespaces of the target'
complete -c nsenter-lite -n __nsenter_lite_in_options -s t -l target -x -a '(__fish_complete_pids)' -d 'target process: PID or PID:INODE'
complete -c nsenter-lite -n __nsenter_lite_in_options -s m -l mount -d 'enter the mount namespace (=FILE)'
complete -c nsenter-lite -n __nsenter_lite_in_options -s u -l uts -d 'enter the UTS namespace (=FILE)'
complete -c nsenter-lite -n __nsenter_lite_in_options -s i -l ipc -d 'enter the System V IPC namespace (=FILE)'
complete -c nsenter-lite -n __nsenter_lite_in_options -s n -l net -d 'enter the network namespace (=FILE)'
complete -c nsenter-lite -n __nsenter_lite_in_options -s N -l net-socket -x -a '(__nsenter_lite_sockets)' -d "enter the network namespace of the target's socket"
complete -c nsenter-lite -n __nsenter_lite_in_options -s p -l pid -d 'enter the pid namespace (=FILE)'
complete -c nsenter-lite -n __nsenter_lite_in_options -s C -l cgroup -d 'enter the cgroup namespace (=FILE)'
complete -c nsenter-lite -n __nsenter_lite_in_options -s T -l time -d 'enter the time namespace (=FILE)'
complete -c nsenter-lite -n __nsenter_lite_in_options -s U -l user -d 'enter the user namespace (=FILE)'
complete -c nsenter-lite -n __nsenter_lite_in_options -l user-parent -d 'enter the parent of that user namespace instead'
complete -c nsenter-lite -n __nsenter_lite_in_options -l netns -x -a '(__nsenter_lite_netns)' -d 'enter the network namespace /run/netns/NAME'
complete -c nsenter-lite -n __nsenter_lite_in_options -l container -x -a '(__nsenter_lite_containers)' -d 'enter the namespaces of a container'
complete -c nsenter-lite -n __nsenter_lite_in_options -l source -x -a 'auto proc kernel' -d 'scan source (for --container)'
complete -c nsenter-lite -n __nsenter_lite_in_options -s S -l setuid -x -a follow -d 'set the user ID in the entered namespace'
complete -c nsenter-lite -n __nsenter_lite_in_options -s G -l setgid -x -a follow -d 'set the group ID in the entered namespace'
complete -c nsenter-lite -n __nsenter_lite_in_options -l preserve-credentials -d 'do not touch UIDs or GIDs unless -S or -G asks'
complete -c nsenter-lite -n __nsenter_lite_in_options -l keep-caps -d 'keep the capabilities of the entered user namespace'
complete -c nsenter-lite -n __nsenter_lite_in_options -s r -l root -d "set the root directory (=DIR, default: the target's)"
complete -c nsenter-lite -n __nsenter_lite_in_options -s w -l wd -d "set the working directory (=DIR, default: the target's)"
complete -c nsenter-lite -n __nsenter_lite_in_options -s W -l wdns -x -a '(__fish_complete_directories)' -d 'set the working directory, a path inside the namespaces'
complete -c nsenter-lite -n __nsenter_lite_in_options -s F -l no-fork -d 'do not fork before running the program'
complete -c nsenter-lite -n __nsenter_lite_in_options -s e -l env -d "run the program with the target's environment"
complete -c nsenter-lite -n __nsenter_lite_in_options -s c -l join-cgroup -d 'join the cgroup of the target'
complete -c nsenter-lite -n __nsenter_lite_in_options -s Z -l follow-context -d 'run the program in the SELinux context of the target'
complete -c nsenter-lite -n __nsenter_lite_in_options -l dry-run -d 'show what would be entered, and what would fail and why'
complete -c nsenter-lite -n __nsenter_lite_in_options -s h -l help -d 'display this help'
complete -c nsenter-lite -n __nsenter_lite_in_options -s V -l version -d 'display version'
# values in the same word as their option
complete -c nsenter-lite -n '__nsenter_lite_in_options; and string match -qr -- "^-" (commandline -ct)' -a '(__nsenter_lite_same_word)'
# the program, then its arguments
complete -c nsenter-lite -n 'not __nsenter_lite_in_options' -a '(__nsenter_lite_complete_program)'
complete -c nsenter-lite -n '__nsenter_lite_in_options; and not string match -qr -- "^-" (commandline -ct)' -a '(__fish_complete_command)'
