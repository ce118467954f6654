// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * model.c - what nstop shows, without a terminal: one scanner for the
 * life of the program, the tables of each view (columns, sort, the
 * selection that follows its row by key), the filters, the drill-down
 * and what the scanner must read for the view on screen (and nothing
 * more: NSPID only while a drill-down shows it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "filter.h"
#include "nstop.h"

/* What every view reads: task info and numbers for every process, the
 * containers, and relations (the tree; read once per namespace). */
#define BASE_FLAGS (NSINFO_SCAN_INFO_ALL | NSINFO_SCAN_TASK_STATS | NSINFO_SCAN_CONTAINERS | \
		    NSINFO_SCAN_RELATIONS)

/* HOLDERS reads every process's descriptors on every refresh (a readlink
 * each, about a third of a refresh with the /proc source), and with them
 * finds the namespaces that only an fd holds: shown unless -o leaves it
 * out, since nothing is hidden by default */
static const int ns_default[] = { NS_COL_NS, NS_COL_TYPE, NS_COL_NPROCS, NS_COL_NTHREADS,
				  NS_COL_PCPU, NS_COL_RSS, NS_COL_USER, NS_COL_CONTAINER,
				  NS_COL_AGE, NS_COL_HOLDERS, NS_COL_COMMAND };
static const int ct_default[] = { GROUP_COL_CONTAINER, GROUP_COL_RUNTIME, GROUP_COL_ID,
				  GROUP_COL_NPROCS, GROUP_COL_PCPU, GROUP_COL_RSS,
				  /* what it may use: usage beside each limit */
				  GROUP_COL_CG0 + COL_CG_MEM, GROUP_COL_CG0 + COL_CG_MEMMAX,
				  GROUP_COL_CG0 + COL_CG_PIDS, GROUP_COL_CG0 + COL_CG_PIDSMAX,
				  GROUP_COL_CG0 + COL_CG_CPUMAX, GROUP_COL_CG0 + COL_CG_PSI,
				  GROUP_COL_HOST, GROUP_COL_USER, GROUP_COL_AGE, GROUP_COL_COMMAND };
static const int set_default[] = { GROUP_COL_NPROCS, GROUP_COL_PCPU, GROUP_COL_RSS, GROUP_COL_HOST,
				   GROUP_COL_CONTAINER, GROUP_COL_NS0 + NSINFO_TYPE_NET,
				   GROUP_COL_NS0 + NSINFO_TYPE_PID, GROUP_COL_NS0 + NSINFO_TYPE_USER,
				   GROUP_COL_COMMAND };
static const int proc_default[] = { PROC_COL_PID, PROC_COL_NSPID, PROC_COL_USER, PROC_COL_PCPU,
				    PROC_COL_RSS, PROC_COL_STATE, PROC_COL_COMMAND };
static const int tree_default[] = { NS_COL_NS, NS_COL_TYPE, NS_COL_NPROCS, NS_COL_USER,
				    NS_COL_CONTAINER, NS_COL_COMMAND };
static const int ev_default[] = { EV_COL_TIME, EV_COL_EVENT, EV_COL_TYPE, EV_COL_NS, EV_COL_FROM,
				  EV_COL_PID, EV_COL_CONTAINER, EV_COL_COMMAND };

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static void table_init(struct nstop_table *t, const struct out_column *cols, size_t ncatalog,
		       const int *ids, size_t n, int sort)
{
	t->cols = cols;
	t->ncatalog = ncatalog;
	for (size_t i = 0; i < n; i++)
		cli_columns_add(&t->sel, ids[i]);
	t->sort = sort;
	/* what the first refresh finds is not new */
	t->since = 1;
}

static int column_id(const struct nstop_table *t, const char *name)
{
	return cli_column_lookup(t->cols, t->ncatalog, name, strlen(name));
}

