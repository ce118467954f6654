// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * source-kernel.c - the kernel source: one read of the BPF task iterator
 * (kiter.c) gives every task's namespaces, its threads, the namespaces its
 * fds and sockets hold, and each namespace's relations as the kernel keeps
 * them; this file hands those records to the sink (sink.c) in the order
 * the /proc walk does, so a snapshot cannot tell the two apart.
 *
 * What the iterator does not know still comes from /proc, through the
 * same code as the /proc source:
 *  - a process in /proc that the iterator did not show (a kernel may hide
 *    tasks from BPF iterators: the 6.18 kernel here hides PID 1) is read
 *    as the /proc source reads it, denials and all;
 *  - cgroup paths (containers), NSpid deeper than the iterator keeps, the
 *    fds of a process whose records did not all fit (KITER_CUT);
 *  - of the standard streams (whose kinds, inodes and open modes, and
 *    every pipe and socket end, come from the iterator), a path's name,
 *    a terminal's session (/proc/PID/stat), a unix socket's peer
 *    (sock_diag), as stdio.c reads them for the /proc source;
 *  - nsfs bind mounts (mountinfo), task info (libproc2), NETNSID when
 *    the program could not read our net namespace's IDs whole (one
 *    netlink query per new net namespace, through its /proc link).
 *
 * Nothing is opened for a namespace the iterator saw: its relations come
 * by value, and its parent and owner chains with it.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "kiter.h"

/* The inodes of the initial pid and time namespaces
 * (include/linux/proc_ns.h). */
#define PROC_PID_INIT_INO 0xEFFFFFFCU
#define PROC_TIME_INIT_INO 0xEFFFFFFAU

int kernel_source_open(int proc_fd, bool procfs, struct kiter **out, char *why, size_t whylen)
{
	char self[32], want[32];
	uint64_t pidns, timens;
	ssize_t n;

	*out = NULL;
	/* the iterator's PIDs are the initial pid namespace's: they name
	 * /proc entries only in a procfs of that namespace, and only a
	 * process in it sees them as its own */
	if (!procfs) {
		snprintf(why, whylen, "the proc root is not a procfs");
		return -EOPNOTSUPP;
	}
	n = readlinkat(proc_fd, "self", self, sizeof(self) - 1);
	snprintf(want, sizeof(want), "%d", (int)getpid());
	if (n <= 0 || (self[n] = '\0', strcmp(self, want) != 0)) {
		snprintf(why, whylen, "the proc root is not of our pid namespace");
		return -EOPNOTSUPP;
	}
	if (proc_read_ns_link(proc_fd, "self/ns/pid", NSINFO_TYPE_PID, &pidns) < 0 ||
	    pidns != PROC_PID_INIT_INO) {
		snprintf(why, whylen, "not in the initial pid namespace");
		return -EOPNOTSUPP;
	}
	/* start times: /proc shows them with our time namespace's boot
	 * offset, the iterator without; equal only in the initial one (a
	 * kernel without time namespaces has no link: the same) */
	if (proc_read_ns_link(proc_fd, "self/ns/time", NSINFO_TYPE_TIME, &timens) == 0 &&
	    timens != PROC_TIME_INIT_INO) {
		snprintf(why, whylen, "not in the initial time namespace");
		return -EOPNOTSUPP;
	}
	return kiter_open(out, 0, why, whylen);
}

struct kwalk {
	struct scan_ctx *ctx;
	const struct kiter_result *res;
	struct ns_relations *rels;	/* one per res->ns[] */
	uint32_t *order;		/* tasks: by tgid, leader first, by tid */
	uint32_t *fds;			/* the leaders' fd records, by tgid, fd */
	size_t nfds;
	uint32_t *files;		/* the file records, by tgid, fd */
	size_t filecur;			/* the next process's first */
	/* cgroup files read in this walk, by the tasks' css (open
	 * addressing, a power of two, at most half full) */
	struct css_text {
		uint64_t css;
		char *text;
		/* what text says of the container (NSINFO_SCAN_CONTAINERS),
		 * parsed once for the set: NULL for none */
		struct cgroup_container *container;
	} *cg;
	size_t cgcap, ncg;
	/* per type, the namespace of the task before and its reference:
	 * most tasks are in the same as the one before them, and then
	 * need neither the map's lookup nor the iterator's (task_refs) */
	uint64_t last_inode[NSINFO_NTYPES];
	struct ns_ref last_ref[NSINFO_NTYPES];
};

/* res->ns[i]'s relations as the /proc source's ioctls would give them
 * (relations.c): a user namespace's owner is its parent, the initial
 * namespaces have none, and each pid or user namespace its depth. */
