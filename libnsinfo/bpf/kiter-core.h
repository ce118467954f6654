/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kiter-core.h - the kernel structures nsinfo.bpf.c reads, and only the
 * fields it reads, written by hand for CO-RE instead of a vmlinux.h dumped
 * from the build machine's kernel. Every struct carries
 * preserve_access_index, so clang records each access as a relocation by
 * field name and libbpf fixes offsets against the running kernel's BTF at
 * load time: the layout below is never used as is, and the build does not
 * depend on the kernel it runs on (nor on the build machine's).
 *
 * A field that some kernels lack is read only behind bpf_core_field_exists()
 * (ns_common.ns_id and ns_type: 6.18; proc_ns_operations.type: before
 * 6.18). "name___flavour" structs describe older layouts of the same kernel
 * struct (libbpf ignores the suffix): mm_struct___old, before 6.2.
 */
#ifndef NSINFO_KITER_CORE_H
#define NSINFO_KITER_CORE_H

typedef signed char __s8;
typedef unsigned char __u8;
typedef short __s16;
typedef unsigned short __u16;
typedef int __s32;
typedef unsigned int __u32;
typedef long long __s64;
typedef unsigned long long __u64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;
typedef _Bool bool;
#define true 1
#define false 0
#define NULL ((void *)0)

/* what bpf_helpers.h needs from uapi/linux/bpf.h */
enum bpf_map_type {
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
};
enum {
	BPF_ANY = 0,
	BPF_NOEXIST = 1,
	BPF_EXIST = 2,
};
enum {
	BPF_F_NO_PREALLOC = 1U << 0,
};

#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)

struct proc_ns_operations {
	int type;		/* CLONE_NEW*; gone in 6.18 (ns_common.ns_type) */
};

struct ns_common {
	__u32 ns_type;		/* 6.18: CLONE_NEW* */
	const struct proc_ns_operations *ops;
	unsigned int inum;
	__u64 ns_id;		/* 6.18: in an anonymous struct; libbpf finds it */
};

typedef struct {
	unsigned int val;
} kuid_t;

struct user_namespace {
	struct user_namespace *parent;
	int level;
	kuid_t owner;
	struct ns_common ns;
};

struct pid_namespace {
	unsigned int level;
	struct task_struct *child_reaper;
	struct pid_namespace *parent;
	struct user_namespace *user_ns;
	struct ns_common ns;
};

struct uts_namespace {
	struct user_namespace *user_ns;
	struct ns_common ns;
};

struct ipc_namespace {
	struct user_namespace *user_ns;
	struct ns_common ns;
};

struct list_head {
	struct list_head *next, *prev;
};

struct super_block;

struct vfsmount {
	struct super_block *mnt_sb;
};

/* fs/mount.h's: the tree of a namespace's mounts, root down */
struct mount {
	struct mount *mnt_parent;
	struct vfsmount mnt;
	struct list_head mnt_mounts;	/* its children, linked by their mnt_child */
	struct list_head mnt_child;
};

struct mnt_namespace {
	struct ns_common ns;
	struct user_namespace *user_ns;
	__u64 seq;		/* before 6.18: its unique ID (ns_common.ns_id since) */
	__u64 event;		/* a global count, set anew on every change of its mounts */
	struct mount *root;
	unsigned int nr_mounts;	/* 4.9 on */
};

/* lib/idr.c's IDs over an XArray (radix_tree_root is a #define of it):
 * a head that is one entry (ID idr_base), or a node, tagged 2, whose
 * slots hold entries or, above the last level, nodes */
struct xarray {
	void *xa_head;
};

struct idr {
	struct xarray idr_rt;
	unsigned int idr_base;
};

struct xa_node {
	unsigned char shift;	/* of the IDs below each slot: 0 at the last level */
	void *slots[64];	/* XA_CHUNK_SIZE (16 with CONFIG_BASE_SMALL) */
};

struct net {
	struct user_namespace *user_ns;
	struct ns_common ns;
	struct idr netns_ids;	/* the IDs (NETNSID) it gave other net namespaces */
};

struct time_namespace {
	struct user_namespace *user_ns;
	struct ns_common ns;
};

struct cgroup_namespace {
	struct ns_common ns;
	struct user_namespace *user_ns;
};

struct nsproxy {
	struct uts_namespace *uts_ns;
	struct ipc_namespace *ipc_ns;
	struct mnt_namespace *mnt_ns;
	struct pid_namespace *pid_ns_for_children;
	struct net *net_ns;
	struct time_namespace *time_ns;
	struct time_namespace *time_ns_for_children;
	struct cgroup_namespace *cgroup_ns;
};

struct upid {
	int nr;
	struct pid_namespace *ns;
};

struct pid {
	unsigned int level;
	struct upid numbers[1];
};

struct cred {
	kuid_t euid;
	struct user_namespace *user_ns;
};

struct percpu_counter {
	__s64 count;
};

/* 6.2 and later: one percpu_counter per MM_* counter */
struct mm_struct {
	struct percpu_counter rss_stat[4];
	unsigned long start_stack;
};

/* before 6.2 */
typedef struct {
	long counter;
} atomic_long_t;
struct mm_rss_stat {
	atomic_long_t count[4];
};
struct mm_struct___old {
	struct mm_rss_stat rss_stat;
};

struct signal_struct {
	int nr_threads;
	__u64 sum_sched_runtime; /* of its threads that are gone, ns on the CPU */
};

struct sched_entity {
	__u64 sum_exec_runtime;
};

/* only its address is read: which tasks share their cgroups */
struct css_set;

struct file;

struct fdtable {
	unsigned int max_fds;
	struct file **fd;
	unsigned long *open_fds;
};

struct files_struct {
	struct fdtable *fdt;
};

struct task_struct {
	unsigned int __state;
	unsigned int flags;
	struct mm_struct *mm;
	int exit_state;
	int pid;
	int tgid;
	struct task_struct *real_parent;
	struct task_struct *group_leader;
	struct pid *thread_pid;
	__u64 start_boottime;
	const struct cred *real_cred;
	char comm[16];
	struct files_struct *files;
	struct nsproxy *nsproxy;
	struct signal_struct *signal;
	struct css_set *cgroups;
	struct sched_entity se;
};

struct super_block {
	unsigned long s_magic;
	__u32 s_dev;		/* dev_t */
};

struct inode {
	unsigned short i_mode;
	struct super_block *i_sb;
	void *i_private;
	unsigned long i_ino;
	__u32 i_rdev;		/* dev_t */
};

struct file {
	unsigned int f_mode;
	unsigned int f_flags;
	const void *f_op;
	struct inode *f_inode;
	void *private_data;
};

typedef struct {
	struct net *net;
} possible_net_t;

struct sock_common {
	possible_net_t skc_net;
};

struct sock {
	struct sock_common __sk_common;
};

struct socket {
	struct file *file;
	struct sock *sk;
};

#pragma clang attribute pop

/* The iterators' contexts: a fixed layout the kernel checks by offset
 * (include/linux/bpf.h, kernel/bpf/task_iter.c), so no CO-RE here: each
 * CO-RE type costs libbpf one pass over the kernel's ~130k BTF types at
 * load time. */
struct seq_file;

struct bpf_iter_meta {
	struct seq_file *seq;
	__u64 session_id;
	__u64 seq_num;
};

struct bpf_iter__task {
	struct bpf_iter_meta *meta;
	struct task_struct *task;
};

#endif