/* -o: "A,B" replaces the view's columns, "+A,B" adds. */
static int apply_output(struct nstop_table *t, const char *arg, const char **bad)
{
	const char *p = arg;
	bool add = *p == '+';

	if (add)
		p++;
	else
		t->sel.n = 0;
	while (*p) {
		size_t len = strcspn(p, ",");
		int id = cli_column_lookup(t->cols, t->ncatalog, p, len);

		if (id < 0 || t->sel.n == CLI_MAX_COLUMNS) {
			*bad = p;
			return -EINVAL;
		}
		cli_columns_add(&t->sel, id);
		p += len + (p[len] == ',');
	}
	if (!t->sel.n) {
		*bad = arg;
		return -EINVAL;
	}
	return 0;
}

int model_init(struct nstop_model *m, const struct nstop_config *cfg, const char **bad)
{
	struct nsinfo_scan_opts opts = { .size = sizeof(opts) };
	struct nstop_table *t;
	int rc;

	*m = (struct nstop_model){ .group = cfg->group, .view = cfg->group, .back = cfg->group };
	*bad = NULL;
	m->utf8 = cfg->utf8;
	m->base_flags = BASE_FLAGS | cfg->extra_flags;
	m->scan_types = cfg->types ? cfg->types : NSINFO_ALL_TYPES;
	m->source = nsinfo_source_name((enum nsinfo_source)cfg->source);
	table_init(&m->tab[NV_NS], ns_columns, NS_NCOLS, ns_default, ARRAY_SIZE(ns_default), NS_COL_PCPU);
	table_init(&m->tab[NV_CONTAINERS], group_columns, GROUP_NCOLS, ct_default, ARRAY_SIZE(ct_default),
		   GROUP_COL_PCPU);
	table_init(&m->tab[NV_SETS], group_columns, GROUP_NCOLS, set_default, ARRAY_SIZE(set_default),
		   GROUP_COL_PCPU);
	table_init(&m->tab[NV_PROCS], proc_columns, PROC_NCOLS, proc_default, ARRAY_SIZE(proc_default),
		   PROC_COL_PCPU);
	table_init(&m->tab[NV_TREE], ns_columns, NS_NCOLS, tree_default, ARRAY_SIZE(tree_default), -1);
	table_init(&m->tab[NV_EVENTS], event_columns, EV_NCOLS, ev_default, ARRAY_SIZE(ev_default), -1);
	/* -o: the columns of the rows -g chose */
	for (size_t i = 0; i < cfg->noutput; i++)
		if (apply_output(&m->tab[m->view], cfg->output[i], bad) < 0)
			return -EINVAL;
	t = &m->tab[m->view];
	if (cfg->sort) {
		int id = column_id(t, cfg->sort);

		if (id < 0) {
			*bad = cfg->sort;
			return -EINVAL;
		}
		cli_columns_add(&t->sel, id);
		t->sort = id;
	}
	/* sorting by a column -o left out: the view's first column */
	if (t->sort >= 0 && !cli_columns_has(&t->sel, t->sort))
		t->sort = t->sel.ids[0];
	t->reverse = cfg->reverse;
	if (cfg->npids) {
		m->pids = malloc(cfg->npids * sizeof(*m->pids));
		if (!m->pids)
			return -ENOMEM;
		memcpy(m->pids, cfg->pids, cfg->npids * sizeof(*m->pids));
		m->npids = cfg->npids;
	}
	m->by_user = cfg->by_user;
	m->uid = cfg->uid;
	opts.proc_root = cfg->proc_root;
	opts.types = m->scan_types;
	opts.flags = model_scan_flags(m);
	opts.source = cfg->source;
	rc = nsinfo_scanner_new(&m->scanner, &opts);
	return rc;
}

void model_free(struct nstop_model *m)
{
	rows_free(m);
	for (int v = 0; v < NV_NVIEWS; v++) {
		free(m->tab[v].selected);
		free(m->tab[v].filter);
		free(m->tab[v].filter_note);
		filter_free(m->tab[v].expr);
	}
	events_free(m);
	seen_free(&m->seen);
	nsinfo_snapshot_unref(m->snap);
	nsinfo_snapshot_unref(m->prev);
	nsinfo_scanner_free(m->scanner);
	free(m->pids);
	free(m->drill_key);
	free(m->drill_title);
	*m = (struct nstop_model){ .scanner = NULL };
}

