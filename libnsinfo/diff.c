// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * diff.c - what changed between two snapshots: namespaces that appeared
 * and vanished, processes born and exited, processes that moved between
 * namespaces (setns, unshare), holders gained and lost. nstop's event log
 * and nsdiff's snapshot mode read it.
 *
 * Both snapshots are sorted (namespaces by inode and type, processes by
 * PID), so each comparison is one merge walk, no map. A diff keeps a
 * reference on both snapshots: the namespaces, processes and holders it
 * points at are theirs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct nsinfo_diff {
	struct nsinfo_snapshot *old, *new;
	struct nsinfo_change *changes;
	size_t n, cap;
};

static int add(struct nsinfo_diff *d, const struct nsinfo_change *c)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;
		struct nsinfo_change *v = realloc(d->changes, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		d->changes = v;
		d->cap = cap;
	}
	d->changes[d->n++] = *c;
	return 0;
}

static int cmp_ns_key(const struct nsinfo_ns *x, const struct nsinfo_ns *y)
{
	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	return (x->type > y->type) - (x->type < y->type);
}

/* Two namespaces with one (type, inode) are one namespace, unless both
 * know their 64-bit id and it differs: the inode was reused. */
static bool same_ns(const struct nsinfo_ns *x, const struct nsinfo_ns *y)
{
	if (cmp_ns_key(x, y))
		return false;
	return !((x->known & KNOWN_NSID) && (y->known & KNOWN_NSID) && x->nsid != y->nsid);
}

/* A process is the same process when its PID is, and its start time where
 * both snapshots read it (a PID can be reused between two scans). */
static bool same_proc(const struct nsinfo_proc *x, const struct nsinfo_proc *y)
{
	if (x->pid != y->pid)
		return false;
	return !((x->flags & NSINFO_PROC_HAS_INFO) && (y->flags & NSINFO_PROC_HAS_INFO) &&
		 x->start_ticks != y->start_ticks);
}

static bool same_holder(const struct nsinfo_holder *a, const struct nsinfo_holder *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == NSINFO_HOLDER_MOUNT)
		return a->mntns == b->mntns && !strcmp(a->path ? a->path : "", b->path ? b->path : "");
	return a->pid == b->pid && a->fd == b->fd;
}

