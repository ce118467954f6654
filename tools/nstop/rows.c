// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rows.c - the rows of the view shown, built from the last snapshot:
 * cells filled by the shared column catalogues (columns.h) through the
 * output layer, so every cell is escaped as nsls escapes it and a name
 * or command line another user chose cannot reach the terminal raw.
 * Only the view's own columns are filled. Then what is new and what
 * vanished (seen.c), the sort, and the / filter: text, or an expression
 * (filter.h) evaluated as each row is built, on its own cells.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "nstop.h"
#include "tree.h"

/* How many refreshes a new row stays marked. */
#define NEW_FOR 3

static void row_clear(struct nstop_row *r)
{
	for (size_t i = 0; r->cells && i < r->ncells; i++)
		if (!r->borrowed[i])
			free(r->cells[i]);
	free(r->cells);
	free(r->art);
	free(r->key);
	*r = (struct nstop_row){ .key = NULL };
}

/* The rows being built, and the table their cells are filled in. */
struct build {
	struct nstop_model *m;
	struct nstop_table *t;
	struct out *tab;
	struct nstop_row *rows;
	size_t n, cap;
};

static struct nstop_row *row_add(struct build *b, const char *key)
{
	struct nstop_row *r;

	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		struct nstop_row *v = realloc(b->rows, cap * sizeof(*v));

		if (!v)
			return NULL;
		b->rows = v;
		b->cap = cap;
	}
	r = &b->rows[b->n];
	*r = (struct nstop_row){ .key = strdup(key) };
	/* one block: the cell pointers, then the marks and borrowed bytes */
	r->cells = calloc(1, (b->t->sel.n ? b->t->sel.n : 1) * (sizeof(*r->cells) + 2));
	r->ncells = b->t->sel.n;
	if (r->cells) {
		r->marks = (unsigned char *)(r->cells + (r->ncells ? r->ncells : 1));
		r->borrowed = r->marks + (r->ncells ? r->ncells : 1);
	}
	if (!r->key || !r->cells) {
		row_clear(r);
		return NULL;
	}
	b->n++;
	return r;
}

/* What a screen cell keeps of its text: more than any screen is wide. A
 * command line is another user's to make long (4 x 128 KiB escaped); the
 * table (batch frames) keeps all of it. */
#define CELL_MAX 4096

/* Cut an escaped text at CELL_MAX bytes, at a character's start. */
static void cell_cut(char *s)
{
	size_t n = strlen(s);

	if (n <= CELL_MAX)
		return;
	n = CELL_MAX;
	while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	s[n] = '\0';
}

/* Take the filled cells' text into r. */
static int row_take(struct build *b, struct nstop_row *r, const struct out_row *orow)
{
	for (size_t i = 0; i < b->t->sel.n; i++) {
		const char *own = out_cell_verbatim(orow, i);

		r->marks[i] = (unsigned char)out_cell_mark(orow, i);
		/* most cells: the table's text itself, not a copy (a long
		 * one is copied, to be cut) */
		if (own && strlen(own) <= CELL_MAX) {
			r->cells[i] = (char *)own;
			r->borrowed[i] = 1;
			continue;
		}
		errno = 0;
		r->cells[i] = out_cell_text(b->tab, orow, i);
		if (!r->cells[i] && errno)
			return -ENOMEM;
		if (r->cells[i])
			cell_cut(r->cells[i]);
	}
	r->orow = (struct out_row *)orow;
	return 0;
}

/* r outlives its table row (a vanished row): copies of its cells; 0 or
 * -ENOMEM */
static int row_own(struct nstop_row *r)
{
	for (size_t i = 0; i < r->ncells; i++) {
		if (!r->borrowed[i])
			continue;
		r->cells[i] = strdup(r->cells[i]);
		r->borrowed[i] = 0;
		if (!r->cells[i])
			return -ENOMEM;
	}
	r->orow = NULL;
	return 0;
}

/* rc of the view's filter expression on row r: ROW_FILTERED when false;
 * -ENOMEM. */
static int row_filter(struct nstop_row *r, int rc)
{
	if (rc < 0)
		return -ENOMEM;
	if (!rc)
		r->flags |= ROW_FILTERED;
	return 0;
}