unsigned int model_scan_flags(const struct nstop_model *m)
{
	unsigned int f = m->base_flags;

	/* The namespace rows' columns always: where namespaces are found
	 * (fds, mounts, for_children) must not change with the view, or the
	 * diff would log namespaces appearing and vanishing as one looks
	 * from one view to another. What only the view shows (NSPID) comes
	 * and goes with it. */
	f |= columns_scan_flags(m->tab[NV_NS].cols, m->tab[NV_NS].sel.ids, m->tab[NV_NS].sel.n);
	f |= columns_scan_flags(m->tab[m->view].cols, m->tab[m->view].sel.ids, m->tab[m->view].sel.n);
	/* and what the view's filter names, shown or not */
	f |= filter_scan_flags(m->tab[m->view].expr);
	/* NTHREADS counts each process's threads from its stat (as top);
	 * a readlink per thread and type is more than a monitor can pay */
	f &= ~(unsigned int)NSINFO_SCAN_TASKS;
	/* the leader's info is there: every process's is */
	f &= ~(unsigned int)NSINFO_SCAN_INFO_LEADERS;
	return f;
}

struct nstop_table *model_table(struct nstop_model *m)
{
	return &m->tab[m->view];
}

const struct nstop_row *model_selected(const struct nstop_model *m)
{
	const struct nstop_table *t = &m->tab[m->view];

	return t->cur < m->nrows ? &m->rows[t->cur] : NULL;
}

static void remember(struct nstop_model *m)
{
	struct nstop_table *t = &m->tab[m->view];
	char *key = t->cur < m->nrows ? strdup(m->rows[t->cur].key) : NULL;

	/* on ENOMEM the selection just does not follow its row */
	free(t->selected);
	t->selected = key;
}

/* After the rows changed: the selected row where it went now; if it is
 * gone, the row that took its place. */
static void follow(struct nstop_model *m)
{
	struct nstop_table *t = &m->tab[m->view];

	if (t->selected)
		for (size_t i = 0; i < m->nrows; i++)
			if (!strcmp(m->rows[i].key, t->selected)) {
				t->cur = i;
				return;
			}
	if (t->cur >= m->nrows)
		t->cur = m->nrows ? m->nrows - 1 : 0;
	remember(m);
}

int model_rebuild(struct nstop_model *m)
{
	int rc;

	if (!m->snap)
		return 0;
	rc = rows_build(m);
	if (rc)
		return rc;
	follow(m);
	return 0;
}

/*
 * A burst of processes grows the heap (snapshots, rows, the scan's worker
 * arenas), and glibc keeps what was freed below the top of each arena:
 * nstop would hold a burst's peak for the rest of its life. Once the
 * population is down to half its peak, the free pages go back to the
 * kernel (malloc_trim() madvises them away; it walks the free lists, so
 * only then, not on every frame).
 *
 * Without bursts too, every TRIM_EVERY refreshes: each refresh frees
 * and allocates some megabytes again, and as the allocations land in
 * other free chunks of a heap that start-up made large (libbpf's BTF),
 * more of its pages become resident. Measured over 10,000 frames at 1000
 * processes with namespaces coming and going: the bytes in use stayed at
 * 6.1 to 6.5 MB while RSS crept up by 400 KiB.
 */
#define TRIM_EVERY 64

static void trim_heap(struct nstop_model *m)
{
	size_t n = nsinfo_snapshot_proc_count(m->snap);

	if (n > m->peak_procs) {
		m->peak_procs = n;
	} else if (n * 2 < m->peak_procs || m->gen % TRIM_EVERY == 0) {
		malloc_trim(0);
		m->peak_procs = n;
	}
}

int model_refresh(struct nstop_model *m)
{
	struct nsinfo_snapshot *snap;
	int rc;

	rc = nsinfo_scanner_set_flags(m->scanner, model_scan_flags(m));
	if (!rc)
		rc = nsinfo_scanner_refresh(m->scanner, &snap);
	if (rc)
		return rc;
	nsinfo_snapshot_unref(m->prev);
	m->prev = m->snap;
	m->snap = snap;
	m->gen++;
	/* auto may read one refresh from the kernel and the next from /proc
	 * (a read that failed): say what read this one */
	m->source = nsinfo_source_name(nsinfo_snapshot_source(snap, &m->source_why));
	columns_ctx_init(&m->ctx, snap);
	rc = events_collect(m);
	if (rc)
		return rc;
	m->refreshed = true;
	rc = model_rebuild(m);
	m->refreshed = false;
	if (!rc)
		rc = seen_prune(&m->seen, m->gen - 1);
	if (!rc)
		trim_heap(m);
	return rc;
}

