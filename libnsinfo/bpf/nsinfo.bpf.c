// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nsinfo.bpf.c - the kernel source's BPF programs (CO-RE). Read-only
 * iterators; kiter.c loads them, reads them once per refresh and writes
 * nothing into the kernel but its own maps.
 *
 * One program, iter/task, run once per task (thread). For each it writes
 * one kiter_wire_task: ids, the eight namespace inodes and the two
 * *_for_children ones, the numbers top shows. Before it, one kiter_wire_ns
 * per namespace not yet written in this read, with its owner and parent
 * chains (so ancestors no task is in come too). With want_fds, it also
 * walks the fd table of each thread group (and of a thread with a table of
 * its own): one kiter_wire_fd per nsfs file and per socket whose net
 * namespace is not the task's own, and the kiter_wire_ns of what they hold;
 * with want_stdio too, of a leader's table one kiter_wire_file per fd 0-2
 * and per pipe or socket (what NSINFO_SCAN_STDIO matches streams with).
 * With want_netnsid, on the first task of a read, the NETNSIDs the
 * reader's net namespace gave into nsid_tab[] (nsid_read()).
 *
 * Why not iter/task_file: it visits every task a second time and takes the
 * fd table lock for every descriptor (fget_task_next()): at 10k processes
 * (13.7k tasks) it added 19 ms of CPU to a read here, this walk 9 ms.
 * Reading open_fds and fd[] under the RCU read lock the iterator already
 * holds costs a few probe reads per descriptor. A descriptor closed or
 * replaced meanwhile may be missed or seen, as with a /proc walk.

 *
 * Deduplication: seen_tab[], a direct-mapped table indexed by the low bits
 * of the inode, holds per entry an inode and the read ("gen") that last
 * wrote its record; last[] keeps the previous task's inodes per slot, so
 * most tasks (same namespaces as the task before) cost no lookup at all.
 * Namespace inodes come from one allocator that hands out the lowest free
 * number, so the inodes alive are dense and rarely share an entry; when
 * two do, the one evicted is written again: a duplicate, which kiter.c
 * drops (its deduplication is the one that counts). The table replaced a
 * BPF hash map, whose lookups were a tenth of a warm refresh at 10k
 * processes (bench/RESULTS.md).
 *
 * A record must never be lost to it, and the seq_file can make that happen:
 * when a task's output does not fit in the buffer, bpf_seq_read() drops all
 * of it and runs the program for the same task again on the next read().
 * So every write's result is kept; if one failed, the marks this run made
 * (undo[]) are removed again and last[] is left alone, and the second run
 * writes everything anew.
 *
 * License string: the project is LGPL-2.1-or-later, which may be
 * distributed under the GPL; the kernel wants a GPL-compatible string for
 * bpf_probe_read_kernel() and bpf_seq_write().
 */
#include "kiter-core.h"

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#include "kiter-wire.h"

char LICENSE[] SEC("license") = "GPL";

#define NSFS_MAGIC	0x6e736673
#define SOCKFS_MAGIC	0x534F434B
#define PIPEFS_MAGIC	0x50495045
#define S_IFMT		00170000
#define S_IFIFO		0010000
#define PF_KTHREAD	0x00200000
#define FMODE_PATH	0x4000		/* 1 << 14, an O_PATH file */

#define CLONE_NEWTIME	0x00000080
#define CLONE_NEWNS	0x00020000
#define CLONE_NEWCGROUP	0x02000000
#define CLONE_NEWUTS	0x04000000
#define CLONE_NEWIPC	0x08000000
#define CLONE_NEWUSER	0x10000000
#define CLONE_NEWPID	0x20000000
#define CLONE_NEWNET	0x40000000

/* slots of last[]: the eight types, then the two *_for_children */
#define SLOT_PID_FC	KITER_NS_N
#define SLOT_TIME_FC	(KITER_NS_N + 1)
#define NSLOTS		(KITER_NS_N + 2)

/* The pending namespaces of one program run: the task's ten, one per
 * fd that holds a namespace, and the owners and parents of each record
 * written (a user or pid namespace is at most 32 deep). A task holding
 * more than ~1000 namespaces by fd leaves the rest out (incomplete). */
#define WORK_MAX	1024
#define WORK_STEPS	4096
#define UNDO_MAX	1024

struct work {
	__u64 ptr;		/* the namespace's struct (net, user_namespace, ...) */
	__u32 inum;		/* 0: read it from ptr */
	__u8 type;		/* KITER_NS_* */
	__u8 slot;		/* index into last[], or NOSLOT */
	__u16 pad;
};
#define NOSLOT 0xff
#define WORK_SKIP 0x80	/* work.type: of a type not wanted (want_types) */

/* false: no seen_tab[], kiter.c dedupes alone (for measurements) */
const volatile bool use_seen = true;

/*
 * The task as a pointer the verifier does not trust (bpf_rdonly_cast(),
 * Linux 6.2). Each pointer loaded from a trusted task (its cred, mm,
 * nsproxy, ...) makes the verifier look for "task_struct__safe_*" types
 * by name, four linear searches of the kernel's BTF per load: 60% of the
 * verifier's time here, some 10 ms of every load at 10k processes
 * (bench/RESULTS.md). Through an untrusted pointer the loads are the same
 * exception-handled loads, and the verifier turns the call into a move.
 * KITER_COMPAT builds the program for an older kernel without it: an
 * unresolved kfunc, even where it is never reached, is refused there.
 */
#ifndef KITER_COMPAT
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;
#endif

/* set by kiter.c before each read */
__u32 gen;
__u32 want_fds;		/* walk the fd tables too (KITER_FDS) */
__u32 want_stdio;	/* with want_fds: the standard streams, pipes and
			 * sockets of leaders' tables (KITER_STDIO) */
__u32 no_threads;	/* thread group leaders only (KITER_NO_THREADS) */
__u32 want_mnt_count;	/* count each mount namespace's nsfs mounts (KITER_MNT_COUNT) */
__u32 want_netnsid;	/* read the NETNSIDs into nsid_tab[] (KITER_NETNSID) */
/* the types whose records are written, a bit per KITER_NS_* (kiter_set_types()):
 * `nsls -t net` needs the net namespaces' (and the mount namespaces', for
 * their nsfs mounts), not the 4,000 others' of 10k processes */
__u32 want_types;
__u64 last[NSLOTS];
/* counters kiter.c reads after each read */
__u32 incomplete;	/* runs that left work undone (cannot happen) */
__u32 reruns;		/* runs whose output did not fit, rolled back */
/* file_operations known to be neither nsfs's nor sockets' (every file
 * with them is on another filesystem), direct-mapped; emptied per read */
#define FOP_CACHE	64
__u64 fop_other[FOP_CACHE];
/* open files (struct file *) found to be of those kinds in this read,
 * direct-mapped by address; emptied per read. Processes share many of
 * theirs (what a shell or service manager passes on: standard streams, a
 * log, pipes): a file already looked at costs no read of it, -12% of the
 * program's time at 10k processes (bench/RESULTS.md). A file closed and
 * its memory taken by an nsfs file opened later in the same read would be
 * missed: a descriptor opened meanwhile, which a /proc walk may miss too. */
#define FILE_CACHE	1024
__u64 file_other[FILE_CACHE];

#define MNT_COUNTS	4096	/* a power of two: see nsfs_mounts_of() */

