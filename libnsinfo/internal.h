/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * internal.h - libnsinfo's private types. Nothing here is ABI.
 */
#ifndef NSINFO_INTERNAL_H
#define NSINFO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include "nsinfo.h"

#define NSINFO_EXPORT __attribute__((visibility("default")))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The two *_for_children links, indexed by this. */
enum { FOR_CHILDREN_PID, FOR_CHILDREN_TIME, FOR_CHILDREN_N };

/* One row of the namespace type table (nstype.c). */
struct nstype_info {
	const char *name;	 /* "net": lsns's TYPE and /proc/PID/ns name */
	int clone_flag;		 /* CLONE_NEWNET */
	bool hierarchical;	 /* has NS_GET_PARENT (pid, user) */
	int for_children;	 /* FOR_CHILDREN_* index, or -1 */
	const char *description; /* one line for help texts */
};
const struct nstype_info *nstype_get(int type);

/* Relation values that are present (bits of nsinfo_ns.known). */
enum {
	KNOWN_PARENT	= 1u << 0,
	KNOWN_OWNER	= 1u << 1,
	KNOWN_OWNER_UID = 1u << 2,
	KNOWN_NSID	= 1u << 3,
	KNOWN_DEPTH	= 1u << 4,
	KNOWN_NETNSID	= 1u << 5,
};

struct nsinfo_ns {
	uint64_t inode;
	uint64_t parent;	/* 0: none (top of our view, or no parent) */
	uint64_t owner;
	uint64_t nsid;
	uid_t owner_uid;
	int netnsid;		/* -1: unassigned */
	unsigned int depth;
	unsigned int known;	/* KNOWN_* */
	unsigned int unknown;	/* enum nsinfo_ns_unknown */
	unsigned int holders;	/* enum nsinfo_hold */
	enum nsinfo_type type;

	size_t nprocs;		/* counted during the scan */
	size_t nthreads;
	/* its processes, by PID: indexes into procs_of (the snapshot's
	 * array), a slice of snapshot->proc_pool; 4 bytes a member, where
	 * a pointer took 8 (80k members at 10k processes: bench/RESULTS.md) */
	uint32_t *procs;
	struct nsinfo_proc *procs_of;

	/* Stand-ins for a namespace no process is in: PIDs during the scan
	 * (the proc array moves), pointers after snapshot_finish(). */
	pid_t thread_pid, thread_tid, fc_pid;
	struct nsinfo_proc *thread_proc, *fc_proc;

	pid_t first_pid;	/* lowest PID seen in it, during the scan */

	/* fds, sockets and mounts that hold it (enum nsinfo_holder_kind) */
	struct nsinfo_holder *hold;
	size_t nhold;
	/* the mounts of hold[] in the caller's mount namespace (lsns's NSFS);
	 * borrowed from hold[].path */
	const char **nsfs;
	size_t nnsfs;
	const char *name;	/* nsinfo_ns_name(), borrowed; NULL: none */
	struct nsinfo_ns *merged; /* during snapshot_merge(): the twin kept */
	/* NSINFO_SCAN_CGROUP_ROOTS, a cgroup namespace: its root in each
	 * hierarchy as we see it; NULL with cgroot_err */
	struct cg_paths *cgroot;
	int cgroot_err;
};

/* A thread that sits apart from its leader in at least one type. */
struct nsinfo_split {
	pid_t tid;
	struct nsinfo_ns *ns[NSINFO_NTYPES];
};

/* What a cgroup path says of a container (cgroup.c). */
struct cgroup_container {
	char runtime[16];	/* "docker", ... */
	char id[65];		/* 64 hex digits, or "" (lxc, nspawn) */
	char name[256];		/* from the path (lxc, nspawn), or "" */
	char pod[64];		/* Kubernetes pod UID, or "" */
	char path[1024];	/* the container's cgroup, "" when too long */
	char controllers[64];	/* of the hierarchy it was read from ("": v2) */
};
/* lines: NULL-terminated lines of /proc/PID/cgroup. 0 or -ENOENT. */
int cgroup_parse_container(char *const *lines, struct cgroup_container *c);
/* The same of a /proc/PID/cgroup text, cut into lines in place: 0,
 * -ENOENT (no container). */
int cgroup_text_container(char *text, struct cgroup_container *c);

/* One line of /proc/PID/cgroup, "ID:controllers:path", cut (cgparse.c):
 * pointers into the line, lengths without the newline. */
