/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kiter.h - the kernel source's loader: a BPF task iterator
 * (bpf/nsinfo.bpf.c) reads every task's namespaces (and, if asked, the
 * namespaces its open files hold), and kiter hands them back as plain
 * records. Internal to libnsinfo; nothing here is exported.
 *
 * What it needs: a kernel with BTF (/sys/kernel/btf/vmlinux), BPF task
 * iterators and bpf_loop() (5.17; ns_common.ns_id: 6.18, 0 before),
 * CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN), no lockdown in
 * confidentiality mode, and a library built with clang, bpftool and
 * libbpf. Without any of them every call fails with a negative errno and a
 * one-line reason; nothing prints.
 *
 * Numbers (PIDs, uids) are as the initial namespaces see them; the tasks
 * are those of the caller's pid namespace, as the kernel's iterator shows
 * them (a kernel may hide some: the 6.18 sandbox kernel we test on hides
 * PID 1 and its threads from BPF iterators, and denies its /proc links
 * too). Nothing is pinned, and closing the handle (or the process exiting)
 * removes everything it loaded.
 */
#ifndef NSINFO_KITER_H
#define NSINFO_KITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* kiter_task.flags */
#define KITER_KTHREAD	0x1u	/* PF_KTHREAD */
#define KITER_ZOMBIE	0x2u	/* a zombie (exit_state EXIT_ZOMBIE) */
#define KITER_NO_NSPROXY 0x4u	/* exiting: the nsproxy types are 0 */
/* KITER_FDS: not all its records fit in one task's output (32 KiB): it
 * holds more than 256 namespaces by fd (the first 256 by fd number are in
 * the result), or their owners did not all fit; read /proc for it */
#define KITER_CUT	0x8u

/* kiter_fd.kind */
#define KITER_FD_NSFS	1u	/* a file on nsfs (/proc/PID/ns/X, a bind mount) */
#define KITER_FD_SOCKET	2u	/* a socket of another net namespace than its holder's */

#define KITER_NSPID_MAX 8

/* One per task (thread), from iter/task. */
struct kiter_task {
	int32_t tgid, tid;
	int32_t ppid;		/* real_parent's tgid (0 for PID 1 and kthreadd) */
	uint32_t euid;		/* real_cred->euid, as the initial user ns sees it */
	/* inodes, indexed by enum nsinfo_type; cgroup, ipc, mnt, net, time
	 * and uts are 0 when the task has no nsproxy (KITER_NO_NSPROXY);
	 * user (from the credentials) and pid (the task's struct pid) stay */
	uint64_t ns[8];
	uint64_t pid_for_children, time_for_children; /* 0: none */
	uint64_t start_boottime_ns;	/* task->start_boottime */
	uint64_t runtime_ns;	/* se.sum_exec_runtime: exact time on a CPU */
	uint64_t sig_runtime_ns; /* the same of its group's gone threads */
	uint64_t start_stack;	/* mm->start_stack (0: no mm) */
	uint64_t css;		/* identifies its cgroups (the css_set's
				 * address): tasks with equal ones are in the
				 * same cgroups of every hierarchy */
	uint64_t rss_pages;	/* file + anon + shmem, 0 for kernel threads */
	uint32_t nr_threads;	/* of its thread group */
	char state;		/* as /proc/PID/stat: R S D T t X Z P I */
	char comm[16];		/* NUL-terminated */
	uint32_t flags;		/* KITER_* */
	uint32_t pid_level;	/* level of its pid namespace */
	/* its PID at level 0..pid_level (NSpid); 0 beyond, and levels past
	 * KITER_NSPID_MAX - 1 are not kept */
	int32_t nspid[KITER_NSPID_MAX];
};

/* One per distinct namespace seen (the tasks', the ones fds and sockets
 * hold, and their owners and parents), relations read from the kernel's
 * structures. */
struct kiter_ns {
	uint32_t type;		/* enum nsinfo_type */
	uint64_t inode;		/* ns_common.inum */
	uint64_t nsid;		/* ns_common.ns_id (NS_GET_ID); 0 before 6.18 */
	uint64_t owner;		/* the owning user ns (a user ns: its parent); 0: none */
	uint64_t parent;	/* pid and user: the parent's inode; 0: the top */
	uint32_t level;		/* pid and user: nesting level (0: initial) */
	uint32_t owner_uid;	/* user: the creator's euid (initial user ns view) */
	/* mnt: an ID never reused (0: this kernel has none) and the event
	 * count of its mounts: while both are the same, so is its mount
	 * table (kiter-wire.h) */
	uint64_t mnt_id, mnt_event;
	/* mnt, with KITER_MNT_COUNT: its nsfs mounts, if mounts_counted (the
	 * walk of its mounts was not disturbed) */
	uint32_t nsfs_mounts;
	bool mounts_counted;
};

/* With KITER_NETNSID: an ID our net namespace gave another (its NETNSID),
 * which the namespace's inode and, where the kernel has one (6.18), its
 * 64-bit ID name. */
struct kiter_nsid {
	uint64_t inode, nsid;
	int32_t id;
};

/* One per fd that holds a namespace (KITER_FDS): the fd table of each
 * thread group leader, and of each thread whose table is its own (threads
 * that share their leader's are not walked again). Read under RCU like
 * /proc/PID/fd: an fd closed or replaced meanwhile may be missed. */
struct kiter_fd {
	int32_t tgid, tid;	/* tid: the task whose fd table it is */
	int32_t fd;
	uint32_t kind;		/* KITER_FD_* */
	uint32_t type;		/* enum nsinfo_type (a socket: net) */
	uint64_t inode;		/* the namespace it holds */
};