struct mnt_count {
	__u64 id, event;
	__u32 nsfs, pad;
};

/*
 * The big tables, in a map of their own rather than in .bss: the light
 * skeleton carries an image of .bss (zeros) and copies it on every load,
 * and the mapped .bss counts in our RSS, three times over: these 240 KiB
 * in .bss were 0.75 MiB of nsls's peak RSS (bench/RESULTS.md).
 *  - seen_tab[]: the namespaces whose records this read wrote (below);
 *    kiter.c empties it when gen wraps around;
 *  - mnt_counts[]: each mount namespace's nsfs mounts (nsfs_mounts_of());
 *  - stack[]: one program run's pending namespaces (one reader at a time,
 *    kiter.h).
 */
struct scratch {
	struct kiter_wire_seen seen_tab[KW_SEEN_SLOTS];
	struct mnt_count mnt_counts[MNT_COUNTS];
	struct work stack[WORK_MAX];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch SEC(".maps");

/* the one entry (NULL never happens, but the verifier wants the test) */
static __always_inline struct scratch *scr(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&scratch, &zero);
}

/* one program run's scratch: one reader at a time (kiter.h); static, so
 * not in the skeleton */
static __u32 wsp;
static __u32 undo[UNDO_MAX];
static __u32 nundo;
/* what this run wrote: a task's output must fit in the seq_file's buffer
 * (8 pages), or the read fails with E2BIG; drain() stops short of it */
static __u32 show_bytes;
/* the run's failed writes, kept in map memory rather than a register:
 * a register would split the verifier's paths in two at each branch */
static long show_bad;
/* not static: clang 14 shrinks a static that only holds 0 and 1 to a
 * byte, and the kernel rejects the BTF that says so */
__u32 show_cut;
#define SHOW_BUDGET	(30 * 1024)
/* numbers[] of the task's struct pid (off the stack: the program and
 * drain_step() share 512 bytes). struct upid has been { int nr; struct
 * pid_namespace *ns; } since 2.6.24: a plain copy, not a CO-RE type. */
struct upid_copy {
	int nr;
	int pad;
	__u64 ns;
};
static struct upid_copy up[KW_NSPID_MAX];
/* the task record, built here for the same reason */
static struct kiter_wire_task trec;

/*
 * Offsets, set by the program once a read, where the kernel resolved them
 * (CO-RE) in one place: of struct ns_common and of the owner's pointer in
 * each type's struct (a user namespace's owner is its parent), and of the
 * fields of struct ns_common, mnt_namespace and super_block that
 * drain_one(), fd_one() and the mount walk read.
 *
 * Why in one place: the kernel keeps the candidate types it found for a
 * type name in a cache of 31 entries, hashed by name, and several of our
 * names share an entry (mnt_namespace, ipc_namespace and super_block;
 * cgroup_namespace and time_namespace; file and ns_common; ...). Each time
 * the relocations switch between two names of one entry, the kernel
 * searches its whole BTF again (0.5 ms here). With the eight types' offsets
 * asked for in three switch statements, that was 28 searches a load; the
 * names of one entry now come together (11 searches, two a pair that
 * share an entry: the least), and ns_common is not a name asked for.
 */
static __u64 ns_offs[KITER_NS_N], own_offs[KITER_NS_N];
static __u64 nc_inum_off, nc_id_off, nc_type_off, nc_ops_off;
static __u64 mnt_seq_off, mnt_event_off, mnt_root_off, mnt_nr_off;
static __u64 sb_magic_off, sb_dev_off;
static __u64 net_ids_head_off, net_ids_base_off, xa_shift_off, xa_slots_off, xa_slots_size;
static __u32 offs_gen;		/* the read that set them */
#define NC_NONE		(~0ull)		/* a field this kernel lacks */
/* struct proc_ns_operations { const char *name, *real_ns_name; int type;
 * ... } since 4.12: where ns_common has no ns_type (before 6.18), the type
 * is read from its ops at this offset (a plain struct, not a CO-RE type:
 * it would be one more name to search for on every load) */
#define NSOPS_TYPE_OFF	16

static __always_inline __u64 ns_off(__u32 type)
{
	return ns_offs[type & (KITER_NS_N - 1)];
}

static __always_inline __u64 owner_off(__u32 type)
{
	return own_offs[type & (KITER_NS_N - 1)];
}

/* in kiter_task(), next to the loads of the type's struct (see above), on
 * the first task of a read: where struct ns_common and the owner's pointer
 * are in it */
#define SET_OFFS(slot, type, owner)						\
	do {									\
		if (set) {							\
			ns_offs[slot] = bpf_core_field_offset(type, ns);	\
			own_offs[slot] = bpf_core_field_offset(type, owner);	\
		}								\
	} while (0)

/* the field offsets of struct ns_common, asked for as those of a user
 * namespace's (struct ns_common as a name of its own shares the cache
 * entry of struct file); each type's own offsets are set next to the
 * loads of its struct, in the program */
#define NC_OFF(field)	(bpf_core_field_offset(struct user_namespace, ns.field) - \
			 bpf_core_field_offset(struct user_namespace, ns))
static __always_inline void set_nc_offsets(void)
{
	nc_inum_off = NC_OFF(inum);
	nc_id_off = bpf_core_field_exists(struct user_namespace, ns.ns_id) ? NC_OFF(ns_id) : NC_NONE;
	if (bpf_core_field_exists(struct user_namespace, ns.ns_type)) {
		nc_type_off = NC_OFF(ns_type);
		nc_ops_off = NC_NONE;
	} else {
		nc_type_off = NC_NONE;
		nc_ops_off = NC_OFF(ops);
	}
}

/* a __u32 at off in the struct at p (0 if unreadable) */
static __always_inline __u32 read_u32(__u64 p, __u64 off)
{
	__u32 v = 0;

	bpf_probe_read_kernel(&v, sizeof(v), (void *)(p + off));
	return v;
}

/* a __u8 at p (0 if unreadable) */
static __always_inline __u8 read_u8(__u64 p)
{
	__u8 v = 0;

	bpf_probe_read_kernel(&v, sizeof(v), (void *)p);
	return v;
}

/* a __u64 at off in the struct at p (0 if unreadable) */
static __always_inline __u64 read_u64(__u64 p, __u64 off)
{
	__u64 v = 0;

	bpf_probe_read_kernel(&v, sizeof(v), (void *)(p + off));
	return v;
}

/*
 * Superblocks' magic numbers, direct-mapped by address (superblocks are
 * kmalloc-2k objects) and kept from read to read: the mount walk reads
 * the superblock of every mount of every mount namespace, most of them
 * the same few, and a probe read saved is 25 ns. A superblock freed and
 * its memory taken by another may get the old one's number, which can
 * only ever say "not nsfs, sockfs or pipefs": those three are the
 * kernel's own, mounted once at boot and never freed, so no other takes
 * their place, and what this program tells apart stays true.
 */
#define SB_CACHE	256
struct sb_magic_seen {
	__u64 sb, magic;
};
static struct sb_magic_seen sb_cache[SB_CACHE];