/* Holders of ns `from` that `to` lacks; kind HOLDER_GAINED or _LOST. */
static int holders_missing(struct nsinfo_diff *d, const struct nsinfo_ns *from,
			   const struct nsinfo_ns *to, enum nsinfo_change_kind kind)
{
	for (size_t i = 0; i < from->nhold; i++) {
		const struct nsinfo_holder *h = &from->hold[i];
		struct nsinfo_change c;
		bool found = false;

		/* a mount seen through several processes of one mount
		 * namespace is one holder: only its first entry counts */
		for (size_t j = 0; j < i && !found; j++)
			found = same_holder(&from->hold[j], h);
		for (size_t j = 0; to && j < to->nhold && !found; j++)
			found = same_holder(&to->hold[j], h);
		if (found)
			continue;
		c = (struct nsinfo_change){ .kind = kind, .type = from->type, .inode = from->inode,
					    .ns = from, .holder = h, .pid = h->pid };
		if (add(d, &c) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int diff_namespaces(struct nsinfo_diff *d)
{
	const struct nsinfo_snapshot *a = d->old, *b = d->new;
	size_t i = 0, j = 0;
	int rc = 0;

	while (!rc && (i < a->nns || j < b->nns)) {
		const struct nsinfo_ns *x = i < a->nns ? a->ns[i] : NULL;
		const struct nsinfo_ns *y = j < b->nns ? b->ns[j] : NULL;
		int c = !x ? 1 : !y ? -1 : cmp_ns_key(x, y);

		if (c == 0 && !same_ns(x, y))
			c = -1;	/* the old one went, then the new one came */
		if (c < 0) {
			rc = add(d, &(struct nsinfo_change){ .kind = NSINFO_CHANGE_NS_GONE,
				 .type = x->type, .inode = x->inode, .ns = x });
			i++;
			if (!rc && y && !cmp_ns_key(x, y)) {
				rc = add(d, &(struct nsinfo_change){ .kind = NSINFO_CHANGE_NS_NEW,
					 .type = y->type, .inode = y->inode, .ns = y });
				j++;
			}
			continue;
		}
		if (c > 0) {
			rc = add(d, &(struct nsinfo_change){ .kind = NSINFO_CHANGE_NS_NEW,
				 .type = y->type, .inode = y->inode, .ns = y });
			j++;
			continue;
		}
		rc = holders_missing(d, x, y, NSINFO_CHANGE_HOLDER_LOST);
		if (!rc)
			rc = holders_missing(d, y, x, NSINFO_CHANGE_HOLDER_GAINED);
		i++;
		j++;
	}
	return rc;
}

/* The types both snapshots read. */
static unsigned int common_types(const struct nsinfo_diff *d)
{
	return d->old->types & d->new->types;
}

static int diff_moves(struct nsinfo_diff *d, const struct nsinfo_proc *x,
		      const struct nsinfo_proc *y)
{
	for (int t = 0; t < NSINFO_NTYPES; t++) {
		const struct nsinfo_ns *from = x->ns[t], *to = y->ns[t];

		/* denied or not read on one side: nothing to compare */
		if (!(common_types(d) & NSINFO_TYPE_BIT(t)) || !from || !to || same_ns(from, to))
			continue;
		if (add(d, &(struct nsinfo_change){ .kind = NSINFO_CHANGE_PROC_MOVED, .type = t,
			.inode = to->inode, .old_inode = from->inode, .pid = y->pid, .proc = y,
			.ns = to }) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int diff_processes(struct nsinfo_diff *d)
{
	const struct nsinfo_snapshot *a = d->old, *b = d->new;
	size_t i = 0, j = 0;
	int rc = 0;

	while (!rc && (i < a->nprocs || j < b->nprocs)) {
		const struct nsinfo_proc *x = i < a->nprocs ? &a->procs[i] : NULL;
		const struct nsinfo_proc *y = j < b->nprocs ? &b->procs[j] : NULL;

		if (x && (!y || x->pid < y->pid || (x->pid == y->pid && !same_proc(x, y)))) {
			rc = add(d, &(struct nsinfo_change){ .kind = NSINFO_CHANGE_PROC_EXITED,
				 .pid = x->pid, .proc = x });
			i++;
			if (!rc && y && x->pid == y->pid) {
				rc = add(d, &(struct nsinfo_change){ .kind = NSINFO_CHANGE_PROC_BORN,
					 .pid = y->pid, .proc = y });
				j++;
			}
			continue;
		}
		if (!x || y->pid < x->pid) {
			rc = add(d, &(struct nsinfo_change){ .kind = NSINFO_CHANGE_PROC_BORN,
				 .pid = y->pid, .proc = y });
			j++;
			continue;
		}
		rc = diff_moves(d, x, y);
		i++;
		j++;
	}
	return rc;
}

NSINFO_EXPORT int nsinfo_snapshot_diff(struct nsinfo_snapshot *old, struct nsinfo_snapshot *new,
				       struct nsinfo_diff **out)
{
	struct nsinfo_diff *d;
	int rc;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!old || !new)
		return -EINVAL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->old = nsinfo_snapshot_ref(old);
	d->new = nsinfo_snapshot_ref(new);
	rc = diff_namespaces(d);
	if (!rc)
		rc = diff_processes(d);
	if (rc) {
		nsinfo_diff_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

NSINFO_EXPORT void nsinfo_diff_free(struct nsinfo_diff *d)
{
	if (!d)
		return;
	nsinfo_snapshot_unref(d->old);
	nsinfo_snapshot_unref(d->new);
	free(d->changes);
	free(d);
}

NSINFO_EXPORT size_t nsinfo_diff_count(const struct nsinfo_diff *d)
{
	return d ? d->n : 0;
}

NSINFO_EXPORT const struct nsinfo_change *nsinfo_diff_change(const struct nsinfo_diff *d,
							     size_t index)
{
	if (!d || index >= d->n) {
		errno = EINVAL;
		return NULL;
	}
	return &d->changes[index];
}
