// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tree.c - nodes over a snapshot, placed, sorted and emitted as rows
 * (tree.h). Shared by nstree and nsls -T, so both hang a namespace whose
 * parent is out of view the same way.
 */
#include <errno.h>
#include <stdlib.h>

#include "tree.h"

int tree_init(struct tree *tr, const struct nsinfo_snapshot *snap)
{
	*tr = (struct tree){ .snap = snap };
	tr->ns_nodes = calloc(nsinfo_snapshot_ns_count(snap) + 1, sizeof(*tr->ns_nodes));
	tr->proc_nodes = calloc(nsinfo_snapshot_proc_count(snap) + 1, sizeof(*tr->proc_nodes));
	if (!tr->ns_nodes || !tr->proc_nodes) {
		tree_free(tr);
		return -ENOMEM;
	}
	return 0;
}

void tree_free(struct tree *tr)
{
	for (size_t i = 0; i < tr->nall; i++) {
		free(tr->all[i]->kids);
		free(tr->all[i]);
	}
	free(tr->all);
	free(tr->top.kids);
	free(tr->ns_nodes);
	free(tr->proc_nodes);
	*tr = (struct tree){ 0 };
}

struct tree_node *tree_node_new(struct tree *tr, enum tree_kind kind)
{
	struct tree_node *n, **v;

	v = realloc(tr->all, (tr->nall + 1) * sizeof(*v));
	if (!v)
		return NULL;
	tr->all = v;
	n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	tr->all[tr->nall++] = n;
	n->kind = kind;
	return n;
}

struct tree_node *tree_ns_node_new(struct tree *tr, const struct nsinfo_ns *ns)
{
	long i = tree_ns_index(tr->snap, ns);
	struct tree_node *n = tree_node_new(tr, TREE_NS);

	if (!n)
		return NULL;
	n->ns = ns;
	if (i >= 0)
		tr->ns_nodes[i] = n;
	return n;
}

struct tree_node *tree_proc_node_new(struct tree *tr, const struct nsinfo_proc *p)
{
	long i = tree_proc_index(tr->snap, nsinfo_proc_pid(p));
	struct tree_node *n = tree_node_new(tr, TREE_PROC);

	if (!n)
		return NULL;
	n->proc = p;
	if (i >= 0)
		tr->proc_nodes[i] = n;
	return n;
}