struct cgroup_line {
	const char *id, *ctrl, *path;
	size_t id_len, ctrl_len, path_len;
};
int cgroup_split_line(const char *line, size_t len, struct cgroup_line *out);
/* cgparse.c: value files of a cgroup directory; 0, -EINVAL (not that
 * text), -ENOENT (keyed: no such key; psi: no such line). "max" is
 * NSINFO_CGROUP_UNLIMITED. */
int cg_parse_limit(const char *text, uint64_t *v);		/* v2 memory.max, pids.max */
int cg_parse_v1_bytes(const char *text, long page_size, uint64_t *v); /* memory.limit_in_bytes */
int cg_parse_v1_quota(const char *text, uint64_t *v);		/* cpu.cfs_quota_us */
int cg_parse_cpu_max(const char *text, uint64_t *quota, uint64_t *period);
int cg_parse_keyed(const char *text, const char *key, uint64_t *v); /* cpu.stat */
int cg_parse_psi(const char *text, bool full, uint64_t *avg10);

/* The cgroups of a process, one entry per hierarchy (cgroupfs.c). */
struct cg_entry {
	char *ctrl;		/* "" for the unified (v2) hierarchy */
	char *path;
};
struct cg_paths {
	size_t n;
	struct cg_entry *e;	/* strings in the same allocation */
};
/* The values read from one set of cgroup directories, shared by every
 * process (and container) in that set. */
struct cg_values {
	uint64_t v[NSINFO_CGROUP_NVALUES];
	int err[NSINFO_CGROUP_NVALUES];	/* 0: v[] holds it; else -errno */
};

struct nsinfo_container {
	struct cgroup_container cg;
	const struct cg_values *cgv;	/* its cgroup's (CGROUP_LIMITS) */
	char *name;		/* cg.name, or from the runtime's state */
	pid_t init_pid;		/* the lowest PID, during containers_read() */
	pid_t init_ppid;	/* its parent: conmon for podman and CRI-O */
	uid_t owner;		/* owner of its cgroup directory: who made the
				 * claim (root, or the user it is delegated
				 * to); (uid_t)-1 when unknown */
	uid_t name_uid;		/* owner of what named it; (uid_t)-1: unknown */
	struct nsinfo_proc **procs; /* by PID */
	size_t nprocs;
};

/*
 * A process. There are as many as processes on the machine, in one array:
 * the fields are ordered by size, with no holes, and what most processes
 * do not have is in a block of their own (struct proc_extra): 304 bytes
 * were 3 MB of nsls's peak RSS at 10k processes; now 232.
 */
struct nsinfo_proc {
	struct cgroup_container *cg;	/* what its cgroup says, or NULL */
	struct nsinfo_container *container;
	struct nsinfo_ns *ns[NSINFO_NTYPES];
	struct nsinfo_ns *for_children[FOR_CHILDREN_N];
	size_t nthreads;
	struct proc_extra *x;	/* NULL: none of what it holds */

	/* Task info, valid with NSINFO_PROC_HAS_INFO. */
	char *comm;
	char *cmdline;
	char *user;
	unsigned long long start_ticks;
	unsigned long start_stack;	/* stat: moves with every exec (ASLR) */

	/* NSINFO_SCAN_TASK_STATS, valid with NSINFO_PROC_HAS_STATS */
	unsigned long long cpu_ticks;	/* utime + stime */
	unsigned long rss_kib;
	double cpu_percent;		/* against the last refresh; < 0: none */

	/* NSINFO_SCAN_STDIO: NULL when not read (stdio.c) */
	struct proc_stdio *stdio;

	pid_t pid;
	unsigned int flags;	/* enum nsinfo_proc_flags */
	uid_t uid;		/* task info */
	pid_t ppid;
	int nlwp;		/* threads, from stat (stats) */

	/* The kernel source read the numbers above (ppid, state, start
	 * time and stack, CPU, RSS, threads) and its name and euid: procinfo
	 * needs /proc only for what is new (kernel_numbers()). */
	uid_t keuid;
	char kcomm[16];
	char state;		/* task info */
	bool knum;
	bool kthread;		/* a kernel thread: its name in /proc is longer
				 * than kcomm (workqueue and kthread names) */
};

/* What fewer processes have than all: threads apart from the leader,
 * NSpid, cgroup paths. */