static void relations_of(const struct nsinfo_snapshot *snap, const struct kiter_result *res,
			 const struct kiter_ns *k, struct ns_relations *rel)
{
	int id;

	memset(rel, 0, sizeof(*rel));
	rel->netnsid = -1;
	/* the program read every NETNSID (KITER_NETNSID): none to ask for */
	if (k->type == NSINFO_TYPE_NET && (snap->flags & NSINFO_SCAN_NETNSID) &&
	    kiter_netnsid(res, k->inode, k->nsid, &id)) {
		rel->netnsid = id;
		rel->known |= KNOWN_NETNSID;
	}
	if (!(snap->flags & NSINFO_SCAN_RELATIONS)) {
		rel->unknown = NSINFO_NS_NO_RELATIONS;
		return;
	}
	rel->parent = k->parent;
	rel->owner = k->owner;
	rel->known |= KNOWN_PARENT | KNOWN_OWNER;
	if (nstype_get((int)k->type)->hierarchical) {
		rel->depth = k->level;
		rel->known |= KNOWN_DEPTH;
	}
	if (k->type == NSINFO_TYPE_USER) {
		rel->owner = k->parent;
		rel->owner_uid = k->owner_uid;
		rel->known |= KNOWN_OWNER_UID;
	}
	if (k->nsid) {
		rel->nsid = k->nsid;
		rel->known |= KNOWN_NSID;
	} else {
		rel->unknown |= NSINFO_NS_NO_NSID;	/* before 6.18 */
	}
}

/* A reference to a namespace the iterator named: its relations by value.
 * dirfd/name: how the sink can open it for what only a descriptor gives
 * (NETNSID), or -1. */
static struct ns_ref kref(const struct kwalk *w, struct kiter *k, int type, uint64_t inode)
{
	struct ns_ref r = NS_REF(type, inode);
	const struct kiter_ns *kn = kiter_find_ns(k, w->res, inode);

	if (kn && (int)kn->type == type)
		r.rel = &w->rels[kn - w->res->ns];
	return r;
}

static int add_ancestors(struct kwalk *w, const struct kiter_ns *kn, int depth);

/* Where a task or descriptor names a namespace in /proc, for what only a
 * descriptor of it gives (NETNSID): a task's link, an fd's, a socket's. */
struct kwhere {
	pid_t pid, tid;		/* pid 0: nowhere */
	int fd;			/* -1: the task's own link */
	bool socket;
};
#define NOWHERE ((struct kwhere){ .fd = -1 })
#define TASK_LINK(p, t) ((struct kwhere){ .pid = (p), .tid = (t), .fd = -1 })

/* Whether the last snapshot has the NETNSID of this very namespace (the
 * sink takes it from there, sink_netnsid()). */
static bool netnsid_known(const struct scan_ctx *ctx, const struct ns_ref *r)
{
	const struct nsinfo_ns *old = ctx->prev ? nsmap_find(&ctx->prev->map, r->type, r->inode)
						: NULL;

	return old && (old->known & KNOWN_NETNSID) && old->netnsid >= 0 && r->rel &&
	       (old->known & KNOWN_NSID) && (r->rel->known & KNOWN_NSID) &&
	       old->nsid == r->rel->nsid;
}

/* A descriptor of the net namespace at `at` into r (dirfd + name, or fd),
 * checked to be that namespace; what the caller must close in *close_fd. */
static void open_where(struct scan_ctx *ctx, const struct kwhere *at, struct ns_ref *r,
		       char *name, size_t len, int *close_fd)
{
	char path[48];
	uint64_t inode;
	int fd;

	*close_fd = -1;
	if (at->socket) {
		if (holders_socket_netns(at->pid, at->fd, &inode, &fd) == 0) {
			if (inode == r->inode)
				r->fd = fd;
			*close_fd = fd;
		}
		return;
	}
	if (at->fd >= 0)
		snprintf(path, sizeof(path), "%d/fd", (int)at->pid);
	else if (at->tid == at->pid)
		snprintf(path, sizeof(path), "%d/ns", (int)at->pid);
	else
		snprintf(path, sizeof(path), "%d/task/%d/ns", (int)at->pid, (int)at->tid);
	fd = untrusted_open(ctx->proc_fd, path, O_PATH | O_DIRECTORY, UNTRUSTED_BENEATH);
	if (fd < 0)
		return;
	if (at->fd >= 0)
		snprintf(name, len, "%d", at->fd);
	else
		snprintf(name, len, "net");
	r->dirfd = fd;
	r->name = name;
	*close_fd = fd;
}