static bool proc_wanted(const struct nstop_model *m, const struct nsinfo_proc *p)
{
	uid_t uid;

	if (m->npids) {
		size_t i;

		for (i = 0; i < m->npids; i++)
			if (m->pids[i] == nsinfo_proc_pid(p))
				break;
		if (i == m->npids)
			return false;
	}
	if (m->by_user && (nsinfo_proc_uid(p, &uid) < 0 || uid != m->uid))
		return false;
	return true;
}

static bool restricted(const struct nstop_model *m)
{
	return m->npids || m->by_user;
}

static unsigned int shown_types(const struct nstop_model *m)
{
	return m->types ? m->types : m->scan_types;
}

static void proc_start(const struct nsinfo_proc *p, unsigned long long *start)
{
	if (!p || nsinfo_proc_start_ticks(p, start) < 0)
		*start = 0;
}

/* ---- namespaces ---- */

/* "n:net:4026532001", and ":ID" where the 64-bit id is known: an inode
 * is reused once its namespace is gone, the id never (Linux 6.18). Made
 * for every row of every frame: by hand, not with snprintf (a twentieth
 * of a frame). buf holds NS_KEY_MAX bytes at least. */
#define NS_KEY_MAX (2 + 16 + 2 * COL_U64_BUF)
static void ns_key(char *buf, const struct nsinfo_ns *ns)
{
	const char *type = nsinfo_type_name(nsinfo_ns_type(ns));
	char digits[COL_U64_BUF];
	uint64_t id;
	char *p = buf;

	*p++ = 'n';
	*p++ = ':';
	/* a type name is at most 6 bytes (nstype.c): 16 is room to spare */
	p = stpncpy(p, type, 15);
	*p++ = ':';
	p = stpcpy(p, col_format_u64(digits, nsinfo_ns_inode(ns)));
	if (nsinfo_ns_id(ns, &id) == 0 && id) {
		*p++ = ':';
		p = stpcpy(p, col_format_u64(digits, id));
	}
}

static int ns_row(struct build *b, const struct nsinfo_ns *ns, const char *art)
{
	const struct nsinfo_proc *lead = NULL;
	struct out_row *orow = out_row(b->tab, NULL);
	struct nstop_row *r;
	unsigned int how;
	char key[NS_KEY_MAX];
	pid_t tid;

	ns_key(key, ns);
	if (!orow || !(r = row_add(b, key)))
		return -ENOMEM;
	r->type = nsinfo_ns_type(ns);
	r->inode = nsinfo_ns_inode(ns);
	r->nprocs = nsinfo_ns_proc_count(ns);
	if (nsinfo_ns_leader(ns, &lead, &tid, &how) == 0)
		r->pid = tid;
	proc_start(lead, &r->start);
	if (art && !(r->art = strdup(art)))
		return -ENOMEM;
	for (size_t c = 0; c < b->t->sel.n; c++)
		if (ns_column_fill(&b->m->ctx, orow, c, (enum ns_col)b->t->sel.ids[c], ns) < 0)
			return -ENOMEM;
	/* the tree is never filtered (rows_match()) */
	if (b->t->expr && b->m->view != NV_TREE &&
	    row_filter(r, filter_match_ns(b->t->expr, &b->m->ctx, ns)) < 0)
		return -ENOMEM;
	return row_take(b, r, orow);
}

static bool ns_wanted(const struct nstop_model *m, const struct nsinfo_ns *ns)
{
	if (!(shown_types(m) & NSINFO_TYPE_BIT(nsinfo_ns_type(ns))))
		return false;
	if (!restricted(m))
		return true;
	for (size_t i = 0; i < nsinfo_ns_proc_count(ns); i++)
		if (proc_wanted(m, nsinfo_ns_proc(ns, i)))
			return true;
	return false;
}

