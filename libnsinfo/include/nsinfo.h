/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nsinfo.h - libnsinfo, inspect Linux namespaces.
 *
 * The library walks a proc root once and returns an immutable snapshot of
 * every namespace it found, the processes (and threads) inside, and the
 * relations between namespaces (owner user namespace, parent).
 *
 * Conventions, for every call:
 *  - int calls return 0 (or a count) on success and a negative errno on
 *    failure; pointer calls return NULL and set errno.
 *  - The library never prints, never exits and keeps no global state.
 *  - Pointers handed out by a snapshot (namespaces, processes, strings) are
 *    borrowed: valid until nsinfo_snapshot_unref() drops the last reference.
 *  - A process that exits during the scan is simply absent; a permission
 *    denial is recorded on the object (see NSINFO_PROC_DENIED) and counted
 *    in the snapshot, never returned as an error.
 *
 * See libnsinfo(3).
 */
#ifndef NSINFO_H
#define NSINFO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Namespace types ------------------------------------------------ */

/* Sorted by name, as lsns and /proc/PID/ns list them. */
enum nsinfo_type {
	NSINFO_TYPE_CGROUP = 0,
	NSINFO_TYPE_IPC,
	NSINFO_TYPE_MNT,
	NSINFO_TYPE_NET,
	NSINFO_TYPE_PID,
	NSINFO_TYPE_TIME,
	NSINFO_TYPE_USER,
	NSINFO_TYPE_UTS,
	NSINFO_NTYPES
};

#define NSINFO_TYPE_BIT(t)	(1u << (t))
#define NSINFO_ALL_TYPES	((1u << NSINFO_NTYPES) - 1)

/* "net", or NULL for an out-of-range type. */
const char *nsinfo_type_name(enum nsinfo_type type);
/* File name below /proc/PID/ns ("net"); NULL for an out-of-range type. */
const char *nsinfo_type_proc_name(enum nsinfo_type type);
/* The CLONE_NEW* flag of the type, or 0 for an out-of-range type. */
int nsinfo_type_clone_flag(enum nsinfo_type type);
/* Type for a name ("net"), or -EINVAL. */
int nsinfo_type_from_name(const char *name);
/* Type for a CLONE_NEW* flag, or -EINVAL. */
int nsinfo_type_from_clone_flag(int flag);
/* One line describing the type ("network devices, stacks, ports"). */
const char *nsinfo_type_description(enum nsinfo_type type);

/* ---- Scan ----------------------------------------------------------- */

/* What the scan reads; see libnsinfo(3) for the cost of each. */
enum nsinfo_scan_flags {
	/* Threads: /proc/PID/task/TID/ns, for NTHREADS and threads that sit
	 * in other namespaces than their leader. One readlink per thread and
	 * asked type. */
	NSINFO_SCAN_TASKS	 = 1u << 0,
	/* pid_for_children and time_for_children links. */
	NSINFO_SCAN_FOR_CHILDREN = 1u << 1,
	/* Relations of each new namespace: owner user namespace, parent
	 * (pid, user), owner UID (user), 64-bit id, depth. One open and a few
	 * ioctls per namespace, never per process. Ancestors that no process
	 * is in (hidden intermediate user and pid namespaces) are added to
	 * the snapshot, held by NSINFO_HOLD_ANCESTOR only. */
	NSINFO_SCAN_RELATIONS	 = 1u << 2,
	/* Task info (command, cmdline, uid, user, ppid, state, start time)
	 * for the lowest PID of each namespace, from libproc2. */
	NSINFO_SCAN_INFO_LEADERS = 1u << 3,
	/* Task info for every process. */
	NSINFO_SCAN_INFO_ALL	 = 1u << 4,
	/* The id the network stack gives each net namespace (RTM_GETNSID,
	 * relative to the caller's net namespace); one netlink query per
	 * net namespace. */
	NSINFO_SCAN_NETNSID	 = 1u << 5,
	/* nsfs bind mounts (`ip netns add`, runtimes pinning namespaces)
	 * in every mount namespace: the mountinfo of one process per mount
	 * namespace, targets opened through /proc/PID/root. Finds
	 * namespaces no process is in. */
	NSINFO_SCAN_MOUNTS	 = 1u << 6,
	/* Open file descriptors that are namespace files (/proc/PID/fd/N
	 * reads "net:[N]"): one readlink per descriptor. */
	NSINFO_SCAN_FDS		 = 1u << 7,
	/* The net namespace of every socket a process holds, when it is not
	 * the process's own (pidfd_getfd + SIOCGSKNS, Linux 5.6; one pidfd per
	 * process with sockets). Implies NSINFO_SCAN_FDS. */
	NSINFO_SCAN_SOCKETS	 = 1u << 8,
	/* The container of every process, from its cgroup paths (libproc2),
	 * named from the runtime's state files (Docker config.v2.json,
	 * containers/storage containers.json) where they are readable. */
	NSINFO_SCAN_CONTAINERS	 = 1u << 9,
	/* Scan in the calling thread only. By default a large proc root is
	 * split between up to one thread per CPU the caller may run on (its
	 * affinity mask; they share nothing with the caller and are joined
	 * before the call returns). */
	NSINFO_SCAN_ONE_THREAD	 = 1u << 10,
	/* Numbers a monitor shows, for every process, read again on every
	 * refresh: CPU time (utime + stime) and, from a scanner's second
	 * refresh on, CPU% since the last one (as top computes it), resident
	 * memory, threads, state, start time (libproc2: stat and statm). Since
	 * 0.2. */
	NSINFO_SCAN_TASK_STATS	 = 1u << 11,
	/* The PID of every process in each pid namespace it is in, from the
	 * NSpid line of /proc/PID/status (one read per process); see
	 * nsinfo_proc_nspid(). Since 0.2. */
	NSINFO_SCAN_NSPID	 = 1u << 12,
	/* The cgroup of every process in each hierarchy (v2 and v1), from
	 * /proc/PID/cgroup; see nsinfo_proc_cgroup(). Since 0.5. */
	NSINFO_SCAN_CGROUPS	 = 1u << 13,
	/* Limits and usage of each process's and container's cgroups
	 * (memory, cpu, pids, PSI), read from the cgroup file systems
	 * mounted in the caller's mount namespace, once per distinct set of
	 * cgroups; see nsinfo_proc_cgroup_value(). Implies
	 * NSINFO_SCAN_CGROUPS. Since 0.5. */
	NSINFO_SCAN_CGROUP_LIMITS = 1u << 14,
	/* The root of each cgroup namespace (what its processes see as
	 * "/"), asked from inside it: one thread enters each cgroup
	 * namespace but the caller's (needs CAP_SYS_ADMIN over it); see
	 * nsinfo_ns_cgroup_root(). Implies NSINFO_SCAN_CGROUPS. Since 0.5. */
	NSINFO_SCAN_CGROUP_ROOTS = 1u << 15,
	/* Where each process's standard streams (fds 0, 1, 2) go and who is
	 * at the other end (see nsinfo_proc_stdio()): one readdir of
	 * /proc/PID/fd and a readlink per descriptor of every process (the
	 * same walk as NSINFO_SCAN_FDS when both are asked), a stat of a
	 * stream that is a path below /dev (never an open), /proc/PID/stat of a process on a
	 * terminal, fdinfo of the pipe ends that meet a stream, one
	 * sock_diag dump of unix sockets when a stream is a socket. The
	 * kernel source has its iterator read the kind, inode, device and
	 * open mode of fds 0-2 and of every pipe and socket instead (no fd
	 * walk, no fdinfo): from /proc only a path's link, for its name,
	 * and the stat of a process on a terminal. Since 0.5. */
	NSINFO_SCAN_STDIO	 = 1u << 16,
};

