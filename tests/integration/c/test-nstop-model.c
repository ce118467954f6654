// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nstop's model without a terminal (tools/nstop/model.c, rows.c,
 * events.c, batch.c, signal.c) against real namespaces this test makes:
 *   a       a child in its own net and uts namespaces;
 *   b1, b2  two children sharing one net and uts namespace (b2 joins
 *           b1's with setns), so one namespace set of two;
 *   d       a child that unshares a net namespace when told, staying
 *           alive (a proc-moved event);
 *   f       a child in its own net namespace under another user (-u);
 *   c       born after a refresh, killed later (ns-new, ns-gone);
 *   k       a child in its own uts namespace for k/K (nstop_kill);
 *   l, m    children in lxc-named cgroups (containers "nstop-unit-PID-l"
 *           for the whole test, "-m" made and killed: container events),
 *           when a cgroup hierarchy is writable.
 * The rest of the system changes too: only what concerns these children
 * and their namespaces is checked exactly.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "nstop.h"
#include "unit.h"

/* a user no other test's children run as: 40000 + our PID */
static uid_t other_uid;

/* ---- children ---- */

struct kid {
	pid_t pid;
	int cmd, ack;	/* our ends: commands to it, its answers */
};

/* A child: joins `join`'s net and uts namespaces, unshares `first`,
 * becomes uid, says 'r'; then 'n' unshares a net namespace (answer 'd'),
 * 'h' holds `arg` new uts namespaces by open fds (answer 'd'), 'x' exits. */
static void kid_main(int cmd, int ack, int first, uid_t uid, pid_t join)
{
	char c;

	if (join > 0) {
		static const char *const types[] = { "net", "uts" };

		for (size_t i = 0; i < 2; i++) {
			char path[64];
			int fd;

			snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)join, types[i]);
			fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0 || setns(fd, 0) < 0)
				_exit(1);
			close(fd);
		}
	}
	if (first && unshare(first) < 0)
		_exit(1);
	if (uid && (setresgid(uid, uid, uid) < 0 || setresuid(uid, uid, uid) < 0))
		_exit(1);
	if (write(ack, "r", 1) != 1)
		_exit(1);
	while (read(cmd, &c, 1) == 1) {
		switch (c) {
		case 'n':
			if (unshare(CLONE_NEWNET) < 0)
				_exit(1);
			break;
		case 'h': {
			struct rlimit rl = { 4096, 4096 };

			if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
				_exit(1);
			for (int i = 0; i < 2100; i++)
				if (unshare(CLONE_NEWUTS) < 0 ||
				    open("/proc/self/ns/uts", O_RDONLY) < 0)
					_exit(1);
			break;
		}
		case 'x':
			_exit(0);
		default:
			continue;
		}
		if (write(ack, "d", 1) != 1)
			_exit(1);
	}
	_exit(0);
}

static bool spawn(struct kid *k, int first, uid_t uid, pid_t join)
{
	int cmd[2], ack[2];
	char c;

	*k = (struct kid){ -1, -1, -1 };
	if (pipe2(cmd, O_CLOEXEC) < 0)
		return false;
	if (pipe2(ack, O_CLOEXEC) < 0) {
		close(cmd[0]);
		close(cmd[1]);
		return false;
	}
	k->pid = fork();
	if (k->pid == 0) {
		close(cmd[1]);
		close(ack[0]);
		kid_main(cmd[0], ack[1], first, uid, join);
	}
	close(cmd[0]);
	close(ack[1]);
	k->cmd = cmd[1];
	k->ack = ack[0];
	if (k->pid < 0 || read(k->ack, &c, 1) != 1 || c != 'r') {
		printf("FAIL model-setup: a child did not start\n");
		unit_failed_total++;
		return false;
	}
	return true;
}

/* Tell a child to do c, wait for it to be done. */
static bool tell(struct kid *k, char c)
{
	char a;

	return write(k->cmd, &c, 1) == 1 && read(k->ack, &a, 1) == 1 && a == 'd';
}

/* SIGKILL, reaped; returns how it ended. */
static int reap(struct kid *k)
{
	int st = 0;

	if (k->pid <= 0)
		return -1;
	kill(k->pid, SIGKILL);
	waitpid(k->pid, &st, 0);
	close(k->cmd);
	close(k->ack);
	k->pid = -1;
	return st;
}

static uint64_t ino_of(pid_t pid, const char *type)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, type);
	return stat(path, &st) == 0 ? (uint64_t)st.st_ino : 0;
}

/* Field 22 of /proc/PID/stat. */
static unsigned long long start_of(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
		sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
		       &v);
	fclose(f);
	return v;
}

/* The test begun cannot go on: its failures so far count, else SKIP. */
static void skip(const char *why)
{
	if (unit_failed_here)
		TEST_END();
	else
		printf("SKIP %s: %s\n", unit_name, why);
}

/* ---- the model ---- */

/* The row key nstop gives the namespace: "n:TYPE:INODE", and ":ID" when
 * the kernel has 64-bit namespace ids (a scan of our own reads it). */
static void nskey(char *buf, size_t len, const char *type, uint64_t ino)
{
	struct nsinfo_scan_opts o = { .size = sizeof(o), .flags = NSINFO_SCAN_RELATIONS };
	struct nsinfo_snapshot *snap;
	const struct nsinfo_ns *ns;
	uint64_t id = 0;
	int n = snprintf(buf, len, "n:%s:%llu", type, (unsigned long long)ino);

	if (nsinfo_snapshot_new(&snap, &o) < 0)
		return;
	ns = nsinfo_snapshot_find_ns(snap, nsinfo_type_from_name(type), ino);
	if (ns && nsinfo_ns_id(ns, &id) == 0 && id && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, ":%llu", (unsigned long long)id);
	nsinfo_snapshot_unref(snap);
}

static long find_row(const struct nstop_model *m, const char *key)
{
	for (size_t i = 0; i < m->nrows; i++)
		if (!strcmp(m->rows[i].key, key))
			return (long)i;
	return -1;
}

static const struct nstop_row *row_of(const struct nstop_model *m, const char *key)
{
	long i = find_row(m, key);

	return i < 0 ? NULL : &m->rows[i];
}

/* The position of catalogue column id in the view's table, or -1. */
static long col_pos(struct nstop_model *m, int id)
{
	const struct nstop_table *t = model_table(m);

	for (size_t i = 0; i < t->sel.n; i++)
		if (t->sel.ids[i] == id)
			return (long)i;
	return -1;
}

static const char *cell(struct nstop_model *m, const struct nstop_row *r, int id)
{
	long p = col_pos(m, id);

	return r && p >= 0 && (size_t)p < r->ncells ? r->cells[p] : NULL;
}

static double num(const char *s)
{
	char *end;
	double v;

	if (!s || !*s)
		return -INFINITY;
	v = strtod(s, &end);
	return end == s ? -INFINITY : v;
}

static size_t count_flag(const struct nstop_model *m, unsigned int flag)
{
	size_t n = 0;

	for (size_t i = 0; i < m->nrows; i++)
		n += (m->rows[i].flags & flag) != 0;
	return n;
}

static int strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What must hold of the rows after every call: built for the view shown,
 * one cell a column, keys unique, the selection on a row and remembered
 * by its key, vanished rows without a table row, NSPID read only while
 * a drill-down shows it. The first thing wrong, or NULL. */
static const char *inconsistent(struct nstop_model *m)
{
	static char why[256];
	const struct nstop_table *t = model_table(m);
	const char **keys;
	const char *bad = NULL;

	if (m->rows_view != m->view && m->snap)
		return "rows built for another view";
	if (m->nrows && t->cur >= m->nrows)
		return "selection past the rows";
	if (m->nrows && (!model_selected(m) || !t->selected ||
			 strcmp(t->selected, model_selected(m)->key)))
		return "selection not remembered by its key";
	if (!m->nrows && model_selected(m))
		return "a selection without rows";
	if (!!(nsinfo_scanner_flags(m->scanner) & NSINFO_SCAN_NSPID) != (m->view == NV_PROCS))
		return "NSPID read outside a drill-down, or not in one";
	keys = malloc((m->nrows + 1) * sizeof(*keys));
	if (!keys)
		return "out of memory";
	for (size_t i = 0; i < m->nrows && !bad; i++) {
		const struct nstop_row *r = &m->rows[i];

		keys[i] = r->key;
		if (!r->key) {
			bad = "a row without a key";
		} else if (r->ncells != t->sel.n) {
			snprintf(why, sizeof(why), "row %s: %zu cells, %zu columns", r->key, r->ncells,
				 t->sel.n);
			bad = why;
		} else if (r->ncells && !r->cells) {
			bad = "a row without cells";
		} else if (!(r->flags & ROW_GONE) != !!r->orow) {
			snprintf(why, sizeof(why), "row %s: gone %d, table row %p", r->key,
				 !!(r->flags & ROW_GONE), (void *)r->orow);
			bad = why;
		} else if ((r->flags & ROW_GONE) && (r->flags & ROW_NEW)) {
			bad = "a row both new and gone";
		} else if ((r->flags & ROW_GONE) && (!seen_find(&m->seen, r->key) ||
						     seen_find(&m->seen, r->key)->last + 1 != m->gen)) {
			snprintf(why, sizeof(why), "row %s shown gone, not seen in the last refresh",
				 r->key);
			bad = why;
		} else if (m->view == NV_TREE && !r->art) {
			bad = "a tree row without art";
		}
	}
	if (!bad && m->nrows) {
		qsort(keys, m->nrows, sizeof(*keys), strp_cmp);
		for (size_t i = 1; i < m->nrows; i++)
			if (!strcmp(keys[i - 1], keys[i])) {
				snprintf(why, sizeof(why), "key %s twice in view %d", keys[i], (int)m->view);
				bad = why;
				break;
			}
	}
	free(keys);
	return bad;
}

#define CHECK_CONSISTENT(m)                                                             \
	do {                                                                            \
		const char *w_ = inconsistent(m);                                       \
		if (w_) {                                                               \
			printf("FAIL %s: %s:%d: %s\n", unit_name, __FILE__, __LINE__, w_); \
			unit_failed_here++;                                             \
		}                                                                       \
	} while (0)

/* The i-th of the last refresh's events, newest first, that matches. */
static const struct nstop_event *frame_event(const struct nstop_model *m,
					     enum nstop_event_kind kind, enum nsinfo_type type,
					     uint64_t inode)
{
	for (size_t i = 0; i < m->frame_events && i < m->nevents; i++) {
		const struct nstop_event *e = events_get(m, i);

		if (e->kind == kind && e->type == type && e->inode == inode)
			return e;
	}
	return NULL;
}

static bool has_pid(const pid_t *v, size_t n, pid_t pid)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == pid)
			return true;
	return false;
}

/* Every row of m stands for processes that include pid. */
static bool every_row_has(const struct nstop_model *m, pid_t pid)
{
	for (size_t i = 0; i < m->nrows; i++) {
		pid_t *pids;
		unsigned long long *starts;
		size_t n;
		bool in;

		if (m->rows[i].flags & ROW_GONE)
			continue;
		if (model_row_procs(m, &m->rows[i], &pids, &starts, &n) < 0)
			return false;
		in = has_pid(pids, n, pid);
		free(pids);
		free(starts);
		if (!in)
			return false;
	}
	return true;
}