/* The namespace, found or made; when new, with its parent and owner
 * (which no task may be in: hidden ancestors), as NS_GET_PARENT and
 * NS_GET_USERNS would have found them. NULL only on ENOMEM. */
static struct nsinfo_ns *ksink_at(struct kwalk *w, int type, uint64_t inode, struct kwhere at,
				  bool ancestor, int depth)
{
	struct scan_ctx *ctx = w->ctx;
	struct nsinfo_ns *ns = nsmap_find(&ctx->snap->map, type, inode);
	const struct kiter_ns *kn;
	struct ns_ref r;
	char name[16];
	int close_fd = -1;

	if (ns) {
		if (ancestor)
			ns->holders |= NSINFO_HOLD_ANCESTOR;
		return ns;
	}
	r = kref(w, ctx->kiter, type, inode);
	if (type == NSINFO_TYPE_NET && at.pid > 0 && (ctx->snap->flags & NSINFO_SCAN_NETNSID) &&
	    !(r.rel && (r.rel->known & KNOWN_NETNSID)) && !netnsid_known(ctx, &r))
		open_where(ctx, &at, &r, name, sizeof(name), &close_fd);
	ns = ancestor ? sink_ancestor(ctx, &r) : sink_ns(ctx, &r);
	if (close_fd >= 0)
		close(close_fd);
	if (!ns)
		return NULL;
	/* no record: the iterator left it out (beyond its bounds), and
	 * with it what it knew of the namespace; the snapshot says so */
	if (!r.rel) {
		if (ctx->snap->flags & NSINFO_SCAN_RELATIONS)
			ns->unknown |= NSINFO_NS_NO_RELATIONS;
		return ns;
	}
	kn = kiter_find_ns(ctx->kiter, w->res, inode);
	if (kn && add_ancestors(w, kn, depth + 1) < 0)
		return NULL;
	return ns;
}

static struct nsinfo_ns *ksink(struct kwalk *w, int type, uint64_t inode, struct kwhere at,
			       bool ancestor)
{
	return ksink_at(w, type, inode, at, ancestor, 0);
}

/* The kernel nests pid and user namespaces 32 deep. */
#define MAX_ANCESTRY 40

static int add_ancestors(struct kwalk *w, const struct kiter_ns *kn, int depth)
{
	const struct nsinfo_snapshot *snap = w->ctx->snap;
	int type = (int)kn->type;

	if (!(snap->flags & NSINFO_SCAN_RELATIONS) || depth >= MAX_ANCESTRY)
		return 0;
	/* what relations.c adds: a parent of the same type, the owning user
	 * namespace; types the caller did not ask for are named, not listed */
	if (nstype_get(type)->hierarchical && kn->parent && (snap->types & NSINFO_TYPE_BIT(type)) &&
	    !ksink_at(w, type, kn->parent, NOWHERE, true, depth))
		return -ENOMEM;
	if (type != NSINFO_TYPE_USER && kn->owner &&
	    (snap->types & NSINFO_TYPE_BIT(NSINFO_TYPE_USER)) &&
	    !ksink_at(w, NSINFO_TYPE_USER, kn->owner, NOWHERE, true, depth))
		return -ENOMEM;
	return 0;
}

/* The task's namespaces as a record, the types in `types` only. Each is
 * made (with its ancestors) before the sink sees the record. */
static int task_refs(struct kwalk *w, const struct kiter_task *kt, unsigned int types,
		     struct task_rec *t, unsigned int *nread)
{
	*nread = 0;
	for (int type = 0; type < NSINFO_NTYPES; type++) {
		if (!(types & NSINFO_TYPE_BIT(type)) || !kt->ns[type])
			continue;
		(*nread)++;
		/* sunk for the task before: in the map, nothing to add */
		if (kt->ns[type] == w->last_inode[type]) {
			t->ns[type] = w->last_ref[type];
			continue;
		}
		if (!ksink(w, type, kt->ns[type], TASK_LINK(kt->tgid, kt->tid), false))
			return -ENOMEM;
		t->ns[type] = kref(w, w->ctx->kiter, type, kt->ns[type]);
		w->last_inode[type] = kt->ns[type];
		w->last_ref[type] = t->ns[type];
	}
	return 0;
}