/*
 * Options of one scan. Zero-initialise, set .size = sizeof(struct
 * nsinfo_scan_opts), then set what you need; fields added in later
 * versions go at the end and default to zero.
 */
struct nsinfo_scan_opts {
	size_t size;		/* sizeof(struct nsinfo_scan_opts) */
	const char *proc_root;	/* NULL: "/proc" */
	unsigned int types;	/* NSINFO_TYPE_BIT() mask; 0: all types */
	unsigned int flags;	/* enum nsinfo_scan_flags */
	/* since 0.1: where runtimes keep their state, for container names
	 * (NULL: "/"; tests aim it at a fixture tree) */
	const char *state_root;
	/* since 0.4: where the facts come from (enum nsinfo_source; 0: auto) */
	int source;
};

/*
 * Where a scan reads (since 0.4). See libnsinfo(3), "Sources".
 *  - PROC: the proc root (/proc/PID/ns links, task dirs, fds, nsfs ioctls).
 *  - KERNEL: a BPF task iterator reads every task's namespaces, threads,
 *    namespace-holding fds and the namespaces' relations from the kernel's
 *    own structures in one pass; /proc is still read for what it alone
 *    has (cgroup paths, command lines, users, mountinfo) and for any task
 *    the iterator does not show. Needs CAP_BPF and CAP_PERFMON, a kernel
 *    with BTF and task iterators (5.17), the initial pid and time
 *    namespaces, and a library built with BPF support; the scanner fails otherwise, with
 *    -EOPNOTSUPP, -EPERM or the kernel's errno (nsinfo_source_probe()
 *    says why).
 *  - AUTO: a scanner uses KERNEL where it can be used, else PROC; one
 *    nsinfo_snapshot_new() uses KERNEL only when the kernel has 400
 *    tasks or more (below that one /proc walk costs less than loading the
 *    programs, some 15 ms of CPU). The snapshot says which and why
 *    (nsinfo_snapshot_source()).
 */
enum nsinfo_source {
	NSINFO_SOURCE_AUTO = 0,
	NSINFO_SOURCE_PROC,
	NSINFO_SOURCE_KERNEL,
};
/* "auto", "proc", "kernel"; NULL for anything else. Since 0.4. */
const char *nsinfo_source_name(enum nsinfo_source source);
/* The source named ("auto", "proc", "kernel"), or -EINVAL. Since 0.4. */
int nsinfo_source_from_name(const char *name);
/*
 * Whether the kernel source can be used with these options (NULL: the
 * defaults): 0, or a negative errno and a one-line reason in why ("needs
 * CAP_BPF and CAP_PERFMON", "kernel lacks BTF", "built without BPF
 * support", "the proc root is not the initial pid namespace's"). Loads
 * the programs and unloads them again (some 15 ms). Since 0.4.
 */
int nsinfo_source_probe(const struct nsinfo_scan_opts *opts, char *why, size_t whylen);

struct nsinfo_snapshot;
struct nsinfo_ns;
struct nsinfo_proc;

/*
 * Scan the proc root and store a new snapshot (one reference) in *out.
 * Returns 0, or a negative errno: -EINVAL (bad options), -ENOMEM, or the
 * error of opening the proc root (-ENOENT, -EACCES, -ENOTDIR, ...).
 * Denied processes and vanished ones are not errors.
 */