/* the magic number of the superblock at sb (0 if none) */
static __always_inline __u64 sb_magic(__u64 sb)
{
	struct sb_magic_seen *e = &sb_cache[(sb >> 11) & (SB_CACHE - 1)];
	__u64 m;

	if (!sb)
		return 0;
	if (e->sb == sb)
		return e->magic;
	m = read_u64(sb, sb_magic_off);
	if (m) {	/* unreadable: not kept */
		e->sb = sb;
		e->magic = m;
	}
	return m;
}

/* the CLONE_NEW* type of the namespace whose ns_common is at nc */
static __always_inline __u32 nc_type(__u64 nc)
{
	__u64 ops = 0;

	if (nc_type_off != NC_NONE)
		return read_u32(nc, nc_type_off);
	bpf_probe_read_kernel(&ops, sizeof(ops), (void *)(nc + nc_ops_off));
	return ops ? read_u32(ops, NSOPS_TYPE_OFF) : 0;
}

static __always_inline int type_from_clone(__u32 flag)
{
	switch (flag) {
	case CLONE_NEWCGROUP: return KITER_NS_CGROUP;
	case CLONE_NEWIPC: return KITER_NS_IPC;
	case CLONE_NEWNS: return KITER_NS_MNT;
	case CLONE_NEWNET: return KITER_NS_NET;
	case CLONE_NEWPID: return KITER_NS_PID;
	case CLONE_NEWTIME: return KITER_NS_TIME;
	case CLONE_NEWUSER: return KITER_NS_USER;
	case CLONE_NEWUTS: return KITER_NS_UTS;
	}
	return -1;
}

static __always_inline void push(struct scratch *sc, __u32 type, __u64 ptr)
{
	struct work *stack = sc->stack;
	__u32 sp = wsp;

	if (!ptr || !((want_types >> (type & (KITER_NS_N - 1))) & 1))
		return;
	if (sp >= WORK_MAX - NSLOTS) {	/* room for the task's own */
		show_cut = 1;
		return;
	}
	/* the masks repeat the bounds checks in a form the verifier
	 * sees (clang drops the checks it can prove) */
	stack[sp & (WORK_MAX - 1)].ptr = ptr;
	stack[sp & (WORK_MAX - 1)].inum = 0;
	stack[sp & (WORK_MAX - 1)].type = type;
	stack[sp & (WORK_MAX - 1)].slot = NOSLOT;
	wsp = sp + 1;
}

/* true if inum's record was written in this read already; if not, marks
 * it (to be undone if this run's output is dropped) */
static __always_inline bool seen_mark(struct scratch *sc, __u32 inum)
{
	__u32 g = gen, n = nundo, i = inum & (KW_SEEN_SLOTS - 1);
	struct kiter_wire_seen *e = &sc->seen_tab[i];

	if (!use_seen)
		return false;
	if (e->inum == inum && e->gen == g)
		return true;
	if (n >= UNDO_MAX)
		return false;	/* could not undo it: do not mark */
	e->inum = inum;
	e->gen = g;
	undo[n & (UNDO_MAX - 1)] = i;
	nundo = n + 1;
	return false;
}

static int undo_step(__u32 i, void *data)
{
	struct scratch *sc = scr();

	(void)data;
	if (i >= nundo || !sc)
		return 1;
	/* gen 0 is never a read's: the entry is free again (what it held
	 * before, if anything, is written once more: a duplicate) */
	sc->seen_tab[undo[i & (UNDO_MAX - 1)] & (KW_SEEN_SLOTS - 1)].gen = 0;
	return 0;
}

/* this run's output was dropped: forget what it marked */
static __always_inline void run_undo(void)
{
	bpf_loop(UNDO_MAX, undo_step, NULL, 0);
	nundo = 0;
	reruns++;
}

static __always_inline __u32 user_inum(__u64 user_ns)
{
	if (!user_ns)
		return 0;
	return BPF_CORE_READ((struct user_namespace *)user_ns, ns.inum);
}

/* ---- mount tables -------------------------------------------------------- */

/* field of the struct at p, a "type", whose first sizeof(head) bytes (a
 * power of two) are in head[]; the offset is a constant of the load
 * (CO-RE), so the verifier keeps one of the branches */
#define HEAD_FIELD(head, type, p, field)						\
	({										\
		typeof(((type *)0)->field) __v;						\
		__u32 __off = bpf_core_field_offset(type, field);			\
		if (__off + sizeof(__v) <= sizeof(head))				\
			__v = *(typeof(__v) *)(head + (__off & (sizeof(head) - 1)));	\
		else									\
			__v = BPF_CORE_READ((type *)(p), field);			\
		__v;									\
	})

/*
 * The nsfs mounts of a mount namespace, counted by walking its tree of
 * mounts (root, then each mount's mnt_mounts list of children, linked by
 * their mnt_child): a namespace without any is one whose mountinfo the
 * library need not read and parse, which for a first scan of 800 mount
 * namespaces was a quarter of nsls's time (bench/RESULTS.md). The walk
 * runs under the iterator's RCU read lock, which keeps every struct mount
 * in memory, but not the lists still: a count is kept only if the walk
 * ended at the root, visited nr_mounts mounts and the namespace's event
 * did not change meanwhile; else the library reads mountinfo as before.
 *
 * A count holds while the namespace's event does, and its ID (ns_id, or
 * seq before 6.18) is never reused: so counts are kept from read to read
 * in mnt_counts[] (direct-mapped by ID), and a refresh walks only the
 * namespaces whose mounts changed. Walking all 800 each time cost 3 ms a
 * warm refresh.
 */
#define MNT_STEPS	16384	/* two a mount at most: 8 Ki mounts */

/* The walk at hand, for mnt_one() (handed no arguments: see fdt_at for
 * why it is not static). */
struct {
	__u64 root, cur;
	__u32 seen, nsfs;
	__u32 up;		/* cur's subtree is done: on to its sibling */
	__u32 done, bad;
} mwalk;

/* the head of the struct mount at hand: its parent, superblock and two
 * list heads are in its first 128 bytes on 6.18 (a field lying beyond,
 * on a kernel whose layout differs, is read on its own: HEAD_FIELD) */
static __u8 mhead[128];

/* One step of the walk: 1 when it is over. A global function, checked
 * once on its own rather than on each round of the bpf_loop() callback's
 * convergence (a quarter of what the verifier walked). */
__attribute__((noinline)) int mnt_one(void)
{
	struct mount *m = (void *)mwalk.cur;
	__u64 off_child = bpf_core_field_offset(struct mount, mnt_child);
	__u64 off_kids = bpf_core_field_offset(struct mount, mnt_mounts);
	__u64 next, parent;

	if (bpf_probe_read_kernel(mhead, sizeof(mhead), m)) {
		mwalk.bad = 1;
		return 1;
	}
	if (!mwalk.up) {
		mwalk.seen++;
		if (sb_magic((__u64)HEAD_FIELD(mhead, struct mount, m, mnt.mnt_sb)) == NSFS_MAGIC)
			mwalk.nsfs++;
		next = (__u64)HEAD_FIELD(mhead, struct mount, m, mnt_mounts.next);
		if (!next) {
			mwalk.bad = 1;
			return 1;
		}
		if (next != mwalk.cur + off_kids) {	/* its first child */
			mwalk.cur = next - off_child;
			return 0;
		}
		mwalk.up = 1;
	}
	if (mwalk.cur == mwalk.root) {
		mwalk.done = 1;
		return 1;
	}
	parent = (__u64)HEAD_FIELD(mhead, struct mount, m, mnt_parent);
	next = (__u64)HEAD_FIELD(mhead, struct mount, m, mnt_child.next);
	if (!parent || !next || parent == mwalk.cur) {
		mwalk.bad = 1;
		return 1;
	}
	if (next != parent + off_kids) {	/* its next sibling */
		mwalk.cur = next - off_child;
		mwalk.up = 0;
	} else {
		mwalk.cur = parent;		/* the parent's subtree is done */
	}
	return 0;
}