struct proc_extra {
	struct nsinfo_split *splits;
	/* NSINFO_SCAN_NSPID: NSpid, outermost (our view) first */
	pid_t *nspid;
	/* NSINFO_SCAN_CGROUPS: the /proc/PID/cgroup text as read, then
	 * cut into paths (cgroups_read()); the values of its set */
	char *cgtext;
	struct cg_paths *cgp;
	const struct cg_values *cgv;
	unsigned int nsplits, nnspid;
	int cgerr;		/* why cgp is NULL: -errno; 0: not read */
};
/* proc's block, made the first time; NULL on ENOMEM (snapshot.c) */
struct proc_extra *proc_extra(struct nsinfo_proc *proc);
/* proc's block, or one of zeros */
const struct proc_extra *proc_extra_of(const struct nsinfo_proc *proc);
/* The block and what it holds (cgroup paths too) */
void proc_extra_free(struct nsinfo_proc *proc);

/* The k-th process of ns, by PID (k < ns->nprocs, after snapshot_finish()) */
static inline struct nsinfo_proc *ns_proc_at(const struct nsinfo_ns *ns, size_t k)
{
	return &ns->procs_of[ns->procs[k]];
}

/* ---- Standard streams (stdio.c) ---- */

struct scan_ctx;

/* A pipe or socket end a process holds on any descriptor: who holds the
 * other end of a stream is found among these. */
struct stdio_end {
	uint64_t ino;
	pid_t pid;
	int fd;
	bool socket;
	int access;		/* a pipe's open end (fdinfo), read when
				 * needed: -2 not yet, -1 unknown */
};

struct stdio_stream {
	enum nsinfo_stdio_kind kind;	/* 0: not read */
	uint64_t ino, dev, rdev, peer_ino;
	int access;
	char *name;
	pid_t session, foreground;
	int peer_err;
	struct nsinfo_stdio_peer *peers;
	size_t npeers;
};

struct proc_stdio {
	int err;			/* 0, or why nothing was read */
	struct stdio_stream s[3];
	/* /proc/PID/stat of a process on a terminal */
	bool has_stat;
	pid_t sid, tpgid;
	unsigned int tty_nr;
	/* every pipe and socket it holds, during the scan */
	struct stdio_end *ends;
	size_t nends, endcap;
	char *comm;			/* as a peer: its name, read once */
	bool comm_read;
};

/* What a /proc/PID/fd link says an fd is, from its text and the mode and
 * device of what it points at (0: not known). Another user names files:
 * only a text without a leading '/' is the kernel's own ("pipe:[N]"), and
 * even that must agree with the mode. */
struct stdio_class {
	enum nsinfo_stdio_kind kind;
	uint64_t ino;		/* PIPE, SOCKET: from the text */
	char tty[16];		/* TTY: "pts/3" */
};
int stdio_classify(const char *text, size_t len, mode_t mode, dev_t rdev, struct stdio_class *c);
/* "pts/3", "tty1", "ttyS0", "console" for a terminal's device number;
 * 0 or -ENOENT (not a terminal). */
int stdio_tty_name(dev_t rdev, char *buf, size_t len);
/* The access mode (O_ACCMODE bits of "flags:") and "ino:" of an fdinfo
 * text; 0 or -EINVAL. ino is 0 when the kernel has no such line. */
int stdio_parse_fdinfo(const char *text, size_t len, int *access, uint64_t *ino);

/* The fd walk (holders.c) calls these for a process, in this order. */
int stdio_begin(struct nsinfo_proc *proc);
/* stream fd (0..2), entry name below the fd directory; procfs: the
 * entry is the kernel's magic link (else a fixture's symlink, whose
 * target is not stated: it may point anywhere) */
void stdio_stream_read(struct nsinfo_proc *proc, int fddir, const char *name, int fd,
		       bool procfs);
/* any fd's link text: a pipe or socket end is kept */
int stdio_note_end(struct nsinfo_proc *proc, int fd, const char *text, size_t len);
int stdio_end_proc(struct scan_ctx *ctx, struct nsinfo_proc *proc);
/* The kernel source's instead of the walk: proc's iterator records (kiter.h
 * struct kiter_file), its fds in order; 0 or -ENOMEM. */
struct kiter_file;
int stdio_kernel_read(struct scan_ctx *ctx, struct nsinfo_proc *proc,
		      const struct kiter_file *files, size_t n);