int nsinfo_snapshot_new(struct nsinfo_snapshot **out,
			const struct nsinfo_scan_opts *opts);
/* Takes a reference. References are counted atomically (since 0.2): a
 * snapshot may be handed to another thread, each holding its own. */
struct nsinfo_snapshot *nsinfo_snapshot_ref(struct nsinfo_snapshot *snap);
/* Drops a reference; frees at the last one. NULL is allowed. */
void nsinfo_snapshot_unref(struct nsinfo_snapshot *snap);

/* ---- Scanner: one refresh after another (since 0.2) ------------------ */

/*
 * What a live tool holds: the open proc root and what stays true between
 * refreshes (relations of namespaces that live on, command lines of
 * processes that did not exec, container names), kept from its last
 * snapshot. Options as for nsinfo_snapshot_new(), fixed for its life.
 * 0, -EINVAL, -ENOMEM or the error of opening the proc root.
 */
struct nsinfo_scanner;
int nsinfo_scanner_new(struct nsinfo_scanner **out, const struct nsinfo_scan_opts *opts);
/* A new snapshot (one reference, the caller's), read now. */
int nsinfo_scanner_refresh(struct nsinfo_scanner *scanner, struct nsinfo_snapshot **out);
/* What changed between the last two refreshes (see nsinfo_snapshot_diff),
 * owned by the scanner until its next refresh; NULL with errno ENODATA
 * before the second. */
struct nsinfo_diff;
const struct nsinfo_diff *nsinfo_scanner_diff(const struct nsinfo_scanner *scanner);
/*
 * What the next refreshes read: a monitor reads what its screen shows
 * (NSPID only while a drill-down shows it). Facts kept from the last
 * snapshot are taken only where that snapshot read them. 0, or -EINVAL
 * for an unknown flag. Since 0.3.
 */
int nsinfo_scanner_set_flags(struct nsinfo_scanner *scanner, unsigned int flags);
/* The flags the next refresh reads with. Since 0.3. */
unsigned int nsinfo_scanner_flags(const struct nsinfo_scanner *scanner);
/* Snapshots it handed out stay valid. NULL is allowed. */
void nsinfo_scanner_free(struct nsinfo_scanner *scanner);

/* ---- Snapshot contents ---------------------------------------------- */

/* Namespaces, sorted by inode (as lsns lists them), then type. */
size_t nsinfo_snapshot_ns_count(const struct nsinfo_snapshot *snap);
const struct nsinfo_ns *nsinfo_snapshot_ns(const struct nsinfo_snapshot *snap,
					   size_t index);
/* The namespace with this inode (any type when type < 0), or NULL with
 * errno ENOENT. */
const struct nsinfo_ns *nsinfo_snapshot_find_ns(const struct nsinfo_snapshot *snap,
						int type, uint64_t inode);

/* Processes (thread group leaders), sorted by PID. */
size_t nsinfo_snapshot_proc_count(const struct nsinfo_snapshot *snap);
const struct nsinfo_proc *nsinfo_snapshot_proc(const struct nsinfo_snapshot *snap,
					       size_t index);
/* The process with this PID, or NULL with errno ENOENT. */
const struct nsinfo_proc *nsinfo_snapshot_find_proc(const struct nsinfo_snapshot *snap,
						    pid_t pid);

/* What could not be read: processes seen in the proc root, and of those
 * the ones whose namespace links were denied (EACCES/EPERM). */
size_t nsinfo_snapshot_seen_count(const struct nsinfo_snapshot *snap);
size_t nsinfo_snapshot_denied_count(const struct nsinfo_snapshot *snap);
/* Threads whose links were denied (with NSINFO_SCAN_TASKS). */
size_t nsinfo_snapshot_denied_task_count(const struct nsinfo_snapshot *snap);
/*
 * Tasks (threads) the proc root hides from the caller: a proc mounted with
 * hidepid=invisible or ptraceable leaves out what the caller may not
 * inspect. Stores about how many (the kernel's count of tasks minus those
 * seen; tasks come and go meanwhile) and, in *why when why is not NULL,
 * the mount option ("invisible"). -ENODATA when the proc root hides
 * nothing this way or it cannot be told (not procfs, or not the initial
 * pid namespace's). Since 0.2.
 */
int nsinfo_snapshot_hidden_count(const struct nsinfo_snapshot *snap, size_t *n,
				 const char **why);
/* The proc root this snapshot was read from. */
const char *nsinfo_snapshot_proc_root(const struct nsinfo_snapshot *snap);
/*
 * The source that read the snapshot: NSINFO_SOURCE_PROC or _KERNEL. When
 * why is not NULL it gets why the kernel source was not used (auto chose
 * /proc: "needs CAP_BPF and CAP_PERFMON"), or NULL when it was, or when
 * /proc was asked for. Since 0.4.
 */
enum nsinfo_source nsinfo_snapshot_source(const struct nsinfo_snapshot *snap, const char **why);

/* ---- Namespaces ----------------------------------------------------- */

/*
 * What keeps a namespace alive, as the scan saw it (bits). A namespace
 * whose only bit is NSINFO_HOLD_ANCESTOR is "hidden": no process, fd or
 * mount holds it, only the namespaces below it (an intermediate user or
 * pid namespace, found through NS_GET_PARENT / NS_GET_USERNS).
 */