static void for_children_refs(struct kwalk *w, const struct kiter_task *kt, struct task_rec *t,
			      int *rc)
{
	const struct nsinfo_snapshot *snap = w->ctx->snap;
	const struct {
		int type, slot;
		uint64_t inode;
	} links[] = {
		{ NSINFO_TYPE_PID, FOR_CHILDREN_PID, kt->pid_for_children },
		{ NSINFO_TYPE_TIME, FOR_CHILDREN_TIME, kt->time_for_children },
	};

	for (size_t i = 0; i < ARRAY_SIZE(links) && !*rc; i++) {
		if (!(snap->types & NSINFO_TYPE_BIT(links[i].type)) || !links[i].inode)
			continue;
		if (!ksink(w, links[i].type, links[i].inode, NOWHERE, false))
			*rc = -ENOMEM;
		t->for_children[links[i].slot] = kref(w, w->ctx->kiter, links[i].type,
						      links[i].inode);
	}
}

/* As source-proc.c bounds them. */
#define MAX_CGROUP_FILE (64u << 10)
#define MAX_STATUS_FILE (16u << 10)

static struct css_text *css_slot(struct kwalk *w, uint64_t css)
{
	size_t j = (size_t)((css >> 6) * 0x9e3779b97f4a7c15ull >> 32) & (w->cgcap - 1);

	while (w->cg[j].css && w->cg[j].css != css)
		j = (j + 1) & (w->cgcap - 1);
	return &w->cg[j];
}

static int css_grow(struct kwalk *w)
{
	struct css_text *old = w->cg;
	size_t oldcap = w->cgcap;

	w->cgcap = oldcap ? oldcap * 2 : 256;
	w->cg = calloc(w->cgcap, sizeof(*w->cg));
	if (!w->cg) {
		w->cg = old;
		w->cgcap = oldcap;
		return -ENOMEM;
	}
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].css)
			*css_slot(w, old[i].css) = old[i];
	free(old);
	return 0;
}

static void css_free(struct kwalk *w)
{
	for (size_t i = 0; i < w->cgcap; i++) {
		free(w->cg[i].text);
		free(w->cg[i].container);
	}
	free(w->cg);
}

/* The set's text parsed for its container (a copy is cut into lines). */
static int css_container(struct css_text *slot)
{
	struct cgroup_container cg;
	char *copy = strdup(slot->text);
	int rc;

	if (!copy)
		return -ENOMEM;
	rc = cgroup_text_container(copy, &cg);
	free(copy);
	if (rc < 0)
		return 0;
	slot->container = malloc(sizeof(cg));
	if (!slot->container)
		return -ENOMEM;
	*slot->container = cg;
	return 0;
}

/* The task's cgroup lines as t wants them: the text itself only for
 * the cgroup columns (CGROUP_FLAGS); with NSINFO_SCAN_CONTAINERS, the
 * container parsed once for the set. */
static int css_give(struct kwalk *w, const struct css_text *slot, struct task_rec *t)
{
	unsigned int flags = w->ctx->snap->flags;

	if (flags & NSINFO_SCAN_CONTAINERS) {
		t->container = slot->container;
		t->container_known = true;
	}
	if (!(flags & CGROUP_FLAGS))
		return 0;
	t->cgroup = strdup(slot->text);
	return t->cgroup ? 0 : -ENOMEM;
}

/*
 * /proc/PID/cgroup, read once per set of cgroups: tasks with the same
 * css_set are in the same cgroup of every hierarchy, so their files say
 * the same (to the same reader). At 1k containers of 10 processes that
 * is 1k reads instead of 10k. A css_set freed and another made at its
 * address during the walk would pass one process's file for another's;
 * that takes a task that leaves its cgroups between the iterator's read
 * and ours, and another that moves into new ones at the same address.
 */
static int read_cgroup(struct kwalk *w, const struct kiter_task *kt, struct task_rec *t)
{
	struct scan_ctx *ctx = w->ctx;
	struct css_text *slot = NULL;
	char path[32], *text = NULL;
	struct stat st;
	int rc;

	t->cgroup = NULL;
	if (kt->css) {
		if ((w->ncg + 1) * 2 > w->cgcap && css_grow(w) < 0)
			return -ENOMEM;
		slot = css_slot(w, kt->css);
		if (slot->css)
			return slot->text ? css_give(w, slot, t) : 0;
	}
	snprintf(path, sizeof(path), "%d/cgroup", (int)kt->tgid);
	rc = untrusted_read_file(ctx->proc_fd, path, UNTRUSTED_PROCFS, 0, MAX_CGROUP_FILE, &text,
				 NULL, &st);
	if (rc == -ENOMEM)
		return rc;
	/* a process gone meanwhile: its file is not the set's */
	if (rc < 0 || !slot) {
		t->cgroup = rc < 0 ? NULL : text;
		return 0;
	}
	slot->css = kt->css;
	slot->text = text;
	w->ncg++;
	if ((ctx->snap->flags & NSINFO_SCAN_CONTAINERS) && css_container(slot) < 0)
		return -ENOMEM;
	return css_give(w, slot, t);
}

