/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tree.h - the trees tools draw over a snapshot (nstree's views, nsls -T):
 * nodes for namespaces, processes, threads apart from their process and
 * one stub for "above our view", each under its parent, sorted, then
 * turned into output rows parent first. Which node goes under which is
 * the caller's; the placing rules every tree shares (a parent or owner
 * out of view hangs under the stub, never dropped) live here.
 *
 * Calls that allocate return NULL or -ENOMEM; nodes are freed with the
 * tree. Pointers into the snapshot are borrowed from it.
 */
#ifndef NSINFO_TREE_H
#define NSINFO_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "nsinfo.h"
#include "output.h"

/* In the order siblings of different kinds are shown. */
enum tree_kind { TREE_STUB, TREE_PROC, TREE_THREAD, TREE_NS };

struct tree_node {
	enum tree_kind kind;
	const struct nsinfo_ns *ns;		/* TREE_NS */
	const struct nsinfo_proc *proc;		/* TREE_PROC, TREE_THREAD */
	size_t split;				/* TREE_THREAD: its split index */
	struct tree_node *parent;		/* &tree.top for a root */
	struct tree_node **kids;
	size_t nkids;
};

struct tree {
	const struct nsinfo_snapshot *snap;
	struct tree_node top;		/* not shown: its kids are the roots */
	struct tree_node *stub;		/* made by tree_stub() */
	struct tree_node **ns_nodes;	/* by snapshot index; NULL: none */
	struct tree_node **proc_nodes;	/* by snapshot index */
	struct tree_node **all;
	size_t nall;
};

/* An empty tree over snap; 0 or -ENOMEM. */
int tree_init(struct tree *tr, const struct nsinfo_snapshot *snap);
void tree_free(struct tree *tr);
/* A node of the tree, under nothing yet. */
struct tree_node *tree_node_new(struct tree *tr, enum tree_kind kind);
/* The node of namespace ns (ns_nodes[]) or of process p (proc_nodes[]),
 * made and recorded as such. */
struct tree_node *tree_ns_node_new(struct tree *tr, const struct nsinfo_ns *ns);
struct tree_node *tree_proc_node_new(struct tree *tr, const struct nsinfo_proc *p);
/* A node for each thread of p's that sits apart, under pn; 0 or -ENOMEM. */
int tree_add_threads(struct tree *tr, struct tree_node *pn);
/* kid goes under parent; 0 or -ENOMEM. */
int tree_attach(struct tree_node *parent, struct tree_node *kid);
/* The one "above our view" node, a root; made on first use. */
struct tree_node *tree_stub(struct tree *tr);

/* The recorded node of a namespace or process, or NULL. */
struct tree_node *tree_ns_node(const struct tree *tr, const struct nsinfo_ns *ns);
struct tree_node *tree_proc_node(const struct tree *tr, pid_t pid);
/* Snapshot index of a namespace or PID, or -1. */
long tree_ns_index(const struct nsinfo_snapshot *snap, const struct nsinfo_ns *ns);
long tree_proc_index(const struct nsinfo_snapshot *snap, pid_t pid);

/*
 * Where namespace ns hangs by its parent (owner false: a pid or user
 * namespace's NS_GET_PARENT) or its owner (the user namespace): that
 * namespace's node when the tree has one; the stub when the kernel says
 * it is above our view and stub is true; else the top.
 */
struct tree_node *tree_place(struct tree *tr, const struct nsinfo_ns *ns, bool owner,
			     bool stub);

/* A process's PID, a thread's TID. */
pid_t tree_node_pid(const struct tree_node *n);
/* Siblings by kind, then processes by PID and namespaces by type and
 * inode (by_inode: by inode, then type, as nsls lists them). */
void tree_sort(struct tree *tr, bool by_inode);

/* The row of one node under parent (NULL: a root); NULL on ENOMEM. */
typedef struct out_row *(*tree_row_fn)(void *arg, const struct tree_node *n,
					struct out_row *parent);
/* n and its subtree, depth levels below n at most (< 0: all), parent
 * rows first; 0 or -ENOMEM. */
int tree_emit(const struct tree_node *n, struct out_row *parent, long depth, tree_row_fn fn,
	      void *arg);

#endif