enum nsinfo_hold {
	NSINFO_HOLD_PROCESS	 = 1u << 0,	/* a process is in it */
	NSINFO_HOLD_THREAD	 = 1u << 1,	/* a thread apart from its leader */
	NSINFO_HOLD_FOR_CHILDREN = 1u << 2,	/* pid/time_for_children */
	NSINFO_HOLD_ANCESTOR	 = 1u << 3,	/* parent or owner of another */
	NSINFO_HOLD_FD		 = 1u << 4,	/* an open descriptor */
	NSINFO_HOLD_SOCKET	 = 1u << 5,	/* a socket (net namespaces) */
	NSINFO_HOLD_MOUNT	 = 1u << 6,	/* an nsfs bind mount */
};

/* One fd, socket or mount that holds a namespace. */
enum nsinfo_holder_kind {
	NSINFO_HOLDER_FD = 1,
	NSINFO_HOLDER_SOCKET,
	NSINFO_HOLDER_MOUNT,
};
struct nsinfo_holder {
	enum nsinfo_holder_kind kind;
	pid_t pid;		/* FD, SOCKET: the holding process; MOUNT: the
				 * process whose mountinfo showed the mount */
	int fd;			/* FD, SOCKET: its descriptor number */
	uint64_t mntns;		/* MOUNT: the mount namespace it is in */
	const char *path;	/* MOUNT: the mount point, as seen there */
	int own_mntns;		/* MOUNT: 1 when mntns is the caller's */
};

/* Facts that could not be learned (bits). */
enum nsinfo_ns_unknown {
	NSINFO_NS_NO_RELATIONS	= 1u << 0,	/* relations not asked */
	NSINFO_NS_DENIED	= 1u << 1,	/* namespace file not openable */
	NSINFO_NS_OWNER_HIDDEN	= 1u << 2,	/* owner out of our view */
	NSINFO_NS_PARENT_HIDDEN = 1u << 3,	/* parent out of our view (EPERM
						 * below the initial namespace) */
	NSINFO_NS_NO_NSID	= 1u << 4,	/* kernel lacks NS_GET_ID */
};

enum nsinfo_type nsinfo_ns_type(const struct nsinfo_ns *ns);
uint64_t nsinfo_ns_inode(const struct nsinfo_ns *ns);
unsigned int nsinfo_ns_holders(const struct nsinfo_ns *ns);
unsigned int nsinfo_ns_unknown(const struct nsinfo_ns *ns);

/*
 * Who stands for the namespace in a listing: the lowest PID in it; else,
 * for a namespace that only threads are in, the lowest such thread; else
 * the lowest PID whose pid_for_children or time_for_children link names
 * it. Stores the process, the TID (the PID itself for a process) and how
 * it holds the namespace (one NSINFO_HOLD_* bit); -ENODATA when nothing
 * holds it that the scan saw.
 */
int nsinfo_ns_leader(const struct nsinfo_ns *ns, const struct nsinfo_proc **proc,
		     pid_t *tid, unsigned int *how);

/* Processes in the namespace, sorted by PID; index 0 is the lowest PID. */
size_t nsinfo_ns_proc_count(const struct nsinfo_ns *ns);
const struct nsinfo_proc *nsinfo_ns_proc(const struct nsinfo_ns *ns,
					 size_t index);
/* Threads in the namespace (leaders included); 0 without
 * NSINFO_SCAN_TASKS. */
size_t nsinfo_ns_thread_count(const struct nsinfo_ns *ns);

/*
 * Relations (NSINFO_SCAN_RELATIONS). Each returns 0 and stores the value,
 * -ENODATA when it was not read (relations not asked, an ioctl failed), or
 * -EACCES when the namespace file could not be opened. A parent or owner
 * that does not exist or is out of our view is 0, as lsns shows it (a net
 * namespace has no parent; the initial user namespace has no owner); see
 * NSINFO_NS_PARENT_HIDDEN / NSINFO_NS_OWNER_HIDDEN for which.
 */
int nsinfo_ns_parent(const struct nsinfo_ns *ns, uint64_t *inode);
int nsinfo_ns_owner(const struct nsinfo_ns *ns, uint64_t *inode);
int nsinfo_ns_owner_uid(const struct nsinfo_ns *ns, uid_t *uid);
int nsinfo_ns_id(const struct nsinfo_ns *ns, uint64_t *id);
/* Nesting depth of a pid or user namespace below the top of our view
 * (0 = top, the initial namespace for root). */
int nsinfo_ns_depth(const struct nsinfo_ns *ns, unsigned int *depth);
/* NSINFO_SCAN_NETNSID: the id, or -1 when unassigned. -ENODATA when it
 * was not read (not a net namespace, or no netlink answer). */
int nsinfo_ns_netnsid(const struct nsinfo_ns *ns, int *netnsid);
/* NSINFO_SCAN_MOUNTS: the nsfs mount points of the namespace in the
 * caller's own mount namespace (lsns's NSFS), in mountinfo order. */
size_t nsinfo_ns_nsfs_count(const struct nsinfo_ns *ns);
const char *nsinfo_ns_nsfs(const struct nsinfo_ns *ns, size_t index);
/* The fds, sockets and mounts that hold the namespace (NSINFO_SCAN_FDS,
 * _SOCKETS, _MOUNTS), processes first by PID, then mounts. */
size_t nsinfo_ns_holder_count(const struct nsinfo_ns *ns);
const struct nsinfo_holder *nsinfo_ns_holder(const struct nsinfo_ns *ns, size_t index);
/*
 * A name people use for the namespace, or NULL: for a net namespace the
 * `ip netns` name (a bind mount below /run/netns in the caller's mount
 * namespace), else the path of an nsfs bind mount of it (the caller's own
 * mount namespace first).
 */
const char *nsinfo_ns_name(const struct nsinfo_ns *ns);

/* ---- Processes ------------------------------------------------------ */