static int mnt_step(__u32 i, void *data)
{
	int r;

	(void)i;
	(void)data;
	r = mnt_one();
	/* a callback returns 0 or 1, and the verifier knows nothing of what
	 * a global function returns: the mask says it (the barrier keeps
	 * clang from dropping it) */
	asm volatile("" : "+r"(r));
	return r & 1;
}

/*
 * The nsfs mounts of mount namespace mntns (its ID and event as read for
 * its record), or -1 when the count is not sure. A global function: the
 * verifier checks it once, on its own, instead of on every path of
 * drain_one() that reaches it (inlined, it added a third to the load).
 */
__attribute__((noinline)) int nsfs_mounts_of(__u64 mntns, __u64 id, __u64 event)
{
	struct scratch *sc = scr();
	struct mnt_count *k;

	if (!sc)
		return -1;
	k = &sc->mnt_counts[id & (MNT_COUNTS - 1)];
	if (!want_mnt_count || mnt_event_off == NC_NONE || mnt_nr_off == NC_NONE || !mntns)
		return -1;
	if (id && k->id == id && k->event == event)
		return (int)k->nsfs;
	__builtin_memset(&mwalk, 0, sizeof(mwalk));
	mwalk.root = mwalk.cur = read_u64(mntns, mnt_root_off);
	if (!mwalk.root)
		return -1;
	bpf_loop(MNT_STEPS, mnt_step, NULL, 0);
	if (!mwalk.done || mwalk.bad || mwalk.seen != read_u32(mntns, mnt_nr_off) ||
	    read_u64(mntns, mnt_event_off) != event)
		return -1;
	if (id) {
		k->id = id;
		k->event = event;
		k->nsfs = mwalk.nsfs;
	}
	return (int)mwalk.nsfs;
}

/* ---- NETNSIDs ----------------------------------------------------------- */

/*
 * The IDs the reader's net namespace gave other net namespaces (the NETNSID
 * RTM_GETNSID answers for one of them), read once a read from its
 * netns_ids: so the library asks the network stack nothing, where one
 * open, check and netlink round trip per net namespace were a third of
 * `nsls -t net` at 10k processes (bench/RESULTS.md). An IDR is an XArray:
 * its head is one entry (the ID idr_base) or a node (tagged 2) of 64
 * slots, each an entry or, above the last level, a node. Read under the
 * iterator's RCU read lock, as peernet2id() reads it; what this walk is
 * not sure of says so (KW_NSID_UNSURE) and the library asks as before:
 * three levels or more (IDs from 4096), a slot that is neither entry nor
 * node (one being freed), more IDs than nsid_tab[] holds.
 */
struct kiter_wire_nsid nsid_tab[KW_NSID_MAX];
__u32 nsid_n;
__u32 nsid_state;	/* KW_NSID_*: kiter.c sets UNREAD before each read */

#define XA_SLOTS	64
static __u64 xa_top[XA_SLOTS], xa_leaf[XA_SLOTS];
/* the walk at hand (not static: see fdt_at) */
struct {
	__u32 first;	/* the ID of xa_leaf[0] */
	__u32 bad;
} xwalk;

static __always_inline bool xa_node_entry(__u64 e)
{
	return (e & 3) == 2 && e > 4096;
}

/* an ID and the net namespace it names (a struct net) into nsid_tab[] */
static __always_inline int nsid_add(__u64 net, __u32 id)
{
	__u64 nc = net + ns_off(KITER_NS_NET);
	__u32 n = nsid_n;

	if (n >= KW_NSID_MAX) {
		xwalk.bad = 1;
		return 1;
	}
	nsid_tab[n & (KW_NSID_MAX - 1)].inode = read_u32(nc, nc_inum_off);
	nsid_tab[n & (KW_NSID_MAX - 1)].id = (__s32)id;
	nsid_tab[n & (KW_NSID_MAX - 1)].nsid = nc_id_off != NC_NONE ? read_u64(nc, nc_id_off) : 0;
	nsid_n = n + 1;
	return 0;
}

static int nsid_leaf_step(__u32 i, void *data)
{
	__u64 e = xa_leaf[i & (XA_SLOTS - 1)];

	(void)data;
	if (!e)
		return 0;
	if (e & 3) {	/* an internal entry where struct nets are */
		xwalk.bad = 1;
		return 1;
	}
	return nsid_add(e, xwalk.first + i);
}

/* a node of the last level, its first ID */
static __always_inline void nsid_leaf(__u64 node, __u32 first)
{
	if (bpf_probe_read_kernel(xa_leaf, sizeof(xa_leaf), (void *)(node + xa_slots_off))) {
		xwalk.bad = 1;
		return;
	}
	xwalk.first = first;
	bpf_loop(XA_SLOTS, nsid_leaf_step, NULL, 0);
}

static __u32 nsid_base;

static int nsid_top_step(__u32 i, void *data)
{
	__u64 e = xa_top[i & (XA_SLOTS - 1)];

	(void)data;
	if (xwalk.bad)
		return 1;
	if (!e)
		return 0;
	if (!xa_node_entry(e) || read_u8(e - 2 + xa_shift_off) != 0) {
		xwalk.bad = 1;
		return 1;
	}
	nsid_leaf(e - 2, nsid_base + i * XA_SLOTS);
	return 0;
}

/* A global function: checked once, on its own. */
__attribute__((noinline)) int nsid_read(void)
{
	__u64 net, head, node;
	__u32 shift;

	nsid_n = 0;
	nsid_state = KW_NSID_UNSURE;
	__builtin_memset(&xwalk, 0, sizeof(xwalk));
	net = (__u64)BPF_CORE_READ((struct task_struct *)bpf_get_current_task(), nsproxy, net_ns);
	if (!net || xa_slots_size != sizeof(xa_top))
		return 0;
	head = read_u64(net, net_ids_head_off);
	nsid_base = read_u32(net, net_ids_base_off);
	if (!head) {
		nsid_state = KW_NSID_ALL;	/* none given */
		return 0;
	}
	if (!xa_node_entry(head)) {
		if (!(head & 3))	/* one, the first ID */
			nsid_add(head, nsid_base);
		else
			xwalk.bad = 1;
	} else {
		node = head - 2;
		shift = read_u8(node + xa_shift_off);
		if (shift == 0) {
			nsid_leaf(node, nsid_base);
		} else if (shift == 6 && !bpf_probe_read_kernel(xa_top, sizeof(xa_top),
							      (void *)(node + xa_slots_off))) {
			bpf_loop(XA_SLOTS, nsid_top_step, NULL, 0);
		} else {
			xwalk.bad = 1;
		}
	}
	if (!xwalk.bad)
		nsid_state = KW_NSID_ALL;
	return 0;
}

/* One step of drain(): pop a pending namespace; if its record is not
 * written yet, build it in ns_out (for drain_step() to write: a global
 * function cannot be handed the seq_file) and push its owner and parent.
 * A global function, checked once on its own, for the reason fd_one() is. */