static int build_ns(struct build *b)
{
	const struct nsinfo_snapshot *snap = b->m->snap;

	for (size_t i = 0; i < nsinfo_snapshot_ns_count(snap); i++) {
		const struct nsinfo_ns *ns = nsinfo_snapshot_ns(snap, i);

		if (ns_wanted(b->m, ns) && ns_row(b, ns, NULL) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* ---- groups: containers and namespace sets ---- */

static int group_row(struct build *b, const char *key, const struct col_group *g)
{
	struct out_row *orow;
	struct nstop_row *r;
	bool any = !restricted(b->m);

	for (size_t i = 0; !any && i < g->nprocs; i++)
		any = proc_wanted(b->m, g->procs[i]);
	if (!any)
		return 0;
	orow = out_row(b->tab, NULL);
	if (!orow || !(r = row_add(b, key)))
		return -ENOMEM;
	r->nprocs = g->nprocs;
	if (g->nprocs) {
		r->pid = nsinfo_proc_pid(g->procs[0]);
		proc_start(g->procs[0], &r->start);
	}
	for (size_t c = 0; c < b->t->sel.n; c++)
		if (group_column_fill(&b->m->ctx, orow, c, (enum group_col)b->t->sel.ids[c], g) < 0)
			return -ENOMEM;
	if (b->t->expr && row_filter(r, filter_match_group(b->t->expr, &b->m->ctx, g)) < 0)
		return -ENOMEM;
	return row_take(b, r, orow);
}

/* "c:podman/0123abcd.../web/1000": runtime, ID or name, and the owner
 * (a delegated cgroup may carry any ID: its owner tells them apart). */
void container_key(const struct nsinfo_container *c, char *buf, size_t len)
{
	const char *id = nsinfo_container_id(c), *name = nsinfo_container_name(c);
	uid_t owner = 0;

	nsinfo_container_owner(c, &owner);
	snprintf(buf, len, "c:%s/%s/%s/%u", nsinfo_container_runtime(c), id ? id : "",
		 id ? "" : name ? name : "", (unsigned int)owner);
}

/* The processes of a container, in a borrowed array. */
static const struct nsinfo_proc **container_procs(const struct nsinfo_container *c, size_t *n)
{
	const struct nsinfo_proc **v;

	*n = nsinfo_container_proc_count(c);
	v = malloc((*n ? *n : 1) * sizeof(*v));
	for (size_t i = 0; v && i < *n; i++)
		v[i] = nsinfo_container_proc(c, i);
	return v;
}

static int build_containers(struct build *b)
{
	const struct nsinfo_snapshot *snap = b->m->snap;

	for (size_t i = 0; i < nsinfo_snapshot_container_count(snap); i++) {
		const struct nsinfo_container *c = nsinfo_snapshot_container(snap, i);
		struct col_group g = { .ct = c };
		char key[4096];
		int rc;

		container_key(c, key, sizeof(key));
		g.procs = container_procs(c, &g.nprocs);
		if (!g.procs)
			return -ENOMEM;
		rc = group_row(b, key, &g);
		free((void *)g.procs);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* A namespace set: processes in the same namespace of every type shown. */
static uint64_t set_inode(const struct nsinfo_proc *p, int t)
{
	const struct nsinfo_ns *ns = nsinfo_proc_ns(p, (enum nsinfo_type)t);

	return ns ? nsinfo_ns_inode(ns) : 0;
}

static int set_cmp(const void *a, const void *b, void *arg)
{
	const struct nsinfo_proc *x = *(const struct nsinfo_proc *const *)a;
	const struct nsinfo_proc *y = *(const struct nsinfo_proc *const *)b;
	unsigned int types = *(const unsigned int *)arg;

	for (int t = 0; t < NSINFO_NTYPES; t++) {
		uint64_t i, j;

		if (!(types & NSINFO_TYPE_BIT(t)))
			continue;
		i = set_inode(x, t);
		j = set_inode(y, t);
		if (i != j)
			return i < j ? -1 : 1;
	}
	return nsinfo_proc_pid(x) < nsinfo_proc_pid(y) ? -1 : nsinfo_proc_pid(x) > nsinfo_proc_pid(y);
}

static bool same_set(const struct nsinfo_proc *x, const struct nsinfo_proc *y, unsigned int types)
{
	for (int t = 0; t < NSINFO_NTYPES; t++)
		if ((types & NSINFO_TYPE_BIT(t)) && set_inode(x, t) != set_inode(y, t))
			return false;
	return true;
}

void set_key(const struct nsinfo_proc *p, unsigned int types, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "s:");

	for (int t = 0; t < NSINFO_NTYPES && n < len; t++)
		if (types & NSINFO_TYPE_BIT(t))
			n += (size_t)snprintf(buf + n, len - n, "%llu.",
					      (unsigned long long)set_inode(p, t));
}

/* The processes that have namespaces to group by (not denied, not
 * zombies, which have left theirs), sorted into their sets. */
static const struct nsinfo_proc **set_procs(const struct nstop_model *m, size_t *n)
{
	const struct nsinfo_snapshot *snap = m->snap;
	size_t total = nsinfo_snapshot_proc_count(snap);
	const struct nsinfo_proc **v = malloc((total ? total : 1) * sizeof(*v));
	unsigned int types = shown_types(m);

	*n = 0;
	for (size_t i = 0; v && i < total; i++) {
		const struct nsinfo_proc *p = nsinfo_snapshot_proc(snap, i);

		if (!(nsinfo_proc_flags(p) & (NSINFO_PROC_DENIED | NSINFO_PROC_ZOMBIE)))
			v[(*n)++] = p;
	}
	if (v)
		qsort_r(v, *n, sizeof(*v), set_cmp, &types);
	return v;
}

static int build_sets(struct build *b)
{
	unsigned int types = shown_types(b->m);
	size_t n, i = 0;
	const struct nsinfo_proc **v = set_procs(b->m, &n);
	int rc = 0;

	if (!v)
		return -ENOMEM;
	while (i < n && !rc) {
		size_t j = i + 1;
		struct col_group g;
		char key[256];

		while (j < n && same_set(v[i], v[j], types))
			j++;
		g = (struct col_group){ nsinfo_proc_container(v[i]), v + i, j - i };
		set_key(v[i], types, key, sizeof(key));
		rc = group_row(b, key, &g);
		i = j;
	}
	free((void *)v);
	return rc;
}

/* ---- the drill-down ---- */

static int proc_row(struct build *b, const struct nsinfo_proc *p)
{
	struct out_row *orow;
	struct nstop_row *r;
	unsigned long long start;
	char key[64];

	proc_start(p, &start);
	snprintf(key, sizeof(key), "p:%d:%llu", (int)nsinfo_proc_pid(p), start);
	orow = out_row(b->tab, NULL);
	if (!orow || !(r = row_add(b, key)))
		return -ENOMEM;
	r->pid = nsinfo_proc_pid(p);
	r->start = start;
	r->nprocs = 1;
	for (size_t c = 0; c < b->t->sel.n; c++)
		if (proc_column_fill(&b->m->ctx, orow, c, (enum proc_col)b->t->sel.ids[c], p, 0, 0) < 0)
			return -ENOMEM;
	if (b->t->expr && row_filter(r, filter_match_proc(b->t->expr, &b->m->ctx, p, 0, 0)) < 0)
		return -ENOMEM;
	return row_take(b, r, orow);
}

/* The processes of the row keyed key in the snapshot: a namespace's, a
 * container's or a set's. Borrowed pointers in a malloc'd array; *n 0
 * when the row is gone. */
static const struct nsinfo_proc **key_procs(const struct nstop_model *m, const char *key,
					    size_t *n)
{
	const struct nsinfo_snapshot *snap = m->snap;
	const struct nsinfo_proc **v = NULL;
	char buf[4096];

	*n = 0;
	if (key[0] == 'n') {
		char tname[16];
		unsigned long long ino;
		const struct nsinfo_ns *ns;
		int t;

		if (sscanf(key, "n:%15[a-z]:%llu", tname, &ino) != 2 ||
		    (t = nsinfo_type_from_name(tname)) < 0)
			return calloc(1, sizeof(*v));
		ns = nsinfo_snapshot_find_ns(snap, t, ino);
		/* the same namespace, not one that took its inode since */
		if (ns) {
			ns_key(buf, ns);
			if (strcmp(buf, key) && strchr(key + 2, ':') != strrchr(key, ':'))
				ns = NULL;
		}
		*n = ns ? nsinfo_ns_proc_count(ns) : 0;
		v = malloc((*n ? *n : 1) * sizeof(*v));
		for (size_t i = 0; v && i < *n; i++)
			v[i] = nsinfo_ns_proc(ns, i);
		return v;
	}
	if (key[0] == 'c') {
		for (size_t i = 0; i < nsinfo_snapshot_container_count(snap); i++) {
			const struct nsinfo_container *c = nsinfo_snapshot_container(snap, i);

			container_key(c, buf, sizeof(buf));
			if (!strcmp(buf, key))
				return container_procs(c, n);
		}
		return calloc(1, sizeof(*v));
	}
	/* a set: its processes, in PID order */
	v = malloc((nsinfo_snapshot_proc_count(snap) + 1) * sizeof(*v));
	for (size_t i = 0; v && i < nsinfo_snapshot_proc_count(snap); i++) {
		const struct nsinfo_proc *p = nsinfo_snapshot_proc(snap, i);

		if (nsinfo_proc_flags(p) & (NSINFO_PROC_DENIED | NSINFO_PROC_ZOMBIE))
			continue;
		set_key(p, m->drill_types, buf, sizeof(buf));
		if (!strcmp(buf, key))
			v[(*n)++] = p;
	}
	return v;
}

static int build_procs(struct build *b)
{
	size_t n;
	const struct nsinfo_proc **v = key_procs(b->m, b->m->drill_key ? b->m->drill_key : "", &n);
	int rc = 0;

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < n && !rc; i++)
		if (proc_wanted(b->m, v[i]))
			rc = proc_row(b, v[i]);
	free((void *)v);
	return rc;
}

int model_row_procs(const struct nstop_model *m, const struct nstop_row *row, pid_t **pids,
		    unsigned long long **starts, size_t *n)
{
	const struct nsinfo_proc **v;

	*pids = NULL;
	*starts = NULL;
	if (row->key[0] == 'p') {
		v = malloc(sizeof(*v));
		*n = 0;
		if (v && (v[0] = nsinfo_snapshot_find_proc(m->snap, row->pid)))
			*n = 1;
	} else {
		v = key_procs(m, row->key, n);
	}
	if (!v)
		return -ENOMEM;
	*pids = malloc((*n ? *n : 1) * sizeof(**pids));
	*starts = malloc((*n ? *n : 1) * sizeof(**starts));
	if (!*pids || !*starts) {
		free(*pids);
		free(*starts);
		free((void *)v);
		return -ENOMEM;
	}
	for (size_t i = 0; i < *n; i++) {
		(*pids)[i] = nsinfo_proc_pid(v[i]);
		proc_start(v[i], &(*starts)[i]);
	}
	free((void *)v);
	return 0;
}

/* ---- the ownership tree ---- */

struct art {
	const char *branch, *last, *down, *space;
};

static int tree_rows(struct build *b, const struct tree_node *n, char *prefix, size_t plen,
		     const struct art *a, size_t depth)
{
	for (size_t i = 0; i < n->nkids; i++) {
		const struct tree_node *k = n->kids[i];
		bool last = i + 1 == n->nkids;
		size_t add = strlen(last ? a->last : a->branch);
		char *art;
		int rc = 0;

		if (plen + add + 1 > 4096 || depth > 64)
			return 0;	/* deeper than any screen */
		art = malloc(plen + add + 1);
		if (!art)
			return -ENOMEM;
		memcpy(art, prefix, plen);
		strcpy(art + plen, depth ? (last ? a->last : a->branch) : "");
		if (k->kind == TREE_NS) {
			rc = ns_row(b, k->ns, art);
		} else {
			/* an ancestor out of our view: a row that only says so */
			struct nstop_row *r = row_add(b, "t:above");

			if (!r || !(r->art = malloc(strlen(art) + 32)))
				rc = -ENOMEM;
			else
				sprintf(r->art, "%s[above our view]", art);
		}
		free(art);
		if (rc < 0)
			return rc;
		if (k->nkids) {
			char next[4096];
			size_t nlen = plen;

			memcpy(next, prefix, plen);
			if (depth) {
				const char *s = last ? a->space : a->down;

				memcpy(next + plen, s, strlen(s));
				nlen += strlen(s);
			}
			rc = tree_rows(b, k, next, nlen, a, depth + 1);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

static int build_tree(struct build *b)
{
	static const struct art utf8 = { "\u251c\u2500", "\u2514\u2500", "\u2502 ", "  " };
	static const struct art ascii = { "|-", "`-", "| ", "  " };
	const struct nsinfo_snapshot *snap = b->m->snap;
	unsigned int types = shown_types(b->m) | NSINFO_TYPE_BIT(NSINFO_TYPE_USER);
	struct tree tr;
	char prefix[4096];
	int rc;

	if (tree_init(&tr, snap) < 0)
		return -ENOMEM;
	rc = 0;
	for (size_t i = 0; i < nsinfo_snapshot_ns_count(snap) && !rc; i++) {
		const struct nsinfo_ns *ns = nsinfo_snapshot_ns(snap, i);

		if ((types & NSINFO_TYPE_BIT(nsinfo_ns_type(ns))) && !tree_ns_node_new(&tr, ns))
			rc = -ENOMEM;
	}
	for (size_t i = 0; i < nsinfo_snapshot_ns_count(snap) && !rc; i++) {
		const struct nsinfo_ns *ns = nsinfo_snapshot_ns(snap, i);
		struct tree_node *n = tree_ns_node(&tr, ns), *up;

		if (!n)
			continue;
		up = tree_place(&tr, ns, nsinfo_ns_type(ns) != NSINFO_TYPE_USER, true);
		if (!up || tree_attach(up, n) < 0)
			rc = -ENOMEM;
	}
	if (!rc) {
		tree_sort(&tr, false);
		rc = tree_rows(b, &tr.top, prefix, 0, b->m->utf8 ? &utf8 : &ascii, 0);
	}
	tree_free(&tr);
	return rc;
}

/* ---- the event log ---- */

/* A cell of an event for the view's filter expression (filter_match()). */
static int event_cell(void *arg, struct out_row *row, size_t pos, int id)
{
	return event_fill(row, pos, (enum event_col)id, arg);
}

static int build_events(struct build *b)
{
	for (size_t i = 0; i < b->m->nevents; i++) {
		const struct nstop_event *e = events_get(b->m, i);
		struct out_row *orow;
		struct nstop_row *r;
		char key[64];

		if (!(shown_types(b->m) & NSINFO_TYPE_BIT(e->type)) && e->kind != EV_CONTAINER_NEW &&
		    e->kind != EV_CONTAINER_GONE)
			continue;
		snprintf(key, sizeof(key), "e:%llu", b->m->events_total - i);
		orow = out_row(b->tab, NULL);
		if (!orow || !(r = row_add(b, key)))
			return -ENOMEM;
		r->type = e->type;
		r->inode = e->inode;
		r->pid = e->pid;
		for (size_t c = 0; c < b->t->sel.n; c++)
			if (event_fill(orow, c, (enum event_col)b->t->sel.ids[c], e) < 0)
				return -ENOMEM;
		if (b->t->expr &&
		    row_filter(r, filter_match(b->t->expr, event_cell, (void *)e)) < 0)
			return -ENOMEM;
		if (row_take(b, r, orow) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* ---- filter, sort ---- */

bool rows_match(const struct nstop_model *m, const struct nstop_row *row)
{
	const struct nstop_table *t = &m->tab[m->view];

	if (!t->filter || !*t->filter || m->view == NV_TREE)
		return true;
	if (t->expr)
		return !(row->flags & ROW_FILTERED);
	for (size_t i = 0; i < t->sel.n; i++)
		if (row->cells[i] && strcasestr(row->cells[i], t->filter))
			return true;
	return false;
}

static bool numeric(const struct out_column *c)
{
	return c->flags & OUT_RIGHT;
}

static double sort_value(const struct out_column *c, const char *text)
{
	char *end;
	double v;

	if (!text || !*text)
		return -INFINITY;
	if (!strcmp(text, "max"))
		return INFINITY;
	if (!strcmp(c->name, "AGE")) {
		long long s = col_parse_age(text);

		return s < 0 ? -INFINITY : (double)s;
	}
	v = strtod(text, &end);
	if (end == text)
		return -INFINITY;
	/* sizes as top prints them (MEM, MEMMAX: 512M), "max" above all */
	if (end[0] && !end[1] && strchr("BKMGTPE", end[0]))
		v *= pow(1024, (double)(strchr("BKMGTPE", end[0]) - "BKMGTPE"));
	return v;
}

struct sort_arg {
	size_t pos;
	bool num, desc;
};

static int row_cmp(const void *a, const void *b, void *arg)
{
	const struct nstop_row *x = a, *y = b;
	const struct sort_arg *s = arg;
	int c;

	if (s->num) {
		c = x->sortv < y->sortv ? -1 : x->sortv > y->sortv;
	} else {
		const char *p = x->cells[s->pos] ? x->cells[s->pos] : "";
		const char *q = y->cells[s->pos] ? y->cells[s->pos] : "";

		c = strcoll(p, q);
	}
	if (s->desc)
		c = -c;
	/* ties in a fixed order, so rows do not swap between frames */
	return c ? c : strcmp(x->key, y->key);
}

void rows_sort(struct nstop_model *m)
{
	const struct nstop_table *t = &m->tab[m->view];
	struct sort_arg s = { 0, false, false };

	if (t->sort < 0 || m->view == NV_TREE || m->view == NV_EVENTS || m->nrows < 2)
		return;
	while (s.pos < t->sel.n && t->sel.ids[s.pos] != t->sort)
		s.pos++;
	if (s.pos == t->sel.n)
		return;
	s.num = numeric(&t->cols[t->sort]);
	/* numbers largest first, words from A, as top and htop */
	s.desc = s.num != t->reverse;
	if (s.num)
		for (size_t i = 0; i < m->nrows; i++)
			m->rows[i].sortv = sort_value(&t->cols[t->sort], m->rows[i].cells[s.pos]);
	qsort_r(m->rows, m->nrows, sizeof(*m->rows), row_cmp, &s);
}

/* ---- the whole build ---- */

void rows_free(struct nstop_model *m)
{
	for (size_t i = 0; i < m->nrows; i++)
		row_clear(&m->rows[i]);
	free(m->rows);
	m->rows = NULL;
	m->nrows = m->caprows = 0;
	out_free(m->out);
	m->out = NULL;
}

int rows_build(struct nstop_model *m)
{
	struct nstop_table *t = &m->tab[m->view];
	struct out_opts opts = m->out_opts;
	struct build b = { .m = m, .t = t };
	struct nstop_row *old = m->rows;
	size_t nold = m->nrows, keep = 0;
	int rc;

	b.tab = out_new(t->cols, t->sel.ids, t->sel.n, &opts);
	if (!b.tab)
		return -ENOMEM;
	switch (m->view) {
	case NV_NS:
		rc = build_ns(&b);
		break;
	case NV_CONTAINERS:
		rc = build_containers(&b);
		break;
	case NV_SETS:
		rc = build_sets(&b);
		break;
	case NV_PROCS:
		rc = build_procs(&b);
		break;
	case NV_TREE:
		rc = build_tree(&b);
		break;
	default:
		rc = build_events(&b);
		break;
	}
	/* new: first seen after the view was entered, a few refreshes ago */
	for (size_t i = 0; !rc && i < b.n; i++) {
		unsigned long first;

		rc = seen_mark(&m->seen, b.rows[i].key, m->gen, &first);
		if (!rc && m->view != NV_EVENTS && first > t->since && m->gen - first < NEW_FOR)
			b.rows[i].flags |= ROW_NEW;
	}
	/* the filter, in place */
	for (size_t i = 0; !rc && i < b.n; i++) {
		if (rows_match(m, &b.rows[i]))
			b.rows[keep++] = b.rows[i];
		else
			row_clear(&b.rows[i]);
	}
	if (rc) {
		for (size_t i = 0; i < b.n; i++)
			row_clear(&b.rows[i]);
		free(b.rows);
		out_free(b.tab);
		return rc;
	}
	b.n = keep;
	/* vanished since the last refresh: shown once more, dimmed */
	for (size_t i = 0; i < nold; i++) {
		const struct seen_entry *e = seen_find(&m->seen, old[i].key);
		struct nstop_row *r;

		if (m->refreshed && m->rows_view == m->view && m->view != NV_EVENTS && !(old[i].flags & ROW_GONE) && e &&
		    e->last < m->gen && e->last + 1 == m->gen && row_own(&old[i]) == 0 &&
		    (r = row_add(&b, "")) != NULL) {
			row_clear(r);
			*r = old[i];
			r->flags = (r->flags & ~ROW_NEW) | ROW_GONE;
			continue;
		}
		row_clear(&old[i]);
	}
	free(old);
	out_free(m->out);
	m->out = b.tab;
	m->rows = b.rows;
	m->nrows = b.n;
	m->caprows = b.cap;
	m->rows_view = m->view;
	rows_sort(m);
	return 0;
}