enum nsinfo_proc_flags {
	NSINFO_PROC_DENIED   = 1u << 0,	/* namespace links not readable */
	NSINFO_PROC_HAS_INFO = 1u << 1,	/* task info was read */
	NSINFO_PROC_SPLIT    = 1u << 2,	/* a thread sits in another namespace */
	NSINFO_PROC_HAS_STATS = 1u << 3, /* NSINFO_SCAN_TASK_STATS read it */
	NSINFO_PROC_ZOMBIE   = 1u << 4,	/* exited, not reaped: it has left its
					 * namespaces but pid and user (which
					 * its links still show); since 0.2 */
};

pid_t nsinfo_proc_pid(const struct nsinfo_proc *proc);
unsigned int nsinfo_proc_flags(const struct nsinfo_proc *proc);
/* The process's namespace of a type, or NULL (type not scanned, denied,
 * or not present on this kernel). */
const struct nsinfo_ns *nsinfo_proc_ns(const struct nsinfo_proc *proc,
				       enum nsinfo_type type);
/* pid_for_children / time_for_children (type PID or TIME), or NULL. */
const struct nsinfo_ns *nsinfo_proc_ns_for_children(const struct nsinfo_proc *proc,
						    enum nsinfo_type type);
/* Number of threads of the process, leader included: counted with
 * NSINFO_SCAN_TASKS, else as NSINFO_SCAN_TASK_STATS read it; 0 without. */
size_t nsinfo_proc_thread_count(const struct nsinfo_proc *proc);

/* Threads that sit in another namespace than their leader in at least one
 * type (NSINFO_SCAN_TASKS). */
size_t nsinfo_proc_split_count(const struct nsinfo_proc *proc);
pid_t nsinfo_proc_split_tid(const struct nsinfo_proc *proc, size_t index);
const struct nsinfo_ns *nsinfo_proc_split_ns(const struct nsinfo_proc *proc,
					     size_t index,
					     enum nsinfo_type type);

/* Task info (NSINFO_PROC_HAS_INFO); NULL / -ENODATA when it was not read. */
const char *nsinfo_proc_comm(const struct nsinfo_proc *proc);
/* Command line joined with spaces; the command name when it is empty
 * (kernel threads), as lsns shows it. */
const char *nsinfo_proc_cmdline(const struct nsinfo_proc *proc);
const char *nsinfo_proc_user(const struct nsinfo_proc *proc);
int nsinfo_proc_uid(const struct nsinfo_proc *proc, uid_t *uid);
int nsinfo_proc_ppid(const struct nsinfo_proc *proc, pid_t *ppid);
/* One of "RSDZTtWXIKP" as in /proc/PID/stat, or 0. */
char nsinfo_proc_state(const struct nsinfo_proc *proc);
/* Start time in clock ticks after boot (stat field 22). */
int nsinfo_proc_start_ticks(const struct nsinfo_proc *proc,
			    unsigned long long *ticks);

/*
 * A pidfd (pidfd_open(2), close-on-exec) of process pid as the snapshot
 * saw it: checked to have start_ticks (nsinfo_proc_start_ticks()) as its
 * start time, so that a process that took the PID since is never the one
 * signalled (pidfd_send_signal(2)) or waited on. Returns the descriptor,
 * -ESRCH when that process is gone (its PID may name another now),
 * -EOPNOTSUPP when the snapshot's proc root is not the caller's own
 * procfs (a fixture tree, another pid namespace's proc), or -errno.
 * Since 0.4.
 */
int nsinfo_pidfd_open(const struct nsinfo_snapshot *snap, pid_t pid,
		      unsigned long long start_ticks);

/*
 * NSINFO_SCAN_NSPID: the process's PID at each level of pid namespace
 * nesting it is in, as its NSpid line says: level 0 is the PID in the
 * pid namespace of the proc root (our view), the last level the PID in
 * its own pid namespace. The count is 0 when it was not read (flag not
 * asked, a fixture root without status, a kernel before 4.1); the PID is
 * 0 for a level out of range. Since 0.2.
 */
size_t nsinfo_proc_nspid_count(const struct nsinfo_proc *proc);
pid_t nsinfo_proc_nspid(const struct nsinfo_proc *proc, size_t level);

/* NSINFO_SCAN_TASK_STATS (NSINFO_PROC_HAS_STATS); -ENODATA when not read.
 * CPU time in clock ticks (sysconf(_SC_CLK_TCK)), user and system. */
int nsinfo_proc_cpu_ticks(const struct nsinfo_proc *proc, unsigned long long *ticks);
/* CPU use since the scanner's last refresh, in percent of one CPU (a
 * process with two busy threads shows 200); -ENODATA on a first refresh
 * or for a process that is new since. */
int nsinfo_proc_cpu_percent(const struct nsinfo_proc *proc, double *percent);
/* Resident memory in KiB. */
int nsinfo_proc_rss_kib(const struct nsinfo_proc *proc, unsigned long *kib);

/* ---- Standard streams (NSINFO_SCAN_STDIO, since 0.5) ----------------- */

enum nsinfo_stdio_kind {
	NSINFO_STDIO_CLOSED = 1,	/* no such descriptor */
	NSINFO_STDIO_NULL,		/* /dev/null (character device 1:3) */
	NSINFO_STDIO_TTY,		/* a terminal: name "pts/3", "tty1", ... */
	NSINFO_STDIO_PIPE,		/* an anonymous pipe */
	NSINFO_STDIO_SOCKET,		/* a socket */
	NSINFO_STDIO_FILE,		/* a path: regular file, directory, ...
					 * (outside /dev nothing is stated:
					 * any path) */
	NSINFO_STDIO_FIFO,		/* a named pipe below /dev */
	NSINFO_STDIO_DEVICE,		/* another device below /dev */
	NSINFO_STDIO_OTHER,		/* anything else: name is the kernel's
					 * text ("anon_inode:[eventfd]") */
};