/* After a change of view: a refresh when the view reads more (or less)
 * than the scanner does, else the rows again. */
static int view_changed(struct nstop_model *m)
{
	/* what the view shows when entered is not new (a refresh it takes
	 * first is one generation on) */
	if (m->snap && model_scan_flags(m) != nsinfo_scanner_flags(m->scanner)) {
		m->tab[m->view].since = m->gen + 1;
		return model_refresh(m);
	}
	m->tab[m->view].since = m->gen;
	return model_rebuild(m);
}

void model_move_to(struct nstop_model *m, size_t index)
{
	struct nstop_table *t = &m->tab[m->view];

	t->cur = m->nrows ? (index < m->nrows ? index : m->nrows - 1) : 0;
	remember(m);
}

void model_move(struct nstop_model *m, long delta)
{
	struct nstop_table *t = &m->tab[m->view];
	long i = (long)t->cur + delta;

	model_move_to(m, i < 0 ? 0 : (size_t)i);
}

void model_scroll(struct nstop_model *m, size_t page)
{
	struct nstop_table *t = &m->tab[m->view];

	if (!page)
		page = 1;
	if (t->cur < t->top)
		t->top = t->cur;
	if (t->cur >= t->top + page)
		t->top = t->cur - page + 1;
	if (m->nrows <= page)
		t->top = 0;
	else if (t->top > m->nrows - page)
		t->top = m->nrows - page;
}

static void resort(struct nstop_model *m)
{
	rows_sort(m);
	follow(m);
}

void model_sort_step(struct nstop_model *m, int dir)
{
	struct nstop_table *t = &m->tab[m->view];
	size_t pos = 0;

	if (t->sort < 0 || !t->sel.n)
		return;
	while (pos < t->sel.n && t->sel.ids[pos] != t->sort)
		pos++;
	if (pos == t->sel.n)
		pos = 0;
	else if (dir < 0 && pos > 0)
		pos--;
	else if (dir > 0 && pos + 1 < t->sel.n)
		pos++;
	t->sort = t->sel.ids[pos];
	resort(m);
}

int model_sort_by(struct nstop_model *m, int col)
{
	struct nstop_table *t = &m->tab[m->view];

	if (t->sort < 0 || !cli_columns_has(&t->sel, col))
		return -EINVAL;
	t->sort = col;
	resort(m);
	return 0;
}

void model_sort_reverse(struct nstop_model *m)
{
	struct nstop_table *t = &m->tab[m->view];

	if (t->sort < 0)
		return;
	t->reverse = !t->reverse;
	resort(m);
}

/*
 * The rule (nstop(1), "/"): the text is an expression when it parses,
 * names only columns of the view and has an operator; anything else is
 * text to find, so "sleep", "4026531840" and "(sd-pam)" stay searches.
 */
int model_set_filter(struct nstop_model *m, const char *text)
{
	struct nstop_table *t = &m->tab[m->view];
	char *f = text && *text ? strdup(text) : NULL, *note = NULL;
	struct filter *expr = NULL;
	struct filter_error err;

	if (text && *text && !f)
		return -ENOMEM;
	if (f) {
		int rc = filter_new(&expr, f, t->cols, t->ncatalog, &err);

		if (rc == -ENOMEM) {
			free(f);
			return rc;
		}
		if (rc == 0 && !filter_has_operator(expr)) {
			filter_free(expr);
			expr = NULL;
		}
		/* it looks like one: say why it is not */
		if (rc < 0 && err.saw_operator && !(note = strdup(err.msg))) {
			free(f);
			return -ENOMEM;
		}
	}
	free(t->filter);
	free(t->filter_note);
	filter_free(t->expr);
	t->filter = f;
	t->expr = expr;
	t->filter_note = note;
	/* a column it names that nothing else reads: read it */
	if (m->snap && model_scan_flags(m) != nsinfo_scanner_flags(m->scanner))
		return model_refresh(m);
	return model_rebuild(m);
}