static void batch_opts(struct nstop_model *m)
{
	m->out_opts = (struct out_opts){ .format = OUT_TABLE, .notruncate = true, .nowrap = true,
					 .json_key = "rows" };
}

/* One batch frame in memory; malloc'd text, or NULL. */
static char *frame(struct nstop_model *m, bool json, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f) {
		*rc = -errno;
		return NULL;
	}
	*rc = batch_frame(m, f, json);
	fclose(f);
	return buf;
}

static double elapsed(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ---- the checks ---- */

static struct kid kid_a, kid_b1, kid_b2, kid_d, kid_f, kid_c, kid_k, kid_l, kid_m;
static uint64_t a_net, a_uts, a_mnt, b_net, b_uts, f_net, host_net;
static char a_netkey[64], a_utskey[64], b_netkey[64];

static void check_init(void)
{
	struct nstop_config cfg = { .group = NV_NS };
	struct nstop_model m;
	const char *bad = "x";

	TEST_BEGIN("model-init-errors");
	cfg.sort = "NOPE";
	CHECK(model_init(&m, &cfg, &bad) == -EINVAL);
	CHECK_STR(bad, "NOPE");
	model_free(&m);
	cfg.sort = NULL;
	cfg.output[0] = "NS,BOGUS";
	cfg.noutput = 1;
	CHECK(model_init(&m, &cfg, &bad) == -EINVAL);
	CHECK(bad && !strncmp(bad, "BOGUS", 5));
	model_free(&m);
	/* -o +NETNSID: appended, and the scanner reads what it needs */
	cfg.output[0] = "+NETNSID";
	cfg.sort = "NPROCS";
	CHECK(model_init(&m, &cfg, &bad) == 0 && bad == NULL);
	CHECK(cli_columns_has(&m.tab[NV_NS].sel, NS_COL_NETNSID));
	CHECK(cli_columns_has(&m.tab[NV_NS].sel, NS_COL_NS));
	CHECK(m.tab[NV_NS].sort == NS_COL_NPROCS);
	CHECK(m.scanner && (nsinfo_scanner_flags(m.scanner) & NSINFO_SCAN_NETNSID));
	CHECK(!(nsinfo_scanner_flags(m.scanner) & NSINFO_SCAN_NSPID));
	/* nothing to show before the first refresh */
	CHECK(m.nrows == 0 && model_selected(&m) == NULL);
	CHECK(model_rebuild(&m) == 0 && m.nrows == 0);
	model_free(&m);
	/* -g sets -s sorts its own catalogue */
	cfg = (struct nstop_config){ .group = NV_SETS, .sort = "HOST" };
	CHECK(model_init(&m, &cfg, &bad) == 0);
	CHECK(m.view == NV_SETS && m.group == NV_SETS && m.tab[NV_SETS].sort == GROUP_COL_HOST);
	model_free(&m);
	TEST_END();
}

static void check_rows(struct nstop_model *m)
{
	const struct nstop_row *r;

	TEST_BEGIN("model-rows");
	CHECK(m->view == NV_NS && m->rows_view == NV_NS && m->gen == 2);
	r = row_of(m, a_netkey);
	CHECK(r != NULL);
	if (r) {
		char pid[16], ino[32];

		snprintf(pid, sizeof(pid), "%d", (int)kid_a.pid);
		snprintf(ino, sizeof(ino), "%llu", (unsigned long long)a_net);
		CHECK(r->type == NSINFO_TYPE_NET && r->inode == a_net);
		CHECK(r->pid == kid_a.pid && r->nprocs == 1);
		CHECK(r->start == start_of(kid_a.pid));
		CHECK(r->orow != NULL && !(r->flags & ROW_GONE));
		CHECK_STR(cell(m, r, NS_COL_NS), ino);
		CHECK_STR(cell(m, r, NS_COL_TYPE), "net");
		CHECK_STR(cell(m, r, NS_COL_NPROCS), "1");
		CHECK(cell(m, r, NS_COL_COMMAND) != NULL);
	}
	r = row_of(m, a_utskey);
	CHECK(r && r->type == NSINFO_TYPE_UTS && r->inode == a_uts && r->pid == kid_a.pid);
	r = row_of(m, b_netkey);
	CHECK(r && r->nprocs == 2);
	CHECK_STR(cell(m, r, NS_COL_NPROCS), "2");
	CHECK(r && r->pid == (kid_b1.pid < kid_b2.pid ? kid_b1.pid : kid_b2.pid));
	CHECK_CONSISTENT(m);
	TEST_END();
}

static bool sorted_by(struct nstop_model *m, int id, bool down)
{
	long p = col_pos(m, id);

	if (p < 0)
		return false;
	for (size_t i = 1; i < m->nrows; i++) {
		double x = num(m->rows[i - 1].cells[p]), y = num(m->rows[i].cells[p]);

		if (down ? x < y : x > y)
			return false;
	}
	return true;
}

static void check_sort(struct nstop_model *m)
{
	TEST_BEGIN("model-sort");
	CHECK(model_sort_by(m, NS_COL_NPROCS) == 0);
	CHECK(model_table(m)->sort == NS_COL_NPROCS);
	CHECK(sorted_by(m, NS_COL_NPROCS, true));
	model_sort_reverse(m);
	CHECK(model_table(m)->reverse);
	CHECK(sorted_by(m, NS_COL_NPROCS, false));
	model_sort_reverse(m);
	CHECK(!model_table(m)->reverse && sorted_by(m, NS_COL_NPROCS, true));
	/* the order holds after a refresh */
	CHECK(model_refresh(m) == 0);
	CHECK(sorted_by(m, NS_COL_NPROCS, true));
	/* a column not shown cannot be sorted by */
	CHECK(model_sort_by(m, NS_COL_PATH) == -EINVAL);
	CHECK(model_table(m)->sort == NS_COL_NPROCS);
	/* < and >: the shown column left and right of it */
	model_sort_step(m, +1);
	CHECK(model_table(m)->sort == model_table(m)->sel.ids[col_pos(m, NS_COL_NPROCS) + 1]);
	model_sort_step(m, -1);
	CHECK(model_table(m)->sort == NS_COL_NPROCS);
	CHECK_CONSISTENT(m);
	TEST_END();
}

static void check_selection(struct nstop_model *m)
{
	long i = find_row(m, a_netkey);
	const struct nstop_row *r;

	TEST_BEGIN("model-selection");
	CHECK(i >= 0);
	if (i < 0) {
		TEST_END();
		return;
	}
	model_move_to(m, (size_t)i);
	CHECK(model_table(m)->cur == (size_t)i);
	CHECK_STR(model_table(m)->selected, a_netkey);
	/* another order moves the row; the selection goes with it */
	CHECK(model_sort_by(m, NS_COL_NS) == 0);
	model_sort_reverse(m);
	r = model_selected(m);
	CHECK(r && !strcmp(r->key, a_netkey));
	CHECK(model_refresh(m) == 0);
	r = model_selected(m);
	CHECK(r && !strcmp(r->key, a_netkey));
	CHECK_STR(model_table(m)->selected, a_netkey);
	CHECK(model_refresh(m) == 0);
	CHECK(model_sort_by(m, NS_COL_NPROCS) == 0);
	r = model_selected(m);
	CHECK(r && !strcmp(r->key, a_netkey));
	/* moving is clamped */
	model_move(m, -1000000);
	CHECK(model_table(m)->cur == 0);
	model_move(m, 1000000);
	CHECK(m->nrows && model_table(m)->cur == m->nrows - 1);
	model_move_to(m, (size_t)-1);
	CHECK(model_table(m)->cur == m->nrows - 1);
	model_scroll(m, 10);
	CHECK(model_table(m)->top <= model_table(m)->cur &&
	      model_table(m)->cur < model_table(m)->top + 10);
	model_move_to(m, 0);
	model_scroll(m, 10);
	CHECK(model_table(m)->top == 0);
	/* back on a's net row for what follows */
	i = find_row(m, a_netkey);
	if (i >= 0)
		model_move_to(m, (size_t)i);
	CHECK_CONSISTENT(m);
	TEST_END();
}

static void check_filter(struct nstop_model *m)
{
	char text[32];
	size_t live;

	TEST_BEGIN("model-filter");
	live = m->nrows - count_flag(m, ROW_GONE);
	snprintf(text, sizeof(text), "%llu", (unsigned long long)a_net);
	CHECK(model_set_filter(m, text) == 0);
	CHECK_STR(model_table(m)->filter, text);
	CHECK(row_of(m, a_netkey) != NULL);
	CHECK(row_of(m, a_utskey) == NULL && row_of(m, b_netkey) == NULL);
	CHECK(m->nrows >= 1 && m->nrows < live);
	for (size_t i = 0; i < m->nrows; i++)
		CHECK(rows_match(m, &m->rows[i]));
	/* the selection stayed on its row */
	CHECK(model_selected(m) && !strcmp(model_selected(m)->key, a_netkey));
	/* it holds over a refresh */
	CHECK(model_refresh(m) == 0);
	CHECK(row_of(m, a_netkey) != NULL && row_of(m, a_utskey) == NULL);
	CHECK_CONSISTENT(m);
	/* no case: "NET" finds the net rows */
	CHECK(model_set_filter(m, "NET") == 0);
	CHECK(row_of(m, a_netkey) && row_of(m, b_netkey) && !row_of(m, a_utskey));
	/* nothing matches: no rows, no selection */
	CHECK(model_set_filter(m, "no-such-text-anywhere") == 0);
	CHECK(m->nrows == 0 && model_selected(m) == NULL);
	CHECK_CONSISTENT(m);
	/* NULL and "" clear it */
	CHECK(model_set_filter(m, NULL) == 0);
	CHECK(model_table(m)->filter == NULL);
	CHECK(row_of(m, a_netkey) && row_of(m, a_utskey) && row_of(m, b_netkey));
	CHECK(m->nrows + 5 >= live);
	CHECK(model_set_filter(m, "NET") == 0 && model_set_filter(m, "") == 0);
	CHECK(model_table(m)->filter == NULL && row_of(m, a_utskey));
	CHECK_CONSISTENT(m);
	TEST_END();
}

/* `/` with an expression (filter.h): rows by the view's columns, shown
 * or not (what they need is read), and text that is no expression stays
 * a search, with a note when it had an operator. */
static void check_filter_expr(struct nstop_model *m)
{
	struct nstop_table *t = model_table(m);
	char text[160];

	TEST_BEGIN("model-filter-expr");
	snprintf(text, sizeof(text), "NS == %llu", (unsigned long long)a_net);
	CHECK(model_set_filter(m, text) == 0);
	CHECK(t->expr != NULL && t->filter_note == NULL);
	CHECK(row_of(m, a_netkey) && !row_of(m, a_utskey) && !row_of(m, b_netkey));
	for (size_t i = 0; i < m->nrows; i++)
		CHECK(rows_match(m, &m->rows[i]) && !(m->rows[i].flags & ROW_FILTERED));
	/* && and || from the left: (net && a) || b */
	snprintf(text, sizeof(text), "type == 'net' && NS == %llu || ns eq %llu",
		 (unsigned long long)a_net, (unsigned long long)b_net);
	CHECK(model_set_filter(m, text) == 0 && t->expr != NULL);
	CHECK(row_of(m, a_netkey) && row_of(m, b_netkey) && !row_of(m, a_utskey));
	/* a column the view does not show: filled for the filter, and read */
	CHECK(!cli_columns_has(&t->sel, NS_COL_NETNSID));
	snprintf(text, sizeof(text), "NS == %llu && (NETNSID == 'unassigned' || NETNSID >= 0)",
		 (unsigned long long)a_net);
	CHECK(model_set_filter(m, text) == 0 && t->expr != NULL);
	CHECK(nsinfo_scanner_flags(m->scanner) & NSINFO_SCAN_NETNSID);
	CHECK(row_of(m, a_netkey) && !row_of(m, b_netkey));
	/* over a refresh too */
	CHECK(model_refresh(m) == 0);
	CHECK(row_of(m, a_netkey) && !row_of(m, b_netkey));
	CHECK_CONSISTENT(m);
	/* no operator, or not an expression: text */
	CHECK(model_set_filter(m, "(sd-pam)") == 0 && t->expr == NULL && t->filter_note == NULL);
	CHECK(model_set_filter(m, "NET") == 0 && t->expr == NULL && t->filter_note == NULL);
	CHECK(row_of(m, a_netkey) && row_of(m, b_netkey) && !row_of(m, a_utskey));
	CHECK(model_set_filter(m, "FOO == 1") == 0 && t->expr == NULL);
	CHECK_STR(t->filter_note, "unknown column 'FOO'");
	CHECK(model_set_filter(m, "TYPE ==") == 0 && t->expr == NULL);
	CHECK_STR(t->filter_note, "unexpected end of expression at 8");
	CHECK(m->nrows == 0);
	/* cleared: what only the filter read is read no more */
	CHECK(model_set_filter(m, NULL) == 0);
	CHECK(t->filter == NULL && t->expr == NULL && t->filter_note == NULL);
	CHECK(!(nsinfo_scanner_flags(m->scanner) & NSINFO_SCAN_NETNSID));
	CHECK(row_of(m, a_netkey) && row_of(m, a_utskey) && row_of(m, b_netkey));
	CHECK_CONSISTENT(m);
	TEST_END();
}

static void check_types(struct nstop_model *m)
{
	struct nstop_config cfg = { .group = NV_NS,
				    .types = NSINFO_TYPE_BIT(NSINFO_TYPE_NET) | NSINFO_TYPE_BIT(NSINFO_TYPE_UTS) };
	struct nstop_model m2;
	const char *bad;
	size_t nets = 0;

	TEST_BEGIN("model-types");
	CHECK(model_set_types(m, NSINFO_TYPE_BIT(NSINFO_TYPE_NET)) == 0);
	for (size_t i = 0; i < nsinfo_snapshot_ns_count(m->snap); i++)
		nets += nsinfo_ns_type(nsinfo_snapshot_ns(m->snap, i)) == NSINFO_TYPE_NET;
	CHECK(m->nrows == nets);
	for (size_t i = 0; i < m->nrows; i++)
		CHECK(m->rows[i].type == NSINFO_TYPE_NET && !strncmp(m->rows[i].key, "n:net:", 6));
	CHECK(row_of(m, a_netkey) && row_of(m, b_netkey) && !row_of(m, a_utskey));
	CHECK(model_refresh(m) == 0);
	CHECK(row_of(m, a_netkey) && !row_of(m, a_utskey));
	CHECK_CONSISTENT(m);
	/* not a type: EINVAL, and the filter stays */
	CHECK(model_set_types(m, NSINFO_TYPE_BIT(NSINFO_NTYPES)) == -EINVAL);
	CHECK(m->types == NSINFO_TYPE_BIT(NSINFO_TYPE_NET));
	/* all again */
	CHECK(model_set_types(m, 0) == 0);
	CHECK(m->types == 0 && row_of(m, a_utskey));
	CHECK(model_set_types(m, NSINFO_ALL_TYPES) == 0 && m->types == 0);
	/* a scanner of net and uts: user is outside what it reads */
	CHECK(model_init(&m2, &cfg, &bad) == 0);
	CHECK(model_set_types(&m2, NSINFO_TYPE_BIT(NSINFO_TYPE_USER)) == -EINVAL);
	CHECK(model_set_types(&m2, NSINFO_TYPE_BIT(NSINFO_TYPE_NET) |
				   NSINFO_TYPE_BIT(NSINFO_TYPE_USER)) == -EINVAL);
	CHECK(model_set_types(&m2, NSINFO_TYPE_BIT(NSINFO_TYPE_UTS)) == 0);
	CHECK(model_refresh(&m2) == 0);
	CHECK(m2.nrows > 0 && row_of(&m2, a_utskey) && !row_of(&m2, a_netkey));
	for (size_t i = 0; i < m2.nrows; i++)
		CHECK(m2.rows[i].type == NSINFO_TYPE_UTS);
	CHECK(model_set_types(&m2, 0) == 0);
	CHECK(row_of(&m2, a_utskey) && row_of(&m2, a_netkey));
	for (size_t i = 0; i < m2.nrows; i++)
		CHECK(m2.rows[i].type == NSINFO_TYPE_UTS || m2.rows[i].type == NSINFO_TYPE_NET);
	CHECK_CONSISTENT(&m2);
	model_free(&m2);
	TEST_END();
}

/* c born after a refresh: ns-new; marked new for three refreshes; killed:
 * ns-gone, and its rows shown once as vanished. */
static void check_events_new_gone(struct nstop_model *m)
{
	unsigned long long created = m->created, destroyed = m->destroyed;
	uint64_t c_net, c_uts;
	char c_netkey[64], c_utskey[64];
	const struct nstop_event *e;
	const struct nstop_row *r;
	const struct seen_entry *s;

	struct kid spare[5];
	size_t nspare = 0;

	TEST_BEGIN("events-setup");
	CHECK(model_refresh(m) == 0);
	/* namespace inodes are reused: one the model saw in the last refresh
	 * would not be new to it (rows-inode-reuse); such a child is kept
	 * aside, holding its inodes, and another made */
	for (;;) {
		if (!spawn(&kid_c, CLONE_NEWNET | CLONE_NEWUTS, 0, 0)) {
			TEST_END();	/* spawn() said FAIL */
			return;
		}
		c_net = ino_of(kid_c.pid, "net");
		c_uts = ino_of(kid_c.pid, "uts");
		nskey(c_netkey, sizeof(c_netkey), "net", c_net);
		nskey(c_utskey, sizeof(c_utskey), "uts", c_uts);
		if (nspare == 5 || (!seen_find(&m->seen, c_netkey) && !seen_find(&m->seen, c_utskey)))
			break;
		printf("# c's namespaces (net %llu, uts %llu) have inodes seen a refresh ago: "
		       "another c\n", (unsigned long long)c_net, (unsigned long long)c_uts);
		spare[nspare++] = kid_c;
	}
	CHECK(model_refresh(m) == 0);
	TEST_END();
	while (nspare)
		reap(&spare[--nspare]);

	TEST_BEGIN("events-ns-new");
	e = frame_event(m, EV_NS_NEW, NSINFO_TYPE_NET, c_net);
	CHECK(e && e->pid == kid_c.pid && e->old_inode == 0);
	CHECK(e && e->when.tv_sec > 0);
	e = frame_event(m, EV_NS_NEW, NSINFO_TYPE_UTS, c_uts);
	CHECK(e && e->pid == kid_c.pid);
	CHECK(m->created >= created + 2);
	CHECK(m->created_last >= 2);
	/* newest first: this refresh's events before all older ones */
	for (size_t i = 1; i < m->nevents; i++) {
		const struct nstop_event *x = events_get(m, i - 1), *y = events_get(m, i);

		CHECK(x->when.tv_sec > y->when.tv_sec ||
		      (x->when.tv_sec == y->when.tv_sec && x->when.tv_nsec >= y->when.tv_nsec));
	}
	CHECK(m->frame_events <= m->nevents);
	TEST_END();

	TEST_BEGIN("rows-new");
	r = row_of(m, c_netkey);
	s = seen_find(&m->seen, c_netkey);
	CHECK(r && (r->flags & ROW_NEW));
	CHECK(s && s->first == m->gen && s->first > model_table(m)->since);
	CHECK(row_of(m, c_utskey) && (row_of(m, c_utskey)->flags & ROW_NEW));
	/* rows that were there before are not new */
	CHECK(row_of(m, a_netkey) && !(row_of(m, a_netkey)->flags & ROW_NEW));
	CHECK(model_refresh(m) == 0);
	r = row_of(m, c_netkey);
	CHECK(r && (r->flags & ROW_NEW));
	CHECK(model_refresh(m) == 0);
	r = row_of(m, c_netkey);
	CHECK(r && (r->flags & ROW_NEW));
	s = seen_find(&m->seen, c_netkey);
	CHECK(s && m->gen - s->first == 2);
	/* three refreshes on: no longer new */
	CHECK(model_refresh(m) == 0);
	r = row_of(m, c_netkey);
	CHECK(r && !(r->flags & ROW_NEW));
	CHECK_CONSISTENT(m);
	TEST_END();

	TEST_BEGIN("events-ns-gone");
	reap(&kid_c);
	CHECK(model_refresh(m) == 0);
	e = frame_event(m, EV_NS_GONE, NSINFO_TYPE_NET, c_net);
	CHECK(e != NULL);
	e = frame_event(m, EV_NS_GONE, NSINFO_TYPE_UTS, c_uts);
	CHECK(e != NULL);
	CHECK(m->destroyed >= destroyed + 2 && m->destroyed_last >= 2);
	TEST_END();

	TEST_BEGIN("rows-gone");
	/* another namespace may have taken an inode meanwhile: then its row
	 * is that one's (rows-inode-reuse) */
	if (nsinfo_snapshot_find_ns(m->snap, NSINFO_TYPE_NET, c_net)) {
		printf("# net inode %llu already reused\n", (unsigned long long)c_net);
		snprintf(c_netkey, sizeof(c_netkey), "%s", c_utskey);
		c_net = c_uts;
	}
	if (nsinfo_snapshot_find_ns(m->snap, NSINFO_TYPE_UTS, c_uts)) {
		printf("# uts inode %llu already reused\n", (unsigned long long)c_uts);
		if (!strcmp(c_netkey, c_utskey)) {
			skip("both inodes of c reused before the refresh");
			return;
		}
		snprintf(c_utskey, sizeof(c_utskey), "%s", c_netkey);
		c_uts = c_net;
	}
	r = row_of(m, c_netkey);
	CHECK(r && (r->flags & ROW_GONE) && !(r->flags & ROW_NEW) && r->orow == NULL);
	CHECK(r && r->inode == c_net);
	CHECK(row_of(m, c_utskey) && (row_of(m, c_utskey)->flags & ROW_GONE));
	/* vanished rows take no part in the batch frames */
	{
		int rc;
		char *text = frame(m, true, &rc);

		CHECK(rc == 0 && text);
		/* the ns-gone event names it; no row does */
		if (text) {
			cJSON *j = cJSON_Parse(text), *rows = cJSON_GetObjectItem(j, "rows"), *x;
			bool in_rows = false;

			CHECK(cJSON_IsArray(rows));
			cJSON_ArrayForEach(x, rows) {
				cJSON *ns = cJSON_GetObjectItem(x, "ns");

				if (r && cJSON_IsNumber(ns) && ns->valuedouble == (double)r->inode &&
				    !strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(x, "type")) ?: "",
					    nsinfo_type_name(r->type)))
					in_rows = true;
			}
			CHECK(!in_rows);
			CHECK((size_t)cJSON_GetArraySize(rows) == m->nrows - count_flag(m, ROW_GONE));
			cJSON_Delete(j);
		}
		free(text);
	}
	/* the selection does not enter a vanished row */
	{
		long i = find_row(m, c_netkey);

		if (i >= 0) {
			model_move_to(m, (size_t)i);
			CHECK(model_drill(m) == -ENOENT && m->view == NV_NS);
		}
	}
	CHECK_CONSISTENT(m);
	CHECK(model_refresh(m) == 0);
	/* then left out (unless its inode is another's by now) */
	r = row_of(m, c_netkey);
	CHECK(!r || nsinfo_snapshot_find_ns(m->snap, (int)r->type, r->inode));
	r = row_of(m, c_utskey);
	CHECK(!r || nsinfo_snapshot_find_ns(m->snap, (int)r->type, r->inode));
	CHECK_CONSISTENT(m);
	TEST_END();
}