/* A process at the other end of a stream. */
struct nsinfo_stdio_peer {
	pid_t pid;
	const char *comm;	/* its command name, NULL when not readable */
};

/*
 * What one stream is. Set .size = sizeof() before the call; the call fills
 * what fits in .size (later versions add fields at the end).
 *
 * Peers: a pipe's are the other processes that hold the same pipe with
 * the other end open (the reader of a stdout, the writer of a stdin; an
 * end whose mode is unknown counts); a unix socket's, the processes that
 * hold its peer socket (sock_diag, sockets of the caller's network
 * namespace only); a terminal's, the leader of the session whose
 * controlling terminal it is. A process is never its own peer.
 */
struct nsinfo_stdio {
	size_t size;
	enum nsinfo_stdio_kind kind;
	uint64_t inode;		/* PIPE, SOCKET, paths below /dev: its inode */
	uint64_t dev;		/* its st_dev (a terminal's devpts instance) */
	uint64_t rdev;		/* TTY, NULL, DEVICE: the device number */
	int access;		/* O_RDONLY, O_WRONLY, O_RDWR; -1: unknown */
	/* TTY: "pts/3"; FILE, FIFO, DEVICE: the path as the process's
	 * /proc/PID/fd link reads (another user's name: escape it);
	 * OTHER: the kernel's text; NULL otherwise */
	const char *name;
	pid_t session;		/* TTY: the session it controls; 0: none known */
	pid_t foreground;	/* TTY: its foreground process group; 0 */
	uint64_t peer_inode;	/* SOCKET: the peer socket; 0: none or unknown */
	/* 0, or why the peers are not known: -EACCES (none found, and some
	 * processes could not be read), -ENOENT (a socket not of the
	 * caller's network namespace, or not a unix socket; a terminal no
	 * session controls) */
	int peer_err;
	size_t npeers;
	const struct nsinfo_stdio_peer *peers;	/* by PID */
};

/*
 * Stream fd (0, 1 or 2) of the process into *out. 0; -ENODATA when the
 * streams were not read (flag not asked, the process gone meanwhile),
 * -EACCES when its descriptors are not ours to read, -EINVAL for another
 * fd. Since 0.5.
 */
int nsinfo_proc_stdio(const struct nsinfo_proc *proc, int fd, struct nsinfo_stdio *out);

/* ---- Containers (NSINFO_SCAN_CONTAINERS) ----------------------------- */

struct nsinfo_container;

/* The container a process is in, or NULL (none that we know of). */
const struct nsinfo_container *nsinfo_proc_container(const struct nsinfo_proc *proc);
/* Containers, sorted by runtime, then name or ID. */
size_t nsinfo_snapshot_container_count(const struct nsinfo_snapshot *snap);
const struct nsinfo_container *nsinfo_snapshot_container(const struct nsinfo_snapshot *snap,
							 size_t index);
/*
 * A container by name, full ID, or unique ID prefix. Returns 0 and stores
 * it, -ENOENT when none matches, -ENOTUNIQ when the name or prefix matches
 * several (two runtimes may each run a "web"), -EPERM when it matches only
 * claims of another user: a name from a state file that neither root nor
 * the caller owns, an ID from a cgroup delegated to another user (anyone
 * with a delegated cgroup can name it after any container). Since 0.2 such
 * claims are never taken.
 */
int nsinfo_snapshot_find_container(const struct nsinfo_snapshot *snap, const char *key,
				   const struct nsinfo_container **out);
/* "docker", "podman", "containerd", "cri-o", "kubernetes", "lxc",
 * "systemd-nspawn". */
const char *nsinfo_container_runtime(const struct nsinfo_container *c);
/* The 64-hex ID, or NULL (LXC and systemd-nspawn name containers only). */
const char *nsinfo_container_id(const struct nsinfo_container *c);
/* The name, or NULL when neither the cgroup nor readable state says it. */
const char *nsinfo_container_name(const struct nsinfo_container *c);
/* The Kubernetes pod UID, or NULL. */
const char *nsinfo_container_pod(const struct nsinfo_container *c);
/* The owner of the container's cgroup directory: 0 when root's runtime
 * made it, else the user it is delegated to (rootless podman). 0 or
 * -ENODATA when it cannot be told. Since 0.2. */
int nsinfo_container_owner(const struct nsinfo_container *c, uid_t *uid);
/* The owner of what named the container (its state file, or its cgroup
 * for LXC and systemd-nspawn): a name of another user's is their claim.
 * 0 or -ENODATA (no name, or not known). Since 0.2. */
int nsinfo_container_name_uid(const struct nsinfo_container *c, uid_t *uid);
/* Its processes, by PID; index 0 is the container's init as we see it. */
size_t nsinfo_container_proc_count(const struct nsinfo_container *c);
const struct nsinfo_proc *nsinfo_container_proc(const struct nsinfo_container *c, size_t index);

/* ---- Cgroups (since 0.5) --------------------------------------------- */