int model_set_types(struct nstop_model *m, unsigned int types)
{
	if (types & ~m->scan_types)
		return -EINVAL;
	m->types = types == m->scan_types ? 0 : types;
	/* namespace sets are other sets now: none of them is new */
	m->tab[m->view].since = m->gen;
	return model_rebuild(m);
}

int model_cycle_group(struct nstop_model *m)
{
	m->group = m->group == NV_NS ? NV_CONTAINERS : m->group == NV_CONTAINERS ? NV_SETS : NV_NS;
	m->view = m->back = m->group;
	return view_changed(m);
}

/* "net:[4026532001]", "container web (podman)", "set of PID 42". */
static char *drill_title(const struct nstop_model *m, const struct nstop_row *row)
{
	const struct nstop_table *t = &m->tab[m->view];
	const char *name = NULL;
	char *s = NULL;

	if (row->key[0] == 'n') {
		if (asprintf(&s, "%s:[%llu]", nsinfo_type_name(row->type),
			     (unsigned long long)row->inode) < 0)
			s = NULL;
		return s;
	}
	for (size_t i = 0; i < t->sel.n; i++)
		if (t->sel.ids[i] == GROUP_COL_CONTAINER && t->cols == group_columns)
			name = row->cells[i];
	if (row->key[0] == 'c') {
		if (asprintf(&s, "container %s", name ? name : "(no name)") < 0)
			s = NULL;
	} else if (asprintf(&s, "namespace set of PID %d", (int)row->pid) < 0) {
		s = NULL;
	}
	return s;
}

int model_drill(struct nstop_model *m)
{
	const struct nstop_row *row = model_selected(m);
	struct nstop_table *pt = &m->tab[NV_PROCS];
	char *key, *title, buf[64];

	if (!row || m->view == NV_PROCS || (row->flags & ROW_GONE))
		return -ENOENT;
	if (m->view == NV_EVENTS || m->view == NV_TREE) {
		/* the namespace of the event or tree row, if it is one */
		if (!row->inode || (m->view == NV_EVENTS && row->key[0] != 'e'))
			return -ENOENT;
		snprintf(buf, sizeof(buf), "n:%s:%llu", nsinfo_type_name(row->type),
			 (unsigned long long)row->inode);
		if (!nsinfo_snapshot_find_ns(m->snap, (int)row->type, row->inode))
			return -ENOENT;
		key = strdup(buf);
	} else {
		key = strdup(row->key);
	}
	/* a tree or log row stands for its namespace */
	title = NULL;
	if (m->view == NV_EVENTS || m->view == NV_TREE) {
		if (asprintf(&title, "%s:[%llu]", nsinfo_type_name(row->type),
			     (unsigned long long)row->inode) < 0)
			title = NULL;
	} else {
		title = drill_title(m, row);
	}
	if (!key || !title) {
		free(key);
		free(title);
		return -ENOMEM;
	}
	free(m->drill_key);
	free(m->drill_title);
	m->drill_key = key;
	m->drill_title = title;
	m->drill_from = m->view;
	m->drill_types = m->types ? m->types : m->scan_types;
	m->view = NV_PROCS;
	pt->cur = pt->top = 0;
	free(pt->selected);
	pt->selected = NULL;
	return view_changed(m);
}

int model_back(struct nstop_model *m)
{
	if (m->view == NV_PROCS)
		m->view = m->drill_from;
	else if (m->view == NV_TREE || m->view == NV_EVENTS)
		m->view = m->back;
	else
		return 0;
	return view_changed(m);
}

int model_show(struct nstop_model *m, enum nstop_view v)
{
	if (m->view == v)
		return model_back(m);
	if (m->view == NV_PROCS && (m->drill_from == NV_TREE || m->drill_from == NV_EVENTS))
		m->drill_from = m->back;
	m->view = v;
	return view_changed(m);
}