static void check_moved(struct nstop_model *m)
{
	const struct nstop_event *e;
	uint64_t before = ino_of(kid_d.pid, "net"), after;

	TEST_BEGIN("events-proc-moved");
	CHECK(model_refresh(m) == 0);
	CHECK(tell(&kid_d, 'n'));
	after = ino_of(kid_d.pid, "net");
	CHECK(after && after != before && before == host_net);
	CHECK(model_refresh(m) == 0);
	e = frame_event(m, EV_PROC_MOVED, NSINFO_TYPE_NET, after);
	CHECK(e != NULL);
	CHECK(e && e->pid == kid_d.pid && e->old_inode == before && e->inode == after);
	CHECK(e && e->command != NULL);
	/* its new namespace is new too */
	CHECK(frame_event(m, EV_NS_NEW, NSINFO_TYPE_NET, after) != NULL);
	/* and it moved nowhere else */
	for (size_t i = 0; i < m->frame_events; i++) {
		const struct nstop_event *x = events_get(m, i);

		if (x->kind == EV_PROC_MOVED && x->pid == kid_d.pid)
			CHECK(x->type == NSINFO_TYPE_NET);
	}
	TEST_END();
}

/* A namespace gone and another made with its inode between two
 * refreshes (the kernel hands out the lowest free inode number: a uts
 * namespace's comes back at once). The event log says ns-gone and ns-new
 * (the scanner tells them apart by their 64-bit ids); the row is the new
 * namespace's, and must be marked new, not taken for the old one. */