/*
 * NSINFO_SCAN_CGROUPS: the process's cgroup in each hierarchy, in the
 * order of /proc/PID/cgroup. controllers is "" for the unified (v2)
 * hierarchy, else the v1 hierarchy's ("memory", "cpu,cpuacct",
 * "name=systemd"); path is as the caller's cgroup namespace shows it.
 * Both are another user's text (a delegated cgroup is named by its
 * owner): escape them. The count is 0 when they were not read, when the
 * process is gone or denied, or when its file has more lines than the
 * kernel has hierarchies (a cgroup name with a newline, which could forge
 * a line: nsinfo_proc_cgroup_error() is then -EBADMSG).
 */
size_t nsinfo_proc_cgroup_count(const struct nsinfo_proc *proc);
int nsinfo_proc_cgroup(const struct nsinfo_proc *proc, size_t index, const char **controllers,
		       const char **path);
/* The path in the hierarchy that has controller ("": the unified one;
 * "memory"; "name=systemd"), or NULL with errno ENOENT. */
const char *nsinfo_proc_cgroup_path(const struct nsinfo_proc *proc, const char *controller);
/* Why the process has no cgroup paths: -ENODATA (not asked, a fixture
 * root, the process gone), -EBADMSG (see above), or 0 when it has them. */
int nsinfo_proc_cgroup_error(const struct nsinfo_proc *proc);

/* What nsinfo_proc_cgroup_value() reads. Each from the v1 hierarchy of
 * its controller where the process has one, else from the unified one. */
enum nsinfo_cgroup_value {
	NSINFO_CGROUP_MEMORY_MAX = 0,	/* bytes: memory.max; v1 memory.limit_in_bytes */
	NSINFO_CGROUP_MEMORY_CURRENT,	/* bytes: memory.current; v1 memory.usage_in_bytes */
	NSINFO_CGROUP_CPU_QUOTA,	/* us a period: cpu.max; v1 cpu.cfs_quota_us */
	NSINFO_CGROUP_CPU_PERIOD,	/* us: cpu.max; v1 cpu.cfs_period_us */
	NSINFO_CGROUP_CPU_USAGE,	/* us: cpu.stat usage_usec; v1 cpuacct.usage */
	NSINFO_CGROUP_PIDS_MAX,		/* tasks: pids.max */
	NSINFO_CGROUP_PIDS_CURRENT,	/* tasks: pids.current */
	/* PSI, v2 only: the "some" and "full" avg10 of cpu.pressure,
	 * memory.pressure and io.pressure, in hundredths of a percent */
	NSINFO_CGROUP_PSI_CPU_SOME,
	NSINFO_CGROUP_PSI_CPU_FULL,
	NSINFO_CGROUP_PSI_MEMORY_SOME,
	NSINFO_CGROUP_PSI_MEMORY_FULL,
	NSINFO_CGROUP_PSI_IO_SOME,
	NSINFO_CGROUP_PSI_IO_FULL,
	NSINFO_CGROUP_NVALUES
};
/* A limit that is "max" (v1: -1, or the page-aligned LONG_MAX). */
#define NSINFO_CGROUP_UNLIMITED UINT64_MAX

/*
 * NSINFO_SCAN_CGROUP_LIMITS: one value of the process's cgroups. Returns
 * 0 and stores it (NSINFO_CGROUP_UNLIMITED for no limit), or why not:
 *  -ENODATA  not read (flag not asked, no cgroup paths, a fixture root)
 *  -ENODEV   the hierarchy is not mounted in the caller's mount namespace
 *  -ENOENT   no such file (controller not enabled there, kernel without
 *            PSI, the cgroup gone meanwhile)
 *  -EACCES, -EPERM  not readable
 *  -EXDEV    the path would leave the hierarchy, or reach a mount or
 *            symlink inside it (refused, never followed)
 *  -EINVAL   the file's text is not what the kernel writes there
 *  -EINVAL too for an unknown value.
 */
int nsinfo_proc_cgroup_value(const struct nsinfo_proc *proc, enum nsinfo_cgroup_value what,
			     uint64_t *value);
/* The same for the container's own cgroup (the directory its runtime
 * made, above any its payload made inside). */
int nsinfo_container_cgroup_value(const struct nsinfo_container *c,
				  enum nsinfo_cgroup_value what, uint64_t *value);

/*
 * NSINFO_SCAN_CGROUP_ROOTS, a cgroup namespace: the root of the namespace
 * in the hierarchy that has controller (as nsinfo_proc_cgroup_path()):
 * the path, as the caller's cgroup namespace shows it, of the cgroup its
 * processes see as "/". "/" for the caller's own cgroup namespace. 0 and
 * *path, or: -ENODATA (not read), -EINVAL (not a cgroup namespace),
 * -ENOENT (no such hierarchy), -EPERM (may not enter it), -ESRCH (no
 * process left in it to ask), -ERANGE (its process sits outside the root,
 * whose name it cannot say).
 */
int nsinfo_ns_cgroup_root(const struct nsinfo_ns *ns, const char *controller, const char **path);

/* ---- Differences between two snapshots (since 0.2) ------------------ */

enum nsinfo_change_kind {
	NSINFO_CHANGE_NS_NEW = 1,	/* a namespace appeared */
	NSINFO_CHANGE_NS_GONE,		/* a namespace vanished */
	NSINFO_CHANGE_HOLDER_GAINED,	/* an fd, socket or mount holds it now */
	NSINFO_CHANGE_HOLDER_LOST,	/* ... no longer */
	NSINFO_CHANGE_PROC_BORN,	/* a process appeared */
	NSINFO_CHANGE_PROC_EXITED,	/* a process vanished */
	NSINFO_CHANGE_PROC_MOVED,	/* a process is in another namespace of
					 * a type (setns, unshare) */
};