/* The fd directory could not be opened: err. 0 or -ENOMEM. */
int stdio_unreadable(struct nsinfo_proc *proc, int err);
/* After snapshot_finish(): every stream's peers. 0 or -ENOMEM. */
int stdio_resolve(struct scan_ctx *ctx);
void stdio_free(struct proc_stdio *st);

/* Inode -> namespace, open addressing (nsmap.c). */
struct nsmap {
	struct nsinfo_ns **slots;
	size_t cap;		/* power of two */
	size_t count;
};
void nsmap_free(struct nsmap *map);
struct nsinfo_ns *nsmap_find(const struct nsmap *map, int type, uint64_t inode);
/* Insert; -ENOMEM or 0. The map does not own the object. */
int nsmap_add(struct nsmap *map, struct nsinfo_ns *ns);

struct nsinfo_snapshot {
	int refcount;		/* atomic: a snapshot may pass between threads */
	char *proc_root;
	unsigned int types;	/* what the caller asked for, and lists */
	unsigned int scan_types; /* what the walk reads: types, plus mnt when
				  * mounts are asked (one mountinfo per mount
				  * namespace needs the mount namespaces) */
	unsigned int flags;

	struct nsmap map;
	struct nsinfo_ns **ns;	/* sorted by inode, then type */
	size_t nns;

	struct nsinfo_proc *procs; /* sorted by PID */
	size_t nprocs;
	size_t procs_cap;
	uint32_t *proc_pool;

	size_t seen;
	size_t denied;
	size_t denied_tasks;
	uint64_t self_mntns;	/* the caller's mount namespace, 0: unknown */
	char *state_root;	/* where runtimes keep their state ("/") */
	struct nsinfo_container **containers;
	size_t ncontainers;
	struct timespec when;	/* CLOCK_MONOTONIC, when the scan began */
	int source;		/* NSINFO_SOURCE_PROC or _KERNEL: what read it */
	char source_why[160];	/* auto chose /proc: why; "" otherwise */
	/* hidden.c: tasks a hidepid= proc does not show */
	bool hidden_known;
	size_t hidden;
	char hidepid[16];
	/* cgroupfs.c: the value sets read (each shared by its processes) */
	struct cg_values **cgvals;
	size_t ncgvals;
};

/* Any of these makes the walk read /proc/PID/cgroup and keep it. */
#define CGROUP_FLAGS (NSINFO_SCAN_CGROUPS | NSINFO_SCAN_CGROUP_LIMITS | NSINFO_SCAN_CGROUP_ROOTS)

/* cgroupfs.c: after the walk: cut every process's cgroup text into paths
 * (NSINFO_SCAN_CGROUPS), read the values of each distinct set once
 * (NSINFO_SCAN_CGROUP_LIMITS), and the cgroup namespace roots
 * (NSINFO_SCAN_CGROUP_ROOTS, cgns.c). 0 or -ENOMEM. */
int cgroups_read(struct nsinfo_snapshot *snap, int proc_fd, bool procfs);
void cgroups_free(struct nsinfo_snapshot *snap);
void cg_paths_free(struct cg_paths *p);
/* cgroupfs.c: the text (len bytes) cut into paths; -EBADMSG when it has
 * more lines than hierarchies (nhier > 0): a cgroup name with a newline,
 * which would forge a line. 0, -EINVAL, -ENOMEM. */
int cg_paths_parse(const char *text, size_t len, size_t nhier, struct cg_paths **out);
/* cgns.c: the root of every cgroup namespace but ours, asked of a
 * process in it from inside it. */
void cgns_roots_read(struct nsinfo_snapshot *snap, int proc_fd);

/* hidden.c: every task the kernel has, all pid namespaces together
 * (loadavg's count); 0: unknown. */
size_t proc_task_total(int proc_fd);
/* hidden.c: count the tasks the proc root hides (after the walk). */
void hidden_count(struct nsinfo_snapshot *snap, int proc_fd);

/* container.c: container identity of every process (libproc2 cgroup
 * lines), names from the runtimes' state files. */
int containers_read(struct nsinfo_snapshot *snap, const struct nsinfo_snapshot *prev);
/* Names from state files below root ("" for /), malloc'ed or NULL: Docker's
 * config.v2.json; containers/storage's containers.json, found through
 * conmon's argv (-c ID -b BUNDLE; may be NULL) or at the default path.
 * Only files that root or owner own (see read_json()); *name_uid is the
 * owner of the file that named it. */
