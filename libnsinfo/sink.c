// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sink.c - where the records of a source become a snapshot.
 *
 * A source (the /proc walk in source-proc.c; a kernel-side iterator next)
 * reads tasks and holders and hands them over as records: a task with the
 * inode of each of its namespaces, a holder (fd, socket, mount) with the
 * inode it holds. For each namespace it also says how its relations can
 * be learned the first time the sink meets it: a readable nsfs descriptor
 * the source has, a name to open below a directory, or the relations by
 * value. The sink alone decides what is new, counts, keeps the leaders
 * and split threads, reads relations once per namespace (or takes them
 * from the scanner's last snapshot), and records the holders. The
 * snapshot code never knows where a record came from.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static bool wants_relations(const struct nsinfo_snapshot *snap)
{
	return snap->flags & (NSINFO_SCAN_RELATIONS | NSINFO_SCAN_NETNSID);
}

/* Relations given by value: what the source knows, as it knows it. */
static void relations_from(struct nsinfo_ns *ns, const struct ns_relations *rel)
{
	ns->parent = rel->parent;
	ns->owner = rel->owner;
	ns->owner_uid = rel->owner_uid;
	ns->nsid = rel->nsid;
	ns->depth = rel->depth;
	ns->netnsid = rel->netnsid;
	ns->known = rel->known;
	ns->unknown = rel->unknown;
}

/* A readable descriptor of r's namespace, or -errno: the source's own, or
 * opened as another user's (checked to be that very namespace). */
static int open_ref(const struct ns_ref *r, bool *own)
{
	*own = r->fd >= 0;
	if (r->fd >= 0)
		return r->fd;
	if (r->dirfd < 0)
		return -ENOENT;
	/* a link read a moment ago, or a mount: what we open must be that
	 * very namespace (a user may flip an fd number, or bind-mount a FIFO
	 * over the name), else no relations are read from it */
	if (r->name)
		return untrusted_nsfs_at(r->dirfd, r->name, r->type, r->inode);
	return untrusted_nsfs(r->dirfd, r->type, r->inode, true);
}

/* The NETNSID of a net namespace whose other relations came by value:
 * the last snapshot's, when it had one for this very namespace (same
 * 64-bit id), else asked of the network stack through a descriptor. */
static void sink_netnsid(struct scan_ctx *ctx, struct nsinfo_ns *ns, const struct ns_ref *r)
{
	const struct nsinfo_ns *old = ctx->prev ? nsmap_find(&ctx->prev->map, r->type, r->inode)
						: NULL;
	bool own;
	int fd;

	if (old && (old->known & KNOWN_NETNSID) && old->netnsid >= 0 &&
	    (old->known & KNOWN_NSID) && (ns->known & KNOWN_NSID) && old->nsid == ns->nsid) {
		ns->netnsid = old->netnsid;
		ns->known |= KNOWN_NETNSID;
		return;
	}
	if (relations_netnsid_read(ctx, ns))
		return;
	fd = open_ref(r, &own);
	if (fd < 0)
		return;
	relations_read_netnsid(ctx, ns, fd);
	if (!own)
		close(fd);
}

struct nsinfo_ns *sink_ns(struct scan_ctx *ctx, const struct ns_ref *r)
{
	struct nsinfo_ns *ns = nsmap_find(&ctx->snap->map, r->type, r->inode);
	const struct nsinfo_ns *prev = NULL;
	bool created, own;
	int fd;

	if (ns)
		return ns;
	ns = snapshot_get_ns(ctx->snap, r->type, r->inode, &created);
	if (!ns) {
		ctx->err = -ENOMEM;
		return NULL;
	}
	if (!created || !wants_relations(ctx->snap))
		return ns;
	if (r->rel) {
		relations_from(ns, r->rel);
		if ((ctx->snap->flags & NSINFO_SCAN_NETNSID) && r->type == NSINFO_TYPE_NET &&
		    !(ns->known & KNOWN_NETNSID))
			sink_netnsid(ctx, ns, r);
		return ns;
	}
	/* known from the last refresh, and still that namespace */
	if (r->fd >= 0)
		prev = relations_prev(ctx, r->type, r->inode, r->fd, "", AT_EMPTY_PATH);
	else if (r->dirfd >= 0)
		prev = relations_prev(ctx, r->type, r->inode, r->dirfd, r->name ? r->name : "",
				      r->name ? AT_SYMLINK_FOLLOW : AT_EMPTY_PATH);
	if (prev) {
		relations_copy(ctx, ns, prev);
		return ns;
	}
	fd = open_ref(r, &own);
	if (fd >= 0) {
		relations_read(ctx, ns, fd);
		if (!own)
			close(fd);
	} else if (proc_err_classify(fd) == PROC_ERR_DENIED) {
		ns->unknown |= NSINFO_NS_DENIED;
	}
	return ns;
}

/* One block for all of them: grown from 512 by doubling, the array was
 * copied five times on every refresh of 10k processes, into memory
 * touched for the first time (a monitor's page faults, bench/RESULTS.md). */
int sink_reserve_procs(struct nsinfo_snapshot *snap, size_t n)
{
	struct nsinfo_proc *p;

	if (n <= snap->procs_cap)
		return 0;
	p = realloc(snap->procs, n * sizeof(*p));
	if (!p)
		return -ENOMEM;
	snap->procs = p;
	snap->procs_cap = n;
	return 0;
}

static struct nsinfo_proc *proc_append(struct nsinfo_snapshot *snap, pid_t pid)
{
	struct nsinfo_proc *p;

	if (snap->nprocs == snap->procs_cap) {
		size_t cap = snap->procs_cap ? snap->procs_cap * 2 : 512;

		p = realloc(snap->procs, cap * sizeof(*p));
		if (!p)
			return NULL;
		snap->procs = p;
		snap->procs_cap = cap;
	}
	p = &snap->procs[snap->nprocs];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	return p;
}

/* The pid_for_children / time_for_children namespaces of a process. */
static int sink_for_children(struct scan_ctx *ctx, struct nsinfo_proc *proc,
			     const struct task_rec *t)
{
	static const int type_of[FOR_CHILDREN_N] = {
		[FOR_CHILDREN_PID] = NSINFO_TYPE_PID,
		[FOR_CHILDREN_TIME] = NSINFO_TYPE_TIME,
	};

	for (int k = 0; k < FOR_CHILDREN_N; k++) {
		struct nsinfo_ns *ns;

		if (!t->for_children[k].inode)
			continue;	/* no child namespace yet, or no such link */
		ns = sink_ns(ctx, &t->for_children[k]);
		if (!ns)
			return -ENOMEM;
		proc->for_children[k] = ns;
		if (ns != proc->ns[type_of[k]]) {
			ns->holders |= NSINFO_HOLD_FOR_CHILDREN;
			if (!ns->fc_pid || proc->pid < ns->fc_pid)
				ns->fc_pid = proc->pid;
		}
	}
	return 0;
}

/* What the cgroup lines say of the process's container (cut in place),
 * or what the source parsed of them already. */
static int sink_cgroup(struct nsinfo_proc *proc, const struct task_rec *t)
{
	struct cgroup_container cg;

	if (t->container_known) {
		if (!t->container)
			return 0;
		cg = *t->container;
	} else if (!t->cgroup || cgroup_text_container(t->cgroup, &cg) < 0) {
		return 0;
	}
	proc->cg = malloc(sizeof(cg));
	if (!proc->cg)
		return -ENOMEM;
	*proc->cg = cg;
	return 0;
}

/* n levels of NSpid for proc; 0 or -ENOMEM */
static int sink_nspid_of(struct nsinfo_proc *proc, const pid_t *pids, size_t n)
{
	struct proc_extra *x = proc_extra(proc);

	if (!x || !(x->nspid = malloc(n * sizeof(*pids))))
		return -ENOMEM;
	memcpy(x->nspid, pids, n * sizeof(*pids));
	x->nnspid = (unsigned int)n;
	return 0;
}

/* The NSpid line of the status text; a text without one (an old kernel,
 * a fixture) or with a bad one leaves the process without. */
static int sink_nspid(struct nsinfo_proc *proc, const char *status)
{
	pid_t pids[NSPID_MAX_LEVELS];
	size_t n;

	if (parse_status_nspid(status, strlen(status), pids, ARRAY_SIZE(pids), &n) < 0)
		return 0;
	return sink_nspid_of(proc, pids, n);
}

struct nsinfo_proc *sink_process(struct scan_ctx *ctx, const struct task_rec *t, int *rc)
{
	struct nsinfo_snapshot *snap = ctx->snap;
	struct nsinfo_proc *proc;

	*rc = 0;
	if (t->state == TASK_GONE)
		return NULL;
	proc = proc_append(snap, t->pid);
	if (!proc) {
		*rc = -ENOMEM;
		return NULL;
	}
	if (t->zombie)
		proc->flags |= NSINFO_PROC_ZOMBIE;
	snap->nprocs++;
	snap->seen++;
	if (t->state == TASK_DENIED) {
		proc->flags |= NSINFO_PROC_DENIED;
		snap->denied++;
		return proc;
	}
	for (int type = 0; type < NSINFO_NTYPES; type++) {
		struct nsinfo_ns *ns;

		if (!t->ns[type].inode)
			continue;
		ns = sink_ns(ctx, &t->ns[type]);
		if (!ns) {
			*rc = -ENOMEM;
			return proc;
		}
		proc->ns[type] = ns;
		ns->nprocs++;
		ns->holders |= NSINFO_HOLD_PROCESS;
		if (!ns->first_pid || t->pid < ns->first_pid)
			ns->first_pid = t->pid;
	}
	*rc = sink_for_children(ctx, proc, t);
	/* the text as read is kept (cut into paths after the walk), before
	 * the container parse cuts it */
	if (!*rc && t->cgroup && (snap->flags & CGROUP_FLAGS) &&
	    (!proc_extra(proc) || !(proc->x->cgtext = strdup(t->cgroup))))
		*rc = -ENOMEM;
	if (!*rc && (t->cgroup || t->container_known) && (snap->flags & NSINFO_SCAN_CONTAINERS))
		*rc = sink_cgroup(proc, t);
	if (!*rc && t->status)
		*rc = sink_nspid(proc, t->status);
	if (!*rc && t->nnspid && !proc_extra_of(proc)->nspid)
		*rc = sink_nspid_of(proc, t->nspid, t->nnspid);
	return proc;
}

static int split_append(struct nsinfo_proc *proc, const struct nsinfo_split *s)
{
	struct proc_extra *x = proc_extra(proc);
	struct nsinfo_split *v = x ? realloc(x->splits, (x->nsplits + 1) * sizeof(*v)) : NULL;

	if (!v)
		return -ENOMEM;
	v[x->nsplits++] = *s;
	x->splits = v;
	return 0;
}

int sink_thread(struct scan_ctx *ctx, struct nsinfo_proc *proc, const struct task_rec *t)
{
	struct nsinfo_split split = { .tid = t->tid };
	bool apart = false;

	proc->nthreads++;
	if (t->tid == proc->pid) {
		for (int type = 0; type < NSINFO_NTYPES; type++)
			if (proc->ns[type])
				proc->ns[type]->nthreads++;
		return 0;
	}
	if (t->state == TASK_DENIED)
		ctx->snap->denied_tasks++;
	if (t->state != TASK_READ)
		return 0;
	for (int type = 0; type < NSINFO_NTYPES; type++) {
		struct nsinfo_ns *ns;

		if (!t->ns[type].inode)
			continue;
		ns = sink_ns(ctx, &t->ns[type]);
		if (!ns)
			return -ENOMEM;
		ns->nthreads++;
		split.ns[type] = ns;
		if (ns == proc->ns[type])
			continue;
		/* a thread that sits apart from its leader in this type */
		ns->holders |= NSINFO_HOLD_THREAD;
		apart = true;
		if (!ns->thread_tid || t->tid < ns->thread_tid) {
			ns->thread_tid = t->tid;
			ns->thread_pid = proc->pid;
		}
	}
	if (!apart)
		return 0;
	proc->flags |= NSINFO_PROC_SPLIT;
	return split_append(proc, &split);
}

int ns_add_holder(struct nsinfo_ns *ns, const struct nsinfo_holder *h)
{
	struct nsinfo_holder *v;
	char *path = NULL;

	if (h->path && !(path = strdup(h->path)))
		return -ENOMEM;
	v = realloc(ns->hold, (ns->nhold + 1) * sizeof(*v));
	if (!v) {
		free(path);
		return -ENOMEM;
	}
	v[ns->nhold] = *h;
	v[ns->nhold].path = path;
	ns->hold = v;
	ns->nhold++;
	return 0;
}

int sink_holder(struct scan_ctx *ctx, const struct ns_ref *r, unsigned int bit,
		const struct nsinfo_holder *h)
{
	struct nsinfo_ns *ns = sink_ns(ctx, r);

	if (!ns)
		return ctx->err ? ctx->err : -ENOMEM;
	ns->holders |= bit;
	return ns_add_holder(ns, h);
}

struct nsinfo_ns *sink_ancestor(struct scan_ctx *ctx, const struct ns_ref *r)
{
	struct nsinfo_ns *ns = sink_ns(ctx, r);

	if (ns)
		ns->holders |= NSINFO_HOLD_ANCESTOR;
	return ns;
}