/* What only /proc has of a process: its cgroup lines (containers), and its
 * NSpid when deeper than the iterator keeps. -ENOMEM or 0. */
static int proc_extras(struct kwalk *w, const struct kiter_task *kt, struct task_rec *t)
{
	struct scan_ctx *ctx = w->ctx;
	struct stat st;
	char path[32];

	if ((ctx->snap->flags & (NSINFO_SCAN_CONTAINERS | CGROUP_FLAGS)) &&
	    read_cgroup(w, kt, t) < 0)
		return -ENOMEM;
	if (!(ctx->snap->flags & NSINFO_SCAN_NSPID))
		return 0;
	if (kt->pid_level < KITER_NSPID_MAX) {
		t->nspid = kt->nspid;
		t->nnspid = kt->pid_level + 1;
		return 0;
	}
	snprintf(path, sizeof(path), "%d/status", (int)kt->tgid);
	if (untrusted_read_file(ctx->proc_fd, path, UNTRUSTED_PROCFS, 0, MAX_STATUS_FILE,
				&t->status, NULL, &st) == -ENOMEM)
		return -ENOMEM;
	return 0;
}

/* The fd records of the process at w->fds[*cur...]: holders, as
 * holders_scan_fds() records them. */
static int sink_fds(struct kwalk *w, struct nsinfo_proc *proc, size_t *cur)
{
	struct scan_ctx *ctx = w->ctx;
	const struct nsinfo_snapshot *snap = ctx->snap;
	int rc = 0;

	/* records of processes before this one that were not taken */
	while (*cur < w->nfds && w->res->fds[w->fds[*cur]].tgid < proc->pid)
		(*cur)++;
	for (; *cur < w->nfds && w->res->fds[w->fds[*cur]].tgid == proc->pid && !rc; (*cur)++) {
		const struct kiter_fd *f = &w->res->fds[w->fds[*cur]];
		struct nsinfo_holder h = { .pid = proc->pid, .fd = f->fd };
		unsigned int bit;
		struct ns_ref r;

		if (!(snap->types & NSINFO_TYPE_BIT(f->type)))
			continue;
		if (f->kind == KITER_FD_NSFS) {
			h.kind = NSINFO_HOLDER_FD;
			bit = NSINFO_HOLD_FD;
		} else if (f->kind == KITER_FD_SOCKET && (snap->flags & NSINFO_SCAN_SOCKETS)) {
			h.kind = NSINFO_HOLDER_SOCKET;
			bit = NSINFO_HOLD_SOCKET;
		} else {
			continue;
		}
		if (!ksink(w, (int)f->type, f->inode,
			   (struct kwhere){ .pid = proc->pid, .tid = proc->pid, .fd = f->fd,
					    .socket = f->kind == KITER_FD_SOCKET },
			   false))
			return -ENOMEM;
		r = kref(w, ctx->kiter, (int)f->type, f->inode);
		rc = sink_holder(ctx, &r, bit, &h);
	}
	return rc;
}

/* The standard streams of proc from its file records, which are at
 * w->filecur on (skipped past an earlier process's). */
static int kernel_stdio(struct kwalk *w, struct nsinfo_proc *proc)
{
	const struct kiter_result *res = w->res;
	struct kiter_file *batch;
	size_t lo, hi;
	int rc;

	while (w->filecur < res->nfiles && res->files[w->files[w->filecur]].tgid < proc->pid)
		w->filecur++;
	lo = hi = w->filecur;
	while (hi < res->nfiles && res->files[w->files[hi]].tgid == proc->pid)
		hi++;
	batch = malloc((hi > lo ? hi - lo : 1) * sizeof(*batch));
	if (!batch)
		return -ENOMEM;
	for (size_t j = lo; j < hi; j++)
		batch[j - lo] = res->files[w->files[j]];
	rc = stdio_kernel_read(w->ctx, proc, batch, hi - lo);
	free(batch);
	return rc;
}

/* What /proc/PID/stat and statm would say of the process, from its
 * tasks' records order[lo..hi) (leader first): what top shows, and what
 * tells a process that exec'd from one that did not (procinfo.c). CPU
 * time is the scheduler's runtime of its tasks plus what its gone
 * threads left in the signal struct, as thread_group_cputime() adds it
 * up: stat's utime + stime are scaled to sum to it. With threads skipped
 * (no TASKS, no TASK_STATS) it is the leader's alone, and not shown. */