char *container_docker_name(const char *root, const char *id, uid_t owner, uid_t *name_uid);
char *container_store_name(const char *root, const char *id, char **conmon_argv,
			   uid_t owner, uid_t *name_uid);
void containers_free(struct nsinfo_snapshot *snap);
/* container.c, the pure halves of the two above: the name in a parsed
 * Docker config.v2.json, the first name of container id in a parsed
 * containers/storage containers.json (NULL when none, or on ENOMEM), and
 * that file's path from conmon's bundle argument (false: not one). */
struct cJSON;
char *container_json_docker_name(const struct cJSON *config);
char *container_json_store_name(const struct cJSON *list, const char *id);
bool container_store_from_bundle(const char *bundle, const char *id, char *out, size_t len);

/* Error classes for /proc reads (errors.c): the one place that decides
 * whether an errno means "gone", "denied" or a real failure. */
enum proc_err {
	PROC_ERR_GONE,		/* ENOENT, ESRCH: exited or not on this kernel */
	PROC_ERR_DENIED,	/* EACCES, EPERM */
	PROC_ERR_OTHER,
};
enum proc_err proc_err_classify(int err);
/* parse.c: the flags field (9) and the parent PID (4) of a /proc/PID/stat
 * line; 0 or -EINVAL. */
int parse_stat_flags(const char *text, size_t len, unsigned long *flags);
int parse_stat_ppid(const char *text, size_t len, pid_t *ppid);
/* parse.c: the start time in clock ticks (field 22); 0 or -EINVAL. */
int parse_stat_start(const char *text, size_t len, unsigned long long *ticks);
/* parse.c: the state letter (field 3); 0 or -EINVAL. */
int parse_stat_state(const char *text, size_t len, char *state);
/* parse.c: session (field 6), controlling terminal (7, the kernel's
 * encoding of the device number) and foreground process group (8; 0 for
 * -1) of a /proc/PID/stat line; 0 or -EINVAL. */
int parse_stat_tty(const char *text, size_t len, pid_t *sid, unsigned int *tty_nr,
		   pid_t *tpgid);
/* parse.c: the PIDs of the "NSpid:" line of a /proc/PID/status text (len
 * bytes), outermost first, into pids[0..max-1]; stores how many in *n.
 * 0, -ENOENT (no NSpid line: a kernel before 4.1) or -EINVAL (a bad line,
 * or more than max levels). */
#define NSPID_MAX_LEVELS 33	/* the kernel nests pid namespaces 32 deep */
int parse_status_nspid(const char *text, size_t len, pid_t *pids, size_t max, size_t *n);
/* parse.c: the name of an entry of /proc/PID/fd as a descriptor number
 * ("0" too); 0 or -EINVAL. */
int parse_fd_number(const char *name, int *fd);
/* parse.c: what the link text (len bytes, as readlink gave it) of an open
 * descriptor names: a namespace (*type, *inode), a socket, or neither. */
enum fd_link { FD_LINK_OTHER, FD_LINK_NS, FD_LINK_SOCKET };
enum fd_link parse_fd_link(const char *text, size_t len, int *type, uint64_t *inode);
/* errors.c: whether the task at dirfd/name ("1234", "task/1234") is
 * exiting (PF_EXITING): an EACCES from such a task means "gone", since a
 * dying task loses its mm, and with it our ptrace access. */
bool task_exiting(int dirfd, const char *name);
/* errors.c: whether the task at dirfd/name is a zombie (state Z or X). */
bool task_zombie(int dirfd, const char *name);

/*
 * untrusted.c: the one way to open what another user can name or replace
 * (see the comment there). All return a descriptor or -errno.
 */
enum untrusted_how {
	UNTRUSTED_BENEATH = 0,		/* below dirfd, no symlinks */
	UNTRUSTED_IN_ROOT = 1u << 0,	/* dirfd is a root (/proc/PID/root) */
	UNTRUSTED_OWNED	  = 1u << 1,	/* files: every component owned by
					 * root or `owner`, writable by no
					 * one else (runtime state) */
	UNTRUSTED_PROCFS  = 1u << 2,	/* files: dirfd is procfs (checked by
					 * the caller), whose files are the
					 * kernel's: no FIFO can be there */
};
/* oflags must hold O_PATH or O_DIRECTORY: a file to read goes through
 * untrusted_open_file(). */