/* One change. Pointers are borrowed from the snapshots the diff holds. */
struct nsinfo_change {
	enum nsinfo_change_kind kind;
	enum nsinfo_type type;		/* NS_*, HOLDER_*, PROC_MOVED */
	uint64_t inode;			/* the namespace; PROC_MOVED: the one
					 * it is in now */
	uint64_t old_inode;		/* PROC_MOVED: the one it left */
	pid_t pid;			/* PROC_*; HOLDER_*: the holder's pid */
	const struct nsinfo_ns *ns;	/* NS_*, HOLDER_*, PROC_MOVED: from the
					 * snapshot it is in (old for GONE
					 * and LOST, new otherwise) */
	const struct nsinfo_proc *proc;	/* PROC_*: likewise */
	const struct nsinfo_holder *holder; /* HOLDER_* */
};

struct nsinfo_diff;

/*
 * What changed from old to new: namespaces first (by inode), then
 * processes (by PID). A namespace is the same when its type and inode are
 * (and its 64-bit id, where both read it); a process when its PID is (and
 * its start time, where both read task info). Moves are reported for the
 * types both snapshots read, when the process could be read in both.
 * The diff holds a reference on both snapshots. 0, -EINVAL or -ENOMEM.
 */
int nsinfo_snapshot_diff(struct nsinfo_snapshot *old, struct nsinfo_snapshot *new,
			 struct nsinfo_diff **out);
void nsinfo_diff_free(struct nsinfo_diff *diff);
size_t nsinfo_diff_count(const struct nsinfo_diff *diff);
const struct nsinfo_change *nsinfo_diff_change(const struct nsinfo_diff *diff, size_t index);

/* ---- Namespace files and setns(2) permission ------------------------ */

/*
 * The type of an open namespace file (fstatfs() says nsfs, then
 * NS_GET_NSTYPE): a type, or -ENOTTY when fd is not a namespace file, or
 * another negative errno.
 */
int nsinfo_nsfd_type(int fd);

/*
 * Open a namespace file that someone named (a path on a command line, a
 * /proc/PID/ns link), relative to dirfd (AT_FDCWD: the working directory),
 * without ever opening anything else: the path is held as O_PATH (which
 * never blocks on a FIFO and runs no driver code) until it has proved to
 * be nsfs, and only then opened read-only (close-on-exec). Returns the
 * descriptor, -ENOTTY when the path is not a namespace file, or -errno.
 * Since 0.2.
 */
int nsinfo_nsfs_open(int dirfd, const char *path);

enum nsinfo_access_verdict {
	NSINFO_ACCESS_OK = 0,		/* setns should be allowed */
	NSINFO_ACCESS_SAME,		/* a user namespace we are in already */
	NSINFO_ACCESS_NO_CAP,		/* owner at/below us, no CAP_SYS_ADMIN there */
	NSINFO_ACCESS_OUT_OF_SCOPE,	/* owner not at or below our user namespace */
	NSINFO_ACCESS_UNKNOWN,
	NSINFO_ACCESS_NO_CAP_SELF,	/* no CAP_SYS_ADMIN in our own user
					 * namespace, which setns() also needs
					 * for every type but user */
};

/* What nsinfo_ns_access() learns. Set .size = sizeof() before the call;
 * the call fills the fields that fit in .size and sets .size to what it
 * wrote, so later versions can add fields at the end. */
struct nsinfo_access {
	size_t size;
	enum nsinfo_type type;
	uint64_t inode;
	uint64_t owner;		/* the user namespace whose CAP_SYS_ADMIN
				 * counts: the owner, or the namespace itself
				 * for a user namespace; 0 when out of view */
	uid_t owner_uid;	/* its owner UID, (uid_t)-1 when unknown */
	uint64_t caller_userns;	/* the user namespace judged from */
	enum nsinfo_access_verdict verdict;
};

/*
 * Whether setns(fd) should be allowed, and if not, why, by the rules of
 * user_namespaces(7). userns_fd < 0 judges the caller as it is; a user
 * namespace file judges it as after entering that namespace (with every
 * capability there). Returns 0, -EINVAL (bad arguments, userns_fd not a
 * user namespace), -ENOTTY (fd not a namespace file) or -errno. The kernel
 * (LSMs, seccomp) may still refuse what this allows.
 */
int nsinfo_ns_access(int fd, int userns_fd, struct nsinfo_access *out);

/*
 * Read a file of procfs below dirfd (a /proc/PID directory, the proc
 * root), as another user's: no symlink followed on the way (RESOLVE_BENEATH
 * and RESOLVE_NO_SYMLINKS where the kernel has them), only a regular file,
 * only when dirfd is on procfs, at most max bytes. Stores a malloc'd,
 * NUL-terminated copy in *out and its length in *len (may be NULL).
 * Returns 0, -EINVAL (dirfd not on procfs, not a regular file), -EFBIG
 * (longer than max), -ENOMEM or -errno. Since 0.4.
 */
int nsinfo_proc_read_file(int dirfd, const char *path, size_t max, char **out, size_t *len);

/* ---- Parsers (pure, exported for tools and tests) -------------------- */

/*
 * Parse a namespace link text "net:[4026531840]" (len bytes, no NUL
 * needed). Stores the type and inode; returns 0 or -EINVAL.
 */
int nsinfo_parse_ns_link(const char *text, size_t len, int *type,
			 uint64_t *inode);
/* Parse a decimal PID ("1234", no sign, no leading zero); 0 or -EINVAL. */
int nsinfo_parse_pid(const char *text, pid_t *pid);

#ifdef __cplusplus
}
#endif

#endif /* NSINFO_H */