static void check_inode_reuse(struct nstop_model *m)
{
	struct kid x, y;
	uint64_t xi = 0, yi = 0;
	pid_t xpid = 0;
	char key[64];
	const struct nstop_row *r;
	int tries;

	TEST_BEGIN("rows-inode-reuse");
	for (tries = 0; tries < 10; tries++) {
		if (!spawn(&x, CLONE_NEWUTS, 0, 0))
			break;
		xi = ino_of(x.pid, "uts");
		/* seen, and no longer new */
		for (int i = 0; i < 4; i++)
			CHECK(model_refresh(m) == 0);
		nskey(key, sizeof(key), "uts", xi);
		r = row_of(m, key);
		CHECK(r && !(r->flags & ROW_NEW));
		if (r)
			model_move_to(m, (size_t)(r - m->rows));
		xpid = x.pid;
		reap(&x);
		if (!spawn(&y, CLONE_NEWUTS, 0, 0))
			break;
		yi = ino_of(y.pid, "uts");
		if (yi == xi)
			break;
		reap(&y);
	}
	if (yi != xi || !xi) {
		char why[64];

		snprintf(why, sizeof(why), "no inode came back in %d tries", tries);
		skip(why);
		return;
	}
	CHECK(model_refresh(m) == 0);
	CHECK(frame_event(m, EV_NS_GONE, NSINFO_TYPE_UTS, xi) != NULL);
	CHECK(frame_event(m, EV_NS_NEW, NSINFO_TYPE_UTS, yi) != NULL);
	{
		char ykey[64];

		nskey(ykey, sizeof(ykey), "uts", yi);
		/* without 64-bit ids (before Linux 6.18) the two cannot be told apart */
		if (strcmp(ykey, key)) {
			/* the old one shown gone once, the new one new */
			r = row_of(m, key);
			CHECK(r && (r->flags & ROW_GONE));
			r = row_of(m, ykey);
			CHECK(r && r->pid == y.pid && (r->flags & ROW_NEW));
			if (!r || !(r->flags & ROW_NEW))
				printf("  uts namespace %llu of PID %d took the inode of PID %d's\n",
				       (unsigned long long)yi, (int)y.pid, (int)xpid);
		} else {
			printf("# rows-inode-reuse: no 64-bit namespace ids on this kernel\n");
		}
	}
	reap(&y);
	CHECK(model_refresh(m) == 0);
	TEST_END();
}

/* Rows that are not new, when a view is entered: the rows that were
 * already there are not "new since the last refresh". */
static void check_spurious_new(struct nstop_model *m, const char *name)
{
	size_t n = count_flag(m, ROW_NEW);

	TEST_BEGIN(name);
	CHECKF(!n, "%zu of %zu rows marked new (view %d, gen %lu, since %lu)", n,
	       m->nrows, (int)m->view, m->gen, model_table(m)->since);
	TEST_END();
}

/* Whether a HOST cell says the type is shared with the host: "all",
 * "none", "net,pid" or "all but net,uts". */
static bool host_shares(const char *text, const char *type)
{
	bool but = !strncmp(text, "all but ", 8);
	char list[256], *save = NULL;

	if (!strcmp(text, "all"))
		return true;
	if (!strcmp(text, "none"))
		return false;
	snprintf(list, sizeof(list), "%s", but ? text + 8 : text);
	for (char *w = strtok_r(list, ",", &save); w; w = strtok_r(NULL, ",", &save))
		if (!strcmp(w, type))
			return !but;
	return but;
}

static void check_groups(struct nstop_model *m)
{
	char key[256], host[64];
	const struct nsinfo_proc *p;
	const struct nstop_row *r;
	const char *h;

	TEST_BEGIN("group-cycle");
	CHECK(m->view == NV_NS && m->group == NV_NS);
	CHECK(model_cycle_group(m) == 0);
	CHECK(m->view == NV_CONTAINERS && m->group == NV_CONTAINERS && m->back == NV_CONTAINERS);
	CHECK(m->rows_view == NV_CONTAINERS);
	CHECK_CONSISTENT(m);
	for (size_t i = 0; i < m->nrows; i++)
		CHECK(m->rows[i].key[0] == 'c');
	CHECK(model_cycle_group(m) == 0);
	CHECK(m->view == NV_SETS && m->group == NV_SETS);
	CHECK(m->rows_view == NV_SETS && m->nrows > 0);
	CHECK_CONSISTENT(m);
	TEST_END();
	check_spurious_new(m, "group-sets-no-spurious-new");

	TEST_BEGIN("group-sets");
	p = nsinfo_snapshot_find_proc(m->snap, kid_b1.pid);
	CHECK(p != NULL);
	if (p) {
		set_key(p, m->scan_types, key, sizeof(key));
		r = row_of(m, key);
		CHECK(r != NULL);
		CHECK(r && r->nprocs == 2);
		CHECK_STR(cell(m, r, GROUP_COL_NPROCS), "2");
		h = cell(m, r, GROUP_COL_HOST);
		CHECK(h != NULL);
		snprintf(host, sizeof(host), "%s", h ? h : "");
		CHECKF(h && !host_shares(h, "net") && !host_shares(h, "uts") && strcmp(h, "all"),
		       "HOST of the set of %d and %d is '%s'",
		       (int)kid_b1.pid, (int)kid_b2.pid, h ? h : "(null)");
		/* what it does share: the rest (our own namespaces) */
		CHECK(h && host_shares(h, "mnt") && host_shares(h, "pid"));
		if (r) {
			pid_t *pids;
			unsigned long long *starts;
			size_t n;

			CHECK(model_row_procs(m, r, &pids, &starts, &n) == 0);
			CHECK(n == 2 && has_pid(pids, n, kid_b1.pid) && has_pid(pids, n, kid_b2.pid));
			for (size_t i = 0; i < n; i++)
				CHECK(starts[i] == start_of(pids[i]));
			free(pids);
			free(starts);
		}
		/* a's set is one process, not b's */
		p = nsinfo_snapshot_find_proc(m->snap, kid_a.pid);
		if (p) {
			set_key(p, m->scan_types, key, sizeof(key));
			r = row_of(m, key);
			CHECK(r && r->nprocs == 1 && r->pid == kid_a.pid);
		}
	}
	/* sorted by NPROCS like any view */
	CHECK(model_sort_by(m, GROUP_COL_NPROCS) == 0);
	CHECK(sorted_by(m, GROUP_COL_NPROCS, true));
	CHECK(model_refresh(m) == 0);
	CHECK_CONSISTENT(m);
	TEST_END();

	TEST_BEGIN("group-back-to-ns");
	CHECK(model_cycle_group(m) == 0);
	CHECK(m->view == NV_NS && m->group == NV_NS && m->rows_view == NV_NS);
	CHECK(row_of(m, a_netkey) != NULL);
	CHECK_CONSISTENT(m);
	TEST_END();
	check_spurious_new(m, "group-ns-no-spurious-new");
}

/* t in the sets and in a set's drill-down: the sets are made over the
 * types shown, so the same processes are other sets now; but b1 and b2
 * still share every namespace. The drill-down runs in a child: when its
 * rows come out empty, a sanitizer stops the process (rows-empty-view). */