#define DRAIN_NONE	0
#define DRAIN_STOP	1
#define DRAIN_WRITE	2
static struct kiter_wire_ns ns_out;

__attribute__((noinline)) int drain_one(void)
{
	struct kiter_wire_ns *rec = &ns_out;
	struct scratch *sc = scr();
	__u64 ptr, nc, owner = 0, parent = 0;
	__u32 sp = wsp, type;
	struct work w;

	if (!sp || !sc)
		return DRAIN_STOP;	/* done */
	sp--;
	wsp = sp;
	w = sc->stack[sp & (WORK_MAX - 1)];
	ptr = w.ptr;
	type = w.type;
	if (!ptr || (type & WORK_SKIP))
		return DRAIN_NONE;	/* a task without nsproxy, or no *_for_children */
	/* the common case: the same namespace as in the task before */
	if (w.slot < NSLOTS && w.inum == last[w.slot])
		return DRAIN_NONE;
	/* no room for more (before marking it seen: it is not written) */
	if (show_bytes + sizeof(*rec) + sizeof(struct kiter_wire_task) > SHOW_BUDGET) {
		show_cut = 1;	/* the task's record says so */
		return DRAIN_STOP;
	}

	nc = ptr + ns_off(type);
	__builtin_memset(rec, 0, sizeof(*rec));
	rec->tag = KITER_REC_NS;
	rec->type = type;
	rec->inode = w.inum ? w.inum : read_u32(nc, nc_inum_off);
	if (!rec->inode || seen_mark(sc, rec->inode))
		return DRAIN_NONE;
	if (nc_id_off != NC_NONE)
		bpf_probe_read_kernel(&rec->nsid, sizeof(rec->nsid), (void *)(nc + nc_id_off));
	bpf_probe_read_kernel(&owner, sizeof(owner), (void *)(ptr + owner_off(type)));
	rec->owner = user_inum(owner);
	if (type == KITER_NS_USER) {
		struct user_namespace *u = (void *)ptr;

		rec->parent = rec->owner;
		rec->level = BPF_CORE_READ(u, level);
		rec->owner_uid = BPF_CORE_READ(u, owner.val);
	} else if (type == KITER_NS_MNT) {
		if (rec->nsid)
			rec->mnt_id = rec->nsid;
		else if (mnt_seq_off != NC_NONE)
			rec->mnt_id = read_u64(ptr, mnt_seq_off);
		if (mnt_event_off != NC_NONE)
			rec->mnt_event = read_u64(ptr, mnt_event_off);
		{
			/* no branch here: each would double the verifier's
			 * paths through the rest of this step */
			__s64 n = nsfs_mounts_of(ptr, rec->mnt_id, rec->mnt_event);

			rec->mnt_flags = (__u32)((n >> 63) + 1);	/* KW_MNT_COUNTED */
			rec->nsfs_mounts = (__u32)(n & ~(n >> 63));
		}
	} else if (type == KITER_NS_PID) {
		struct pid_namespace *p = (void *)ptr;

		parent = (__u64)BPF_CORE_READ(p, parent);
		if (parent)
			rec->parent = BPF_CORE_READ((struct pid_namespace *)parent, ns.inum);
		rec->level = BPF_CORE_READ(p, level);
	}
	push(sc, KITER_NS_USER, owner);
	push(sc, type, parent);
	return DRAIN_WRITE;
}

struct drain_ctx {
	struct seq_file *seq;
	long bad;
};

static int drain_step(__u32 i, void *data)
{
	struct drain_ctx *c = data;
	int r = drain_one();

	(void)i;
	if (r == DRAIN_WRITE) {
		show_bytes += sizeof(ns_out);
		c->bad |= bpf_seq_write(c->seq, &ns_out, sizeof(ns_out));
	}
	return r == DRAIN_STOP;
}

/* Write the records of the pending namespaces and of their owners and
 * parents not written yet (bpf_loop: the verifier checks one step, not
 * WORK_STEPS). Returns nonzero if a write failed. */
static __always_inline long drain(struct seq_file *seq)
{
	struct drain_ctx c = { .seq = seq, .bad = 0 };

	bpf_loop(WORK_STEPS, drain_step, &c, 0);
	if (wsp && !show_cut)
		incomplete++;
	return c.bad;
}

/* One pending entry per slot, pushed whatever it holds: drain_step()
 * skips the empty ones, those of a type not wanted (WORK_SKIP, set by
 * arithmetic, not a branch) and those that equal last[]. Straight-line
 * code, so the verifier walks this program once. */
static __always_inline void put_slot(struct scratch *sc, __u32 i, __u32 type, void *ptr,
				     __u32 inum)
{
	struct work *stack = sc->stack;
	__u32 sp = wsp + i;

	stack[sp & (WORK_MAX - 1)].ptr = (__u64)ptr;
	stack[sp & (WORK_MAX - 1)].inum = inum;
	stack[sp & (WORK_MAX - 1)].type = type | (((~want_types >> type) & 1) << 7);
	stack[sp & (WORK_MAX - 1)].slot = i;
}

/* ---- fd tables ---------------------------------------------------------- */

/* fds up to 2^22 (64 Ki words of open_fds); nr_open allows 2^30 */
#define FD_WORDS_MAX	65536

struct fd_ctx {
	struct seq_file *seq;
	__u64 bits;		/* the open_fds word at hand, bits not yet seen */
	__u32 word, nwords;
	long bad;
};

/* The task whose table is walked, for fd_one(): a global function is
 * handed scalars only, so what it needs is here. Not static: clang 14
 * splits a static struct into one variable per field, and the kernel
 * rejects the BTF that then says so (as for show_cut). */
struct {
	__u64 fds;		/* fdtable.fd: struct file ** */
	__u64 open;		/* fdtable.open_fds: unsigned long * */
	__u32 chunk;		/* fd / FD_PTRS of the pointers in fd_ptrs[] + 1 (0: none) */
	__u32 mynet;		/* the task's net namespace inode (0: none) */
	__s32 tgid, tid;
} fdt_at;
/* fd records this run wrote (map memory: a counter on the stack would be
 * tracked exactly, and the verifier would walk fd_bit() once per value) */
static __u32 fd_hits;
__u32 fd_cut;		/* this run's fd walk stopped at KW_FD_HITS_MAX (not static: see show_cut) */

/* index of the lowest set bit: de Bruijn (BPF has no ctz) */
static const __u8 debruijn_idx[64] = {
	0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4,
	62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
	63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
	46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9, 13, 8, 7, 6,
};
#define DEBRUIJN64	0x03f79d71b4cb0a89ull

/* Probe reads are few and wide: the fd[] pointers FD_PTRS at a time
 * (most tables have their open fds in the first few), and the head of a
 * struct file once, for the fields below (all in its first 48 bytes on
 * 6.18; one lying beyond, on a kernel whose layout differs, is read on its
 * own); the same for the fdtable. One helper call where there were three
 * per descriptor: about -20% of a refresh with fds at 10k processes
 * (bench/RESULTS.md). */
#define FD_PTRS		8
static __u64 fd_ptrs[FD_PTRS];
static __u8 fhead[64];
static __u8 fdthead[32];

#define FILE_FIELD(f, field)	HEAD_FIELD(fhead, struct file, f, field)