int untrusted_open(int dirfd, const char *path, int oflags, unsigned int how);
/* fd (an O_PATH descriptor) reopened for reading: the object itself. */
int untrusted_reopen(int fd, int oflags);
/* fd held as O_PATH: when it is nsfs, of want_type (< 0: any) and
 * want_inode (0: any), a readable descriptor of it; -ENOTTY when it is
 * not a namespace file (or another type), -ESTALE when another inode.
 * mounted: it may be an nsfs bind mount (not only a link's target). */
int untrusted_nsfs(int fd, int want_type, uint64_t want_inode, bool mounted);
/* The same for one component below dirfd, following its last link (a
 * /proc/PID/ns or /proc/PID/fd entry). */
int untrusted_nsfs_at(int dirfd, const char *name, int want_type, uint64_t want_inode);
/* A regular file, opened O_RDONLY | O_NONBLOCK; *st is what was checked. */
int untrusted_open_file(int dirfd, const char *path, unsigned int how, uid_t owner,
			struct stat *st);
/* The whole file, NUL-terminated, at most max bytes (-EFBIG past that). */
int untrusted_read_file(int dirfd, const char *path, unsigned int how, uid_t owner,
			size_t max, char **out, size_t *len, struct stat *st);

/* snapshot.c */
/* Move everything a worker's partial snapshot found into snap: its
 * namespaces (counts and holders added where snap has them already) and
 * its processes. 0 or -ENOMEM; part is left for snapshot_part_free(). */
int snapshot_merge(struct nsinfo_snapshot *snap, struct nsinfo_snapshot *part);
void snapshot_part_free(struct nsinfo_snapshot *part);
struct nsinfo_ns *snapshot_get_ns(struct nsinfo_snapshot *snap, int type,
				  uint64_t inode, bool *created);
int snapshot_finish(struct nsinfo_snapshot *snap);
/* The relation fields (and what is known of them) of from, into to. */
void ns_copy_relations(struct nsinfo_ns *to, const struct nsinfo_ns *from);

/* One scan under way (scan.c). */
struct scan_ctx {
	struct nsinfo_snapshot *snap;
	/* the scanner's last snapshot, read-only (workers share it): what
	 * stays true is taken from it; NULL on a first scan */
	const struct nsinfo_snapshot *prev;
	int proc_fd;
	bool procfs;		/* the proc root is procfs (not a fixture) */
	int netlink_fd;		/* opened on first use, for NETNSID */
	int depth;		/* ancestor recursion, bounded */
	int err;		/* first -ENOMEM met where no caller could see it */
	/* the kernel source's loader and its result buffers (a scanner's,
	 * reused between refreshes) */
	struct kiter *kiter;
	struct kiter_result *kres;
	/* a scanner's mount tables read before (mountcache.c), kept while
	 * the kernel source says they did not change; NULL: none */
	struct mount_cache *mounts;
};

/* ---- The seam between sources and the snapshot (sink.c) ---- */

/* Relations a source knows already (a kernel-side iterator reads them
 * from the task's namespaces themselves). */
struct ns_relations {
	uint64_t parent, owner, nsid;
	uid_t owner_uid;
	unsigned int depth;
	int netnsid;
	unsigned int known;	/* KNOWN_* */
	unsigned int unknown;	/* enum nsinfo_ns_unknown */
};

/* A namespace a record names, and how the sink can learn its relations
 * the first time it meets it (else they are taken from the scanner's last
 * snapshot): a readable nsfs descriptor of the source's own (fd), a link
 * below dirfd whose last hop is followed (name: /proc/PID/ns/net,
 * /proc/PID/fd/N), an O_PATH descriptor of a mount of it (dirfd, no name),
 * or the relations by value (rel). All another user's names are opened as
 * untrusted (untrusted.c). */
struct ns_ref {
	int type;
	uint64_t inode;			/* 0: no such namespace in the record */
	int fd;				/* -1: none */
	int dirfd;			/* -1: none */
	const char *name;
	const struct ns_relations *rel;
};
#define NS_REF(t, ino) ((struct ns_ref){ .type = (t), .inode = (ino), .fd = -1, .dirfd = -1 })

enum task_state {
	TASK_READ,		/* its links were read */
	TASK_DENIED,		/* listed, but its links may not be read */
	TASK_GONE,		/* exited (or exiting) meanwhile */
};