static void check_sets_types(struct nstop_model *m)
{
	const struct nsinfo_proc *p;
	char key[256];
	long i;
	pid_t pid;
	int st = 0;

	TEST_BEGIN("sets-types");
	CHECK(model_cycle_group(m) == 0 && model_cycle_group(m) == 0 && m->view == NV_SETS);
	CHECK(model_refresh(m) == 0 && model_refresh(m) == 0);
	CHECK(model_set_types(m, NSINFO_TYPE_BIT(NSINFO_TYPE_NET) | NSINFO_TYPE_BIT(NSINFO_TYPE_UTS)) == 0);
	p = nsinfo_snapshot_find_proc(m->snap, kid_b1.pid);
	if (p) {
		set_key(p, m->types, key, sizeof(key));
		CHECK(row_of(m, key) && row_of(m, key)->nprocs == 2);
	}
	CHECK_CONSISTENT(m);
	TEST_END();
	/* the same processes in fewer columns: nothing appeared */
	check_spurious_new(m, "sets-types-no-spurious-new");

	TEST_BEGIN("drill-set-types");
	CHECK(model_set_types(m, 0) == 0);
	i = -1;
	if (p) {
		set_key(p, m->scan_types, key, sizeof(key));
		i = find_row(m, key);
	}
	CHECK(i >= 0);
	fflush(stdout);
	pid = i >= 0 ? fork() : -1;
	if (pid == 0) {
		unit_name = "drill-set-types";
		model_move_to(m, (size_t)i);
		CHECK(model_drill(m) == 0 && m->view == NV_PROCS && m->nrows == 2);
		CHECK(model_set_types(m, NSINFO_TYPE_BIT(NSINFO_TYPE_NET)) == 0);
		if (m->nrows != 2) {
			printf("FAIL drill-set-types: the drill-down of the set of PIDs %d and %d "
			       "shows %zu rows after t (net only)\n", (int)kid_b1.pid, (int)kid_b2.pid,
			       m->nrows);
			unit_failed_here++;
		}
		fflush(stdout);
		_exit(unit_failed_here ? 3 : 0);
	}
	if (pid > 0) {
		CHECK(waitpid(pid, &st, 0) == pid);
		if (WIFEXITED(st) && WEXITSTATUS(st) == 3) {
			unit_failed_here++;
		} else {
			CHECKF(WIFEXITED(st) && WEXITSTATUS(st) == 0,
			       "ended with %s %d (a sanitizer's report is on stderr)",
			       WIFSIGNALED(st) ? "signal" : "status",
			       WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
		}
	}
	CHECK(model_cycle_group(m) == 0 && m->view == NV_NS);
	CHECK_CONSISTENT(m);
	TEST_END();
}

static void check_drill(struct nstop_model *m)
{
	const struct nstop_row *r;
	long i = find_row(m, a_netkey);
	char pid[16], title[64];

	TEST_BEGIN("drill-down");
	CHECK(i >= 0);
	if (i < 0) {
		TEST_END();
		return;
	}
	model_move_to(m, (size_t)i);
	CHECK(!(nsinfo_scanner_flags(m->scanner) & NSINFO_SCAN_NSPID));
	CHECK(model_drill(m) == 0);
	CHECK(m->view == NV_PROCS && m->drill_from == NV_NS && m->rows_view == NV_PROCS);
	CHECK_STR(m->drill_key, a_netkey);
	snprintf(title, sizeof(title), "net:[%llu]", (unsigned long long)a_net);
	CHECK_STR(m->drill_title, title);
	CHECK(nsinfo_scanner_flags(m->scanner) & NSINFO_SCAN_NSPID);
	CHECK(m->nrows == 1);
	snprintf(pid, sizeof(pid), "%d", (int)kid_a.pid);
	r = model_selected(m);
	CHECK(r && r->key[0] == 'p' && r->pid == kid_a.pid && r->nprocs == 1);
	CHECK(r && r->start == start_of(kid_a.pid));
	CHECK_STR(cell(m, r, PROC_COL_PID), pid);
	/* in our pid namespace: one level, its PID */
	CHECK(cell(m, r, PROC_COL_NSPID) != NULL);
	CHECK_STR(cell(m, r, PROC_COL_NSPID), pid);
	CHECK(model_drill(m) == -ENOENT);
	CHECK_CONSISTENT(m);
	TEST_END();
	check_spurious_new(m, "drill-no-spurious-new");

	TEST_BEGIN("drill-refresh");
	CHECK(model_refresh(m) == 0);
	CHECK(m->view == NV_PROCS && m->nrows == 1 && m->rows[0].pid == kid_a.pid);
	CHECK(nsinfo_scanner_flags(m->scanner) & NSINFO_SCAN_NSPID);
	CHECK(model_refresh(m) == 0);
	CHECK_CONSISTENT(m);
	TEST_END();

	TEST_BEGIN("drill-back");
	CHECK(model_back(m) == 0);
	CHECK(m->view == NV_NS && m->rows_view == NV_NS);
	CHECK(!(nsinfo_scanner_flags(m->scanner) & NSINFO_SCAN_NSPID));
	r = model_selected(m);
	CHECK(r && !strcmp(r->key, a_netkey));
	CHECK(model_back(m) == 0 && m->view == NV_NS);
	CHECK_CONSISTENT(m);
	TEST_END();
	/* two refreshes in the drill-down: the namespace rows are the same
	 * as when it was entered, not new */
	check_spurious_new(m, "drill-back-no-spurious-new");

	/* a set's processes */
	TEST_BEGIN("drill-set");
	CHECK(model_cycle_group(m) == 0 && model_cycle_group(m) == 0 && m->view == NV_SETS);
	{
		const struct nsinfo_proc *p = nsinfo_snapshot_find_proc(m->snap, kid_b1.pid);
		char key[256];

		if (p) {
			set_key(p, m->scan_types, key, sizeof(key));
			i = find_row(m, key);
			CHECK(i >= 0);
			if (i >= 0) {
				model_move_to(m, (size_t)i);
				CHECK(model_drill(m) == 0);
				CHECK(m->view == NV_PROCS && m->drill_from == NV_SETS && m->nrows == 2);
				CHECK(m->drill_title && strstr(m->drill_title, "namespace set of PID"));
				for (size_t j = 0; j < m->nrows; j++)
					CHECK(m->rows[j].pid == kid_b1.pid || m->rows[j].pid == kid_b2.pid);
				CHECK_CONSISTENT(m);
				CHECK(model_back(m) == 0 && m->view == NV_SETS);
				r = model_selected(m);
				CHECK(r && !strcmp(r->key, key));
			}
		}
	}
	CHECK(model_cycle_group(m) == 0 && m->view == NV_NS);
	CHECK_CONSISTENT(m);
	TEST_END();
}

static void check_tree(struct nstop_model *m)
{
	bool branch = false, ascii = true, user = false, last = false;

	TEST_BEGIN("tree");
	CHECK(model_show(m, NV_TREE) == 0);
	CHECK(m->view == NV_TREE && m->rows_view == NV_TREE && m->nrows > 0);
	for (size_t i = 0; i < m->nrows; i++) {
		const struct nstop_row *r = &m->rows[i];

		if (!r->art)
			continue;
		branch |= strstr(r->art, "|-") != NULL;
		last |= strstr(r->art, "`-") != NULL;
		for (const char *s = r->art; *s; s++)
			ascii &= (unsigned char)*s < 0x80;
		user |= !strncmp(r->key, "n:user:", 7);
	}
	CHECK(branch && last && ascii && user);
	CHECK(m->nrows && m->rows[0].art && !strcmp(m->rows[0].art, ""));
	CHECK(m->nrows && !strncmp(m->rows[0].key, "n:user:", 7));
	/* a's net namespace is in it, under a user namespace */
	{
		const struct nstop_row *r = row_of(m, a_netkey);

		CHECK(r && r->art && (strstr(r->art, "|-") || strstr(r->art, "`-")));
	}
	/* the tree keeps its own order */
	CHECK(model_sort_by(m, NS_COL_NPROCS) == -EINVAL);
	CHECK_CONSISTENT(m);
	CHECK(model_refresh(m) == 0);
	CHECK(m->view == NV_TREE && row_of(m, a_netkey));
	CHECK_CONSISTENT(m);
	/* T again: back */
	CHECK(model_show(m, NV_TREE) == 0);
	CHECK(m->view == NV_NS && m->rows_view == NV_NS);
	CHECK_CONSISTENT(m);
	TEST_END();
}

static void check_events_view(struct nstop_model *m)
{
	const struct nstop_row *r;
	uint64_t d_net = ino_of(kid_d.pid, "net");
	long moved = -1;

	TEST_BEGIN("events-view");
	CHECK(model_show(m, NV_EVENTS) == 0);
	CHECK(m->view == NV_EVENTS && m->rows_view == NV_EVENTS);
	CHECK(m->nrows == m->nevents && m->nrows > 0);
	for (size_t i = 0; i < m->nrows && i < m->nevents; i++) {
		const struct nstop_event *e = events_get(m, i);
		char key[64];

		r = &m->rows[i];
		snprintf(key, sizeof(key), "e:%llu", m->events_total - i);
		CHECK_STR(r->key, key);
		CHECK_STR(cell(m, r, EV_COL_EVENT), event_name(e->kind));
		CHECK(r->inode == e->inode && r->pid == e->pid && r->type == e->type);
		if (e->kind == EV_PROC_MOVED && e->pid == kid_d.pid && e->inode == d_net)
			moved = (long)i;
	}
	CHECK(!(count_flag(m, ROW_NEW) || count_flag(m, ROW_GONE)));
	CHECK_CONSISTENT(m);
	/* Enter on an event: the processes of its namespace */
	CHECK(moved >= 0);
	if (moved >= 0) {
		char from[32];
		char buf[256];

		r = &m->rows[moved];
		snprintf(from, sizeof(from), "%llu", (unsigned long long)host_net);
		CHECK_STR(cell(m, r, EV_COL_FROM), from);
		CHECK(model_enter_command(m, r, buf, sizeof(buf)) == 0);
		snprintf(from, sizeof(from), "nsenter-lite -t %d --net", (int)kid_d.pid);
		CHECK_STR(buf, from);
		model_move_to(m, (size_t)moved);
		CHECK(model_drill(m) == 0);
		CHECK(m->view == NV_PROCS && m->drill_from == NV_EVENTS);
		CHECK(m->nrows == 1 && m->rows[0].pid == kid_d.pid);
		CHECK_CONSISTENT(m);
		CHECK(model_back(m) == 0 && m->view == NV_EVENTS);
		CHECK_CONSISTENT(m);
	}
	/* the log keeps its order: newest first */
	CHECK(model_sort_by(m, EV_COL_PID) == -EINVAL);
	CHECK(model_show(m, NV_EVENTS) == 0 && m->view == NV_NS);
	CHECK_CONSISTENT(m);
	TEST_END();
}

static void check_enter(struct nstop_model *m)
{
	char buf[256], want[256], key[64];
	const struct nstop_row *r;

	TEST_BEGIN("enter-command");
	r = row_of(m, a_netkey);
	CHECK(r && model_enter_command(m, r, buf, sizeof(buf)) == 0);
	snprintf(want, sizeof(want), "nsenter-lite -t %d --net", (int)kid_a.pid);
	CHECK_STR(r ? buf : NULL, want);
	r = row_of(m, a_utskey);
	CHECK(r && model_enter_command(m, r, buf, sizeof(buf)) == 0);
	snprintf(want, sizeof(want), "nsenter-lite -t %d --uts", (int)kid_a.pid);
	CHECK_STR(r ? buf : NULL, want);
	nskey(key, sizeof(key), "mnt", a_mnt);
	r = row_of(m, key);
	CHECK(r && r->pid > 0 && model_enter_command(m, r, buf, sizeof(buf)) == 0);
	if (r) {
		snprintf(want, sizeof(want), "nsenter-lite -t %d --mount", (int)r->pid);
		CHECK_STR(buf, want);
	}
	/* a process row: all its namespaces */
	{
		struct nstop_row pr = { .key = (char *)"p:1:1", .pid = kid_a.pid };

		CHECK(model_enter_command(m, &pr, buf, sizeof(buf)) == 0);
		snprintf(want, sizeof(want), "nsenter-lite -t %d -a", (int)kid_a.pid);
		CHECK_STR(buf, want);
	}
	CHECK(model_enter_command(m, NULL, buf, sizeof(buf)) == -ENOENT);
	/* a namespace no process is in, held by nothing we know of */
	{
		struct nstop_row nr = { .key = (char *)"n:net:1", .type = NSINFO_TYPE_NET, .inode = 1 };

		CHECK(model_enter_command(m, &nr, buf, sizeof(buf)) == -ENOENT);
	}
	TEST_END();

	TEST_BEGIN("row-procs");
	r = row_of(m, a_netkey);
	if (r) {
		pid_t *pids;
		unsigned long long *starts;
		size_t n = 99;

		CHECK(model_row_procs(m, r, &pids, &starts, &n) == 0);
		CHECK(n == 1 && pids[0] == kid_a.pid && starts[0] == start_of(kid_a.pid));
		free(pids);
		free(starts);
	}
	r = row_of(m, b_netkey);
	if (r) {
		pid_t *pids;
		unsigned long long *starts;
		size_t n = 99;

		CHECK(model_row_procs(m, r, &pids, &starts, &n) == 0);
		CHECK(n == 2 && has_pid(pids, n, kid_b1.pid) && has_pid(pids, n, kid_b2.pid));
		free(pids);
		free(starts);
	}
	{
		struct nstop_row gone = { .key = (char *)"n:net:1" };
		pid_t *pids;
		unsigned long long *starts;
		size_t n = 99;

		CHECK(model_row_procs(m, &gone, &pids, &starts, &n) == 0 && n == 0);
		free(pids);
		free(starts);
	}
	TEST_END();
}

static void check_restrict(void)
{
	struct nstop_config cfg = { .group = NV_NS };
	struct nstop_model m;
	const char *bad;
	pid_t want = kid_a.pid;
	char key[64];
	unsigned int types = 0;

	TEST_BEGIN("filter-pids");
	cfg.pids = &want;
	cfg.npids = 1;
	CHECK(model_init(&m, &cfg, &bad) == 0);
	CHECK(model_refresh(&m) == 0 && model_refresh(&m) == 0);
	CHECK(row_of(&m, a_netkey) && row_of(&m, a_utskey) && !row_of(&m, b_netkey));
	/* one row a type: a's own namespaces */
	for (size_t i = 0; i < m.nrows; i++) {
		CHECK(!(types & NSINFO_TYPE_BIT(m.rows[i].type)));
		types |= NSINFO_TYPE_BIT(m.rows[i].type);
	}
	CHECK(m.nrows == (size_t)__builtin_popcount(m.scan_types));
	CHECK(every_row_has(&m, kid_a.pid));
	CHECK_CONSISTENT(&m);
	/* the drill-down: a alone */
	nskey(key, sizeof(key), "mnt", a_mnt);
	if (find_row(&m, key) >= 0) {
		model_move_to(&m, (size_t)find_row(&m, key));
		CHECK(model_drill(&m) == 0 && m.view == NV_PROCS);
		CHECK(m.nrows == 1 && m.rows[0].pid == kid_a.pid);
		CHECK(model_back(&m) == 0);
	}
	model_free(&m);
	/* the sets (-g sets: the containers view between would be empty,
	 * see rows-empty-view): a's alone */
	cfg.group = NV_SETS;
	CHECK(model_init(&m, &cfg, &bad) == 0);
	CHECK(model_refresh(&m) == 0 && m.view == NV_SETS);
	CHECK(m.nrows == 1 && m.rows[0].pid == kid_a.pid && m.rows[0].nprocs == 1);
	CHECK_CONSISTENT(&m);
	model_free(&m);
	TEST_END();

	TEST_BEGIN("filter-user");
	cfg = (struct nstop_config){ .group = NV_NS, .by_user = true, .uid = other_uid };
	CHECK(model_init(&m, &cfg, &bad) == 0);
	CHECK(model_refresh(&m) == 0);
	nskey(key, sizeof(key), "net", f_net);
	CHECK(row_of(&m, key) && !row_of(&m, a_netkey) && !row_of(&m, b_netkey));
	CHECK(m.nrows == (size_t)__builtin_popcount(m.scan_types));
	if (m.nrows != (size_t)__builtin_popcount(m.scan_types))
		for (size_t i = 0; i < m.nrows; i++)
			printf("# -u %d row %s nprocs %zu pid %d\n", (int)other_uid, m.rows[i].key,
			       m.rows[i].nprocs, (int)m.rows[i].pid);
	CHECK(every_row_has(&m, kid_f.pid));
	model_free(&m);
	cfg.group = NV_SETS;
	CHECK(model_init(&m, &cfg, &bad) == 0);
	CHECK(model_refresh(&m) == 0 && m.view == NV_SETS);
	CHECK(m.nrows == 1 && m.rows[0].pid == kid_f.pid);
	CHECK_CONSISTENT(&m);
	model_free(&m);
	cfg.group = NV_NS;
	/* uid 0: not f */
	cfg.uid = 0;
	CHECK(model_init(&m, &cfg, &bad) == 0);
	CHECK(model_refresh(&m) == 0);
	CHECK(!row_of(&m, key) && row_of(&m, a_netkey));
	model_free(&m);
	TEST_END();
}

/* ---- containers: children in cgroups named as lxc names them ---- */

static char cg_top[PATH_MAX];	/* "" until made */
static char ct_l[64], ct_m[64];	/* the containers' names */

static bool cg_make(void)
{
	static const char *const hiers[] = {
		"/sys/fs/cgroup/pids", "/sys/fs/cgroup/unified", "/sys/fs/cgroup",
	};
	char path[PATH_MAX + 128];

	snprintf(ct_l, sizeof(ct_l), "nstop-unit-%d-l", (int)getpid());
	snprintf(ct_m, sizeof(ct_m), "nstop-unit-%d-m", (int)getpid());
	for (size_t i = 0; i < sizeof(hiers) / sizeof(hiers[0]); i++) {
		snprintf(cg_top, sizeof(cg_top), "%s/nsinfo-nstop-%d", hiers[i], (int)getpid());
		if (mkdir(cg_top, 0755) < 0)
			continue;
		snprintf(path, sizeof(path), "%s/cgroup.procs", cg_top);
		if (access(path, W_OK) == 0) {
			snprintf(path, sizeof(path), "%s/lxc.payload.%s", cg_top, ct_l);
			if (mkdir(path, 0755) == 0) {
				snprintf(path, sizeof(path), "%s/lxc.payload.%s", cg_top, ct_m);
				if (mkdir(path, 0755) == 0)
					return true;
			}
		}
		snprintf(path, sizeof(path), "%s/lxc.payload.%s", cg_top, ct_l);
		rmdir(path);
		rmdir(cg_top);
	}
	cg_top[0] = '\0';
	return false;
}

static bool cg_move(const char *name, pid_t pid)
{
	char path[PATH_MAX + 128], buf[32];
	int fd, n;
	bool ok;

	snprintf(path, sizeof(path), "%s/lxc.payload.%s/cgroup.procs", cg_top, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = snprintf(buf, sizeof(buf), "%d\n", (int)pid);
	ok = write(fd, buf, (size_t)n) == n;
	close(fd);
	return ok;
}

static void cg_cleanup(void)
{
	char path[PATH_MAX + 128];

	if (!cg_top[0])
		return;
	/* a cgroup empties a moment after its last process is reaped */
	for (int tries = 0; tries < 100; tries++) {
		snprintf(path, sizeof(path), "%s/lxc.payload.%s", cg_top, ct_l);
		rmdir(path);
		snprintf(path, sizeof(path), "%s/lxc.payload.%s", cg_top, ct_m);
		rmdir(path);
		if (rmdir(cg_top) == 0 || errno == ENOENT)
			break;
		nanosleep(&(struct timespec){ 0, 20 * 1000 * 1000 }, NULL);
	}
	if (access(cg_top, F_OK) == 0)
		printf("FAIL model-cleanup: %s is left behind\n", cg_top);
	cg_top[0] = '\0';
}

/* The row of the container named name, or NULL. */
static const struct nstop_row *container_row(struct nstop_model *m, const char *name)
{
	for (size_t i = 0; i < m->nrows; i++) {
		const char *c = cell(m, &m->rows[i], GROUP_COL_CONTAINER);

		if (m->rows[i].key[0] == 'c' && c && !strcmp(c, name))
			return &m->rows[i];
	}
	return NULL;
}

static const struct nstop_event *container_event(const struct nstop_model *m,
						 enum nstop_event_kind kind, const char *name)
{
	for (size_t i = 0; i < m->frame_events && i < m->nevents; i++) {
		const struct nstop_event *e = events_get(m, i);

		if (e->kind == kind && e->container && !strcmp(e->container, name))
			return e;
	}
	return NULL;
}

/* A container made after a refresh, its row, its processes, the command
 * that enters it; then killed: its events. m shows NV_NS, and does again. */
static void check_containers(struct nstop_model *m)
{
	const struct nstop_row *r;
	const struct nstop_event *e;
	char buf[256], want[256];

	if (!cg_top[0]) {
		printf("SKIP containers: no cgroup hierarchy to make containers in\n");
		return;
	}
	TEST_BEGIN("containers-new");
	CHECK(model_refresh(m) == 0);
	CHECK(spawn(&kid_m, CLONE_NEWNET, 0, 0) && cg_move(ct_m, kid_m.pid));
	CHECK(model_refresh(m) == 0);
	e = container_event(m, EV_CONTAINER_NEW, ct_m);
	CHECK(e != NULL);
	CHECK(e && e->pid == kid_m.pid && e->runtime && !strcmp(e->runtime, "lxc"));
	CHECK(container_event(m, EV_CONTAINER_NEW, ct_l) == NULL);
	TEST_END();

	TEST_BEGIN("containers-view");
	CHECK(model_cycle_group(m) == 0 && m->view == NV_CONTAINERS);
	r = container_row(m, ct_l);
	CHECK(r != NULL);
	CHECK(r && r->nprocs == 1 && r->pid == kid_l.pid && !strncmp(r->key, "c:lxc/", 6));
	CHECK_STR(cell(m, r, GROUP_COL_RUNTIME), "lxc");
	CHECK_STR(cell(m, r, GROUP_COL_NPROCS), "1");
	/* what it shares with the host: not net (its own) */
	CHECK(cell(m, r, GROUP_COL_HOST) && !host_shares(cell(m, r, GROUP_COL_HOST), "net"));
	CHECK(r && model_enter_command(m, r, buf, sizeof(buf)) == 0);
	snprintf(want, sizeof(want), "nsenter-lite --container %s", ct_l);
	CHECK_STR(r ? buf : NULL, want);
	CHECK(container_row(m, ct_m) != NULL);
	CHECK_CONSISTENT(m);
	/* Enter: its processes */
	if (r) {
		long i = r - m->rows;

		model_move_to(m, (size_t)i);
		CHECK(model_drill(m) == 0 && m->view == NV_PROCS && m->drill_from == NV_CONTAINERS);
		snprintf(want, sizeof(want), "container %s", ct_l);
		CHECK_STR(m->drill_title, want);
		CHECK(m->nrows == 1 && m->rows[0].pid == kid_l.pid);
		CHECK_CONSISTENT(m);
		CHECK(model_back(m) == 0 && m->view == NV_CONTAINERS);
		CHECK(model_selected(m) && container_row(m, ct_l) == model_selected(m));
	}
	TEST_END();

	TEST_BEGIN("containers-gone");
	reap(&kid_m);
	CHECK(model_refresh(m) == 0);
	e = container_event(m, EV_CONTAINER_GONE, ct_m);
	CHECK(e != NULL);
	CHECK(e && e->runtime && !strcmp(e->runtime, "lxc"));
	/* shown once more, vanished */
	r = container_row(m, ct_m);
	CHECK(r && (r->flags & ROW_GONE));
	CHECK(model_refresh(m) == 0);
	CHECK(container_row(m, ct_m) == NULL && container_row(m, ct_l) != NULL);
	CHECK_CONSISTENT(m);
	CHECK(model_cycle_group(m) == 0 && model_cycle_group(m) == 0 && m->view == NV_NS);
	TEST_END();
}

/* A view with no rows at all: -p of a PID no process has. Run in a child:
 * a sanitizer that stops the process must not stop the rest. */
static void check_empty_view(void)
{
	pid_t pid;
	int st = 0;

	TEST_BEGIN("rows-empty-view");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		static const pid_t nobody = 0x3ffffff0;
		struct nstop_config cfg = { .group = NV_NS, .pids = &nobody, .npids = 1 };
		struct nstop_model m;
		const char *bad;
		char *text;
		int rc;

		unit_name = "rows-empty-view";
		CHECK(model_init(&m, &cfg, &bad) == 0);
		batch_opts(&m);
		CHECK(model_refresh(&m) == 0);
		CHECK(m.nrows == 0 && model_selected(&m) == NULL);
		CHECK(model_sort_by(&m, NS_COL_NPROCS) == 0);
		model_sort_reverse(&m);
		model_move(&m, 1);
		CHECK(model_table(&m)->cur == 0);
		CHECK(model_drill(&m) == -ENOENT);
		CHECK(model_cycle_group(&m) == 0 && m.nrows == 0);
		CHECK(model_cycle_group(&m) == 0 && m.nrows == 0);
		CHECK(model_cycle_group(&m) == 0 && m.view == NV_NS);
		text = frame(&m, true, &rc);
		CHECK(rc == 0 && text && strstr(text, "\"rows\":[]"));
		free(text);
		text = frame(&m, false, &rc);
		CHECK(rc == 0 && text);
		free(text);
		model_free(&m);
		fflush(stdout);
		_exit(unit_failed_here ? 3 : 0);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 3) {
		unit_failed_here++;	/* its FAIL lines are out */
	} else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		printf("FAIL rows-empty-view: a model with no rows ended with %s %d "
		       "(a sanitizer's report is on stderr)\n",
		       WIFSIGNALED(st) ? "signal" : "status",
		       WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
		unit_failed_here++;
	}
	TEST_END();
}

/* Lines of text, split in place. */
static size_t split_lines(char *text, char **lines, size_t max)
{
	size_t n = 0;

	for (char *s = text; s && *s && n < max;) {
		char *nl = strchr(s, '\n');

		lines[n++] = s;
		if (!nl)
			break;
		*nl = '\0';
		s = nl + 1;
	}
	return n;
}

static void check_batch(struct nstop_model *m)
{
	char *text, *lines[4096], ino[32];
	size_t n;
	int rc;

	snprintf(ino, sizeof(ino), "%llu", (unsigned long long)a_net);
	TEST_BEGIN("batch-text");
	text = frame(m, false, &rc);
	CHECK(rc == 0 && text);
	n = text ? split_lines(text, lines, 4096) : 0;
	CHECK(n > 6);
	if (n > 6) {
		bool found = false;

		CHECK(!strncmp(lines[0], "nstop - ", 8) && strstr(lines[0], "load average:"));
		CHECK(!strncmp(lines[1], "Tasks: ", 7));
		CHECK(!strncmp(lines[2], "Namespaces: ", 12) && strstr(lines[2], " net "));
		CHECK(!strncmp(lines[3], "Containers: ", 12));
		CHECK(lines[4][0] == '\0');
		CHECK(strstr(lines[5], "NS") && strstr(lines[5], "TYPE") && strstr(lines[5], "NPROCS"));
		for (size_t i = 6; i < n; i++)
			if (strstr(lines[i], ino) && strstr(lines[i], "net"))
				found = true;
		CHECK(found);
		/* rows and heading: one line each, no vanished ones (as far
		 * as lines[] reaches: a benchmark population may be larger) */
		CHECK(n == 4096 || n >= 6 + m->nrows - count_flag(m, ROW_GONE));
	}
	free(text);
	TEST_END();

	TEST_BEGIN("batch-json");
	text = frame(m, true, &rc);
	CHECK(rc == 0 && text);
	if (text) {
		size_t len = strlen(text);
		cJSON *j, *rows, *x;
		bool found = false;
		static const char *const keys[] = { "time", "uptime", "load", "tasks", "namespaces",
						    "containers", "created", "destroyed", "source",
						    "group", "rows", "events" };

		/* one line */
		CHECK(len > 2 && text[len - 1] == '\n' && !memchr(text, '\n', len - 1));
		j = cJSON_Parse(text);
		CHECK(cJSON_IsObject(j));
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			CHECKF(cJSON_GetObjectItem(j, keys[i]), "no '%s' in the frame", keys[i]);
		rows = cJSON_GetObjectItem(j, "rows");
		CHECK(cJSON_IsArray(rows));
		CHECK(cJSON_IsArray(cJSON_GetObjectItem(j, "events")));
		CHECK((size_t)cJSON_GetArraySize(cJSON_GetObjectItem(j, "events")) == m->frame_events);
		CHECK(cJSON_IsNumber(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "tasks"), "processes")));
		CHECK(cJSON_IsNumber(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "namespaces"), "net")));
		CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(j, "load")) == 3);
		CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(j, "group")), "namespaces");
		/* what read the last refresh, as the snapshot says, and why
		 * auto chose /proc only when it did */
		{
			const char *why = NULL;
			enum nsinfo_source src = nsinfo_snapshot_source(m->snap, &why);

			CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(j, "source")),
				  nsinfo_source_name(src));
			CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(j, "source")), m->source);
			CHECK(!why == !cJSON_GetObjectItem(j, "source_why"));
			if (why)
				CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(j, "source_why")), why);
		}
		CHECK((size_t)cJSON_GetArraySize(rows) == m->nrows - count_flag(m, ROW_GONE));
		cJSON_ArrayForEach(x, rows) {
			cJSON *ns = cJSON_GetObjectItem(x, "ns"), *type = cJSON_GetObjectItem(x, "type");

			if (cJSON_IsNumber(ns) && ns->valuedouble == (double)a_net) {
				found = true;
				CHECK_STR(cJSON_GetStringValue(type), "net");
				CHECK(cJSON_IsNumber(cJSON_GetObjectItem(x, "nprocs")));
			}
		}
		CHECK(found);
		cJSON_Delete(j);
	}
	free(text);
	/* frames follow each other, one line each */
	{
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		CHECK(f != NULL);
		if (f) {
			CHECK(batch_frame(m, f, true) == 0);
			CHECK(model_refresh(m) == 0);
			CHECK(batch_frame(m, f, true) == 0);
			fclose(f);
			n = split_lines(buf, lines, 4096);
			CHECK(n == 2);
			for (size_t i = 0; i < n; i++) {
				cJSON *j = cJSON_Parse(lines[i]);

				CHECK(cJSON_IsArray(cJSON_GetObjectItem(j, "rows")));
				cJSON_Delete(j);
			}
		}
		free(buf);
	}
	TEST_END();

	/* other views' frames */
	TEST_BEGIN("batch-json-sets");
	CHECK(model_cycle_group(m) == 0 && model_cycle_group(m) == 0 && m->view == NV_SETS);
	text = frame(m, true, &rc);
	CHECK(rc == 0 && text);
	if (text) {
		cJSON *j = cJSON_Parse(text), *rows = cJSON_GetObjectItem(j, "rows"), *x;
		bool two = false;

		CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(j, "group")), "sets");
		CHECK((size_t)cJSON_GetArraySize(rows) == m->nrows - count_flag(m, ROW_GONE));
		cJSON_ArrayForEach(x, rows) {
			cJSON *host = cJSON_GetObjectItem(x, "host");

			CHECK(host == NULL || cJSON_IsArray(host) || cJSON_IsString(host));
			if (cJSON_GetNumberValue(cJSON_GetObjectItem(x, "nprocs")) == 2 && cJSON_IsArray(host)) {
				cJSON *t;
				bool net = false;

				cJSON_ArrayForEach(t, host)
					net |= cJSON_IsString(t) && !strcmp(t->valuestring, "net");
				two |= !net;
			}
		}
		CHECK(two);
		cJSON_Delete(j);
	}
	free(text);
	CHECK(model_cycle_group(m) == 0 && m->view == NV_NS);
	TEST_END();
}