/* what fd_one() found, for fd_bit() to write (a global function cannot
 * be handed the seq_file): FD_OUT_* bits say which */
#define FD_OUT_FD	1
#define FD_OUT_FILE	2
static struct kiter_wire_fd fd_out;
static struct kiter_wire_file file_out;

/*
 * Open descriptor fd of the table in fdt_at: a kiter_wire_fd if it is on
 * nsfs, or a socket of another net namespace (its namespace pushed for
 * drain()); with want_stdio, a leader's fds 0-2, and its pipes and
 * sockets, also get a kiter_wire_file. A global function: the verifier
 * checks it once, on its own. As the body of the bpf_loop() callback, it
 * was checked again on every round of the callback's convergence: half of
 * all the instructions the verifier walked (bench/RESULTS.md).
 */
__attribute__((noinline)) int fd_one(__u32 fd)
{
	__u64 f = 0, ino, sb, sock, fop, slot, fslot;
	struct scratch *sc = scr();
	unsigned long magic;
	unsigned int path, stdio;
	int out = 0;

	if (!sc)
		return 0;

	/* fd[] has max_fds entries, a multiple of 64 (BITS_PER_LONG): a
	 * chunk of FD_PTRS that holds an open fd is all within it */
	if (fdt_at.chunk != fd / FD_PTRS + 1) {
		fdt_at.chunk = fd / FD_PTRS + 1;
		if (bpf_probe_read_kernel(fd_ptrs, sizeof(fd_ptrs),
					  (void *)(fdt_at.fds +
						   (__u64)(fd & ~(FD_PTRS - 1)) * sizeof(__u64))))
			__builtin_memset(fd_ptrs, 0, sizeof(fd_ptrs));
	}
	f = fd_ptrs[fd & (FD_PTRS - 1)];
	stdio = want_stdio && fdt_at.tid == fdt_at.tgid;
	fslot = (f >> 8) & (FILE_CACHE - 1);	/* slab objects: 256-byte strides and more */
	if (!f || (file_other[fslot] == f && !(stdio && fd < 3)))
		return 0;
	if (bpf_probe_read_kernel(fhead, sizeof(fhead), (void *)f))
		return 0;
	/* Most descriptors are files of other kinds: their f_op (on the
	 * file's first cache line) says so without the inode and the
	 * superblock. nsfs and sockets have f_ops of their own, except
	 * O_PATH files (empty_fops, shared by all), always looked at. */
	fop = (__u64)FILE_FIELD(f, f_op);
	path = FILE_FIELD(f, f_mode) & FMODE_PATH;
	slot = (fop >> 6) & (FOP_CACHE - 1);
	/* a standard stream is always looked at; with want_stdio, a FIFO's
	 * f_op (a pipe's too) is never cached, below */
	if (!path && fop && fop_other[slot] == fop && !(stdio && fd < 3)) {
		file_other[fslot] = f;
		return 0;
	}
	ino = (__u64)FILE_FIELD(f, f_inode);
	if (!ino)
		return 0;
	sb = (__u64)BPF_CORE_READ((struct inode *)ino, i_sb);
	magic = sb_magic(sb);
	if (stdio && (fd < 3 || magic == PIPEFS_MAGIC || magic == SOCKFS_MAGIC)) {
		struct kiter_wire_file *fr = &file_out;

		__builtin_memset(fr, 0, sizeof(*fr));
		fr->tag = KITER_REC_FILE;
		fr->tgid = fdt_at.tgid;
		fr->fd = (__s32)fd;
		fr->kind = magic == PIPEFS_MAGIC ? KW_FILE_PIPE :
			   magic == SOCKFS_MAGIC ? KW_FILE_SOCKET : KW_FILE_OTHER;
		fr->mode = BPF_CORE_READ((struct inode *)ino, i_mode);
		fr->flags = FILE_FIELD(f, f_flags);
		fr->dev = read_u32(sb, sb_dev_off);
		fr->rdev = BPF_CORE_READ((struct inode *)ino, i_rdev);
		fr->inode = BPF_CORE_READ((struct inode *)ino, i_ino);
		out |= FD_OUT_FILE;
	}
	if (magic != NSFS_MAGIC && magic != SOCKFS_MAGIC) {
		/* pipes and FIFOs share one f_op: cached only when pipes
		 * need no record (they are neither nsfs nor sockets) */
		if (!path && (!want_stdio ||
			      (BPF_CORE_READ((struct inode *)ino, i_mode) & S_IFMT) != S_IFIFO)) {
			fop_other[slot] = fop;
			file_other[fslot] = f;
		}
		return out;
	}

	__builtin_memset(&fd_out, 0, sizeof(fd_out));
	fd_out.tag = KITER_REC_FD;
	fd_out.tgid = fdt_at.tgid;
	fd_out.tid = fdt_at.tid;
	fd_out.fd = (__s32)fd;
	if (magic == NSFS_MAGIC) {
		__u64 nc = (__u64)BPF_CORE_READ((struct inode *)ino, i_private);
		int type;

		if (!nc)
			return out;
		type = type_from_clone(nc_type(nc));
		if (type < 0)
			return out;
		fd_out.kind = KW_FD_NSFS;
		fd_out.type = type;
		fd_out.inode = read_u32(nc, nc_inum_off);
		push(sc, type, nc - ns_off(type));
	} else {
		/* a socket file's private_data is its struct socket, whose
		 * ->file points back (an O_PATH file of a socket has none) */
		sock = (__u64)FILE_FIELD(f, private_data);
		if (!sock || !fdt_at.mynet || (__u64)BPF_CORE_READ((struct socket *)sock, file) != f)
			return out;
		fd_out.inode = BPF_CORE_READ((struct socket *)sock, sk, __sk_common.skc_net.net, ns.inum);
		if (!fd_out.inode || fd_out.inode == fdt_at.mynet)
			return out;
		fd_out.kind = KW_FD_SOCKET;
		fd_out.type = KITER_NS_NET;
		push(sc, KITER_NS_NET, (__u64)BPF_CORE_READ((struct socket *)sock, sk,
							 __sk_common.skc_net.net));
	}
	/* the namespace's record comes with the task's, in drain() */
	return out | FD_OUT_FD;
}

/* One open descriptor (the lowest bit left in c->bits), for fd_one(), and
 * the records it found written. One bpf_loop() step per set bit, so a
 * word costs one step per open descriptor, not 64. */
static int fd_bit(__u32 i, void *data)
{
	struct fd_ctx *c = data;
	__u64 low;
	int out;

	(void)i;
	if (!c->bits)
		return 1;
	if (fd_hits >= KW_FD_HITS_MAX) {
		fd_cut = 1;
		return 1;
	}
	low = c->bits & -c->bits;
	c->bits &= c->bits - 1;
	out = fd_one(c->word * 64 + debruijn_idx[((low * DEBRUIJN64) >> 58) & 63]);
	if (out & FD_OUT_FILE) {
		show_bytes += sizeof(file_out);
		c->bad |= bpf_seq_write(c->seq, &file_out, sizeof(file_out));
		fd_hits++;
	}
	if (out & FD_OUT_FD) {
		show_bytes += sizeof(fd_out);
		c->bad |= bpf_seq_write(c->seq, &fd_out, sizeof(fd_out));
		fd_hits++;
	}
	return 0;
}