/* kiter_file.kind */
#define KITER_FILE_PIPE		1u	/* an anonymous pipe (pipefs) */
#define KITER_FILE_SOCKET	2u	/* a socket */
#define KITER_FILE_OTHER	3u	/* anything else: fds 0-2 only */

/* With KITER_STDIO: one per fd 0, 1 and 2 and per pipe or socket on any
 * fd of a thread group leader's table (what /proc/PID/fd lists), read
 * under RCU as kiter_fd. A task with KITER_CUT may lack some. */
struct kiter_file {
	int32_t tgid, fd;
	uint32_t kind;		/* KITER_FILE_* */
	uint32_t mode;		/* the inode's mode (type and permissions) */
	uint32_t flags;		/* the open file's flags (O_ACCMODE, ...) */
	uint64_t inode;		/* the inode's number (pipe:[N], socket:[N]) */
	uint64_t dev, rdev;	/* its file system's, and a device's: makedev() */
};

/* Arrays are malloc'd. Zero the struct before the first use;
 * kiter_read_h() reuses (and grows) the arrays of a result it is given
 * again, so a refresh loop allocates nothing once sizes settle. */
struct kiter_result {
	struct kiter_task *tasks;
	size_t ntasks;
	struct kiter_ns *ns;
	size_t nns;
	struct kiter_fd *fds;
	size_t nfds;
	struct kiter_file *files;
	size_t nfiles;
	/* tasks with KITER_CUT, and namespace chains left unread (beyond
	 * the program's bounds, which the kernel's limits do not reach):
	 * normally 0 */
	unsigned int incomplete;
	/* KITER_NETNSID: every ID our net namespace gave, by inode, if
	 * nsids_all (the program read them all; else the network stack is
	 * asked, RTM_GETNSID) */
	struct kiter_nsid *nsids;
	size_t nnsids;
	bool nsids_all;
	size_t tasks_cap, ns_cap, fds_cap, files_cap, nsids_cap;
};

/* kiter_open() / kiter_read*() flags */
#define KITER_TASKS	0x1u	/* always read */
#define KITER_FDS	0x2u	/* kiter_read*(): also walk the fd tables */
#define KITER_NO_THREADS 0x4u	/* kiter_read*(): thread group leaders only
				 * (their nr_threads still counts the rest) */
#define KITER_STDIO	0x8u	/* kiter_read*(): walk the fd tables for
				 * kiter_files too (kiter_fds come with them) */
#define KITER_MNT_COUNT	0x10u	/* kiter_read*(): count each mount namespace's
				 * nsfs mounts (kiter_ns.nsfs_mounts) */
#define KITER_NETNSID	0x20u	/* kiter_read*(): the NETNSIDs of net namespaces,
				 * as RTM_GETNSID gives them (kiter_netnsid()) */
#define KITER_NO_KDEDUPE 0x100u	/* kiter_open(): dedupe in userspace only (measurements) */
#define KITER_NO_CAST	0x200u	/* kiter_open(): the program as loaded on a kernel
				 * before 6.2, without bpf_rdonly_cast() (tests) */

struct kiter;

/* The NETNSID of the net namespace with this inode (and 64-bit ID, 0 if
 * unknown) from the last read: true and *id (-1: none given) when the
 * read had them all (nsids_all), else false. */
bool kiter_netnsid(const struct kiter_result *res, uint64_t inode, uint64_t nsid, int *id);

/*
 * Load and attach the program, once (flags: KITER_NO_KDEDUPE,
 * KITER_NO_CAST, or 0; the others are ignored). Costs some 15 ms of CPU
 * here (the kernel's CO-RE relocation against its BTF, the verifier); a
 * read after it, ~1.3 us a task, and ~1 us more a process with KITER_FDS.
 * Returns 0 and *out, or a negative errno and a one-line reason in why:
 * -EPERM "needs CAP_BPF and CAP_PERFMON", -EPERM lockdown,
 * -EOPNOTSUPP "kernel lacks BTF" / "kernel lacks BPF task iterators" /
 * "built without BPF support (...)", others as the kernel said.
 */
int kiter_open(struct kiter **out, unsigned int flags, char *why, size_t whylen);
/*
 * One read of every task (and with KITER_FDS, of every fd table) into
 * *res. A handle serves one thread at a time (the program's scratch is
 * the handle's). Returns 0 or a negative errno with why.
 */
int kiter_read_h(struct kiter *k, unsigned int flags, struct kiter_result *res,
		 char *why, size_t whylen);
void kiter_close(struct kiter *k);
/* true if the handle's program is the one with bpf_rdonly_cast() (tests) */
bool kiter_uses_cast(const struct kiter *k);
/* The types (NSINFO_TYPE_BIT()s) whose kiter_ns records the handle's next
 * reads write, with the owners and parents of those types (all, until
 * this is called): the tasks' and fds' records name every type as before.
 * A type left out has no record: kiter_find_ns() does not find it. */
void kiter_set_types(struct kiter *k, unsigned int types);
/* tests: the generation of the handle's last read, so that the next one
 * can be made to wrap around (and empty the program's tables) */
void kiter_set_gen(struct kiter *k, uint32_t gen);

/* The namespace record of this inode in the result of the handle's last
 * read, or NULL. */
const struct kiter_ns *kiter_find_ns(const struct kiter *k, const struct kiter_result *res,
				     uint64_t inode);

/* kiter_open() + kiter_read_h() + kiter_close(). */
int kiter_read(unsigned int flags, struct kiter_result *res, char *why, size_t whylen);
/* Frees the arrays and zeroes *res. */
void kiter_result_free(struct kiter_result *res);

#endif