static void check_kill(struct nstop_model *m)
{
	const char *root;
	char key[64];
	const struct nstop_row *r;
	unsigned long long start;
	int st = 0, rc;

	TEST_BEGIN("kill");
	if (!spawn(&kid_k, CLONE_NEWUTS, 0, 0)) {
		TEST_END();
		return;
	}
	CHECK(model_refresh(m) == 0);
	root = nsinfo_snapshot_proc_root(m->snap);
	CHECK(root != NULL);
	nskey(key, sizeof(key), "uts", ino_of(kid_k.pid, "uts"));
	r = row_of(m, key);
	CHECK(r && r->pid == kid_k.pid);
	start = r ? r->start : start_of(kid_k.pid);
	CHECK(start && start == start_of(kid_k.pid));
	/* another start time: another process, not signalled */
	CHECK(nstop_kill(m->snap, kid_k.pid, start + 1, SIGTERM) == -ESRCH);
	CHECK(nstop_kill(m->snap, kid_k.pid, start - 1, SIGKILL) == -ESRCH);
	usleep(20000);
	CHECK(waitpid(kid_k.pid, &st, WNOHANG) == 0);
	CHECK(kill(kid_k.pid, 0) == 0);
	/* its own: signalled */
	rc = nstop_kill(m->snap, kid_k.pid, start, SIGTERM);
	CHECK(rc == 0);
	if (rc) {
		printf("FAIL kill: nstop_kill(%s, %d, %llu): %s\n", root, (int)kid_k.pid, start,
		       strerror(-rc));
		unit_failed_here++;
		reap(&kid_k);
		TEST_END();
		return;
	}
	CHECK(waitpid(kid_k.pid, &st, 0) == kid_k.pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
	/* reaped: gone */
	CHECK(nstop_kill(m->snap, kid_k.pid, start, SIGTERM) == -ESRCH);
	close(kid_k.cmd);
	close(kid_k.ack);
	kid_k.pid = -1;
	TEST_END();
}

/* More events in one refresh than the log holds: the frame's events are
 * each one event once. */
static void check_event_flood(void)
{
	struct nstop_config cfg = { .group = NV_NS, .types = NSINFO_TYPE_BIT(NSINFO_TYPE_UTS) };
	struct nstop_model m;
	struct kid h;
	const char *bad;
	char *text;
	int rc;

	TEST_BEGIN("events-flood");
	CHECK(model_init(&m, &cfg, &bad) == 0);
	batch_opts(&m);
	CHECK(model_refresh(&m) == 0);
	if (spawn(&h, 0, 0, 0)) {
		CHECK(tell(&h, 'h'));
		CHECK(model_refresh(&m) == 0);
		CHECK(m.created_last >= 2100);
		CHECK(m.nevents == NSTOP_MAX_EVENTS);
		CHECK(m.frame_events <= m.nevents);
		text = frame(&m, true, &rc);
		CHECK(rc == 0 && text);
		if (text) {
			cJSON *j = cJSON_Parse(text), *ev = cJSON_GetObjectItem(j, "events"), *x;
			size_t n = (size_t)cJSON_GetArraySize(ev), dup = 0, i = 0;
			double *seen = calloc(n + 1, sizeof(*seen));

			CHECK(n <= NSTOP_MAX_EVENTS);
			cJSON_ArrayForEach(x, ev)
				if (seen)
					seen[i++] = cJSON_GetNumberValue(cJSON_GetObjectItem(x, "ns"));
			for (size_t p = 0; seen && p < i; p++)
				for (size_t q = p + 1; q < i; q++)
					dup += seen[p] == seen[q];
			if (dup) {
				printf("FAIL events-flood: %zu events in the frame, %zu of them twice "
				       "(frame_events %zu, log %zu)\n", n, dup, m.frame_events, m.nevents);
				unit_failed_here++;
			}
			free(seen);
			cJSON_Delete(j);
		}
		free(text);
		text = frame(&m, false, &rc);
		CHECK(rc == 0 && text);
		free(text);
		reap(&h);
		CHECK(model_refresh(&m) == 0);
		CHECK(m.destroyed_last >= 2100);
		CHECK(m.frame_events <= m.nevents);
	}
	model_free(&m);
	TEST_END();
}

/* Whether a row stands for one of the children that live through the
 * test (and is not shown vanished). */
static bool row_has_stayer(const struct nstop_model *m, const struct nstop_row *r)
{
	const pid_t stay[] = { kid_a.pid, kid_b1.pid, kid_b2.pid, kid_d.pid, kid_f.pid, kid_l.pid };
	pid_t *pids;
	unsigned long long *starts;
	size_t n;
	bool in = false;

	if ((r->flags & ROW_GONE) || !r->key || (r->key[0] != 'n' && r->key[0] != 's' && r->key[0] != 'c'
						 && r->key[0] != 'e'))
		return false;
	if (r->key[0] == 'e') {
		/* an event's namespace, if a child that stays is in it */
		const struct nsinfo_ns *ns = r->inode ? nsinfo_snapshot_find_ns(m->snap, (int)r->type,
										 r->inode) : NULL;

		for (size_t i = 0; ns && i < nsinfo_ns_proc_count(ns); i++)
			for (size_t j = 0; j < sizeof(stay) / sizeof(stay[0]); j++)
				in |= stay[j] > 0 && nsinfo_proc_pid(nsinfo_ns_proc(ns, i)) == stay[j];
		return in;
	}
	if (model_row_procs(m, r, &pids, &starts, &n) < 0)
		return false;
	for (size_t j = 0; j < sizeof(stay) / sizeof(stay[0]); j++)
		in |= stay[j] > 0 && has_pid(pids, n, stay[j]);
	free(pids);
	free(starts);
	return in;
}

/* Children come and go while the views change under the selection. */
#define CHURN 200
#define CHURN_KIDS 12
#define CHURN_BUDGET 6.0	/* seconds */

static void check_churn(struct nstop_model *m)
{
	static const int kinds[] = { CLONE_NEWNET, CLONE_NEWUTS, CLONE_NEWNET | CLONE_NEWUTS,
				     CLONE_NEWIPC, 0 };
	struct kid kids[CHURN_KIDS];
	size_t nkids = 0, bad_refresh = 0, bad_state = 0;
	const char *first_bad = NULL;
	unsigned int seed = 42;
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	TEST_BEGIN("churn");
	int it;

	for (it = 0; it < CHURN; it++) {
		int r = rand_r(&seed);

		/* a machine busy with thousands of processes: enough is enough */
		if (elapsed(&t0) > CHURN_BUDGET)
			break;
		const char *w;

		if (nkids < CHURN_KIDS && r % 2 == 0 &&
		    spawn(&kids[nkids], kinds[(r >> 4) % 5], 0, 0))
			nkids++;
		if (nkids && (r >> 8) % 3 == 0) {
			size_t i = (size_t)(r >> 12) % nkids;

			reap(&kids[i]);
			kids[i] = kids[--nkids];
		}
		/* one unshares a net namespace while the scan may run */
		if (nkids && (r >> 16) % 7 == 0) {
			char ch = 'n';

			if (write(kids[(size_t)(r >> 20) % nkids].cmd, &ch, 1) != 1)
				bad_state++;
		}
		switch (it % 17) {
		case 2:
		case 11:
			if (model_cycle_group(m) < 0)
				bad_refresh++;
			break;
		case 4:
		case 13:
		{
			int rc;

			/* a row of a child that stays: a drill-down whose
			 * processes all exit is rows-empty-view's case */
			model_move_to(m, (size_t)r % (m->nrows + 1));
			if (!model_selected(m) || !row_has_stayer(m, model_selected(m)))
				for (size_t i = 0; i < m->nrows; i++)
					if (row_has_stayer(m, &m->rows[i])) {
						model_move_to(m, i);
						break;
					}
			rc = model_drill(m);
			if (rc < 0 && rc != -ENOENT)
				bad_refresh++;
			break;
		}
		case 6:
		case 15:
			if (model_back(m) < 0)
				bad_refresh++;
			break;
		case 8:
			if (model_show(m, NV_TREE) < 0)
				bad_refresh++;
			break;
		case 9:
			if (model_show(m, NV_EVENTS) < 0)
				bad_refresh++;
			break;
		case 10:
			model_sort_step(m, r & 1 ? 1 : -1);
			model_sort_reverse(m);
			break;
		case 12:
			if (model_set_filter(m, it % 2 ? "net" : NULL) < 0)
				bad_refresh++;
			break;
		case 14:
			/* not in a drill-down of a set: drill-set-types */
			if (m->view != NV_PROCS &&
			    model_set_types(m, it % 3 ? 0 : NSINFO_TYPE_BIT(NSINFO_TYPE_NET)) < 0)
				bad_refresh++;
			break;
		case 16:
			model_move_to(m, (size_t)r % (m->nrows + 1));
			break;
		}
		if ((w = inconsistent(m)) && !bad_state++)
			first_bad = w;
		if (model_refresh(m) < 0)
			bad_refresh++;
		if ((w = inconsistent(m)) && !bad_state++)
			first_bad = w;
	}
	if (bad_state)
		printf("FAIL churn: %zu inconsistent states, the first: %s\n", bad_state, first_bad);
	CHECK(bad_state == 0);
	CHECK(bad_refresh == 0);
	while (nkids)
		reap(&kids[--nkids]);
	/* and it all settles */
	CHECK(model_set_filter(m, NULL) == 0 && model_set_types(m, 0) == 0);
	while (m->view != m->group)
		CHECK(model_back(m) == 0);
	CHECK(model_refresh(m) == 0 && model_refresh(m) == 0);
	CHECK_CONSISTENT(m);
	printf("# churn: %d of %d rounds in %.2f s, %zu events logged\n", it, CHURN, elapsed(&t0),
	       (size_t)m->events_total);
	TEST_END();
}

/* A test that hangs is a failure, and takes its children with it. */
static void on_alarm(int sig)
{
	static const char msg[] = "FAIL model-timeout: still running after 120 s\n";
	const struct kid *all[] = { &kid_a, &kid_b1, &kid_b2, &kid_d, &kid_f, &kid_c, &kid_k,
				    &kid_l, &kid_m };

	(void)sig;
	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(2);
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i]->pid > 0)
			kill(all[i]->pid, SIGKILL);
	_exit(1);
}