/* open_fds words read at once: most tables have at most 256 fds (4
 * words), so one probe read covers the whole bitmap */
#define FD_WORDS_READ	8
static __u64 fd_words[FD_WORDS_READ];

/* One word of open_fds. */
static int fd_word(__u32 w, void *data)
{
	struct fd_ctx *c = data;

	if (w >= c->nwords || fd_cut)
		return 1;
	if (!(w & (FD_WORDS_READ - 1))) {
		__u64 n = c->nwords - w;	/* at least 1 */

		if (n > FD_WORDS_READ)
			n = FD_WORDS_READ;
		/* 1 to FD_WORDS_READ in a form the verifier sees: clang
		 * drops a mask it can prove needless, the barrier keeps it */
		asm volatile("" : "+r"(n));
		n = ((n - 1) & (FD_WORDS_READ - 1)) + 1;
		/* zeroes the words if it fails */
		bpf_probe_read_kernel(fd_words, n * sizeof(__u64),
				      (void *)(fdt_at.open + (__u64)w * sizeof(__u64)));
	}
	c->bits = fd_words[w & (FD_WORDS_READ - 1)];
	if (c->bits) {
		c->word = w;
		bpf_loop(64, fd_bit, c, 0);
	}
	return 0;
}

/* The fd table of a thread group leader, or of a thread whose table is
 * its own (the others share their leader's). Returns nonzero if a write
 * failed. */
static __always_inline long walk_fds(struct seq_file *seq, struct task_struct *t, __u32 mynet,
				     __u32 *kw_flags)
{
	struct fd_ctx c = { .seq = seq };
	struct files_struct *files;
	struct fdtable *fdt;
	__s32 tgid = t->tgid, tid = t->pid;

	/* probe reads, not BTF loads: each pointer loaded from a trusted
	 * task (the compat program's) costs the verifier linear searches of
	 * the kernel's BTF, and through the untrusted one plain loads
	 * measured no faster (bench/RESULTS.md) */
	files = BPF_CORE_READ(t, files);
	if (!files || (tid != tgid && files == BPF_CORE_READ(t, group_leader, files)))
		return 0;
	fdt = BPF_CORE_READ(files, fdt);
	if (!fdt || bpf_probe_read_kernel(fdthead, sizeof(fdthead), fdt))
		return 0;
	fdt_at.fds = (__u64)HEAD_FIELD(fdthead, struct fdtable, fdt, fd);
	fdt_at.open = (__u64)HEAD_FIELD(fdthead, struct fdtable, fdt, open_fds);
	fdt_at.chunk = 0;
	fdt_at.mynet = mynet;
	fdt_at.tgid = tgid;
	fdt_at.tid = tid;
	c.nwords = (HEAD_FIELD(fdthead, struct fdtable, fdt, max_fds) + 63) / 64;
	if (c.nwords > FD_WORDS_MAX) {
		c.nwords = FD_WORDS_MAX;
		*kw_flags |= KW_TASK_CUT;
	}
	if (!fdt_at.fds || !fdt_at.open)
		return 0;
	fd_hits = 0;
	fd_cut = 0;
	bpf_loop(c.nwords, fd_word, &c, 0);
	if (fd_cut)
		*kw_flags |= KW_TASK_CUT;
	return c.bad;
}

/* ---- the task ------------------------------------------------------------ */