static void numbers(const struct kwalk *w, struct nsinfo_proc *p, size_t lo, size_t hi)
{
	const struct kiter_task *lead = &w->res->tasks[w->order[lo]];
	long hz = sysconf(_SC_CLK_TCK), page = sysconf(_SC_PAGESIZE);
	uint64_t ns_per_tick = hz > 0 ? 1000000000ull / (uint64_t)hz : 10000000ull;
	uint64_t cpu = lead->sig_runtime_ns;

	for (size_t j = lo; j < hi; j++)
		cpu += w->res->tasks[w->order[j]].runtime_ns;
	p->knum = true;
	p->kthread = lead->flags & KITER_KTHREAD;
	p->ppid = lead->ppid;
	p->state = lead->state;
	p->start_ticks = lead->start_boottime_ns / ns_per_tick;
	p->start_stack = (unsigned long)lead->start_stack;
	p->cpu_ticks = cpu / ns_per_tick;
	p->nlwp = (int)lead->nr_threads;
	p->rss_kib = (unsigned long)(lead->rss_pages * (uint64_t)(page > 0 ? page : 4096) / 1024);
	p->keuid = lead->euid;
	memcpy(p->kcomm, lead->comm, sizeof(p->kcomm));
	p->kcomm[sizeof(p->kcomm) - 1] = '\0';
}

/* One process: the leader's record at w->order[*i], its threads after
 * it; *i moves past them. */
static int sink_group(struct kwalk *w, size_t *i, size_t *fdcur)
{
	struct scan_ctx *ctx = w->ctx;
	struct nsinfo_snapshot *snap = ctx->snap;
	const struct kiter_task *lead = &w->res->tasks[w->order[*i]];
	struct task_rec t = { .pid = lead->tgid, .tid = lead->tgid, .state = TASK_READ };
	struct nsinfo_proc *proc = NULL;
	size_t end = *i;
	unsigned int nread;
	int rc;

	while (end < w->res->ntasks && w->res->tasks[w->order[end]].tgid == lead->tgid)
		end++;
	/* the iterator showed threads but not the leader: /proc decides */
	if (lead->tid != lead->tgid) {
		*i = end;
		return proc_scan_one(ctx, lead->tgid);
	}
	t.zombie = lead->flags & KITER_ZOMBIE;
	rc = task_refs(w, lead, snap->scan_types, &t, &nread);
	if (!rc && nread == 0 && !t.zombie)
		t.state = TASK_GONE;	/* exited: nothing left to be in */
	if (!rc && nread) {
		if (snap->flags & NSINFO_SCAN_FOR_CHILDREN)
			for_children_refs(w, lead, &t, &rc);
		if (!rc)
			rc = proc_extras(w, lead, &t);
	}
	if (!rc)
		proc = sink_process(ctx, &t, &rc);
	free(t.cgroup);
	free(t.status);
	if (!rc && proc && (snap->flags & (NSINFO_SCAN_TASK_STATS | NSINFO_SCAN_INFO_ALL |
					   NSINFO_SCAN_INFO_LEADERS)))
		numbers(w, proc, *i, end);
	if (!rc && proc && nread && (snap->flags & NSINFO_SCAN_TASKS)) {
		for (size_t j = *i; j < end && !rc; j++) {
			const struct kiter_task *kt = &w->res->tasks[w->order[j]];
			struct task_rec tt = { .pid = kt->tgid, .tid = kt->tid, .state = TASK_READ };
			unsigned int tread;

			rc = task_refs(w, kt, snap->types, &tt, &tread);
			if (!rc)
				rc = sink_thread(ctx, proc, &tt);
		}
	}
	/* take this process's fd and file records, or skip them: a process
	 * whose records did not all fit is read from /proc instead */
	if (!rc && proc && nread &&
	    (snap->flags & (NSINFO_SCAN_FDS | NSINFO_SCAN_SOCKETS | NSINFO_SCAN_STDIO))) {
		if (lead->flags & KITER_CUT)
			rc = holders_scan_fds(ctx, proc, holders_fdwalk(snap));
		else if (snap->flags & (NSINFO_SCAN_FDS | NSINFO_SCAN_SOCKETS))
			rc = sink_fds(w, proc, fdcur);
		if (!rc && !(lead->flags & KITER_CUT) && (snap->flags & NSINFO_SCAN_STDIO))
			rc = kernel_stdio(w, proc);
	}
	while (*fdcur < w->nfds && w->res->fds[w->fds[*fdcur]].tgid <= lead->tgid)
		(*fdcur)++;
	while (w->filecur < w->res->nfiles && w->res->files[w->files[w->filecur]].tgid <= lead->tgid)
		w->filecur++;
	*i = end;
	return rc;
}

