// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * snapshot.c - the snapshot value: building its indexes after the scan,
 * lookups, accessors, and freeing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct nsinfo_ns *snapshot_get_ns(struct nsinfo_snapshot *snap, int type,
				  uint64_t inode, bool *created)
{
	struct nsinfo_ns *ns = nsmap_find(&snap->map, type, inode);

	*created = false;
	if (ns)
		return ns;
	ns = calloc(1, sizeof(*ns));
	if (!ns)
		return NULL;
	ns->type = (enum nsinfo_type)type;
	ns->inode = inode;
	ns->netnsid = -1;
	if (!(snap->flags & NSINFO_SCAN_RELATIONS))
		ns->unknown |= NSINFO_NS_NO_RELATIONS;
	if (nsmap_add(&snap->map, ns) < 0) {
		free(ns);
		return NULL;
	}
	*created = true;
	return ns;
}

void ns_copy_relations(struct nsinfo_ns *to, const struct nsinfo_ns *from)
{
	to->known = from->known;
	to->unknown = from->unknown;
	to->parent = from->parent;
	to->owner = from->owner;
	to->owner_uid = from->owner_uid;
	to->nsid = from->nsid;
	to->depth = from->depth;
	to->netnsid = from->netnsid;
}

static int cmp_ns(const void *a, const void *b)
{
	const struct nsinfo_ns *x = *(const struct nsinfo_ns *const *)a;
	const struct nsinfo_ns *y = *(const struct nsinfo_ns *const *)b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	return (x->type > y->type) - (x->type < y->type);
}