SEC("iter/task")
int kiter_task(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *t = ctx->task;
	struct kiter_wire_task *rec = &trec;
	struct nsproxy *np;
	struct mm_struct *mm;
	struct pid *pid;
	struct task_struct *parent;
	const struct cred *cred;
	struct signal_struct *sig;
	struct user_namespace *user_ns;
	struct pid_namespace *pidfc;
	__u64 pidns, usz, n, changed;
	struct scratch *sc = scr();
	bool set;

	if (!t || !sc)
		return 0;
#ifndef KITER_COMPAT
	t = bpf_rdonly_cast(t, bpf_core_type_id_kernel(struct task_struct));
#endif
	if (!t || (no_threads && t->pid != t->tgid))
		return 0;
	/* Each load of a pointer from a trusted task (the compat program's:
	 * the iterator hands it over so) makes the verifier look for
	 * "__safe_*" types by name, linear searches of the kernel's BTF,
	 * once per load and path: so each is loaded once, here, before any
	 * branch, and the pointers loaded through them are not trusted. */
	parent = t->real_parent;
	cred = t->real_cred;
	sig = t->signal;
	mm = t->mm;
	pid = t->thread_pid;
	np = t->nsproxy;
	user_ns = cred->user_ns;
	__builtin_memset(rec, 0, sizeof(*rec));
	rec->tag = KITER_REC_TASK;
	rec->tgid = t->tgid;
	rec->tid = t->pid;
	rec->ppid = parent->tgid;
	rec->euid = cred->euid.val;
	rec->nr_threads = sig->nr_threads;
	rec->start_boottime_ns = t->start_boottime;
	rec->runtime_ns = t->se.sum_exec_runtime;
	rec->sig_runtime_ns = sig->sum_sched_runtime;
	rec->css = (__u64)t->cgroups;
	rec->task_flags = t->flags;
	rec->task_state = t->__state;	/* "state" before 5.14; bpf_loop is 5.17 */
	rec->exit_state = t->exit_state;
	bpf_probe_read_kernel(rec->comm, sizeof(rec->comm), t->comm);

	/* a NULL mm or nsproxy reads as zeros (BTF pointer loads do not
	 * fault), so none of this needs a branch */
	rec->start_stack = mm->start_stack;
	/* before 6.2, rss_stat was a struct mm_rss_stat (asking for the
	 * field, not the type, spares libbpf a search for a missing type) */
	if (bpf_core_field_exists(((struct mm_struct___old *)mm)->rss_stat)) {
		struct mm_struct___old *o = (void *)mm;

		rec->rss[0] = BPF_CORE_READ(o, rss_stat.count[0].counter);
		rec->rss[1] = BPF_CORE_READ(o, rss_stat.count[1].counter);
		rec->rss[2] = BPF_CORE_READ(o, rss_stat.count[3].counter);
	} else {
		rec->rss[0] = mm->rss_stat[0].count;	/* MM_FILEPAGES */
		rec->rss[1] = mm->rss_stat[1].count;	/* MM_ANONPAGES */
		rec->rss[2] = mm->rss_stat[3].count;	/* MM_SHMEMPAGES */
	}

	/* the PIDs at each level and the pid namespace the task is in:
	 * numbers[] has level + 1 entries; one read of at most 8 */
	rec->pid_level = pid->level;
	usz = sizeof(struct upid_copy);
	n = (rec->pid_level + 1) * usz;
	if (n > sizeof(up))
		n = sizeof(up);
	__builtin_memset(up, 0, sizeof(up));
	bpf_probe_read_kernel(up, n, pid->numbers);
	for (int i = 0; i < KW_NSPID_MAX; i++)
		rec->nspid[i] = up[i].nr;
	pidns = 0;
	bpf_probe_read_kernel(&pidns, sizeof(pidns),
			      (void *)((__u64)&pid->numbers[0].ns + rec->pid_level * usz));
	/* each type's offsets (for drain_one() and fd_one()) next to the
	 * loads of its struct: see ns_offs[]; stored once a read (storing
	 * them for every task took 10% of the program's time) */
	set = offs_gen != gen;
	if (set)
		set_nc_offsets();
	rec->ns[KITER_NS_PID] = BPF_CORE_READ((struct pid_namespace *)pidns, ns.inum);
	/* as pidns_for_children_get(): a pid namespace for children whose
	 * init has not started yet is not shown (its link is ENOENT) */
	pidfc = np->pid_ns_for_children;
	rec->pid_for_children = pidfc->child_reaper ? pidfc->ns.inum : 0;
	SET_OFFS(KITER_NS_PID, struct pid_namespace, user_ns);

	rec->ns[KITER_NS_USER] = user_ns->ns.inum;
	SET_OFFS(KITER_NS_USER, struct user_namespace, parent);
	rec->ns[KITER_NS_CGROUP] = np->cgroup_ns->ns.inum;
	SET_OFFS(KITER_NS_CGROUP, struct cgroup_namespace, user_ns);
	rec->ns[KITER_NS_IPC] = np->ipc_ns->ns.inum;
	SET_OFFS(KITER_NS_IPC, struct ipc_namespace, user_ns);
	rec->ns[KITER_NS_MNT] = np->mnt_ns->ns.inum;
	SET_OFFS(KITER_NS_MNT, struct mnt_namespace, user_ns);
	if (set) {
		mnt_seq_off = bpf_core_field_exists(struct mnt_namespace, seq) ?
			      bpf_core_field_offset(struct mnt_namespace, seq) : NC_NONE;
		mnt_event_off = bpf_core_field_exists(struct mnt_namespace, event) ?
				bpf_core_field_offset(struct mnt_namespace, event) : NC_NONE;
		mnt_nr_off = bpf_core_field_exists(struct mnt_namespace, nr_mounts) ?
			     bpf_core_field_offset(struct mnt_namespace, nr_mounts) : NC_NONE;
		mnt_root_off = bpf_core_field_offset(struct mnt_namespace, root);
		sb_magic_off = bpf_core_field_offset(struct super_block, s_magic);
		sb_dev_off = bpf_core_field_offset(struct super_block, s_dev);
	}
	rec->ns[KITER_NS_NET] = np->net_ns->ns.inum;
	SET_OFFS(KITER_NS_NET, struct net, user_ns);
	if (set) {
		net_ids_head_off = bpf_core_field_offset(struct net, netns_ids.idr_rt.xa_head);
		net_ids_base_off = bpf_core_field_offset(struct net, netns_ids.idr_base);
	}
	rec->ns[KITER_NS_TIME] = np->time_ns->ns.inum;
	rec->time_for_children = np->time_ns_for_children->ns.inum;
	SET_OFFS(KITER_NS_TIME, struct time_namespace, user_ns);
	rec->ns[KITER_NS_UTS] = np->uts_ns->ns.inum;
	SET_OFFS(KITER_NS_UTS, struct uts_namespace, user_ns);
	offs_gen = gen;
	if (set && want_netnsid) {
		xa_shift_off = bpf_core_field_offset(struct xa_node, shift);
		xa_slots_off = bpf_core_field_offset(struct xa_node, slots);
		xa_slots_size = bpf_core_field_size(struct xa_node, slots);
		nsid_read();
	}

	/* most tasks are in the namespaces of the task before: one test */
	changed = (rec->ns[KITER_NS_CGROUP] ^ last[KITER_NS_CGROUP]) |
		  (rec->ns[KITER_NS_IPC] ^ last[KITER_NS_IPC]) |
		  (rec->ns[KITER_NS_MNT] ^ last[KITER_NS_MNT]) |
		  (rec->ns[KITER_NS_NET] ^ last[KITER_NS_NET]) |
		  (rec->ns[KITER_NS_PID] ^ last[KITER_NS_PID]) |
		  (rec->ns[KITER_NS_TIME] ^ last[KITER_NS_TIME]) |
		  (rec->ns[KITER_NS_USER] ^ last[KITER_NS_USER]) |
		  (rec->ns[KITER_NS_UTS] ^ last[KITER_NS_UTS]) |
		  (rec->pid_for_children ^ last[SLOT_PID_FC]) |
		  (rec->time_for_children ^ last[SLOT_TIME_FC]);
	wsp = 0;
	nundo = 0;
	show_bytes = 0;
	show_cut = 0;
	show_bad = 0;
	/* the fds' namespaces first, so that the task's own (pushed last)
	 * are drained first */
	if (want_fds && !(rec->task_flags & PF_KTHREAD))
		show_bad |= walk_fds(seq, t, (__u32)rec->ns[KITER_NS_NET], &rec->kw_flags);
	if (changed) {
		put_slot(sc, KITER_NS_CGROUP, KITER_NS_CGROUP, np->cgroup_ns, rec->ns[KITER_NS_CGROUP]);
		put_slot(sc, KITER_NS_IPC, KITER_NS_IPC, np->ipc_ns, rec->ns[KITER_NS_IPC]);
		put_slot(sc, KITER_NS_MNT, KITER_NS_MNT, np->mnt_ns, rec->ns[KITER_NS_MNT]);
		put_slot(sc, KITER_NS_NET, KITER_NS_NET, np->net_ns, rec->ns[KITER_NS_NET]);
		put_slot(sc, KITER_NS_PID, KITER_NS_PID, (void *)pidns, rec->ns[KITER_NS_PID]);
		put_slot(sc, KITER_NS_TIME, KITER_NS_TIME, np->time_ns, rec->ns[KITER_NS_TIME]);
		put_slot(sc, KITER_NS_USER, KITER_NS_USER, user_ns,
			 rec->ns[KITER_NS_USER]);
		put_slot(sc, KITER_NS_UTS, KITER_NS_UTS, np->uts_ns, rec->ns[KITER_NS_UTS]);
		put_slot(sc, SLOT_PID_FC, KITER_NS_PID, rec->pid_for_children ? (void *)pidfc : NULL,
			 rec->pid_for_children);
		put_slot(sc, SLOT_TIME_FC, KITER_NS_TIME, np->time_ns_for_children,
			 rec->time_for_children);
		wsp += NSLOTS;
	}
	/* one call site: the verifier walks drain_step() once */
	if (wsp)
		show_bad |= drain(seq);
	if (show_cut)
		rec->kw_flags |= KW_TASK_CUT;
	show_bad |= bpf_seq_write(seq, rec, sizeof(*rec));
	if (show_bad) {
		run_undo();
		return 0;
	}
	/* unconditional (equal when nothing changed): one path on from here */
	{
		last[KITER_NS_CGROUP] = rec->ns[KITER_NS_CGROUP];
		last[KITER_NS_IPC] = rec->ns[KITER_NS_IPC];
		last[KITER_NS_MNT] = rec->ns[KITER_NS_MNT];
		last[KITER_NS_NET] = rec->ns[KITER_NS_NET];
		last[KITER_NS_PID] = rec->ns[KITER_NS_PID];
		last[KITER_NS_TIME] = rec->ns[KITER_NS_TIME];
		last[KITER_NS_USER] = rec->ns[KITER_NS_USER];
		last[KITER_NS_UTS] = rec->ns[KITER_NS_UTS];
		last[SLOT_PID_FC] = rec->pid_for_children;
		last[SLOT_TIME_FC] = rec->time_for_children;
	}
	return 0;
}