/* Sort keys, so that qsort() needs no context: a task by its process,
 * the leader first, then by TID; an fd record by process and number. */
struct sort_key {
	int32_t major, minor;
	uint32_t idx;
};

static int cmp_key(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;

	if (x->major != y->major)
		return x->major < y->major ? -1 : 1;
	if (x->minor != y->minor)
		return x->minor < y->minor ? -1 : 1;
	return 0;
}

/* order[0..n) = the indexes of keys, sorted. */
static void sorted(struct sort_key *keys, size_t n, uint32_t *order)
{
	qsort(keys, n, sizeof(*keys), cmp_key);
	for (size_t i = 0; i < n; i++)
		order[i] = keys[i].idx;
}

static int prepare(struct kwalk *w)
{
	const struct kiter_result *res = w->res;
	size_t nkeys = res->ntasks > res->nfds ? res->ntasks : res->nfds;
	struct sort_key *keys;

	w->rels = malloc((res->nns ? res->nns : 1) * sizeof(*w->rels));
	w->order = malloc((res->ntasks ? res->ntasks : 1) * sizeof(*w->order));
	w->fds = malloc((res->nfds ? res->nfds : 1) * sizeof(*w->fds));
	w->files = malloc((res->nfiles ? res->nfiles : 1) * sizeof(*w->files));
	if (res->nfiles > nkeys)
		nkeys = res->nfiles;
	keys = malloc((nkeys ? nkeys : 1) * sizeof(*keys));
	if (!w->rels || !w->order || !w->fds || !w->files || !keys) {
		free(keys);
		return -ENOMEM;
	}
	for (size_t i = 0; i < res->nns; i++)
		relations_of(w->ctx->snap, res, &res->ns[i], &w->rels[i]);
	for (size_t i = 0; i < res->ntasks; i++) {
		const struct kiter_task *t = &res->tasks[i];

		keys[i] = (struct sort_key){ .major = t->tgid,
					     .minor = t->tid == t->tgid ? INT32_MIN : t->tid,
					     .idx = (uint32_t)i };
	}
	sorted(keys, res->ntasks, w->order);
	w->nfds = 0;
	/* /proc/PID/fd is the leader's table: a thread with a table of its
	 * own (unshare(CLONE_FILES)) is not in it, so not here either */
	for (size_t i = 0; i < res->nfds; i++)
		if (res->fds[i].tid == res->fds[i].tgid)
			keys[w->nfds++] = (struct sort_key){ .major = res->fds[i].tgid,
							     .minor = res->fds[i].fd,
							     .idx = (uint32_t)i };
	sorted(keys, w->nfds, w->fds);
	for (size_t i = 0; i < res->nfiles; i++)
		keys[i] = (struct sort_key){ .major = res->files[i].tgid, .minor = res->files[i].fd,
					     .idx = (uint32_t)i };
	sorted(keys, res->nfiles, w->files);
	free(keys);
	return 0;
}

/* Every process: the iterator's in tgid order, merged with the proc
 * root's listing, whose PIDs the iterator did not show are read from
 * /proc. */
static int walk_all(struct kwalk *w, const pid_t *pids, size_t npids)
{
	size_t i = 0, p = 0, fdcur = 0;
	int rc = 0;

	while (!rc && (i < w->res->ntasks || p < npids)) {
		pid_t kt = i < w->res->ntasks ? w->res->tasks[w->order[i]].tgid : 0;

		if (kt <= 0 && i < w->res->ntasks) {
			i++;		/* the idle task: never a process */
			continue;
		}
		if (i < w->res->ntasks && (p == npids || kt <= pids[p])) {
			if (p < npids && kt == pids[p])
				p++;
			rc = sink_group(w, &i, &fdcur);
		} else {
			rc = proc_scan_one(w->ctx, pids[p++]);
		}
		if (!rc)
			rc = w->ctx->err;
	}
	return rc;
}

/* The threads of the process at dirfd/"PID/task", counted; 0: gone. */
static size_t count_tasks(int proc_fd, pid_t pid)
{
	char path[32];
	struct dirent *d;
	size_t n = 0;
	DIR *dir;
	int fd;

	snprintf(path, sizeof(path), "%d/task", (int)pid);
	fd = untrusted_open(proc_fd, path, O_RDONLY | O_DIRECTORY, UNTRUSTED_BENEATH);
	if (fd < 0)
		return 0;
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return 0;
	}
	while ((d = readdir(dir)))
		n += d->d_name[0] != '.';
	closedir(dir);
	return n;
}