/* One task, as a source read it. */
struct task_rec {
	pid_t pid, tid;		/* tid == pid: the process itself */
	enum task_state state;
	struct ns_ref ns[NSINFO_NTYPES];	/* inode 0: not read */
	struct ns_ref for_children[FOR_CHILDREN_N];
	char *cgroup;		/* its /proc/PID/cgroup lines, or NULL; the
				 * sink may cut it into lines */
	/* the container those lines say, parsed once for every task of a
	 * set of cgroups (the kernel source): NULL for none. Without
	 * container_known the sink parses cgroup itself. */
	const struct cgroup_container *container;
	bool container_known;
	bool zombie;		/* exited, not reaped: its namespaces are gone */
	char *status;		/* its /proc/PID/status text (NSINFO_SCAN_NSPID),
				 * or NULL */
	const pid_t *nspid;	/* or NSpid by value, outermost first */
	size_t nnspid;
};

/* The namespace of r, found or made (relations read once); NULL only on
 * ENOMEM (ctx->err is set). */
struct nsinfo_ns *sink_ns(struct scan_ctx *ctx, const struct ns_ref *r);
/* A process: its namespaces, counts, leaders, for_children holders. NULL
 * when it is gone, or on ENOMEM (*rc). Its threads follow, leader first. */
struct nsinfo_proc *sink_process(struct scan_ctx *ctx, const struct task_rec *t, int *rc);
/* Room for n processes in all before they are sunk (a source that knows
 * how many): 0 or -ENOMEM. */
int sink_reserve_procs(struct nsinfo_snapshot *snap, size_t n);
/* A thread of proc (the leader too: it counts the process's threads). */
int sink_thread(struct scan_ctx *ctx, struct nsinfo_proc *proc, const struct task_rec *t);
/* An fd, socket or mount (bit: NSINFO_HOLD_*) that holds r's namespace;
 * h->path is copied. 0 or -ENOMEM. */
int sink_holder(struct scan_ctx *ctx, const struct ns_ref *r, unsigned int bit,
		const struct nsinfo_holder *h);
/* A parent or owner namespace that no record names (a hidden one). */
struct nsinfo_ns *sink_ancestor(struct scan_ctx *ctx, const struct ns_ref *r);
/* Record a holder (copies path); 0 or -ENOMEM. */
int ns_add_holder(struct nsinfo_ns *ns, const struct nsinfo_holder *h);

/* A source: walks what it reads into ctx->snap through the sink_*()
 * calls; 0 or -errno. The /proc walk (source-proc.c) is one; tests feed
 * records of their own. */
struct scan_source {
	const char *name;
	int (*walk)(struct scan_ctx *ctx);
};
extern const struct scan_source source_proc;
/* source-kernel.c: the BPF task iterator, with /proc for what it lacks;
 * ctx->kiter must be open (kernel_source_open()). */
extern const struct scan_source source_kernel;
struct kiter;
struct kiter_result;
/* Whether the kernel source can serve this proc root: 0, or -errno with
 * why; on 0, *out is the open loader, the caller's to kiter_close(). */
int kernel_source_open(int proc_fd, bool procfs, struct kiter **out, char *why, size_t whylen);
/* source-proc.c: one process read from /proc (the kernel source sends
 * what its iterator does not show this way). */
int proc_scan_one(struct scan_ctx *ctx, pid_t pid);
/* source-proc.c: one namespace link below dirfd ("self/ns/mnt"), of type
 * want: 0 and *inode, or -errno (-EINVAL: not such a link). */
int proc_read_ns_link(int dirfd, const char *name, int want, uint64_t *inode);
/* source-proc.c: what every walk ends with: the nsfs mounts of every
 * mount namespace (NSINFO_SCAN_MOUNTS), the count of hidden tasks. */
int walk_finish(struct scan_ctx *ctx);
/* source-proc.c: the PIDs below the proc root, ascending. */
int proc_list_pids(int proc_fd, pid_t **out, size_t *n);
/* A source's walk, then the snapshot finished (sorted, indexed). */
int scan_run(struct scan_ctx *ctx, const struct scan_source *src);
/* scanner.c: a scanner reads from /proc; tests give it a source of their
 * own. */
struct nsinfo_scanner;
void scanner_set_source(struct nsinfo_scanner *sc, const struct scan_source *src);

/* relations.c: ioctls on one namespace file, once per new namespace;
 * ancestors out of the map are added through sink_ns(). */