/* A word a shell takes as it is, else single-quoted; -ENAMETOOLONG when
 * it does not fit (a cut name could name something else). */
static int shell_word(char *buf, size_t len, const char *w)
{
	size_t n = 0;

	if (w[strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=@%+,")] == '\0')
		return snprintf(buf, len, "%s", w) < (int)len ? 0 : -ENAMETOOLONG;
	if (len < 3)
		return -ENAMETOOLONG;
	buf[n++] = '\'';
	for (; *w; w++) {
		if (n + 6 > len)
			return -ENAMETOOLONG;
		if (*w == '\'') {
			memcpy(buf + n, "'\\''", 4);
			n += 4;
		} else {
			buf[n++] = *w;
		}
	}
	buf[n++] = '\'';
	buf[n] = '\0';
	return 0;
}

/* nsenter-lite's option for a type: --mount for mnt, else the name. */
static const char *enter_option(enum nsinfo_type t)
{
	return t == NSINFO_TYPE_MNT ? "mount" : nsinfo_type_name(t);
}

int model_enter_command(const struct nstop_model *m, const struct nstop_row *row, char *buf,
			size_t len)
{
	char word[4096];

	if (!row || !row->key || (row->flags & ROW_GONE))
		return -ENOENT;
	switch (row->key[0]) {
	case 'n': {
		const struct nsinfo_ns *ns = nsinfo_snapshot_find_ns(m->snap, (int)row->type, row->inode);

		if (row->pid > 0)
			return snprintf(buf, len, "nsenter-lite -t %d --%s", (int)row->pid,
					enter_option(row->type)) < (int)len ? 0 : -ENAMETOOLONG;
		if (ns && nsinfo_ns_nsfs_count(ns)) {
			if (shell_word(word, sizeof(word), nsinfo_ns_nsfs(ns, 0)) < 0)
				return -ENAMETOOLONG;
			return snprintf(buf, len, "nsenter-lite --%s=%s", enter_option(row->type),
					word) < (int)len ? 0 : -ENAMETOOLONG;
		}
		return -ENOENT;
	}
	case 'c':
		for (size_t i = 0; i < nsinfo_snapshot_container_count(m->snap); i++) {
			const struct nsinfo_container *c = nsinfo_snapshot_container(m->snap, i);
			const char *name = nsinfo_container_name(c), *id = nsinfo_container_id(c);
			uid_t nuid = 0, owner = 0;

			container_key(c, word, sizeof(word));
			if (strcmp(word, row->key))
				continue;
			/* nsenter-lite takes no other user's claim: name it as
			 * root's runtime does, else by its process */
			nsinfo_container_name_uid(c, &nuid);
			nsinfo_container_owner(c, &owner);
			if (name && (nuid == 0 || nuid == geteuid())) {
				if (shell_word(word, sizeof(word), name) < 0)
					return -ENAMETOOLONG;
			} else if (id && (owner == 0 || owner == geteuid())) {
				snprintf(word, sizeof(word), "%.12s", id);
			} else {
				break;
			}
			return snprintf(buf, len, "nsenter-lite --container %s", word) < (int)len
				       ? 0 : -ENAMETOOLONG;
		}
		break;
	case 'e': {
		/* the namespace as it is now, by who stands for it now: the
		 * event's PID may be another process's by now */
		const struct nsinfo_ns *ns = row->inode ? nsinfo_snapshot_find_ns(m->snap, (int)row->type,
										  row->inode) : NULL;
		const struct nsinfo_proc *lead;
		unsigned int how;
		pid_t tid;

		if (!ns || nsinfo_ns_leader(ns, &lead, &tid, &how) < 0)
			return -ENOENT;
		return snprintf(buf, len, "nsenter-lite -t %d --%s", (int)tid,
				enter_option(row->type)) < (int)len ? 0 : -ENAMETOOLONG;
	}
	default:
		break;
	}
	if (row->pid <= 0)
		return -ENOENT;
	return snprintf(buf, len, "nsenter-lite -t %d -a", (int)row->pid) < (int)len ? 0 : -ENAMETOOLONG;
}