/*
 * The PIDs to read from /proc because the iterator did not show them.
 * Listing the proc root costs as much as the iterator itself (12 ms at
 * 10k processes), so it is listed only when the kernel's count of tasks
 * says that some are missing beyond PID 1 (which a kernel may hide from
 * BPF: this one does). A task born or gone between the read and the
 * count makes them disagree: then the proc root is listed, and what the
 * iterator missed is read from it. *leaders: the thread group leaders it
 * read (counted in the same pass: the processes but for those only /proc
 * shows).
 */
static int missing_pids(struct scan_ctx *ctx, const struct kiter_result *res, bool threads,
			pid_t **pids, size_t *n, size_t *leaders)
{
	size_t shown = 0, total;
	bool pid1 = false;

	*leaders = 0;
	for (size_t i = 0; i < res->ntasks; i++) {
		const struct kiter_task *t = &res->tasks[i];

		if (t->tgid <= 0)
			continue;
		pid1 |= t->tgid == 1;
		*leaders += t->tid == t->tgid;
		if (threads)
			shown++;
		else if (t->tid == t->tgid)
			shown += t->nr_threads ? t->nr_threads : 1;
	}
	if (!pid1)
		shown += count_tasks(ctx->proc_fd, 1);
	total = proc_task_total(ctx->proc_fd);
	if (!total || total != shown)
		return proc_list_pids(ctx->proc_fd, pids, n);
	*n = 0;
	if (pid1)
		return 0;
	*pids = malloc(sizeof(**pids));
	if (!*pids)
		return -ENOMEM;
	(*pids)[0] = 1;
	*n = 1;
	return 0;
}

static int kernel_walk(struct scan_ctx *ctx)
{
	struct nsinfo_snapshot *snap = ctx->snap;
	struct kwalk w = { .ctx = ctx, .res = ctx->kres };
	unsigned int kflags = KITER_TASKS;
	char why[160] = "";
	uint64_t self_mntns;
	pid_t *pids = NULL;
	size_t npids = 0, nleaders;
	int rc;

	if (!ctx->kiter || !ctx->kres)
		return -EINVAL;
	if (snap->flags & (NSINFO_SCAN_FDS | NSINFO_SCAN_SOCKETS))
		kflags |= KITER_FDS;
	if (snap->flags & NSINFO_SCAN_STDIO)
		kflags |= KITER_STDIO;
	/* the mount namespaces without nsfs mounts need no mountinfo read */
	if (snap->flags & NSINFO_SCAN_MOUNTS)
		kflags |= KITER_MNT_COUNT;
	if (snap->flags & NSINFO_SCAN_NETNSID)
		kflags |= KITER_NETNSID;
	/* threads are read only when asked (what they are in, as /proc's
	 * task directories are) or their CPU time is (a process's is theirs
	 * added up) */
	if (!(snap->flags & (NSINFO_SCAN_TASKS | NSINFO_SCAN_TASK_STATS)))
		kflags |= KITER_NO_THREADS;
	if (proc_read_ns_link(ctx->proc_fd, "self/ns/mnt", NSINFO_TYPE_MNT, &self_mntns) == 0)
		snap->self_mntns = self_mntns;
	/* the records of the types scanned only (the relations of the
	 * others are never looked at: add_ancestors()) */
	kiter_set_types(ctx->kiter, snap->scan_types);
	rc = kiter_read_h(ctx->kiter, kflags, ctx->kres, why, sizeof(why));
	if (rc) {
		snprintf(snap->source_why, sizeof(snap->source_why), "%s", why);
		return rc;
	}
	/* after the read: a process that starts in between is in /proc's
	 * listing (when there is one) and read from there */
	rc = missing_pids(ctx, ctx->kres, !(kflags & KITER_NO_THREADS), &pids, &npids, &nleaders);
	if (!rc)
		rc = sink_reserve_procs(snap, nleaders + npids);
	if (!rc)
		rc = prepare(&w);
	if (!rc)
		rc = walk_all(&w, pids, npids);
	free(pids);
	free(w.rels);
	free(w.order);
	free(w.fds);
	free(w.files);
	css_free(&w);
	return rc ? rc : walk_finish(ctx);
}

const struct scan_source source_kernel = {
	.name = "kernel",
	.walk = kernel_walk,
};