void relations_read(struct scan_ctx *ctx, struct nsinfo_ns *ns, int ns_fd);
/* The namespace of ctx->prev with this (type, inode), when its relations
 * were read there and what dirfd/name (at_flags as name_to_handle_at(2)
 * takes them) names now is still that namespace; else NULL. */
const struct nsinfo_ns *relations_prev(struct scan_ctx *ctx, int type, uint64_t inode,
				       int dirfd, const char *name, int at_flags);
/* Relations of ns taken from old (relations_prev()), ancestors too. */
void relations_copy(struct scan_ctx *ctx, struct nsinfo_ns *ns, const struct nsinfo_ns *old);

/* relations.c: the id the network stack gives the net namespace of fd
 * (NSINFO_SCAN_NETNSID), into ns: the kernel source's, when it read them
 * all, else asked (RTM_GETNSID). */
void relations_read_netnsid(struct scan_ctx *ctx, struct nsinfo_ns *ns, int fd);
/* relations.c: ns's NETNSID from what the kernel source read, if it read
 * them all (no descriptor needed): true when ns has it now. */
bool relations_netnsid_read(struct scan_ctx *ctx, struct nsinfo_ns *ns);

/* holders.c: fds and sockets of one process (what: FDWALK_*); mounts of
 * every mount namespace. */
enum { FDWALK_HOLDERS = 1u << 0, FDWALK_STDIO = 1u << 1 };
/* What the snapshot's flags ask of the fd walk. */
unsigned int holders_fdwalk(const struct nsinfo_snapshot *snap);
int holders_scan_fds(struct scan_ctx *ctx, struct nsinfo_proc *proc, unsigned int what);
/* The net namespace of socket fd of pid (pidfd_getfd + SIOCGSKNS): 0, its
 * inode and a descriptor of it (the caller's to close), or -errno. */
int holders_socket_netns(pid_t pid, int fd, uint64_t *inode, int *nsfd);
int holders_scan_mounts(struct scan_ctx *ctx);

/* procinfo.c: task info from libproc2, through handles a scanner keeps
 * (libproc2 reuses their memory, and caches user names, between reaps). */
struct pids_info;
struct procinfo_handles {
	struct pids_info *quick;	/* stat only: identity, state, numbers */
	struct pids_info *full;		/* + command line and user */
};
/* prev: the scanner's last snapshot (NULL: none), whose command lines
 * and users are kept for processes that did not exec since. */
int procinfo_read(struct nsinfo_snapshot *snap, struct procinfo_handles *h,
		  const struct nsinfo_snapshot *prev);
void procinfo_handles_free(struct procinfo_handles *h);
void procinfo_free(struct nsinfo_proc *proc);

/* mountinfo.c: pure parser of one /proc/PID/mountinfo line. */
struct mountinfo_entry {
	const char *id;		/* the mount ID, as text */
	const char *root;	/* points into the caller's buffer */
	const char *target;	/* unescaped in place */
	const char *fstype;
	const char *super_opts;	/* "rw,hidepid=invisible", or "" */
};
int mountinfo_parse_line(char *line, struct mountinfo_entry *e);

/* ---- Mount tables a scanner has read (mountcache.c) ---- */

/* An entry is read again after this long, unchanged or not (what the
 * mount event does not see: a renamed directory above a mount point). */
#define MOUNT_CACHE_MAX_AGE 5.0

struct mount_cache;
int mount_cache_new(struct mount_cache **out);
void mount_cache_free(struct mount_cache *mc);
void mount_cache_set_max_age(struct mount_cache *mc, double seconds);
/* 1 and the entries (valid until the next store or sweep) when the table
 * of mount namespace id, read through pid, is kept with this event; 0
 * when not (id 0: the kernel gave none) */
int mount_cache_lookup(struct mount_cache *mc, uint64_t id, uint64_t event, pid_t pid,
		       const struct mountinfo_entry **ents, size_t *n);
/* keeps a copy of the entries' root, target and fstype */
int mount_cache_store(struct mount_cache *mc, uint64_t id, uint64_t event, pid_t pid,
		      const struct mountinfo_entry *ents, size_t n);
/* drops what no lookup or store used since the last sweep */
int mount_cache_sweep(struct mount_cache *mc);
size_t mount_cache_count(const struct mount_cache *mc);

#endif /* NSINFO_INTERNAL_H */