int main(void)
{
	struct nstop_config cfg = { .group = NV_NS, .utf8 = false };
	struct nstop_model m;
	const char *bad = NULL;
	int rc;

	TEST_BEGIN("model-setup");
	if (geteuid() != 0) {
		printf("SKIP model: needs root to unshare namespaces\n");
		return 0;
	}
	/* a child that died early must not take the test with it */
	signal(SIGPIPE, SIG_IGN);
	signal(SIGALRM, on_alarm);
	alarm(120);
	setvbuf(stdout, NULL, _IOLBF, 0);
	host_net = ino_of(getpid(), "net");
	other_uid = (uid_t)(40000 + getpid() % 20000);
	if (!spawn(&kid_a, CLONE_NEWNET | CLONE_NEWUTS, 0, 0) ||
	    !spawn(&kid_b1, CLONE_NEWNET | CLONE_NEWUTS, 0, 0) || !spawn(&kid_b2, 0, 0, kid_b1.pid) ||
	    !spawn(&kid_d, 0, 0, 0) || !spawn(&kid_f, CLONE_NEWNET, other_uid, 0)) {
		printf("FAIL model-setup: cannot start the children\n");
		reap(&kid_a), reap(&kid_b1), reap(&kid_b2), reap(&kid_d), reap(&kid_f);
		return 1;
	}
	a_net = ino_of(kid_a.pid, "net");
	a_uts = ino_of(kid_a.pid, "uts");
	a_mnt = ino_of(kid_a.pid, "mnt");
	b_net = ino_of(kid_b1.pid, "net");
	b_uts = ino_of(kid_b1.pid, "uts");
	f_net = ino_of(kid_f.pid, "net");
	CHECK(a_net && a_net != host_net && b_net && b_net != a_net && f_net);
	CHECK(ino_of(kid_b2.pid, "net") == b_net && ino_of(kid_b2.pid, "uts") == b_uts);
	nskey(a_netkey, sizeof(a_netkey), "net", a_net);
	nskey(a_utskey, sizeof(a_utskey), "uts", a_uts);
	nskey(b_netkey, sizeof(b_netkey), "net", b_net);
	/* a container for the whole test, if cgroups can be made */
	if (cg_make() && !(spawn(&kid_l, CLONE_NEWNET, 0, 0) && cg_move(ct_l, kid_l.pid))) {
		printf("FAIL model-setup: cannot move a child into %s\n", cg_top);
		unit_failed_here++;
	}
	TEST_END();

	check_init();
	check_empty_view();

	TEST_BEGIN("model-refresh");
	rc = model_init(&m, &cfg, &bad);
	CHECK(rc == 0 && bad == NULL);
	if (rc) {
		reap(&kid_a), reap(&kid_b1), reap(&kid_b2), reap(&kid_d), reap(&kid_f), reap(&kid_l);
		cg_cleanup();
		UNIT_EXIT();
	}
	batch_opts(&m);
	CHECK(m.view == NV_NS && m.group == NV_NS && !m.utf8);
	CHECK(model_refresh(&m) == 0);
	CHECK(m.gen == 1 && m.nrows > 0);
	CHECK(m.nevents == 0 && m.frame_events == 0);
	CHECK_CONSISTENT(&m);
	TEST_END();
	/* the first frame: nothing is new since a refresh before it */
	check_spurious_new(&m, "rows-no-new-at-start");
	TEST_BEGIN("model-refresh-again");
	CHECK(model_refresh(&m) == 0);
	CHECK(m.gen == 2);
	CHECK_CONSISTENT(&m);
	TEST_END();

	check_rows(&m);
	check_sort(&m);
	check_selection(&m);
	check_filter(&m);
	check_filter_expr(&m);
	check_types(&m);
	check_events_new_gone(&m);
	check_moved(&m);
	check_inode_reuse(&m);
	check_containers(&m);
	check_groups(&m);
	check_drill(&m);
	check_sets_types(&m);
	check_tree(&m);
	check_events_view(&m);
	check_enter(&m);
	check_restrict();
	check_batch(&m);
	check_kill(&m);
	check_churn(&m);
	check_event_flood();

	model_free(&m);
	reap(&kid_a), reap(&kid_b1), reap(&kid_b2), reap(&kid_d), reap(&kid_f), reap(&kid_l);
	cg_cleanup();
	UNIT_EXIT();
}
