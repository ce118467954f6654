/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kiter-wire.h - the records nsinfo.bpf.c writes into the iterator's
 * seq_file and kiter.c reads back with read(): fixed sizes, multiples of
 * 8 bytes, each starting with its tag. Shared by the BPF programs and the
 * loader; both have __u32/__u64 (kiter-core.h, linux/types.h). Not ABI:
 * the programs and the loader are built together (the skeleton embeds the
 * object).
 */
#ifndef NSINFO_KITER_WIRE_H
#define NSINFO_KITER_WIRE_H

enum {
	KITER_REC_TASK = 0x4b540001,	/* "KT" + 1 */
	KITER_REC_NS = 0x4b540002,
	KITER_REC_FD = 0x4b540003,
	KITER_REC_FILE = 0x4b540004,
};

/* namespace types, numbered as enum nsinfo_type (kiter.c asserts it) */
enum {
	KITER_NS_CGROUP,
	KITER_NS_IPC,
	KITER_NS_MNT,
	KITER_NS_NET,
	KITER_NS_PID,
	KITER_NS_TIME,
	KITER_NS_USER,
	KITER_NS_UTS,
	KITER_NS_N
};

/* kiter_wire_fd.kind: kiter.h's KITER_FD_* (asserted) */
#define KW_FD_NSFS	1u
#define KW_FD_SOCKET	2u

#define KW_NSPID_MAX	8

/* entries of the program's seen_tab[] (namespace inodes of this read):
 * a power of two; 16 Ki entries, 128 KiB */
#define KW_SEEN_SLOTS	16384

struct kiter_wire_seen {
	__u32 inum;	/* ns_common.inum */
	__u32 gen;	/* the read that wrote its record; 0: none */
};

/* Raw values only: what can be computed from them (the state letter, RSS,
 * flags, NSpid beyond pid_level) is kiter.c's job, which keeps the program
 * free of branches (each one multiplies the verifier's work). */
struct kiter_wire_task {
	__u32 tag;
	__s32 tgid, tid, ppid;
	__u32 euid;
	__u32 nr_threads;
	__u64 ns[KITER_NS_N];
	__u64 pid_for_children, time_for_children;
	__u64 start_boottime_ns;
	__u64 runtime_ns;	/* se.sum_exec_runtime: ns on the CPU */
	__u64 sig_runtime_ns;	/* signal->sum_sched_runtime: gone threads' */
	__u64 start_stack;	/* mm->start_stack: moves with every exec */
	__u64 css;		/* task->cgroups, the address: equal for tasks
				 * in the same cgroups of every hierarchy */
	__s64 rss[3];		/* MM_FILEPAGES, MM_ANONPAGES, MM_SHMEMPAGES counters */
	__u32 task_flags;	/* task->flags (PF_*) */
	__u32 task_state;	/* task->__state */
	__u32 exit_state;	/* task->exit_state */
	__u32 pid_level;
	__s32 nspid[KW_NSPID_MAX]; /* valid up to pid_level */
	char comm[16];
	__u32 kw_flags;		/* KW_TASK_* */
	__u32 pad;
};

/* kiter_wire_task.kw_flags */
#define KW_TASK_CUT	0x1u	/* some of its fd or namespace records left out */
/* A task's whole output must fit in the seq_file buffer (32 KiB), or the
 * read fails with E2BIG: its fd walk stops after this many records (an fd
 * record and its namespace's are 96 bytes). */
#define KW_FD_HITS_MAX	256

struct kiter_wire_ns {
	__u32 tag;
	__u32 type;
	__u64 inode;
	__u64 nsid;
	__u64 owner;
	__u64 parent;
	__u32 level;
	__u32 owner_uid;
	/* mnt: its ID, never reused (ns_common.ns_id, or mnt_namespace.seq
	 * before 6.18; 0: neither), and its mount event, which changes with
	 * every mount, unmount and move in it: a mount table read before is
	 * still right while both are the same */
	__u64 mnt_id;
	__u64 mnt_event;
	/* mnt, with want_mnt_count: its nsfs mounts, if KW_MNT_COUNTED */
	__u32 nsfs_mounts;
	__u32 mnt_flags;
};
#define KW_MNT_COUNTED	1u	/* nsfs_mounts holds the count */

struct kiter_wire_fd {
	__u32 tag;
	__s32 tgid;
	__s32 tid;
	__s32 fd;
	__u32 kind;
	__u32 type;
	__u64 inode;
};

/* One per standard stream (fds 0-2) and per pipe or socket on any fd of
 * a thread group leader's table (want_stdio): what the fd's file is, raw
 * (kiter.c converts the device numbers). */
struct kiter_wire_file {
	__u32 tag;
	__s32 tgid;
	__s32 fd;
	__u32 kind;		/* KW_FILE_* */
	__u32 mode;		/* inode->i_mode */
	__u32 flags;		/* file->f_flags */
	__u32 dev;		/* inode->i_sb->s_dev (the kernel's dev_t) */
	__u32 rdev;		/* inode->i_rdev */
	__u64 inode;		/* inode->i_ino */
};

/*
 * The NETNSIDs the reader's own net namespace gave others (what RTM_GETNSID
 * answers for each), read once a read into the program's nsid_tab[]: the
 * net namespace's inode and, where the kernel has one (6.18), its 64-bit
 * ID, never reused, which kiter.c checks too.
 */
#define KW_NSID_MAX	1024	/* a power of two */
struct kiter_wire_nsid {
	__u32 inode;
	__s32 id;
	__u64 nsid;	/* ns_common.ns_id; 0: none */
};
/* the program's nsid_state */
#define KW_NSID_UNREAD	0u	/* not asked for (want_netnsid), or no task seen */
#define KW_NSID_ALL	1u	/* nsid_tab[] holds every ID there was */
#define KW_NSID_UNSURE	2u	/* not read whole: ask the network stack */

/* kiter_wire_file.kind: kiter.h's KITER_FILE_* (asserted) */
#define KW_FILE_PIPE	1u	/* on pipefs: an anonymous pipe */
#define KW_FILE_SOCKET	2u	/* on sockfs */
#define KW_FILE_OTHER	3u	/* anything else (fds 0-2 only) */

#endif
