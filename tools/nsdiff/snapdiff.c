// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * snapdiff.c - two whole snapshots: namespaces created and destroyed,
 * holders gained and lost, processes that moved (setns, unshare), and
 * processes born and exited. The rules are the library's
 * (nsinfo_snapshot_diff(), libnsinfo/diff.c): a namespace is the same
 * when its type and inode are (and its 64-bit id, where both read it), a
 * process when its PID is (and its start time, where both read it);
 * moves are told for the types both read, of processes read in both.
 * Here both sides are plain data (snapfile.h), one of them from a file,
 * so the walk is done again over that data: both are sorted the same
 * way, each comparison is one merge walk.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nsdiff.h"

static int add(struct snapdiff *d, const struct change *c)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;
		struct change *v = realloc(d->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n++] = *c;
	return 0;
}

static int cmp_key(const struct snap_ns *x, const struct snap_ns *y)
{
	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	return (x->type > y->type) - (x->type < y->type);
}

static bool same_ns(const struct snap_ns *x, const struct snap_ns *y)
{
	if (cmp_key(x, y))
		return false;
	return !((x->known & SNAP_NS_NSID) && (y->known & SNAP_NS_NSID) && x->nsid != y->nsid);
}

static bool same_proc(const struct snap_proc *x, const struct snap_proc *y)
{
	return x->pid == y->pid && !(x->has_start && y->has_start && x->start != y->start);
}

static bool same_holder(const struct snap_holder *a, const struct snap_holder *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == NSINFO_HOLDER_MOUNT)
		return a->mntns == b->mntns && !strcmp(a->path ? a->path : "", b->path ? b->path : "");
	return a->pid == b->pid && a->fd == b->fd;
}

static int holders_missing(struct snapdiff *d, const struct snap_ns *from, const struct snap_ns *to,
			   enum nsinfo_change_kind kind)
{
	for (size_t i = 0; i < from->nholders; i++) {
		const struct snap_holder *h = &from->holders[i];
		bool found = false;
		struct change c;

		for (size_t j = 0; j < to->nholders && !found; j++)
			found = same_holder(h, &to->holders[j]);
		if (found)
			continue;
		c = (struct change){ .kind = kind, .type = from->type, .inode = from->inode,
				     .pid = h->pid, .ns = from, .holder = h };
		if (add(d, &c) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int push_pid(pid_t **v, size_t *n, pid_t pid)
{
	pid_t *nv = realloc(*v, (*n + 1) * sizeof(*nv));

	if (!nv)
		return -ENOMEM;
	nv[(*n)++] = pid;
	*v = nv;
	return 0;
}

int snapdiff_run(const struct snapfile *a, const struct snapfile *b, unsigned int types,
		 struct snapdiff *d)
{
	size_t i = 0, j = 0;

	memset(d, 0, sizeof(*d));
	/* namespaces: created, destroyed; holders of those in both */
	while (i < a->nns || j < b->nns) {
		const struct snap_ns *x = i < a->nns ? &a->ns[i] : NULL;
		const struct snap_ns *y = j < b->nns ? &b->ns[j] : NULL;
		int r = !x ? 1 : !y ? -1 : cmp_key(x, y);
		const struct snap_ns *z = r <= 0 ? x : y;
		struct change c = { .type = z->type, .inode = z->inode, .ns = z };

		if (r == 0 && !same_ns(x, y)) {
			/* one inode, two namespaces: the old one went */
			r = -1;
			z = x;
			c.ns = x;
		}
		if (!(types & NSINFO_TYPE_BIT(z->type))) {
			i += r <= 0;
			j += r >= 0;
			continue;
		}
		if (r < 0) {
			c.kind = NSINFO_CHANGE_NS_GONE;
			if (add(d, &c) < 0)
				return -ENOMEM;
			i++;
		} else if (r > 0) {
			c.kind = NSINFO_CHANGE_NS_NEW;
			if (add(d, &c) < 0)
				return -ENOMEM;
			j++;
		} else {
			if (holders_missing(d, y, x, NSINFO_CHANGE_HOLDER_GAINED) < 0 ||
			    holders_missing(d, x, y, NSINFO_CHANGE_HOLDER_LOST) < 0)
				return -ENOMEM;
			i++;
			j++;
		}
	}
	/* processes: born, exited, moved */
	i = j = 0;
	while (i < a->nprocs || j < b->nprocs) {
		const struct snap_proc *x = i < a->nprocs ? &a->procs[i] : NULL;
		const struct snap_proc *y = j < b->nprocs ? &b->procs[j] : NULL;
		int r = !x ? 1 : !y ? -1 : (x->pid > y->pid) - (x->pid < y->pid);

		if (r == 0 && !same_proc(x, y)) {
			/* the PID was reused: one exited, one was born */
			if (push_pid(&d->exited_pids, &d->exited, x->pid) < 0 ||
			    push_pid(&d->born_pids, &d->born, y->pid) < 0)
				return -ENOMEM;
			i++;
			j++;
			continue;
		}
		if (r < 0) {
			if (push_pid(&d->exited_pids, &d->exited, x->pid) < 0)
				return -ENOMEM;
			i++;
			continue;
		}
		if (r > 0) {
			if (push_pid(&d->born_pids, &d->born, y->pid) < 0)
				return -ENOMEM;
			j++;
			continue;
		}
		for (int t = 0; t < NSINFO_NTYPES && !x->denied && !y->denied; t++) {
			unsigned int bit = NSINFO_TYPE_BIT(t);
			struct change c;

			if (!(types & bit) || !(x->ns_known & bit) || !(y->ns_known & bit) ||
			    x->ns[t] == y->ns[t])
				continue;
			c = (struct change){ .kind = NSINFO_CHANGE_PROC_MOVED, .type = (enum nsinfo_type)t,
					     .inode = y->ns[t], .old_inode = x->ns[t],
					     .pid = y->pid, .proc = y,
					     .ns = snapfile_find_ns(b, (enum nsinfo_type)t, y->ns[t]) };
			if (add(d, &c) < 0)
				return -ENOMEM;
		}
		i++;
		j++;
	}
	return 0;
}

void snapdiff_free(struct snapdiff *d)
{
	free(d->v);
	free(d->born_pids);
	free(d->exited_pids);
	memset(d, 0, sizeof(*d));
}

const struct snap_proc *snapdiff_leader(const struct snapfile *sf, const struct snap_ns *ns)
{
	for (size_t i = 0; i < sf->nprocs; i++)
		if ((sf->procs[i].ns_known & NSINFO_TYPE_BIT(ns->type)) &&
		    sf->procs[i].ns[ns->type] == ns->inode)
			return &sf->procs[i];
	return NULL;
}