int tree_attach(struct tree_node *parent, struct tree_node *kid)
{
	struct tree_node **v = realloc(parent->kids, (parent->nkids + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	parent->kids = v;
	parent->kids[parent->nkids++] = kid;
	kid->parent = parent;
	return 0;
}

int tree_add_threads(struct tree *tr, struct tree_node *pn)
{
	for (size_t j = 0; j < nsinfo_proc_split_count(pn->proc); j++) {
		struct tree_node *t = tree_node_new(tr, TREE_THREAD);

		if (!t)
			return -ENOMEM;
		t->proc = pn->proc;
		t->split = j;
		if (tree_attach(pn, t) < 0)
			return -ENOMEM;
	}
	return 0;
}

struct tree_node *tree_stub(struct tree *tr)
{
	if (tr->stub)
		return tr->stub;
	tr->stub = tree_node_new(tr, TREE_STUB);
	if (tr->stub && tree_attach(&tr->top, tr->stub) < 0)
		tr->stub = NULL;
	return tr->stub;
}

/* Namespaces are sorted by inode, then type. */
long tree_ns_index(const struct nsinfo_snapshot *snap, const struct nsinfo_ns *ns)
{
	size_t lo = 0, hi = nsinfo_snapshot_ns_count(snap);
	uint64_t ino = nsinfo_ns_inode(ns);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct nsinfo_ns *m = nsinfo_snapshot_ns(snap, mid);

		if (m == ns)
			return (long)mid;
		if (nsinfo_ns_inode(m) < ino ||
		    (nsinfo_ns_inode(m) == ino && nsinfo_ns_type(m) < nsinfo_ns_type(ns)))
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

long tree_proc_index(const struct nsinfo_snapshot *snap, pid_t pid)
{
	size_t lo = 0, hi = nsinfo_snapshot_proc_count(snap);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		pid_t m = nsinfo_proc_pid(nsinfo_snapshot_proc(snap, mid));

		if (m == pid)
			return (long)mid;
		if (m < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

struct tree_node *tree_ns_node(const struct tree *tr, const struct nsinfo_ns *ns)
{
	long i = ns ? tree_ns_index(tr->snap, ns) : -1;

	return i < 0 ? NULL : tr->ns_nodes[i];
}

struct tree_node *tree_proc_node(const struct tree *tr, pid_t pid)
{
	long i = tree_proc_index(tr->snap, pid);

	return i < 0 ? NULL : tr->proc_nodes[i];
}

struct tree_node *tree_place(struct tree *tr, const struct nsinfo_ns *ns, bool owner,
			     bool stub)
{
	unsigned int hidden = owner ? NSINFO_NS_OWNER_HIDDEN : NSINFO_NS_PARENT_HIDDEN;
	uint64_t ino = 0;
	int rc = owner ? nsinfo_ns_owner(ns, &ino) : nsinfo_ns_parent(ns, &ino);
	struct tree_node *n;

	if (rc == 0 && ino) {
		enum nsinfo_type t = owner ? NSINFO_TYPE_USER : nsinfo_ns_type(ns);

		n = tree_ns_node(tr, nsinfo_snapshot_find_ns(tr->snap, (int)t, ino));
		if (n)
			return n;
	}
	if (stub && (nsinfo_ns_unknown(ns) & hidden)) {
		n = tree_stub(tr);
		if (n)
			return n;
	}
	return &tr->top;
}

pid_t tree_node_pid(const struct tree_node *n)
{
	return n->kind == TREE_THREAD ? nsinfo_proc_split_tid(n->proc, n->split)
				      : nsinfo_proc_pid(n->proc);
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static int node_cmp(const struct tree_node *x, const struct tree_node *y, bool by_inode)
{
	int tx, ty, c;

	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	if (x->kind == TREE_STUB)
		return 0;
	if (x->kind != TREE_NS)
		return cmp_u64((uint64_t)tree_node_pid(x), (uint64_t)tree_node_pid(y));
	tx = (int)nsinfo_ns_type(x->ns);
	ty = (int)nsinfo_ns_type(y->ns);
	c = cmp_u64(nsinfo_ns_inode(x->ns), nsinfo_ns_inode(y->ns));
	if (by_inode)
		return c ? c : tx - ty;
	return tx != ty ? tx - ty : c;
}

static int cmp_by_type(const void *a, const void *b)
{
	return node_cmp(*(struct tree_node *const *)a, *(struct tree_node *const *)b, false);
}

static int cmp_by_inode(const void *a, const void *b)
{
	return node_cmp(*(struct tree_node *const *)a, *(struct tree_node *const *)b, true);
}

static void sort_node(struct tree_node *n, bool by_inode)
{
	if (n->nkids > 1)
		qsort(n->kids, n->nkids, sizeof(*n->kids), by_inode ? cmp_by_inode : cmp_by_type);
	for (size_t i = 0; i < n->nkids; i++)
		sort_node(n->kids[i], by_inode);
}

void tree_sort(struct tree *tr, bool by_inode)
{
	sort_node(&tr->top, by_inode);
}

int tree_emit(const struct tree_node *n, struct out_row *parent, long depth, tree_row_fn fn,
	      void *arg)
{
	struct out_row *row = fn(arg, n, parent);

	if (!row)
		return -ENOMEM;
	if (depth == 0)
		return 0;
	for (size_t i = 0; i < n->nkids; i++) {
		int rc = tree_emit(n->kids[i], row, depth < 0 ? -1 : depth - 1, fn, arg);

		if (rc < 0)
			return rc;
	}
	return 0;
}