static int cmp_proc(const void *a, const void *b)
{
	const struct nsinfo_proc *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

static bool procs_sorted(const struct nsinfo_snapshot *snap)
{
	for (size_t i = 1; i < snap->nprocs; i++)
		if (snap->procs[i - 1].pid >= snap->procs[i].pid)
			return false;
	return true;
}

/* lsns's NSFS (mounts in our mount namespace) and the name, from the
 * mount holders. */
static int finish_mounts(const struct nsinfo_snapshot *snap, struct nsinfo_ns *ns)
{
	const char *any = NULL;

	for (size_t i = 0; i < ns->nhold; i++) {
		const struct nsinfo_holder *h = &ns->hold[i];
		const char **v;

		if (h->kind != NSINFO_HOLDER_MOUNT)
			continue;
		if (!any)
			any = h->path;
		if (h->mntns != snap->self_mntns)
			continue;
		((struct nsinfo_holder *)h)->own_mntns = 1;
		v = realloc(ns->nsfs, (ns->nnsfs + 1) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		v[ns->nnsfs++] = h->path;
		ns->nsfs = v;
	}
	/* `ip netns` names: a bind mount right below /run/netns */
	for (size_t i = 0; i < ns->nnsfs && ns->type == NSINFO_TYPE_NET; i++) {
		const char *p = ns->nsfs[i];

		if (strncmp(p, "/run/netns/", 11) == 0 && p[11] && !strchr(p + 11, '/')) {
			ns->name = p + 11;
			return 0;
		}
	}
	ns->name = ns->nnsfs ? ns->nsfs[0] : any;
	return 0;
}

/*
 * After the walk: procs sorted by PID, the namespace list sorted, and each
 * namespace's process list as a slice of one pointer pool (one allocation
 * for all of them, filled in PID order so every slice is sorted).
 */
int snapshot_finish(struct nsinfo_snapshot *snap)
{
	size_t n = 0, total = 0, off = 0;

	/* qsort(NULL, 0, ...) is undefined: an empty proc root has no procs;
	 * the kernel source's walk adds them in PID order already, and
	 * glibc's merge sort would compare n log n times all the same */
	if (snap->nprocs > 1 && !procs_sorted(snap))
		qsort(snap->procs, snap->nprocs, sizeof(*snap->procs), cmp_proc);

	snap->ns = malloc((snap->map.count ? snap->map.count : 1) * sizeof(*snap->ns));
	if (!snap->ns)
		return -ENOMEM;
	/* the mount namespaces read only for their mounts are not listed */
	for (size_t i = 0; i < snap->map.cap; i++)
		if (snap->map.slots[i] && (snap->types & NSINFO_TYPE_BIT(snap->map.slots[i]->type)))
			snap->ns[n++] = snap->map.slots[i];
	for (size_t i = 0; i < snap->nprocs; i++)
		for (int t = 0; t < NSINFO_NTYPES; t++)
			if (!(snap->types & NSINFO_TYPE_BIT(t)))
				snap->procs[i].ns[t] = NULL;
	snap->nns = n;
	if (n > 1)
		qsort(snap->ns, n, sizeof(*snap->ns), cmp_ns);

	for (size_t i = 0; i < n; i++)
		total += snap->ns[i]->nprocs;
	snap->proc_pool = malloc((total ? total : 1) * sizeof(*snap->proc_pool));
	if (!snap->proc_pool)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		snap->ns[i]->procs = snap->proc_pool + off;
		snap->ns[i]->procs_of = snap->procs;
		off += snap->ns[i]->nprocs;
		snap->ns[i]->nprocs = 0;	/* refilled below */
	}
	for (size_t i = 0; i < snap->nprocs; i++) {
		struct nsinfo_proc *p = &snap->procs[i];

		for (int t = 0; t < NSINFO_NTYPES; t++)
			if (p->ns[t])
				p->ns[t]->procs[p->ns[t]->nprocs++] = (uint32_t)i;
	}
	for (size_t i = 0; i < n; i++) {
		struct nsinfo_ns *ns = snap->ns[i];

		if (finish_mounts(snap, ns) < 0)
			return -ENOMEM;
		if (ns->thread_pid)
			ns->thread_proc = (struct nsinfo_proc *)
				nsinfo_snapshot_find_proc(snap, ns->thread_pid);
		if (ns->fc_pid)
			ns->fc_proc = (struct nsinfo_proc *)
				nsinfo_snapshot_find_proc(snap, ns->fc_pid);
	}
	return 0;
}

struct proc_extra *proc_extra(struct nsinfo_proc *proc)
{
	if (!proc->x)
		proc->x = calloc(1, sizeof(*proc->x));
	return proc->x;
}

const struct proc_extra *proc_extra_of(const struct nsinfo_proc *proc)
{
	static const struct proc_extra none;

	return proc->x ? proc->x : &none;
}

void proc_extra_free(struct nsinfo_proc *proc)
{
	if (!proc->x)
		return;
	free(proc->x->splits);
	free(proc->x->nspid);
	free(proc->x->cgtext);
	cg_paths_free(proc->x->cgp);
	free(proc->x);
	proc->x = NULL;
}

NSINFO_EXPORT struct nsinfo_snapshot *nsinfo_snapshot_ref(struct nsinfo_snapshot *snap)
{
	/* relaxed: taking a reference orders nothing; the last unref must
	 * see every other thread's use of the snapshot before freeing */
	if (snap)
		__atomic_fetch_add(&snap->refcount, 1, __ATOMIC_RELAXED);
	return snap;
}

static void ns_free(struct nsinfo_ns *ns)
{
	for (size_t j = 0; j < ns->nhold; j++)
		free((char *)ns->hold[j].path);
	free(ns->hold);
	free(ns->nsfs);
	cg_paths_free(ns->cgroot);
	free(ns);
}

/* The merged twin of a worker's namespace, or the namespace itself. */
static struct nsinfo_ns *kept(struct nsinfo_ns *ns)
{
	return ns && ns->merged ? ns->merged : ns;
}

static void merge_min(pid_t *into, pid_t v)
{
	if (v && (!*into || v < *into))
		*into = v;
}

/* Fold namespace b (a worker's) into its twin a. */
static int merge_ns(struct nsinfo_ns *a, struct nsinfo_ns *b)
{
	struct nsinfo_holder *h;

	a->nprocs += b->nprocs;
	a->nthreads += b->nthreads;
	a->holders |= b->holders;
	merge_min(&a->first_pid, b->first_pid);
	merge_min(&a->fc_pid, b->fc_pid);
	if (b->thread_tid && (!a->thread_tid || b->thread_tid < a->thread_tid)) {
		a->thread_tid = b->thread_tid;
		a->thread_pid = b->thread_pid;
	}
	/* both read the relations; keep what a knows, add what only b does */
	if (!(a->known & KNOWN_PARENT) && (b->known & KNOWN_PARENT))
		ns_copy_relations(a, b);
	if (b->nhold) {
		h = realloc(a->hold, (a->nhold + b->nhold) * sizeof(*h));
		if (!h)
			return -ENOMEM;
		memcpy(h + a->nhold, b->hold, b->nhold * sizeof(*h));
		a->hold = h;
		a->nhold += b->nhold;
		free(b->hold);	/* the paths moved to a */
		b->hold = NULL;
		b->nhold = 0;
	}
	b->merged = a;
	return 0;
}

int snapshot_merge(struct nsinfo_snapshot *snap, struct nsinfo_snapshot *part)
{
	struct nsinfo_proc *procs;
	int rc;

	/* namespaces: new ones move over, twins fold into snap's */
	for (size_t i = 0; i < part->map.cap; i++) {
		struct nsinfo_ns *ns = part->map.slots[i], *twin;

		if (!ns)
			continue;
		twin = nsmap_find(&snap->map, (int)ns->type, ns->inode);
		rc = twin ? merge_ns(twin, ns) : nsmap_add(&snap->map, ns);
		if (rc)
			return rc;
		if (!twin)
			part->map.slots[i] = NULL;	/* snap owns it now */
	}
	/* processes, their namespace pointers moved to the kept twins */
	procs = realloc(snap->procs, (snap->nprocs + part->nprocs + 1) * sizeof(*procs));
	if (!procs)
		return -ENOMEM;
	snap->procs = procs;
	snap->procs_cap = snap->nprocs + part->nprocs + 1;
	for (size_t i = 0; i < part->nprocs; i++) {
		struct nsinfo_proc *p = &procs[snap->nprocs + i];

		*p = part->procs[i];
		for (int t = 0; t < NSINFO_NTYPES; t++)
			p->ns[t] = kept(p->ns[t]);
		for (int k = 0; k < FOR_CHILDREN_N; k++)
			p->for_children[k] = kept(p->for_children[k]);
		for (size_t j = 0; p->x && j < p->x->nsplits; j++)
			for (int t = 0; t < NSINFO_NTYPES; t++)
				p->x->splits[j].ns[t] = kept(p->x->splits[j].ns[t]);
	}
	snap->nprocs += part->nprocs;
	part->nprocs = 0;	/* their splits moved too */
	snap->seen += part->seen;
	snap->denied += part->denied;
	snap->denied_tasks += part->denied_tasks;
	return 0;
}

/* What snapshot_merge() left behind: the folded twins and the arrays. */
void snapshot_part_free(struct nsinfo_snapshot *part)
{
	for (size_t i = 0; i < part->map.cap; i++)
		if (part->map.slots[i])
			ns_free(part->map.slots[i]);
	nsmap_free(&part->map);
	for (size_t i = 0; i < part->nprocs; i++) {
		proc_extra_free(&part->procs[i]);
		free(part->procs[i].cg);
		stdio_free(part->procs[i].stdio);
	}
	free(part->procs);
}

NSINFO_EXPORT void nsinfo_snapshot_unref(struct nsinfo_snapshot *snap)
{
	if (!snap || __atomic_sub_fetch(&snap->refcount, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	for (size_t i = 0; i < snap->map.cap; i++)
		if (snap->map.slots[i])
			ns_free(snap->map.slots[i]);
	nsmap_free(&snap->map);
	for (size_t i = 0; i < snap->nprocs; i++) {
		proc_extra_free(&snap->procs[i]);
		free(snap->procs[i].cg);
		stdio_free(snap->procs[i].stdio);
		procinfo_free(&snap->procs[i]);
	}
	free(snap->procs);
	free(snap->proc_pool);
	free(snap->ns);
	containers_free(snap);
	cgroups_free(snap);
	free(snap->proc_root);
	free(snap->state_root);
	free(snap);
}

/* ---- snapshot accessors ---- */

NSINFO_EXPORT size_t nsinfo_snapshot_ns_count(const struct nsinfo_snapshot *snap)
{
	return snap ? snap->nns : 0;
}

NSINFO_EXPORT const struct nsinfo_ns *nsinfo_snapshot_ns(const struct nsinfo_snapshot *snap,
							 size_t index)
{
	if (!snap || index >= snap->nns) {
		errno = EINVAL;
		return NULL;
	}
	return snap->ns[index];
}

NSINFO_EXPORT const struct nsinfo_ns *nsinfo_snapshot_find_ns(const struct nsinfo_snapshot *snap,
							      int type, uint64_t inode)
{
	const struct nsinfo_ns *ns = snap ? nsmap_find(&snap->map, type, inode) : NULL;

	if (ns && !(snap->types & NSINFO_TYPE_BIT(ns->type)))
		ns = NULL;	/* read for its mounts only */
	if (!ns)
		errno = ENOENT;
	return ns;
}

NSINFO_EXPORT size_t nsinfo_snapshot_proc_count(const struct nsinfo_snapshot *snap)
{
	return snap ? snap->nprocs : 0;
}

NSINFO_EXPORT const struct nsinfo_proc *nsinfo_snapshot_proc(const struct nsinfo_snapshot *snap,
							     size_t index)
{
	if (!snap || index >= snap->nprocs) {
		errno = EINVAL;
		return NULL;
	}
	return &snap->procs[index];
}

NSINFO_EXPORT const struct nsinfo_proc *nsinfo_snapshot_find_proc(const struct nsinfo_snapshot *snap,
								  pid_t pid)
{
	/* a binary search of its own: bsearch()'s call of a comparison a
	 * step was most of a monitor's lookups of the last refresh's
	 * processes, one per process (bench/RESULTS.md) */
	size_t lo = 0, hi = snap ? snap->nprocs : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		pid_t at = snap->procs[mid].pid;

		if (at == pid)
			return &snap->procs[mid];
		if (at < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	errno = ENOENT;
	return NULL;
}

NSINFO_EXPORT size_t nsinfo_snapshot_seen_count(const struct nsinfo_snapshot *snap)
{
	return snap ? snap->seen : 0;
}

NSINFO_EXPORT size_t nsinfo_snapshot_denied_count(const struct nsinfo_snapshot *snap)
{
	return snap ? snap->denied : 0;
}

NSINFO_EXPORT size_t nsinfo_snapshot_denied_task_count(const struct nsinfo_snapshot *snap)
{
	return snap ? snap->denied_tasks : 0;
}

NSINFO_EXPORT enum nsinfo_source nsinfo_snapshot_source(const struct nsinfo_snapshot *snap,
							const char **why)
{
	if (why)
		*why = snap && snap->source_why[0] ? snap->source_why : NULL;
	return snap && snap->source == NSINFO_SOURCE_KERNEL ? NSINFO_SOURCE_KERNEL
							     : NSINFO_SOURCE_PROC;
}

NSINFO_EXPORT const char *nsinfo_snapshot_proc_root(const struct nsinfo_snapshot *snap)
{
	return snap ? snap->proc_root : NULL;
}

/* ---- namespace accessors ---- */

NSINFO_EXPORT enum nsinfo_type nsinfo_ns_type(const struct nsinfo_ns *ns)
{
	return ns->type;
}

NSINFO_EXPORT uint64_t nsinfo_ns_inode(const struct nsinfo_ns *ns)
{
	return ns->inode;
}

NSINFO_EXPORT unsigned int nsinfo_ns_holders(const struct nsinfo_ns *ns)
{
	return ns->holders;
}

NSINFO_EXPORT unsigned int nsinfo_ns_unknown(const struct nsinfo_ns *ns)
{
	return ns->unknown;
}

NSINFO_EXPORT int nsinfo_ns_leader(const struct nsinfo_ns *ns,
				   const struct nsinfo_proc **proc, pid_t *tid,
				   unsigned int *how)
{
	const struct nsinfo_proc *p = NULL;
	unsigned int h = 0;
	pid_t t = 0;

	if (ns->nprocs) {
		p = ns_proc_at(ns, 0);
		t = p->pid;
		h = NSINFO_HOLD_PROCESS;
	} else if (ns->thread_proc) {
		p = ns->thread_proc;
		t = ns->thread_tid;
		h = NSINFO_HOLD_THREAD;
	} else if (ns->fc_proc) {
		p = ns->fc_proc;
		t = p->pid;
		h = NSINFO_HOLD_FOR_CHILDREN;
	}
	if (!p)
		return -ENODATA;
	if (proc)
		*proc = p;
	if (tid)
		*tid = t;
	if (how)
		*how = h;
	return 0;
}

NSINFO_EXPORT size_t nsinfo_ns_proc_count(const struct nsinfo_ns *ns)
{
	return ns->nprocs;
}

NSINFO_EXPORT const struct nsinfo_proc *nsinfo_ns_proc(const struct nsinfo_ns *ns,
						       size_t index)
{
	if (index >= ns->nprocs) {
		errno = EINVAL;
		return NULL;
	}
	return ns_proc_at(ns, index);
}

NSINFO_EXPORT size_t nsinfo_ns_thread_count(const struct nsinfo_ns *ns)
{
	return ns->nthreads;
}

/* A relation value, or why it is missing. */
static int known_or(const struct nsinfo_ns *ns, unsigned int bit)
{
	if (ns->known & bit)
		return 0;
	return (ns->unknown & NSINFO_NS_DENIED) ? -EACCES : -ENODATA;
}

NSINFO_EXPORT int nsinfo_ns_parent(const struct nsinfo_ns *ns, uint64_t *inode)
{
	int rc = known_or(ns, KNOWN_PARENT);

	if (!rc)
		*inode = ns->parent;
	return rc;
}

NSINFO_EXPORT int nsinfo_ns_owner(const struct nsinfo_ns *ns, uint64_t *inode)
{
	int rc = known_or(ns, KNOWN_OWNER);

	if (!rc)
		*inode = ns->owner;
	return rc;
}

NSINFO_EXPORT int nsinfo_ns_owner_uid(const struct nsinfo_ns *ns, uid_t *uid)
{
	int rc = known_or(ns, KNOWN_OWNER_UID);

	if (!rc)
		*uid = ns->owner_uid;
	return rc;
}

NSINFO_EXPORT int nsinfo_ns_id(const struct nsinfo_ns *ns, uint64_t *id)
{
	int rc = known_or(ns, KNOWN_NSID);

	if (!rc)
		*id = ns->nsid;
	return rc;
}

NSINFO_EXPORT int nsinfo_ns_depth(const struct nsinfo_ns *ns, unsigned int *depth)
{
	int rc = known_or(ns, KNOWN_DEPTH);

	if (!rc)
		*depth = ns->depth;
	return rc;
}

NSINFO_EXPORT int nsinfo_ns_netnsid(const struct nsinfo_ns *ns, int *netnsid)
{
	int rc = known_or(ns, KNOWN_NETNSID);

	if (!rc)
		*netnsid = ns->netnsid;
	return rc;
}

NSINFO_EXPORT size_t nsinfo_ns_nsfs_count(const struct nsinfo_ns *ns)
{
	return ns->nnsfs;
}

NSINFO_EXPORT const char *nsinfo_ns_nsfs(const struct nsinfo_ns *ns, size_t index)
{
	if (index >= ns->nnsfs) {
		errno = EINVAL;
		return NULL;
	}
	return ns->nsfs[index];
}

NSINFO_EXPORT size_t nsinfo_ns_holder_count(const struct nsinfo_ns *ns)
{
	return ns->nhold;
}

NSINFO_EXPORT const struct nsinfo_holder *nsinfo_ns_holder(const struct nsinfo_ns *ns,
							   size_t index)
{
	if (index >= ns->nhold) {
		errno = EINVAL;
		return NULL;
	}
	return &ns->hold[index];
}

NSINFO_EXPORT const char *nsinfo_ns_name(const struct nsinfo_ns *ns)
{
	return ns->name;
}

/* ---- process accessors ---- */

NSINFO_EXPORT pid_t nsinfo_proc_pid(const struct nsinfo_proc *proc)
{
	return proc->pid;
}

NSINFO_EXPORT unsigned int nsinfo_proc_flags(const struct nsinfo_proc *proc)
{
	return proc->flags;
}

NSINFO_EXPORT const struct nsinfo_ns *nsinfo_proc_ns(const struct nsinfo_proc *proc,
						     enum nsinfo_type type)
{
	if ((unsigned int)type >= NSINFO_NTYPES)
		return NULL;
	return proc->ns[type];
}

NSINFO_EXPORT const struct nsinfo_ns *nsinfo_proc_ns_for_children(const struct nsinfo_proc *proc,
								  enum nsinfo_type type)
{
	const struct nstype_info *t = nstype_get((int)type);

	if (!t || t->for_children < 0)
		return NULL;
	return proc->for_children[t->for_children];
}

NSINFO_EXPORT size_t nsinfo_proc_thread_count(const struct nsinfo_proc *proc)
{
	if (!proc->nthreads && (proc->flags & NSINFO_PROC_HAS_STATS) && proc->nlwp > 0)
		return (size_t)proc->nlwp;
	return proc->nthreads;
}

NSINFO_EXPORT size_t nsinfo_proc_split_count(const struct nsinfo_proc *proc)
{
	return proc_extra_of(proc)->nsplits;
}

NSINFO_EXPORT pid_t nsinfo_proc_split_tid(const struct nsinfo_proc *proc, size_t index)
{
	const struct proc_extra *x = proc_extra_of(proc);

	return index < x->nsplits ? x->splits[index].tid : 0;
}

NSINFO_EXPORT const struct nsinfo_ns *nsinfo_proc_split_ns(const struct nsinfo_proc *proc,
							   size_t index,
							   enum nsinfo_type type)
{
	const struct proc_extra *x = proc_extra_of(proc);

	if (index >= x->nsplits || (unsigned int)type >= NSINFO_NTYPES)
		return NULL;
	return x->splits[index].ns[type];
}

NSINFO_EXPORT size_t nsinfo_proc_nspid_count(const struct nsinfo_proc *proc)
{
	return proc_extra_of(proc)->nnspid;
}

NSINFO_EXPORT pid_t nsinfo_proc_nspid(const struct nsinfo_proc *proc, size_t level)
{
	const struct proc_extra *x = proc_extra_of(proc);

	return level < x->nnspid ? x->nspid[level] : 0;
}

#define HAS_INFO(p) ((p)->flags & NSINFO_PROC_HAS_INFO)
/* what stat says: read with the task info and with the stats */
#define HAS_STAT(p) ((p)->flags & (NSINFO_PROC_HAS_INFO | NSINFO_PROC_HAS_STATS))
#define HAS_STATS(p) ((p)->flags & NSINFO_PROC_HAS_STATS)

NSINFO_EXPORT const char *nsinfo_proc_comm(const struct nsinfo_proc *proc)
{
	return HAS_INFO(proc) ? proc->comm : NULL;
}

NSINFO_EXPORT const char *nsinfo_proc_cmdline(const struct nsinfo_proc *proc)
{
	return HAS_INFO(proc) ? proc->cmdline : NULL;
}

NSINFO_EXPORT const char *nsinfo_proc_user(const struct nsinfo_proc *proc)
{
	return HAS_INFO(proc) ? proc->user : NULL;
}

NSINFO_EXPORT int nsinfo_proc_uid(const struct nsinfo_proc *proc, uid_t *uid)
{
	if (!HAS_INFO(proc))
		return -ENODATA;
	*uid = proc->uid;
	return 0;
}

NSINFO_EXPORT int nsinfo_proc_ppid(const struct nsinfo_proc *proc, pid_t *ppid)
{
	if (!HAS_STAT(proc))
		return -ENODATA;
	*ppid = proc->ppid;
	return 0;
}

NSINFO_EXPORT char nsinfo_proc_state(const struct nsinfo_proc *proc)
{
	return HAS_STAT(proc) ? proc->state : 0;
}

NSINFO_EXPORT int nsinfo_proc_start_ticks(const struct nsinfo_proc *proc,
					  unsigned long long *ticks)
{
	if (!HAS_STAT(proc))
		return -ENODATA;
	*ticks = proc->start_ticks;
	return 0;
}

NSINFO_EXPORT int nsinfo_proc_cpu_ticks(const struct nsinfo_proc *proc, unsigned long long *ticks)
{
	if (!proc || !ticks)
		return -EINVAL;
	if (!HAS_STATS(proc))
		return -ENODATA;
	*ticks = proc->cpu_ticks;
	return 0;
}

NSINFO_EXPORT int nsinfo_proc_cpu_percent(const struct nsinfo_proc *proc, double *percent)
{
	if (!proc || !percent)
		return -EINVAL;
	if (!HAS_STATS(proc) || proc->cpu_percent < 0)
		return -ENODATA;
	*percent = proc->cpu_percent;
	return 0;
}

NSINFO_EXPORT int nsinfo_proc_rss_kib(const struct nsinfo_proc *proc, unsigned long *kib)
{
	if (!proc || !kib)
		return -EINVAL;
	if (!HAS_STATS(proc))
		return -ENODATA;
	*kib = proc->rss_kib;
	return 0;
}
